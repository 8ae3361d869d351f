"""The plumbing every HTTP backend shares, written once: how an HTTP status becomes one of our
errors, whether a failed request ever left the machine, `Retry-After`, tracker timestamps, and
`Calls`, which runs each client call as a read (retried) or a write that must not be repeated
blindly (an unknown outcome is handed to the engine, which looks before it writes again).

A backend supplies only what is its own: how its client library's exceptions read (`Failure`)
and the words of its messages (`Wording`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from ..errors import (
    ActiontrackError,
    AuthError,
    BackendError,
    NotFound,
    RateLimited,
    Refused,
    Transient,
    UnknownOutcome,
)
from ..retry import DEFAULT_POLICY, RetryPolicy, call_with_retry

T = TypeVar("T")


# -- facts about requests and answers ---------------------------------------------------------

def never_sent(exc: BaseException) -> bool:
    """True when a requests/urllib3 failure happened before the request could reach the
    server (connection refused, DNS, connect timeout): a write that failed so did not happen."""
    import requests
    from urllib3.exceptions import NewConnectionError
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError) and exc.args:
        return isinstance(getattr(exc.args[0], "reason", None), NewConnectionError)
    return False


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


def parse_timestamp(value: str | None) -> dt.datetime | None:
    """A tracker's ISO-8601 timestamp (`Z`, `+00:00` or Jira's `+0000`), or None."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit():  # +0000 -> +00:00
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


# -- from a failure to one of our errors ------------------------------------------------------

@dataclass(frozen=True)
class Wording:
    """How one tracker's errors read. `{what}` is the operation ("create the issue 'x'")."""

    tracker: str                 # "GitHub", "Jira", "Redmine"
    auth_hint: str               # what to do about a 401
    forbidden_hint: str          # what to do about a 403
    unreachable_hint: str        # what to do when no answer came
    not_found_hint: str | None = None


@dataclass(frozen=True)
class Failure:
    """A failed call, as the backend's client library reported it."""

    status: int | None = None                  # None: no HTTP answer at all
    message: str = ""                          # the tracker's own words, if any
    headers: Mapping[str, str] | None = None   # lower-cased names
    transport: str | None = None               # for no answer: the exception's name


def error_for(failure: Failure, what: str, *, backend: str, words: Wording) -> ActiontrackError:
    """The one mapping from an HTTP outcome to our errors:
    no answer / 429 / 5xx -> Transient (with the wait the tracker asked for), 401 and 403 ->
    AuthError, 404 -> NotFound, any other 4xx -> Refused."""
    status, detail = failure.status, failure.message.strip()
    if status is None:
        return Transient(f"{what}: could not reach {words.tracker} ({failure.transport})",
                         backend=backend, hint=words.unreachable_hint)
    http = f"HTTP {status}: {detail}" if detail else f"HTTP {status}"
    if status == 401:
        return AuthError(f"{what}: {words.tracker} refused the credentials ({http})",
                         backend=backend, status=status, hint=words.auth_hint)
    if status == 403:
        return AuthError(f"{what}: {words.tracker} refused it ({http})",
                         backend=backend, status=status, hint=words.forbidden_hint)
    if status == 404:
        return NotFound(f"{what}: {words.tracker} found no such thing ({http})",
                        backend=backend, status=status, hint=words.not_found_hint)
    if status == 429 or status >= 500:
        headers = failure.headers or {}
        return Transient(f"{what}: {words.tracker} answered {http}", backend=backend,
                         status=status, retry_after=parse_retry_after(headers.get("retry-after")),
                         hint=f"{words.tracker} is having trouble; run again later")
    if 400 <= status < 500:
        return Refused(f"{what}: {words.tracker} refused it ({http})", backend=backend,
                       status=status)
    return BackendError(f"{what}: {words.tracker} answered {http}", backend=backend,
                        status=status)


def _definite_refusal(error: BackendError, exc: BaseException) -> bool:
    """A failed write that surely did not happen: the tracker turned it away (429, a rate
    limit that says how long to wait) or the request never left this machine."""
    return (error.status == 429 or (isinstance(error, Transient) and error.status == 403)
            or never_sent(exc))


# -- running calls ----------------------------------------------------------------------------

Translate = Callable[[BaseException, str], ActiontrackError]


class Calls:
    """Runs a backend's client calls.

    `translate` turns whatever the client raised into one of our errors (returning an
    `ActiontrackError` unchanged); `catch` names what the client raises."""

    def __init__(self, translate: Translate, catch: tuple[type[BaseException], ...], *,
                 backend: str, policy: RetryPolicy = DEFAULT_POLICY,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.translate, self.catch, self.backend = translate, catch, backend
        self.policy, self.sleep = policy, sleep

    def _run(self, fn: Callable[[], T], what: str) -> T:
        try:
            return fn()
        except ActiontrackError:
            raise
        except self.catch as exc:
            raise self.translate(exc, what) from exc

    def once(self, fn: Callable[[], T], what: str) -> T:
        """One attempt, errors translated (for writes whose replay would double something,
        such as a comment, when a retry is not wanted at all)."""
        return self._run(fn, what)

    def read(self, fn: Callable[[], T], what: str) -> T:
        """A call that may be repeated (reads, idempotent writes), retried on `Transient`
        within the shared policy, honouring the tracker's `Retry-After`."""
        return call_with_retry(lambda: self._run(fn, what), policy=self.policy,
                               sleep=self.sleep)

    def write(self, fn: Callable[[], T], what: str) -> T:
        """A write that must not be repeated blindly (a create, a comment): retried only when
        the tracker definitely refused it; a failure without a definite answer is
        `UnknownOutcome`, which the engine settles by looking before it writes again."""
        def attempt() -> T:
            try:
                return fn()
            except ActiontrackError:
                raise
            except self.catch as exc:
                error = self.translate(exc, what)
                if (isinstance(error, Transient)
                        and not isinstance(error, (UnknownOutcome, RateLimited))
                        and not _definite_refusal(error, exc)):
                    raise UnknownOutcome(f"{error.detail}: it may or may not have happened",
                                         backend=self.backend, status=error.status,
                                         retry_after=error.retry_after) from exc
                raise error from exc
        return call_with_retry(attempt, policy=self.policy, sleep=self.sleep)
