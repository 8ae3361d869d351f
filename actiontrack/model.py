"""The data that flows through actiontrack: postmortems and their action items on one side,
tracker issues on the other, and the sync plan that connects them.

Everything here is a plain pydantic model with no behaviour that touches I/O, so the parser,
the engine and every backend can share it without importing each other.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, Self

from pydantic import BaseModel, ConfigDict, Field

# The plain parts, re-exported: every module imports them from here.
from .records import (
    KNOWN_KINDS,
    Action,
    CloseReason,
    DocumentRecord,
    IssueState,
    ItemState,
    ItemStatus,
    field_digest,
    item_id_for,
    normalise_title,
)

__all__ = ["KNOWN_KINDS", "Action", "ActionItem", "CloseReason", "Frozen", "Issue",
           "IssueDraft", "IssueFields", "IssueState", "ItemStatus", "Link", "ParsedDocument",
           "Plan", "PlannedChange", "Postmortem", "TrackedIssue", "field_digest",
           "item_id_for", "normalise_title", "parsed_document"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    @classmethod
    def of_valid(cls, values: dict[str, Any], fields_set: set[str] | None = None) -> Self:
        """The model `cls(**values)` makes, for `values` that are already what validating
        them makes (every field given, in the fields' order, each of its field's type and
        owned by the model from now on), without validating them again: for the values our
        own code has just made so, such as the local tracker's issues (10,000 a sync, where
        validating each `Issue` and `Link` again was a tenth of a no-op re-sync). What
        `model_construct` sets, without its look-up of defaults and aliases; tests hold it
        equal to the validated model. `fields_set`: the fields given, when not all are."""
        made = cls.__new__(cls)
        object.__setattr__(made, "__dict__", values)
        object.__setattr__(made, "__pydantic_fields_set__",
                           set(values) if fields_set is None else fields_set)
        object.__setattr__(made, "__pydantic_extra__", None)
        object.__setattr__(made, "__pydantic_private__", None)
        return made

    def replaced(self, **changes: Any) -> Self:
        """`model_copy(update=changes)`: the same copy (nothing validated, the other values
        shared, the changed fields counted as given), without the generic copying of
        `__copy__` (a sync's load makes about 13,000 of them)."""
        return self.of_valid({**self.__dict__, **changes},
                             self.model_fields_set | changes.keys())


class Postmortem(Frozen):
    """One incident document, as far as actiontrack needs it."""

    id: str
    title: str
    incident_date: dt.date | None = None
    source: str
    severity: str | None = None
    impact: str | None = None
    root_cause: str | None = None
    # The root cause section as its author wrote it (Markdown), for issue bodies; `root_cause`
    # is its one-paragraph plain-text summary.
    root_cause_markdown: str | None = None
    # The permalink of the document where it is published (e.g. a GitHub blob URL), if known.
    url: str | None = None


class ActionItem(Frozen, ItemState):
    """One follow-up task extracted from a postmortem."""

    id: str
    postmortem_id: str
    title: str
    kind: str | None = None
    # which rule decided the kind: column, tag, section, keyword, default
    kind_source: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    due_source: str | None = None  # "document" or "sla"
    status: ItemStatus | None = None
    done_on: dt.date | None = None  # when the postmortem says a done item was done
    priority: str | None = None
    links: tuple[str, ...] = ()
    line: int | None = None
    group: str | None = None  # the sub-heading the item sits under, if any
    section: str | None = None  # the action section's heading ("Action items")
    rationale: str | None = None  # the matching "corrective and preventive measures" prose
    rationale_markdown: str | None = None  # the same, as its author wrote it
    # What the parser removed from the item's text to make the title (annotations, markers,
    # later sentences), so that a reader can check that no word of the task was lost.
    removed: tuple[str, ...] = ()


class ParsedDocument(Frozen):
    postmortem: Postmortem
    action_items: tuple[ActionItem, ...] = ()
    warnings: tuple[str, ...] = ()


class Link(Frozen):
    """What an issue carries to say which postmortem item it tracks.

    `synced` holds a short digest of every field as the postmortem gave it when actiontrack
    last wrote it; `held` the digest of the value as the tracker holds it after that write,
    for the fields where the two differ (a mapped priority, a title Jira shortened). So the
    engine can tell a change made in the postmortem (the first differs) from a change made in
    the tracker (the second differs). An empty `synced` means nothing is known of the last
    write (a marker lost and found again by other means).
    """

    postmortem_id: str
    item_id: str
    synced: dict[str, str] = Field(default_factory=dict)
    held: dict[str, str] = Field(default_factory=dict)
    # The incident date, so SLA figures can count from it on any tracker (optional: older
    # markers lack it).
    incident_date: dt.date | None = None
    # The postmortem's file, relative to the project root: how a sync tells a renamed or
    # deleted postmortem from one outside its scope (markers before format 2 lack it).
    source: str | None = None
    # 1: the whole body was actiontrack's (markers before the managed block); 2: the body has
    # one managed block and everything outside it is people's.
    format: int = 1
    # The item was already done when its issue was created: the issue's close time is not
    # when the work was done. `done_on` is the date the postmortem states, if it states one.
    created_done: bool = False
    done_on: dt.date | None = None
    # The item's title when actiontrack last wrote the issue: a reworded item still finds
    # its issue after people retitled it in the tracker.
    title: str | None = None


class Issue(Frozen):
    """An issue as a tracker reports it."""

    backend: str
    key: str
    url: str | None = None
    title: str
    body: str = ""
    state: IssueState = IssueState.OPEN
    state_reason: str | None = None
    assignee: str | None = None
    due: dt.date | None = None
    labels: tuple[str, ...] = ()
    priority: str | None = None
    link: Link | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None

    @property
    def is_closed(self) -> bool:
        return self.state == IssueState.CLOSED


class TrackedIssue(NamedTuple):
    """A tracked issue as the reports read it (`Backend.find_for_report`): the `Issue` fields
    they use, the identity its link gives and its incident date, without the body and the
    marker's digests, which only a sync needs. A named tuple: a report reads 10,000 of them,
    and validating an `Issue` and a `Link` for each was a tenth of its time (a frozen
    dataclass of these fields costs three times a tuple to make)."""

    key: str
    url: str | None
    title: str
    state: IssueState
    state_reason: str | None
    assignee: str | None
    due: dt.date | None
    labels: tuple[str, ...]
    priority: str | None
    created_at: dt.datetime | None
    closed_at: dt.datetime | None
    postmortem_id: str | None  # the link's; None for an issue with no link (a label only)
    item_id: str | None
    # The link's incident date, else the one of the body's "Incident date" line (issues
    # synced before markers carried it); None for an issue with no link.
    incident_date: dt.date | None = None
    created_done: bool = False  # the link's: already done when its issue was created
    done_on: dt.date | None = None

    @property
    def is_closed(self) -> bool:
        return self.state == IssueState.CLOSED


class IssueFields(Frozen):
    """The fields actiontrack writes. On an update, None means "leave this field alone".

    `body` is either the managed block (`issue_format.render_block`), which replaces the
    block of the current body and leaves the text around it as it is, or any other text,
    which replaces the whole body (the rolling report issue; a body that is all actiontrack's).
    """

    title: str | None = None
    body: str | None = None
    assignee: str | None = None
    due: dt.date | None = None
    labels: tuple[str, ...] | None = None
    priority: str | None = None
    link: Link | None = None


class IssueDraft(Frozen):
    """A new issue, complete."""

    title: str
    body: str
    labels: tuple[str, ...] = ()
    assignee: str | None = None
    due: dt.date | None = None
    priority: str | None = None
    link: Link
    # When the work started (the incident date), for trackers that keep a start date.
    start: dt.date | None = None


class PlannedChange(Frozen):
    action: Action
    postmortem_id: str
    item: ActionItem | None = None
    issue: Issue | None = None
    draft: IssueDraft | None = None
    changes: IssueFields | None = None
    changed_fields: tuple[str, ...] = ()
    close_after_create: bool = False
    close_reason: CloseReason = CloseReason.COMPLETED
    comment: str | None = None
    notes: tuple[str, ...] = ()
    duplicate_of: Issue | None = None  # DUPLICATE: the issue that stays open for the item
    # Fields where the tracker's value was kept over the postmortem's (both changed since the
    # last sync, or the open/closed state differs), each with the reason, for the report.
    kept: tuple[tuple[str, str], ...] = ()


class Plan(Frozen):
    changes: tuple[PlannedChange, ...] = ()
    notes: tuple[str, ...] = ()  # what the plan noticed about whole postmortems (a rename)

    def count(self, action: Action) -> int:
        return sum(1 for c in self.changes if c.action == action)


def parsed_document(record: DocumentRecord) -> ParsedDocument:
    """The parser's plain record as the model every other part uses, validated as the parser
    used to validate it when it built the models itself."""
    pm = record.postmortem
    return ParsedDocument(
        postmortem=Postmortem(**{name: getattr(pm, name) for name in Postmortem.model_fields}),
        action_items=tuple(ActionItem(**{name: getattr(item, name)
                                         for name in ActionItem.model_fields})
                           for item in record.action_items),
        warnings=record.warnings)
