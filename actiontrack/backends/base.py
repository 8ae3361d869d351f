"""The Backend interface every tracker implements, and the helpers they share.

A backend is small: it lists the issues linked to some postmortems, reads one issue, creates,
updates, closes and reopens. It never decides *what* changes — the engine does — and it never
parses a postmortem. It reports what the tracker holds as `Issue` objects.

Rules every backend keeps (the contract suite in `actiontrack.testing` checks them):
- "absent" and "could not ask" are different: a lookup that fails for a 5xx, a timeout or a
  reset raises `Transient`; only a definite answer returns None or raises `NotFound`.
- `create` is never retried blindly inside a backend. When its outcome is unknown it raises
  `UnknownOutcome`; the engine then looks the item up before trying again.
- the link between an issue and its item lives in the tracker (a marker and labels), so a
  stateless runner finds it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager, nullcontext
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from ..errors import ActiontrackError, AuthError
from ..model import CloseReason, Issue, IssueDraft, IssueFields, Link

if TYPE_CHECKING:
    from ..config import Config


MARKER_PREFIX = "actiontrack:v1"
_MARKER_RE = re.compile(r"<!--\s*actiontrack:v1\s+(\{.*?\})\s*-->", re.DOTALL)

# Label names are capped at 50 characters on GitHub and may not contain spaces on Jira.
MAX_LABEL = 50


def render_marker(link: Link) -> str:
    payload: dict[str, object] = {"pm": link.postmortem_id, "item": link.item_id}
    if link.incident_date:
        payload["inc"] = link.incident_date.isoformat()
    if link.synced:
        payload["synced"] = dict(sorted(link.synced.items()))
    return f"<!-- {MARKER_PREFIX} {json.dumps(payload, separators=(',', ':'))} -->"


def parse_marker(text: str | None) -> Link | None:
    """The link carried by an issue body, or None when it carries none (or a mangled one)."""
    if not text:
        return None
    match = _MARKER_RE.search(text)
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
        synced = data.get("synced") or {}
        incident = dt.date.fromisoformat(data["inc"]) if data.get("inc") else None
        return Link(postmortem_id=str(data["pm"]), item_id=str(data["item"]),
                    synced={str(k): str(v) for k, v in synced.items()},
                    incident_date=incident)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def strip_marker(text: str | None) -> str:
    return _MARKER_RE.sub("", text or "").rstrip()


def body_with_marker(body: str, link: Link | None) -> str:
    """The body as stored in a tracker: the human text, then the marker on its own line."""
    human = strip_marker(body)
    if link is None:
        return human
    return f"{human}\n\n{render_marker(link)}" if human else render_marker(link)


def _label_safe(text: str) -> str:
    text = re.sub(r"[^\w.:-]+", "-", text.strip().casefold()).strip("-")
    return text or "x"


def _fit(label: str) -> str:
    if len(label) <= MAX_LABEL:
        return label
    digest = hashlib.sha256(label.encode()).hexdigest()[:8]
    return f"{label[: MAX_LABEL - 9]}~{digest}"


def base_label(prefix: str = "actiontrack") -> str:
    return _fit(_label_safe(prefix))


def postmortem_label(postmortem_id: str) -> str:
    return _fit("pm:" + _label_safe(postmortem_id))


def kind_label(kind: str | None) -> str | None:
    return _fit("kind:" + _label_safe(kind)) if kind else None


def is_managed_label(label: str, prefix: str = "actiontrack") -> bool:
    lowered = label.casefold()
    return lowered == base_label(prefix) or lowered.startswith(("pm:", "kind:"))


def kind_from_labels(labels: Iterable[str]) -> str | None:
    for label in labels:
        if label.casefold().startswith("kind:"):
            return label.split(":", 1)[1]
    return None


class Backend(ABC):
    """A tracker. Construct it with the validated config and the environment."""

    name: ClassVar[str]
    # True when the tracker stores a due date natively; otherwise it lives in the body.
    native_due: ClassVar[bool] = False

    def __init__(self, config: Config, env: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.env = dict(env or {})
        self.warnings: list[str] = []

    # -- reading -------------------------------------------------------------------------
    @abstractmethod
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        """Every issue, open or closed, linked to one of these postmortems (None: to any).

        Raises `Transient` when the tracker could not be asked: never a partial answer."""

    @abstractmethod
    def get(self, key: str) -> Issue:
        """One issue by key. Raises `NotFound` when the tracker says it does not exist."""

    def find_by_item(self, postmortem_id: str, item_id: str) -> Issue | None:
        """The issue linked to one item, or None when the tracker definitely has none."""
        for issue in self.find_linked([postmortem_id]):
            if issue.link and issue.link.item_id == item_id:
                return issue
        return None

    # -- writing -------------------------------------------------------------------------
    @abstractmethod
    def create(self, draft: IssueDraft) -> Issue:
        """Create one issue. Raise `UnknownOutcome` when it may or may not exist now."""

    def create_many(self, drafts: Sequence[IssueDraft]) -> list[Issue | Exception]:
        """Create several issues; one result per draft, an exception where that one failed.

        Trackers with a bulk endpoint override this; the default creates one by one."""
        results: list[Issue | Exception] = []
        for draft in drafts:
            try:
                results.append(self.create(draft))
            except AuthError:
                raise  # every later create would meet the same
            except ActiontrackError as exc:  # handed back to the engine, item by item
                results.append(exc)
        return results

    def preflight(self, drafts: Sequence[IssueDraft]) -> None:
        """Check, before anything is written, that these issues can be created (required
        fields, permissions...). Raise `Refused` or `ConfigError` naming what to fix."""

    @abstractmethod
    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        """Write the fields that are not None; keep everything else as the tracker has it.

        When `fields.link` is set and `fields.body` is not, only the marker in the current
        body is replaced, so edits people made to the body survive."""

    @abstractmethod
    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        ...

    @abstractmethod
    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        ...

    # -- helpers -------------------------------------------------------------------------
    def assignee_for(self, owner: str | None) -> str | None:
        """The tracker user to assign for an owner as written in a postmortem, or None.

        The owners map in config wins; otherwise a backend that takes free-form names uses
        the owner as written. Backends with real user accounts override this."""
        if not owner:
            return None
        return self.config.tracker_user(owner) or owner.lstrip("@")

    def issue_key_from_link(self, link: str) -> str | None:
        """The key of one of this tracker's issues that a link in a postmortem names, if any."""
        return None

    def sync_lock(self) -> AbstractContextManager[None]:
        """Held around a whole sync (read, plan, write) so two syncs of one tracker never
        interleave. Trackers without a way to lock return a no-op; CI serialises those runs
        with a workflow concurrency group."""
        return nullcontext()

    def describe(self) -> str:
        return self.name

    def shutdown(self) -> None:
        """Release connections. Safe to call twice."""
