"""The overdue list (text, Markdown, JSON): open tracked items past their due date, by owner.

The tracker is the truth for status (closed = done), assignee and due date: people change
those there. Kind comes from the kind label, the postmortem from the link marker. Reports use
only `Backend.find_for_report` (by default `find_linked`), so they work on every backend;
the rolling weekly report issue is never counted as an action item.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..issue_format import kind_from_labels
from ..model import Issue, TrackedIssue
from .items import in_report, may_be_overdue, state_on, viewed
from .render import md_cell


class OverdueItem(NamedTuple):
    id: str
    title: str
    kind: str | None
    owner: str | None
    due: dt.date
    days_overdue: int
    postmortem: str
    issue_key: str
    issue_url: str | None
    issue_state: str

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = self._asdict()
        data["due"] = self.due.isoformat()
        data["issue"] = {"key": data.pop("issue_key"), "url": data.pop("issue_url"),
                         "state": data.pop("issue_state")}
        return data


def overdue_items(issues: Iterable[Issue | TrackedIssue], as_of: dt.date,
                  kinds: Sequence[str] | None = None) -> list[OverdueItem]:
    """Open linked issues whose due date is before `as_of`, most overdue first: the tracked
    items of the weekly report that are overdue (one definition of both: `in_report`,
    `state_on`, the kind filter of `tracked_items`). The list needs no SLA figures, so no
    report item is built."""
    wanted = {k.casefold() for k in kinds} if kinds else None
    found = []
    for each in issues:
        if not may_be_overdue(each, as_of):
            continue
        issue = viewed(each)
        if not in_report(issue, as_of):
            continue
        kind = kind_from_labels(issue.labels)
        if wanted is not None and (kind or "").casefold() not in wanted:
            continue
        if state_on(issue, as_of)[0] or issue.due is None:  # closed on the report day
            continue
        assert issue.postmortem_id is not None and issue.item_id is not None
        found.append(OverdueItem(
            id=issue.item_id, title=issue.title, kind=kind, owner=issue.assignee,
            due=issue.due, days_overdue=(as_of - issue.due).days,
            postmortem=issue.postmortem_id, issue_key=issue.key, issue_url=issue.url,
            issue_state="open"))
    found.sort(key=lambda o: (-o.days_overdue, o.postmortem, o.title))
    return found


def _by_owner(items: Sequence[OverdueItem]) -> dict[str, list[OverdueItem]]:
    """Items grouped by owner (no owner last); in each group preventive measures come first,
    the ones that stop the next incident and are the first to be forgotten."""
    groups: dict[str, list[OverdueItem]] = {}
    for item in sorted(items, key=lambda i: i.kind != "preventive"):  # stable: keeps the days
        groups.setdefault(item.owner or "(no owner)", []).append(item)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "(no owner)", kv[0].casefold())))


def render_json(items: Sequence[OverdueItem], as_of: dt.date) -> str:
    return json.dumps({"as_of": as_of.isoformat(), "items": [i.as_json() for i in items]},
                      indent=2)


def render_text(items: Sequence[OverdueItem], as_of: dt.date) -> str:
    if not items:
        return f"No overdue action items as of {as_of.isoformat()}."
    lines = [f"{len(items)} overdue action item{'s' if len(items) != 1 else ''} "
             f"as of {as_of.isoformat()}:"]
    for owner, group in _by_owner(items).items():
        lines.append("")
        lines.append(f"{owner} ({len(group)})")
        for item in group:
            lines.append(f"  {item.days_overdue:>4}d  [{item.kind or '-'}] {item.title}")
            lines.append(f"         {item.postmortem}  issue {item.issue_key}  due "
                         f"{item.due.isoformat()}")
    return "\n".join(lines)


def render_markdown(items: Sequence[OverdueItem], as_of: dt.date) -> str:
    lines = [f"# Overdue action items — {as_of.isoformat()}", ""]
    if not items:
        lines.append("Nothing is overdue.")
        return "\n".join(lines)
    for owner, group in _by_owner(items).items():
        lines += [f"## {md_cell(owner)} ({len(group)})", "",
                  "| Days overdue | Kind | Action item | Postmortem | Issue | Due |",
                  "|---:|---|---|---|---|---|"]
        for item in group:
            issue = f"[{item.issue_key}]({item.issue_url})" if item.issue_url and \
                item.issue_url.startswith("http") else item.issue_key
            lines.append(f"| {item.days_overdue} | {item.kind or ''} | {md_cell(item.title)} | "
                         f"{md_cell(item.postmortem)} | {issue} | {item.due.isoformat()} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
