"""Convergence: one open issue per item, whatever ran beside a sync.

Two syncs that start together both see an item without an issue and both create one; a create
that committed after its answer was lost lands beside the one made again. Whatever the cause,
the tracker then holds several issues with one item's marker. The engine looks for them in
every listing it reads (at the start of a sync, and again after its own creates) and collapses
them the same way in every run:

- the issue that stays is the oldest one that is not itself closed as a duplicate (created
  first; on a tie, the lowest key), so two runs collapsing at once pick the same one and never
  close each other's;
- the others are closed as duplicates of it (`Backend.close_duplicate`), with a comment that
  links it, so what people wrote on them stays findable;
- labels people added to a duplicate, and its assignee when the one that stays has none, are
  carried over to the one that stays.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..backends.base import Backend
from ..issue_format import is_managed_label
from ..model import Action, Issue, IssueFields, PlannedChange

_MAX_TIME = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Duplicate:
    """A second issue of one item (`extra`), and the issue that stays for it (`keep`)."""

    keep: Issue
    extra: Issue


def _natural(key: str) -> tuple[object, ...]:
    """`OPS-9` before `OPS-10`; `9` before `10`."""
    return tuple(int(part) if part.isdigit() else part
                 for part in re.split(r"(\d+)", key) if part)


def _age(issue: Issue) -> tuple[object, ...]:
    created = issue.created_at or _MAX_TIME
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    return (created, _natural(issue.key))


def _closed_as_duplicate(issue: Issue) -> bool:
    return issue.is_closed and (issue.state_reason or "").casefold() == "duplicate"


def find_duplicates(issues: Sequence[Issue]) -> list[Duplicate]:
    """Every issue that shares its item with an older one, paired with the issue that stays.
    Duplicates already closed are paired too (the plan leaves them out) but need no write."""
    groups: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.link is not None:
            key = (issue.link.postmortem_id, issue.link.item_id)
            groups.setdefault(key, []).append(issue)
    found: list[Duplicate] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        ordered = sorted(group, key=_age)
        keep = next((i for i in ordered if not _closed_as_duplicate(i)), ordered[0])
        found.extend(Duplicate(keep, extra) for extra in ordered if extra.key != keep.key)
    return found


def without_duplicates(issues: Sequence[Issue], duplicates: Sequence[Duplicate]) -> list[Issue]:
    """The issues a plan works from: one per item, the one that stays."""
    extras = {d.extra.key for d in duplicates}
    return [i for i in issues if i.key not in extras]


def collapse_changes(duplicates: Sequence[Duplicate]) -> list[PlannedChange]:
    """The plan's lines for duplicates still open: close each as a duplicate of its keeper."""
    return [PlannedChange(action=Action.DUPLICATE, postmortem_id=d.extra.link.postmortem_id,
                          issue=d.extra, duplicate_of=d.keep, comment=duplicate_comment(d))
            for d in duplicates if not d.extra.is_closed and d.extra.link is not None]


def duplicate_comment(duplicate: Duplicate) -> str:
    keep = duplicate.keep
    where = f"{keep.key} ({keep.url})" if keep.url else keep.key
    return (f"Duplicate of {where}: actiontrack found two issues for one postmortem item (two "
            "syncs at once, or a create that was answered late) and keeps the oldest. What "
            "was written here stays here; labels added here, and the assignee, were carried "
            "over.")


def carried_over(keep: Issue, extra: Issue) -> IssueFields | None:
    """What people added to the duplicate that the issue that stays lacks: their labels, and
    the assignee when the one that stays has none."""
    labels = [lbl for lbl in extra.labels
              if not is_managed_label(lbl) and lbl.casefold()
              not in {k.casefold() for k in keep.labels}]
    assignee = extra.assignee if extra.assignee and not keep.assignee else None
    if not labels and assignee is None:
        return None
    return IssueFields(labels=(*keep.labels, *labels) if labels else None, assignee=assignee)


def collapse(change: PlannedChange, backend: Backend) -> Issue:
    """Carry out one DUPLICATE line: carry over, then close the duplicate. Returns it closed."""
    extra, keep = change.issue, change.duplicate_of
    assert extra is not None and keep is not None and change.comment is not None
    fields = carried_over(keep, extra)
    if fields is not None:
        backend.update(keep, fields)
    return backend.close_duplicate(extra, keep, change.comment)
