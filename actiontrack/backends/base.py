"""The Backend class every tracker implements.

A backend is small: it lists the issues linked to some postmortems, reads one issue, creates,
updates, closes and reopens. It never decides *what* changes — the sync engine does — and it
never parses a postmortem. It reports what the tracker holds as `Issue` objects.

Rules every backend keeps (the contract suite in `actiontrack.testing` checks them):
- "absent" and "could not ask" are different: a lookup that fails for a 5xx, a timeout or a
  reset raises `Transient`; only a definite answer returns None or raises `NotFound`.
- `create` is never retried blindly inside a backend. When its outcome is unknown it raises
  `UnknownOutcome`; the engine then looks the item up before trying again.
- the link between an issue and its item lives in the tracker (a marker and labels; see
  `actiontrack.issue_format`), so a stateless runner finds it again.
- an answer that is not the tracker's API (an HTML page, an empty or truncated body, another
  JSON shape, a redirect) is `BadAnswer`, never an empty listing (`_http` detects it).

Optional, with defaults a plugin written against earlier releases keeps: `close_duplicate`
(how a second issue of one item is closed; default: not planned, with a comment),
`settle_seconds` (how long a write without an answer may still land), `create_lock` (a lock
across runs around the creates, where the tracker has an atomic primitive) and `title_limit`.

A backend is a context manager: `with open_tracker(config, name) as tracker:` opens it and
always shuts it down. What it notices on the way (an owner it cannot assign, a comment that
was not posted) goes through `warn`, which drops repeats.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import TYPE_CHECKING, ClassVar

from ..errors import ActiontrackError, AuthError

# Re-exported: plugins written against earlier releases import these from here.
from ..issue_format import (
    MARKER_PREFIX,
    MAX_LABEL,
    base_label,
    body_with_marker,
    is_managed_label,
    kind_from_labels,
    kind_label,
    parse_marker,
    postmortem_label,
    render_marker,
    strip_marker,
    tracked_issue,
)
from ..model import CloseReason, Issue, IssueDraft, IssueFields, IssueState, Link, TrackedIssue

# The line a body starts with when the title had to be cut to the tracker's limit.
FULL_TITLE_PREFIX = "**Full title:** "

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger(__name__)

__all__ = [
    "FULL_TITLE_PREFIX", "MARKER_PREFIX", "MAX_LABEL", "STATE_DIGEST", "Backend", "base_label",
    "body_with_marker", "fit_title", "recording_state",
    "is_managed_label", "kind_from_labels", "kind_label", "parse_marker", "postmortem_label",
    "render_marker", "strip_marker",
]


class Backend(ABC):
    """A tracker. Construct it with the validated config and the environment."""

    name: ClassVar[str]
    # The longest title the tracker takes (GitHub 256, Redmine 255); None: no limit.
    title_limit: ClassVar[int | None] = None
    # The tracker has no due-date field: the due date is the `Due:` line of the managed block.
    due_in_body: ClassVar[bool] = False
    # The body the tracker reports is the Markdown actiontrack wrote, so the engine splices a
    # new managed block into it and `update` gets the whole body. False: the tracker stores
    # another format, and `update` gets the block alone and splices it itself.
    body_is_markdown: ClassVar[bool] = True
    # Where `notify` sends what a long operation is doing (the CLI prints it on stderr).
    on_notice: Callable[[str], None] | None = None

    def __init__(self, config: Config, env: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.env = dict(env or {})
        self._warnings: list[str] = []

    # -- lifecycle -----------------------------------------------------------------------
    def __enter__(self) -> Backend:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.shutdown()

    def shutdown(self) -> None:  # noqa: B027 - optional: most trackers hold nothing to release
        """Release connections. Safe to call twice."""

    # -- what the backend noticed ----------------------------------------------------------
    def warn(self, message: str) -> None:
        """Say something the user should know (once: repeats are dropped)."""
        if message not in self._warnings:
            self._warnings.append(message)

    @property
    def warnings(self) -> list[str]:
        """Everything `warn` was told, in order, each once."""
        return list(self._warnings)

    def notify(self, message: str) -> None:
        """Say now what a long operation is doing (progress, a wait for a rate limit): to
        `on_notice` when the CLI listens, else to the log."""
        if self.on_notice is not None:
            self.on_notice(f"{self.name}: {message}")
        else:
            log.info("%s: %s", self.name, message)

    # -- reading -------------------------------------------------------------------------
    @abstractmethod
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        """Every issue, open or closed, linked to one of these postmortems (None: to any).

        Raises `Transient` when the tracker could not be asked: never a partial answer."""

    def find_for_report(self) -> list[TrackedIssue]:
        """What `find_linked(None)` lists, as the reports read it (`TrackedIssue`). Optional:
        a tracker that can read less than whole issues for it (the local one) overrides it."""
        return [tracked_issue(issue) for issue in self.find_linked(None)]

    def find_tracked(self) -> list[Issue]:
        """Every issue actiontrack tracks here, for a sync that must see them all (a renamed
        postmortem, one whose file is gone, an issue that lost its `pm:` label)."""
        return self.find_linked(None)

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

    def close_duplicate(self, duplicate: Issue, original: Issue, comment: str) -> Issue:
        """Close `duplicate`, a second issue of the same item, as a duplicate of `original`
        (the one that stays open for the item). `comment` names the original, so what people
        added to the duplicate stays findable from it. Trackers with a native duplicate state
        or link override this; the default closes it as not planned, with the comment."""
        return self.close(duplicate, CloseReason.NOT_PLANNED, comment)

    @property
    def settle_seconds(self) -> float:
        """How long a write that got no answer may still take to land in the tracker. After an
        unknown outcome the engine waits this long before its last look, and only then creates
        again. Backends with a client timeout return it (a request the client gave up on may
        still be carried out that much later)."""
        return 2.0

    def preflight(self, drafts: Sequence[IssueDraft]) -> None:  # noqa: B027 - optional check
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

    def comment(self, issue: Issue, text: str) -> bool:
        """Post a comment on the issue, which notifies the people watching it (an edit does
        not). Trackers that take comments override this; the default posts nothing and says
        so by returning False. A comment that fails is a warning, never a failed run."""
        return False

    def change_state(self, issue: Issue, *, close: bool, reason: CloseReason,
                     comment: str | None = None, fields: IssueFields | None = None) -> Issue:
        """Close (or reopen) the issue and write `fields` (the marker recording the new
        state, and any field the same sync changes), so that no stopped run leaves a state
        change its marker does not know of: the merge would take it for one people made,
        and keep it against the postmortem (an unticked item's issue staying closed).

        The built-in trackers make the state and its marker one write (SQLite: one
        transaction; GitHub, Redmine: one request; Jira: the marker rides on the
        transition). This default, for plugins, can only write them one after the other:
        state first, so a stopped run leaves a marker behind the tracker (harmless while the
        postmortem still wants that state: the next sync records it), never one claiming a
        change that did not happen. A tracker that can take both in one request, or in one
        transaction, overrides this."""
        issue = self.close(issue, reason, comment) if close else self.reopen(issue, comment)
        return self.update(issue, fields) if fields is not None else issue

    # -- helpers -------------------------------------------------------------------------
    def assignee_for(self, owner: str | None) -> str | None:
        """The tracker user to assign for an owner as written in a postmortem, or None.

        The owners map in config wins; otherwise a backend that takes free-form names uses
        the owner as written. Backends with real user accounts override this."""
        if not owner:
            return None
        return self.config.tracker_user(owner) or owner.lstrip("@")

    def held_value(self, name: str, value: object) -> object:
        """A field's value as this tracker reports it after actiontrack writes `value` (a
        mapped priority, a shortened title): the engine compares what it reads with that,
        to tell its own write from an edit people made; `TRACKER_PICKS`: any value."""
        return value

    def issue_key_from_link(self, link: str) -> str | None:
        """The key of one of this tracker's issues that a link in a postmortem names, if any."""
        return None

    def digest_context(self) -> str | None:
        """Everything besides the config and the code that `assignee_for`, `held_value` and
        `issue_key_from_link` answer from (e.g. which tracker), as text; None when they may
        depend on more (what the tracker says at the time): a sync then takes no digests of
        an earlier run (`sync.memo`) and renders every item."""
        return None

    def wait(self, seconds: float) -> None:
        """Pause before looking up a create whose answer was lost (so a write still in
        flight can land first). Test trackers with a clock of their own override it."""
        time.sleep(seconds)

    def sync_lock(self) -> AbstractContextManager[None]:
        """Held around a whole sync (read, plan, write) so two syncs of one tracker never
        interleave, where that costs nothing (a lock file). Trackers without a way to lock
        return a no-op; CI serialises those runs with a workflow concurrency group."""
        return nullcontext()

    def create_lock(self) -> AbstractContextManager[bool]:
        """Held around the creates of a sync, across processes and machines, where the
        tracker has an atomic primitive to build it on (GitHub: creating a git ref). It
        yields True when it holds a lock: the engine then reads the tracker again under it,
        so what a run beside this one created is seen instead of created twice. Taken only
        when a sync creates. Default: no lock, False (the engine still collapses duplicates
        after its creates)."""
        return nullcontext(False)

    def expect_creates(self, count: int) -> None:
        """Told before `create_lock` how many issues the plan would create (GitHub writes
        the lock's first lease for as long as they take). Default: nothing to do."""
        return None

    def lock_held_throughout(self) -> bool:
        """Asked inside `create_lock`, after the creates: whether the lock was this run's,
        beyond doubt, from the read under it to now. Then no run beside this one created,
        and the engine does not list again after its creates. Default: False (no lock)."""
        return False

    def describe(self) -> str:
        return self.name


# The key of the open/closed state among a link's digests (the engine's `merge.STATE`).
STATE_DIGEST = "state"


def recording_state(link: Link, state: IssueState) -> Link:
    """The link with its state digest set to `state`: a marker that is true of the tracker
    before a state change lands (written with the fields of a sync ahead of the change, on
    trackers that cannot take both in one request)."""
    return link.model_copy(update={"synced": {**link.synced, STATE_DIGEST: state.value}})


def fit_title(title: str, body: str, limit: int | None) -> tuple[str, str]:
    """The title cut to a tracker's limit, and the body: when the title was cut it starts with
    the full title (`FULL_TITLE_PREFIX`), so nothing of it is lost; a line left from an earlier
    cut is replaced, or dropped when the title fits again."""
    first, sep, rest = body.partition("\n\n")
    if first.startswith(FULL_TITLE_PREFIX) and "\n" not in first:
        body = rest if sep else ""
    if limit is None or len(title) <= limit:
        return title, body
    cut = title[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit - 40:  # end at a word when one ends near the limit
        cut = cut[:space]
    head = FULL_TITLE_PREFIX + " ".join(title.split())
    return cut.rstrip() + "…", f"{head}\n\n{body}" if body else head
