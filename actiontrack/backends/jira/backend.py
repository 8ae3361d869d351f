"""The Jira backend, Cloud and Data Center, on the `jira` client library.

- Cloud (e-mail + API token, Basic; users are accountIds; search is `/search/jql` with
  `nextPageToken`) and Data Center (personal access token as Bearer; users are names; search is
  `/search` with `startAt`) are told apart by `serverInfo.deploymentType`; the library routes
  searches by it, this module picks the user fields.
- The link to an item is its labels (`actiontrack`, `pm:<id>`, `kind:<kind>`) plus the marker
  in the description; finding linked issues is one paginated JQL search on exact labels.
- New issues go in `issue/bulk` requests of at most 50, after a preflight that checks the
  create screen's required fields. A bulk or single create without a definite answer reports
  `UnknownOutcome`, and the engine looks the item up before creating it again.
- Done and reopened are workflow transitions into the done / to-do status categories.

The `jira` package is imported here only, lazily, so `actiontrack --help` never pays for it.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
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
from ...issue_format import base_label, parse_marker, postmortem_label
from ...model import CloseReason, Issue, IssueDraft, IssueFields, IssueState
from ...retry import DEFAULT_POLICY, RetryPolicy
from .._http import Calls, parse_timestamp
from ..base import Backend
from . import text as jira_text
from .http import NAME, PAT_WORDS, WORDS, error_collection_text, jql_in, jql_string, translate
from .meta import CreateMeta, check_required, load_create_meta
from .settings import load_settings
from .users import UserDirectory

if TYPE_CHECKING:
    from jira import JIRA

    from ...config import Config

BULK_LIMIT = 50  # issues per issue/bulk request (Jira Cloud's documented cap)
# Postmortems per search: keeps the JQL (sent in the URL) well under common URL limits.
LABELS_PER_SEARCH = 100
SUMMARY_MAX = 255
RECONCILE = 50  # issue ids one Cloud search may reconcile
FIELDS = ["summary", "description", "labels", "duedate", "status", "assignee", "priority",
          "resolution", "resolutiondate", "created", "updated"]


class JiraBackend(Backend):
    name = NAME

    def __init__(self, config: Config, env: Mapping[str, str] | None = None, *,
                 sleep: Callable[[float], None] = time.sleep,
                 policy: RetryPolicy = DEFAULT_POLICY) -> None:
        super().__init__(config, env)
        self.settings, self.credentials = load_settings(
            config.backend_section(NAME), self.env, config.source)
        import requests
        from jira.exceptions import JIRAError
        self._calls = Calls(self._translate, (JIRAError, requests.RequestException, ValueError),
                            backend=NAME, policy=policy, sleep=sleep)
        self._client: JIRA | None = None
        self._cloud: bool | None = None
        self._meta: CreateMeta | None = None
        self._users: UserDirectory | None = None
        self._descriptions: dict[str, Any] = {}  # issue key -> description as last read
        self._created_ids: list[int] = []  # issues this run created, for read-after-write

    # -- plumbing ------------------------------------------------------------------------
    @property
    def adf(self) -> bool:
        return self.settings.rest_api_version == 3

    def _translate(self, exc: BaseException, what: str) -> ActiontrackError:
        return translate(exc, what, words=PAT_WORDS if self.credentials.uses_pat else WORDS)

    def _jira(self) -> JIRA:
        if self._client is None:
            try:
                client = self._calls.read(self._connect, f"connect to {self.settings.server}")
            except NotFound:
                raise self._no_v3() if self.adf else NotFound(
                    f"{self.settings.server} does not answer as a Jira server (no serverInfo)",
                    backend=NAME, hint="check JIRA_URL") from None
            self._client, self._cloud = client, client.deploymentType == "Cloud"
            if self.adf and not self._cloud:
                raise self._no_v3()
        return self._client

    def _no_v3(self) -> ConfigError:
        return ConfigError("REST API v3 (Atlassian Document Format) exists on Jira Cloud only",
                           key="jira.rest_api_version",
                           hint="use rest_api_version = 2 with Jira Data Center")

    def _connect(self) -> JIRA:
        from jira import JIRA
        auth: dict[str, Any]
        if self.credentials.pat is not None:
            auth = {"token_auth": self.credentials.pat.get_secret_value()}
        else:
            assert self.credentials.api_token is not None
            auth = {"basic_auth": (self.credentials.email,
                                   self.credentials.api_token.get_secret_value())}
        # max_retries=0: the client's session would replay POSTs and crash on an HTTP-date
        # Retry-After; retries are ours (`self._calls`).
        return JIRA(server=self.settings.server, max_retries=0, timeout=self.settings.timeout,
                    options={"rest_api_version": str(self.settings.rest_api_version),
                             "check_update": False}, **auth)

    def _get_json(self, path: str, params: dict[str, Any]) -> Any:
        return self._calls.read(lambda: self._jira()._get_json(path, params=params), f"GET {path}")

    def _send(self, method: str, path: str, payload: Any) -> Any:
        client = self._jira()
        response = client._session.request(method, client._get_url(path),
                                           data=json.dumps(payload))
        return response.json() if response.content else None


    def shutdown(self) -> None:
        if self._client is not None:
            self._client.close()  # type: ignore[no-untyped-call]  # jira's close() is untyped
            self._client = None

    def describe(self) -> str:
        flavour = "Jira" if self._cloud is None else \
            ("Jira Cloud" if self._cloud else "Jira Data Center")
        return f"{flavour} {self.settings.server} project {self.settings.project}"

    # -- issues as actiontrack sees them -------------------------------------------------
    def _issue(self, raw: dict[str, Any]) -> Issue:
        key, fields = raw["key"], raw.get("fields") or {}
        self._descriptions[key] = fields.get("description")
        body = jira_text.body_from_description(fields.get("description"))
        status = fields.get("status") or {}
        resolution = fields.get("resolution") or None
        done = (status.get("statusCategory") or {}).get("key") == "done" or bool(resolution)
        return Issue(
            backend=NAME, key=key, url=f"{self.settings.server}/browse/{key}",
            title=fields.get("summary") or "", body=body,
            state=IssueState.CLOSED if done else IssueState.OPEN,
            state_reason=(resolution or {}).get("name") or status.get("name"),
            assignee=self._identity(fields.get("assignee")),
            due=dt.date.fromisoformat(fields["duedate"]) if fields.get("duedate") else None,
            labels=tuple(fields.get("labels") or ()),
            priority=(fields.get("priority") or {}).get("name"), link=parse_marker(body),
            created_at=parse_timestamp(fields.get("created")),
            updated_at=parse_timestamp(fields.get("updated")),
            closed_at=parse_timestamp(fields.get("resolutiondate")) if done else None)

    # -- reading -------------------------------------------------------------------------
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        if postmortem_ids is None:
            groups = [[base_label(self.config.label_prefix)]]
        else:
            labels = list(dict.fromkeys(postmortem_label(p) for p in postmortem_ids))
            groups = [labels[i:i + LABELS_PER_SEARCH]
                      for i in range(0, len(labels), LABELS_PER_SEARCH)]
        wanted = None if postmortem_ids is None else set(postmortem_ids)
        found: dict[str, Issue] = {}
        for group in groups:
            jql = (f"project = {jql_string(str(self.settings.project))} AND "
                   f"{jql_in('labels', group)} ORDER BY key ASC")
            try:
                raws = self._calls.read(functools.partial(self._search_raw, jql),
                                        "search Jira")
            except Refused as exc:
                if "for the field 'project'" in exc.message:
                    raise ConfigError(f"Jira has no project '{self.settings.project}' this "
                                      "account can see", key="JIRA_PROJECT",
                                      hint="set JIRA_PROJECT or [jira] project to an existing "
                                           "project key") from None
                raise
            for raw in raws:
                issue = self._issue(raw)
                if issue.link and (wanted is None or issue.link.postmortem_id in wanted):
                    found[issue.key] = issue
        return list(found.values())

    def _search_raw(self, jql: str) -> list[dict[str, Any]]:
        return [issue.raw for issue in self._search(jql)]

    def _search(self, jql: str) -> list[Any]:
        """Every match, all pages. Cloud's search index may lag behind writes; the issues this
        run created are passed as `reconcileIssues` so a search right after sees them."""
        client = self._jira()
        if self._cloud and self._created_ids:
            found = client.enhanced_search_issues(jql, maxResults=False, fields=list(FIELDS),
                                                  reconcileIssues=self._created_ids[-RECONCILE:])
        else:
            found = client.search_issues(jql, maxResults=False, fields=list(FIELDS))
        return list(found or [])

    def get(self, key: str) -> Issue:
        raw = self._calls.read(lambda: self._jira().issue(key, fields=",".join(FIELDS)).raw,
                         f"read {key}")
        return self._issue(raw)

    def issue_key_from_link(self, link: str) -> str | None:
        project = re.escape(self.settings.project or "")
        server = re.escape(self.settings.server or "")
        match = re.fullmatch(rf"(?:{server}/browse/)?({project}-\d+)", link.strip(), re.I)
        return match.group(1).upper() if match else None

    # -- users ---------------------------------------------------------------------------
    @property
    def _directory(self) -> UserDirectory:
        if self._users is None:
            client = self._jira()
            def search(term: str) -> list[dict[str, Any]]:
                return self._calls.read(lambda: [u.raw for u in (
                    client.search_users(query=term, maxResults=20) if self._cloud
                    else client.search_users(user=term, maxResults=20))],
                    f"look up user '{term}'")
            self._users = UserDirectory(search, cloud=bool(self._cloud), warn=self.warn)
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
            self._jira()
            try:
                self._meta = load_create_meta(self._get_json, str(self.settings.project),
                                              self.settings.issue_type, self.settings.fields,
                                              cloud=bool(self._cloud))
            except NotFound as exc:
                raise ConfigError(f"Jira has no project '{self.settings.project}' that this "
                                  f"account can create issues in ({exc.message})",
                                  key="JIRA_PROJECT", hint="set JIRA_PROJECT or [jira] project "
                                  "to an existing project key") from None
        return self._meta

    def preflight(self, drafts: Sequence[IssueDraft]) -> None:
        check_required(self._create_meta(), drafts, str(self.settings.project))

    def _fields_for(self, draft: IssueDraft, meta: CreateMeta) -> dict[str, Any]:
        fields: dict[str, Any] = dict(meta.defaults)
        fields.update({
            "project": {"key": self.settings.project}, "issuetype": {"id": meta.issue_type_id},
            "summary": _summary(draft.title), "labels": list(draft.labels),
            "description": jira_text.description_for(draft.body, draft.link, adf=self.adf)})
        fields.update(self._optional_fields(draft.due, draft.priority, draft.assignee, meta))
        return fields

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

    def _created(self, draft: IssueDraft, answer: dict[str, Any], fields: dict[str, Any]
                 ) -> Issue:
        """The new issue as written: the create answer holds only its id and key, and reading
        each one back would cost a request per item."""
        key = answer["key"]
        if str(answer.get("id", "")).isdigit():
            self._created_ids.append(int(answer["id"]))
        body = jira_text.body_from_description(fields["description"])
        self._descriptions[key] = fields["description"]
        assignee = draft.assignee if fields.get("assignee") else None
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return Issue(backend=NAME, key=key, url=f"{self.settings.server}/browse/{key}",
                     title=fields["summary"], body=body, assignee=assignee,
                     due=draft.due if "duedate" in fields else None, labels=tuple(draft.labels),
                     priority=(fields.get("priority") or {}).get("name"),
                     link=parse_marker(body), created_at=now, updated_at=now)

    def create(self, draft: IssueDraft) -> Issue:
        fields = self._fields_for(draft, self._create_meta())
        created = self._calls.write(lambda: self._send("POST", "issue", {"fields": fields}),
                                   f"create '{draft.title}'")
        if not isinstance(created, dict) or "key" not in created:
            raise UnknownOutcome(f"create '{draft.title}': Jira's answer names no issue",
                                 backend=NAME)
        return self._created(draft, created, fields)

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
        fields = [self._fields_for(d, meta) for d in drafts]
        what = f"bulk-create {len(drafts)} issues"
        try:
            answer = self._calls.write(lambda: self._post_bulk(fields), what)
        except AuthError:
            raise  # every later create would meet the same
        except BackendError as exc:  # the whole chunk: each draft gets its own copy
            return [_for_draft(exc, d) for d in drafts]
        failed = {int(e.get("failedElementNumber", -1)): e for e in answer.get("errors") or []}
        issues = iter(answer.get("issues") or [])
        results: list[Issue | Exception] = []
        for n, (draft, sent) in enumerate(zip(drafts, fields, strict=True)):
            if n in failed:
                text = error_collection_text(failed[n].get("elementErrors"))
                results.append(Refused(f"create '{draft.title}': {text}", backend=NAME,
                                       status=failed[n].get("status")))
                continue
            created = next(issues, None)
            results.append(self._created(draft, created, sent) if created else
                           UnknownOutcome(f"create '{draft.title}': Jira's answer lists no "
                                          "issue for it", backend=NAME))
        return results

    def _post_bulk(self, fields: list[dict[str, Any]]) -> dict[str, Any]:
        from jira.exceptions import JIRAError
        try:
            answer = self._send("POST", "issue/bulk",
                                {"issueUpdates": [{"fields": f} for f in fields]})
            return answer if isinstance(answer, dict) else {}
        except JIRAError as exc:
            # Every element failed: 400 with the same per-element shape as a partial failure.
            if exc.status_code == 400 and exc.response is not None:
                try:
                    body = exc.response.json()
                except ValueError:
                    raise exc from None
                if isinstance(body, dict) and isinstance(body.get("errors"), list):
                    return body
            raise

    # -- updating ------------------------------------------------------------------------
    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        payload: dict[str, Any] = {}
        if fields.title is not None:
            payload["summary"] = _summary(fields.title)
        if fields.body is not None:
            link = fields.link or issue.link
            payload["description"] = jira_text.description_for(fields.body, link, adf=self.adf)
        elif fields.link is not None:
            stored = self._descriptions[issue.key] if issue.key in self._descriptions else \
                self._calls.read(lambda: self._jira().issue(issue.key, fields="description").raw,
                           f"read {issue.key}")["fields"].get("description")
            payload["description"] = jira_text.description_with_link(stored, fields.link)
        if fields.labels is not None:
            payload["labels"] = list(fields.labels)
        payload.update(self._optional_fields(fields.due, fields.priority or None,
                                             fields.assignee, None))
        if payload:
            self._calls.read(lambda: self._send("PUT", f"issue/{issue.key}", {"fields": payload}),
                       f"update {issue.key}")
        return self.get(issue.key)

    # -- workflow ------------------------------------------------------------------------
    def _pick_transition(self, transitions: list[dict[str, Any]], categories: Sequence[str],
                         name: str | None) -> dict[str, Any] | None:
        """The configured transition (by its name or its target status's name), else the first
        one into the first of these status categories that has one."""
        if name:
            return next((t for t in transitions if name.casefold() in (
                str(t.get("name")).casefold(), str((t.get("to") or {}).get("name")).casefold())),
                None)
        for category in categories:
            for t in transitions:
                if ((t.get("to") or {}).get("statusCategory") or {}).get("key") == category:
                    return t
        return None

    def _move(self, issue: Issue, closing: bool, comment: str | None) -> Issue:
        if issue.is_closed == closing:
            return issue
        categories = ("done",) if closing else ("new", "indeterminate")
        name = self.settings.done_transition if closing else self.settings.reopen_transition
        client = self._jira()
        transitions = self._calls.read(lambda: client.transitions(issue.key),
                                 f"list transitions of {issue.key}")
        chosen = self._pick_transition(transitions, categories, name)
        if chosen is None:
            current = self.get(issue.key)  # moved by someone since we read it?
            if current.is_closed == closing:
                return current
            names = ", ".join(f"'{t.get('name')}'" for t in transitions) or "none"
            setting = "done_transition" if closing else "reopen_transition"
            raise Refused(f"{issue.key}: no transition from '{current.state_reason}' into a "
                          f"{'/'.join(categories)} status (available: {names})", backend=NAME,
                          hint=f"set [jira] {setting} to the transition's name")
        self._calls.write(lambda: client.transition_issue(issue.key, str(chosen["id"])),
                         f"transition {issue.key}")
        if comment:
            text = jira_text.comment_body(comment, adf=self.adf)
            self._calls.write(lambda: client.add_comment(issue.key, text),
                             f"comment on {issue.key}")
        # The issue as the transition left it, without reading it back.
        target = chosen.get("to") or {}
        done = (target.get("statusCategory") or {}).get("key") == "done"
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return issue.model_copy(update={
            "state": IssueState.CLOSED if done else IssueState.OPEN,
            "state_reason": target.get("name"), "updated_at": now,
            "closed_at": now if done else None})

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        return self._move(issue, True, comment)

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        return self._move(issue, False, comment)


def _for_draft(exc: BackendError, draft: IssueDraft) -> BackendError:
    """The same failure, said about one draft (the engine reports failures item by item)."""
    detail = exc.message.removeprefix(f"{NAME}: ")
    copy = type(exc)(f"create '{draft.title}': {detail}", backend=NAME, status=exc.status,
                     hint=exc.hint)
    if isinstance(exc, Transient) and isinstance(copy, Transient):
        copy.retry_after = exc.retry_after
    return copy


def _summary(title: str) -> str:
    title = " ".join(title.split())  # Jira refuses line breaks in a summary
    return title if len(title) <= SUMMARY_MAX else title[:SUMMARY_MAX - 1] + "…"
