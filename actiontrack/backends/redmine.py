"""The Redmine backend, on python-redmine (`pip install 'actiontrack[redmine]'`).

How actiontrack's issue maps onto a Redmine issue, and the Redmine rules that shape it:
- title -> subject, due -> the native `due_date`. Redmine refuses a due date earlier than the
  start date, and the start date defaults to today, so every backdated due date of an old
  postmortem would be refused: the start date is set to the incident date, or to the due date
  when that is earlier.
- state -> the issue status; which statuses count as closed is the server's own
  `is_closed` flag. Closing picks the done status (default "Closed") or, for items dropped
  from a postmortem, the not-planned one (default "Rejected"), and leaves a note; the status,
  the note and the marker recording the new status go in one update.
- assignee -> a member of the project, found by login or display name; an owner who is not a
  member stays unassigned, with a warning. Issues report the assignee's login.
- Redmine has no labels: actiontrack's labels are a visible `**Labels:**` line at the end of the
  description, read back from there (edit it in Redmine and the change is seen). The link
  marker follows it. Redmine stores descriptions with CRLF line ends; they are read back as LF.
- linked issues are found by listing the project (every status, 100 per page) and reading the
  marker of each: never by full-text search, whose index may lag behind.
- an answer that is not Redmine's JSON (an HTML login or proxy page, an empty or truncated
  body, another shape, a redirect, 410 Gone) is `BadAnswer`, named on one line ("Redmine
  answered with an HTML page, not JSON: is REDMINE_URL behind a login?").
- subjects are cut to Redmine's 255 characters, the full title kept as the description's
  first line; a second issue of one item is closed with a "duplicates" relation to the first.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from ..errors import (
    ActiontrackError,
    AuthError,
    BackendError,
    BadAnswer,
    ConfigError,
    NotFound,
    Refused,
)
from ..issue_format import TRACKER_PICKS, belongs_to, body_with_marker, parse_marker, strip_marker
from ..logs import register_secret
from ..model import CloseReason, Issue, IssueDraft, IssueFields, IssueState
from ..retry import DEFAULT_POLICY, RetryPolicy
from ._http import Answer, Calls, Failure, Wording, error_for, not_the_api, parse_timestamp
from .base import Backend, fit_title, recording_state

if TYPE_CHECKING:
    from ..config import Config

T = TypeVar("T")
PAGE_SIZE = 100
INSTALL_HINT = "pip install 'actiontrack[redmine]'"
_LABELS_LINE = re.compile(r"(?:\A|\n)\*\*Labels:\*\* ?(?P<labels>[^\n]*)\Z")


class NotTheApi(Exception):
    """Raised by the response hook; translated with the call's own words into `BadAnswer`."""

    def __init__(self, problem: str, status: int) -> None:
        super().__init__(problem)
        self.problem, self.status = problem, status


class RedmineSettings(BaseModel):
    """The `[redmine]` section of the config file."""

    model_config = ConfigDict(extra="forbid")
    url: str | None = None              # or REDMINE_URL
    project: str | None = None          # identifier or id; or REDMINE_PROJECT
    tracker: str | None = None          # by name; default: the project's first tracker
    done_status: str = "Closed"
    not_planned_status: str = "Rejected"  # falls back to done_status when the server lacks it
    reopen_status: str | None = None    # default: the tracker's default status
    # Postmortem priority -> Redmine priority name. A priority named like a Redmine one maps
    # to it as is; anything else leaves Redmine's default, with a warning.
    priorities: dict[str, str] = Field(default_factory=lambda: {
        "P0": "Immediate", "P1": "Urgent", "P2": "High", "P3": "Normal", "P4": "Low"})
    timeout: float = Field(30.0, gt=0)


def compose_description(human: str, labels: Sequence[str], link: Any) -> str:
    """The description as stored: the human text, the labels line, then the marker."""
    parts = [human.rstrip()] if human.strip() else []
    if labels:
        parts.append("**Labels:** " + ", ".join(labels))
    return body_with_marker("\n\n".join(parts), link)


def split_description(description: str | None) -> tuple[str, tuple[str, ...]]:
    """(human text, labels) of a stored description, marker removed, line ends as LF."""
    text = strip_marker((description or "").replace("\r\n", "\n"))
    match = _LABELS_LINE.search(text)
    if not match:
        return text, ()
    labels = tuple(lbl.strip() for lbl in match.group("labels").split(",") if lbl.strip())
    return text[: match.start()].rstrip(), labels


