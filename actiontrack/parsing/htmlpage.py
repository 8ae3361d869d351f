"""A whole HTML page (a status page saved from the browser, a PagerDuty or Confluence export) as
the text it shows, for the Markdown reader.

A page is not a Markdown document with some HTML in it: its `<head>`, scripts, styles, forms
(a status page's "subscribe" form lists every country's dialling code) and navigation are no
part of the write-up, and its text runs in long lines of markup, several paragraphs, headings
or list entries to a line (`<h2>Action Items</h2>` after a `<div>`, entries joined by `<br>`).
`page_text` drops what the page does not show as text and starts a new line wherever the page
starts a block, so the reader sees headings, lists and paragraphs; `origin` maps each of those
lines back to the line of the file it came from (for item lines, `check` and write-back).
A table of a header and rows is left whole, for the table reader to read row by row (see
`text.html_tables`); a table of one row, or one with tables inside it (a page laid out in
tables), is read as text. Every search for a closing tag runs once past where it was last
missing, so a page of tags never closed reads in linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lazyre import lazy

# A page opens with its doctype or its <html> tag (a comment or two may come first).
_PAGE_START = lazy(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
# What a page holds that is no text of the write-up.
# (and its code: `<pre>` holds no task, and its lines are no blocks of the text)
_CHROME_OPEN = lazy(r"<(?P<tag>head|script|style|noscript|svg|form|select|nav|footer"
                    r"|template|button|iframe|object|canvas|pre)\b[^>]*>"
                    r"|<!--|<(?:meta|link|base)\b[^>]*>", re.I)
# Where the page starts or ends a block of text: the reader needs a new line there.
_BLOCKS = r"h[1-6]|p|li|ul|ol|div|section|article|blockquote|table|dt|dd|pre|tr"
_BLOCK_OPEN = lazy(rf"<(?:{_BLOCKS})\b", re.I)
_BLOCK_CLOSE = lazy(rf"</(?:{_BLOCKS})\s*>|<br\s*/?>", re.I)
_BREAK = "\x00"
_TABLE_OPEN = lazy(r"<table\b", re.I)
_ROW_OPEN = lazy(r"<tr\b", re.I)
_HEADING = lazy(r"^\s*<h(?P<level>[1-6])\b[^>]*>(?P<text>.*?)(?:</h[1-6]\s*>)?\s*$", re.I | re.S)
# (bounded: a page of unclosed tags must not make every one search to its end)
_ANCHOR = lazy(r"<a\b[^>]{0,2000}?href=[\"']?(?P<url>[^\"'\s>]+)[\"']?[^>]{0,2000}>"
               r"(?P<text>.{0,2000}?)</a\s*>", re.I | re.S)
_BOLD = lazy(r"</?(?:strong|b)\b[^>]*>", re.I)
# Tags the line-by-line HTML reading of `text` still needs: lists, paragraphs, tables.
_KEPT = lazy(r"</?(?:li|ul|ol|p|table|thead|tbody|tr|td|th)\b", re.I)
_TAG = lazy(r"<[^>]{0,2000}>")


# A fragment of a page (a status page's incident, saved without its <html>): it opens with a
# block tag, and its lines are markup, not Markdown with some HTML in it.
_BLOCK_START = lazy(r"^\s*<(?:h[1-6]|div|article|section|main|p|table|ul|ol)\b", re.I)
_MARKDOWN_LINE = lazy(r"^\s{0,3}(?:#{1,6}\s|[-*+]\s+\S|\d{1,3}[.)]\s+\S|\|.*\|\s*$)")


def is_page(text: str) -> bool:
    """A whole page, or a fragment of one with no Markdown of its own."""
    head = text[:4000]
    if "<" not in head:
        return False
    if _PAGE_START.match(head):
        return True
    lines = [line for line in text.split("\n", 400)[:400] if line.strip()]
    if not lines or not _BLOCK_START.match(lines[0]):
        return False
    tagged = sum(line.lstrip().startswith("<") for line in lines)
    return tagged * 3 >= len(lines) and not any(_MARKDOWN_LINE.match(line) for line in lines)


def file_line(origin: list[int] | None, index: int) -> int:
    """The 1-based line of the file that the 0-based line `index` of a document's lines comes
    from: its own, or for a page the one `origin` (from `page_text`) gives."""
    if origin is None or not 0 <= index < len(origin):
        return index + 1
    return origin[index] + 1


def page_text(text: str) -> tuple[str, list[int]]:
    """The page's text, a block to a line, and for each of its lines the 0-based line of
    `text` it starts on."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _blank(text, _chrome(text))
    tables = _closed(text, _TABLE_OPEN, lambda _m: "</table")
    out: list[str] = []
    origin: list[int] = []
    line_no = 0
    pos = 0
    for start, end in [*tables, (len(text), len(text))]:
        line_no = _add_blocks(text[pos:start], line_no, out, origin)
        table = text[start:end]
        if len(_ROW_OPEN.findall(table)) < 2 or len(_TABLE_OPEN.findall(table)) > 1:
            # no header and a row, or a table in a table (a layout): read as text
            line_no = _add_blocks(table, line_no, out, origin)
            pos = end
            continue
        for n, line in enumerate(table.split("\n")):  # a table keeps its lines
            out.append(line)
            origin.append(line_no + n)
        line_no += table.count("\n")
        pos = end
    return "\n".join(out), origin


