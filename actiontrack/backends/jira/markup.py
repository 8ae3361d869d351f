"""Markdown as Jira content: wiki markup (REST v2, Data Center) or an Atlassian Document Format
document (REST v3), and ADF read back as Markdown.

actiontrack writes Markdown in two places that reach Jira: issue bodies (`render_body`:
paragraphs, `- ` bullets, `**strong**`, `_em_`, `` `code` ``, `[text](url)`) and the weekly
report (headings, tables with an alignment row, fenced blocks). Only that subset is translated;
anything else is kept as text. A Mermaid fence is left out: Jira draws neither, and the report
gives the same figures in a table.

Text from postmortems is untrusted: wiki characters that would open a macro, a link (and so a
mention) or a list are escaped, so it reads in Jira as it was written.

Both read back as the same Markdown (`wiki_to_markdown`, `adf_to_markdown`), so a body
actiontrack wrote reads back exactly as it was written; what people add in Jira (mentions,
panels, other macros) reads back as its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...parsing.tables import split_row

Adf = dict[str, Any]

# One inline token of the dialect; plain text is what lies between matches.
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|`(?P<code>[^`\n]+)`"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?<!\w)_(?P<em>[^_\n]+?)_(?!\w)")
_BULLET = "- "
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERED = re.compile(r"^\d{1,3}\.\s+(.*)$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_ALIGN_ROW = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([\w+-]*)\s*$")
NOT_DRAWN = {"mermaid"}  # fenced languages Jira cannot render: left out
# A managed block's delimiter (`<!-- actiontrack:begin ... -->`, `<!-- actiontrack:end -->`):
# an invisible anchor in wiki markup, read back as the delimiter; a paragraph of its own in ADF.
_DELIMITER = re.compile(r"^\s*<!--\s*actiontrack:(?:(?P<end>end)\s*|begin\b[^>]*)-->\s*$")
WIKI_ANCHORS = {"begin": "{anchor:actiontrack-begin}", "end": "{anchor:actiontrack-end}"}


# -- Markdown -> blocks -----------------------------------------------------------------------

@dataclass
class Block:
    kind: str                      # heading, paragraph, bullets, numbers, table, code, rule,
                                   # delimiter
    lines: list[str] = field(default_factory=list)   # paragraph lines, list items, code lines
    level: int = 0                 # heading level
    rows: list[list[str]] = field(default_factory=list)  # table: header row first
    right: list[bool] = field(default_factory=list)      # table: right-aligned columns
    language: str = ""             # code


def _table(lines: list[str]) -> Block:
    header, align, body = lines[0], lines[1], lines[2:]
    right = [c.strip().endswith(":") and not c.strip().startswith(":")
             for c in split_row(align)]
    rows = [split_row(header)] + [split_row(line) for line in body]
    width = len(rows[0])
    rows = [(row + [""] * width)[:width] for row in rows]
    return Block("table", rows=rows, right=(right + [False] * width)[:width])


def _chunk_blocks(lines: list[str]) -> list[Block]:
    """The blocks of one run of non-blank lines."""
    blocks: list[Block] = []
    while lines and (heading := _HEADING.match(lines[0])):
        blocks.append(Block("heading", [heading.group(2)], level=len(heading.group(1))))
        lines = lines[1:]
    if not lines:
        return blocks
    if len(lines) >= 2 and lines[0].lstrip().startswith("|") and _ALIGN_ROW.match(lines[1]) \
            and all(line.lstrip().startswith("|") for line in lines[2:]):
        blocks.append(_table(lines))
    elif len(lines) == 1 and _RULE.match(lines[0]):
        blocks.append(Block("rule"))
    elif all(line.startswith(_BULLET) for line in lines):
        blocks.append(Block("bullets", [line[len(_BULLET):] for line in lines]))
    elif all(_NUMBERED.match(line) for line in lines):
        blocks.append(Block("numbers", [_NUMBERED.match(line).group(1)  # type: ignore[union-attr]
                                        for line in lines]))
    else:
        blocks.append(Block("paragraph", lines))
    return blocks


def parse_markdown(markdown: str) -> list[Block]:
    """The blocks of a Markdown text, in order."""
    blocks: list[Block] = []
    chunk: list[str] = []
    fence: tuple[str, str, list[str]] | None = None  # (fence, language, lines)
    for line in markdown.replace("\r\n", "\n").split("\n"):
        if fence is None and _DELIMITER.match(line):
            blocks += _chunk_blocks(chunk)
            chunk = []
            blocks.append(Block("delimiter", [line.strip()]))
            continue
        if fence is not None:
            if line.strip().startswith(fence[0]) and not line.strip().strip(fence[0][0]):
                if fence[1].casefold() not in NOT_DRAWN:
                    blocks.append(Block("code", fence[2], language=fence[1]))
                fence = None
            else:
                fence[2].append(line)
            continue
        opening = _FENCE.match(line)
        if opening or not line.strip():
            blocks += _chunk_blocks(chunk)
            chunk = []
            if opening:
                fence = (opening.group(1), opening.group(2), [])
            continue
        chunk.append(line)
    blocks += _chunk_blocks(chunk)
    if fence is not None and fence[1].casefold() not in NOT_DRAWN:  # never closed: keep it
        blocks.append(Block("code", fence[2], language=fence[1]))
    return blocks


# -- blocks -> wiki markup (REST v2) ----------------------------------------------------------

# Wiki markup characters that would start a macro, a link (and so a mention) or bold text if
# copied as is.
_WIKI_SPECIAL = re.compile(r"([{}\[\]*])")
_WIKI_CELL_SPECIAL = re.compile(r"([{}\[\]*|])")
# A line starting like this would become a list, a heading or a quote.
_WIKI_LINE_START = re.compile(r"^(?=[*#-]\s|h[1-6]\.\s|bq\.\s)")


# A backslash the reader would take as escaping the character after it (`\|`, `\\`).
_WIKI_BACKSLASH = re.compile(r"\\(?=[|\\])")


def wiki_inline(text: str, special: re.Pattern[str] = _WIKI_SPECIAL) -> str:
    def escaped(plain: str) -> str:
        # the text's own backslash before "|" or "\" is doubled, so that it reads back
        return special.sub(r"\\\1", _WIKI_BACKSLASH.sub(r"\\\\", plain))

    out, pos = [], 0
    for m in _INLINE.finditer(text):
        out.append(escaped(text[pos:m.start()]))
        if m.group("strong") is not None:
            out.append(f"*{escaped(m.group('strong'))}*")
        elif m.group("code") is not None:
            out.append("{{" + escaped(m.group("code")) + "}}")
        elif m.group("href") is not None:
            out.append(f"[{_WIKI_CELL_SPECIAL.sub('', m.group('text'))}|{m.group('href')}]")
        else:
            out.append(f"_{escaped(m.group('em'))}_")
        pos = m.end()
    out.append(escaped(text[pos:]))
    return "".join(out)


def _wiki_block(block: Block) -> str:
    if block.kind == "heading":
        return f"h{block.level}. {wiki_inline(block.lines[0])}"
    if block.kind in ("bullets", "numbers"):
        mark = "*" if block.kind == "bullets" else "#"
        return "\n".join(f"{mark} {wiki_inline(item)}" for item in block.lines)
    if block.kind == "table":
        head, *rows = block.rows
        lines = ["||" + "||".join(wiki_inline(c, _WIKI_CELL_SPECIAL) or " " for c in head) + "||"]
        lines += ["|" + "|".join(wiki_inline(c, _WIKI_CELL_SPECIAL) or " " for c in row) + "|"
                  for row in rows]
        return "\n".join(lines)
    if block.kind == "code":
        opening = f"{{code:{block.language}}}" if block.language else "{noformat}"
        closing = "{code}" if block.language else "{noformat}"
        return "\n".join([opening, *block.lines, closing])
    if block.kind == "rule":
        return "----"
    if block.kind == "delimiter":
        match = _DELIMITER.match(block.lines[0])
        return WIKI_ANCHORS["end" if match and match.group("end") else "begin"]
    return "\n".join(_WIKI_LINE_START.sub("\\\\", wiki_inline(line)) for line in block.lines)


def to_wiki(blocks: list[Block]) -> str:
    return "\n\n".join(_wiki_block(b) for b in blocks)


def markdown_to_wiki(markdown: str) -> str:
    return to_wiki(parse_markdown(markdown))


# -- wiki markup -> Markdown ------------------------------------------------------------------

_WIKI_TOKEN = re.compile(
    r"\\(?P<escaped>[{}\[\]|*\\])"
    r"|\{\{(?P<code>.+?)\}\}"
    r"|\[(?P<text>[^|\]\n]+)\|(?P<href>[^\]\s]+)\]"
    r"|(?<![\w*])\*(?P<strong>\S(?:[^*\n]*?\S)?)\*(?![\w*])")
_WIKI_HEADING = re.compile(r"^h([1-6])\.\s+(.*)$")
_WIKI_ESCAPED_START = re.compile(r"^\\(?=[*#-]\s|h[1-6]\.\s|bq\.\s)")
_WIKI_CELLS = re.compile(r"(?<!\\)\|\|?")


def _markdown_inline(wiki: str) -> str:
    def token(m: re.Match[str]) -> str:
        if m.group("escaped") is not None:
            return m.group("escaped")
        if m.group("code") is not None:
            return "`" + re.sub(r"\\([{}\[\]|])", r"\1", m.group("code")) + "`"
        if m.group("href") is not None:
            return f"[{m.group('text')}]({m.group('href')})"
        return f"**{_markdown_inline(m.group('strong'))}**"
    return _WIKI_TOKEN.sub(token, wiki)


def _markdown_row(line: str) -> list[str]:
    cells = _WIKI_CELLS.split(line.strip())[1:-1]
    return [_markdown_inline(c).strip().replace("|", "\\|") for c in cells]


def wiki_to_markdown(wiki: str) -> str:
    """Wiki markup as the Markdown it was written from: what `to_wiki` writes reads back
    exactly; other markup is kept as it is."""
    out: list[str] = []
    lines = wiki.replace("\r\n", "\n").split("\n")
    i, number = 0, 0
    while i < len(lines):
        line = lines[i]
        if line.strip() in ("{noformat}",) or line.startswith("{code"):
            closing = "{noformat}" if line.strip() == "{noformat}" else "{code}"
            language = line[len("{code:"):-1] if line.startswith("{code:") else ""
            end = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == closing),
                       len(lines))
            out += ["```" + language, *lines[i + 1:end], "```"]
            i = end + 1
            continue
        heading = _WIKI_HEADING.match(line)
        number = number + 1 if line.startswith("# ") else 0
        if line.strip() == WIKI_ANCHORS["begin"]:
            out.append("<!-- actiontrack:begin -->")
        elif line.strip() == WIKI_ANCHORS["end"]:
            out.append("<!-- actiontrack:end -->")
        elif heading:
            out.append("#" * int(heading.group(1)) + " " + _markdown_inline(heading.group(2)))
        elif line.startswith("||") and line.rstrip().endswith("||"):
            head = _markdown_row(line)
            out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        elif line.startswith("|") and line.rstrip().endswith("|") and len(line.strip()) > 1:
            out.append("| " + " | ".join(_markdown_row(line)) + " |")
        elif line.startswith("* "):
            out.append(_BULLET + _markdown_inline(line[2:]))
        elif line.startswith("# "):
            out.append(f"{number}. " + _markdown_inline(line[2:]))
        elif line.strip() == "----":
            out.append("---")
        else:
            out.append(_markdown_inline(_WIKI_ESCAPED_START.sub("", line)))
        i += 1
    return "\n".join(out)


# -- blocks -> ADF (REST v3) ------------------------------------------------------------------

def _text_node(text: str, marks: list[Adf] | None = None) -> Adf:
    node: Adf = {"type": "text", "text": text}
    if marks:
        node["marks"] = marks
    return node


def adf_inline(line: str) -> list[Adf]:
    nodes, pos = [], 0
    for m in _INLINE.finditer(line):
        if m.start() > pos:
            nodes.append(_text_node(line[pos:m.start()]))
        if m.group("strong") is not None:
            nodes.append(_text_node(m.group("strong"), [{"type": "strong"}]))
        elif m.group("code") is not None:
            nodes.append(_text_node(m.group("code"), [{"type": "code"}]))
        elif m.group("href") is not None:
            nodes.append(_text_node(m.group("text"),
                                    [{"type": "link", "attrs": {"href": m.group("href")}}]))
        else:
            nodes.append(_text_node(m.group("em"), [{"type": "em"}]))
        pos = m.end()
    if pos < len(line):
        nodes.append(_text_node(line[pos:]))
    return nodes


def _paragraph(lines: list[str], marks: list[Adf] | None = None) -> Adf:
    content: list[Adf] = []
    for n, line in enumerate(lines):
        if n:
            content.append({"type": "hardBreak"})
        content.extend(adf_inline(line))
    node: Adf = {"type": "paragraph"}
    if content:
        node["content"] = content
    if marks:
        node["marks"] = marks
    return node


def _adf_cell(text: str, header: bool, right: bool) -> Adf:
    marks = [{"type": "alignment", "attrs": {"align": "end"}}] if right and text else None
    return {"type": "tableHeader" if header else "tableCell",
            "content": [_paragraph([text] if text else [], marks)]}


def _adf_block(block: Block) -> Adf:
    if block.kind == "heading":
        node: Adf = {"type": "heading", "attrs": {"level": block.level}}
        content = adf_inline(block.lines[0])
        return {**node, "content": content} if content else node
    if block.kind in ("bullets", "numbers"):
        return {"type": "bulletList" if block.kind == "bullets" else "orderedList",
                "content": [{"type": "listItem", "content": [_paragraph([item])]}
                            for item in block.lines]}
    if block.kind == "table":
        return {"type": "table", "attrs": {"isNumberColumnEnabled": False, "layout": "default"},
                "content": [{"type": "tableRow", "content": [
                    _adf_cell(cell, n == 0, right)
                    for cell, right in zip(row, block.right, strict=True)]}
                    for n, row in enumerate(block.rows)]}
    if block.kind == "code":
        code: Adf = {"type": "codeBlock"}
        if block.language:
            code["attrs"] = {"language": block.language}
        text = "\n".join(block.lines)
        return {**code, "content": [_text_node(text)]} if text else code
    if block.kind == "rule":
        return {"type": "rule"}
    if block.kind == "delimiter":
        return {"type": "paragraph", "content": [_text_node(block.lines[0])]}
    return _paragraph(block.lines)


def adf_document(blocks: list[Adf]) -> Adf:
    return {"type": "doc", "version": 1, "content": blocks}


def to_adf_blocks(blocks: list[Block]) -> list[Adf]:
    return [_adf_block(b) for b in blocks]


def markdown_to_adf(markdown: str) -> Adf:
    return adf_document(to_adf_blocks(parse_markdown(markdown)))


# -- ADF -> Markdown --------------------------------------------------------------------------

def _inline_markdown(node: Adf) -> str:
    kind = node.get("type")
    if kind == "text":
        text = str(node.get("text", ""))
        marks = {m.get("type"): m for m in node.get("marks") or []}
        if "code" in marks:
            text = f"`{text}`"
        if "em" in marks:
            text = f"_{text}_"
        if "strong" in marks:
            text = f"**{text}**"
        if "link" in marks:
            href = str(marks["link"].get("attrs", {}).get("href", ""))
            text = f"[{text}]({href})"
        return text
    if kind == "hardBreak":
        return "\n"
    attrs = node.get("attrs") or {}
    if kind == "mention":
        return str(attrs.get("text") or "@" + str(attrs.get("id", "")))
    if kind == "emoji":
        return str(attrs.get("text") or attrs.get("shortName", ""))
    if kind in ("inlineCard", "blockCard"):
        return str(attrs.get("url", ""))
    return "".join(_inline_markdown(child) for child in node.get("content") or [])


def block_markdown(node: Adf) -> str:
    kind = node.get("type")
    content = node.get("content") or []
    if kind in ("bulletList", "orderedList"):
        lines = []
        for n, item in enumerate(content, 1):
            bullet = _BULLET if kind == "bulletList" else f"{n}. "
            text = "\n".join(block_markdown(child) for child in item.get("content") or [])
            lines.append(bullet + text)
        return "\n".join(lines)
    if kind == "heading":
        level = int((node.get("attrs") or {}).get("level", 1))
        return "#" * level + " " + "".join(_inline_markdown(c) for c in content)
    if kind == "codeBlock":
        return "```\n" + "".join(_inline_markdown(c) for c in content) + "\n```"
    if kind == "rule":
        return "---"
    if kind in ("blockquote", "panel", "expand", "table", "tableRow", "tableCell",
                "tableHeader", "layoutSection", "layoutColumn", "listItem"):
        return "\n\n".join(block_markdown(child) for child in content)
    return "".join(_inline_markdown(child) for child in content)


def adf_to_markdown(doc: Adf | None) -> str:
    if not isinstance(doc, dict):
        return ""
    return "\n\n".join(block_markdown(block) for block in doc.get("content") or [])
