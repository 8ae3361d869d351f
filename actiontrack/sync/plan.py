"""Planning a sync: desired items versus tracker state. Pure: reads nothing, writes nothing.

The engine, not a backend, decides what changes:
- an item with no issue gets one (created closed when the postmortem already says done);
- every field, and the open/closed state, is merged three ways (`merge`): written only when
  the postmortem changed it since the last sync and the tracker still holds what actiontrack
  wrote; when both changed, the tracker's value is kept and the plan says so;
- an issue whose item disappeared is reported as orphaned, and closed as not planned only
  with `prune`; so are the open issues of a postmortem whose file is gone from the scope;
- a reworded item keeps its issue: unmatched items and issues of one postmortem are paired by
  title similarity before anything is created; a renamed postmortem file keeps its issues the
  same way (`renamed a.md -> b.md`);
- an issue actiontrack did not create is adopted only when an item names it as its tracker
  (a link, not a mention in the item's text), and the plan says so.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..backends.base import Backend
from ..config import Config
from ..issue_format import (
    BLOCK_FORMAT,
    base_label,
    belongs_to,
    is_managed_label,
    kind_label,
    neutralise,
    postmortem_label,
    render_block,
    render_block_inner,
    splice_body,
)
from ..model import (
    Action,
    ActionItem,
    CloseReason,
    Issue,
    IssueDraft,
    IssueFields,
    IssueState,
    Link,
    ParsedDocument,
    Plan,
    PlannedChange,
    Postmortem,
    normalise_title,
)
from .memo import DigestMemo
from .merge import (
    FIELDS,
    STATE,
    Bases,
    Merged,
    Wanted,
    bases_of,
    merge_fields,
    merge_state,
    migrate_body,
)

# How alike a reworded title must be to its old self to keep the same issue.
RETITLE_SIMILARITY = 0.6


@dataclass(frozen=True)
class SyncOptions:
    prune: bool = False
    reopen: bool = False  # reopen issues closed in the tracker whose item is open
    force_state: bool = False  # every issue open or closed as its postmortem says


DEFAULT_OPTIONS = SyncOptions()


@dataclass(frozen=True)
class Gone:
    """Tracked postmortems the sync did not load although their file was in its scope (or
    exists no more): postmortem id -> its file, as its issues name it."""

    sources: Mapping[str, str] = field(default_factory=dict)
    # Of those, the ones outside the scope (their file exists nowhere): a rename may take
    # their issues, but they are not the sync's to orphan.
    rename_only: frozenset[str] = frozenset()


# -- what the tracker should hold ------------------------------------------------------------

def names_as_tracker(item: ActionItem, link: str) -> bool:
    """A link the item gives as its tracker, not an issue its text mentions ("caused the
    outage in #1" keeps `#1` in the title: a mention)."""
    return link not in item.title


def _links_shown(item: ActionItem, backend: Backend, own_key: str | None) -> list[str]:
    if not item.links:  # most items: asked twice each in a sync
        return []
    return [link for link in item.links if names_as_tracker(item, link)
            and (own_key is None or backend.issue_key_from_link(link) != own_key)]


def wanted_for(item: ActionItem, postmortem: Postmortem, config: Config, backend: Backend,
               *, own_key: str | None = None, memo: DigestMemo | None = None) -> Wanted:
    """What the tracker should hold for an item, field by field: rendered when asked for, and
    its digests taken from `memo` when an earlier run digested the same inputs."""
    state = _wanted_state(item)

    links = _links_shown(item, backend, own_key)

    def render() -> tuple[dict[str, object], dict[str, object]]:
        return _render(item, postmortem, config, backend, links)

    if memo is None:
        return Wanted(state, render)
    key = memo.key(item, postmortem, links)
    want = Wanted(state, render, digests=memo.digests(key))
    memo.remember(key, want)
    return want


def _render(item: ActionItem, postmortem: Postmortem, config: Config, backend: Backend,
            links: Sequence[str]) -> tuple[dict[str, object], dict[str, object]]:
    labels = [base_label(config.label_prefix), postmortem_label(postmortem.id)]
    kind = kind_label(item.kind)
    if kind:
        labels.append(kind)
    values: dict[str, object] = {
        "title": item.title,
        "body": render_block_inner(item, postmortem, due_in_body=backend.due_in_body,
                                   links=links),
        "assignee": backend.assignee_for(item.owner),
        "due": item.due,
        "labels": tuple(sorted(labels)),
        "priority": item.priority,
    }
    return values, {name: backend.held_value(name, value) for name, value in values.items()}


def _digests(want: Wanted, state: IssueState) -> tuple[dict[str, str], dict[str, str]]:
    synced = dict(want.plain)
    held = {name: d for name in FIELDS if (d := want.held_digests[name]) != synced[name]}
    synced[STATE] = state.value
    return synced, held


def _link(item: ActionItem, postmortem: Postmortem, synced: dict[str, str],
          held: dict[str, str], *, created_done: bool, done_on: dt.date | None) -> Link:
    return Link(postmortem_id=postmortem.id, item_id=item.id, synced=synced, held=held,
                incident_date=postmortem.incident_date, source=postmortem.source,
                format=BLOCK_FORMAT, created_done=created_done, done_on=done_on,
                title=neutralise(item.title))  # compared without punctuation anyway


# -- matching items to issues ----------------------------------------------------------------

def _title_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise_title(a), normalise_title(b)).ratio()