def _closed(text: str, opening: re.Pattern[str], closer: Callable[[re.Match[str]], str | None]
            ) -> list[tuple[int, int]]:
    """The spans from each `opening` to the end of its `closer` (None: the opening tag alone
    is the span); an opening never closed is a span of itself. Each closer is searched for
    once past the last time it was missing, so a page of unclosed tags reads in linear time."""
    lower = text.lower()
    spans: list[tuple[int, int]] = []
    missing: set[str] = set()
    pos = 0
    while (m := opening.search(text, pos)) is not None:
        close = closer(m)
        at = -1 if close is None or close in missing else lower.find(close, m.end())
        if at < 0:
            if close is not None:
                missing.add(close)
            spans.append((m.start(), m.end()))
            pos = m.end()
            continue
        end = at + len(close) if close == "-->" else lower.find(">", at) + 1 or len(text)
        spans.append((m.start(), end))
        pos = end
    return spans


def _chrome(text: str) -> list[tuple[int, int]]:
    spans = _closed(text, _CHROME_OPEN, lambda m: "-->" if m.group(0).startswith("<!--")
                    else f"</{m['tag'].lower()}" if m["tag"] else None)
    footers = _footer_divs(text)
    if not footers:
        return spans
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans + footers):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# `<div class="footer">`: a footer written as a div (the author and "Generated by ..."), as
# much chrome as a <footer>.
_FOOTER_DIV = lazy(r"<div\b[^>]{0,500}?\bclass=[\"']?[^\"'>]{0,200}?\bfooter\b[^>]{0,500}>", re.I)
_DIV_TAG = lazy(r"<div\b|</div\s*>", re.I)


def _footer_divs(text: str) -> list[tuple[int, int]]:
    """The spans of the footer divs, each to the close of its own div (nested divs counted);
    once one is never closed, no later one is looked for (a linear reading)."""
    spans = []
    pos = 0
    while (m := _FOOTER_DIV.search(text, pos)) is not None:
        depth, end = 1, -1
        for tag in _DIV_TAG.finditer(text, m.end()):
            depth += -1 if tag.group(0).startswith("</") else 1
            if depth == 0:
                end = tag.end()
                break
        if end < 0:
            break
        spans.append((m.start(), end))
        pos = end
    return spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by its line breaks (the lines after keep their
    numbers)."""
    parts, pos = [], 0
    for start, end in spans:
        parts += [text[pos:start], "\n" * text.count("\n", start, end)]
        pos = end
    return "".join([*parts, text[pos:]])


def _add_blocks(chunk: str, line_no: int, out: list[str], origin: list[int]) -> int:
    """Append the chunk's blocks, each on a line of its own (the line breaks of the markup mean
    nothing in HTML); return the line the chunk ends on."""
    chunk = _BLOCK_CLOSE.sub(lambda m: m.group(0) + _BREAK, chunk)
    chunk = _BLOCK_OPEN.sub(lambda m: _BREAK + m.group(0), chunk)
    for piece in chunk.split(_BREAK):
        text = _as_text(" ".join(piece.split()))
        if text and (_TAG.sub("", text).strip() or _LIST_TAG.fullmatch(text)):
            out.append(text)
            lead = _LEAD.match(piece)  # the tags and spaces before the block's text
            origin.append(line_no + piece[: lead.end() if lead else 0].count("\n"))
        line_no += piece.count("\n")
    return line_no


_LEAD = lazy(r"(?:\s|<[^<>]*>)*")
_LIST_TAG = lazy(r"</?(?:ul|ol)\b[^>]*>", re.I)


# Confluence's task lists: `<li data-inline-task-id="2" class="checked">`, the owner a user
# mention, the due date a `<time datetime=...>`.
_INLINE_TASK = lazy(r"^<li\b(?=[^>]*\bdata-inline-task-id)(?P<attrs>[^>]*)>", re.I)
_MENTION = lazy(r"<a\b[^>]*\buser-mention\b[^>]*>(?P<who>.{0,500}?)</a\s*>", re.I | re.S)
_TIME = lazy(r"<time\b[^>]*\bdatetime=[\"']?(?P<when>\d{4}-\d{2}-\d{2})[^>]*>.{0,500}?</time\s*>",
             re.I | re.S)


def _task(m: re.Match[str]) -> str:
    done = re.search(r"\bclass=[\"']?[^\"'>]*\bchecked\b", m["attrs"], re.I)
    return "<li>" + ("[x] " if done else "[ ] ")


def _as_text(piece: str) -> str:
    """One block of the page as a line the Markdown reader reads: a heading as `## ...`,
    links as Markdown links, bold as `**`, other inline tags gone; a Confluence task as a
    checkbox, its mention as its owner and its date as its due date."""
    if (task := _INLINE_TASK.match(piece)) is not None:
        piece = _task(task) + piece[task.end():]
        piece = _MENTION.sub(lambda m: f"(owner: {_TAG.sub('', m['who']).strip()})", piece)
        piece = _TIME.sub(lambda m: f"(due {m['when']})", piece)
    piece = _ANCHOR.sub(_link, piece)
    if (m := _HEADING.match(piece)) is not None:
        text = " ".join(_TAG.sub("", m["text"]).split())
        if "title-heading" in piece[:80]:
            text = re.sub(r"^[^:]{1,40}\s:\s+", "", text)  # Confluence's "SPACE : Page title"
        return "#" * int(m["level"]) + " " + text
    piece = _BOLD.sub("**", piece)
    piece = _TAG.sub(lambda m: m.group(0) if _KEPT.match(m.group(0)) else "", piece)
    return piece.strip()


def _link(m: re.Match[str]) -> str:
    text = " ".join(_TAG.sub("", m["text"]).split())
    url = m["url"]
    return url if not text or text == url else f"[{text}]({url})"
