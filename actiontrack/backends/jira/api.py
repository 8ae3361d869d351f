"""The Jira REST API as the backend speaks it: each request over the `jira` client's
authenticated session, each answer read strictly.

The client library builds the session (Basic or a Data Center personal access token as
Bearer, Jira's headers) and the URLs; it is built with `max_retries=0` and without its
construction-time `serverInfo` request, and every request goes through `request` here:
- redirects are not followed: a create redirected to a login page must not turn into a GET
  of something else; the redirect itself is the answer, and is named;
- a 2xx answer must be Jira's JSON of the shape the API promises: an HTML page, an empty body
  where JSON is due, JSON cut short or of another shape are `BadAnswer` (`_http.json_of`),
  never read as "nothing there";
- errors (4xx, 5xx) come up as the client's `JIRAError`, translated once in http.py.
Retries are not here: `_http.Calls` runs each call (reads retried, writes looked up).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .._http import Answer, expect_shape, json_of
from .http import NAME, WORDS

if TYPE_CHECKING:
    from jira import JIRA

    from .settings import JiraCredentials, JiraSettings

_SHAPES: dict[type, str] = {dict: "an object", list: "a list"}


class JiraApi:
    def __init__(self, client: JIRA, project: str, *, cloud: bool) -> None:
        self.client, self.project, self.cloud = client, project, cloud

    def request(self, method: str, path: str, what: str, *, params: dict[str, Any] | None = None,
                payload: Any = None, expect: type | None = dict) -> Any:
        """One request and its JSON, of type `expect` (None: any JSON, or nothing)."""
        client = self.client
        response = client._session.request(  # the lib's session: auth, headers, no retries
            method, client._get_url(path), params=params,
            data=None if payload is None else json.dumps(payload), allow_redirects=False)
        body = response.text or ""
        if expect is None and 200 <= response.status_code < 300 and not body.strip():
            return None
        answer = Answer(response.status_code, {k.casefold(): v for k, v in
                                               response.headers.items()}, body, str(response.url))
        data = json_of(answer, what, backend=NAME, words=WORDS)
        if expect is not None:
            expect_shape(data, expect, what, expected=_SHAPES.get(expect, expect.__name__),
                         backend=NAME, words=WORDS, status=response.status_code)
        return data

    def get(self, path: str, what: str, params: dict[str, Any] | None = None, *,
            expect: type | None = dict) -> Any:
        return self.request("GET", path, what, params=params, expect=expect)

    def post(self, path: str, what: str, payload: Any, *, expect: type | None = dict) -> Any:
        return self.request("POST", path, what, payload=payload, expect=expect)

    # -- reading many --------------------------------------------------------------------
    def search_page(self, jql: str, fields: list[str] | tuple[str, ...] | Any,
                    properties: list[str], size: int, cursor: str | int | None
                    ) -> tuple[list[dict[str, Any]], str | int | None]:
        """One page of a JQL search and the cursor of the next (None: the last page).
        Cloud pages by `nextPageToken` (`/search/jql`), Data Center by `startAt` (`/search`)."""
        params: dict[str, Any] = {"jql": jql, "maxResults": size, "fields": ",".join(fields)}
        if properties:
            params["properties"] = ",".join(properties)
        what = "search Jira"
        if self.cloud:
            if cursor is not None:
                params["nextPageToken"] = cursor
            answer = self.get("search/jql", what, params)
            issues = _issues(answer, what)
            token = answer.get("nextPageToken")
            return issues, token if isinstance(token, str) and token and issues else None
        start = int(cursor or 0)
        answer = self.get("search", what, {**params, "startAt": start})
        issues = _issues(answer, what)
        total, echoed = answer.get("total"), answer.get("maxResults")
        end = start + len(issues)
        more = end < total if isinstance(total, int) else \
            isinstance(echoed, int) and len(issues) >= echoed
        return issues, end if issues and more else None

    def bulk_fetch(self, keys: list[str], fields: list[str], properties: list[str]
                   ) -> list[dict[str, Any]]:
        """Cloud's `issue/bulkfetch`: up to 100 issues by key, read by key (no index); keys
        that match nothing are left out of the answer."""
        what = f"read {len(keys)} issues by key"
        answer = self.post("issue/bulkfetch", what, {
            "issueIdsOrKeys": keys, "fields": fields, "properties": properties})
        return _issues(answer, what)


def _issues(answer: dict[str, Any], what: str) -> list[dict[str, Any]]:
    """The `issues` of a search or bulk answer: a list of issues with keys, or BadAnswer."""
    issues = answer.get("issues")
    good = isinstance(issues, list) and all(isinstance(i, dict) and isinstance(i.get("key"), str)
                                            for i in issues)
    expect_shape(issues if good else None, list, what, expected="a list of issues",
                 backend=NAME, words=WORDS)
    return issues  # type: ignore[return-value]  # checked just above


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
    what = f"connect to {settings.server}"
    try:
        info = api.get("serverInfo", what)
        versions = info.get("versionNumbers")
        good = isinstance(versions, list) and all(isinstance(v, int) for v in versions)
        expect_shape(versions if good else None, list, what,
                     expected="Jira's serverInfo with versionNumbers", backend=NAME,
                     words=WORDS)
    except BaseException:
        client.close()  # type: ignore[no-untyped-call]  # jira's close() is untyped
        raise
    client.deploymentType = info.get("deploymentType")
    client._version = tuple(versions)
    api.cloud = client.deploymentType == "Cloud"
    return api
