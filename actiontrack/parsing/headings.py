"""Headings of every syntax an author uses, found once per document.

ATX (`## Tasks`, `##Tasks:`, `## Tasks ##`), setext and reStructuredText (a line underlined,
or over- and underlined, with `===`, `---`, `~~~`, `***` ...), HTML `<h2>`, AsciiDoc
(`== Section`), `<summary>` toggles, a bold line (`**Action items:**`), a bullet or an indented
line that is only a label with sub-items under it (`- **Review actions**:`, `  Next:`), and a
plain line that is nothing but a section name (`Tasks:`). Confluence `h2.` and MediaWiki
`==Section==` are rewritten to ATX before this (see `wiki.py`).

Levels: ATX/setext 1-6, bold line 7, plain line 8, label 9; a section runs to the next heading
of the same or a higher level (a lower number). `section_ends` finds every end in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lazyre import lazy
from .links import GENERIC_LINK_TEXT, is_tracker_url
from .names import OTHER_NAME, is_action_heading, is_action_name
from .tables import is_table_start
from .text import LIST_MARKER, heading_key
from .text import strip_markdown as _strip_markdown

# Marked heading levels below ATX's 1-6.
BOLD_LEVEL = 7
PLAIN_LEVEL = 8
LABEL_LEVEL = 9  # a bullet or indented label; its section is the lines indented under it


# "Update: ...", "Edit: ...", "Note - ...", "PS: ...": a bold line that annotates the text
# above it.
_ANNOTATION = lazy(r"(?i)^\W*(?:update[sd]?|edit(?:ed)?|note|n\.?b\.?|p\.?s\.?)\s*[:\-–—]"
                   r"\s*\S")


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based index of the heading's first line
    level: int
    text: str  # as written, markdown stripped
    key: str  # normalised for matching
    marked: bool  # a heading by its markup, not only by its words
    span: int = 1  # lines the heading takes (2 for setext, 3 for an over- and underline)
    indent: int = -1  # for a label: the label's indent
    raw: str = ""  # the heading text with its Markdown (links) kept
    syntax: str = "atx"  # atx, setext, html, asciidoc, summary, bold, label, plain

    @property
    def end_line(self) -> int:
        """The index of the first line after the heading."""
        return self.index + self.span


def strip_markdown(text: str) -> str:
    """Heading text: Markdown reduced to text, and a "(Follow along [here](issue))" link that
    only points at the tracking issue dropped (the link still applies to the group)."""
    def link(m: re.Match[str]) -> str:
        generic = GENERIC_LINK_TEXT.match(m["text"].strip()) and is_tracker_url(m["url"])
        return "" if generic else m.group(0)

    text = re.sub(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)", link, text)
    text = _strip_markdown(re.sub(r"\(\s*\)", "", text))
    # Emoji shortcodes and pictographs decorate headings ("## :ballot_box: Follow-up tasks").
    text = re.sub(r":[a-z0-9_+-]+:", "", text)
    return " ".join(re.sub(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\ufe0f]", "",
                           text).split())


# `#.` followed by a space is a reStructuredText auto-numbered item, not a heading.
_ATX = lazy(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?)|(?!\.\s)([^\s#\d].*?))?[ \t]*(?:[ \t]#+)?[ \t]*$")
_HTML = lazy(r"^\s*<h([1-6])[^>]*>(.*?)</h\1>\s*$", re.I)
# AsciiDoc: `= Title`, `== Section` (a line of `=` alone is a setext underline instead).
_ASCIIDOC = lazy(r"^(={1,6})[ \t]+(\S.*?)[ \t]*$")
# The visible line of a collapsed block (`<details><summary>Action items</summary>`), which
# Notion and GitHub use as a heading for what it hides.
_SUMMARY = lazy(r"^\s*(?:<details[^>]*>\s*)?<summary[^>]*>(.*?)</summary>\s*$", re.I)
# Markdown setext underlines, and the reStructuredText adornment characters.
UNDERLINE = lazy(r"^ {0,3}(=+|-+|~+|\^+|\*{3,}|\+{3,}|#{3,}|\"{3,}|'{3,}|`{3,}|:{3,}"
                       r"|\.{3,}|_{3,})[ \t]*$")
_MARKDOWN_LEVEL = {"=": 1, "-": 2}
_BOLD_WITH_REFS = lazy(r"^ {0,3}(\*\*|__)(?P<t>[^*_\s][^*_]*?)\1\s*(?P<refs>\((?i:(?:issues?"
                             r"|bugs?|tickets?|prs?)\s*)?(?:[A-Z][A-Z0-9]+-\d+|#\d+)(?:\s*,\s*"
                             r"(?i:(?:issues?|bugs?|tickets?|prs?)\s*)?(?:[A-Z][A-Z0-9]+-\d+|#\d+))*"
                             r"\))\s*:?\s*$")
_BOLD_LABEL_VALUE = lazy(r"^(\*\*|__)(?P<t>[^*_\s][^*_]{0,60}?):\1\s+"
                        r"(?P<v>(?:[^*_:.!?]|\.(?=\d)){1,60})$")
_BOLD_LINE = lazy(r"^ {0,3}(\*\*|__)(?P<t>[^*_\s].*?)(?::\s*)?\1\s*:?\s*$")
# A numbered entry of an outline whose entries are the document's sections ("7. Preventative
# Measures" over indented bullets): a name without colon or bold, but no sentence either.
_OUTLINE_ENTRY = lazy(r"^\d{1,2}[.)]\s+[A-Z][^.!?,;:]*[A-Za-z)]\s*$")
_LABEL_ITEM = lazy(r"^(?P<indent>\s*)(?:(?:[-*+•]|\d{1,3}[.)])\s+)?(?:\*\*|__)?"
                         r"(?P<t>[^*_:|]+?)(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$")


def _short(text: str, words: int) -> bool:
    return 0 < len(text.split()) <= words


# A heading is short; longer lines are not tried (and cannot make the patterns slow).
MAX_HEADING_LINE = 300


def _make(i: int, level: int, raw: str, syntax: str, *, marked: bool = True, span: int = 1,
          indent: int = -1) -> Heading:
    text = strip_markdown(raw)
    return Heading(i, level, text, heading_key(text), marked, span, indent, raw, syntax)


class _Finder:
    """Tries each heading syntax at one line; reST adornment styles get their levels in the
    order the document first uses them, as reStructuredText defines."""

    def __init__(self, lines: list[str], extra: tuple[str, ...]) -> None:
        self.lines = lines
        self.extra = extra
        self.styles: dict[tuple[str, bool], int] = {}

    def at(self, i: int) -> Heading | None:
        line = self.lines[i]
        if len(line) > MAX_HEADING_LINE or not line.strip():
            return None
        return (self._markup(i, line) or self._underlined(i, line) or self._bold(i, line)
                or self._label(i, line) or self._plain(i, line))

    def _stands_alone(self, i: int) -> bool:
        return _stands_alone_at(self.lines, i)

    def _glued_action_name(self, i: int, stripped: str) -> bool:
        """An action name pasted onto the end of the paragraph before it, with a blank line
        after ("... were lost.\nNext steps and improvements\n\n"): text copied from a web
        page loses the blank line above its headings. Only an action name is taken so; any
        other short line there is the end of the paragraph."""
        before = self.lines[i - 1].rstrip() if i > 0 else ""
        after = self.lines[i + 1].strip() if i + 1 < len(self.lines) else ""
        return len(before) > 80 and before.endswith((".", "!", "?", ")")) and not after \
            and is_action_heading(strip_markdown(stripped), self.extra)

    def _markup(self, i: int, line: str) -> Heading | None:
        m = _ATX.match(line)
        if m and (m.group(2) or m.group(3)):
            return _make(i, len(m.group(1)), (m.group(2) or m.group(3)).strip(), "atx")
        m = _HTML.match(line)
        if m:
            return _make(i, int(m.group(1)), re.sub(r"<[^>]+>", "", m.group(2)), "html")
        m = _ASCIIDOC.match(line)
        if m:
            return _make(i, len(m.group(1)), m.group(2), "asciidoc")
        m = _SUMMARY.match(line)
        if m and _short(strip_markdown(m.group(1)), 10):
            return _make(i, BOLD_LEVEL, re.sub(r"<[^>]+>", "", m.group(1)), "summary")
        return None

    def _underlined(self, i: int, line: str) -> Heading | None:
        """A setext or reST heading: the title line, with an adornment line under it (and,
        in reST, the same one over it)."""
        lines, stripped = self.lines, line.strip()
        overline = UNDERLINE.match(line)
        if overline and i + 2 < len(lines) and lines[i + 2].strip() == stripped \
                and lines[i + 1].strip() and not UNDERLINE.match(lines[i + 1]) \
                and _short(lines[i + 1], 15):
            return self._styled(i, lines[i + 1].strip(), stripped[0], over=True)
        if i + 1 >= len(lines) or not (under := UNDERLINE.match(lines[i + 1])) \
                or LIST_MARKER.match(line) or stripped.startswith("|") or not _short(stripped, 15):
            return None
        if i > 0 and lines[i - 1].strip() and not UNDERLINE.match(lines[i - 1]):
            return None  # the last line of a paragraph: `---` under it is a rule in practice
        char = under.group(1)[0]
        if char not in "=-" and len(under.group(1)) < min(len(stripped), 3):
            return None
        return self._styled(i, stripped, char, over=False)

    def _styled(self, i: int, title: str, char: str, *, over: bool) -> Heading:
        """`===` and `---` under a title are levels 1 and 2 (setext); an over- and underline
        marks a title (level 1, then 2); any other underline gets the next level from 3 in
        the order the document first uses it (reStructuredText ranks styles by first use)."""
        if not over and char in _MARKDOWN_LEVEL:
            level = _MARKDOWN_LEVEL[char]
        else:
            same = [s for s in self.styles if s[1] == over]
            level = self.styles.setdefault((char, over), min((1 if over else 3) + len(same),
                                                              6))
        return _make(i, level, title, "setext", span=3 if over else 2)

    def _bold(self, i: int, line: str) -> Heading | None:
        m = _BOLD_LINE.match(line)
        if m and _ANNOTATION.match(m["t"]):
            return None  # "**Update: a fix was proposed in this PR**": a note, not a heading
        if m and _short(m["t"], 10) and not re.search(r"[.!?]\s", m["t"]):
            return _make(i, BOLD_LEVEL, m["t"], "bold")
        m = _BOLD_WITH_REFS.match(line)
        if m and _short(m["t"], 10) and not re.search(r"[.!?]\s", m["t"]):
            # "**Storage & Capacity** (Issue #1)": a group label and the issues it tracks
            return _make(i, BOLD_LEVEL, f"{m['t']} {m['refs']}", "bold")
        m = _BOLD_LABEL_VALUE.match(line)
        if m and is_action_heading(m["t"]) and _short(m["v"], 6) \
                and _list_follows(self.lines, i, 0, blank=True):
            # "**Next release and to-do's:** loopchain 2.4.18" over a numbered list: an action
            # label, and what its list is for
            return _make(i, BOLD_LEVEL, m["t"], "bold")
        return None

    def _label(self, i: int, line: str) -> Heading | None:
        """A bullet, or an indented line, that is only an action label with lines indented
        under it: `- **Review actions**:`, `  Next:`."""
        bulleted = LIST_MARKER.match(line) is not None
        labelled = line.rstrip().endswith((":", "**", "__", ":**", ":__")) \
            or _is_outline_entry(self.lines, i)
        if not labelled or not (bulleted or line[:1].isspace()) or "[" in line:
            return None  # a label is set off by a colon or bold, and is no checkbox or link
        m = _LABEL_ITEM.match(line)
        if m is None or not _short(m["t"], 8) or not is_action_name(heading_key(m["t"]),
                                                                     self.extra):
            return None
        if not _has_children(self.lines, i, len(m["indent"])):
            # "- **Review actions**:" over a numbered list at the margin: a bold label bullet
            # is the name of the list after it
            bold_bullet = bulleted and ("**" in line or "__" in line) and \
                line.rstrip().endswith(":")
            if (bulleted and not bold_bullet) or not _list_follows(
                    self.lines, i, len(m["indent"]), blank=bold_bullet):
                return None
            # Its entries stand at its own indent: the section is what is indented at least
            # as deep (see `label_end`).
            return _make(i, LABEL_LEVEL, m["t"], "outline", marked=False,
                         indent=len(m["indent"]) - 1)
        return _make(i, LABEL_LEVEL, m["t"], "label", marked="**" in line or "__" in line,
                     indent=len(m["indent"]))

    def _plain(self, i: int, line: str) -> Heading | None:
        stripped = line.strip()
        if line[:1].isspace() or not (stripped[0].isalpha() or stripped[0] in "*_") \
                or (stripped[-1] != ":" and not stripped[-1].isalnum() and stripped[-1] != ")"):
            return None  # an indented line, a log line or a number, prose
        if LIST_MARKER.match(line) or not _short(stripped, 8) or is_table_start(self.lines, i):
            return None  # a list item, prose, or a table's header row
        before = self.lines[i - 1].strip() if i > 0 else ""
        if stripped[0].islower() and before and before[-1].isalnum() \
                and not LIST_MARKER.match(self.lines[i - 1]):
            return None  # "... in the" / "future:": the end of a wrapped sentence
        if not stripped.endswith(":") and not self._stands_alone(i) \
                and not self._glued_action_name(i, stripped):
            return None  # a short line of a wrapped paragraph
        if re.match(r"(?:\*\*|__)?[^:]{1,40}:(?:\*\*|__)?\s+\S", stripped) \
                and is_action_name(heading_key(stripped.split(":", 1)[0])):
            return None  # "**Action:** Add an alert" is a labelled field, not a section name
        text = strip_markdown(stripped.rstrip(":").strip())
        key = heading_key(text)
        if "`" in stripped or _GLUE_END.search(text):
            return None  # a name holds no code and does not stop mid-phrase
        # A known section name, or any short "Label:" line: both start a new part of the text.
        if is_action_heading(text, self.extra) or OTHER_NAME.match(key) or (
                stripped.endswith(":") and _short(text, 5) and text[:1].isupper()):
            return Heading(i, PLAIN_LEVEL, text, key, False, raw=text, syntax="plain")
        return None


_GLUE_END = lazy(r"(?i)\b(?:the|a|an|of|to|in|on|at|by|for|with|and|or|from|that|is|are"
                       r"|was|were)$")


def _stands_alone_at(lines: list[str], i: int) -> bool:
    """A line with a blank (or nothing) before it and no wrapped continuation after it."""
    before = lines[i - 1].strip() if i > 0 else ""
    after = lines[i + 1].strip() if i + 1 < len(lines) else ""
    return not before and not after[:1].islower()


def _is_outline_entry(lines: list[str], i: int) -> bool:
    """A numbered name over indented entries whose neighbouring entry in the list is one too
    ("6. Resolution" / "7. Preventative Measures"): the list is the document's outline. A
    lone name-like entry among tasks ("1. Follow up on the alerts") stays a task."""
    if not _OUTLINE_ENTRY.match(lines[i]):
        return False
    indent = len(lines[i]) - len(lines[i].lstrip())
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and abs(j - i) <= _SIBLING_REACH:
            line = lines[j]
            depth = len(line) - len(line.lstrip())
            if line.strip() and depth <= indent:
                if depth == indent and _OUTLINE_ENTRY.match(line) and _has_children(lines, j,
                                                                                   indent):
                    return True
                break
            j += step
    # "1. SUMMARY" / text / "2. ROOT CAUSE" / text / "3. CORRECTIVE ACTIONS": numbered names
    # of the parts of a write-up, each over text at the margin
    if not _names_a_part(lines[i]):
        return False
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(lines) and abs(j - i) <= _SIBLING_REACH:
            line = lines[j]
            if line.strip() and len(line) - len(line.lstrip()) == indent \
                    and re.match(r"\s*\d{1,2}[.)]\s", line):
                if _OUTLINE_ENTRY.match(line) and _names_a_part(line):
                    return True
                break
            j += step
    return False


def _names_a_part(line: str) -> bool:
    """ "2. ROOT CAUSE", "4. Lessons learned": the entry is the name of a part of a write-up."""
    key = heading_key(re.sub(r"^\s*\d{1,2}[.)]\s+", "", line))
    return bool(OTHER_NAME.match(key)) or is_action_name(key)


_SIBLING_REACH = 60  # lines looked at for the neighbouring entry: bounded, so parsing is linear


def _list_follows(lines: list[str], i: int, indent: int, *, blank: bool = False) -> bool:
    """An indented outline label ("  Future:") with its bullets at its own indent on the next
    line: plain-text outlines do not indent the list under the label. With `blank`, one blank
    line may come between."""
    if blank and i + 2 < len(lines) and not lines[i + 1].strip():
        i += 1
    if i + 1 >= len(lines):
        return False
    m = LIST_MARKER.match(lines[i + 1])
    return m is not None and len(m["indent"].expandtabs()) == indent


def _has_children(lines: list[str], i: int, indent: int) -> bool:
    for line in lines[i + 1: i + 50]:
        if not line.strip():
            continue
        return len(line) - len(line.lstrip()) > indent
    return False


def find_headings(lines: list[str], extra: tuple[str, ...] = ()) -> list[Heading]:
    """Every heading of the document, in order, in one pass."""
    finder = _Finder(lines, extra)
    headings: list[Heading] = []
    i = 0
    while i < len(lines):
        heading = finder.at(i)
        if heading is not None:
            headings.append(heading)
            i += heading.span
        else:
            i += 1
    return headings


def section_ends(headings: list[Heading], limit: int) -> list[int]:
    """For each heading, the index of the first line after its section: the next heading of
    the same or a higher level. One pass with a stack of open headings, so many headings cost
    linear time (slicing the rest of the list for each heading made it quadratic)."""
    ends = [limit] * len(headings)
    open_: list[int] = []
    for n, heading in enumerate(headings):
        while open_ and headings[open_[-1]].level >= heading.level:
            ends[open_.pop()] = heading.index
        open_.append(n)
    return ends


def label_end(lines: list[str], heading: Heading, limit: int) -> int:
    """Where the lines under a label end: the first line indented no deeper."""
    end = heading.end_line
    for j in range(heading.end_line, limit):
        line = lines[j]
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip())
        if depth <= heading.indent or heading.syntax == "outline" \
                and depth == heading.indent + 1 and not LIST_MARKER.match(line):
            return end  # an outline label's section ends at the next line of its own indent
        end = j + 1
    return end
