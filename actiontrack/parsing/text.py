"""Text helpers shared by the parser: normalising a document into lines, hiding what is not
prose (code blocks, HTML comments), reducing Markdown to its text, and splitting sentences.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata

from .lazyre import lazy

# `- item`, `* item`, `+ item`, `• item`, `1. item`, `1) item`, `a. item`, `(1) item`, and a dash
# glued to its text (`-item`), which people type in plain-text postmortems, reStructuredText's
# auto-numbered `#. item` and AsciiDoc's `. item`.
LIST_MARKER = lazy(
    r"^(?P<indent>[ \t]*)(?P<marker>[-*+•‣◦▪–](?=\s)|\*{2,5}(?=[ \t])|-(?=[A-Za-z])"
    r"|\d{1,3}[.)](?=\s)"
    r"|[a-zA-Z][.)](?=\s)|\(\d{1,3}\)(?=\s)|\([a-z]\)(?=\s)|#\.(?=\s)|\.(?=\s))[ \t]*")
# `[x]`, `[ ]`, `[]`, and the ballot boxes some exports write instead (☐ open, ☒ ☑ done).
# ("[x](url)", "[x][ref]": the text of a link, no checkbox)
CHECKBOX = lazy(r"^(?:\[(?P<mark>[ xX✓✔-]?)\](?![(\[])|(?P<mark2>[☐☒☑])\ufe0f?)[ \t]*")

_SPACES = lazy(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = lazy(r"[\u200b-\u200d\u2060\ufeff]")
_FENCE = lazy(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_FENCE_WITH_INFO = lazy(r"^(?:`{3,}|~{3,})\s*[\w+#.-]+")
_MARKDOWN_INFO = lazy(r"(?i)\s*(?:markdown|md|mdx|gfm|commonmark)\s*$")


def split_lines(text: str) -> list[str]:
    """The document as lines: any newline style, no BOM, odd spaces made plain, tabs expanded."""
    text = text.lstrip("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    lines = [_ESCAPED_MARKER.sub(r"\1", _QUOTE.sub("", line.expandtabs(4).rstrip()))
             for line in text.split("\n")]
    if "<" in text and _TABLE_OPEN.search(text):
        lines = html_tables(lines)
    if "<p" in text or "<P" in text:
        lines = _join_html_paragraphs(lines)
    return [_unescape(_html_block(_html_item(line, depth)))
            for line, depth in zip(lines, _html_list_depths(lines), strict=True)]


_P_ALONE = lazy(r"^\s*<p\b[^>]*>\s*$", re.I)
_P_CLOSE = lazy(r"</p\s*>", re.I)
_INNER_BLOCK = lazy(r"<(?:ul|ol|li|table|tr|div|h[1-6]|pre|blockquote|br)\b", re.I)


def _join_html_paragraphs(lines: list[str]) -> list[str]:
    """`<p>` on a line of its own, the paragraph's lines, then `</p>`: in HTML the line breaks
    inside a paragraph mean nothing, so its text is one line (on its first line; the others
    left blank, so the lines after keep their numbers)."""
    out = list(lines)
    i = 0
    while i < len(out):
        if not _P_ALONE.match(out[i]):
            i += 1
            continue
        end = next((j for j in range(i + 1, min(len(out), i + 60)) if _P_CLOSE.search(out[j])
                    or _P_ALONE.match(out[j]) or not out[j].strip()), None)
        if end is None or not _P_CLOSE.search(out[end]) or end - i < 3 or any(
                _INNER_BLOCK.search(out[j]) for j in range(i + 1, end + 1)):
            i += 1  # (a paragraph that holds a list or a table is read line by line)
            continue
        body = [out[j].strip() for j in range(i + 1, end + 1)]
        out[i + 1] = " ".join(part for part in body if part)
        for j in range(i + 2, end + 1):
            out[j] = ""
        i = end + 1
    return out


_TABLE_OPEN = lazy(r"<table\b[^>]*>", re.I)
_TABLE_CLOSE = lazy(r"</table\s*>", re.I)
_ROW = lazy(r"<tr\b[^>]*>(?P<body>.*?)(?:</tr\s*>|(?=<tr\b)|$)", re.I | re.S)
_CELL = lazy(r"<t(?P<tag>[hd])\b[^>]*>(?P<body>.*?)(?:</t[hd]\s*>|(?=<t[hd]\b)|$)",
             re.I | re.S)
_ANCHOR = lazy(r"<a\b[^>]*?href=[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<text>.*?)</a\s*>",
               re.I | re.S)
_ANY_TAG = lazy(r"<[^>]{0,2000}>")
# the filler of a table's lines that hold no row of their own: read_table passes over it
_FILLER = "|---|"


def _cell_text(body: str) -> str:
    body = _ANCHOR.sub(lambda m: f"[{_ANY_TAG.sub('', m['text']).strip()}]({m['url']})", body)
    body = _BOLD_TAG.sub("**", body)
    body = re.sub(r"(?i)<(?:br|/p|/li|/div)\b[^>]*>", " ", body)
    text = " ".join(_ANY_TAG.sub("", body).split())
    return text.replace("|", "\\|")


def html_tables(lines: list[str]) -> list[str]:
    """HTML tables (web pages, Confluence and Google Docs exports) as the Markdown tables they
    show: the header row as a wiki header (`||Action||Owner||`, which needs no separator
    line), each row on the line where it starts, the table's other lines a filler that the
    table reader passes over. Line numbers do not move. Nested tables are left as they are."""
    out = list(lines)
    i = 0
    while i < len(lines):
        if "<" not in lines[i] or (start := _TABLE_OPEN.search(lines[i])) is None:
            i += 1
            continue
        end = next((j for j in range(i, min(len(lines), i + 2000))
                    if _TABLE_CLOSE.search(lines[j], start.end() if j == i else 0)), None)
        if end is None:
            return out
        body = "\n".join(lines[i:end + 1])
        if len(_TABLE_OPEN.findall(body)) > 1:
            i = end + 1
            continue
        offsets = [0]
        for line in lines[i:end + 1]:
            offsets.append(offsets[-1] + len(line) + 1)
        rows: list[tuple[int, list[str]]] = []
        for row in _ROW.finditer(body):
            cells = [_cell_text(c["body"]) for c in _CELL.finditer(row["body"])]
            if cells and any(cells):
                at = i + bisect.bisect_right(offsets, row.start()) - 1
                rows.append((at, cells))
        # two rows that start on one line: the table is read from that line on, row by row
        if len(rows) < 2 or len({at for at, _ in rows}) < len(rows):
            i = end + 1
            continue
        for j in range(i, end + 1):
            out[j] = _FILLER
        header_at, header = rows[0]
        out[header_at] = "||" + "||".join(header) + "||"
        for at, cells in rows[1:]:
            out[at] = "| " + " | ".join(cells) + " |"
        for j in range(i, header_at):
            out[j] = ""
        if out[end] == _FILLER:
            out[end] = ""  # the table ends here
        i = end + 1
    return out


_HTML_LIST_TAG = lazy(r"(?i)<(/?)(?:ul|ol)\b[^>]*>")


def _html_list_depths(lines: list[str]) -> list[int]:
    """For each line, how deep in HTML lists (`<ul>` in `<ul>`) its `<li>` stands: 0 outside
    or in the outermost list. Exporters write nested lists without indenting them."""
    depths, depth = [], 0
    for line in lines:
        if "<" not in line or not _HTML_LIST_TAG.search(line):
            depths.append(max(depth - 1, 0))
            continue
        li = line.lower().find("<li")
        before = line if li < 0 else line[:li]
        for m in _HTML_LIST_TAG.finditer(before):
            depth = max(depth - 1, 0) if m[1] else depth + 1
        depths.append(max(depth - 1, 0))
        if li >= 0:
            for m in _HTML_LIST_TAG.finditer(line, li):
                depth = max(depth - 1, 0) if m[1] else depth + 1
    return depths


# Exporters (Google Docs, some wikis) escape punctuation inside the text too: "Chris \- add
# alerts \- not too noisy", "pg\_terminate", "\#123". Read as the character, except where it
# would change the structure: `\*` and `\_` pairs (emphasis), `\[` `\]` `\(` `\)` (links,
# boxes), `\|` (a table cell), `\<` `\>` (tags, quotes), `\`` (code) and quotes (YAML
# strings) stay escaped, and so does the first character of a line (`\#` is not a heading,
# `\-` not a bullet).
_ESCAPED = lazy(r"(?<=[^\s\\])\\([-.=!#+,/:;?@~&%$^{}])|(?<=\s)\\([-.=!#+,/:;?@~&%$^])"
                r"|(?<=\w)\\(_)(?=\w)")


# "\[[SE-4263](https://...)\]": an exporter's escaped brackets around a link, the key
# bracketed as a tracker writes it ("[[SE-4263](...)]")
_BRACKETED_LINK = lazy(r"\\\[(\[[^\]\n]{1,200}\]\([^)\s]{1,500}\))\\\]")


def _unescape(line: str) -> str:
    if "\\" not in line:
        return line
    line = _BRACKETED_LINK.sub(r"[\1]", line)
    start = len(line) - len(line.lstrip()) + 2  # the line's first character stays as written
    return line[:start] + _ESCAPED.sub(lambda m: m[1] or m[2] or m[3], line[start:])


# HTML block tags on a line of their own separate paragraphs, as a blank line does; a
# paragraph written `<p>text</p>` on one line is its text. Entities read as their characters.
_BLOCK_TAG = lazy(r"^\s*(?:</?(?:p|div|section|article|ul|ol|br|hr|span|center|table"
                        r"|tbody|thead|details|blockquote|html|head|body|main|header)\b[^>]*>"
                        r"\s*)+$", re.I)
_PARAGRAPH_TAG = lazy(r"^(\s*)<p\b[^>]*>(.*?)(?:</p>)?\s*$", re.I)
# A line that opens with the inline tags rich-text editors wrap every run of text in.
_STYLED = lazy(r"^\s*<(?:span|font|strong|b)\b[^>]*>", re.I)
_BOLD_TAG = lazy(r"</?(?:strong|b)\b[^>]*>", re.I)
_INLINE_STYLE = lazy(r"</?(?:span|font)\b[^>]*>|<br\s*/?>", re.I)
_ENTITY = lazy(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


def _html_block(line: str) -> str:
    if "<" in line[:60]:
        if _BLOCK_TAG.match(line):
            return ""
        if (m := _PARAGRAPH_TAG.match(line)) is not None:
            line = m[1] + re.sub(r"</p>\s*$", "", m[2]).lstrip()
        if _STYLED.match(line):
            # a blog editor's paragraph: `<span style=...><strong>To Do</strong></span><br />`
            # reads as its text, bold as bold
            line = _INLINE_STYLE.sub("", _BOLD_TAG.sub("**", line)).strip()
    if "&" in line:
        line = _ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    return line


# An HTML list item on a line of its own (`<li>Add an alert</li>`, some exporters and authors
# write lists this way) reads as a Markdown bullet.
_HTML_ITEM = lazy(r"^(?P<indent>\s*)(?:<[uo]l[^>]*>\s*)?<li[^>]*>(?P<text>.*?)(?:</li>)?"
                        r"(?:\s*</[uo]l>)?\s*$", re.I)


def _html_item(line: str, depth: int = 0) -> str:
    if "<li" not in line[:40].lower() or (m := _HTML_ITEM.match(line)) is None:
        return line
    indent = m["indent"] or "  " * depth
    return f"{indent}- {m['text']}" if m["text"].strip() else ""


# Blockquote markers: Notion puts toggled to-dos in quotes (`> - [ ] ...`), and emails quote
# the write-up they reply to. The quoted text is still the document's text.
_QUOTE = lazy(r"^(?: {0,3}>)+ ?")


def quoted_lines(text: str) -> list[bool]:
    """For each line of `split_lines(text)`, whether it sits in a blockquote (`> ...`)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [_QUOTE.match(line.expandtabs(4)) is not None for line in text.split("\n")]


