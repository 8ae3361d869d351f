"""The shared retry policy: what it retries, how long it waits, and when it gives up."""

from __future__ import annotations

import pytest

from actiontrack.errors import NotFound, RateLimited, Transient, UnknownOutcome
from actiontrack.retry import RetryPolicy, call_with_retry

POLICY = RetryPolicy(attempts=4, base_delay=0.5, max_delay=10, max_total_wait=20)


class Flaky:
    def __init__(self, failures: list[BaseException]) -> None:
        self.failures = list(failures)
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.failures:
            raise self.failures.pop(0)
        return "ok"


def test_transient_failures_are_retried_with_backoff() -> None:
    waits: list[float] = []
    fn = Flaky([Transient("502"), Transient("503")])
    assert call_with_retry(fn, policy=POLICY, sleep=waits.append) == "ok"
    assert fn.calls == 3
    assert waits == [0.5, 1.0]


def test_the_trackers_retry_after_is_honoured() -> None:
    waits: list[float] = []
    fn = Flaky([Transient("429", retry_after=3)])
    assert call_with_retry(fn, policy=POLICY, sleep=waits.append) == "ok"
    assert waits == [3.0]


def test_a_wait_longer_than_the_bound_fails_fast() -> None:
    waits: list[float] = []
    fn = Flaky([Transient("primary limit", retry_after=3600)])
    with pytest.raises(RateLimited, match="3600s"):
        call_with_retry(fn, policy=POLICY, sleep=waits.append)
    assert waits == [] and fn.calls == 1


def test_attempts_are_bounded() -> None:
    fn = Flaky([Transient(str(n)) for n in range(10)])
    with pytest.raises(Transient, match="3"):
        call_with_retry(fn, policy=POLICY, sleep=lambda s: None)
    assert fn.calls == 4


@pytest.mark.parametrize("exc", [UnknownOutcome("lost"), NotFound("gone")])
def test_unknown_outcomes_and_definite_answers_are_not_retried(exc: Exception) -> None:
    fn = Flaky([exc])
    with pytest.raises(type(exc)):
        call_with_retry(fn, policy=POLICY, sleep=lambda s: None)
    assert fn.calls == 1


def test_with_a_timeout_per_attempt_no_retry_starts_that_would_end_past_the_budget() -> None:
    """A tracker that answers just after the client's timeout: each attempt lasts the whole
    timeout, and the attempts count against the bound with the waits."""
    import time

    def slow() -> str:
        time.sleep(0.1)  # as long as the client waited before it gave up
        raise Transient("read timed out")
    calls: list[float] = []
    policy = RetryPolicy(attempts=10, base_delay=0.0, max_total_wait=0.25, attempt_timeout=0.1)
    with pytest.raises(Transient, match="timed out"):
        call_with_retry(lambda: calls.append(0) or slow(), policy=policy, sleep=lambda s: None)
    assert len(calls) == 2  # a third would have ended at about 0.3 s, past the 0.25 s bound
