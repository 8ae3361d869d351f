"""The fake Jira's reads of many issues: JQL search (`/search/jql` on Cloud, `/search` on Data
Center), through the lagging index of `jira_jql`, with Jira's page caps; and Cloud's
`issue/bulkfetch`, which reads by key and never lags.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .jira_jql import JqlError
from .jira_routes import Call, _err, _ok, issue_json

if TYPE_CHECKING:
    from .jira import Reply


def bulk_fetch(call: Call) -> Reply:
    """Cloud's `POST issue/bulkfetch`: up to 100 issues by id or key, read by key (no index),
    in ascending id order; ids or keys that match nothing are left out."""
    if not call.world.cloud:
        raise _err(404, ["null for uri: /rest/api/2/issue/bulkfetch"])
    wanted = call.body.get("issueIdsOrKeys") or []
    if not isinstance(wanted, list) or not wanted or len(wanted) > 100:
        raise _err(400, ["issueIdsOrKeys must list between 1 and 100 issue ids or keys."])
    hits = {s["id"]: s for ref in wanted if (s := call.world.find(str(ref))) is not None}
    fields_wanted, properties = call.wanted_fields(None), call.wanted_properties()
    return _ok(200, {"issueErrors": [], "issues": [
        issue_json(call, hits[i], fields_wanted, properties) for i in sorted(hits, key=int)]})


def _search_hits(call: Call, reconcile: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    jql = call.param("jql") or ""
    try:
        return call.world.search(jql, reconcile)
    except JqlError as exc:
        raise _err(400, [str(exc)]) from None


def _page_size(call: Call, ids_only: bool) -> int:
    """The page Jira really sends: what was asked, within its caps."""
    from .jira import CLOUD_ID_PAGE
    asked = call.int_param("maxResults", 50)
    if call.world.cloud and not 0 < asked <= CLOUD_ID_PAGE:
        raise _err(400, ["The max results parameter has to be between 1 and 5,000."])
    cap = CLOUD_ID_PAGE if call.world.cloud and ids_only else call.fake.page_cap
    return max(1, min(asked, cap))


def _properties_param(call: Call) -> list[str]:
    properties = call.wanted_properties()
    if len(properties) > 5:
        raise _err(400, ["You can request at most 5 issue properties."])
    return properties


def search_jql(call: Call) -> Reply:
    if not call.world.cloud:
        raise _err(404, ["null for uri: /rest/api/2/search/jql"])
    reconcile = set(call.query.get("reconcileIssues", []))
    if isinstance(call.body, dict):
        reconcile |= {str(i) for i in call.body.get("reconcileIssues") or []}
    if len(reconcile) > 50:
        raise _err(400, ["reconcileIssues accepts at most 50 issue ids."])
    hits = _search_hits(call, frozenset(reconcile))
    token = call.param("nextPageToken")
    try:
        start = int(base64.urlsafe_b64decode(token.encode()).decode()) if token else 0
    except ValueError:
        raise _err(400, ["The provided next page token is invalid or expired."]) from None
    wanted, properties = call.wanted_fields(set()), _properties_param(call)
    size = _page_size(call, ids_only=not wanted and not properties)
    page = hits[start:start + size]
    body: dict[str, Any] = {"issues": [issue_json(call, s, wanted, properties) for s in page],
                            "isLast": start + size >= len(hits)}
    if not body["isLast"]:
        body["nextPageToken"] = base64.urlsafe_b64encode(str(start + size).encode()).decode()
    return _ok(200, body)


def search_legacy(call: Call) -> Reply:
    if call.world.cloud:
        from .jira import GONE_SEARCH
        raise _err(410, [GONE_SEARCH])
    hits = _search_hits(call)
    start = call.int_param("startAt", 0)
    wanted, properties = call.wanted_fields(None), _properties_param(call)
    size = _page_size(call, ids_only=False)
    return _ok(200, {"expand": "schema,names", "startAt": start, "maxResults": size,
                     "total": len(hits), "issues": [issue_json(call, s, wanted, properties)
                                                    for s in hits[start:start + size]]})


SEARCH_HANDLERS: dict[tuple[str, str], Callable[[Call], Reply]] = {
    ("POST", "/issue/bulkfetch"): bulk_fetch,
    ("GET", "/search/jql"): search_jql,
    ("POST", "/search/jql"): search_jql,
    ("GET", "/search"): search_legacy,
    ("POST", "/search"): search_legacy,
}
