"""The plumbing every HTTP backend shares, written once: how an HTTP status becomes one of our
errors, whether a failed request ever left the machine, `Retry-After`, tracker timestamps, what
an answer that is not the tracker's API is (an HTML login page, an empty or truncated body, a
redirect, another JSON shape: `not_the_api`, `json_of`, `expect_shape`), and `Calls`, which
runs each client call as a read (retried) or a write that must not be repeated blindly (an
unknown outcome is handed to the engine, which looks before it writes again).

A backend supplies only what is its own: how its client library's exceptions read (`Failure`)
and the words of its messages (`Wording`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import (
    ActiontrackError,
    AuthError,
    BackendError,
    BadAnswer,
    NotFound,
    RateLimited,
    Refused,
    Transient,
    UnknownOutcome,
    Unreachable,
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
    url_setting: str = "the tracker's URL"  # the setting that names the address: GITHUB_API_URL
    gone_hint: str | None = None            # what a 410 Gone means on this tracker


@dataclass(frozen=True)
class Failure:
    """A failed call, as the backend's client library reported it."""

    status: int | None = None                  # None: no HTTP answer at all
    message: str = ""                          # the tracker's own words, if any
    headers: Mapping[str, str] | None = None   # lower-cased names
    transport: str | None = None               # for no answer: the exception's name


def error_for(failure: Failure, what: str, *, backend: str, words: Wording,
              never_sent: bool = False) -> ActiontrackError:
    """The one mapping from an HTTP outcome to our errors:
    no connection -> Unreachable; no answer / 429 / 5xx -> Transient (with the wait the
    tracker asked for); 401 and 403 -> AuthError, 404 -> NotFound, 410 -> BadAnswer (gone),
    any other 4xx -> Refused. The tracker's own words are kept to one line, and an HTML error
    page is named, never pasted."""
    status, detail = failure.status, one_line_detail(failure.message)
    if status is None:
        kind = Unreachable if never_sent else Transient
        return kind(f"{what}: could not reach {words.tracker} ({failure.transport})",
                    backend=backend, hint=words.unreachable_hint)
    if status == 410:
        return BadAnswer(f"{what}: {words.tracker} answered 410 Gone"
                         + (f" ({detail})" if detail else ""), backend=backend, status=status,
                         hint=words.gone_hint or f"check {words.url_setting}: this API is not "
                                                 "there any more")
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


# -- answers that are not the tracker's API ----------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What came back for one request, before anything is read from it."""

    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: str
    url: str | None = None      # where the answer finally came from, after redirects


_LOGIN_WORDS = re.compile(r"log-?in|sign-?in|sso|saml|oauth|auth|session", re.IGNORECASE)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_MAX_DETAIL = 160


def looks_like_html(body: str, content_type: str = "") -> bool:
    return "html" in content_type.casefold() or body.lstrip()[:1] == "<"


def _page_title(body: str) -> str | None:
    match = _TITLE.search(body[:20000])
    if not match:
        return None
    title = " ".join(html.unescape(match[1]).split())
    return title[:60] or None


def one_line_detail(text: str | None) -> str:
    """A tracker's message fit for an error line: one line, bounded, an HTML page named by
    its title instead of pasted."""
    text = (text or "").strip()
    if looks_like_html(text):
        title = _page_title(text)
        return f"an HTML page{f' titled {title!r}' if title else ''}"
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def not_the_api(answer: Answer, words: Wording) -> str | None:
    """What an answer is when it is not the tracker's JSON, in words; None when it may be."""
    tracker, setting = words.tracker, words.url_setting
    content_type = answer.headers.get("content-type", "")
    if 300 <= answer.status < 400:
        where = answer.headers.get("location") or "another address"
        if _LOGIN_WORDS.search(where):
            return (f"{tracker} redirected to a login page ({where}), not its API: is "
                    f"{setting} behind a login?")
        return (f"{tracker} redirected the request (HTTP {answer.status}) to {where}: set "
                f"{setting} to the address it names, or check that the resource was not moved")
    if looks_like_html(answer.body, content_type):
        title = _page_title(answer.body)
        login = bool(answer.url and _LOGIN_WORDS.search(answer.url)) or bool(
            title and _LOGIN_WORDS.search(title))
        named = f" ({title!r})" if title else ""
        return (f"{tracker} answered with an HTML page{named}, not JSON: is {setting} "
                + ("behind a login?" if login or answer.status == 200
                   else "the API address, or is a proxy in the way?"))
    if not answer.body.strip():
        return (f"{tracker} answered HTTP {answer.status} with an empty body where JSON was "
                f"expected: is {setting} the API address, or is a proxy in the way?")
    if content_type and "json" not in content_type.casefold():
        return (f"{tracker} answered with {content_type.split(';')[0]}, not JSON: is {setting} "
                "the API address?")
    return None


