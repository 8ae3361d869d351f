"""The fake Jira's search: the small JQL subset a tracker integration sends, parsed as strictly
as Jira parses it, evaluated against a search index that lags behind writes.

Jira's search is eventually consistent: Cloud says "recent updates might not be immediately
visible" on `/search/jql`, and a Data Center cluster replicates index changes between nodes
after the write. Both are modelled the same way here: every write of an issue appends a
snapshot of what JQL can see of it (labels, status, created, properties); a search matches
against the newest snapshot at least `delay` seconds old, so an issue created less than
`delay` ago is invisible to JQL and a label edited less than `delay` ago still matches the old
label. What a search returns for a hit is the issue as stored now (Jira loads hits from the
database), and Cloud's `reconcileIssues` makes the named ids match as they are now.
Reads by key (`GET /issue/{key}`, `bulkfetch`) never go through the index.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import time
from dataclasses import dataclass, field
from typing import Any

JQL_RESERVED_CHARS = set('+.,;?|*/%^$#@[]')
JQL_RESERVED_WORDS = {"and", "or", "not", "empty", "null", "in", "is", "order", "by", "if",
                      "int", "was", "changed", "asc", "desc"}
LEGAL_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "t": "\t", "n": "\n", "r": "\r", " ": " "}
JQL_FIELDS = {"project", "labels", "key", "issuekey", "statuscategory", "created"}
ORDERABLE = {"key", "issuekey", "created", "id"}
COMPARISONS = ("=", "!=", ">=", "<=", ">", "<")

Clause = tuple[str, str, list[str]]


class JqlError(ValueError):
    """Jira answers 400 with this text in errorMessages."""


# -- the index -------------------------------------------------------------------------------

def view_of(stored: dict[str, Any]) -> dict[str, Any]:
    """What JQL can see of an issue: the fields the subset searches on."""
    return {"key": stored["key"], "labels": list(stored["fields"].get("labels") or []),
            "status": stored["status"], "created_at": stored["created_at"],
            "properties": copy.deepcopy(stored.get("properties") or {})}


@dataclass
class SearchIndex:
    """Snapshots of issues as JQL sees them, visible `delay` seconds after each write."""

    delay: float = 0.0
    _snapshots: dict[str, list[tuple[float, dict[str, Any]]]] = field(default_factory=dict)

    def write(self, stored: dict[str, Any]) -> None:
        now = time.monotonic()
        history = self._snapshots.setdefault(stored["id"], [])
        # Keep one snapshot already visible (the newest of those) and every later one.
        visible = [n for n, (t, _) in enumerate(history) if t <= now - self.delay]
        if visible:
            del history[:visible[-1]]
        history.append((now, view_of(stored)))

    def view(self, stored: dict[str, Any], *, reconcile: bool = False) -> dict[str, Any] | None:
        """The issue as the index sees it now; None while the index has not seen it yet."""
        if reconcile or self.delay <= 0:
            return view_of(stored)
        cutoff = time.monotonic() - self.delay
        seen = [snap for t, snap in self._snapshots.get(stored["id"], []) if t <= cutoff]
        return seen[-1] if seen else None


# -- evaluating ------------------------------------------------------------------------------

def search(issues: list[dict[str, Any]], jql: str, index: SearchIndex, project: str,
           project_id: str, statuses: dict[str, tuple[str, str]],
           reconcile: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The stored issues a JQL query finds, in its order, as the index sees them."""
    clauses, order = parse_jql(jql)
    for clause_field, _, values in clauses:
        if clause_field == "project" and not any(
                v.casefold() in (project.casefold(), project_id) for v in values):
            raise JqlError(f"The value '{values[0]}' does not exist for the field 'project'.")
    found = []
    for stored in issues:
        view = index.view(stored, reconcile=stored["id"] in reconcile)
        if view is not None and all(_matches(view, c, project, project_id, statuses)
                                    for c in clauses):
            found.append(stored)
    reverse = order is not None and order[1] == "desc"
    return sorted(found, key=lambda s: int(s["id"]), reverse=reverse)


def _matches(view: dict[str, Any], clause: Clause, project: str, project_id: str,
             statuses: dict[str, tuple[str, str]]) -> bool:
    fld, op, values = clause
    if fld == "created":
        return _compare(view["created_at"], op, _instant(values[0]))
    if fld == "project":
        hit = any(v.casefold() in (project.casefold(), project_id) for v in values)
    elif fld == "labels":
        hit = any(v in view["labels"] for v in values)
    elif fld in ("key", "issuekey"):
        if op in (">", ">=", "<", "<="):
            return _compare(_key_number(view["key"]), op, _key_number(values[0]))
        hit = any(v.casefold() == view["key"].casefold() for v in values)
    else:  # statuscategory
        hit = any(v.casefold() == statuses[view["status"]][1] for v in values)
    return hit if op in ("=", "in") else not hit


