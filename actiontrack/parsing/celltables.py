"""Tables of AsciiDoc and reStructuredText, whose cells stand on lines of their own.

- AsciiDoc: `|===` opens and closes the table; each cell starts with `|` (several may share a
  line); `[cols="1,3,1"]` above it gives the number of columns; the header is the first row
  when `options="header"` or `%header` says so, or when the first line holds a whole row and a
  blank line follows it (AsciiDoc's implicit header).
- reST `.. list-table::` (`:header-rows: 1`), each row a `* -` entry and each further cell a
  `-` entry under it.
- reST grid tables (`+-----+-----+` borders, `+=====+` under the header) and simple tables
  (`=====  =====` borders, the header between the first two).

Each is read into the same shape as a Markdown table: its header cells and its rows, each row
at the line of its title cell (so that `line` points at the task's own words), cells by column
role. A table without a header row names no columns and is read as before (not a table).
"""

from __future__ import annotations

import re

from .lazyre import lazy
from .tables import cells_by_role, column_roles
from .text import REST_LIST_TABLE

Rows = tuple[tuple[int, dict[str, str]], ...]
Table = tuple[tuple[str, ...], Rows, int]

_ADOC_FENCE = lazy(r"^\s*\|===+\s*$")
_ADOC_ATTRS = lazy(r"^\s*\[(?P<attrs>[^\]]*)\]\s*$")
# a cell's start: an optional specifier (`2+`, `3*`, `^.^`, `a`) then the bar
_ADOC_CELL = lazy(r"(?:(?<=\s)|^)(?:\d+(?:\.\d+)?[+*])?[<^>]?(?:\.[<^>])?[adehlmsv]?(?<!\\)\|")
_HEADER_ROWS = lazy(r"^\s*:header-rows:\s*(?P<n>\d+)\s*$")
_OPTION = lazy(r"^\s*:[\w-]+:")
_LIST_CELL = lazy(r"^(?P<indent>\s*)(?P<row>\*\s+)?-(?:\s+(?P<text>.*))?$")
_GRID_BORDER = lazy(r"^\s*\+(?:[-=]+\+)+\s*$")
_SIMPLE_BORDER = lazy(r"^\s*=+(?:\s+=+)+\s*$")


def is_cell_table_start(lines: list[str], i: int) -> bool:
    line = lines[i]
    if _ADOC_FENCE.match(line):
        return True
    if _ADOC_ATTRS.match(line) and i + 1 < len(lines) and _ADOC_FENCE.match(lines[i + 1]):
        return True
    return bool(REST_LIST_TABLE.match(line) or _GRID_BORDER.match(line)
                or _SIMPLE_BORDER.match(line))


def read_cell_table(lines: list[str], i: int) -> Table | None:
    """The table that starts at line `i` (header, rows, the index after it), or None when it
    has no header row to name its columns."""
    line = lines[i]
    if _ADOC_FENCE.match(line) or _ADOC_ATTRS.match(line):
        return _asciidoc(lines, i)
    if REST_LIST_TABLE.match(line):
        return _list_table(lines, i)
    if _GRID_BORDER.match(line):
        return _grid(lines, i)
    return _simple(lines, i)


def _table(header: list[str], rows: list[list[tuple[int, str]]], after: int) -> Table | None:
    if not any(header) or not rows:
        return None
    roles = column_roles(header)
    title_at = next((n for n, role in roles.items() if role == "title"), None)
    if title_at is None:
        return None
    out: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        cells = cells_by_role(roles, [text for _, text in row])
        if not cells.get("title", "").strip():
            continue
        out.append((row[title_at][0], cells))
    return (tuple(header), tuple(out), after) if out else None


def _join(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())


def _asciidoc(lines: list[str], i: int) -> Table | None:
    attrs = ""
    if (m := _ADOC_ATTRS.match(lines[i])) is not None:
        attrs = m["attrs"]
        i += 1
    end = next((j for j in range(i + 1, len(lines)) if _ADOC_FENCE.match(lines[j])), None)
    if end is None:
        return None
    cells: list[tuple[int, list[str]]] = []  # line of each cell, its text lines
    first_line_cells = 0
    first_line: int | None = None
    for j in range(i + 1, end):
        text = lines[j]
        starts = list(_ADOC_CELL.finditer(text))
        if not starts or text[: starts[0].start()].strip():
            if cells and text.strip():
                cells[-1][1].append(text.strip())
            continue
        if first_line is None:
            first_line, first_line_cells = j, len(starts)
        for k, m in enumerate(starts):
            stop = starts[k + 1].start() if k + 1 < len(starts) else len(text)
            cells.append((j, [text[m.end():stop].strip()]))
    if not cells or first_line is None:
        return None
    columns = _adoc_columns(attrs) or first_line_cells
    if columns < 2:
        return None
    header_said = bool(re.search(r"%header|options=\"?[^\"\]]*header", attrs))
    implicit = first_line_cells == columns and first_line + 1 < end \
        and not lines[first_line + 1].strip()
    if not (header_said or implicit):
        return None
    grid = [[(at, _join(parts)) for at, parts in cells[k:k + columns]]
            for k in range(0, len(cells), columns)]
    return _table([text for _, text in grid[0]], grid[1:], end + 1)


