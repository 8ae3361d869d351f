"""The write pacer on a fake clock: GitHub's limits cost what they should, no more, and a wait
longer than allowed stops with the limit and the time named."""

from __future__ import annotations

import pytest

from actiontrack.backends.pacing import CreateProgress, PaceStop, WriteLimits, WritePacer
from tests.fakes.github_limits import FakeClock

GITHUB = WriteLimits()


def pacer(clock: FakeClock, limits: WriteLimits = GITHUB, *,
          max_wait: float = 7200, notices: list[str] | None = None) -> WritePacer:
    sink = notices.append if notices is not None else None
    return WritePacer(limits, max_wait=max_wait, backend="github", clock=clock.time,
                      sleep=clock.sleep, notify=sink)


def write(p: WritePacer, times: int) -> None:
    for _ in range(times):
        p.before_write()
        p.wrote()


def test_a_thousand_writes_at_githubs_limits_take_about_68_minutes() -> None:
    clock = FakeClock(start=1_000_000.0)
    p = pacer(clock)
    # 500 writes a second apart, a wait for the hour to roll over, 500 more.
    assert p.time_for(1000) == pytest.approx(3600 + 499)
    write(p, 1000)
    assert clock.now - 1_000_000.0 == pytest.approx(3600 + 499)


def test_the_minute_limit_binds_when_writes_may_go_faster() -> None:
    clock = FakeClock(start=0.0)
    p = pacer(clock, WriteLimits(per_minute=80, per_hour=500, min_interval=0))
    write(p, 81)
    assert clock.now == pytest.approx(60)  # 80 at once, the 81st a minute after the first
    assert p.time_for(79) == pytest.approx(0)
    assert p.time_for(80) == pytest.approx(60)


def test_creates_of_an_earlier_run_count_against_the_hour() -> None:
    clock = FakeClock(start=10_000.0)
    p = pacer(clock, WriteLimits(per_minute=80, per_hour=10, min_interval=0))
    p.seed([10_000.0 - 3700.0] + [10_000.0 - 600.0] * 10)  # one too old, ten in the hour
    assert p.time_for(1) == pytest.approx(3000)


def test_a_wait_longer_than_allowed_stops_naming_the_limit_and_the_time() -> None:
    clock = FakeClock(start=0.0)
    p = pacer(clock, WriteLimits(per_minute=80, per_hour=3, min_interval=0), max_wait=120)
    write(p, 3)
    with pytest.raises(PaceStop, match=r"at most 3 content-creating requests an hour.*"
                                        r"next write may go at 01:00 UTC, in 60 min") as stop:
        p.before_write()
    assert stop.value.until == pytest.approx(3600)
    assert clock.slept == []  # nothing was slept through


def test_a_refusal_holds_every_write_for_the_wait_github_asked() -> None:
    clock = FakeClock(start=0.0)
    notices: list[str] = []
    p = pacer(clock, WriteLimits(min_interval=0), notices=notices)
    p.refused(90, "GitHub refused a write")
    write(p, 1)
    assert clock.slept == [90]
    assert notices == ["waiting 90 s (until 00:01 UTC): GitHub refused a write"]


def test_refusals_without_a_wait_back_off_then_stop() -> None:
    clock = FakeClock(start=0.0)
    p = pacer(clock, WriteLimits(min_interval=0), max_wait=10_000)
    for expected in (60, 120, 240, 480):
        p.refused(None, "secondary rate limit")
        write(p, 1)
        assert clock.slept[-1] == pytest.approx(expected)
    with pytest.raises(PaceStop, match="5 refusals in a row"):
        p.refused(None, "secondary rate limit")


def notices_of_creates(count: int) -> list[str]:
    """What a run of `count` creates, one a second, says as it goes."""
    clock = FakeClock(start=0.0)
    notices: list[str] = []
    p = pacer(clock, notices=notices)
    progress = CreateProgress(p, count, notices.append)
    for _ in range(count):
        write(p, 1)
        progress.step()
    return notices


def test_a_long_run_says_how_long_it_will_take_and_how_far_it_is() -> None:
    notices = notices_of_creates(130)
    assert notices[0] == ("creating 130 issues at GitHub's pace (one every 1 s, 80 a minute, "
                          "500 an hour): about 2 min")
    assert notices[1:] == ["61 of 130 issues created; about 69 s left",
                           "121 of 130 issues created; about 9 s left"]


def test_a_short_run_says_nothing() -> None:
    assert notices_of_creates(20) == []