# Exporters (Google Docs, some wikis) escape list markers: `\- item`, `1\. item`.
_ESCAPED_MARKER = lazy(r"^(\s*(?:\d{1,3})?)\\(?=[-*+.)]\s)")


def mask_code_and_comments(lines: list[str], quoted: list[bool] | None = None
                           ) -> tuple[list[str], list[tuple[int, int]]]:
    """The lines with code blocks, HTML comments and MDX/reST machinery blanked (line numbers
    kept): nothing inside them is a heading or an item. Also the (start, end) line ranges of
    the code blocks. A fence opened inside a blockquote (`quoted`, per line) ends with the
    quote, as in CommonMark: an email quoting a stack trace whose closing backticks trail its
    last line does not swallow the rest of the write-up."""
    out: list[str] = []
    code: list[tuple[int, int]] = []
    fence: str | None = None
    fence_quoted = False
    nested_md = False  # the open fence holds a Markdown example (```markdown)
    depth = 0  # fences opened inside it, not yet closed
    in_comment = False
    until_indent: int | None = None  # inside a reST directive's indented body
    in_pre = False  # inside an HTML <pre> block: code, as a fence is
    chrome: re.Pattern[str] | None = None  # the end of a page's <script>, <footer>, <nav>
    for n, line in enumerate(lines):
        if chrome is not None:
            out.append("")
            if chrome.search(line):
                chrome = None
            continue
        if fence is None and not in_comment and "<" in line[:20] \
                and (m := _CHROME_OPEN.match(line)) is not None:
            # a web page's machinery and frame (scripts, styles, its footer and navigation)
            # around the write-up: no heading or item in it
            out.append("")
            closing = re.compile(rf"</{m['tag']}\s*>", re.I)
            if not closing.search(line, m.end()):
                chrome = closing
            continue
        if in_pre:
            out.append("")
            if _PRE_CLOSE.search(line):
                in_pre = False
                code[-1] = (code[-1][0], n + 1)
            continue
        if fence is None and not in_comment and _PRE_OPEN.match(line) \
                and not _PRE_CLOSE.search(line):
            in_pre = True
            code.append((n, len(lines)))
            out.append("")
            continue
        if fence is not None and fence_quoted and quoted is not None \
                and not (n < len(quoted) and quoted[n]):
            fence = None
            code[-1] = (code[-1][0], n)
        if fence is not None:
            out.append("")
            stripped = line.strip()
            if nested_md and _FENCE_WITH_INFO.match(stripped) and stripped.startswith(fence):
                depth += 1  # "```typescript" inside "```markdown": an example's own code
            elif stripped.startswith(fence) and set(stripped) == {fence[0]}:
                if depth:
                    depth -= 1
                    continue
                fence = None
                code[-1] = (code[-1][0], n + 1)
            continue
        if until_indent is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > until_indent \
                    or line.strip() in ("}", "};", "})", ");"):
                out.append("")
                continue
            until_indent = None
        if in_comment:
            end = line.find("-->")
            if end < 0:
                out.append("")
                continue
            in_comment = False
            line = " " * (end + 3) + line[end + 3:]
        line, in_comment = _drop_comments(line)
        m = _FENCE.match(line)
        if m and m["fence"][0] == "`" and "`" in line[m.end():]:
            m = None  # "```Hostname does not match```": code in a line, no fence (CommonMark)
        if m and not _is_underline(out, line, m["fence"]):
            fence = m["fence"]
            # A Markdown example may hold fenced code of its own, fenced the same way (as
            # its author meant, if not as CommonMark reads it)
            nested_md = bool(_MARKDOWN_INFO.match(line[m.end():]))
            depth = 0
            fence_quoted = quoted is not None and n < len(quoted) and quoted[n]
            code.append((n, len(lines)))
            out.append("")
            continue
        if _REST_DIRECTIVE.match(line) and not REST_LIST_TABLE.match(line) \
                or (not n or not out[-1]) and _MDX_LINE.match(line):
            until_indent = len(line) - len(line.lstrip())
            out.append("")
            continue
        out.append(line.rstrip() if line.strip() else "")
    return out, code


