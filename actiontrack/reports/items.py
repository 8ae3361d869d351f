"""What the reports know about each tracked item, read from the tracker alone.

The tracker is the truth for state, assignee, due date and close time: people change those
there. Kind comes from the kind label, the postmortem and the incident date from the link
marker. So every report works on every backend: it needs only `Backend.find_for_report`
(by default `find_linked`, each issue as a `TrackedIssue`).

An item already done when its issue was first synced was created closed: the tracker's close
time is the sync's, not the work's. Its close date is the one the postmortem states (kept in
the marker), or unknown: such an item counts as done, but is left out of on-time shares and
days-to-close figures (counted apart, as `undated`). A report as of a past day judges every
item by its state on that day: a close after it does not count, and an item of an incident
after it is left out.

SLA facts are counted from the incident date, as the SLA policy says. The incident date comes
from the link marker (written by sync since markers carry it) or, for issues synced before
that, from the "Incident date" line of the generated body. An issue with neither has no SLA
figures: it is counted as "incident date unknown", never guessed from its due date (the due
date may have been set by hand, so due - SLA days would be a made-up anchor).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..config import SlaPolicy
from ..issue_format import is_report_issue, kind_from_labels, tracked_issue
from ..model import CloseReason, Issue, TrackedIssue
from ..sla import add_days, days_between

# Days overdue -> bucket name, in display order.
AGING_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("1–7", 1, 7), ("8–30", 8, 30), ("31–90", 31, 90), (">90", 91, None))


def aging_bucket(days_overdue: int) -> str | None:
    for name, low, high in AGING_BUCKETS:
        if days_overdue >= low and (high is None or days_overdue <= high):
            return name
    return None


class ReportItem(NamedTuple):
    """One tracked action item as of the report day (a named tuple: a report makes one per
    item, 10,000 of them, and a frozen dataclass of 20 fields costs three times as much to
    make)."""

    key: str
    url: str | None
    title: str
    kind: str | None
    owner: str | None
    postmortem: str
    item_id: str
    due: dt.date | None
    closed: bool
    not_planned: bool
    closed_on: dt.date | None  # the close date used: the tracker's, or the postmortem's
    # Where closed_on comes from: "tracker", "postmortem" (already done when first synced),
    # "unknown" (done then, no date stated); None while open.
    close_source: str | None
    created_on: dt.date | None
    incident_date: dt.date | None
    sla_days: int | None
    sla_deadline: dt.date | None
    days_to_close: int | None
    days_overdue: int | None  # open and past due: days since the due date; else None

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue is not None

    @property
    def bucket(self) -> str | None:
        return aging_bucket(self.days_overdue) if self.days_overdue is not None else None

    @property
    def within_sla(self) -> bool | None:
        """True/False once decided (closed, or open past its deadline); None while pending."""
        if self.sla_days is None or self.not_planned:
            return None
        if self.closed:
            return self.days_to_close is not None and self.days_to_close <= self.sla_days
        return None

    def sla_state(self, as_of: dt.date) -> str:
        """on_time, late, breached (open past the SLA), pending, dropped, undated (done, no
        date known) or unknown (no incident date)."""
        if self.not_planned:
            return "dropped"
        if self.sla_deadline is None:
            return "unknown"
        if self.closed and self.closed_on is None:
            return "undated"
        if self.closed:
            return "on_time" if self.within_sla else "late"
        return "breached" if as_of > self.sla_deadline else "pending"


def viewed(issue: Issue | TrackedIssue) -> TrackedIssue:
    """An issue as the reports read it (`Backend.find_for_report` reads them so)."""
    return issue if isinstance(issue, TrackedIssue) else tracked_issue(issue)


def close_date(issue: TrackedIssue) -> tuple[dt.date | None, str | None]:
    """(the date an item was done, where that date comes from), for a closed issue."""
    if not issue.is_closed:
        return None, None
    if issue.created_done:
        done = issue.done_on
        return done, "postmortem" if done else "unknown"
    return (issue.closed_at.date(), "tracker") if issue.closed_at else (None, "unknown")


def may_be_overdue(issue: Issue | TrackedIssue, as_of: dt.date) -> bool:
    """Due before `as_of`: the cheap test the overdue list makes before it computes any SLA
    figure. Whether the item was still open on that day (a close after it does not count) is
    `report_item`'s to say, so an issue closed since is not left out here."""
    return issue.due is not None and issue.due < as_of


def state_on(issue: TrackedIssue, as_of: dt.date) -> tuple[bool, dt.date | None, str | None]:
    """(closed on the report day, the close date used, where it comes from): an item
    closed after `as_of` was still open on it."""
    closed_on, source = close_date(issue)
    if closed_on is not None and closed_on > as_of:  # still open on the report day
        return False, None, None
    return issue.is_closed, closed_on, source


def in_report(issue: TrackedIssue, as_of: dt.date) -> bool:
    """A tracked item on the report day: linked, not the rolling report issue, and not of an
    incident after `as_of` (it did not exist yet)."""
    if issue.postmortem_id is None or is_report_issue(issue):
        return False
    return issue.incident_date is None or issue.incident_date <= as_of


def report_item(issue: TrackedIssue, as_of: dt.date, policy: SlaPolicy) -> ReportItem:
    assert issue.postmortem_id is not None and issue.item_id is not None
    kind = kind_from_labels(issue.labels)
    incident = issue.incident_date
    sla_days = policy.days_for(kind, issue.priority) if incident else None
    deadline = add_days(incident, sla_days, business_days=policy.business_days) \
        if incident and sla_days is not None else None
    closed, closed_on, source = state_on(issue, as_of)
    days_to_close = days_between(incident, closed_on, business_days=policy.business_days) \
        if incident and closed_on else None
    overdue = None
    if not closed and issue.due is not None and issue.due < as_of:
        overdue = (as_of - issue.due).days
    return ReportItem(
        key=issue.key, url=issue.url, title=issue.title, kind=kind, owner=issue.assignee,
        postmortem=issue.postmortem_id, item_id=issue.item_id, due=issue.due,
        closed=closed,
        not_planned=closed and issue.state_reason == CloseReason.NOT_PLANNED.value,
        closed_on=closed_on, close_source=source,
        created_on=issue.created_at.date() if issue.created_at else None,
        incident_date=incident, sla_days=sla_days, sla_deadline=deadline,
        days_to_close=days_to_close, days_overdue=overdue)


def tracked_items(issues: Iterable[Issue | TrackedIssue], as_of: dt.date, policy: SlaPolicy,
                  kinds: Sequence[str] | None = None) -> list[ReportItem]:
    """Every linked issue as a report item, the rolling report issue left out, and the items
    of incidents after `as_of` (they did not exist yet); `kinds` narrows to those kinds
    (case-insensitive)."""
    wanted = {k.casefold() for k in kinds} if kinds else None
    items = []
    for each in issues:
        issue = viewed(each)
        if not in_report(issue, as_of):
            continue
        item = report_item(issue, as_of, policy)
        if wanted is not None and (item.kind or "").casefold() not in wanted:
            continue
        items.append(item)
    return items


def kind_order(kinds: Iterable[str | None], first: Sequence[str]) -> list[str | None]:
    """Kinds in display order: the configured ones first (preventive by default), then
    corrective, then the others by name, unclassified last."""
    present = list(dict.fromkeys(kinds))
    head = [k for k in (*first, "corrective") if k in present]
    head = list(dict.fromkeys(head))
    rest = sorted((k for k in present if k is not None and k not in head), key=str.casefold)
    return head + rest + ([None] if None in present else [])
