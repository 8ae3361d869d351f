"""The one retry policy (tenacity), shared by every backend.

Backends translate their client's failures into `Transient` (could not ask: connection error,
timeout, 5xx, 429, secondary rate limit), setting `retry_after` when the tracker said how long
to wait. This module retries those, honouring the tracker's wait, within a bounded total; a
wait longer than the bound (say, a primary rate limit resetting in an hour) fails at once with
a clear `RateLimited` instead of sleeping silently.

Creates are never passed through here: a create whose outcome is unknown is looked up by the
engine before it is tried again (see `sync.apply`). Retries never nest: the client libraries'
own retries are off, so one call is at most `attempts` requests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .errors import BadAnswer, RateLimited, Transient, UnknownOutcome, Unreachable

if TYPE_CHECKING:  # tenacity is imported by the first call: a local sync never retries
    from tenacity import RetryCallState

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5              # tries in all, the first included
    base_delay: float = 1.0        # exponential backoff start when the tracker gives no hint
    max_delay: float = 60.0        # one wait, at most
    max_total_wait: float = 120.0  # all waits of one call together, at most
    # The longest one attempt may take (the client's timeout). When set, a call's attempts
    # count too: no retry starts that could end past max_total_wait from the first attempt.
    attempt_timeout: float = 0.0


DEFAULT_POLICY = RetryPolicy()


# Failures that a second attempt would only repeat: an unknown outcome (settled by a lookup,
# never by a resend), a wait longer than we allow, no connection at all, an answer that is
# not the tracker's API.
NOT_RETRIED = (UnknownOutcome, RateLimited, Unreachable, BadAnswer)


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, Transient) and not isinstance(exc, NOT_RETRIED)


def _backoff(policy: RetryPolicy, state: RetryCallState) -> float:
    return min(policy.base_delay * 2.0 ** (state.attempt_number - 1), policy.max_delay)


def _spent(policy: RetryPolicy, state: RetryCallState) -> float:
    """What counts against max_total_wait so far: the waits, and the attempts when they are
    bounded by a timeout."""
    return (state.seconds_since_start or 0.0) if policy.attempt_timeout > 0 else state.idle_for


def _wait(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint: float | None = getattr(exc, "retry_after", None)
        spent = _spent(policy, state) + policy.attempt_timeout
        if hint is None:
            delay = _backoff(policy, state)
        else:
            delay = max(0.0, float(hint))
            if delay > policy.max_delay or spent + delay > policy.max_total_wait:
                raise RateLimited(
                    f"the tracker asks to wait {delay:.0f}s, longer than actiontrack waits "
                    f"({policy.max_total_wait:.0f}s in all)",
                    backend=getattr(exc, "backend", None),
                    hint="run again later; nothing was lost") from exc
        return min(delay, max(0.0, policy.max_total_wait - spent))
    return wait


def _stop(policy: RetryPolicy) -> Callable[[RetryCallState], bool]:
    from tenacity import stop_after_attempt
    attempts = stop_after_attempt(policy.attempts)

    def stop(state: RetryCallState) -> bool:
        if attempts(state):
            return True
        if policy.attempt_timeout <= 0:
            return False
        # One more attempt, after its wait, could end past the budget: this was the last.
        return ((state.seconds_since_start or 0.0) + _backoff(policy, state)
                + policy.attempt_timeout > policy.max_total_wait)
    return stop


def call_with_retry(fn: Callable[[], T], *, policy: RetryPolicy = DEFAULT_POLICY,
                    sleep: Callable[[float], None] = time.sleep) -> T:
    """Call fn, retrying `Transient` failures (never `UnknownOutcome`) within the policy."""
    from tenacity import Retrying, retry_if_exception
    retrying = Retrying(stop=_stop(policy), wait=_wait(policy),
                        retry=retry_if_exception(_retryable), sleep=sleep, reraise=True)
    return retrying(fn)
