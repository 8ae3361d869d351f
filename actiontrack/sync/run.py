"""One sync, start to end: read the tracker for the postmortems, plan, and apply the plan
unless it is a dry run.

A sync holds the tracker's `sync_lock` (the local tracker's lock file; a no-op elsewhere).

The tracker is read narrowly first (the issues of these postmortems). It is read whole (every
issue actiontrack tracks) only when that narrow answer may be incomplete: when the plan would
create issues (one may have lost its `pm:` label, or its postmortem may have been renamed), or
when the sync was given folders or globs (a postmortem may have gone from them).

Convergence (see `converge`): every listing the engine reads is searched for duplicates,
which the plan collapses. A plan that creates takes the tracker's `create_lock` (across runs,
where the tracker has an atomic primitive: GitHub's git refs), reads and plans again under it
(so what a run beside this one created meanwhile is seen, not created twice), creates, and
lists once more after its creates to collapse what a run without the lock, or a create
answered late, made beside them. A run that held the lock beyond doubt from that read to its
last create, with every create answered, skips that listing: no run created beside it (a
run that finds the lock held past its wait stops without writing; see `github_lock`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from ..backends.base import Backend
from ..config import Config
from ..documents.cache import DigestCache, code_fingerprint
from ..documents.files import Scope
from ..errors import NotFound
from ..issue_format import legacy_source
from ..lasting import lasting
from ..model import Action, Issue, ParsedDocument, Plan, PlannedChange
from .apply import Sleep, SyncResult, apply_plan, dry_run_result
from .converge import collapse_changes, find_duplicates, without_duplicates
from .memo import DigestMemo
from .plan import DEFAULT_OPTIONS, Gone, SyncOptions, names_as_tracker, plan_sync


def sync_documents(docs: Sequence[ParsedDocument], backend: Backend, config: Config, *,
                   options: SyncOptions = DEFAULT_OPTIONS, dry_run: bool = False,
                   progress: Callable[[PlannedChange], None] | None = None,
                   sleep: Sleep = time.sleep,
                   scope: Scope | None = None,
                   memo: DigestMemo | None = None) -> tuple[Plan, SyncResult]:
    """Read the tracker, plan, and apply unless dry_run. `scope` (what the command was given)
    lets the plan find postmortems that were renamed or removed; `memo`, the digests of
    earlier runs (`memo_for`)."""
    pm_ids = unique(doc.postmortem.id for doc in docs)
    notes: list[str] = []
    read_whole = _reads_whole(scope)

    def read_and_plan(*, whole: bool) -> Plan:
        notes.clear()
        with lasting():
            return plan_for(docs, backend, config, options, scope, notes, whole=whole,
                            memo=memo)

    if dry_run:
        plan = read_and_plan(whole=False)
        if plan.count(Action.CREATE) and not read_whole:  # what the creates would find
            plan = read_and_plan(whole=True)
        result = dry_run_result(plan)
    else:
        with backend.sync_lock():
            plan = read_and_plan(whole=False)
            if plan.count(Action.CREATE):
                backend.expect_creates(plan.count(Action.CREATE))
                with backend.create_lock() as locked:
                    # read whole (an issue that lost its label, a renamed postmortem show),
                    # and again under the lock (what another run created meanwhile shows)
                    if locked or not read_whole:
                        plan = read_and_plan(whole=True)
                    result = apply_plan(plan, backend, progress=progress, sleep=sleep)
                    if result.count(Action.CREATE) and (
                            not backend.lock_held_throughout()
                            or result.unanswered_at is not None):
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
def plan_for(docs: Sequence[ParsedDocument], backend: Backend, config: Config,
             options: SyncOptions, scope: Scope | None, notes: list[str], *,
             whole: bool = False, memo: DigestMemo | None = None) -> Plan:
    """The plan, from the narrow read of the tracker, or the whole one (asked for, or needed
    because the sync was given folders or globs); the duplicates the listing holds are
    collapsed first and left out of the plan."""
    pm_ids = unique(doc.postmortem.id for doc in docs)
    if whole or _reads_whole(scope):
        everything = backend.find_tracked()
        return _planned(docs, everything, backend, config, options, notes,
                        gone_postmortems(everything, pm_ids, scope), memo)
    tracked = backend.find_linked(pm_ids) if pm_ids else []
    return _planned(docs, tracked, backend, config, options, notes, Gone(), memo)


def _reads_whole(scope: Scope | None) -> bool:
    """A sync given folders or globs reads every tracked issue: a postmortem may be gone."""
    return scope is not None and bool(scope.folders or scope.globs)


def _planned(docs: Sequence[ParsedDocument], listed: Sequence[Issue], backend: Backend,
             config: Config, options: SyncOptions, notes: list[str], gone: Gone,
             memo: DigestMemo | None = None) -> Plan:
    """The plan for one listing: its duplicates collapsed, the rest planned with the issues
    items name that the listing lacks."""
    duplicates = find_duplicates(listed)
    kept = without_duplicates(listed, duplicates)
    named = named_issues(docs, kept, backend, notes)
    plan = plan_sync(docs, kept, config, backend, options, named, gone, memo)
    return Plan(changes=(*collapse_changes(duplicates), *plan.changes), notes=plan.notes)


def gone_postmortems(issues: Iterable[Issue], loaded: Sequence[str],
                     scope: Scope | None) -> Gone:
    """The tracked postmortems this sync did not load whose file the scope covers, or whose
    file exists no more (those may only be renamed, not orphaned: see `Scope`)."""
    if scope is None:
        return Gone()
    sources: dict[str, str] = {}
    outside: set[str] = set()
    loaded_ids = set(loaded)  # the list was scanned whole for each issue: 2,000 ids x 10,000
    for issue in issues:
        link = issue.link
        if link is None or link.postmortem_id in loaded_ids or link.postmortem_id in sources:
            continue
        source = link.source or legacy_source(issue.body)[0]
        if source is None:
            continue
        if scope.covers(source) or not scope.exists(source):
            sources[link.postmortem_id] = source
            if not scope.covers(source):
                outside.add(link.postmortem_id)
    return Gone(sources=sources, rename_only=frozenset(outside))


def named_issues(docs: Sequence[ParsedDocument], tracked: Sequence[Issue], backend: Backend,
                 notes: list[str]) -> list[Issue]:
    """Issues that items name by link but that are not among the tracked ones, read once each.
    A link to an issue that does not exist is noted and ignored (the item gets a new issue)."""
    known = {i.key for i in tracked}
    keys = unique(key for doc in docs for item in doc.action_items for link in item.links
                  if names_as_tracker(item, link)
                  and (key := backend.issue_key_from_link(link)) and key not in known)
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


def memo_for(backend: Backend, config: Config, cache: DigestCache | None) -> DigestMemo | None:
    """The digests of earlier runs for this tracker, config and code, from `cache`; None
    (every item rendered) without a cache, or for a tracker whose answers depend on more than
    those (`Backend.digest_context`)."""
    context = backend.digest_context()
    code = code_fingerprint()
    if cache is None or context is None or not code:
        return None
    try:
        settings = config.model_dump_json()
    except (TypeError, ValueError):  # a setting JSON cannot hold: no memo
        return None
    return DigestMemo("\0".join((code, context, settings)), cache.get_many)