def _likeness(title: str, issue: Issue) -> float:
    """How alike an item's title is to an issue: its title in the tracker, or the item's
    title when actiontrack last wrote it (people may have retitled the issue since)."""
    score = _title_similarity(title, issue.title)
    if issue.link is not None and issue.link.title and issue.link.title != issue.title:
        score = max(score, _title_similarity(title, issue.link.title))
    return score


def match_items(items: Sequence[ActionItem], issues: Sequence[Issue], backend: Backend,
                named: Sequence[Issue] = ()) -> tuple[dict[str, Issue], list[Issue]]:
    """Pair each item with its issue: by the item id its marker names, then by the issue the
    item names as its tracker (its own `issues`, or a `named` one to adopt), then by a similar
    title among `issues`. Returns {item id: issue} and the `issues` left over (orphans)."""
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
    by_key = {i.key: i for i in (*issues, *named)}
    for item in items:
        if item.id in matched:
            continue
        keys = (backend.issue_key_from_link(link) for link in item.links
                if names_as_tracker(item, link))
        key = next((k for k in keys if k and k in by_key and k not in taken), None)
        if key is not None:
            pair(item, by_key[key])
    candidates = sorted(
        ((_likeness(item.title, issue), n, m)
         for n, item in enumerate(items) if item.id not in matched
         for m, issue in enumerate(issues) if issue.key not in taken),
        reverse=True)
    for score, n, m in candidates:
        if score < RETITLE_SIMILARITY:
            break
        if items[n].id not in matched and issues[m].key not in taken:
            pair(items[n], issues[m])
    return matched, [issue for issue in issues if issue.key not in taken]


def _renamed_into(issues: Sequence[Issue], source: str, docs: Sequence[ParsedDocument],
                  own: Mapping[str, Sequence[Issue]]) -> ParsedDocument | None:
    """The loaded postmortem a gone one became (its file renamed, its id changed, or both):
    the one from the same file, else the one where most of one side matches the other, most
    closely: most of the new file's items without an issue of their own (`own`: issues by
    postmortem id), or most of the gone one's open issues (all of them if none is open). A
    rename a stopped run left half done counts too: then most of the unclaimed items match.

    Either side may hold what the other lacks: the gone one's issues include those of items
    removed since (orphans left open without --prune, or closed by it), and the new file
    items added since."""
    same = next((d for d in docs if d.postmortem.source == source), None)
    if same is not None:
        return same
    if not issues:
        return None
    open_issues = [i for i in issues if not i.is_closed] or list(issues)
    best, best_score = None, (0, 0.0)
    for doc in docs:
        claimed = _claimed(doc, own.get(doc.postmortem.id, ()))
        titles = [item.title for item in doc.action_items if item.id not in claimed]
        if not titles:
            continue
        by_title = _hits([max(_likeness(t, i) for i in issues) for t in titles])
        by_issue = _hits([max(_likeness(t, i) for t in titles) for i in open_issues])
        most = len(by_title) >= math.ceil(len(titles) / 2) or \
            (not claimed and len(by_issue) >= math.ceil(len(open_issues) / 2))
        score = max((len(by_title), sum(by_title)), (len(by_issue), sum(by_issue)))
        if most and score[0] and score > best_score:
            best, best_score = doc, score
    return best


