"""One sync, start to end: read the tracker once for all the postmortems, plan, and apply the
plan unless it is a dry run.

A sync holds the tracker's `sync_lock` (the local tracker's lock file; a no-op elsewhere).

Convergence (see `converge`): every listing the engine reads is searched for duplicates,
which the plan collapses. A plan that creates takes the tracker's `create_lock` (across runs,
where the tracker has an atomic primitive: GitHub's git refs), reads and plans again under it
(so what a run beside this one created meanwhile is seen, not created twice), creates, and
lists once more after its creates to collapse what a run without the lock, or a create
answered late, made beside them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from ..backends.base import Backend
from ..config import Config
from ..errors import NotFound
from ..model import Action, Issue, ParsedDocument, Plan, PlannedChange
from .apply import Sleep, SyncResult, apply_plan, dry_run_result
from .converge import collapse_changes, find_duplicates, without_duplicates
from .plan import DEFAULT_OPTIONS, SyncOptions, plan_sync


def sync_documents(docs: Sequence[ParsedDocument], backend: Backend, config: Config, *,
                   options: SyncOptions = DEFAULT_OPTIONS, dry_run: bool = False,
                   progress: Callable[[PlannedChange], None] | None = None,
                   sleep: Sleep = time.sleep) -> tuple[Plan, SyncResult]:
    """Read the tracker once for all the postmortems, plan, and apply unless dry_run."""
    pm_ids = unique(doc.postmortem.id for doc in docs)
    notes: list[str] = []

    def read_and_plan() -> Plan:
        notes.clear()
        tracked = backend.find_linked(pm_ids) if pm_ids else []
        duplicates = find_duplicates(tracked)
        kept = without_duplicates(tracked, duplicates)
        named = named_issues(docs, kept, backend, notes)
        plan = plan_sync(docs, kept, config, backend, options, named)
        return Plan(changes=(*collapse_changes(duplicates), *plan.changes))

    if dry_run:
        plan = read_and_plan()
        result = dry_run_result(plan)
    else:
        with backend.sync_lock():
            plan = read_and_plan()
            if plan.count(Action.CREATE):
                with backend.create_lock() as locked:
                    if locked:  # read again under the lock: what another run created shows
                        plan = read_and_plan()
                    result = apply_plan(plan, backend, progress=progress, sleep=sleep)
                    if result.count(Action.CREATE):
                        collapse_after_creates(result, backend, pm_ids, sleep=sleep)
            else:
                result = apply_plan(plan, backend, progress=progress, sleep=sleep)
    result.notes[:0] = notes
    return plan, result


def collapse_after_creates(result: SyncResult, backend: Backend, pm_ids: Sequence[str], *,
                           sleep: Sleep = time.sleep) -> None:
    """List once more after creating, and collapse the duplicates a run beside this one (or a
    create that landed late) made: of all the runs that created an item, the one whose create
    landed last sees every issue of it here, so some run always collapses them. A create of
    this run that got no answer may still land until its settle time is over: the listing
    waits for that (its item may have been found as another run's issue meanwhile)."""
    if result.unanswered_at is not None:
        left = result.unanswered_at + backend.settle_seconds - time.monotonic()
        if left > 0:
            sleep(left)
    listed = backend.find_linked(pm_ids)
    duplicates = find_duplicates(listed)
    changes = collapse_changes(duplicates)
    if not changes:
        return
    collapsed = apply_plan(Plan(changes=tuple(changes)), backend)
    result.applied.extend(collapsed.applied)
    keeper = {d.extra.key: d.keep for d in duplicates}
    for applied in result.applied:  # an item whose new issue was the duplicate has the keeper
        if (applied.change.action == Action.CREATE and applied.issue is not None
                and applied.issue.key in keeper):
            applied.issue = keeper[applied.issue.key]


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
