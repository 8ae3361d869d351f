"""Control characters in postmortem text: removed from what is sent to a tracker, escaped in
what is printed.

A postmortem is text pasted from anywhere: terminal output with ANSI colour codes, an OSC
sequence that retitles a terminal window or plants a hyperlink, a BEL, a bidi override
(U+202E) that makes a title read backwards, NUL bytes. Sent to a tracker they end up in
every browser and e-mail that shows the issue; printed raw they reach the terminal and the CI
log as commands. Newlines and tabs are text and stay.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences, removed whole: CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL` or
# `ESC ] ... ESC \`), DCS/SOS/PM/APC strings, and two-character escapes. Removing only the ESC
# would leave "[31m" in a title.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?"
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|[ -~]?)"
    r"|\x9b[0-?]*[ -/]*[@-~]?")

# Bidi embeddings, overrides and isolates: they reorder what a reader sees ("Trojan source").
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT = frozenset("\n\t")


def _is_control(ch: str) -> bool:
    if ch in _KEPT:
        return False
    return ch in _BIDI or unicodedata.category(ch) == "Cc" or ch in "\u2028\u2029"


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs kept; a CRLF
    becomes a newline)."""
    if text.isprintable():
        return text  # the common case, fast
    text = _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n"))
    return "".join(ch for ch in text if not _is_control(ch))


def escape_controls(text: str) -> str:
    """`text` safe to print: every control character shown as a visible escape (`\\x1b`,
    `\\u202e`), so a terminal or CI log never acts on it."""
    if text.isprintable() or not any(_is_control(ch) for ch in text):
        return text
    return "".join(_visible(ch) if _is_control(ch) else ch for ch in text)


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
