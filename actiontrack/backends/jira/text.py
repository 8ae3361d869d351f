"""Issue descriptions for Jira: the Markdown body as wiki markup (REST v2) or as an Atlassian
Document Format document (REST v3), with the link marker kept intact in both.

actiontrack writes bodies in a small Markdown dialect (`render_body`): paragraphs, `- ` bullet
lines, `**strong**`, `_em_`, `` `code` `` and `[text](url)`. Only that dialect is translated.
The marker is never run through the translation: it is appended as raw text (v2) or as a
paragraph of its own holding one plain text node (v3), so it reads back byte for byte.

ADF is read back as that same Markdown, so a body actiontrack wrote reads back exactly as it
was written; nodes people add in Jira (tables, mentions, panels) read back as their text.
"""

from __future__ import annotations

import re
from typing import Any

from ...issue_format import MARKER_RE, render_marker, strip_marker
from ...model import Link

Adf = dict[str, Any]

# One inline token of the dialect; plain text is what lies between matches.
_INLINE = re.compile(
    r"\*\*(?P<strong>[^*\n]+?)\*\*"
    r"|`(?P<code>[^`\n]+)`"
    r"|\[(?P<text>[^\]\n]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?<!\w)_(?P<em>[^_\n]+?)_(?!\w)")
_BULLET = "- "
# Wiki markup characters that would start a macro or a link (and so a mention) if copied as is.
_WIKI_SPECIAL = re.compile(r"([{}\[\]])")


# -- Markdown -> wiki markup (v2) ---------------------------------------------------------

def _wiki_inline(text: str) -> str:
    out, pos = [], 0
    for m in _INLINE.finditer(text):
        out.append(_WIKI_SPECIAL.sub(r"\\\1", text[pos:m.start()]))
        if m.group("strong") is not None:
            out.append(f"*{m.group('strong')}*")
        elif m.group("code") is not None:
            out.append("{{" + _WIKI_SPECIAL.sub(r"\\\1", m.group("code")) + "}}")
        elif m.group("href") is not None:
            out.append(f"[{_WIKI_SPECIAL.sub('', m.group('text'))}|{m.group('href')}]")
        else:
            out.append(f"_{m.group('em')}_")
        pos = m.end()
    out.append(_WIKI_SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def markdown_to_wiki(markdown: str) -> str:
    lines = []
    for line in markdown.split("\n"):
        if line.startswith(_BULLET):
            lines.append("* " + _wiki_inline(line[len(_BULLET):]))
        else:
            lines.append(_wiki_inline(line))
    return "\n".join(lines)


# -- Markdown <-> ADF (v3) ----------------------------------------------------------------

def _text_node(text: str, marks: list[Adf] | None = None) -> Adf:
    node: Adf = {"type": "text", "text": text}
    if marks:
        node["marks"] = marks
    return node


def _adf_inline(line: str) -> list[Adf]:
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


def _paragraph(lines: list[str]) -> Adf:
    content: list[Adf] = []
    for n, line in enumerate(lines):
        if n:
            content.append({"type": "hardBreak"})
        content.extend(_adf_inline(line))
    return {"type": "paragraph", "content": content}


def markdown_to_adf_blocks(markdown: str) -> list[Adf]:
    blocks: list[Adf] = []
    for chunk in re.split(r"\n{2,}", markdown.strip("\n")):
        lines = chunk.split("\n")
        if not chunk.strip():
            continue
        if all(line.startswith(_BULLET) for line in lines):
            blocks.append({"type": "bulletList", "content": [
                {"type": "listItem", "content": [_paragraph([line[len(_BULLET):]])]}
                for line in lines]})
        else:
            blocks.append(_paragraph(lines))
    return blocks


def _marker_block(link: Link) -> Adf:
    return {"type": "paragraph", "content": [_text_node(render_marker(link))]}


def adf_document(blocks: list[Adf]) -> Adf:
    return {"type": "doc", "version": 1, "content": blocks}


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


def _block_markdown(node: Adf) -> str:
    kind = node.get("type")
    content = node.get("content") or []
    if kind in ("bulletList", "orderedList"):
        lines = []
        for n, item in enumerate(content, 1):
            bullet = _BULLET if kind == "bulletList" else f"{n}. "
            text = "\n".join(_block_markdown(child) for child in item.get("content") or [])
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
        return "\n\n".join(_block_markdown(child) for child in content)
    return "".join(_inline_markdown(child) for child in content)


def adf_to_markdown(doc: Adf | None) -> str:
    if not isinstance(doc, dict):
        return ""
    return "\n\n".join(_block_markdown(block) for block in doc.get("content") or [])


# -- the stored description, either format ------------------------------------------------

# In wiki markup (REST v2) the marker sits in a {noformat} block: wiki has no comments, and
# bare braces would be read as an unknown macro and rendered as an error box.
_WIKI_MARKER = re.compile(r"\{noformat\}\s*(<!--\s*actiontrack:v1\s+\{.*?\}\s*-->)\s*\{noformat\}",
                          re.DOTALL)


def _wiki_with_marker(wiki: str, link: Link | None) -> str:
    human = strip_marker(_WIKI_MARKER.sub(r"\1", wiki))
    if link is None:
        return human
    block = "{noformat}" + render_marker(link) + "{noformat}"
    return f"{human}\n\n{block}" if human else block


def description_for(body: str, link: Link | None, *, adf: bool) -> str | Adf:
    """The description field for a Markdown body and its link marker."""
    human = strip_marker(body)
    if not adf:
        return _wiki_with_marker(markdown_to_wiki(human), link)
    blocks = markdown_to_adf_blocks(human)
    if link is not None:
        blocks.append(_marker_block(link))
    return adf_document(blocks)


def description_with_link(stored: str | Adf | None, link: Link | None) -> str | Adf:
    """The description as stored, with only its marker replaced: edits people made survive."""
    if isinstance(stored, dict):
        blocks = [b for b in stored.get("content") or []
                  if not MARKER_RE.search(_block_markdown(b))]
        if link is not None:
            blocks.append(_marker_block(link))
        return {**stored, "content": blocks}
    return _wiki_with_marker(stored or "", link)


def body_from_description(stored: str | Adf | None) -> str:
    """The body as an `Issue` carries it (marker included), from the stored description."""
    if isinstance(stored, dict):
        return adf_to_markdown(stored)
    return _WIKI_MARKER.sub(r"\1", stored or "")


def comment_body(text: str, *, adf: bool) -> str | Adf:
    return adf_document(markdown_to_adf_blocks(text)) if adf else markdown_to_wiki(text)
