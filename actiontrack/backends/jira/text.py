"""Issue descriptions and comments for Jira: a Markdown body as wiki markup (REST v2) or as
an ADF document (REST v3), through `markup`; with nothing in them but what people read.

The link to the item is not text (`link.py` keeps it in an issue property). Descriptions
written by earlier versions end with a visible marker, `{noformat}<!-- actiontrack:v1 {...}
-->{noformat}` in wiki markup or a plain paragraph in ADF: `legacy_text` is where it is still
read from, and `without_marker` is the description as the next write leaves it.

Jira holds at most 32,767 characters in a description (for ADF, of its JSON); a longer body
(a big weekly report) is cut between blocks with a note, never refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ...issue_format import MARKER_RE, find_block
from ..base import FULL_TITLE_PREFIX
from . import markup
from .link import human_text
from .markup import Adf, Block, adf_document, adf_to_markdown, block_markdown, to_adf_blocks

DESCRIPTION_MAX = 32_767
_CUT_NOTE = ("_This is longer than a Jira description holds and was cut here; the full text "
             "is where it came from (the postmortem, or the report's artifact)._")

# In wiki markup (REST v2) the old marker sat in a {noformat} block.
_WIKI_MARKER = re.compile(r"\s*\{noformat\}\s*(<!--\s*actiontrack:v1\s+\{.*?\}\s*-->)\s*"
                          r"\{noformat\}\s*", re.DOTALL)


def _rendered(blocks: list[Block], adf: bool) -> str | Adf:
    return adf_document(to_adf_blocks(blocks)) if adf else markup.to_wiki(blocks)


def _size(value: str | Adf) -> int:
    return len(value) if isinstance(value, str) else len(json.dumps(value))


def description_for(body: str, *, adf: bool) -> str | Adf:
    """The description field for a Markdown body: wiki markup or ADF, within Jira's limit."""
    blocks = markup.parse_markdown(human_text(body))
    rendered = _rendered(blocks, adf)
    if _size(rendered) <= DESCRIPTION_MAX:
        return rendered
    note = markup.parse_markdown(_CUT_NOTE)
    while blocks and _size(rendered) > DESCRIPTION_MAX:
        blocks = blocks[:max(0, len(blocks) - max(1, len(blocks) // 8))]
        rendered = _rendered(blocks + note, adf)
    return rendered


def with_block(stored: str | Adf | None, body: str, *, adf: bool) -> str | Adf | None:
    """The stored description with only its managed block replaced by the block of `body`
    (Markdown), so what people wrote around it stays as they wrote it, in Jira's own markup;
    None when either side has no block (then the whole description is written)."""
    block = find_block(body)
    if block is None:
        return None
    new = description_for(block.group(0), adf=adf)
    if isinstance(stored, str) and isinstance(new, str):
        begin = stored.find(markup.WIKI_ANCHORS["begin"])
        end = stored.find(markup.WIKI_ANCHORS["end"], begin)
        if 0 <= begin < end:
            return stored[:begin] + new + stored[end + len(markup.WIKI_ANCHORS["end"]):]
    elif isinstance(stored, dict) and isinstance(new, dict):
        content = list(stored.get("content") or [])
        texts = [block_markdown(b) for b in content]
        first = next((n for n, t in enumerate(texts) if _is_delimiter(t, end=False)), None)
        last = next((n for n, t in enumerate(texts) if first is not None and n > first
                     and _is_delimiter(t, end=True)), None)
        if first is not None and last is not None:
            content[first:last + 1] = new.get("content") or []
            return {**stored, "content": content}
    return None


_DELIMITER = re.compile(r"^\s*<!--\s*actiontrack:(?P<end>end\s*|begin\b[^>]*)-->\s*$")


def _is_delimiter(text: str, *, end: bool) -> bool:
    match = _DELIMITER.match(text)
    return match is not None and match.group("end").startswith("end") == end


def comment_body(text: str, *, adf: bool) -> str | Adf:
    return markup.markdown_to_adf(text) if adf else markup.markdown_to_wiki(text)


def _is_marker_block(block: Adf) -> bool:
    return MARKER_RE.search(block_markdown(block)) is not None


def body_from_description(stored: str | Adf | None) -> str:
    """The body as an `Issue` carries it: the description, without any old marker, read back
    as the Markdown it was written from (ADF on REST v3, wiki markup on v2)."""
    cleaned = without_marker(stored)
    if isinstance(cleaned, dict):
        return adf_to_markdown(cleaned)
    return markup.wiki_to_markdown(cleaned or "")


def with_full_title(stored: str | Adf | None, head: str) -> Any:
    """The description with its first block saying the full title (`head`, Markdown, from
    `fit_title`), or saying nothing of it when `head` is empty; the rest untouched."""
    if isinstance(stored, dict):
        blocks = list(stored.get("content") or [])
        if blocks and block_markdown(blocks[0]).startswith(FULL_TITLE_PREFIX):
            blocks = blocks[1:]
        new = markup.markdown_to_adf(head)["content"] if head else []
        return {**stored, "content": new + blocks}
    text = stored or ""
    first, sep, rest = text.partition("\n\n")
    if markup.wiki_to_markdown(first).startswith(FULL_TITLE_PREFIX):
        text = rest
    if not head:
        return text
    return f"{markup.markdown_to_wiki(head)}\n\n{text}" if text else markup.markdown_to_wiki(head)


def legacy_text(stored: str | Adf | None) -> str:
    """Where an old visible marker can be read from (empty when there is none)."""
    if isinstance(stored, dict):
        return adf_to_markdown(stored)
    match = _WIKI_MARKER.search(stored or "")
    return match.group(1) if match else ""


def without_marker(stored: str | Adf | None) -> Any:
    """The description as stored, with an old marker (if any) removed; what people wrote in
    it is untouched."""
    if isinstance(stored, dict):
        blocks = [b for b in stored.get("content") or [] if not _is_marker_block(b)]
        return {**stored, "content": blocks}
    if stored is None:
        return None
    return _WIKI_MARKER.sub("\n\n", stored).strip("\n") if _WIKI_MARKER.search(stored) \
        else stored
