"""Confluence/Jira and MediaWiki markup read as the Markdown it stands for.

Postmortems exported from Confluence or pasted from a Jira description use `h2. Action items`
headings, `# item` numbered lists (a Markdown heading otherwise), `* item` bullets nested by
repeating the marker (`** sub-item`), `[~user]` mentions, `[text|url]` links, `{code}` or
`{noformat}` blocks, and tables whose header cells are written `||Action||Owner||`.

MediaWiki (BIPs, wikis) writes `==Section==` headings, `'''bold'''`, `# item` numbered lists and
`[url text]` links, with `<pre>` blocks.

Org-mode (Emacs) writes `* Section` headings (a Markdown bullet otherwise), `#+TITLE:` and
`#+DATE:` keywords, `#+BEGIN_SRC` blocks, `~code~` and `[[url][text]]` links.

A document is read this way only when it has at least one `hN.` heading (Confluence), two
`==Section==` headings (MediaWiki), or opens with Org keywords (`#+TITLE:`, `#+AUTHOR:`,
`#+DATE:`): `# ` means a heading in every Markdown document, `* ` a bullet. Lines are
rewritten one for one, so line numbers do not move.
"""

from __future__ import annotations

import re

from .lazyre import lazy

_WIKI_HEADING = lazy(r"^\s{0,3}h(?P<level>[1-6])\.\s+(?P<text>\S.*)$")
_WIKI_LIST = lazy(r"^\s*(?P<marks>[#*]+)\s+(?P<text>\S.*)$")
_MENTION = lazy(r"\[~(?:accountid:)?(?P<user>[\w.@-]+)\]")
_LINK = lazy(r"\[(?P<text>[^\[\]|~]*)\|(?P<url>(?:https?|mailto):[^\[\]|\s]+)"
                   r"(?:\|[^\[\]]*)?\]")
_BLOCK = lazy(r"^\s*\{(?:code|noformat)(?::[^}]*)?\}\s*$")


def is_wiki_markup(lines: list[str]) -> bool:
    return any(_WIKI_HEADING.match(line) for line in lines[:2000])


_ORG_KEYWORD = lazy(r"(?i)^#\+(?P<key>[a-z_]+):\s*(?P<value>.*)$")
_ORG_HEADING = lazy(r"^(?P<stars>\*+)\s+(?P<text>\S.*)$")
_ORG_BLOCK = lazy(r"(?i)^\s*#\+(?:begin|end)_(?:src|example|quote)\b")
_ORG_LINK = lazy(r"\[\[(?P<url>[^\[\]]+)\](?:\[(?P<text>[^\[\]]*)\])?\]")
_ORG_CODE = lazy(r"(?<![\w~=])[~=](?=\S)(?P<code>[^~=\n]{1,200}?)(?<=\S)[~=](?![\w~=])")


def is_org(lines: list[str]) -> bool:
    """An Org-mode document: its first lines are `#+KEY:` keywords such as `#+TITLE:`."""
    head = [line for line in lines[:40] if line.strip()][:8]
    return any((m := _ORG_KEYWORD.match(line)) is not None
               and m["key"].lower() in ("title", "author", "date", "options", "startup")
               for line in head)


def _org_line(line: str, in_block: bool) -> str:
    if in_block:
        return line
    if (m := _ORG_KEYWORD.match(line)) is not None:
        key = m["key"].lower()
        if key == "title":
            return "# " + m["value"]
        return f"{key.capitalize()}: {m['value']}" if key in ("date", "author") else ""
    line = _ORG_LINK.sub(lambda m: f"[{m['text'] or m['url']}]({m['url']})", line)
    line = _ORG_CODE.sub(lambda m: f"`{m['code']}`", line)
    if (m := _ORG_HEADING.match(line)) is not None:
        return "#" * min(len(m["stars"]) + 1, 6) + " " + m["text"]
    return line


def _org_to_markdown(lines: list[str]) -> list[str]:
    out, in_block = [], False
    for line in lines:
        if _ORG_BLOCK.match(line):
            in_block = line.strip().lower().startswith("#+begin")
            out.append("```")
            continue
        out.append(_org_line(line, in_block))
    return out


def wiki_to_markdown(lines: list[str]) -> list[str]:
    """The lines with wiki markup rewritten as Markdown (the same number of lines)."""
    if is_org(lines):
        return _org_to_markdown(lines)
    if is_mediawiki(lines):
        return [_mediawiki_line(line) for line in lines]
    if not is_wiki_markup(lines):
        return lines
    out: list[str] = []
    in_block = False
    for line in lines:
        if _BLOCK.match(line):
            in_block = not in_block
            out.append("```")
            continue
        if in_block:
            out.append(line)
            continue
        out.append(_wiki_line(line))
    return out


def _wiki_line(line: str) -> str:
    line = _MENTION.sub(lambda m: "@" + m["user"], line)
    line = _LINK.sub(lambda m: f"[{m['text'] or m['url']}]({m['url']})", line)
    if (m := _WIKI_HEADING.match(line)) is not None:
        return "#" * int(m["level"]) + " " + m["text"]
    if (m := _WIKI_LIST.match(line)) is not None:
        # `##` / `**` nest one level per repeated mark; the last mark says numbered or not.
        depth = len(m["marks"]) - 1
        marker = "1." if m["marks"][-1] == "#" else "-"
        return "   " * depth + marker + " " + m["text"]
    return line


_MW_HEADING = lazy(r"^(?P<marks>={2,6})\s*(?P<text>[^=\s][^=]*?)\s*(?P=marks)\s*$")
_MW_LINK = lazy(r"(?<!\[)\[(?P<url>https?://[^\s\]]+)(?:\s+(?P<text>[^\]]+))?\](?!\()")
_MW_PRE = lazy(r"^\s*</?pre\b[^>]*>\s*$", re.I)


def is_mediawiki(lines: list[str]) -> bool:
    return sum(1 for line in lines[:2000] if _MW_HEADING.match(line)) >= 2


def _mediawiki_line(line: str) -> str:
    if _MW_PRE.match(line):
        return "```"
    if (m := _MW_HEADING.match(line)) is not None:
        return "#" * len(m["marks"]) + " " + m["text"]
    line = line.replace("'''", "**").replace("''", "*")
    line = _MW_LINK.sub(lambda m: f"[{m['text'] or m['url']}]({m['url']})", line)
    if (m := _WIKI_LIST.match(line)) is not None:
        depth = len(m["marks"]) - 1
        marker = "1." if m["marks"][-1] == "#" else "-"
        return "   " * depth + marker + " " + m["text"]
    return line
