"""The Jira REST API as the backend speaks it: each request over the `jira` client's
authenticated session, each answer read strictly.

The client library builds the session (Basic or a Data Center personal access token as
Bearer, Jira's headers) and the URLs; it is built with `max_retries=0` and without its
construction-time `serverInfo` request, and every request goes through `request` here:
- redirects are not followed: a create redirected to a login page must not turn into a GET
  of something else; the redirect itself is the answer, and is named;
- a 2xx answer must be Jira's JSON of the expected shape: an HTML page, an empty body where
  JSON is due, JSON cut short or of another shape raise `NotJiraJson` (http.py names it);
- errors (4xx, 5xx) come up as the client's `JIRAError`, translated once in http.py.
Retries are not here: `_http.Calls` runs each call (reads retried, writes looked up).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .http import NotJiraJson, read_json

if TYPE_CHECKING:
    from jira import JIRA

    from .settings import JiraCredentials, JiraSettings


class JiraApi:
    def __init__(self, client: JIRA, project: str, *, cloud: bool) -> None:
        self.client, self.project, self.cloud = client, project, cloud

    def request(self, method: str, path: str, *, params: dict[str, Any] | None = None,
                payload: Any = None, expect: type | None = None) -> Any:
        """One request; its JSON (None for an empty 2xx answer when `expect` is None)."""
        client = self.client
        response = client._session.request(  # the lib's session: auth, headers, no retries
            method, client._get_url(path), params=params,
            data=None if payload is None else json.dumps(payload), allow_redirects=False)
        return read_json(response, expect)

    def get(self, path: str, params: dict[str, Any] | None = None, *,
            expect: type | None = dict) -> Any:
        return self.request("GET", path, params=params, expect=expect)

    def post(self, path: str, payload: Any, *, expect: type | None = dict) -> Any:
        return self.request("POST", path, payload=payload, expect=expect)

    def put(self, path: str, payload: Any) -> Any:
        return self.request("PUT", path, payload=payload, expect=None)

    # -- reading many --------------------------------------------------------------------
    def search_page(self, jql: str, fields: list[str] | tuple[str, ...] | Any,
                    properties: list[str], size: int, cursor: str | int | None
                    ) -> tuple[list[dict[str, Any]], str | int | None]:
        """One page of a JQL search and the cursor of the next (None: the last page).
        Cloud pages by `nextPageToken` (`/search/jql`), Data Center by `startAt` (`/search`)."""
        params: dict[str, Any] = {"jql": jql, "maxResults": size, "fields": ",".join(fields)}
        if properties:
            params["properties"] = ",".join(properties)
        if self.cloud:
            if cursor is not None:
                params["nextPageToken"] = cursor
            answer = self.get("search/jql", params)
            issues = _issues(answer)
            token = answer.get("nextPageToken")
            return issues, token if isinstance(token, str) and token and issues else None
        start = int(cursor or 0)
        answer = self.get("search", {**params, "startAt": start})
        issues = _issues(answer)
        total, echoed = answer.get("total"), answer.get("maxResults")
        end = start + len(issues)
        more = end < total if isinstance(total, int) else \
            isinstance(echoed, int) and len(issues) >= echoed
        return issues, end if issues and more else None

    def bulk_fetch(self, keys: list[str], fields: list[str], properties: list[str]
                   ) -> list[dict[str, Any]]:
        """Cloud's `issue/bulkfetch`: up to 100 issues by key, read by key (no index); keys
        that match nothing are left out of the answer."""
        answer = self.post("issue/bulkfetch", {"issueIdsOrKeys": keys, "fields": fields,
                                               "properties": properties})
        return _issues(answer)


def _issues(answer: dict[str, Any]) -> list[dict[str, Any]]:
    issues = answer.get("issues")
    if not isinstance(issues, list) or not all(
            isinstance(i, dict) and isinstance(i.get("key"), str) for i in issues):
        raise NotJiraJson("JSON of an unexpected shape (no list of issues)", 200)
    return issues


def connect(settings: JiraSettings, credentials: JiraCredentials) -> JiraApi:
    """A client for the configured server, and which flavour it is (`serverInfo`)."""
    from jira import JIRA
    auth: dict[str, Any]
    if credentials.pat is not None:
        auth = {"token_auth": credentials.pat.get_secret_value()}
    else:
        assert credentials.api_token is not None
        auth = {"basic_auth": (credentials.email, credentials.api_token.get_secret_value())}
    # max_retries=0: the client's session would replay POSTs and crash on an HTTP-date
    # Retry-After; retries are ours. get_server_info=False: serverInfo is read below, strictly.
    client = JIRA(server=settings.server, max_retries=0, timeout=settings.timeout,
                  get_server_info=False,
                  options={"rest_api_version": str(settings.rest_api_version),
                           "check_update": False}, **auth)
    api = JiraApi(client, str(settings.project), cloud=False)
    info = api.get("serverInfo")
    versions = info.get("versionNumbers")
    if not isinstance(versions, list) or not all(isinstance(v, int) for v in versions):
        client.close()  # type: ignore[no-untyped-call]  # jira's close() is untyped
        raise NotJiraJson("JSON without the versionNumbers every Jira serverInfo has", 200)
    client.deploymentType = info.get("deploymentType")
    client._version = tuple(versions)
    api.cloud = client.deploymentType == "Cloud"
    return api