def _adoc_columns(attrs: str) -> int:
    m = re.search(r"cols\s*=\s*\"?(?P<spec>[^\"\]]+)", attrs)
    if m is None:
        return 0
    spec = m["spec"].strip()
    if (star := re.fullmatch(r"(\d+)\*.*", spec)) is not None:
        return int(star.group(1))
    return len([part for part in spec.split(",") if part.strip()])


def _list_table(lines: list[str], i: int) -> Table | None:
    base = len(lines[i]) - len(lines[i].lstrip())
    header_rows = 0
    rows: list[list[tuple[int, list[str]]]] = []
    cell_indent = None
    j = i + 1
    while j < len(lines):
        text = lines[j]
        if text.strip() and len(text) - len(text.lstrip()) <= base:
            break
        if (m := _HEADER_ROWS.match(text)) is not None and not rows:
            header_rows = int(m["n"])
        elif _OPTION.match(text) and not rows:
            pass
        elif (m := _LIST_CELL.match(text)) is not None and (
                m["row"] or (rows and cell_indent is not None
                             and len(m["indent"]) >= cell_indent)):
            if m["row"]:
                rows.append([])
                cell_indent = len(m["indent"])
            rows[-1].append((j, [m["text"] or ""]))
        elif text.strip() and rows and rows[-1]:
            rows[-1][-1][1].append(text.strip())
        j += 1
    if header_rows < 1 or len(rows) <= header_rows:
        return None
    grid = [[(at, _join(parts)) for at, parts in row] for row in rows]
    return _table([text for _, text in grid[0]], grid[header_rows:], j)


def _bounds(border: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[-=]+", border)]


def _grid(lines: list[str], i: int) -> Table | None:
    spans = _bounds(lines[i])
    if len(spans) < 2:
        return None
    rows: list[list[tuple[int, list[str]]]] = []
    current: list[tuple[int, list[str]]] | None = None
    header: list[str] | None = None
    j = i + 1
    while j < len(lines) and lines[j].strip() and lines[j].lstrip()[:1] in "+|":
        text = lines[j]
        if _GRID_BORDER.match(text):
            if current is not None:
                rows.append(current)
                current = None
            if "=" in text and header is None and rows:
                header = [_join(parts) for _, parts in rows[-1]]
                rows = []
            j += 1
            continue
        if current is None:
            current = [(j, []) for _ in spans]
        for n, (start, stop) in enumerate(spans):
            piece = text[start:stop].strip()
            if piece:
                if not current[n][1]:
                    current[n] = (j, [])
                current[n][1].append(piece)
        j += 1
    if header is None:
        return None
    grid = [[(at, _join(parts)) for at, parts in row] for row in rows]
    return _table(header, grid, j)


def _simple(lines: list[str], i: int) -> Table | None:
    spans = _bounds(lines[i])
    borders = [i]
    j = i + 1
    while j < len(lines) and len(borders) < 3:
        if _SIMPLE_BORDER.match(lines[j]):
            borders.append(j)
        elif not lines[j].strip() and len(borders) == 1:
            return None
        j += 1
    if len(borders) < 3:
        return None

    def cells(at: int) -> list[str]:
        text = lines[at]
        out = []
        for n, (start, _) in enumerate(spans):
            stop = spans[n + 1][0] if n + 1 < len(spans) else len(text)
            out.append(text[start:stop].strip())
        return out

    header = [" ".join(parts) for parts in zip(*(cells(at) for at in range(borders[0] + 1,
                                                                           borders[1])),
                                                      strict=True)]
    rows: list[list[tuple[int, list[str]]]] = []
    for at in range(borders[1] + 1, borders[2]):
        if not lines[at].strip():
            continue
        row = cells(at)
        if row[0] or not rows:
            rows.append([(at, [text] if text else []) for text in row])
        else:  # a blank first column goes on with the row above
            for n, text in enumerate(row):
                if text:
                    rows[-1][n][1].append(text)
    grid = [[(at, _join(parts)) for at, parts in row] for row in rows]
    return _table([" ".join(h.split()) for h in header], grid, borders[2] + 1)