def json_of(answer: Answer, what: str, *, backend: str, words: Wording) -> Any:
    """The JSON an answer carries, or `BadAnswer` naming what came instead."""
    problem = not_the_api(answer, words)
    if problem is None:
        try:
            return json.loads(answer.body)
        except ValueError:
            problem = (f"{words.tracker} answered with truncated or malformed JSON (HTTP "
                       f"{answer.status}, {len(answer.body)} characters)")
    raise BadAnswer(f"{what}: {problem}", backend=backend, status=answer.status,
                    hint="nothing was read as missing; run again once it answers properly")


def expect_shape(data: Any, shape: type | tuple[type, ...], what: str, *, expected: str,
                 backend: str, words: Wording, status: int | None = None) -> Any:
    """`data` when it has the JSON shape the API promises (`expected`, e.g. "a list of
    issues"), else `BadAnswer`: an object where a list was due is not an empty list."""
    if isinstance(data, shape):
        return data
    got = {dict: "an object", list: "a list", str: "a string", type(None): "null",
           bool: "a boolean"}.get(type(data), type(data).__name__)
    raise BadAnswer(f"{what}: {words.tracker} answered JSON of an unexpected shape ({got}, "
                    f"not {expected}): is {words.url_setting} the API address?",
                    backend=backend, status=status,
                    hint="nothing was read as missing; run again once it answers properly")


def _definite_refusal(error: BackendError, exc: BaseException) -> bool:
    """A failed write that surely did not happen: the tracker turned it away (429, a rate
    limit that says how long to wait) or the request never left this machine."""
    return (error.status == 429 or (isinstance(error, Transient) and error.status == 403)
            or never_sent(exc))


def _may_have_happened(bad: BadAnswer) -> bool:
    """A write answered with something that is not the API: done, if the status said
    success (a 201 with a truncated body) or there was none; not done after a redirect or an
    error status (410 Gone)."""
    return bad.status is None or 200 <= bad.status < 300


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

    def _translated(self, exc: BaseException, what: str) -> ActiontrackError:
        error = self.translate(exc, what)
        if (isinstance(error, Transient) and error.status is None
                and not isinstance(error, (Unreachable, UnknownOutcome)) and never_sent(exc)):
            # no connection at all: known at once, not worth a retry (nothing was sent)
            unreachable = Unreachable(error.detail, backend=error.backend, hint=error.hint)
            unreachable.__cause__ = exc
            return unreachable
        return error

    def _run(self, fn: Callable[[], T], what: str) -> T:
        try:
            return fn()
        except ActiontrackError:
            raise
        except self.catch as exc:
            raise self._translated(exc, what) from exc

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
        `UnknownOutcome`, which the engine settles by looking before it writes again. An
        answer that is not the API (a 201 with a truncated body, a login page) is unknown
        too, except a redirect: a redirected request was not carried out."""
        def attempt() -> T:
            try:
                return fn()
            except BadAnswer as bad:
                if _may_have_happened(bad):
                    raise self._unknown(bad) from bad
                raise
            except ActiontrackError:
                raise
            except self.catch as exc:
                error = self._translated(exc, what)
                if isinstance(error, BadAnswer) and _may_have_happened(error):
                    raise self._unknown(error) from exc
                if (isinstance(error, Transient)
                        and not isinstance(error, (UnknownOutcome, RateLimited, Unreachable,
                                                   BadAnswer))
                        and not _definite_refusal(error, exc)):
                    raise self._unknown(error) from exc
                raise error from exc
        return call_with_retry(attempt, policy=self.policy, sleep=self.sleep)

    def _unknown(self, error: BackendError) -> UnknownOutcome:
        return UnknownOutcome(f"{error.detail}: it may or may not have happened",
                              backend=self.backend, status=error.status,
                              retry_after=getattr(error, "retry_after", None))
