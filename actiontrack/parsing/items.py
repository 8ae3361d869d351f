"""The raw items of one action section: list entries, table rows, or plain lines/paragraphs.

Shapes: bullets, numbered lists (`1.`, `1)`, `a.`), checkboxes (`[x]` done, `[ ]`/`[]` open),
nested sub-items, continuation lines, unbulleted lines (one item per line, or one per
paragraph when lines wrap), and tables. When a section holds a list or a table, its loose
paragraphs are commentary, not items; only a section with no list at all is read line by line.

A sub-item that is a task of its own becomes an item after its parent; a fragment ("Warp
Speed" under "Alerting is in place for:"), a bare link or a status note completes its parent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kinds import kind_from_keywords
from .sections import LABEL_LEVEL, Heading, Section, is_action_name
from .tables import is_table_start, read_table
from .text import CHECKBOX, LIST_MARKER, strip_markdown

_URL = re.compile(r"<?https?://\S+")
# A line under an item that states one of its fields ("Owner: @kim", "Status: in progress"):
# a note for the metadata, never part of the title.
_FIELD_LINE = re.compile(r"(?i)^(?:\*\*|__)?(?:owners?|assignees?|assigned to|due(?: date)?"
                         r"|deadline|eta|target(?: date)?|status|priority|type|kind|tickets?"
                         r"|issues?|jira|links?|tracking|bugs?|prs?)(?:\*\*|__)?\s*:")
_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$")
_TERMINAL = (".", "!", "?", ":", ";")


@dataclass
class RawItem:
    index: int  # line index of the item's first line
    text: str
    indent: int = 0
    content_indent: int = 0
    is_list: bool = False
    checkbox: str | None = None  # "done" / "open" when the item has a checkbox
    groups: tuple[Heading, ...] = ()  # sub-headings above the item, outermost first
    cells: dict[str, str] | None = None  # table row cells by role
    notes: list[str] = field(default_factory=list)  # later paragraphs, link-only sub-items
    fragments: list[str] = field(default_factory=list)  # sub-items that finish the sentence
    children: list[RawItem] = field(default_factory=list)
    last_line: str = ""
    # Continuation text not yet joined onto `text`: appending to an attribute string copies it
    # each time, which made one long wrapped paragraph quadratic.
    pending: list[str] = field(default_factory=list)

    def add_text(self, joiner: str, line: str) -> None:
        self.pending += (joiner, line)
        self.last_line = line

    def finish(self) -> None:
        if self.pending:
            self.text += "".join(self.pending)
            self.pending = []


def _checkbox(content: str) -> tuple[str, str | None]:
    m = CHECKBOX.match(content)
    if not m:
        return content, None
    return content[m.end():], ("open" if m["mark"] in ("", " ") else "done")


def _continues(previous: str, line: str) -> bool:
    """A wrapped line goes on with the previous one: the previous did not end a sentence and
    this one does not start a new one."""
    if previous.rstrip().endswith(_TERMINAL):
        return False
    first = line[:1]
    return first.islower() or first in "([`&"


_GLUE_WORDS = {"the", "a", "an", "of", "to", "for", "and", "or", "with", "in", "on", "at", "by",
               "from", "into", "via", "as", "than", "that", "our", "their", "its", "is", "are"}


def _joiner(previous: str, line: str) -> str:
    """How a continuation line joins its item: a capitalised line after a line that did not
    end a sentence (nor with a word that needs more) starts a new sentence, e.g. a note."""
    words = previous.rstrip().split()
    last = words[-1].casefold() if words else ""
    if line[:1].isupper() and not previous.rstrip().endswith((*_TERMINAL, ",")) \
            and last not in _GLUE_WORDS and re.match(r"[A-Z][a-z]+ [a-z]", line):
        return ". "
    return " "


class _Reader:
    """Walks the lines of a section once, building the item tree."""

    def __init__(self, lines: list[str], section: Section) -> None:
        self.lines = lines
        self.section = section
        self.group_at = {g.index: g for g in section.groups}
        self.groups: list[Heading] = []
        self.roots: list[RawItem] = []  # list items and table rows
        self.paragraphs: list[RawItem] = []
        self.stack: list[RawItem] = []
        self.current: RawItem | None = None
        self.blank = True
        self.made: list[RawItem] = []  # every item read, to join its continuation lines

    def run(self) -> list[RawItem]:
        i = self.section.start
        while i < self.section.end:
            i = self._step(i)
        for item in self.made:
            item.finish()
        if self.roots:
            return [item for root in self.roots for item in _flatten(root)]
        return _paragraph_items(self.paragraphs, self.section)

    def _step(self, i: int) -> int:
        line = self.lines[i]
        if i in self.group_at:
            heading = self.group_at[i]
            self.groups = [g for g in self.groups if g.level < heading.level] + [heading]
            self._reset()
            return i + heading.span
        if not line.strip():
            self.blank = True
            return i + 1
        if is_table_start(self.lines, i):
            rows, after = read_table(self.lines, i)
            for row in rows:
                self.roots.append(RawItem(row.index, row.cells["title"], is_list=True,
                                          groups=tuple(self.groups), cells=row.cells))
            self._reset()
            return after
        marker = LIST_MARKER.match(line)
        if marker and not _RULE.match(line):
            self._list_item(i, line, marker)
        else:
            self._text_line(i, line)
        self.blank = False
        return i + 1

    def _reset(self) -> None:
        self.stack, self.current, self.blank = [], None, True

    def _list_item(self, i: int, line: str, marker: re.Match[str]) -> None:
        content, box = _checkbox(line[marker.end():])
        indent = len(marker["indent"])
        item = RawItem(i, content.strip(), indent, marker.end(), True, box, tuple(self.groups),
                       last_line=content.strip())
        while self.stack and self.stack[-1].indent >= indent:
            self.stack.pop()
        (self.stack[-1].children if self.stack else self.roots).append(item)
        self.stack.append(item)
        self.current = item
        self.made.append(item)

    def _text_line(self, i: int, line: str) -> None:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        current = self.current
        if current is not None and current.is_list and (indent > current.indent or
                                                        not self.blank):
            if self.blank or _FIELD_LINE.match(stripped):
                current.notes.append(stripped)
            else:
                current.add_text(_joiner(current.last_line, stripped), stripped)
            return
        if current is not None and not current.is_list and not self.blank \
                and _FIELD_LINE.match(stripped):
            current.notes.append(stripped)  # "**Action:** ..." then "**Owner:** kim" lines
            return
        if current is not None and not current.is_list and not self.blank \
                and _continues(current.last_line, stripped):
            current.add_text(" ", stripped)
            return
        self.stack = []
        item = RawItem(i, stripped, indent, indent, False, None, tuple(self.groups),
                       last_line=stripped)
        self.paragraphs.append(item)
        self.current = item
        self.made.append(item)


_BOLD_LEAD_IN = re.compile(r"^(\*\*|__)[^*_]{3,200}?\1\s*[:.,\-–—]?\s+\S")
# A paragraph that says where the work is tracked rather than naming a task: "All follow-up
# work is tracked in the [epic](...)", "See OPS-12 for the remaining items."
_POINTER = re.compile(
    r"(?i)^\W*(?:(?:all|any|every|the|these|those|this|our|remaining|other|further|more|details"
    r"|follow[- ]?ups?|action items|work|everything)\b[^.;]{0,120}?\b(?:tracked|listed|documented"
    r"|captured|recorded|kept|managed|found|described|collected)\s+(?:in|at|on|under|via)\b"
    r"|(?:see|refer to)\b)")
_NUMBERED = re.compile(r"(?i)^(?:(?:action(?: item)?|item|task|ai)\s*#?\d+|\d{1,3}[.)])"
                       r"\s*[:.)-]?\s")


def _is_task_heading(heading: Heading) -> bool:
    """A sub-heading that is itself a task ("### 2. Add alerting on lag"), not a group name."""
    if is_action_name(heading.key):
        return False
    text = heading.text
    return bool(_NUMBERED.match(text)) or (len(text.split()) >= 3
                                          and kind_from_keywords(text) is not None)


def _paragraph_items(paragraphs: list[RawItem], section: Section) -> list[RawItem]:
    """Items of a section with no list: each task-like sub-heading is an item (its prose is
    its description); other paragraphs are one item each, lead-ins ("...include:") aside."""
    tasks = {g.index: RawItem(g.index, g.raw, groups=()) for g in section.groups
             if g.level != LABEL_LEVEL and _is_task_heading(g)}
    items = list(tasks.values())
    # When some paragraphs open with a bold lead-in ("**Rate-limit rebalancing.** We will
    # ..."), those are the items and the others introduce or close the list.
    led = {id(p) for p in paragraphs if _BOLD_LEAD_IN.match(p.text)}
    for paragraph in paragraphs:
        owner = tasks.get(paragraph.groups[-1].index) if paragraph.groups else None
        if owner is not None:
            owner.notes.append(paragraph.text)
        elif not paragraph.text.rstrip().endswith(":") and (not led or id(paragraph) in led) \
                and not _POINTER.match(strip_markdown(paragraph.text)):
            items.append(paragraph)
    return sorted(items, key=lambda item: item.index)


# Words that open a remark about the parent rather than a task: "Currently we only alert at
# 95%", "Needs budget approval", "This was missed in review".
_NOTE_OPENER = re.compile(
    r"(?i)(?:currently|previously|today|right now|note|nb|fyi|context|background|because|since"
    r"|e\.g|i\.e|we|our|this|that|it|its|there|these|those|they|was|were|is|are|has|have|had"
    r"|needs|requires|waiting|pending|blocked|depends|already|also|ideally|possibly|probably"
    r"|maybe|perhaps)\b")


def _is_note(parent: RawItem, child: RawItem) -> bool:
    """A sub-item that remarks on its parent: it opens with a remark word, or in lower case
    under a capitalised parent. A checkbox marks a task, whatever its words."""
    if child.checkbox is not None or child.children:
        return False
    text = strip_markdown(child.text).lstrip("*_`\"'( ")
    if _NOTE_OPENER.match(text):
        return True
    parent_text = strip_markdown(parent.text).lstrip("*_`\"'( ")
    return text[:1].islower() and parent_text[:1].isupper()


def _is_fragment(parent: RawItem, child: RawItem) -> bool:
    if child.children:
        return False
    if _is_note(parent, child):
        return True
    # A URL's path is not words: "see https://.../pull/233" is a two-word note.
    text = _URL.sub(" ", strip_markdown(child.text)).strip()
    words = re.findall(r"[A-Za-z]\w*", text)
    if not words or re.fullmatch(r"(?i)\W*(?:see|issue|bug|ticket|pr|jira|link|tracking"
                                 r"(?: issue)?|tracked|filed|related|blocked by|depends on"
                                 r"|status|owner|due|done|in progress|todo)\b.{0,80}",
                                 text) and len(words) <= 6:
        return True  # a link or a status note about the parent
    if parent.text.rstrip().endswith(":") and len(words) <= 4:
        return True  # "Alerting is in place for:" + "the proxy"
    return len(words) <= 2 and kind_from_keywords(text) is None  # "staging", "production"


def _is_label(parent: RawItem) -> bool:
    """A parent such as "Database:" names a group of tasks rather than being one."""
    text = strip_markdown(parent.text).rstrip()
    return (text.endswith(":") and parent.checkbox is None and len(text.split()) <= 4
            and kind_from_keywords(text) is None)


def _flatten(root: RawItem) -> list[RawItem]:
    """The item followed by those of its sub-items that are tasks of their own, in reading
    order. Iterative, so that deep nesting cannot exhaust the stack."""
    out: list[RawItem] = []
    pending = [root]
    while pending:
        item = pending.pop()
        tasks = _settle_children(item)
        if not (tasks and _is_label(item) and not item.fragments):
            out.append(item)
        else:
            for child in tasks:
                child.groups = child.groups + (_label_heading(item),)
        pending.extend(reversed(tasks))
    return out


def _settle_children(item: RawItem) -> list[RawItem]:
    """Fold the sub-items that complete the item into it (fragments into its title, notes
    into its notes) and return the others: tasks of their own."""
    tasks: list[RawItem] = []
    for child in item.children:
        if not _is_fragment(item, child):
            tasks.append(child)
            continue
        text = strip_markdown(child.text)
        if item.text.rstrip().endswith(":") and re.search(r"[A-Za-z]", text) and \
                len(text.split()) <= 4 and not re.match(r"(?i)(?:see|status|owner|due|tracked"
                                                        r"|issue|bug|ticket)\b", text):
            item.fragments.append(child.text)
        else:
            item.notes.append(child.text)
    if item.fragments:
        item.text = item.text.rstrip().rstrip(":") + " " + _join(item.fragments)
    return tasks


def _label_heading(item: RawItem) -> Heading:
    text = strip_markdown(item.text).rstrip(":").strip()
    return Heading(item.index, LABEL_LEVEL, text, text.casefold(), False, raw=text)


def _join(parts: list[str]) -> str:
    parts = [p.strip().rstrip(".,;") for p in parts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# No task is longer than this; the rest of a runaway paragraph is not read for metadata.
MAX_ITEM_TEXT = 3000


def section_items(lines: list[str], section: Section) -> list[RawItem]:
    items = _Reader(lines, section).run()
    for item in items:
        item.text = item.text[:MAX_ITEM_TEXT]
        item.notes = [note[:MAX_ITEM_TEXT] for note in item.notes[:20]]
    return items
