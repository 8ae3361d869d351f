"""How the Jira backend talks about failures and queries: the `jira` client's exceptions and
answers that are not Jira's JSON as actiontrack errors (through the shared `_http.error_for`),
and JQL quoting.

The client is built with `max_retries=0`, so its own session never sleeps or replays a POST
(it would crash on an HTTP-date `Retry-After`, and it retries creates blindly); every retry
goes through `_http.Calls`, with the wait Jira asked for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from ...errors import ActiontrackError, AuthError, BackendError, ConfigError, Transient
from .._http import Failure, Wording, error_for

NAME = "jira"


class NotJiraJson(Exception):
    """An answer that is not Jira's JSON (or not of the shape the API promises)."""

    def __init__(self, problem: str, status: int | None, location: str | None = None) -> None:
        super().__init__(problem)
        self.problem, self.status, self.location = problem, status, location


_LOGIN = re.compile(r"log-?in|sign-?in|sso|saml|oauth|auth", re.IGNORECASE)


def _is_html(text: str, content_type: str) -> bool:
    return "html" in content_type.casefold() or text.lstrip()[:1] == "<"


def read_json(response: Any, expect: type | None) -> Any:
    """The JSON of a 2xx (or 3xx) answer, or `NotJiraJson` saying what came instead.
    `expect` is the JSON type the API promises (None: an empty answer is fine too)."""
    status, text = response.status_code, response.text or ""
    content_type = str(response.headers.get("Content-Type") or "")
    if 300 <= status < 400:
        raise NotJiraJson(f"a redirect (HTTP {status})", status,
                          str(response.headers.get("Location") or "") or None)
    if not text.strip():
        if expect is None:
            return None
        raise NotJiraJson(f"an empty body (HTTP {status}) where JSON was due", status)
    if _is_html(text, content_type):
        raise NotJiraJson("an HTML page", status)
    try:
        data = json.loads(text)
    except ValueError:
        raise NotJiraJson(f"truncated or malformed JSON (HTTP {status}, {len(text)} "
                          "characters)", status) from None
    if expect is not None and not isinstance(data, expect):
        raise NotJiraJson(f"JSON of an unexpected shape ({type(data).__name__})", status)
    return data


def not_jira_error(exc: NotJiraJson, what: str, words: Wording) -> ActiontrackError:
    """One line that names what came instead of Jira's JSON, and what to do."""
    if exc.location is not None or exc.problem.startswith("a redirect"):
        where = exc.location or "another address"
        if _LOGIN.search(where):
            return AuthError(f"{what}: Jira redirected to a login page ({where}), not its API: "
                             "is JIRA_URL behind a login?", backend=NAME, status=exc.status,
                             hint="set JIRA_URL to an address the API answers on without SSO")
        return ConfigError(f"{what}: Jira redirected the request (HTTP {exc.status}) to "
                           f"{where}", key="JIRA_URL", hint="set JIRA_URL to the address it "
                           "names")
    if exc.problem == "an HTML page":
        return AuthError(f"{what}: Jira answered with an HTML page, not JSON: is JIRA_URL "
                         "behind a login?", backend=NAME, status=exc.status,
                         hint="set JIRA_URL to the Jira base URL, reachable without SSO")
    return Transient(f"{what}: Jira answered with {exc.problem}", backend=NAME,
                     status=exc.status, hint=words.unreachable_hint)


def jira_messages(response: Any) -> str:
    """Jira's own words from an error body `{"errorMessages": [...], "errors": {...}}`; an
    HTML error page (a proxy's) is named, never pasted."""
    if response is None or not response.text:
        return ""
    if _is_html(response.text, str(response.headers.get("Content-Type") or "")):
        return "an HTML page, from a proxy or load balancer in front of Jira"
    try:
        data = json.loads(response.text)
    except ValueError:
        return " ".join(response.text.split())[:160]
    return error_collection_text(data)


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
    unreachable_hint="check JIRA_URL and the network, then run again")
PAT_WORDS = replace(WORDS, auth_hint="check JIRA_PAT (a Data Center personal access token; "
                                     "Cloud needs JIRA_EMAIL and JIRA_API_TOKEN)")


def translate(exc: BaseException, what: str, *, words: Wording = WORDS) -> ActiontrackError:
    """One of our errors for a failure of the client or of the transport."""
    import requests
    from jira.exceptions import JIRAError

    if isinstance(exc, ActiontrackError):
        return exc
    if isinstance(exc, NotJiraJson):
        return not_jira_error(exc, what, words)
    if isinstance(exc, requests.RequestException):
        kind = "Timeout" if isinstance(exc, requests.Timeout) else type(exc).__name__
        return error_for(Failure(transport=kind), what, backend=NAME, words=words)
    if isinstance(exc, ValueError):  # a body that is not JSON: a proxy page, a cut answer
        return Transient(f"{what}: Jira sent an unreadable answer", backend=NAME)
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
