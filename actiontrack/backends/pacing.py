"""Pacing a tracker's writes to its rate limits, on an injectable clock.

GitHub's secondary limits allow about 80 content-creating requests a minute and 500 an hour
(per account, the web UI included), and GitHub asks for at least a second between mutating
requests. A 1,000-item first sync therefore cannot go faster than about 68 minutes: 500
creates, a wait for the hour to roll over, 500 more. `WritePacer` keeps the writes inside
those limits before GitHub has to refuse one, waits as GitHub says when it does refuse
(`Retry-After`, `x-ratelimit-reset`), and knows how long the writes still to come will take,
so a long sync can say so. A wait longer than the caller allows is not slept through: it
raises `PaceStop`, which says which limit, until when, and lets the caller stop cleanly (the
next run carries on: nothing is written twice).

The clock and the sleep are injected, so tests run an hour of GitHub's limits in
milliseconds.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import RateLimited

MINUTE, HOUR = 60.0, 3600.0
# Refusals in a row after which the pacer stops asking: GitHub bans clients that keep trying.
MAX_REFUSALS = 5


@dataclass(frozen=True)
class WriteLimits:
    per_minute: int = 80
    per_hour: int = 500
    min_interval: float = 1.0  # seconds between two writes

    def describe(self) -> str:
        parts = [f"{self.per_minute} a minute", f"{self.per_hour} an hour"]
        if self.min_interval:
            parts.insert(0, f"one every {self.min_interval:g} s")
        return ", ".join(parts)


class PaceStop(RateLimited):
    """The next write may go only after a wait longer than the caller allows."""

    def __init__(self, message: str, *, backend: str | None, until: float, reason: str,
                 hint: str | None = None) -> None:
        super().__init__(message, backend=backend, retry_after=None, hint=hint)
        self.until = until    # clock time the next write may go at
        self.reason = reason  # which limit, in words


def clock_time(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%H:%M UTC")


def minutes(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class WritePacer:
    """When the next write may go, and how long the writes still to come will take.

    `clock` is wall-clock seconds (epoch), so the times of issues a tracker reports created
    (`seed`) and a reset time GitHub sends (`x-ratelimit-reset`) are on the same scale."""

    def __init__(self, limits: WriteLimits, *, max_wait: float, backend: str,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep,
                 notify: Callable[[str], None] | None = None) -> None:
        self.limits, self.max_wait, self.backend = limits, max_wait, backend
        self.clock, self.sleep, self.notify = clock, sleep, notify
        self._writes: deque[float] = deque(maxlen=max(limits.per_hour, limits.per_minute, 1))
        self._hold_until = 0.0
        self._hold_reason = ""
        self._refusals = 0
        self.waited = 0.0  # seconds slept for limits, in all

    # -- what happened -------------------------------------------------------------------
    def seed(self, created: Iterable[float]) -> None:
        """Writes made before this run (issues the tracker says were created in the last
        hour, by an earlier run): the hourly budget is shared."""
        now = self.clock()
        recent = sorted(t for t in created if now - HOUR < t <= now)
        merged = sorted([*recent, *self._writes])
        self._writes.clear()
        self._writes.extend(merged[-(self._writes.maxlen or 1):])

    def wrote(self) -> None:
        self._writes.append(self.clock())

    def accepted(self) -> None:
        self._refusals = 0

    def refused(self, wait: float | None, reason: str) -> None:
        """GitHub refused a write for a rate limit and said how long to wait (None: it did
        not say; then a minute, doubling with each refusal in a row, as GitHub advises)."""
        self._refusals += 1
        if wait is None:
            wait = MINUTE * 2 ** (self._refusals - 1)
        self.hold(wait, reason)
        if self._refusals >= MAX_REFUSALS:
            raise self._stop(self._hold_until, f"{reason}; {self._refusals} refusals in a row")

    def hold(self, seconds: float, reason: str) -> None:
        """No write before `seconds` from now."""
        until = self.clock() + max(0.0, seconds)
        if until > self._hold_until:
            self._hold_until, self._hold_reason = until, reason

    def exhausted_until(self, reset: float, reason: str) -> None:
        """No request left until `reset` (clock time, e.g. `x-ratelimit-reset`)."""
        self.hold(reset + 1 - self.clock(), reason)

    # -- what comes next -----------------------------------------------------------------
    def _next_slot(self, writes: deque[float] | list[float], after: float) -> tuple[float, str]:
        """The earliest time at or after `after` a write may go, and the limit that said so."""
        limits = self.limits
        slot, reason = after, ""
        candidates = [(self._hold_until, self._hold_reason)]
        if writes:
            candidates.append((writes[-1] + limits.min_interval,
                               f"one write every {limits.min_interval:g} s"))
        if limits.per_minute and len(writes) >= limits.per_minute:
            candidates.append((writes[-limits.per_minute] + MINUTE,
                               f"at most {limits.per_minute} content-creating requests a minute"))
        if limits.per_hour and len(writes) >= limits.per_hour:
            candidates.append((writes[-limits.per_hour] + HOUR,
                               f"at most {limits.per_hour} content-creating requests an hour"))
        for moment, why in candidates:
            if moment > slot:
                slot, reason = moment, why
        return slot, reason

    def time_for(self, count: int) -> float:
        """Seconds from now until `count` more writes are done at the limits (each write
        taken as instant: the figure is what the limits alone cost)."""
        now = self.clock()
        writes = list(self._writes)
        moment = now
        for _ in range(count):
            moment, _why = self._next_slot(writes, moment)
            writes.append(moment)
            if len(writes) > 2 * (self._writes.maxlen or 1):
                del writes[: len(writes) // 2]
        return moment - now

    def before_write(self) -> None:
        """Wait until the next write may go; `PaceStop` when that is longer than allowed."""
        now = self.clock()
        slot, reason = self._next_slot(self._writes, now)
        wait = slot - now
        if wait <= 0:
            return
        if wait > self.max_wait:
            raise self._stop(slot, reason)
        if wait >= MINUTE and self.notify is not None:
            self.notify(f"waiting {minutes(wait)} (until {clock_time(slot)}): {reason}")
        self.sleep(wait)
        self.waited += wait

    def _stop(self, until: float, reason: str) -> PaceStop:
        wait = max(0.0, until - self.clock())
        allowed = (f"longer than actiontrack waits ([github] max_wait, {minutes(self.max_wait)})"
                   if self.max_wait else "and [github] max_wait is 0")
        return PaceStop(f"stopped at GitHub's limit ({reason}): the next write may go at "
                        f"{clock_time(until)}, in {minutes(wait)}, {allowed}",
                        backend=self.backend, until=until, reason=reason)


# A long run says how far it is at least this often (seconds on the pacer's clock).
PROGRESS_EVERY = 60.0
# Runs the limits alone make shorter than this say nothing.
QUIET_BELOW = 60.0


class CreateProgress:
    """What a long run of creates says as it goes: at the start, how long the limits make it;
    then, every PROGRESS_EVERY seconds, how many are done and how long the rest will take."""

    def __init__(self, pacer: WritePacer, total: int, notify: Callable[[str], None]) -> None:
        self.pacer, self.total, self.notify = pacer, total, notify
        self.done = 0
        self.started = self.last = pacer.clock()
        self.quiet = pacer.time_for(total) < QUIET_BELOW
        if not self.quiet:
            self.notify(f"creating {total} issues at GitHub's pace ({pacer.limits.describe()}):"
                        f" about {minutes(self.left())}")

    def left(self) -> float:
        """The limits' time for what is left, or the pace so far when that is slower."""
        remaining = self.total - self.done
        paced = self.pacer.time_for(remaining)
        if not self.done:
            return paced
        elapsed = self.pacer.clock() - self.started - self.pacer.waited
        return max(paced, remaining * elapsed / self.done)

    def step(self) -> None:
        self.done += 1
        now = self.pacer.clock()
        if self.quiet or self.done == self.total or now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        self.notify(f"{self.done} of {self.total} issues created; about {minutes(self.left())}"
                    " left")
