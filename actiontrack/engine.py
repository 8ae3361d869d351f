"""The sync engine: desired items versus tracker state, as a plan, then applied.

The engine, not a backend, decides what changes:
- an item with no issue gets one (created closed when the postmortem already says done);
- per field, a three-way comparison against the digest of what was last synced: a field is
  written only when the postmortem changed it since, so edits people make in the tracker stay;
- an item marked done closes its issue with a comment; a closed issue stays closed unless
  `reopen` is asked for;
- an issue whose item disappeared is reported as orphaned, and closed as not planned only
  with `prune`;
- a reworded item keeps its issue: unmatched items and issues of one postmortem are paired by
  title similarity before anything is created.

A create whose outcome is unknown is followed by a lookup, never by a blind retry.
"""

from __future__ import annotations

import difflib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .backends.base import (
    Backend, base_label, is_managed_label, kind_label, postmortem_label, strip_marker)
from .config import Config
from .errors import ActiontrackError, AuthError, BackendError, NotFound, Transient
from .issue_body import render_body
from .model import (
    Action, ActionItem, CloseReason, Issue, IssueDraft, IssueFields, ItemStatus, Link,
    ParsedDocument,
    Plan, PlannedChange, Postmortem, field_digest, normalise_title)

# How alike a reworded title must be to its old self to keep the same issue.
RETITLE_SIMILARITY = 0.6
SYNCED_FIELDS = ("title", "body", "assignee", "due", "labels", "priority")


@dataclass(frozen=True)
class SyncOptions:
    prune: bool = False
    reopen: bool = False


def desired_fields(item: ActionItem, postmortem: Postmortem, config: Config,
                   backend: Backend) -> dict[str, object]:
    """What the tracker should hold for an item, field by field."""
    assignee = backend.assignee_for(item.owner)
    labels = [base_label(config.label_prefix), postmortem_label(postmortem.id)]
    kind = kind_label(item.kind)
    if kind:
        labels.append(kind)
    return {
        "title": item.title,
        "body": render_body(item, postmortem, assignee=assignee),
        "assignee": assignee,
        "due": item.due,
        "labels": tuple(labels),
        "priority": item.priority,
    }


def _digests(values: dict[str, object]) -> dict[str, str]:
    return {name: field_digest(values[name]) for name in SYNCED_FIELDS}


def _current(issue: Issue, name: str) -> object:
    if name == "labels":
        return tuple(label for label in issue.labels if is_managed_label(label))
    if name == "body":
        return strip_marker(issue.body)
    return getattr(issue, name)


def _title_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise_title(a), normalise_title(b)).ratio()


def match_items(items: Sequence[ActionItem], issues: Sequence[Issue],
                backend: Backend) -> tuple[dict[str, Issue], list[Issue]]:
    """Pair each item with its issue: by item id, then by a link the item names, then by a
    similar title. Returns {item id: issue} and the issues left over (orphans)."""
    matched: dict[str, Issue] = {}
    taken: set[str] = set()  # issue keys already paired

    def pair(item: ActionItem, issue: Issue) -> None:
        matched[item.id] = issue
        taken.add(issue.key)

    by_item = {i.link.item_id: i for i in issues if i.link}
    for item in items:
        issue = by_item.get(item.id)
        if issue is not None and issue.key not in taken:
            pair(item, issue)
    by_key = {i.key: i for i in issues}
    for item in items:
        if item.id in matched:
            continue
        keys = (backend.issue_key_from_link(link) for link in item.links)
        key = next((k for k in keys if k and k in by_key and k not in taken), None)
        if key is not None:
            pair(item, by_key[key])
    candidates = sorted(
        ((_title_similarity(item.title, issue.title), n, m)
         for n, item in enumerate(items) if item.id not in matched
         for m, issue in enumerate(issues) if issue.link is not None and issue.key not in taken),
        reverse=True)
    for score, n, m in candidates:
        if score < RETITLE_SIMILARITY:
            break
        if items[n].id not in matched and issues[m].key not in taken:
            pair(items[n], issues[m])
    return matched, [issue for issue in issues if issue.key not in taken]