# A `~~~~` line right under a line of text at least as long, with nothing after the marks,
# underlines a reStructuredText heading: it does not open a code block. (A backtick fence
# right under a line of text is common in Markdown, so it always opens one.)
def _is_underline(before: list[str], line: str, marks: str) -> bool:
    stripped = line.strip()
    previous = before[-1].strip() if before else ""
    return marks[0] == "~" and bool(previous) and stripped == marks \
        and len(stripped) >= len(previous) and len(previous.split()) <= 15


# reST directives and comments (`.. image:: x.png`, `.. code:: python`, `.. _label:`), whose
# indented bodies are code or configuration; MDX `import`/`export` statements.
_REST_DIRECTIVE = lazy(r"^\s*\.\.(?:\s+[\w:-]+::|\s+_[^:]*:|\s*$|\s+\|[^|]+\|)")
# (a list-table's body is a table: read as one, see celltables)
REST_LIST_TABLE = lazy(r"^\s*\.\.\s+list-table::")
_PRE_OPEN = lazy(r"^\s*<pre\b[^>]*>", re.I)
_CHROME_OPEN = lazy(r"^\s*<(?P<tag>script|style|noscript|footer|nav)\b[^>]*>", re.I)
_PRE_CLOSE = lazy(r"</pre\s*>", re.I)
_MDX_LINE = lazy(r"^(?:import\s+[\w{}*,\s]+\s+from\s+['\"][^'\"]+['\"];?\s*$"
                       r"|export\s+(?:const|default|function|let)\b)")


