"""The three-way merge of one item's fields: what the postmortem says now, what the tracker
holds now, and what actiontrack last wrote (the digests in the issue's marker).

Per field, and for the open/closed state:
- the postmortem did not change it since the last sync: nothing is written, whatever the
  tracker holds (an edit people made there stays);
- the postmortem changed it and the tracker still holds what actiontrack wrote: it is written;
- both changed it: the tracker wins, and the field is reported as kept.

The body counts only its managed block: a body with no block (people removed it, or the issue
was not created by actiontrack) is never written, except a body that is all actiontrack's
(written before the block existed and never edited since), which the block then replaces.

Markers written before the block existed (format 1) are read into the same bases first, so
those issues keep working and are rewritten in the new format only when something is written
anyway. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ..issue_format import (
    TRACKER_PICKS,
    block_inner,
    is_managed_label,
    legacy_source,
    render_legacy_body,
    stable_text,
    strip_marker,
)
from ..model import ActionItem, Issue, IssueState, Link, Postmortem, field_digest

FIELDS = ("title", "body", "assignee", "due", "labels", "priority")
STATE = "state"
# A base that matches no value: the tracker holds something actiontrack did not write.
NOT_OURS = "~"
# A held value that matches any value: the tracker picks it (Redmine's default priority).
ANY = TRACKER_PICKS
# Body bases of format-1 markers: the body is all actiontrack's and may be replaced whole.
WHOLE = "whole"


class Wanted:
    """What the tracker should hold for an item: per field the value as the postmortem gives
    it (`values`), and as the tracker will report it back after it is written (`held`), with
    their digests (`plain`, `held_digests`).

    The values are rendered only when they are asked for (`render`): a re-sync compares
    digests, and with `digests` known (a `DigestMemo` of an earlier run: the same inputs give
    the same values) an item the postmortem did not change is never rendered."""

    def __init__(self, state: IssueState,
                 render: Callable[[], tuple[Mapping[str, object], Mapping[str, object]]], *,
                 digests: tuple[Mapping[str, str], Mapping[str, str]] | None = None) -> None:
        self.state = state
        self._render = render
        self._rendered: tuple[Mapping[str, object], Mapping[str, object]] | None = None
        self._digests = digests

    @classmethod
    def of(cls, values: Mapping[str, object], held: Mapping[str, object],
           state: IssueState) -> Wanted:
        return cls(state, lambda: (values, held))

    def _values_and_held(self) -> tuple[Mapping[str, object], Mapping[str, object]]:
        if self._rendered is None:
            self._rendered = self._render()
        return self._rendered

    @property
    def values(self) -> Mapping[str, object]:
        return self._values_and_held()[0]

    @property
    def held(self) -> Mapping[str, object]:
        return self._values_and_held()[1]

    def _digested(self) -> tuple[Mapping[str, str], Mapping[str, str]]:
        if self._digests is None:
            values, held = self._values_and_held()
            plain = {name: digest(name, values[name]) for name in FIELDS}
            self._digests = plain, {
                name: _digests_of(name, held[name],
                                  plain[name] if held[name] == values[name] else None)[0]
                for name in FIELDS}
        return self._digests

    @property
    def known_digests(self) -> tuple[Mapping[str, str], Mapping[str, str]] | None:
        """The digests, if they were computed or given (nothing is rendered for them)."""
        return self._digests

    @property
    def plain(self) -> Mapping[str, str]:
        """Per field, the digest of its value as the postmortem gives it."""
        return self._digested()[0]

    @property
    def held_digests(self) -> Mapping[str, str]:
        """Per field, the digest of what the tracker holds after it is written (most fields:
        the same as `plain`)."""
        return self._digested()[1]


@dataclass
class Merged:
    """The outcome for one issue: the fields to write, the fields kept, and the bases the
    marker carries after the write."""

    write: dict[str, object] = field(default_factory=dict)
    kept: list[tuple[str, str]] = field(default_factory=list)
    synced: dict[str, str] = field(default_factory=dict)
    held: dict[str, str] = field(default_factory=dict)
    # The marker is behind the tracker (an interrupted run, the same change made on both
    # sides, a lost marker): worth rewriting with the next write, or on its own.
    stale: bool = False
    state: IssueState | None = None  # the state to move the issue to, if any


def digest(name: str, value: object) -> str:
    """The digest of a field's value as the marker keeps it (bodies in their stable form)."""
    if value == ANY:
        return ANY
    if name == "body" and value is not None:
        value = stable_text(str(value))
    return field_digest(value)