def _plan_update(item: ActionItem, issue: Issue, want: dict[str, object],
                 options: SyncOptions, link: Link) -> PlannedChange:
    base = issue.link.synced if issue.link else {}
    changes: dict[str, object] = {}
    for name in SYNCED_FIELDS:
        digest = field_digest(want[name])
        if base.get(name) == digest:
            continue  # the postmortem did not change it: whatever the tracker has, stays
        if issue.link is None and name != "labels":
            continue  # an adopted issue: never overwrite what people wrote, only label it
        current = _current(issue, name)
        if field_digest(current) == digest:
            continue
        if name == "labels":
            people = tuple(lbl for lbl in issue.labels if not is_managed_label(lbl))
            changes[name] = people + tuple(want["labels"])  # type: ignore[arg-type]
        elif name == "assignee" and want[name] is None:
            continue  # never unassign someone a person assigned
        else:
            changes[name] = want[name]
    link_changed = issue.link != link
    fields = IssueFields.model_validate({**changes, "link": link}) \
        if changes or link_changed else None
    unchanged = PlannedChange(action=Action.UNCHANGED, postmortem_id=link.postmortem_id,
                              item=item, issue=issue, changes=fields,
                              changed_fields=tuple(changes))
    if item.is_done and not issue.is_closed:
        return unchanged.model_copy(update={
            "action": Action.CLOSE,
            "comment": f"Marked done in the postmortem ({item.postmortem_id}); "
                       "closed by actiontrack."})
    if item.is_dropped and not issue.is_closed:
        return unchanged.model_copy(update={
            "action": Action.CLOSE, "close_reason": CloseReason.NOT_PLANNED,
            "comment": f"Dropped in the postmortem ({item.postmortem_id}); closed as not "
                       "planned by actiontrack."})
    if options.reopen and issue.is_closed and item.status == ItemStatus.OPEN:
        return unchanged.model_copy(update={
            "action": Action.REOPEN,
            "comment": "Reopened by actiontrack: the postmortem lists this item as open."})
    if fields is not None:
        return unchanged.model_copy(update={"action": Action.UPDATE,
                                            "changed_fields": tuple(changes) or ("link",)})
    return unchanged


def plan_sync(docs: Sequence[ParsedDocument], tracked: Sequence[Issue], config: Config,
              backend: Backend, options: SyncOptions = SyncOptions(),
              named: Sequence[Issue] = ()) -> Plan:
    """Compare what the postmortems say with what the tracker holds. Pure: writes nothing.

    `named` are issues the items link to by key that actiontrack does not track yet: an item
    that names its issue is synced to it (adopted) instead of getting a new one."""
    by_pm: dict[str, list[Issue]] = {}
    for issue in tracked:
        if issue.link:
            by_pm.setdefault(issue.link.postmortem_id, []).append(issue)
    untracked = [i for i in named if i.link is None]
    changes: list[PlannedChange] = []
    for doc in docs:
        pm = doc.postmortem
        mine = by_pm.get(pm.id, [])
        matched, orphans = match_items(doc.action_items, mine + untracked, backend)
        orphans = [o for o in orphans if o.link is not None]  # untracked ones are not ours
        adopted = {i.key for i in matched.values()}
        untracked = [i for i in untracked if i.key not in adopted]
        for item in doc.action_items:
            want = desired_fields(item, pm, config, backend)
            link = Link(postmortem_id=pm.id, item_id=item.id, synced=_digests(want),
                        incident_date=pm.incident_date)
            existing = matched.get(item.id)
            if existing is None and item.is_dropped:
                changes.append(PlannedChange(action=Action.SKIP, postmortem_id=pm.id, item=item))
            elif existing is None:
                draft = IssueDraft.model_validate({
                    "title": item.title, "body": want["body"], "labels": want["labels"],
                    "assignee": want["assignee"], "due": item.due, "priority": item.priority,
                    "link": link, "start": pm.incident_date})
                changes.append(PlannedChange(
                    action=Action.CREATE, postmortem_id=pm.id, item=item, draft=draft,
                    close_after_create=item.is_done,
                    comment="Created already done: the postmortem marks it done."
                    if item.is_done else None))
            else:
                changes.append(_plan_update(item, existing, want, options, link))
        for issue in orphans:
            if issue.is_closed:
                continue
            changes.append(PlannedChange(
                action=Action.PRUNE if options.prune else Action.ORPHANED, postmortem_id=pm.id,
                issue=issue,
                comment="Closed by actiontrack: this item is no longer in the postmortem."
                if options.prune else None))
    return Plan(changes=tuple(changes))


