"""Carrying out a sync plan: duplicates collapsed, creates (in bulk where the tracker can),
field updates, closes, reopens; and what happened, as a `SyncResult`.

A create whose outcome is unknown is never retried blindly. The engine looks for the item at
once (a lost answer to a write that happened is found there), and when it is not there yet,
waits out the tracker's `settle_seconds` (its client timeout: a request the client gave up on
may still be carried out that late) and looks again; only then does it create again. A refused
item is recorded and the others go on; an auth failure, a tracker that cannot be asked or one
that refuses every write stops the run (every later write would meet the same).

Text is sent without control characters (escape sequences, BEL, bidi overrides, NUL): see
`actiontrack.control_chars`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..backends.base import Backend
from ..control_chars import strip_controls
from ..errors import (
    ActiontrackError,
    AuthError,
    BackendError,
    Transient,
    UnknownOutcome,
    Unwritable,
)
from ..model import Action, CloseReason, Issue, IssueDraft, IssueFields, Plan, PlannedChange
from ..retry import NOT_RETRIED
from .converge import collapse, find_duplicates, without_duplicates

Sleep = Callable[[float], None]


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
    # When (time.monotonic) the last create without an answer was seen: until that plus the
    # tracker's settle time, a write of this run may still land.
    unanswered_at: float | None = None

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
        done = len(self.applied) - len(failures)
        summary = BackendError(
            f"{len(failures)} of {len(self.applied)} item(s) failed; the first: {first}",
            hint=f"fix that and sync again: the other {done} item(s) are done and will not be "
                 "redone" if done else "fix that and sync again")
        summary.exit_code = first.exit_code  # an auth failure stays an auth failure
        return summary


# Rounds of creating the items whose create had no definite answer and that the lookups after
# it did not find. Bounded: after that the run fails and a later run picks up where it stopped.
CREATE_ATTEMPTS = 3


def clean_draft(draft: IssueDraft) -> IssueDraft:
    """The draft as it is sent: no control characters in its title or body."""
    return draft.model_copy(update={"title": " ".join(strip_controls(draft.title).split()),
                                    "body": strip_controls(draft.body)})


def clean_fields(fields: IssueFields) -> IssueFields:
    update: dict[str, object] = {}
    if fields.title is not None:
        update["title"] = " ".join(strip_controls(fields.title).split())
    if fields.body is not None:
        update["body"] = strip_controls(fields.body)
    return fields.model_copy(update=update) if update else fields


def _item_key(draft: IssueDraft) -> tuple[str, str]:
    return draft.link.postmortem_id, draft.link.item_id


def look_up(backend: Backend, drafts: Sequence[IssueDraft]) -> dict[tuple[str, str], Issue]:
    """The issues the tracker holds now for these drafts' items (the oldest, when several),
    read in one listing. Raises `Transient` when the tracker could not be asked."""
    pm_ids = list(dict.fromkeys(d.link.postmortem_id for d in drafts))
    listed = backend.find_linked(pm_ids)
    kept = without_duplicates(listed, find_duplicates(listed))
    wanted = {_item_key(d) for d in drafts}
    return {key: issue for issue in kept if issue.link is not None
            and (key := (issue.link.postmortem_id, issue.link.item_id)) in wanted}


def _unsettled(outcome: Issue | Exception) -> bool:
    """A create that may still be settled by looking and trying again: its outcome is unknown,
    or the tracker could not take it for a while (a 5xx, a short rate limit). An answer that
    is not the API, no connection at all or a long rate limit would only repeat."""
    return isinstance(outcome, UnknownOutcome) or (
        isinstance(outcome, Transient) and not isinstance(outcome, NOT_RETRIED))


def _unanswered(outcomes: Sequence[Issue | Exception]) -> float | None:
    return time.monotonic() if any(isinstance(o, UnknownOutcome) for o in outcomes) else None


def settle_creates(backend: Backend, drafts: Sequence[IssueDraft],
                   outcomes: Sequence[Issue | Exception], *,
                   sleep: Sleep = time.sleep,
                   result: SyncResult | None = None) -> list[Issue | Exception]:
    """Settle every create that failed without a definite answer, never creating twice:
    look, wait out the tracker's settle time if an answer may still land, look again, and
    create again only what is still missing (at most `CREATE_ATTEMPTS` rounds). `result`
    learns when the last unanswered create was seen."""
    settled = list(outcomes)
    if result is not None:
        result.unanswered_at = _unanswered(outcomes) or result.unanswered_at
    for attempt in range(CREATE_ATTEMPTS):
        pending = [n for n, o in enumerate(settled) if _unsettled(o)]
        if not pending:
            break
        may_land = any(isinstance(settled[n], UnknownOutcome) for n in pending)
        found = look_up(backend, [drafts[n] for n in pending])
        if may_land and len(found) < len(pending):
            # A write without an answer may still be carried out: wait it out, look again.
            sleep(backend.settle_seconds)
            found = look_up(backend, [drafts[n] for n in pending])
        for n in pending:
            if _item_key(drafts[n]) in found:
                settled[n] = found[_item_key(drafts[n])]
        missing = [n for n in pending if _unsettled(settled[n])]
        if not missing or attempt == CREATE_ATTEMPTS - 1:
            break
        again = backend.create_many([drafts[n] for n in missing])
        if result is not None:
            result.unanswered_at = _unanswered(again) or result.unanswered_at
        for n, outcome in zip(missing, again, strict=True):
            settled[n] = outcome
    return settled


def create_once(backend: Backend, draft: IssueDraft, *, sleep: Sleep = time.sleep,
                first_failure: Transient | None = None) -> Issue:
    """Create the issue for one item, never twice: after an unknown outcome, look it up.

    `first_failure` says a first attempt was already made and failed without a definite
    answer, so the lookup comes first."""
    draft = clean_draft(draft)
    first: Issue | Exception
    if first_failure is not None:
        first = first_failure
    else:
        try:
            first = backend.create(draft)
        except Transient as exc:
            first = exc
    [outcome] = settle_creates(backend, [draft], [first], sleep=sleep)
    if isinstance(outcome, Exception):
        raise outcome
    return outcome


def _finish(change: PlannedChange, issue: Issue, backend: Backend) -> Issue:
    """What follows a create: the close of an item already done, with the marker that
    records it."""
    if change.close_after_create and not issue.is_closed:
        return backend.change_state(issue, close=True, reason=CloseReason.COMPLETED,
                                    comment=change.comment,
                                    fields=_cleaned(change.changes))
    return issue


def _cleaned(fields: IssueFields | None) -> IssueFields | None:
    return None if fields is None else clean_fields(fields)


def _apply_existing(change: PlannedChange, backend: Backend) -> Issue:
    """Field updates, closes, prunes, reopens and duplicate collapses of an existing issue. A
    state change goes with the fields (the marker records it), state first."""
    if change.action == Action.DUPLICATE:
        return collapse(change, backend)
    issue = change.issue
    assert issue is not None
    if change.action in (Action.CLOSE, Action.PRUNE, Action.REOPEN):
        reason = CloseReason.NOT_PLANNED if change.action == Action.PRUNE else \
            change.close_reason
        return backend.change_state(issue, close=change.action != Action.REOPEN,
                                    reason=reason, comment=change.comment,
                                    fields=_cleaned(change.changes))
    if change.changes is not None:
        issue = backend.update(issue, clean_fields(change.changes))
    return issue


def _create_all(drafts: list[IssueDraft], backend: Backend, sleep: Sleep,
                result: SyncResult) -> list[Issue | Exception]:
    """Create every new issue (in bulk where the tracker can), then settle each unknown
    outcome by a lookup before any second attempt."""
    if not drafts:
        return []
    return settle_creates(backend, drafts, backend.create_many(drafts), sleep=sleep,
                          result=result)


def _drafts(creates: list[PlannedChange]) -> list[IssueDraft]:
    drafts = [clean_draft(c.draft) for c in creates if c.draft is not None]
    assert len(drafts) == len(creates), "every planned create carries its draft"
    return drafts


# Failures that every later write would meet too: the run stops at the first.
STOPS_THE_RUN = (AuthError, Transient, Unwritable)


def apply_plan(plan: Plan, backend: Backend, *,
               progress: Callable[[PlannedChange], None] | None = None,
               sleep: Sleep = time.sleep) -> SyncResult:
    """Carry out a plan. A refused item is recorded and the others go on; an auth failure, a
    tracker that cannot be asked or one that refuses every write stops the run."""
    result = SyncResult()
    creates = [c for c in plan.changes if c.action == Action.CREATE]
    drafts = _drafts(creates)
    if drafts:
        backend.preflight(drafts)
    created = dict(zip((id(c) for c in creates), _create_all(drafts, backend, sleep, result),
                       strict=True))
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
        except STOPS_THE_RUN:
            raise
        except BackendError as exc:
            result.applied.append(AppliedChange(change, None, exc))
            continue
        result.applied.append(AppliedChange(change, issue))
    return result


def dry_run_result(plan: Plan) -> SyncResult:
    return SyncResult(applied=[AppliedChange(c, c.issue) for c in plan.changes], dry_run=True)
