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

# ESC-introduced sequences, removed whole: CSI (`ESC [ ... final`), OSC (`ESC ] ... BEL` or
# `ESC ] ... ESC \`), DCS/SOS/PM/APC strings, and two-character escapes. Removing only the ESC
# would leave "[31m" in a title.
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]?"
    r"|\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|[ -~]?)"
    r"|\x9b[0-?]*[ -/]*[@-~]?")

# The characters removed or escaped: C0 and C1 controls (Unicode's category Cc, which is
# exactly U+0000-U+001F and U+007F-U+009F) but newline and tab, the line and paragraph
# separators, and bidi embeddings, overrides and isolates, which reorder what a reader sees
# ("Trojan source"). One compiled class: a sync strips every title and body it sends, and a
# per-character test was 0.9 s of a 1,000-item first sync.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: str) -> str:
    """`text` without escape sequences and control characters (newlines and tabs kept; a CRLF
    becomes a newline)."""
    if _CONTROL.search(text) is None:
        return text  # the common case: an escape sequence starts with a control, too
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n")))


def escape_controls(text: str) -> str:
    """`text` safe to print: every control character shown as a visible escape (`\\x1b`,
    `\\u202e`), so a terminal or CI log never acts on it."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda found: _visible(found[0]), text)


def _visible(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
