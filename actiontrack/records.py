"""The plain parts of the data model, which import nothing (no pydantic): the enums, the
identity helpers, and the parser's records of a document (`PostmortemRecord`, `ItemRecord`,
`DocumentRecord`: the fields of `model.Postmortem`, `ActionItem` and `ParsedDocument`, which
`model.parsed_document` makes of them).

So `actiontrack parse`, which prints what the parser read, runs without pydantic: importing it
and building the first model is more than a plain start-up of the interpreter (the issue's
baseline is `python -c "import pydantic"` alone). Everything else reads the models.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

# Kinds the parser and the SLA policy know by name. Config may add more; anything else is "other".
KNOWN_KINDS = ("corrective", "preventive", "mitigation", "detection", "process", "other")


class ItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"  # decided against: "won't do", "dropped", "cancelled"


class IssueState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class CloseReason(StrEnum):
    COMPLETED = "completed"
    NOT_PLANNED = "not_planned"


class Action(StrEnum):
    SKIP = "skip"  # an item dropped in the postmortem before it ever had an issue
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    CLOSE = "close"
    REOPEN = "reopen"
    ORPHANED = "orphaned"
    PRUNE = "prune"
    DUPLICATE = "duplicate"  # a second issue of one item, closed as a duplicate of the first



@dataclass(frozen=True)
class PostmortemRecord:
    """`model.Postmortem`'s fields, as the parser reads them."""

    id: str
    title: str
    incident_date: dt.date | None = None
    source: str = ""
    severity: str | None = None
    impact: str | None = None
    root_cause: str | None = None
    root_cause_markdown: str | None = None
    url: str | None = None


class ItemState:
    """`is_done` and `is_dropped` of an item, plain record or model alike."""

    if TYPE_CHECKING:
        status: ItemStatus | None

    @property
    def is_done(self) -> bool:
        return self.status == ItemStatus.DONE

    @property
    def is_dropped(self) -> bool:
        return self.status == ItemStatus.DROPPED


@dataclass(frozen=True)
class ItemRecord(ItemState):
    """`model.ActionItem`'s fields, as the parser reads them."""

    id: str
    postmortem_id: str
    title: str
    kind: str | None = None
    kind_source: str | None = None
    owner: str | None = None
    due: dt.date | None = None
    due_source: str | None = None
    status: ItemStatus | None = None
    done_on: dt.date | None = None
    priority: str | None = None
    links: tuple[str, ...] = ()
    line: int | None = None
    group: str | None = None
    section: str | None = None
    rationale: str | None = None
    rationale_markdown: str | None = None
    removed: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentRecord:
    """`model.ParsedDocument`'s fields, as the parser reads them."""

    postmortem: PostmortemRecord
    action_items: tuple[ItemRecord, ...] = ()
    warnings: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Identity helpers shared by the parser and the engine.

_WORD = re.compile(r"[^\w]+", re.UNICODE)


def normalise_title(text: str) -> str:
    """Lower-case, accent-folded, punctuation-free form used to compare titles."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(_WORD.sub(" ", text).split())


def item_id_for(postmortem_id: str, title: str) -> str:
    """A stable id for an item: same postmortem and same (normalised) title, same id."""
    digest = hashlib.sha256(f"{postmortem_id}\x00{normalise_title(title)}".encode()).hexdigest()
    return digest[:10]


def field_digest(value: object) -> str:
    """A short, stable digest of a field value as actiontrack wrote it."""
    if value is None:
        text = ""
    elif isinstance(value, (list, tuple)):
        text = "\x1f".join(sorted(str(v) for v in value))
    else:
        text = str(value)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