def _claimed(doc: ParsedDocument, own: Sequence[Issue]) -> set[str]:
    """The ids of the document's items that issues already counted as its own stand for: by
    their marker, or by title when those issues came with another rename (a rename a stopped
    run left half done, then renamed again: their markers still name the old item ids)."""
    claimed = {i.link.item_id for i in own if i.link}
    if own:
        claimed |= {item.id for item in doc.action_items if item.id not in claimed and
                    any(_likeness(item.title, issue) >= RETITLE_SIMILARITY for issue in own)}
    return claimed


def _hits(closest: Sequence[float]) -> list[float]:
    return [score for score in closest if score >= RETITLE_SIMILARITY]


# -- one item --------------------------------------------------------------------------------

def _fields(merged: Merged, item: ActionItem, postmortem: Postmortem, issue: Issue,
            want: Wanted, backend: Backend, config: Config) -> dict[str, object]:
    """The IssueFields values for what the merge decided to write."""
    out: dict[str, object] = {}
    for name, value in merged.write.items():
        if name == "labels":
            people = tuple(lbl for lbl in issue.labels
                           if not is_managed_label(lbl, config.label_prefix))
            out[name] = people + tuple(value)  # type: ignore[arg-type]
        elif name == "body":
            inner = str(value)
            if backend.due_in_body and "due" not in merged.write and issue.due != item.due:
                # the due line is the tracker's due date here: the tracker's value stays
                inner = render_block_inner(item.model_copy(update={"due": issue.due}),
                                           postmortem, due_in_body=True,
                                           links=_links_shown(item, backend, issue.key))
            block = render_block(inner, postmortem.id, item.id, postmortem.source)
            out[name] = splice_body(issue.body, block) if backend.body_is_markdown else block
        elif value is None and name in ("assignee", "priority"):
            out[name] = ""  # the postmortem no longer says: clear it
        elif value is not None:
            out[name] = value
    return out


def _state_change(item: ActionItem, state: IssueState, base: PlannedChange) -> PlannedChange:
    if state == IssueState.OPEN:
        return base.model_copy(update={
            "action": Action.REOPEN,
            "comment": "Reopened by actiontrack: the postmortem lists this item as open."})
    if item.is_dropped:
        return base.model_copy(update={
            "action": Action.CLOSE, "close_reason": CloseReason.NOT_PLANNED,
            "comment": f"Dropped in the postmortem ({item.postmortem_id}); closed as not "
                       "planned by actiontrack."})
    return base.model_copy(update={
        "action": Action.CLOSE,
        "comment": f"Marked done in the postmortem ({item.postmortem_id}); closed by "
                   "actiontrack."})


def _identity(merged: Merged, issue: Issue, postmortem: Postmortem,
              want: Wanted) -> tuple[str, ...]:
    """What an issue's identity needs beyond the merge, and the notes that say so: an issue
    found without its marker is linked again; an adopted one gets the labels (and nothing
    else of the item's); a renamed postmortem's `pm:` label follows the new name."""
    old = issue.link
    if old is None and postmortem_label(postmortem.id) in issue.labels:
        return (f"relinked {issue.key}: its marker was removed in the tracker; found by its "
                "label and title",)
    if old is None:
        merged.kept = [k for k in merged.kept if k[0] != "labels"]
        merged.write["labels"] = want.values["labels"]
        merged.synced["labels"] = want.plain["labels"]
        return (f"adopted {issue.key}: the item names it as its tracker; actiontrack did "
                "not create it",)
    renamed = postmortem_label(old.postmortem_id)
    if old.postmortem_id != postmortem.id and "labels" not in merged.write and \
            renamed in issue.labels:  # only the pm: label changes; the team's edits stay
        merged.write["labels"] = tuple(
            postmortem_label(postmortem.id) if lbl == renamed else lbl
            for lbl in issue.labels if is_managed_label(lbl))
    return ()