def _compare(left: float, op: str, right: float) -> bool:
    return {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right,
            "=": left == right, "!=": left != right}[op]


def _key_number(key: str) -> int:
    match = re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*-(\d+)", key.strip())
    if not match:
        raise JqlError(f"The issue key '{key}' for field 'key' is invalid.")
    return int(match.group(1))


_RELATIVE = re.compile(r"([-+]?)(\d+)([mhdw])")
_UNITS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def _instant(value: str) -> float:
    """A JQL date value as epoch seconds: relative (`-10m`, `-2h`, `-1d`, `-1w`) or absolute
    (`2024-05-01`, `2024/05/01 13:30`)."""
    text = value.strip()
    rel = _RELATIVE.fullmatch(text)
    if rel:
        seconds = int(rel.group(2)) * _UNITS[rel.group(3)]
        return time.time() + (-seconds if rel.group(1) == "-" else seconds)
    for fmt in ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC).timestamp()
        except ValueError:
            continue
    raise JqlError(f"Date value '{value}' for field 'created' is invalid. Valid formats "
                   "include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', "
                   "'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.")


# -- parsing ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(?P<str>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')"
                    r"|(?P<op>!=|>=|<=|=|>|<|\(|\)|,)|(?P<word>[^\s\"'(),=!<>]+))")


def _unquote(text: str) -> str:
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2:i + 6]):
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        elif nxt in LEGAL_ESCAPES:
            out.append(LEGAL_ESCAPES[nxt])
            i += 2
        else:
            raise JqlError(f"'\\{nxt}' is an illegal JQL escape sequence. The valid escape "
                           "sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX.")
    return "".join(out)


def _tokens(jql: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    jql = jql.rstrip()
    while pos < len(jql):
        m = _TOKEN.match(jql, pos)
        if not m or m.end() == pos:
            raise JqlError(f"Error in the JQL Query: unexpected text at character {pos}.")
        kind = m.lastgroup or "word"
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _value(kind: str, text: str) -> str:
    if kind == "str":
        return _unquote(text)
    if kind != "word":
        raise JqlError(f"Error in the JQL Query: Expecting a value but got '{text}'.")
    for ch in text:
        if ch in JQL_RESERVED_CHARS:
            raise JqlError(f"Error in the JQL Query: The character '{ch}' is a reserved JQL "
                           "character. You must enclose it in a string or use the escape "
                           f"'\\u{ord(ch):04x}' instead.")
    if text.casefold() in JQL_RESERVED_WORDS:
        raise JqlError(f"Error in the JQL Query: '{text}' is a reserved JQL word. You must "
                       "surround it in quotation marks to use it in a query.")
    return text


def _order(words: list[str]) -> tuple[str, str]:
    if not words or words[0].casefold() != "by" or len(words) < 2:
        raise JqlError("Error in the JQL Query: Expecting 'BY' after 'ORDER'.")
    fld = words[1].casefold()
    if fld not in ORDERABLE:
        raise JqlError(f"Not able to sort using field '{words[1]}'.")
    direction = words[2].casefold() if len(words) > 2 else "asc"
    return fld, direction


def parse_jql(jql: str) -> tuple[list[Clause], tuple[str, str] | None]:
    """`f = v AND f in (v, ...) AND created >= -10m ... [ORDER BY f [ASC|DESC]]`."""
    tokens = _tokens(jql)
    clauses: list[Clause] = []
    i, order = 0, None
    while i < len(tokens):
        kind, text = tokens[i]
        low = text.casefold()
        if kind == "word" and low == "order":
            order = _order([t for _, t in tokens[i + 1:]])
            break
        if kind == "word" and low == "and" and clauses:
            i += 1
            continue
        if kind != "word" or low not in JQL_FIELDS:
            raise JqlError(f"Field '{text}' does not exist or you do not have permission to "
                           "view it.")
        op = tokens[i + 1][1] if i + 1 < len(tokens) else ""
        if op in COMPARISONS:
            if i + 2 >= len(tokens):
                raise JqlError(f"Error in the JQL Query: Expecting a value after '{op}'.")
            clauses.append((low, op, [_value(*tokens[i + 2])]))
            i += 3
        elif op.casefold() in ("in", "not"):
            negate = op.casefold() == "not"
            j = i + (3 if negate else 2)
            if j >= len(tokens) or tokens[j][1] != "(":
                raise JqlError("Error in the JQL Query: Expecting '(' after IN.")
            values, j = [], j + 1
            while j < len(tokens) and tokens[j][1] != ")":
                if tokens[j][1] != ",":
                    values.append(_value(*tokens[j]))
                j += 1
            clauses.append((low, "not in" if negate else "in", values))
            i = j + 1
        else:
            raise JqlError(f"Error in the JQL Query: Expecting operator but got '{op}'.")
    return clauses, order
