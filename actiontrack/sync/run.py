"""One sync, start to end: read the tracker once for all the postmortems, plan, and apply the
plan unless it is a dry run, under the tracker's sync lock."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..backends.base import Backend
from ..config import Config
from ..errors import NotFound
from ..model import Issue, ParsedDocument, Plan, PlannedChange
from .apply import SyncResult, apply_plan, dry_run_result
from .plan import DEFAULT_OPTIONS, SyncOptions, plan_sync


def sync_documents(docs: Sequence[ParsedDocument], backend: Backend, config: Config, *,
                   options: SyncOptions = DEFAULT_OPTIONS, dry_run: bool = False,
                   progress: Callable[[PlannedChange], None] | None = None
                   ) -> tuple[Plan, SyncResult]:
    """Read the tracker once for all the postmortems, plan, and apply unless dry_run."""
    pm_ids = unique(doc.postmortem.id for doc in docs)
    notes: list[str] = []

    def read_and_plan() -> Plan:
        tracked = backend.find_linked(pm_ids) if pm_ids else []
        named = named_issues(docs, tracked, backend, notes)
        return plan_sync(docs, tracked, config, backend, options, named)

    if dry_run:
        plan = read_and_plan()
        result = dry_run_result(plan)
    else:
        with backend.sync_lock():
            plan = read_and_plan()
            result = apply_plan(plan, backend, progress=progress)
    result.notes[:0] = notes
    return plan, result


def named_issues(docs: Sequence[ParsedDocument], tracked: Sequence[Issue], backend: Backend,
                 notes: list[str]) -> list[Issue]:
    """Issues that items name by link but that are not among the tracked ones, read once each.
    A link to an issue that does not exist is noted and ignored (the item gets a new issue)."""
    known = {i.key for i in tracked}
    keys = unique(key for doc in docs for item in doc.action_items for link in item.links
                  if (key := backend.issue_key_from_link(link)) and key not in known)
    found = []
    for key in keys:
        try:
            found.append(backend.get(key))
        except NotFound as exc:
            notes.append(f"{exc.message} (named by a postmortem item, which gets an issue of "
                         "its own)")
    return found


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