_CASELESS = ("assignee", "priority")


def _digests_of(name: str, value: object, plain: str | None = None) -> tuple[str, str]:
    """(the digest of a value as the tracker holds it, its digest) of one value: user names
    and priorities are compared without case (GitHub answers a login in its own case). Hashed
    once where the two are the same (most fields). `plain`: the digest, when it is known."""
    plain = digest(name, value) if plain is None else plain
    if name in _CASELESS and isinstance(value, str) and value.casefold() != value:
        return digest(name, value.casefold()), plain
    return plain, plain


def current_value(issue: Issue, name: str, prefix: str) -> object:
    """A field as the tracker holds it, the way the engine compares it."""
    if name == "labels":
        return tuple(sorted(label for label in issue.labels if is_managed_label(label, prefix)))
    if name == "body":
        return block_inner(issue.body)
    return getattr(issue, name)


def _state_digest(state: IssueState) -> str:
    return state.value


# -- bases -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Bases:
    """What actiontrack last wrote, per field: as the postmortem gave it (`synced`) and as
    the tracker held it (`held`); a field missing from `synced` is unknown."""

    synced: Mapping[str, str]
    held: Mapping[str, str]

    def held_of(self, name: str) -> str | None:
        return self.held.get(name, self.synced.get(name))


def _state_base(issue: Issue, want: Wanted) -> str:
    """The state base when the marker records none (format 1, a lost marker, an adopted
    issue): actiontrack closed the issues of done items and never reopened one, so an open
    issue counts as last written open, and a closed one as what is wanted now."""
    return _state_digest(IssueState.OPEN if not issue.is_closed else want.state)


def bases_of(link: Link | None, issue: Issue, item: ActionItem, postmortem: Postmortem,
             want: Wanted, *, lost: bool = False) -> Bases:
    """The bases of an issue's marker, format-1 markers read into format-2 terms. No link
    (an adopted issue) or a link found without its marker (`lost`): nothing is known; the
    state of an adopted issue follows the item as format 1 did, a lost marker's state is
    kept like any other field when it differs."""
    if lost:
        return Bases({STATE: _state_digest(want.state)}, {})
    if link is None or not link.synced:
        return Bases({STATE: _state_base(issue, want)}, {})
    if link.format >= 2:
        return Bases(link.synced, link.held)
    synced = dict(link.synced)
    held: dict[str, str] = {}
    body_base = synced.pop("body", None)
    if body_base is not None:
        source, line, url = legacy_source(issue.body)
        if source is None and url is None:  # people rewrote that line: take the item's
            line, url = item.line, postmortem.url
        shown = render_legacy_body(item, postmortem, line=line, url=url)
        same = field_digest(shown) == body_base
        synced["body"] = want.plain["body"] if same else body_base
        whole = field_digest(strip_marker(issue.body)) == body_base
        held["body"] = WHOLE if whole else NOT_OURS
    synced[STATE] = _state_base(issue, want)
    return Bases(synced, held)


# -- the merge -------------------------------------------------------------------------------

def _kept_reason(name: str, issue: Issue, bases: Bases) -> str:
    if name == "body" and block_inner(issue.body) is None:
        return "body edited in the tracker (its managed block is gone)"
    if bases.synced.get(name) is None:
        return f"{name} differs, and actiontrack has no record of writing it"
    return f"{name} edited in the tracker"