# ---------------------------------------------------------------------------------------------
# Applying a plan


@dataclass
class AppliedChange:
    change: PlannedChange
    issue: Issue | None = None
    error: ActiontrackError | None = None


@dataclass
class SyncResult:
    applied: list[AppliedChange] = field(default_factory=list)
    dry_run: bool = False

    def count(self, action: Action) -> int:
        return sum(1 for a in self.applied if a.change.action == action and a.error is None)

    @property
    def failures(self) -> list[AppliedChange]:
        return [a for a in self.applied if a.error is not None]


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


def _create_all(creates: list[PlannedChange], backend: Backend) -> list[Issue | Exception]:
    """Create every new issue (in bulk where the tracker can), then settle each unknown
    outcome by a lookup before any second attempt."""
    drafts = [c.draft for c in creates]
    assert all(d is not None for d in drafts)
    results = backend.create_many(drafts) if drafts else []  # type: ignore[arg-type]
    settled: list[Issue | Exception] = []
    for draft, outcome in zip(drafts, results, strict=True):
        if isinstance(outcome, Transient):
            try:
                outcome = create_once(backend, draft, first_failure=outcome)  # type: ignore[arg-type]
            except ActiontrackError as exc:
                outcome = exc
        settled.append(outcome)
    return settled


def apply_plan(plan: Plan, backend: Backend, *,
               progress: Callable[[PlannedChange], None] | None = None) -> SyncResult:
    """Carry out a plan. A refused item is recorded and the others go on; an auth failure or a
    tracker that cannot be asked stops the run (every later write would meet the same)."""
    result = SyncResult()
    creates = [c for c in plan.changes if c.action == Action.CREATE]
    if creates:
        backend.preflight([c.draft for c in creates])  # type: ignore[misc]
    created = dict(zip((id(c) for c in creates), _create_all(creates, backend), strict=True))
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


def sync_documents(docs: Sequence[ParsedDocument], backend: Backend, config: Config, *,
                   options: SyncOptions = SyncOptions(), dry_run: bool = False,
                   progress: Callable[[PlannedChange], None] | None = None
                   ) -> tuple[Plan, SyncResult]:
    """Read the tracker once for all the postmortems, plan, and apply unless dry_run."""
    pm_ids = unique(doc.postmortem.id for doc in docs)

    def read_and_plan() -> Plan:
        tracked = backend.find_linked(pm_ids) if pm_ids else []
        named = named_issues(docs, tracked, backend)
        return plan_sync(docs, tracked, config, backend, options, named)

    if dry_run:
        plan = read_and_plan()
        return plan, dry_run_result(plan)
    with backend.sync_lock():
        plan = read_and_plan()
        return plan, apply_plan(plan, backend, progress=progress)


def named_issues(docs: Sequence[ParsedDocument], tracked: Sequence[Issue],
                 backend: Backend) -> list[Issue]:
    """Issues that items name by link but that are not among the tracked ones, read once each.
    A link to an issue that does not exist is ignored (the item gets a new issue)."""
    known = {i.key for i in tracked}
    keys = unique(key for doc in docs for item in doc.action_items for link in item.links
                  if (key := backend.issue_key_from_link(link)) and key not in known)
    found = []
    for key in keys:
        try:
            found.append(backend.get(key))
        except NotFound as exc:
            backend.warnings.append(f"{exc.message} (named by a postmortem item, which gets an "
                                    "issue of its own)")
    return found


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
