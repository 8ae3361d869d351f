"""Planning a sync: desired items versus tracker state. Pure: reads nothing, writes nothing.

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
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from ..backends.base import Backend
from ..config import Config
from ..issue_format import (
    base_label,
    is_managed_label,
    kind_label,
    postmortem_label,
    render_body,
    strip_marker,
)
from ..model import (
    Action,
    ActionItem,
    CloseReason,
    Issue,
    IssueDraft,
    IssueFields,
    ItemStatus,
    Link,
    ParsedDocument,
    Plan,
    PlannedChange,
    Postmortem,
    field_digest,
    normalise_title,
)

# How alike a reworded title must be to its old self to keep the same issue.
RETITLE_SIMILARITY = 0.6
SYNCED_FIELDS = ("title", "body", "assignee", "due", "labels", "priority")


@dataclass(frozen=True)
class SyncOptions:
    prune: bool = False
    reopen: bool = False


DEFAULT_OPTIONS = SyncOptions()


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
              backend: Backend, options: SyncOptions = DEFAULT_OPTIONS,
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
