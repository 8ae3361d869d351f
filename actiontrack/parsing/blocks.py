"""The document model: a postmortem's text read once into blocks.

`read_document` turns the text into `Document`: its lines (newlines, odd spaces, wiki markup
and HTML block tags normalised; front matter, code and comments blanked, line numbers kept),
its front matter, its reference-link definitions, every heading of every syntax with the line
where its section ends, and its blocks in reading order:

- `heading`: one heading (its `heading` field);
- `item`: a list entry with its marker, checkbox, indent and the entry it is nested under;
  wrapped lines are joined onto it, field lines (`Owner: kim`) and paragraphs indented under
  it after a blank line are its notes;
- `paragraph`: consecutive lines of text (each line is kept: a plain-text section may hold
  one task per line);
- `table`: a Markdown, wiki, AsciiDoc or reST table, header and rows;
- `code`: a fenced block (only its span; nothing inside it is read).

Later passes (sections, items, fields) read the blocks; none of them scans the raw text again.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .celltables import is_cell_table_start, read_cell_table
from .frontmatter import FrontMatter, read_front_matter
from .headings import LABEL_LEVEL, Heading, find_headings, label_end, section_ends
from .htmlpage import file_line, is_page, page_text
from .lazyre import lazy
from .tables import is_table_start, read_table
from .text import CHECKBOX, LIST_MARKER, mask_code_and_comments, quoted_lines, split_lines
from .wiki import wiki_to_markdown

HEADING, ITEM, PARAGRAPH, TABLE, CODE = "heading", "item", "paragraph", "table", "code"

# A line under an item that states one of its fields ("Owner: @kim", "Status: in progress"):
# a note for the metadata, never part of the title.
FIELD_LINE = lazy(r"(?i)^(?:\*\*|__)?(?:owners?|assignees?|assigned to|due(?: date)?"
                        r"|deadline|eta|target(?: date)?|status|priority|type|kind|tickets?"
                        r"|issues?|jira|links?|tracking|bugs?|prs?|effort|estimated? effort"
                        r"|estimates?)(?:\*\*|__)?\s*:")
# A thematic break: "---", "***", "_ _ _".
RULE = lazy(r"^\s*(?:[-*_]\s*){3,}$")
_TERMINAL = (".", "!", "?", ":", ";")
_REF_DEF = lazy(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*)?$")
# A line this long that stops mid-sentence was wrapped for width (editors wrap at 72-80
# columns): the next line goes on with its sentence even when it starts with a capital word.
_WRAP_WIDTH = 68
GLUE_WORDS = {"the", "a", "an", "of", "to", "for", "and", "or", "with", "in", "on", "at", "by",
               "from", "into", "via", "as", "than", "that", "our", "their", "its", "is", "are"}


@dataclass
class Block:
    kind: str
    start: int  # index of the block's first line
    end: int  # index after its last line (an item's own lines, not its sub-items)
    text: str = ""
    indent: int = 0
    marker: str = ""  # a list entry's marker: "-", "1.", "a)" ...
    checkbox: str | None = None  # "done" / "open" for a checkbox entry
    heading: Heading | None = None
    header: tuple[str, ...] = ()  # a table's header cells
    rows: tuple[tuple[int, dict[str, str]], ...] = ()  # a table's rows: line, cells by role
    parent: int | None = None  # for an item: the block index of the entry it is nested under
    notes: list[str] = field(default_factory=list)
    # a paragraph's lines; for an item, the lines after its first (wrapped text and notes)
    lines: list[tuple[int, str]] = field(default_factory=list)
    after_blank: bool = True  # a blank line (or the start of a part) comes before it
    parts: list[str] = field(default_factory=list)  # text not yet joined (see `finish`)
    note_parts: list[list[str]] = field(default_factory=list)  # notes not yet joined
    note_lines: set[int] = field(default_factory=set)  # an item's lines that are notes
    last_line: str = ""
    # an entry's label line before its sub-list ("Requirements:"), and for a sub-entry the
    # label of its parent it stands under
    detail_label: str = ""
    under_label: str = ""
    leads_bullets: bool = False  # a numbered entry ending in ":" whose bullets follow it

    def add_text(self, joiner: str, line: str) -> None:
        # Joined once at the end: appending to a string copies it each time, which made one
        # long wrapped paragraph quadratic.
        self.parts += (joiner, line)
        self.last_line = line

    def finish(self) -> None:
        if self.kind == PARAGRAPH:
            self.text = " ".join(text for _, text in self.lines)
        elif self.parts:
            self.text += "".join(self.parts)
            self.parts = []
        self.notes += [" ".join(parts) for parts in self.note_parts]
        self.note_parts = []


@dataclass
class Document:
    lines: list[str]  # the normalised lines, front matter, code and comments blanked
    front: FrontMatter
    refs: dict[str, str]  # reference-style link labels (case-folded) -> URL
    headings: list[Heading]
    ends: list[int]  # for each heading, the index after its section
    blocks: list[Block]
    block_starts: list[int]  # the start line of each block, for bisecting
    comments: dict[int, str]  # line -> the text of the HTML comments on it (template notes)
    # for a whole HTML page read as its text (see `htmlpage`), each line's 0-based line in the
    # file; None when the lines are the file's own
    origin: list[int] | None = None

    def source_line(self, index: int) -> int:
        """The 1-based line of the file that the 0-based line `index` comes from."""
        return file_line(self.origin, index)

    def blocks_between(self, start: int, end: int) -> list[int]:
        """The indices of the blocks that start in lines [start, end)."""
        lo = bisect.bisect_left(self.block_starts, start)
        hi = bisect.bisect_left(self.block_starts, end)
        return list(range(lo, hi))

    def first_block_from(self, line: int) -> int:
        """The index of the first block that starts at or after the line."""
        return bisect.bisect_left(self.block_starts, line)

    def section_end(self, n: int) -> int:
        heading = self.headings[n]
        if heading.level == LABEL_LEVEL:
            nxt = self.headings[n + 1].index if n + 1 < len(self.headings) else len(self.lines)
            return label_end(self.lines, heading, nxt)
        return self.ends[n]


_BOLD_TITLE_LINE = lazy(r"(\*\*|__)[^*_]{3,120}\1")


def read_document(text: str, extra: tuple[str, ...] = ()) -> Document:
    origin = None
    if is_page(text):
        text, origin = page_text(text)
    lines = wiki_to_markdown(split_lines(text))
    front = read_front_matter(lines)
    lines[: front.end_line] = [""] * front.end_line
    masked, code = mask_code_and_comments(lines, quoted_lines(text))
    refs = _reference_links(masked)
    headings = find_headings(masked, extra)
    blocks = _Builder(masked, headings, code).run()
    return Document(masked, front, refs, headings, section_ends(headings, len(masked)), blocks,
                    [b.start for b in blocks], _comments(lines, masked), origin)


def _comments(lines: list[str], masked: list[str]) -> dict[int, str]:
    """The text of each line that holds an HTML comment or part of one, without the comment
    marks (the note a template leaves under a heading: "<!-- Describe steps to prevent this
    from happening again -->")."""
    found: dict[int, str] = {}
    inside = False
    for n, (line, kept) in enumerate(zip(lines, masked, strict=True)):
        if "<!--" in line or inside:
            text = line.replace("<!--", " ").replace("-->", " ") if line != kept else ""
            if text.strip():
                found[n] = " ".join(text.split())
            inside = "-->" not in (line[line.rfind("<!--"):] if "<!--" in line else line)
    return found


def _reference_links(lines: list[str]) -> dict[str, str]:
    """`[label]: url` definitions (the lines are blanked: they are not items)."""
    refs: dict[str, str] = {}
    for n, line in enumerate(lines):
        if line[:4].lstrip().startswith("[") and (m := _REF_DEF.match(line)) \
                and not m["label"].startswith("^"):
            refs.setdefault(m["label"].casefold(), m["url"])
            lines[n] = ""
    return refs


def continues(previous: str, line: str) -> bool:
    """A wrapped line goes on with the previous one: the previous did not end a sentence and
    this one does not start a new one."""
    if previous.rstrip().endswith(_TERMINAL):
        return False
    first = line[:1]
    return first.islower() or first in "([`&"


def joiner(previous: str, line: str) -> str:
    """How a continuation line joins its item: a capitalised line after a line that did not
    end a sentence (nor with a word that needs more) starts a new sentence, e.g. a note."""
    words = previous.rstrip().split()
    last = words[-1].casefold() if words else ""
    if line[:1].isupper() and not previous.rstrip().endswith((*_TERMINAL, ",")) \
            and last not in GLUE_WORDS and re.match(r"[A-Z][a-z]+ [a-z]", line) \
            and len(previous.rstrip()) < _WRAP_WIDTH:
        return ". "
    return " "


# "Requirements:", "Acceptance criteria:", "Steps:" alone on an indented line of an entry.
_DETAIL_LABEL = lazy(r"^[A-Z][\w&/-]*(?: [\w&/-]+){0,3}:$")
# "  [ ] Add an alert", "[✓] Reverted the rule", "☐ Page the owner": a checkbox with no bullet
# before it opens an entry of a checklist all the same (plain-text reports write them so).
_BARE_BOX = lazy(r"^(?P<indent>[ \t]*)(?P<marker>)(?=(?:\[[ xX✓✔]\]|[☐☒☑])\ufe0f?[ \t]+\S)")


def _checkbox(content: str) -> tuple[str, str | None]:
    m = CHECKBOX.match(content)
    if not m:
        return content, None
    mark = m["mark"] if m["mark"] is not None else m["mark2"]
    return content[m.end():], ("open" if mark in ("", " ", "☐") else "done")


class _Builder:
    """Walks the lines once, building the blocks and the nesting of list entries."""

    def __init__(self, lines: list[str], headings: list[Heading],
                 code: list[tuple[int, int]]) -> None:
        self.lines = lines
        self.heading_at = {h.index: h for h in headings}
        self.code_at = dict(code)
        self.blocks: list[Block] = []
        self.stack: list[int] = []  # open list entries, outermost first
        self.current: Block | None = None  # the block that text lines may continue
        self.blank = True

    def run(self) -> list[Block]:
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        for block in self.blocks:
            block.finish()
        return self.blocks

    def _add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def _break(self) -> None:
        self.stack, self.current, self.blank = [], None, True

    def _step(self, i: int) -> int:
        line = self.lines[i]
        if i in self.heading_at:
            heading = self.heading_at[i]
            self._add(Block(HEADING, i, heading.end_line, heading.text, heading=heading))
            self._break()
            return heading.end_line
        if i in self.code_at:
            self._add(Block(CODE, i, self.code_at[i]))
            self._break()
            return self.code_at[i]
        if not line.strip():
            self.blank = True
            return i + 1
        if RULE.match(line):
            self._break()  # a thematic break separates parts, like a heading without a name
            return i + 1
        if is_table_start(self.lines, i):
            header, rows, after = read_table(self.lines, i)
            self._add(Block(TABLE, i, after, header=header, rows=rows))
            self._break()
            return after
        if is_cell_table_start(self.lines, i) \
                and (table := read_cell_table(self.lines, i)) is not None:
            header, rows, after = table
            self._add(Block(TABLE, i, after, header=header, rows=rows))
            self._break()
            return after
        marker = LIST_MARKER.match(line) or _BARE_BOX.match(line)
        if marker and marker["marker"].startswith("**") and not self.stack:
            marker = None  # "** This is a work in progress": a note, unless a "*" list is open
        if marker:
            self._item(i, line, marker)
        else:
            self._text(i, line)
        self.blank = False
        return i + 1

    def _item(self, i: int, line: str, marker: re.Match[str]) -> None:
        content, box = _checkbox(line[marker.end():])
        indent = len(marker["indent"])
        if marker["marker"].startswith("**"):
            indent += 2 * (len(marker["marker"]) - 1)  # AsciiDoc and wiki nesting: "** sub"
        elif not marker["marker"][:1].isalnum():
            indent += self._under_numbered(indent)
        while self.stack and self.blocks[self.stack[-1]].indent >= indent:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        item = self._add(Block(ITEM, i, i + 1, content.strip(), indent, marker["marker"], box,
                               parent=parent, after_blank=self.blank,
                               last_line=content.strip(),
                               under_label=self.blocks[parent].detail_label
                               if parent is not None else ""))
        self.stack.append(len(self.blocks) - 1)
        self.current = item

    def _under_numbered(self, indent: int) -> int:
        """1 when a bullet at `indent` details the numbered entry above it at the same indent
        whose text ends with a colon ("1. **Root cause** ... to analyze:" over "- Query
        plans" at the margin): the bullet is read one step in, as its sub-entry."""
        host = next((n for n in reversed(self.stack) if self.blocks[n].indent == indent), None)
        if host is None:
            return 0
        block = self.blocks[host]
        if not block.marker[:1].isalnum():
            return 0
        if block.leads_bullets or block.last_line.rstrip().endswith(":"):
            block.leads_bullets = True
            return 1
        return 0

    def _text(self, i: int, line: str) -> None:
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        current = self.current
        if self.blank and current is not None and current.kind == ITEM:
            # After a blank line, an indented paragraph belongs to the innermost open entry
            # it is indented under (a note of "- Add an alert", not of its sub-item).
            owner = next((self.blocks[n] for n in reversed(self.stack)
                          if self.blocks[n].indent < indent), None)
            if owner is not None:
                current = self.current = owner
        elif current is not None and current.kind == ITEM and indent < current.indent and \
                FIELD_LINE.match(stripped):
            # "Owner: Storage" back at the entry's indent after its sub-list: the entry's field
            owner = next((self.blocks[n] for n in reversed(self.stack)
                          if self.blocks[n].indent < indent), None)
            if owner is not None:
                current = self.current = owner
        if current is not None and current.kind == ITEM and (indent > current.indent
                                                               or not self.blank):
            current.lines.append((i, stripped))  # a line of the entry: its text or a note
            if indent > current.indent and _DETAIL_LABEL.match(stripped):
                # "Requirements:" on a line of its own: what the entry's sub-list details
                current.note_parts.append([stripped])
                current.note_lines.add(i)
                current.detail_label = stripped[:-1]
            elif self.blank or FIELD_LINE.match(stripped):
                current.note_parts.append([stripped])  # a paragraph or field of its own
                current.note_lines.add(i)
            elif current.note_parts and current.end < i:
                current.note_parts[-1].append(stripped)  # the note paragraph goes on
                current.note_lines.add(i)
            else:
                join = joiner(current.last_line, stripped)
                if not current.parts and _BOLD_TITLE_LINE.fullmatch(current.text):
                    # "1. **Root cause isolation**" over "We identified ...": the bold line is
                    # the item's title, the next its description, as after a colon
                    join = ": "
                current.add_text(join, stripped)
                current.end = i + 1
            return
        if current is not None and current.kind == PARAGRAPH and not self.blank:
            current.lines.append((i, stripped))
            current.end = i + 1
            return
        self.stack = []
        self.current = self._add(Block(PARAGRAPH, i, i + 1, stripped, indent,
                                       lines=[(i, stripped)], after_blank=self.blank))