def _drop_comments(line: str) -> tuple[str, bool]:
    """The line without its HTML comments, and whether a comment stays open after it."""
    while "<!--" in line:
        start = line.find("<!--")
        end = line.find("-->", start + 4)
        if end < 0:
            return line[:start], True
        line = line[:start] + line[end + 3:]
    return line, False


_IMAGE = lazy(r"!\[[^\]]{0,400}\]\([^)]{0,2000}\)")
_LINK = lazy(r"\[(?P<text>[^\]]{0,400})\]\((?P<url>[^)\s]{0,2000})(?:\s+\"[^\"]{0,400}\")?\)")
_AUTOLINK = lazy(r"<(?:https?://|mailto:)[^>\s]+>")
# Spans are bounded so that text full of unmatched markers costs linear time, not quadratic.
_EMPHASIS = (lazy(r"\*\*(?=\S)([^\n]{1,400}?)(?<=\S)\*\*"),
             lazy(r"__(?=\S)([^\n]{1,400}?)(?<=\S)__"),
             lazy(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,400}?)(?<=\S)\*(?![\w*])"),
             lazy(r"(?<![\w_])_(?=[^\s_])([^_\n]{1,400}?)(?<=\S)_(?![\w_])"),
             lazy(r"~~(?=\S)([^~\n]{1,400}?)(?<=\S)~~"))
