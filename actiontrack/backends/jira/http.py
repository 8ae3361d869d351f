"""How the Jira backend talks about failures and queries: the `jira` client's exceptions as
actiontrack errors (through the shared `_http.error_for`: an HTML error page is named, never
pasted), and JQL quoting. Answers that are not Jira's JSON are named in api.py.

The client is built with `max_retries=0`, so its own session never sleeps or replays a POST
(it would crash on an HTTP-date `Retry-After`, and it retries creates blindly); every retry
goes through `_http.Calls`, with the wait Jira asked for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ...errors import ActiontrackError, BackendError
from .._http import Failure, Wording, error_for, never_sent

NAME = "jira"


def jira_messages(response: Any) -> str:
    """Jira's own words from an error body `{"errorMessages": [...], "errors": {...}}`, else
    the body as it came (`error_for` names an HTML page instead of pasting it)."""
    if response is None or not response.text:
        return ""
    try:
        data = json.loads(response.text)
    except ValueError:
        return str(response.text)
    return error_collection_text(data) or ("" if isinstance(data, dict) else response.text)


def error_collection_text(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    parts = [str(m) for m in data.get("errorMessages") or []]
    errors = data.get("errors") or {}
    if isinstance(errors, dict):
        parts += [f"{field}: {msg}" for field, msg in errors.items()]
    return "; ".join(parts) or str(data.get("message") or "")


WORDS = Wording(
    "Jira", auth_hint="check JIRA_EMAIL and JIRA_API_TOKEN",
    forbidden_hint="the account lacks a permission in this project",
    unreachable_hint="check JIRA_URL and the network, then run again", url_setting="JIRA_URL",
    gone_hint="Jira no longer serves this API here; check that JIRA_URL is the site itself "
              "(Jira Cloud removed the old search, which a site that does not say it is "
              "Cloud gets)")
PAT_WORDS = replace(WORDS, auth_hint="check JIRA_PAT (a Data Center personal access token; "
                                     "Cloud needs JIRA_EMAIL and JIRA_API_TOKEN)")


def translate(exc: BaseException, what: str, *, words: Wording = WORDS) -> ActiontrackError:
    """One of our errors for a failure of the client or of the transport."""
    import requests
    from jira.exceptions import JIRAError

    if isinstance(exc, ActiontrackError):
        return exc
    if isinstance(exc, requests.RequestException):
        kind = "Timeout" if isinstance(exc, requests.Timeout) else type(exc).__name__
        return error_for(Failure(transport=kind), what, backend=NAME, words=words,
                         never_sent=never_sent(exc))
    if not isinstance(exc, JIRAError):
        return BackendError(f"{what}: {type(exc).__name__}: {exc}", backend=NAME)
    response = getattr(exc, "response", None)
    text = jira_messages(response) or (exc.text or "")
    if exc.status_code is None:
        return BackendError(f"{what}: {text}" if text else what, backend=NAME)
    headers = {str(k).casefold(): str(v) for k, v in (response.headers or {}).items()} \
        if response is not None else {}
    return error_for(Failure(exc.status_code, text if exc.status_code != 401 else "", headers),
                     what, backend=NAME, words=words)


def jql_string(value: str) -> str:
    """A JQL string literal: quoted, with backslash and quote escaped (the only escapes
    needed; any other backslash sequence is illegal in JQL)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jql_in(field: str, values: Iterable[str]) -> str:
    quoted = [jql_string(v) for v in dict.fromkeys(values)]
    if len(quoted) == 1:
        return f"{field} = {quoted[0]}"
    return f"{field} in ({', '.join(quoted)})"