def _untouched(name: str, issue: Issue, base: str | None, now: tuple[str, str]) -> bool:
    """Whether the tracker still holds what actiontrack last wrote."""
    if name == "body" and block_inner(issue.body) is None:
        return base == WHOLE  # no block: only a body that is all actiontrack's is ours
    return base is not None and base in (*now, ANY)


def merge_fields(issue: Issue, want: Wanted, bases: Bases, prefix: str) -> Merged:
    """Which fields to write and which to keep, and the bases the marker then carries."""
    merged = Merged()
    plain, synced, held = want.plain, bases.synced, bases.held  # looked up once, not per field
    for name in FIELDS:
        wanted_p = plain[name]
        base_p = synced.get(name)
        base_t = held.get(name, base_p)  # bases.held_of(name)
        if base_p == wanted_p:  # the postmortem did not change it: the tracker's value stays
            keep_p, keep_t = wanted_p, base_t  # (not even looked at: most fields of a re-sync)
        else:
            keep_p, keep_t = _merge_changed(name, issue, want, bases, merged, wanted_p, prefix)
        merged.synced[name] = keep_p
        if keep_t is not None and keep_t != keep_p:
            merged.held[name] = keep_t
    return merged


def _merge_changed(name: str, issue: Issue, want: Wanted, bases: Bases, merged: Merged,
                   wanted_p: str, prefix: str) -> tuple[str, str | None]:
    """A field the postmortem changed since the last sync (its digest is `wanted_p`): written
    or kept, into `merged`; returns the bases the marker then carries for it."""
    base_p, base_t = bases.synced.get(name), bases.held_of(name)
    wanted_t = want.held_digests[name]
    # Both forms: markers before format 2 digested values as they are.
    now = _digests_of(name, current_value(issue, name, prefix))
    if wanted_t in (*now, ANY):  # changed on both sides alike, or a marker behind
        merged.stale = True
        return wanted_p, wanted_t
    if _untouched(name, issue, base_t, now):
        merged.write[name] = want.values[name]
        return wanted_p, wanted_t
    merged.kept.append((name, _kept_reason(name, issue, bases)))
    return (base_p, base_t) if base_p is not None else (wanted_p, NOT_OURS)


def migrate_body(merged: Merged, want: Wanted) -> None:
    """A body that is all actiontrack's (format 1, never edited) becomes the managed block
    whenever the issue is written anyway; never on its own."""
    if (merged.write or merged.stale or merged.state) and merged.held.get("body") == WHOLE:
        merged.write["body"] = want.values["body"]
        merged.synced["body"] = want.plain["body"]
        merged.held.pop("body")


_SAYS = {IssueState.OPEN: "open", IssueState.CLOSED: "done"}


def merge_state(issue: Issue, want: Wanted, bases: Bases, merged: Merged, *, item_dropped: bool,
                reopen: bool, force: bool) -> None:
    """The open/closed state, three ways like a field; a close or reopen made in the tracker
    stays, and is reported while tracker and postmortem disagree, unless `force` (or, for
    reopening, `reopen`) says the postmortem wins."""
    wanted = _state_digest(want.state)
    base = bases.synced.get(STATE)
    now = _state_digest(issue.state)
    if now == wanted:
        merged.stale = merged.stale or base != wanted
        merged.synced[STATE] = wanted
        return
    changed = base != wanted
    forced = force or (reopen and want.state == IssueState.OPEN)
    if (changed and base == now) or forced:
        merged.state = want.state
        merged.synced[STATE] = wanted
        return
    says = "dropped" if item_dropped else _SAYS[want.state]
    merged.kept.append((STATE, f"{issue.state.value} in the tracker, {says} in the postmortem"))
    merged.synced[STATE] = base if base is not None else wanted
