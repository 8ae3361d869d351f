"""The Jira backend, Cloud and Data Center, over the `jira` client library's session.

- Cloud (e-mail + API token, Basic; users are accountIds; search is `/search/jql` with
  `nextPageToken`) and Data Center (personal access token as Bearer; users are names; search
  is `/search` with `startAt`) are told apart by `serverInfo.deploymentType`.
- The link to an item is an issue property (`link.py`); the issue is found by its labels
  (`actiontrack`, `pm:<id>`). Listings never trust the search index alone: the newest issues
  are read by key (`listing.py`), so an issue created seconds ago is always found.
- New issues go in `issue/bulk` requests of at most 50, after a preflight that checks the
  create screen's required fields. A create without a definite answer reports
  `UnknownOutcome`, and the engine looks the item up before creating it again.
- Done and reopened are workflow transitions into the done / to-do status categories; a
  duplicate is linked to the issue that stays ("Duplicate" link) and closed. The link that
  records the new state rides on the transition request (`properties`), so no stopped run
  leaves a state its marker does not know of; see `change_state`.

The `jira` package is imported only when the backend is used, so `actiontrack --help` never
pays for it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ...errors import (
    ActiontrackError,
    AuthError,
    BackendError,
    ConfigError,
    NotFound,
    Refused,
    Transient,
    UnknownOutcome,
)
from ...issue_format import TRACKER_PICKS, base_label, postmortem_label
from ...model import CloseReason, Issue, IssueDraft, IssueFields, IssueState, Link
from ...retry import DEFAULT_POLICY, RetryPolicy
from .._http import Calls, expect_shape, parse_timestamp
from ..base import FULL_TITLE_PREFIX, Backend, fit_title, recording_state
from . import text as jira_text
from .api import JiraApi, connect
from .http import NAME, PAT_WORDS, WORDS, error_collection_text, translate
from .link import PROPERTY, human_text, link_of, link_property
from .listing import FIELDS, Listing, TailPolicy
from .meta import CreateMeta, check_required, load_create_meta
from .settings import load_settings
from .users import UserDirectory
from .workflow import Workflow, state_of

if TYPE_CHECKING:
    from ...config import Config

BULK_LIMIT = 50  # issues per issue/bulk request (Jira Cloud's documented cap)
# Postmortems per search: keeps the JQL (sent in the URL) well under common URL limits.
LABELS_PER_SEARCH = 100
SUMMARY_MAX = 255
DUPLICATE_LINK = "Duplicate"  # Jira's default issue link type for duplicates


class JiraBackend(Backend):
    name = NAME
    title_limit = SUMMARY_MAX

    def __init__(self, config: Config, env: Mapping[str, str] | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 policy: RetryPolicy = DEFAULT_POLICY) -> None:
        super().__init__(config, env)
        self.settings, self.credentials = load_settings(
            config.backend_section(NAME), self.env, config.source)
        import requests
        from jira.exceptions import JIRAError
        # Each attempt may last the whole timeout: the attempts count against the bound too.
        policy = dataclasses.replace(policy, attempt_timeout=self.settings.timeout)
        self._calls = Calls(self._translate, (JIRAError, requests.RequestException),
                            backend=NAME, policy=policy, sleep=sleep)
        self._connection: JiraApi | None = None
        self._found: Listing | None = None
        self._listed: set[str | None] = set()  # postmortems listed by this run (None: all)
        self._meta: CreateMeta | None = None
        self._users: UserDirectory | None = None
        self._descriptions: dict[str, Any] = {}  # issue key -> description as last read
        self._flow: Workflow | None = None

    # -- plumbing ------------------------------------------------------------------------
    @property
    def adf(self) -> bool:
        return self.settings.rest_api_version == 3

    @property
    def project(self) -> str:
        return str(self.settings.project)

    @property
    def settle_seconds(self) -> float:
        """A request the client gave up on may still be carried out up to a timeout later."""
        return self.settings.timeout + 1.0

    def _translate(self, exc: BaseException, what: str) -> ActiontrackError:
        return translate(exc, what, words=PAT_WORDS if self.credentials.uses_pat else WORDS)

    def _api(self) -> JiraApi:
        """The connection, made once (never inside another call's retries)."""
        if self._connection is None:
            try:
                api = self._calls.read(lambda: connect(self.settings, self.credentials),
                                       f"connect to {self.settings.server}")
            except NotFound:
                raise self._no_v3() if self.adf else NotFound(
                    f"{self.settings.server} does not answer as a Jira server (no serverInfo)",
                    backend=NAME, hint="check JIRA_URL") from None
            if self.adf and not api.cloud:
                api.client.close()  # type: ignore[no-untyped-call]  # jira's close() is untyped
                raise self._no_v3()
            self._connection = api
            policy = TailPolicy(window_minutes=self.settings.index_lag_minutes)
            self._found = Listing(api, self._calls.read, self._issue, policy)
        return self._connection

    def _listing(self) -> Listing:
        self._api()
        assert self._found is not None
        return self._found

    def _read(self, what: str, method: str, path: str, *, params: dict[str, Any] | None = None,
              payload: Any = None, expect: type | None = dict) -> Any:
        api = self._api()
        return self._calls.read(lambda: api.request(method, path, what, params=params,
                                                    payload=payload, expect=expect), what)

    def _write(self, what: str, method: str, path: str, payload: Any, *,
               expect: type | None = None) -> Any:
        api = self._api()
        return self._calls.write(lambda: api.request(method, path, what, payload=payload,
                                                     expect=expect), what)

    def _no_v3(self) -> ConfigError:
        return ConfigError("REST API v3 (Atlassian Document Format) exists on Jira Cloud only",
                           key="jira.rest_api_version",
                           hint="use rest_api_version = 2 with Jira Data Center")

    def shutdown(self) -> None:
        if self._connection is not None:
            self._connection.client.close()  # type: ignore[no-untyped-call]  # untyped in jira
            self._connection = None
            self._found = None

    def describe(self) -> str:
        flavour = "Jira" if self._connection is None else \
            ("Jira Cloud" if self._connection.cloud else "Jira Data Center")
        return f"{flavour} {self.settings.server} project {self.settings.project}"

    # -- issues as actiontrack sees them -------------------------------------------------
    def _issue(self, raw: dict[str, Any]) -> Issue:
        key, fields = raw["key"], raw.get("fields") or {}
        description = fields.get("description")
        self._descriptions[key] = description
        if (state := state_of(raw)) is not None:
            self._workflow.states[key] = state
        status = fields.get("status") or {}
        resolution = fields.get("resolution") or None
        done = (status.get("statusCategory") or {}).get("key") == "done" or bool(resolution)
        return Issue(
            backend=NAME, key=key, url=f"{self.settings.server}/browse/{key}",
            title=fields.get("summary") or "",
            body=jira_text.body_from_description(description),
            state=IssueState.CLOSED if done else IssueState.OPEN,
            state_reason=(resolution or {}).get("name") or status.get("name"),
            assignee=self._identity(fields.get("assignee")),
            due=dt.date.fromisoformat(fields["duedate"]) if fields.get("duedate") else None,
            labels=tuple(fields.get("labels") or ()),
            priority=(fields.get("priority") or {}).get("name"),
            link=link_of(raw, jira_text.legacy_text(description)),
            created_at=parse_timestamp(fields.get("created")),
            updated_at=parse_timestamp(fields.get("updated")),
            closed_at=parse_timestamp(fields.get("resolutiondate")) if done else None)

    def _ours(self, issue: Issue, wanted: set[str] | None) -> bool:
        """Linked to one of these postmortems (None: to any) and labelled as such."""
        if issue.link is None:
            return False
        if wanted is None:
            return base_label(self.config.label_prefix) in issue.labels
        return issue.link.postmortem_id in wanted and \
            postmortem_label(issue.link.postmortem_id) in issue.labels

    # -- reading -------------------------------------------------------------------------
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        if postmortem_ids is None:
            groups = [[base_label(self.config.label_prefix)]]
        else:
            labels = list(dict.fromkeys(postmortem_label(p) for p in postmortem_ids))
            groups = [labels[i:i + LABELS_PER_SEARCH]
                      for i in range(0, len(labels), LABELS_PER_SEARCH)]
        wanted = None if postmortem_ids is None else set(postmortem_ids)
        if wanted == set():
            return []
        try:
            issues = self._listing().find(groups)
        except Refused as exc:
            if "for the field 'project'" in exc.message:
                raise ConfigError(f"Jira has no project '{self.settings.project}' this "
                                  "account can see", key="JIRA_PROJECT",
                                  hint="set JIRA_PROJECT or [jira] project to an existing "
                                       "project key") from None
            raise
        self._listed |= {None} if wanted is None else set(wanted)
        return [i for i in issues if self._ours(i, wanted)]

    def find_by_item(self, postmortem_id: str, item_id: str) -> Issue | None:
        """The item's issue (the oldest, if several). After a first listing of its postmortem
        in this run only the newest keys are read again: an issue created since lies there."""
        if postmortem_id in self._listed or None in self._listed:
            candidates = self._listing().recent()
        else:
            candidates = self.find_linked([postmortem_id])
        mine = [i for i in candidates if self._ours(i, {postmortem_id})
                and i.link is not None and i.link.item_id == item_id]
        # Keys are numbered in the order Jira created the issues: the lowest is the oldest.
        return min(mine, key=lambda i: self._listing().number(i.key) or 0, default=None)

    def get(self, key: str) -> Issue:
        raw = self._read(f"read {key}", "GET", f"issue/{key}",
                         params={"fields": ",".join(FIELDS), "properties": PROPERTY})
        issue = self._issue(raw)
        self._listing().remember(issue)
        return issue

    def held_value(self, name: str, value: object) -> object:
        """Titles as Jira cuts them, bodies as its markup reads back, priorities as the Jira
        priority they map to (with none, Jira's default counts as ours)."""
        if name == "title":
            return fit_title(_one_line(str(value)), "", SUMMARY_MAX)[0]
        if name == "body" and value is not None:
            stored = jira_text.description_for(human_text(str(value)), adf=self.adf)
            return jira_text.body_from_description(stored)
        if name == "priority":
            return self.settings.jira_priority(str(value)) if value else TRACKER_PICKS
        return value

    def issue_key_from_link(self, link: str) -> str | None:
        project = re.escape(self.settings.project or "")
        server = re.escape(self.settings.server or "")
        match = re.fullmatch(rf"(?:{server}/browse/)?({project}-\d+)", link.strip(), re.I)
        return match.group(1).upper() if match else None

    # -- users ---------------------------------------------------------------------------
    @property
    def _directory(self) -> UserDirectory:
        if self._users is None:
            cloud = self._api().cloud

            def search(term: str) -> list[dict[str, Any]]:
                by = "query" if cloud else "username"
                users: list[dict[str, Any]] = self._read(
                    f"look up user '{term}'", "GET", "user/search",
                    params={by: term, "maxResults": 20}, expect=list)
                return users
            self._users = UserDirectory(search, cloud=cloud, warn=self.warn)
        return self._users

    def _identity(self, user: dict[str, Any] | None) -> str | None:
        return self._directory.identity(user)

    def assignee_for(self, owner: str | None) -> str | None:
        if not owner:
            return None
        directory = self._directory
        return directory.identity(directory.find(
            self.config.tracker_user(owner) or owner.lstrip("@")))

    # -- creating ------------------------------------------------------------------------
    def _create_meta(self) -> CreateMeta:
        if self._meta is None:
            api = self._api()

            def get_json(path: str, params: dict[str, Any]) -> dict[str, Any]:
                return dict(self._read(f"GET {path}", "GET", path, params=params))
            try:
                self._meta = load_create_meta(get_json, self.project, self.settings.issue_type,
                                              self.settings.fields, cloud=api.cloud)
            except NotFound as exc:
                raise ConfigError(f"Jira has no project '{self.settings.project}' that this "
                                  f"account can create issues in ({exc.message})",
                                  key="JIRA_PROJECT", hint="set JIRA_PROJECT or [jira] project "
                                  "to an existing project key") from None
        return self._meta

    def preflight(self, drafts: Sequence[IssueDraft]) -> None:
        check_required(self._create_meta(), drafts, self.project)

    def _update_for(self, draft: IssueDraft, meta: CreateMeta) -> dict[str, Any]:
        """One issue of a create: its fields and the property that links it to its item."""
        summary, body = fit_title(_one_line(draft.title), human_text(draft.body), SUMMARY_MAX)
        fields: dict[str, Any] = dict(meta.defaults)
        fields.update({
            "project": {"key": self.settings.project}, "issuetype": {"id": meta.issue_type_id},
            "summary": summary, "labels": list(draft.labels),
            "description": jira_text.description_for(body, adf=self.adf)})
        fields.update(self._optional_fields(draft.due, draft.priority, draft.assignee, meta))
        return {"fields": fields, "properties": [link_property(draft.link)]}

    def _optional_fields(self, due: dt.date | None, priority: str | None,
                         assignee: str | None, meta: CreateMeta | None) -> dict[str, Any]:
        """duedate, priority and assignee, each only if given and (when the create screen is
        known) on it; what cannot be written is said once in the warnings."""
        out: dict[str, Any] = {}

        def allowed(field_id: str) -> bool:
            if meta is None or meta.on_screen(field_id):
                return True
            self.warn(f"'{field_id}' is not on the create screen of {meta.issue_type} "
                      f"in {self.settings.project}; not set")
            return False
        if due is not None and allowed("duedate"):
            out["duedate"] = due.isoformat()
        if priority:
            name = self.settings.jira_priority(priority)
            names = meta.allowed_names("priority") if meta else None
            if name is None or (names is not None and name.casefold() not in names):
                self.warn(f"priority '{priority}' has no Jira priority; map it under "
                          "[jira.priorities] in the config")
            elif allowed("priority"):
                out["priority"] = {"name": name}
        if assignee is not None and allowed("assignee"):
            out["assignee"] = self._directory.reference(assignee) if assignee else None
        return out

    def _created(self, draft: IssueDraft, answer: Any, sent: dict[str, Any]) -> Issue:
        """The new issue as written: the create answer holds only its id and key, and reading
        each one back would cost a request per item."""
        if not isinstance(answer, dict) or not isinstance(answer.get("key"), str):
            raise UnknownOutcome(f"create '{draft.title}': Jira's answer names no issue",
                                 backend=NAME)
        key, fields = answer["key"], sent["fields"]
        self._descriptions[key] = fields["description"]
        assignee = draft.assignee if fields.get("assignee") else None
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        issue = Issue(backend=NAME, key=key, url=f"{self.settings.server}/browse/{key}",
                      title=fields["summary"],
                      body=jira_text.body_from_description(fields["description"]),
                      assignee=assignee, due=draft.due if "duedate" in fields else None,
                      labels=tuple(draft.labels),
                      priority=(fields.get("priority") or {}).get("name"), link=draft.link,
                      created_at=now, updated_at=now)
        self._listing().remember(issue, as_written=True)
        return issue

    def create(self, draft: IssueDraft) -> Issue:
        sent = self._update_for(draft, self._create_meta())
        answer = self._write(f"create '{draft.title}'", "POST", "issue", sent, expect=dict)
        return self._created(draft, answer, sent)

    def create_many(self, drafts: Sequence[IssueDraft]) -> list[Issue | Exception]:
        if not drafts:
            return []
        meta = self._create_meta()
        results: list[Issue | Exception] = []
        for start in range(0, len(drafts), BULK_LIMIT):
            results += self._create_chunk(drafts[start:start + BULK_LIMIT], meta)
        return results

    def _create_chunk(self, drafts: Sequence[IssueDraft],
                      meta: CreateMeta) -> list[Issue | Exception]:
        updates = [self._update_for(d, meta) for d in drafts]
        api, what = self._api(), f"bulk-create {len(drafts)} issues"
        try:
            answer = self._calls.write(lambda: _post_bulk(api, updates, what), what)
        except AuthError:
            raise  # every later create would meet the same
        except BackendError as exc:  # the whole chunk: each draft gets its own copy
            return [_for_draft(exc, d) for d in drafts]
        failed = {int(e.get("failedElementNumber", -1)): e for e in answer.get("errors") or []
                  if isinstance(e, dict)}
        issues = iter(answer.get("issues") or [])
        results: list[Issue | Exception] = []
        for n, (draft, sent) in enumerate(zip(drafts, updates, strict=True)):
            if n in failed:
                text = error_collection_text(failed[n].get("elementErrors"))
                results.append(Refused(f"create '{draft.title}': {text}", backend=NAME,
                                       status=failed[n].get("status")))
                continue
            try:
                results.append(self._created(draft, next(issues, None), sent))
            except UnknownOutcome as exc:
                results.append(exc)
        return results

    # -- updating ------------------------------------------------------------------------
    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        payload = self._text_changes(issue, fields)
        if fields.labels is not None:
            payload["labels"] = list(fields.labels)
        payload.update(self._optional_fields(fields.due, fields.priority or None,
                                             fields.assignee, None))
        link = fields.link or (issue.link if "description" in payload else None)
        request: dict[str, Any] = {"fields": payload}
        if link is not None:
            request["properties"] = [link_property(link)]
        if payload or link is not None:
            self._read(f"update {issue.key}", "PUT", f"issue/{issue.key}", payload=request,
                       expect=None)
        return self.get(issue.key)

    def _text_changes(self, issue: Issue, fields: IssueFields) -> dict[str, Any]:
        """Summary and description of an update: a title over Jira's limit is cut, with the
        full title as the description's first line; an old visible marker is dropped."""
        payload: dict[str, Any] = {}
        title = None if fields.title is None else _one_line(fields.title)
        if fields.body is not None:
            body = cut = human_text(fields.body)
            if title is not None:
                payload["summary"], cut = fit_title(title, body, SUMMARY_MAX)
            elif (head := _full_title_line(issue.body)) is not None:
                cut = body = f"{head}\n\n{body}"  # the title is still the cut one
            # Only the managed block is replaced, in the stored markup, so what people wrote
            # around it stays as they wrote it; a title line added or dropped rewrites it all.
            spliced = None if cut != body else jira_text.with_block(
                jira_text.without_marker(self._description(issue.key)), body, adf=self.adf)
            payload["description"] = spliced if spliced is not None else \
                jira_text.description_for(cut, adf=self.adf)
            return payload
        stored = self._description(issue.key)
        cleaned = jira_text.without_marker(stored)  # an old marker: the link moves out
        if title is not None:
            payload["summary"], head = fit_title(title, "", SUMMARY_MAX)
            cleaned = jira_text.with_full_title(cleaned, head)
        if cleaned != stored:
            payload["description"] = cleaned
        return payload

    def _description(self, key: str) -> Any:
        if key not in self._descriptions:
            raw = self._read(f"read {key}", "GET", f"issue/{key}",
                             params={"fields": "description"})
            self._descriptions[key] = (raw.get("fields") or {}).get("description")
        return self._descriptions[key]

    # -- workflow ------------------------------------------------------------------------
    @property
    def _workflow(self) -> Workflow:
        if self._flow is None:
            self._flow = Workflow(self._read, self._write, self.get,
                                  done_transition=self.settings.done_transition,
                                  reopen_transition=self.settings.reopen_transition,
                                  comment_body=lambda t: jira_text.comment_body(t, adf=self.adf))
        return self._flow

    def transition(self, issue: Issue, closing: bool, comment: str | None = None,
                   link: Link | None = None) -> Issue:
        """Move the issue into the done (or open) category, with the comment and the link
        (the marker recording the new state) in the transition's own request. When no
        transition was made (the issue was there already), the link is written on its own."""
        properties = [link_property(link)] if link is not None else []
        moved, posted = self._workflow.move(issue, closing, comment, properties)
        if link is not None and not posted:
            return self.update(moved, IssueFields(link=link))
        if link is not None:
            moved = moved.model_copy(update={"link": link})
        self._listing().remember(moved, as_written=None)
        return moved

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        return self.transition(issue, True, comment)

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        return self.transition(issue, False, comment)

    def change_state(self, issue: Issue, *, close: bool, reason: CloseReason,
                     comment: str | None = None, fields: IssueFields | None = None) -> Issue:
        """Fields first, then the transition carrying the marker that records the new state.

        Jira takes on a transition only the fields of its screen, so the other fields of the
        same sync go in an edit before it, with a marker that still records the state before
        the move: every marker this writes is true of the tracker when it lands. A run
        stopped between the two leaves the fields written and recorded and the state as it
        was and recorded as such, so the next sync moves it (or not, if the postmortem went
        back meanwhile) and never takes the state for one people set."""
        link = fields.link if fields is not None else None
        others = fields.model_copy(update={"link": None}) if fields is not None else None
        if others is not None and others != IssueFields():
            before = None if link is None else recording_state(link, issue.state)
            issue = self.update(issue, others.model_copy(update={"link": before}))
        return self.transition(issue, close, comment, link)

    def close_duplicate(self, duplicate: Issue, original: Issue, comment: str) -> Issue:
        """Link the duplicate to the issue that stays with Jira's "Duplicate" link type (so
        each shows the other), then close it with the comment. The link is retried like a read
        (Jira keeps one link of a type between two issues, so a second is harmless); if it
        still cannot be made, the comment, which names the original, has to do."""
        try:
            self._read(f"link {duplicate.key} to {original.key}", "POST", "issueLink",
                       payload={"type": {"name": DUPLICATE_LINK},
                                "outwardIssue": {"key": duplicate.key},
                                "inwardIssue": {"key": original.key}}, expect=None)
        except (Refused, NotFound, Transient) as exc:
            self.warn(f"{duplicate.key} was not linked to {original.key} as a duplicate "
                      f"({exc.detail}); the comment names it")
        return self.close(duplicate, CloseReason.NOT_PLANNED, comment)


def _post_bulk(api: JiraApi, updates: list[dict[str, Any]], what: str) -> dict[str, Any]:
    from jira.exceptions import JIRAError
    try:
        answer = api.post("issue/bulk", what, {"issueUpdates": updates})
    except JIRAError as exc:
        # Every element failed: 400 with the same per-element shape as a partial failure.
        body = _json_body(exc.response) if exc.status_code == 400 else None
        if isinstance(body, dict) and isinstance(body.get("errors"), list):
            return body
        raise
    expect_shape(answer.get("issues"), list, what, expected="a list of the issues created",
                 backend=NAME, words=WORDS)
    return dict(answer)


def _json_body(response: Any) -> Any:
    try:
        return response.json() if response is not None else None
    except ValueError:
        return None


def _for_draft(exc: BackendError, draft: IssueDraft) -> BackendError:
    """The same failure, said about one draft (the engine reports failures item by item)."""
    detail = exc.message.removeprefix(f"{NAME}: ")
    copy = type(exc)(f"create '{draft.title}': {detail}", backend=NAME, status=exc.status,
                     hint=exc.hint)
    if isinstance(exc, Transient) and isinstance(copy, Transient):
        copy.retry_after = exc.retry_after
    return copy


def _full_title_line(body: str) -> str | None:
    first = body.partition("\n\n")[0]
    return first if first.startswith(FULL_TITLE_PREFIX) and "\n" not in first else None


def _one_line(title: str) -> str:
    return " ".join(title.split())  # Jira refuses line breaks in a summary
