"""GitHub's secondary limits on content creation, as the fake GitHub enforces them, on a clock
the test controls.

GitHub refuses a content-creating request beyond about 80 a minute or 500 an hour with 403,
the "secondary rate limit" message and a `Retry-After` (docs: rate limits for the REST API).
`ContentLimits` counts every request that creates or changes content (POST, PATCH, PUT; a
DELETE creates none) in sliding windows of `FakeClock` time, so a test runs an hour of
GitHub's limits without waiting for it.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from dataclasses import dataclass, field

WINDOWS = ((60.0, "per_minute"), (3600.0, "per_hour"))
CONTENT_METHODS = frozenset({"POST", "PATCH", "PUT"})


class FakeClock:
    """Wall-clock seconds that move only when something sleeps: hand `time` and `sleep` to
    both the backend and the fake GitHub."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def time(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.now += max(0.0, seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds


@dataclass
class ContentLimits:
    """At most `per_minute` and `per_hour` writes in any sliding minute and hour."""

    per_minute: int = 80
    per_hour: int = 500
    accepted: deque[float] = field(default_factory=deque)
    refused: int = 0

    def admit(self, now: float) -> float | None:
        """None when a write at `now` is within the limits (and is counted); else the seconds
        until it would be (what `Retry-After` says)."""
        while self.accepted and self.accepted[0] <= now - 3600.0:
            self.accepted.popleft()
        waits = []
        for window, name in WINDOWS:
            limit = getattr(self, name)
            inside = [t for t in self.accepted if t > now - window]
            if len(inside) >= limit:
                waits.append(inside[-limit] + window - now)
        if waits:
            self.refused += 1
            return max(waits)
        self.accepted.append(now)
        return None

    @staticmethod
    def retry_after(wait: float) -> str:
        return str(max(1, math.ceil(wait)))
