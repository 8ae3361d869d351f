"""Markdown tables of action items, columns recognised by their header.

| Action Item | Type | Owner | Bug |  ->  title, kind, owner, links (+ status words in the cell)

Confluence/Jira wiki tables have no separator line; their header cells are `||Action||Owner||`.
"""

from __future__ import annotations

import re

from .lazyre import lazy
from .text import heading_key, strip_emphasis

# A wiki-markup header row: `||Action||Owner||`, followed by `|cell|cell|` rows.
_WIKI_HEADER = lazy(r"^\s*\|\|.*\|\|\s*$")
_SEPARATOR = lazy(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")

# Column roles in the order they claim a header: "Due date" is a due column before "date" could
# be anything else, "Action item" is the title.
_ROLES = (
    ("owner", lazy(r"\b(?:owners?|owning|assignees?|who|responsible|assigned(?: to)?|dri"
                         r"|lead|team"
                         # owner / responsible in other languages
                         r"|eier|ansvarlig|ägare|ansvarig|ejer|omistaja|vastuu\w*|verantwortlich\w*"
                         r"|zuständig\w*|responsable|responsável|responsabile|eigenaar"
                         r"|verantwoordelijke)\b")),
    ("kind", lazy(r"\b(?:type|kind|category|class)\b")),
    # (an "Outcome" or "Result" column states where each item ended: "Resolved by PR #47")
    ("status", lazy(r"\b(?:status|state|done|progress|complete|outcome|result)\b")),
    ("priority", lazy(r"\b(?:priority|prio|severity|sev|importance)\b")),
    # ("By" alone or "By when" is a due column; "Triggered by", "Found by" are not)
    ("due", lazy(r"\b(?:due|eta|target|deadline|when|date)\b|^by\b")),
    # (a column named after the tracker: "Jira", "Linear", "GitHub", "YouTrack", "Redmine")
    ("links", lazy(r"\b(?:bugs?|issues?|tickets?|links?|jira|linear|github|gitlab|youtrack"
                         r"|redmine|asana|shortcut|clubhouse|trello|tracking|references?|prs?"
                         r"|keys?|records?|ids?|refs?"
                         r"|referanse|referens|referencia|référence|riferimento|referenz)\b")),
    ("title", lazy(r"\b(?:action|actions|item|items|task|tasks|description|title|what"
                         r"|follow ?ups?|remediation|measures?|improvements?|summary"
                         r"|purpose|goal|objective"
                         r"|aksjon\w*|tiltak|åtgärd\w*|tiltag|toimenpi\w*|ma(?:ß|ss)nahmen?"
                         r"|mesures?|acci(?:ón|ones)|aç(?:ão|ões)|azion[ei]|acties?)\b")),
    # what led to the item or remarks on it, never its title: "Triggered by", "Cause", "Notes"
    ("note", lazy(r"\b(?:triggered|caused|found|reported|raised|surfaced) by\b|^(?:causes?"
                        r"|reasons?|why|source|origin|context|notes?|comments?|remarks?"
                        r"|lessons?)$")),
)


def split_row(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [cell.replace("\\|", "|").strip() for cell in re.split(r"(?<!\\)\|", line)]


def is_table_start(lines: list[str], i: int) -> bool:
    if "|" not in lines[i] or i + 1 >= len(lines) or "|" not in lines[i + 1]:
        return False
    if _is_wiki_header(lines, i):
        return True
    return _separates(lines[i + 1]) or _separator_misplaced(lines, i)


def _separates(line: str) -> bool:
    return bool(_SEPARATOR.match(line)) and "-" in line


def _separator_misplaced(lines: list[str], i: int) -> bool:
    """A table of tasks whose separator line came after its first rows ("| Aksjon | Type |
    Eier |", a row, then "| --- | --- |"): GitHub shows it as text, its author meant a table.
    Only for a header that names a column of tasks and one of their fields."""
    if not is_action_table(tuple(split_row(lines[i]))):
        return False
    for j in range(i + 2, min(i + 5, len(lines))):
        if "|" not in lines[j] or not lines[j].strip():
            return False
        if _separates(lines[j]):
            return True
    return False


def _is_wiki_header(lines: list[str], i: int) -> bool:
    nxt = lines[i + 1].lstrip()
    return bool(_WIKI_HEADER.match(lines[i])) and nxt.startswith("|") and \
        not nxt.startswith("||")


def column_roles(header: list[str]) -> dict[int, str]:
    roles: dict[int, str] = {}
    for role, pattern in _ROLES:
        for n, cell in enumerate(header):
            if n not in roles and pattern.search(heading_key(cell)):
                roles[n] = role
                break
    if "title" not in roles.values():
        free = [n for n in range(len(header)) if n not in roles]
        links = [n for n, role in roles.items() if role == "links"]
        if free:
            roles[free[0]] = "title"
        elif links:
            # "| Issue | Triggered by | Outcome |": the issue column names each item ("#41 -
            # alerting gap"); its reference is still the item's link
            roles[links[0]] = "title"
    return roles


def read_table(lines: list[str], start: int
               ) -> tuple[tuple[str, ...], tuple[tuple[int, dict[str, str]], ...], int]:
    """The header cells of the table whose header is at `start`, its rows (line index and
    cells by column role), and the index after the table."""
    wiki = _is_wiki_header(lines, start)
    header = split_row(lines[start].replace("||", "|") if wiki else lines[start])
    roles = column_roles(header)
    rows: list[tuple[int, dict[str, str]]] = []
    i = start + (1 if wiki or not _separates(lines[start + 1]) else 2)
    while i < len(lines) and lines[i].strip() and "|" in lines[i]:
        if _separates(lines[i]):  # a separator out of place, or a second one
            i += 1
            continue
        cells = split_row(lines[i])
        row = {role: cells[n] for n, role in roles.items() if n < len(cells)}
        if row.get("title", "").strip():
            rows.append((i, row))
        i += 1
    return tuple(header), tuple(rows), i


# A header cell that names the column of tasks: "Action item", "Follow-up", "Remediation".
_ACTION_COLUMN = lazy(r"^(?:action items?|actions?|follow ?ups?|remediation(?: items?)?"
                            # "Remediation action required", "Next action", "Action needed"
                            r"|(?:remediation |corrective |next |required )?actions? (?:required"
                            r"|needed|to take)|(?:remediation|corrective|next|required) actions?"
                            r"|corrective actions?|preventive actions?|tasks?|todo|to do"
                            r"|aksjon(?:er|spunkt)?|tiltak|åtgärd(?:er)?|tiltag|toimenpide"
                            r"|ma(?:ß|ss)nahmen?|mesures?|acci(?:ón|ones)|aç(?:ão|ões)|azion[ei]"
                            r"|acties?)$")


def is_action_table(header: tuple[str, ...]) -> bool:
    """A table whose own header says it lists tasks: an action column and at least one
    column of their fields (owner, type, status, due, ticket)."""
    keys = [heading_key(strip_emphasis(cell)) for cell in header]
    roles = column_roles(list(header))
    return any(_ACTION_COLUMN.match(k) for k in keys) and any(
        role in ("owner", "kind", "status", "due", "links") for role in roles.values())