def start_date_for(due: dt.date | None, incident: dt.date | None,
                   today: dt.date) -> dt.date | None:
    """A start date Redmine accepts with this due date (it refuses due < start)."""
    if due is None:
        return incident
    return min(incident or today, due)


def _parse_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class RedmineBackend(Backend):
    name = "redmine"
    title_limit = 255  # Redmine's subject column

    def __init__(self, config: Config, env: Mapping[str, str] | None = None, *,
                 retry_policy: RetryPolicy = DEFAULT_POLICY,
                 today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(config, env)
        self.settings = config.backend_settings("redmine", RedmineSettings)
        self.url = (self.env.get("REDMINE_URL") or self.settings.url or "").rstrip("/")
        self.project = self.env.get("REDMINE_PROJECT") or self.settings.project or ""
        self._key = SecretStr(self.env.get("REDMINE_API_KEY", ""))
        for value, key, var in ((self.url, "url", "REDMINE_URL"),
                                (self.project, "project", "REDMINE_PROJECT"),
                                (self._key.get_secret_value(), None, "REDMINE_API_KEY")):
            if not value:
                raise ConfigError(f"the redmine backend needs {var}", key=key and f"redmine.{key}",
                                  hint=f"set {var}" + (f" or [redmine] {key}" if key else ""))
        register_secret(self._key.get_secret_value())
        self.today = today
        self._client = self._connect()  # first: says so when python-redmine is missing
        from redminelib.exceptions import BaseRedmineError
        from requests import RequestException
        # TypeError, KeyError, AttributeError: python-redmine reading an answer of another
        # shape (an empty body is `True` to it, an object without its list a KeyError).
        self._calls = Calls(self._translate, (BaseRedmineError, RequestException, ValueError,
                                              TypeError, KeyError, AttributeError, NotTheApi),
                            backend=self.name, policy=retry_policy)
        self._words = Wording(
            "Redmine", auth_hint="check REDMINE_API_KEY, and that the REST API is enabled "
                                 "(Administration > Settings > API)",
            forbidden_hint=f"give the API key's user a role in project '{self.project}' that "
                           "may view, add and edit issues",
            unreachable_hint="check REDMINE_URL and the network; nothing was lost",
            url_setting="REDMINE_URL")
        self._cache: dict[str, Any] = {}
        self._logins: dict[int, str] = {}

    def _connect(self) -> Any:
        try:
            from redminelib import Redmine
        except ImportError:
            raise ConfigError("the redmine backend needs the python-redmine package",
                              key="backend", hint=INSTALL_HINT) from None
        client = Redmine(self.url, key=self._key.get_secret_value(),
                         requests={"timeout": self.settings.timeout})
        # Every answer is looked at before python-redmine reads it (it follows redirects,
        # turning a POST into a GET of a login page, and takes any body for JSON).
        client.engine.session.hooks["response"].append(self._check_answer)
        return client

    def _check_answer(self, response: Any, *args: Any, **kwargs: Any) -> None:
        """A requests response hook: an answer that is not Redmine's API (a redirect, an HTML
        page, a body where none belongs) raises `BadAnswer` naming it."""
        status = int(response.status_code)
        if status >= 400 or status == 204 or (
                not response.content.strip() and response.request.method in ("PUT", "DELETE")):
            return  # errors are python-redmine's to raise; empty writes are Redmine's way
        headers = {k.casefold(): v for k, v in response.headers.items()}
        problem = not_the_api(Answer(status, headers, response.text, str(response.url)),
                              self._words)
        if problem is not None:
            raise NotTheApi(problem, status)

    # -- talking to Redmine --------------------------------------------------------------
    def _translate(self, exc: BaseException, what: str) -> ActiontrackError:
        """The actiontrack error for a python-redmine or requests failure."""
        from redminelib import exceptions as rx

        if isinstance(exc, NotTheApi):
            return BadAnswer(f"{what}: {exc.problem}", backend=self.name, status=exc.status,
                             hint="nothing was read as missing; run again once it answers "
                                  "properly")
        if isinstance(exc, rx.JSONDecodeError):
            return self._not_json(exc.response, what)
        if isinstance(exc, rx.HTTPProtocolError):
            return BadAnswer(f"{what}: Redmine redirected between http and https: set "
                             "REDMINE_URL to the address it redirects to", backend=self.name)
        if isinstance(exc, (TypeError, KeyError, AttributeError)):
            return BadAnswer(f"{what}: Redmine answered an empty body or JSON of an unexpected "
                             "shape, not its API: is REDMINE_URL the Redmine root URL?",
                             backend=self.name,
                             hint="nothing was read as missing; run again once it answers "
                                  "properly")
        if isinstance(exc, rx.ValidationError):
            return error_for(Failure(422, f"Redmine refused it: {exc}"), what,
                             backend=self.name, words=self._words)
        status = next((code for kind, code in ((rx.AuthError, 401), (rx.ForbiddenError, 403),
                                               (rx.ResourceNotFoundError, 404),
                                               (rx.ServerError, 500)) if isinstance(exc, kind)),
                      getattr(exc, "status_code", None))
        if status is None and not isinstance(exc, OSError):  # requests' errors are OSErrors
            return BackendError(f"{what}: {type(exc).__name__}: {exc}", backend=self.name)
        return error_for(Failure(status, transport=type(exc).__name__), what,
                         backend=self.name, words=self._words)

    def _not_json(self, response: Any, what: str) -> BadAnswer:
        """What came instead of Redmine's JSON, named (a redirect to a login page included:
        requests follows redirects, so the status is the redirect's)."""
        history = list(getattr(response, "history", None) or [])
        status = history[0].status_code if history else int(response.status_code)
        headers = {k.casefold(): v for k, v in (response.headers or {}).items()}
        answer = Answer(status, headers, response.text or "", str(response.url))
        if history:
            answer = Answer(status, {**headers, "location": str(response.url)}, "",
                            str(response.url))
        problem = not_the_api(answer, self._words) or (
            f"Redmine answered with truncated or malformed JSON (HTTP {status}, "
            f"{len(response.text or '')} characters)")
        return BadAnswer(f"{what}: {problem}", backend=self.name, status=status,
                         hint="nothing was read as missing; run again once it answers "
                              "properly")

    def _cached(self, name: str, load: Callable[[], T]) -> T:
        if name not in self._cache:
            self._cache[name] = load()
        value: T = self._cache[name]
        return value

    # -- what the server defines ---------------------------------------------------------
    def _check_key(self) -> None:
        """Ask once who the key belongs to. Redmine treats an unknown key as no key at all:
        without this, a wrong key would read a missing issue as 404 and a public project as
        an anonymous visitor sees it (its private issues missing), not fail as it should."""
        self._cached("me", lambda: self._calls.read(
            lambda: self._client.user.get("current").raw(), "checking the API key"))

    def _project_id(self) -> int:
        def load() -> int:
            self._check_key()
            try:
                return int(self._calls.read(lambda: self._client.project.get(self.project).id,
                                            "reading the project"))
            except NotFound:
                raise ConfigError(f"project '{self.project}' does not exist on {self.url} or "
                                  "the API key's user cannot see it", key="redmine.project",
                                  hint="set REDMINE_PROJECT to a project identifier") from None
        return self._cached("project", load)

    def _statuses(self) -> list[dict[str, Any]]:
        return self._cached("statuses", lambda: self._calls.read(
            lambda: list(self._client.issue_status.all().values()), "reading issue statuses"))

    def _trackers(self) -> list[dict[str, Any]]:
        return self._cached("trackers", lambda: self._calls.read(
            lambda: list(self._client.tracker.all().values()), "reading trackers"))

    def _priorities(self) -> list[dict[str, Any]]:
        return self._cached("priorities", lambda: self._calls.read(
            lambda: list(self._client.enumeration.filter(resource="issue_priorities").values()),
            "reading issue priorities"))

    def _status_id(self, wanted: str, *, closed: bool, key: str) -> int:
        for status in self._statuses():
            if status["name"].casefold() == wanted.casefold():
                if bool(status.get("is_closed")) != closed:
                    raise ConfigError(f"status '{status['name']}' is "
                                      f"{'open' if closed else 'closed'} on this Redmine",
                                      key=key, hint=f"pick a{' closed' if closed else 'n open'}"
                                      " status")
                return int(status["id"])
        names = ", ".join(s["name"] for s in self._statuses())
        raise ConfigError(f"Redmine has no issue status '{wanted}'", key=key,
                          hint=f"its statuses: {names}")

    def _close_status(self, reason: CloseReason) -> int:
        if reason == CloseReason.NOT_PLANNED:
            wanted = self.settings.not_planned_status
            if any(s["name"].casefold() == wanted.casefold() for s in self._statuses()):
                return self._status_id(wanted, closed=True, key="redmine.not_planned_status")
        return self._status_id(self.settings.done_status, closed=True, key="redmine.done_status")

    def _reopen_status(self, tracker_id: int | None) -> int:
        if self.settings.reopen_status:
            return self._status_id(self.settings.reopen_status, closed=False,
                                   key="redmine.reopen_status")
        closed = {s["id"] for s in self._statuses() if s.get("is_closed")}
        for tracker in self._trackers():
            default = (tracker.get("default_status") or {}).get("id")
            if tracker["id"] == tracker_id and default and default not in closed:
                return int(default)
        return int(next(s["id"] for s in self._statuses() if not s.get("is_closed")))

    def _tracker(self) -> dict[str, Any] | None:
        """The configured tracker, or None for the project's default."""
        if not self.settings.tracker:
            return None
        for tracker in self._trackers():
            if tracker["name"].casefold() == self.settings.tracker.casefold():
                return tracker
        names = ", ".join(t["name"] for t in self._trackers())
        raise ConfigError(f"Redmine has no tracker '{self.settings.tracker}'",
                          key="redmine.tracker", hint=f"its trackers: {names}")

    def _priority_id(self, priority: str | None) -> int | None:
        if not priority:
            return None
        mapped = next((v for k, v in self.settings.priorities.items()
                       if k.casefold() == priority.casefold()), priority)
        for enum in self._priorities():
            if enum["name"].casefold() == mapped.casefold():
                return int(enum["id"])
        self.warn(f"priority '{priority}' matches no Redmine priority: Redmine's default "
                        "is used (map it under [redmine.priorities])")
        return None

    # -- users ---------------------------------------------------------------------------
    def _members(self) -> dict[int, tuple[str, str]]:
        """The project's users: id -> (login, display name). Only members are assignable."""
        def load() -> dict[int, tuple[str, str]]:
            memberships = self._calls.read(lambda: list(self._client.project_membership.filter(
                project_id=self.project).values()), "listing the project's members")
            users = {int(m["user"]["id"]): m["user"]["name"] for m in memberships if m.get("user")}
            return {uid: (self._login(uid, name), name) for uid, name in users.items()}
        return self._cached("members", load)

    def _login(self, user_id: int, fallback: str) -> str:
        if user_id not in self._logins:
            try:
                user = self._calls.read(lambda: self._client.user.get(user_id).raw(),
                                        "reading a user")
                self._logins[user_id] = user.get("login") or fallback
            except (NotFound, AuthError):  # a group, or a user this key may not see
                self._logins[user_id] = fallback
        return self._logins[user_id]

    def _member(self, who: str) -> tuple[int, str] | None:
        wanted = who.lstrip("@").casefold()
        for uid, (login, name) in self._members().items():
            if wanted in (login.casefold(), name.casefold()):
                return uid, login
        return None

    def assignee_for(self, owner: str | None) -> str | None:
        if not owner:
            return None
        member = self._member(self.config.tracker_user(owner) or owner)
        if member is None:
            self.warn(f"owner '{owner}' is not a member of Redmine project "
                            f"'{self.project}': left unassigned (map it under [owners])")
            return None
        return member[1]

    def _assignee_id(self, login: str) -> int | None:
        member = self._member(login)
        if member is None:
            self.warn(f"'{login}' is not a member of Redmine project '{self.project}': "
                            "left unassigned")
        return member[0] if member else None


    # -- mapping -------------------------------------------------------------------------
    def _issue(self, raw: dict[str, Any]) -> Issue:
        description = (raw.get("description") or "").replace("\r\n", "\n")
        link = parse_marker(description)
        human, labels = split_description(description)
        status = raw.get("status") or {}
        closed = status.get("is_closed")
        if closed is None:  # servers before 5.0 do not say; the status list does
            closed = any(s["id"] == status.get("id") and s.get("is_closed")
                         for s in self._statuses())
        assigned = raw.get("assigned_to") or {}
        return Issue(
            backend=self.name, key=str(raw["id"]), url=f"{self.url}/issues/{raw['id']}",
            title=raw.get("subject") or "", body=body_with_marker(human, link),
            state=IssueState.CLOSED if closed else IssueState.OPEN,
            state_reason=status.get("name") if closed else None,
            assignee=self._login(int(assigned["id"]), assigned.get("name", ""))
            if assigned.get("id") else None,
            due=_parse_date(raw.get("due_date")), labels=labels,
            priority=(raw.get("priority") or {}).get("name"), link=link,
            created_at=parse_timestamp(raw.get("created_on")),
            updated_at=parse_timestamp(raw.get("updated_on")),
            closed_at=parse_timestamp(raw.get("closed_on")))

    def _issue_id(self, key: str) -> int:
        try:
            return int(str(key).lstrip("#"))
        except ValueError:
            raise NotFound(f"'{key}' is not a Redmine issue number", backend=self.name,
                           hint="use the number `actiontrack issues list` shows") from None

    def _raw(self, key: str) -> dict[str, Any]:
        number = self._issue_id(key)
        self._check_key()
        try:
            return self._calls.read(lambda: self._client.issue.get(number).raw(),
                                    f"reading issue {key}")
        except NotFound:
            raise NotFound(f"issue {number} does not exist on {self.url} (or this key cannot "
                           "see it)", backend=self.name, status=404) from None

    # -- reading -------------------------------------------------------------------------
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        project = self._project_id()
        rows = self._calls.read(lambda: list(self._client.issue.filter(
            project_id=project, status_id="*", sort="id").values()),
            f"listing the issues of project '{self.project}'")
        wanted = None if postmortem_ids is None else set(postmortem_ids)
        seen: set[int] = set()
        found = []
        for raw in rows:  # pages may overlap when issues are added while listing
            if raw["id"] in seen:
                continue
            seen.add(raw["id"])
            description = (raw.get("description") or "").replace("\r\n", "\n")
            if "actiontrack" not in description and "pm:" not in description:
                continue  # cheap: most issues of a project are not ours
            issue = self._issue(raw)
            if belongs_to(issue, wanted, self.config.label_prefix):
                found.append(issue)
        return found

    def get(self, key: str) -> Issue:
        return self._issue(self._raw(key))

    # -- writing -------------------------------------------------------------------------
    def preflight(self, drafts: Sequence[IssueDraft]) -> None:
        self._project_id()
        tracker = self._tracker() or self._project_tracker()
        enabled = set(tracker.get("enabled_standard_fields") or ()) if tracker else set()
        if tracker and "enabled_standard_fields" in tracker:
            needed = {"due_date": any(d.due for d in drafts),
                      "start_date": any(d.due or d.start for d in drafts),
                      "assigned_to_id": any(d.assignee for d in drafts),
                      "description": True}
            off = sorted(name for name, used in needed.items() if used and name not in enabled)
            if off:  # Redmine would drop these fields silently
                raise ConfigError(f"tracker '{tracker['name']}' has the field(s) "
                                  f"{', '.join(off)} turned off", key="redmine.tracker",
                                  hint="turn them on in Administration > Trackers, or pick "
                                  "another tracker")

    def _project_tracker(self) -> dict[str, Any] | None:
        trackers = self._cached("project_trackers", lambda: self._calls.read(
            lambda: self._client.project.get(self.project, include=["trackers"]).raw()
            .get("trackers") or [], "reading the project's trackers"))
        first = trackers[0]["id"] if trackers else None
        return next((t for t in self._trackers() if t["id"] == first), None)

    @property
    def settle_seconds(self) -> float:
        return float(self.settings.timeout)  # a create given up on may land that late

    def create(self, draft: IssueDraft) -> Issue:
        subject, body = fit_title(draft.title, strip_marker(draft.body), self.title_limit)
        fields: dict[str, Any] = {
            "project_id": self._project_id(), "subject": subject,
            "description": compose_description(body, draft.labels, draft.link)}
        tracker = self._tracker()
        if tracker:
            fields["tracker_id"] = tracker["id"]
        start = start_date_for(draft.due, draft.start, self.today())
        if start:
            fields["start_date"] = start
        if draft.due:
            fields["due_date"] = draft.due
        if draft.assignee and (uid := self._assignee_id(draft.assignee)):
            fields["assigned_to_id"] = uid
        if (priority := self._priority_id(draft.priority)) is not None:
            fields["priority_id"] = priority
        # Never retried here: an unknown outcome goes back to the engine, which looks first.
        created = self._calls.write(lambda: self._client.issue.create(**fields).raw(),
                                    "creating an issue")
        return self._issue(created)

    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        raw = self._raw(issue.key)  # fresh: keep what people changed since it was read
        changes = self._changes(raw, fields)
        if changes:
            self._calls.read(lambda: self._client.issue.update(int(raw["id"]), **changes),
                      f"updating issue {issue.key}")
        return self.get(issue.key)

    def _changes(self, raw: dict[str, Any], fields: IssueFields) -> dict[str, Any]:
        """What an issue update sends for these fields, the issue being `raw` now."""
        current = self._issue(raw)
        changes: dict[str, Any] = {}
        human = strip_marker(fields.body if fields.body is not None else current.body)
        body_changes = fields.body is not None
        if fields.title is not None:
            changes["subject"], fitted = fit_title(fields.title, human, self.title_limit)
            body_changes = body_changes or fitted != human
            human = fitted
        if body_changes or fields.labels is not None or fields.link is not None:
            labels = fields.labels if fields.labels is not None else current.labels
            changes["description"] = compose_description(human, labels,
                                                         fields.link or current.link)
        if fields.assignee is not None:
            uid = self._assignee_id(fields.assignee) if fields.assignee else None
            if uid is not None or not fields.assignee:
                changes["assigned_to_id"] = uid or ""
        if fields.due is not None:
            changes["due_date"] = fields.due
            start = _parse_date(raw.get("start_date"))
            if start and start > fields.due:
                changes["start_date"] = fields.due
        if fields.priority is not None and (pid := self._priority_id(fields.priority)):
            changes["priority_id"] = pid
        return changes

    def _set_status(self, issue: Issue, status_id: int, note: str | None, closed: bool,
                    fields: IssueFields | None = None) -> Issue:
        """The status, its note and `fields` (with the marker recording the new status) in
        one update, which Redmine applies as one journal entry: no stopped run leaves a
        status its marker does not know of."""
        number = self._issue_id(issue.key)
        changes = {} if fields is None else self._changes(self._raw(issue.key), fields)
        changes["status_id"] = status_id
        if note:
            changes["notes"] = note
        # Not retried: a second attempt would add the note twice.
        self._calls.once(lambda: self._client.issue.update(number, **changes),
                   f"changing the status of issue {issue.key}")
        after = self.get(issue.key)
        if after.is_closed != closed:  # Redmine ignores a status its workflow does not allow
            if fields is not None and fields.link is not None and "description" in changes:
                # ... and takes the rest: the marker must not claim the status it refused.
                self.update(after, IssueFields(link=recording_state(fields.link, after.state)))
            raise Refused(f"issue {issue.key} is still {after.state.value}: Redmine's workflow "
                          "did not let this user change its status", backend=self.name,
                          hint="allow the transition for the API user's role "
                          "(Administration > Workflow) or set [redmine] statuses")
        return after

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        return self._set_status(issue, self._close_status(CloseReason(reason)), comment, True)

    def close_duplicate(self, duplicate: Issue, original: Issue, comment: str) -> Issue:
        """A "duplicates" relation to the original (Redmine shows it on both issues), then
        closed as not planned with the comment as its note."""
        issue_id, original_id = self._issue_id(duplicate.key), self._issue_id(original.key)
        # Refused: related already; AuthError: the role may not relate issues. The note
        # names the original either way.
        with contextlib.suppress(Refused, AuthError):
            self._calls.once(lambda: self._client.issue_relation.create(
                issue_id=issue_id, issue_to_id=original_id, relation_type="duplicates"),
                f"relating issue {duplicate.key} to {original.key}")
        return self.close(duplicate, CloseReason.NOT_PLANNED, comment)

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        return self._set_status(issue, self._reopen_status_of(issue), comment, False)

    def _reopen_status_of(self, issue: Issue) -> int:
        return self._reopen_status((self._raw(issue.key).get("tracker") or {}).get("id"))

    def change_state(self, issue: Issue, *, close: bool, reason: CloseReason,
                     comment: str | None = None, fields: IssueFields | None = None) -> Issue:
        status = self._close_status(CloseReason(reason)) if close else \
            self._reopen_status_of(issue)
        return self._set_status(issue, status, comment, close, fields)

    # -- helpers -------------------------------------------------------------------------
    def held_value(self, name: str, value: object) -> object:
        """Priorities read back as the Redmine priority they map to; with none given,
        Redmine sets its default, which counts as what actiontrack wrote."""
        if name != "priority":
            return value
        if not value:
            return TRACKER_PICKS
        return next((v for k, v in self.settings.priorities.items()
                     if k.casefold() == str(value).casefold()), value)

    def issue_key_from_link(self, link: str) -> str | None:
        match = re.fullmatch(re.escape(self.url) + r"/issues/(\d+)/?(?:[#?].*)?", link.strip())
        return match.group(1) if match else None

    def describe(self) -> str:
        return f"Redmine {self.url} project {self.project}"

    def shutdown(self) -> None:
        session = getattr(getattr(self._client, "engine", None), "session", None)
        if session is not None:
            session.close()