def _wanted_state(item: ActionItem) -> IssueState:
    return IssueState.OPEN if item.status in (None, "open") else IssueState.CLOSED


def _unchanged(item: ActionItem, issue: Issue, postmortem: Postmortem, backend: Backend,
               memo: DigestMemo | None) -> PlannedChange | None:
    """The change for an item the merge would leave alone, decided from the digests of an
    earlier run without the merge's bases, outcome or notes built (most items of a re-sync);
    None when it takes the merge to tell. That is when the merge writes nothing, keeps
    nothing and notes nothing: a marker of the block's format naming this postmortem, whose
    digests are those of every field as the postmortem gives it now, and whose state is the
    issue's and the item's. Anything else (a field or the state changed on either side, a
    marker of format 1, lost or behind, a renamed postmortem) goes through the merge."""
    link = issue.link
    if memo is None or link is None or link.format < BLOCK_FORMAT or \
            link.postmortem_id != postmortem.id:
        return None
    synced = link.synced
    state = _wanted_state(item)  # a StrEnum: equal to its value in the marker
    if synced.get(STATE) != state or issue.state is not state:
        return None
    plain = memo.plain(memo.key(item, postmortem, _links_shown(item, backend, issue.key)))
    if plain is None or list(map(synced.get, FIELDS)) != plain:  # field by field, in order
        return None
    return PlannedChange(action=Action.UNCHANGED, postmortem_id=postmortem.id, item=item,
                         issue=issue)


def plan_update(item: ActionItem, issue: Issue, postmortem: Postmortem, config: Config,
                backend: Backend, options: SyncOptions = DEFAULT_OPTIONS,
                memo: DigestMemo | None = None) -> PlannedChange:
    """The change for an item that has an issue: the merged fields, the state, the marker."""
    unchanged = _unchanged(item, issue, postmortem, backend, memo)
    if unchanged is not None:
        return unchanged
    want = wanted_for(item, postmortem, config, backend, own_key=issue.key, memo=memo)
    lost = (issue.link is None and postmortem_label(postmortem.id) in issue.labels) or \
        (issue.link is not None and not issue.link.synced)
    bases: Bases = bases_of(issue.link, issue, item, postmortem, want, lost=lost)
    merged = merge_fields(issue, want, bases, config.label_prefix)
    merge_state(issue, want, bases, merged, item_dropped=item.is_dropped,
                reopen=options.reopen, force=options.force_state)
    migrate_body(merged, want)
    notes = _identity(merged, issue, postmortem, want)
    old = issue.link
    relink = old is None or not old.synced or merged.stale or bool(merged.write) or \
        merged.state is not None or old.postmortem_id != postmortem.id
    fields = None
    if relink:  # else nothing is written: no marker or fields to build (a no-op re-sync)
        link = _link(item, postmortem, merged.synced, merged.held,
                     created_done=old.created_done if old else False,
                     done_on=old.done_on if old else None)
        values = _fields(merged, item, postmortem, issue, want, backend, config)
        fields = IssueFields.model_validate({**values, "link": link})
    change = PlannedChange(action=Action.UPDATE if fields is not None else Action.UNCHANGED,
                           postmortem_id=postmortem.id, item=item, issue=issue, changes=fields,
                           changed_fields=tuple(merged.write) or (("link",) if fields else ()),
                           kept=tuple(merged.kept), notes=notes)
    if merged.state is not None:
        return _state_change(item, merged.state, change)
    return change


def plan_create(item: ActionItem, postmortem: Postmortem, config: Config,
                backend: Backend, memo: DigestMemo | None = None) -> PlannedChange:
    want = wanted_for(item, postmortem, config, backend, memo=memo)
    synced, held = _digests(want, IssueState.OPEN)
    link = _link(item, postmortem, synced, held, created_done=item.is_done,
                 done_on=item.done_on)
    draft = IssueDraft.model_validate({
        "title": item.title,
        "body": render_block(str(want.values["body"]), postmortem.id, item.id,
                             postmortem.source),
        "labels": want.values["labels"], "assignee": want.values["assignee"],
        "due": item.due, "priority": item.priority, "link": link,
        "start": postmortem.incident_date})
    closed = None
    if item.is_done:  # the marker then records the close, in the same write where it can
        done_synced = {**synced, STATE: IssueState.CLOSED.value}
        closed = IssueFields(link=link.model_copy(update={"synced": done_synced}))
    return PlannedChange(
        action=Action.CREATE, postmortem_id=postmortem.id, item=item, draft=draft,
        changes=closed, close_after_create=item.is_done,
        comment="Created already done: the postmortem marks it done." if item.is_done
        else None)


