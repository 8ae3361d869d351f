"""How the Jira backend talks about failures and queries: the `jira` client's exceptions as
actiontrack errors, `Retry-After` parsing, and JQL quoting.

The client is built with `max_retries=0`, so its own session never sleeps or replays a POST
(it would crash on an HTTP-date `Retry-After`, and it retries creates blindly); every retry
goes through `retry.call_with_retry`, with the wait Jira asked for, parsed here.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from ...errors import (
    ActiontrackError, AuthError, BackendError, NotFound, Refused, Transient, UnknownOutcome)

T = TypeVar("T")
NAME = "jira"


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def jira_messages(response: Any) -> str:
    """Jira's own words from an error body `{"errorMessages": [...], "errors": {...}}`."""
    try:
        data = json.loads(response.text) if response is not None and response.text else {}
    except ValueError:
        return (response.text or "").strip()[:200] if response is not None else ""
    return error_collection_text(data)


def error_collection_text(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    parts = [str(m) for m in data.get("errorMessages") or []]
    errors = data.get("errors") or {}
    if isinstance(errors, dict):
        parts += [f"{field}: {msg}" for field, msg in errors.items()]
    return "; ".join(parts) or str(data.get("message") or "")


def translate(exc: BaseException, what: str, *, auth_hint: str) -> ActiontrackError:
    """One of our errors for a failure of the client or of the transport."""
    import requests
    from jira.exceptions import JIRAError

    if isinstance(exc, ActiontrackError):
        return exc
    if isinstance(exc, requests.RequestException):
        kind = "timed out" if isinstance(exc, requests.Timeout) else "could not be reached"
        return Transient(f"{what}: Jira {kind} ({type(exc).__name__})", backend=NAME,
                         hint="check JIRA_URL and the network, then run again")
    if isinstance(exc, ValueError):  # a body that is not JSON: a proxy page, a cut answer
        return Transient(f"{what}: Jira sent an unreadable answer", backend=NAME)
    if not isinstance(exc, JIRAError):
        return BackendError(f"{what}: {type(exc).__name__}: {exc}", backend=NAME)
    status = exc.status_code
    response = getattr(exc, "response", None)
    text = jira_messages(response) or (exc.text or "")
    detail = f"{what}: {text}" if text else what
    if status is None:
        return BackendError(detail, backend=NAME)
    if status == 401:
        return AuthError(f"{what}: Jira refused the credentials (HTTP 401)", backend=NAME,
                         status=status, hint=auth_hint)
    if status == 403:
        return AuthError(f"{detail} (HTTP 403)", backend=NAME, status=status,
                         hint="the account lacks a permission in this project")
    if status == 404:
        return NotFound(detail, backend=NAME, status=status)
    if status == 429 or status >= 500:
        retry_after = parse_retry_after(response.headers.get("Retry-After")) \
            if response is not None else None
        return Transient(f"{detail} (HTTP {status})", backend=NAME, status=status,
                         retry_after=retry_after)
    return Refused(f"{detail} (HTTP {status})", backend=NAME, status=status)


def guarded(fn: Callable[[], T], what: str, *, auth_hint: str) -> T:
    """Run one client call, raising our errors instead of the client's."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - every failure is translated, none swallowed
        raise translate(exc, what, auth_hint=auth_hint) from exc


def as_unknown(exc: Transient, what: str) -> Transient:
    """A write that failed without a definite answer: it may have happened. A 429 is definite
    (Jira turned the request away before doing anything), so it stays retryable."""
    if isinstance(exc, UnknownOutcome) or exc.status == 429:
        return exc
    return UnknownOutcome(f"{what}: no definite answer ({exc.message})", backend=NAME,
                          status=exc.status, retry_after=exc.retry_after,
                          hint="actiontrack looks the item up before creating it again")


def jql_string(value: str) -> str:
    """A JQL string literal: quoted, with backslash and quote escaped (the only escapes
    needed; any other backslash sequence is illegal in JQL)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def jql_in(field: str, values: Iterable[str]) -> str:
    quoted = [jql_string(v) for v in dict.fromkeys(values)]
    if len(quoted) == 1:
        return f"{field} = {quoted[0]}"
    return f"{field} in ({', '.join(quoted)})"
