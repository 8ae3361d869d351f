"""The weekly report: what is overdue (by kind, owner and postmortem, with aging buckets), what
falls due in the next seven days, what has no owner, what changed in the last seven days, and
the SLA figures. Pure: built from report items and a day, rendered elsewhere.

"Since last week" is derived, so no state is kept between runs: *newly overdue* = open items
whose due date fell in the seven days before the report day; *closed* = items whose issue was
closed in those seven days; *new* = issues created in them. The seven days are the ones
ending on the report day, that day included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import Config
from .items import AGING_BUCKETS, ReportItem, kind_order
from .sla import SlaFigures, describe_policy, sla_by_kind

WEEK = dt.timedelta(days=7)
NO_OWNER = "unassigned"


@dataclass(frozen=True)
class PostmortemRow:
    postmortem: str
    overdue_by_kind: dict[str | None, int]
    oldest_days: int

    @property
    def overdue(self) -> int:
        return sum(self.overdue_by_kind.values())


@dataclass(frozen=True)
class WeeklyReport:
    as_of: dt.date
    kinds: list[str | None]  # display order, preventive first by default
    items: list[ReportItem]  # every tracked item in scope
    overdue: list[ReportItem]  # most overdue first
    due_soon: list[ReportItem]
    no_owner: list[ReportItem]
    newly_overdue: list[ReportItem]
    closed_recently: list[ReportItem]
    created_recently: list[ReportItem]
    buckets: dict[str, int]
    sla: list[SlaFigures]
    sla_policy: str
    kind_filter: tuple[str, ...] = ()
    by_postmortem: list[PostmortemRow] = field(default_factory=list)

    @property
    def week_start(self) -> dt.date:
        return self.as_of - WEEK

    def overdue_of_kind(self, kind: str | None) -> list[ReportItem]:
        return [i for i in self.overdue if i.kind == kind]

    def by_owner(self, items: Sequence[ReportItem]) -> dict[str, list[ReportItem]]:
        """Owners by name, the unowned last."""
        groups: dict[str, list[ReportItem]] = {}
        for item in items:
            groups.setdefault(item.owner or NO_OWNER, []).append(item)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0] == NO_OWNER, kv[0].casefold())))


def _most_overdue_first(items: list[ReportItem]) -> list[ReportItem]:
    return sorted(items, key=lambda i: (-(i.days_overdue or 0), i.postmortem, i.title))


def _by_due(items: list[ReportItem]) -> list[ReportItem]:
    return sorted(items, key=lambda i: (i.due or dt.date.max, i.postmortem, i.title))


def _postmortem_rows(overdue: Sequence[ReportItem]) -> list[PostmortemRow]:
    rows: dict[str, PostmortemRow] = {}
    for item in overdue:
        row = rows.get(item.postmortem) or PostmortemRow(item.postmortem, {}, 0)
        counts = dict(row.overdue_by_kind)
        counts[item.kind] = counts.get(item.kind, 0) + 1
        rows[item.postmortem] = PostmortemRow(item.postmortem, counts,
                                              max(row.oldest_days, item.days_overdue or 0))
    return sorted(rows.values(), key=lambda r: (-r.overdue, -r.oldest_days, r.postmortem))


def build_weekly(items: Sequence[ReportItem], as_of: dt.date, config: Config,
                 kind_filter: Sequence[str] = ()) -> WeeklyReport:
    items = list(items)
    open_items = [i for i in items if not i.closed]
    overdue = _most_overdue_first([i for i in open_items if i.is_overdue])
    kinds = kind_order((i.kind for i in items), config.report.kinds_first)
    buckets = {name: 0 for name, _low, _high in AGING_BUCKETS}
    for item in overdue:
        buckets[item.bucket] += 1  # type: ignore[index]
    start = as_of - WEEK
    return WeeklyReport(
        as_of=as_of, kinds=kinds, items=items, overdue=overdue,
        due_soon=_by_due([i for i in open_items if i.due and as_of <= i.due < as_of + WEEK]),
        no_owner=_by_due([i for i in open_items if not i.owner]),
        newly_overdue=_most_overdue_first(
            [i for i in overdue if i.due is not None and i.due >= start]),
        closed_recently=sorted((i for i in items if i.closed_on and start < i.closed_on <= as_of),
                               key=lambda i: (i.closed_on, i.title)),
        created_recently=[i for i in items if i.created_on and start < i.created_on <= as_of],
        buckets=buckets, sla=sla_by_kind(items, as_of, kinds),
        sla_policy=describe_policy(config.sla), kind_filter=tuple(kind_filter),
        by_postmortem=_postmortem_rows(overdue))