# -- the whole plan --------------------------------------------------------------------------

def _orphans(pm_id: str, issues: Sequence[Issue], options: SyncOptions,
             why: str) -> list[PlannedChange]:
    """Open issues without an item. One found by its `pm:` label alone (no marker) may be
    anyone's: reported, never closed."""
    changes = []
    for issue in issues:
        if issue.is_closed:
            continue
        prune = options.prune and issue.link is not None
        notes: tuple[str, ...] = (why,) if why else ()
        if issue.link is None:
            notes += ("no marker: actiontrack cannot tell it made this issue, so --prune "
                      "leaves it open",)
        reason = why or "this item is no longer in the postmortem"
        changes.append(PlannedChange(
            action=Action.PRUNE if prune else Action.ORPHANED, postmortem_id=pm_id,
            issue=issue, notes=notes,
            comment=f"Closed by actiontrack: {reason}." if prune else None))
    return changes


def plan_sync(docs: Sequence[ParsedDocument], tracked: Sequence[Issue], config: Config,
              backend: Backend, options: SyncOptions = DEFAULT_OPTIONS,
              named: Sequence[Issue] = (), gone: Gone | None = None,
              memo: DigestMemo | None = None) -> Plan:
    """Compare what the postmortems say with what the tracker holds. Pure: writes nothing.

    `tracked` are the issues of these postmortems (and of the `gone` ones); `named` are issues
    the items name as their tracker that actiontrack does not track: such an item is synced
    to its issue (adopted) instead of getting a new one. `memo`: digests of earlier runs, by
    their inputs (an item whose inputs they match is not rendered)."""
    gone = gone or Gone()
    if memo is not None:
        memo.prefetch([key for doc in docs for key in memo.document_keys(
            doc, [_links_shown(item, backend, None) for item in doc.action_items])])
    by_pm: dict[str, list[Issue]] = {}
    pm_ids = [doc.postmortem.id for doc in docs] + [g for g in gone.sources]
    for issue in tracked:
        owner = issue.link.postmortem_id if issue.link else \
            next((p for p in pm_ids if belongs_to(issue, [p], config.label_prefix)), None)
        if owner is not None:
            by_pm.setdefault(owner, []).append(issue)
    missing = {pm_id: by_pm.get(pm_id, []) for pm_id in gone.sources}
    untracked = [i for i in named if i.link is None]
    changes: list[PlannedChange] = []
    notes: list[str] = []
    for old in list(missing):
        target = _renamed_into(missing[old], gone.sources[old], docs, by_pm)
        if target is not None:
            by_pm.setdefault(target.postmortem.id, []).extend(missing.pop(old))
            new = target.postmortem
            notes.append(f"postmortem id {old} -> {new.id} ({new.source})"
                         if new.source == gone.sources[old] else
                         f"renamed {gone.sources[old]} -> {new.source}")
    for doc in docs:
        pm = doc.postmortem
        mine = by_pm.get(pm.id, [])
        matched, orphans = match_items(doc.action_items, mine, backend, untracked)
        adopted = {i.key for i in matched.values()}
        untracked = [i for i in untracked if i.key not in adopted]
        for item in doc.action_items:
            existing = matched.get(item.id)
            if existing is None and item.is_dropped:
                changes.append(PlannedChange(action=Action.SKIP, postmortem_id=pm.id, item=item))
            elif existing is None:
                changes.append(plan_create(item, pm, config, backend, memo))
            else:
                changes.append(plan_update(item, existing, pm, config, backend, options,
                                           memo))
        changes += _orphans(pm.id, orphans, options, "")
    for pm_id, issues in missing.items():
        if pm_id in gone.rename_only:
            continue
        changes += _orphans(pm_id, issues, options, f"its postmortem {gone.sources[pm_id]} is "
                                                    "gone")
    return Plan(changes=tuple(changes), notes=tuple(notes))
