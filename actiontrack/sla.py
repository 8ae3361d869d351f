"""Due dates from the SLA policy: incident date + the days allowed for the item's kind.

Calendar or business days (Monday to Friday), as the config says.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, TypeVar

from .records import DocumentRecord, ItemRecord

if TYPE_CHECKING:
    from .model import ActionItem, ParsedDocument

# A parsed document, as the model (`ParsedDocument`) or as the parser's plain record.
Doc = TypeVar("Doc", "ParsedDocument", DocumentRecord)


class Policy(Protocol):
    """What the due dates read of an SLA policy (`config.SlaPolicy`)."""

    @property
    def business_days(self) -> bool: ...

    def days_for(self, kind: str | None, priority: str | None = None) -> int: ...


def add_days(start: dt.date, days: int, *, business_days: bool = False) -> dt.date:
    if not business_days:
        return start + dt.timedelta(days=days)
    current, left = start, days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current


def days_between(start: dt.date, end: dt.date, *, business_days: bool = False) -> int:
    """Days from start to end (negative when end is earlier)."""
    if not business_days:
        return (end - start).days
    sign, lo, hi = (1, start, end) if end >= start else (-1, end, start)
    count, current = 0, lo
    while current < hi:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return sign * count


def sla_due(item: ActionItem | ItemRecord, incident_date: dt.date | None, policy: Policy
            ) -> dt.date | None:
    if incident_date is None:
        return None
    try:
        return add_days(incident_date, policy.days_for(item.kind, item.priority),
                        business_days=policy.business_days)
    except OverflowError:  # an incident dated near the year 9999: no date is that late
        return None


def with_sla_due(doc: Doc, policy: Policy) -> Doc:
    """The document with every item that states no due date given its SLA due date (the
    model, or the parser's plain record: `parse` prints that one)."""
    items: list[ActionItem | ItemRecord] = []
    for item in doc.action_items:
        if item.due is None:
            due = sla_due(item, doc.postmortem.incident_date, policy)
            if due is not None:
                item = replace(item, due=due, due_source="sla") \
                    if isinstance(item, ItemRecord) else \
                    item.replaced(due=due, due_source="sla")
        items.append(item)
    if all(new is old for new, old in zip(items, doc.action_items, strict=True)):
        return doc  # every item states its due date: nothing to copy
    if isinstance(doc, DocumentRecord):
        return replace(doc, action_items=tuple(items))  # type: ignore[arg-type]
    return doc.replaced(action_items=tuple(items))
