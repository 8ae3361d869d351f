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
                         r"|verantwoordelijke)\b"
                         # Japanese, Chinese, Korean (no word boundaries there)
                         r"|担当者?|責任者|オーナー|负责人|责任人|负责|处理人|跟进人|담당자?|책임자")),
    ("kind", lazy(r"\b(?:type|kind|category|class)\b|カテゴリー?|種別|分類|区分|类型|类别|分类"
                  r"|유형|분류|종류|구분")),
    # (an "Outcome" or "Result" column states where each item ended: "Resolved by PR #47")
    ("status", lazy(r"\b(?:status|state|done|progress|complete|outcome|result)\b"
                    r"|状態|ステータス|状況|進捗|状态|进度|进展|상태|진행")),
    ("priority", lazy(r"\b(?:priority|prio|severity|sev|importance)\b|優先度|優先順位|优先级"
                      r"|우선순위|중요도")),
    # ("By" alone or "By when" is a due column; "Triggered by", "Found by" are not)
    ("due", lazy(r"\b(?:due|eta|target|deadline|when|date)\b|^by\b"
                 # German, Nordic, Dutch, French, Spanish, Portuguese, Italian
                 r"|\b(?:frist|termin|fällig\w*|zieldatum|bis wann|tidsfrist|deadline"
                 r"|uiterlijk|échéance|date limite|fecha(?: límite)?|plazo|prazo|scadenza)\b"
                 r"|期限|期日|締切|締め切り"
                 r"|予定日|完了予定|目標日|截止|完成时间|计划完成|预计完成|기한|마감|예정일|목표일")),
    # (a column named after the tracker: "Jira", "Linear", "GitHub", "YouTrack", "Redmine")
    ("links", lazy(r"\b(?:bugs?|issues?|tickets?|links?|jira|linear|github|gitlab|youtrack"
                         r"|redmine|asana|shortcut|clubhouse|trello|tracking|references?|prs?"
                         r"|keys?|records?|ids?|refs?|evidence|commits?|work ?items?"
                         r"|referanse|referens|referencia|référence|riferimento|referenz)\b"
                         r"|チケット|イシュー|工单|链接|티켓|이슈|링크")),
    ("title", lazy(r"\b(?:action|actions|item|items|task|tasks|description|title|what"
                         r"|follow ?ups?|remediation|measures?|improvements?|summary"
                         r"|purpose|goal|objective"
                         r"|aksjon\w*|tiltak|åtgärd\w*|tiltag|toimenpi\w*|ma(?:ß|ss)nahmen?"
                         r"|mesures?|acci(?:ón|ones)|aç(?:ão|ões)|azion[ei]|acties?)\b"
                         r"|アクション|対策|施策|タスク|内容|対応|改善策|行动|措施|改进|任务|事项|待办"
                         r"|描述|액션|조치|작업|내용|개선|할 일")),
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
    link_column = dict(_ROLES)["links"]
    for n, cell in enumerate(header):
        if n not in roles and "links" in roles.values() \
                and link_column.search(heading_key(cell)):
            roles[n] = "links"  # "| ID | Action | ... | Evidence |": a second column of links
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


def cells_by_role(roles: dict[int, str], cells: list[str]) -> dict[str, str]:
    """A row's cells by column role; the cells of two columns of one role (links) joined."""
    row: dict[str, str] = {}
    for n, role in roles.items():
        if n < len(cells):
            row[role] = f"{row[role]} {cells[n]}" if role in row else cells[n]
    return row


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
        row = cells_by_role(roles, cells)
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
                            r"|acties?"
                            # Japanese, Chinese, Korean
                            r"|アクション(?: ?アイテム)?|対策(?:内容)?|施策|タスク|改善策"
                            r"|行动项|措施|改进(?:项|措施)|任务|待办(?:事项)?"
                            r"|액션(?: ?아이템)?|조치(?: ?사항)?"
                            r"|작업|개선(?: ?사항)?)$")


def is_action_table(header: tuple[str, ...]) -> bool:
    """A table whose own header says it lists tasks: an action column and at least one
    column of their fields (owner, type, status, due, ticket)."""
    keys = [heading_key(strip_emphasis(cell)) for cell in header]
    roles = column_roles(list(header))
    return any(_ACTION_COLUMN.match(k) for k in keys) and any(
        role in ("owner", "kind", "status", "due", "links") for role in roles.values())