_CODE = lazy(r"`+([^`]{1,400})`+")
# HTML tags, by name: `<command>` or `<host>` in a task ("-alertnotify=<command>") is the
# task's own text, not markup.
HTML_TAG = lazy(r"(?i)</?(?:a|abbr|b|big|blockquote|br|center|cite|code|del|details|div"
                      r"|em|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|pre|q|s|samp|small|span"
                      r"|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul"
                      r"|var)\b[^>]*>")


def strip_emphasis(text: str) -> str:
    if not any(ch in text for ch in "*_~`"):
        return text
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return _CODE.sub(r"\1", text)


def strip_markdown(text: str) -> str:
    """Markdown reduced to its text: links to their text, emphasis and code to their content."""
    if not any(ch in text for ch in "[<*_~`"):
        return " ".join(text.split())
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m["text"], text)
    text = _AUTOLINK.sub("", text)
    text = HTML_TAG.sub("", text)
    text = strip_emphasis(text)
    return " ".join(text.split())


def heading_key(text: str) -> str:
    """Lower-case words only, for matching names: "What we're doing about it:" ->
    "what we re doing about it"."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def search_tail(pattern: re.Pattern[str], text: str, *, window: int = 160
                ) -> re.Match[str] | None:
    """An end-anchored pattern searched in the last `window` characters only: trailing
    annotations are short, and trying every position of a long item costs time."""
    return pattern.search(text, max(0, len(text) - window))


_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "incl.", "dr.", "mr.", "ms.",
                  "no.", "st.", "fig.", "cf.", "est.", "min.")
# (a sentence may open with code: "... in the timer schedule. `backup` runs nightly")
_SENTENCE_END = lazy(r"(?<=[\w)`\"'’”%])([.!?])\s+(?=[\"'“‘(\[*_`]?[A-Z0-9@]|`[a-z])")
_SENTENCE_END_LOWER = lazy(r"(?<=[\w)`\"'’”%])([.!?])\s+(?=[\"'“‘(\[*_`]?[A-Za-z0-9@])")


def first_sentence(text: str) -> str:
    """The first sentence of the text (abbreviations such as "e.g." do not end one, nor does a
    full stop inside a quotation: 'Stop writing "ERROR: Failed. Saving report"')."""
    quotes, counted = 0, 0
    # A writer who opens sentences in lower case ("bring the host under the managed config.
    # it had drifted ...") ends them before lower case too.
    # So does a long entry of notes ("UV tasks failing. localtest pointed to old blobs.
    # Updated 4 rules. Still failing."): its line is no place for a whole paragraph.
    ends = _SENTENCE_END_LOWER if text[:1].islower() or len(text) > 140 else _SENTENCE_END
    for m in ends.finditer(text):
        quotes += text.count('"', counted, m.start(1))
        counted = m.start(1)
        if quotes % 2:
            continue  # inside an open quotation
        before = text[: m.end(1)]
        word = before.rsplit(None, 1)[-1]
        # the abbreviation is the whole last word: "systems." does not end in "ms.", nor
        # "admin." in "min."
        if word.casefold().lstrip("([{\"'“‘*_`") in _ABBREVIATIONS:
            continue
        if m.group(1) == "." and re.fullmatch(r"[A-Z]\.|\d+\.", word):
            continue  # an initial ("J. Smith") or a number ("No. 5.")
        return text[: m.start(1) + (1 if m.group(1) != "." else 0)]
    return text
