"""Carrying out a sync plan: creates (in bulk where the tracker can), field updates, closes,
reopens; and what happened, as a `SyncResult`.

A create whose outcome is unknown is followed by a lookup, never by a blind retry. A refused
item is recorded and the others go on; an auth failure or a tracker that cannot be asked stops
the run (every later write would meet the same).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..backends.base import Backend
from ..errors import ActiontrackError, AuthError, BackendError, Transient
from ..model import Action, CloseReason, Issue, IssueDraft, Plan, PlannedChange


@dataclass
class AppliedChange:
    change: PlannedChange
    issue: Issue | None = None
    error: ActiontrackError | None = None


@dataclass
class SyncResult:
    applied: list[AppliedChange] = field(default_factory=list)
    dry_run: bool = False
    # What the engine noticed on the way that the user should know (not errors).
    notes: list[str] = field(default_factory=list)

    def count(self, action: Action) -> int:
        return sum(1 for a in self.applied if a.change.action == action and a.error is None)

    @property
    def failures(self) -> list[AppliedChange]:
        return [a for a in self.applied if a.error is not None]

    def issues_by_item(self) -> dict[str, Issue]:
        """Item id -> the issue it has now, for every item that synced without error."""
        return {a.change.item.id: a.issue for a in self.applied
                if a.change.item is not None and a.issue is not None and a.error is None}

    def failure_summary(self) -> BackendError | None:
        """One error for the items that failed, carrying the first cause and its exit code;
        None when none failed."""
        failures = self.failures
        if not failures:
            return None
        first = failures[0].error
        assert first is not None
        summary = BackendError(
            f"{len(failures)} of {len(self.applied)} item(s) failed; the first: {first}",
            hint="fix that and sync again: the other items are done and will not be redone")
        summary.exit_code = first.exit_code  # an auth failure stays an auth failure
        return summary


# Attempts at creating one item when each attempt's outcome is unknown and the lookup after it
# finds nothing. Bounded: after that the run fails and a later run picks up where it stopped.
CREATE_ATTEMPTS = 3


def create_once(backend: Backend, draft: IssueDraft, *,
                sleep: Callable[[float], None] = time.sleep,
                first_failure: Transient | None = None) -> Issue:
    """Create the issue for one item, never twice: after an unknown outcome, look it up.

    `first_failure` says a first attempt was already made (e.g. in a bulk create) and failed
    without a definite answer, so the lookup comes first."""
    last: Transient | None = first_failure
    for attempt in range(CREATE_ATTEMPTS):
        if last is not None:
            # Wait first: a write still in flight at the tracker gets the chance to land
            # before we look for it.
            sleep(min(0.5 * 2.0 ** attempt, 4.0))
            found = backend.find_by_item(draft.link.postmortem_id, draft.link.item_id)
            if found is not None:
                return found
        try:
            return backend.create(draft)
        except Transient as exc:
            last = exc
    found = backend.find_by_item(draft.link.postmortem_id, draft.link.item_id)
    if found is not None:
        return found
    assert last is not None
    raise last


def _finish(change: PlannedChange, issue: Issue, backend: Backend) -> Issue:
    """Everything after the create or the field update: close, prune, reopen."""
    if change.action == Action.CREATE:
        if change.close_after_create and not issue.is_closed:
            return backend.close(issue, CloseReason.COMPLETED, change.comment)
        return issue
    if change.action == Action.CLOSE:
        return backend.close(issue, change.close_reason, change.comment)
    if change.action == Action.PRUNE:
        return backend.close(issue, CloseReason.NOT_PLANNED, change.comment)
    if change.action == Action.REOPEN:
        return backend.reopen(issue, change.comment)
    return issue


def _apply_existing(change: PlannedChange, backend: Backend) -> Issue:
    issue = change.issue
    assert issue is not None
    if change.changes is not None:
        issue = backend.update(issue, change.changes)
    return _finish(change, issue, backend)


def _create_all(drafts: list[IssueDraft], backend: Backend) -> list[Issue | Exception]:
    """Create every new issue (in bulk where the tracker can), then settle each unknown
    outcome by a lookup before any second attempt."""
    results = backend.create_many(drafts) if drafts else []
    settled: list[Issue | Exception] = []
    for draft, outcome in zip(drafts, results, strict=True):
        if isinstance(outcome, Transient):
            try:
                outcome = create_once(backend, draft, first_failure=outcome)
            except ActiontrackError as exc:
                outcome = exc
        settled.append(outcome)
    return settled


def _drafts(creates: list[PlannedChange]) -> list[IssueDraft]:
    drafts = [c.draft for c in creates if c.draft is not None]
    assert len(drafts) == len(creates), "every planned create carries its draft"
    return drafts


def apply_plan(plan: Plan, backend: Backend, *,
               progress: Callable[[PlannedChange], None] | None = None) -> SyncResult:
    """Carry out a plan. A refused item is recorded and the others go on; an auth failure or a
    tracker that cannot be asked stops the run (every later write would meet the same)."""
    result = SyncResult()
    creates = [c for c in plan.changes if c.action == Action.CREATE]
    drafts = _drafts(creates)
    if drafts:
        backend.preflight(drafts)
    created = dict(zip((id(c) for c in creates), _create_all(drafts, backend), strict=True))
    for change in plan.changes:
        if progress is not None:
            progress(change)
        if change.action in (Action.UNCHANGED, Action.ORPHANED, Action.SKIP):
            result.applied.append(AppliedChange(change, change.issue))
            continue
        try:
            if change.action == Action.CREATE:
                outcome = created[id(change)]
                if isinstance(outcome, Exception):
                    raise outcome
                issue = _finish(change, outcome, backend)
            else:
                issue = _apply_existing(change, backend)
        except (AuthError, Transient):
            raise
        except BackendError as exc:
            result.applied.append(AppliedChange(change, None, exc))
            continue
        result.applied.append(AppliedChange(change, issue))
    return result


def dry_run_result(plan: Plan) -> SyncResult:
    return SyncResult(applied=[AppliedChange(c, c.issue) for c in plan.changes], dry_run=True)
