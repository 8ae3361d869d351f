"""Terminal niceties, and only on a terminal: a progress bar for syncs that take more than a
moment, and colour. Output that goes to a file, a pipe or a CI log stays plain text; `NO_COLOR`
(https://no-color.org) turns colour off everywhere and `FORCE_COLOR` (https://force-color.org)
turns it on anywhere, e.g. in a CI log that shows colour. NO_COLOR wins over FORCE_COLOR, as in
CPython.

The bar goes to stderr, so `sync --format json > out.json` stays clean JSON.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import TextIO

# Show nothing for runs shorter than this: a bar that flashes for 50 ms is noise.
SHOW_AFTER_SECONDS = 0.4
BAR_WIDTH = 28

_CODES = {"heading": "1", "alert": "31", "ok": "32", "warn": "33", "dim": "2"}


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real stream
        return False


def colour_enabled(stream: TextIO, env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def styler(stream: TextIO, env: Mapping[str, str] | None = None) -> Callable[[str, str], str]:
    """A `style(text, role)` function: ANSI colour on a colour terminal, else the text as is."""
    if not colour_enabled(stream, env):
        return lambda text, _role: text

    def style(text: str, role: str) -> str:
        code = _CODES.get(role)
        return f"\x1b[{code}m{text}\x1b[0m" if code else text
    return style


class ProgressBar:
    """`[#####.......]  12/40  label` redrawn in place on stderr.

    Silent unless the stream is a terminal, and until SHOW_AFTER_SECONDS have passed: short
    syncs print nothing extra. The clock is injectable so tests need no sleeping."""

    def __init__(self, total: int, stream: TextIO, *, label: str = "syncing",
                 clock: Callable[[], float] = time.monotonic,
                 enabled: bool | None = None) -> None:
        self.total = max(total, 0)
        self.stream = stream
        self.label = label
        self.clock = clock
        self.enabled = is_terminal(stream) if enabled is None else enabled
        self.started = clock()
        self.done = 0
        self.drawn = False

    def advance(self, steps: int = 1, note: str = "") -> None:
        self.done = min(self.total, self.done + steps)
        if not self.enabled or self.total == 0:
            return
        if not self.drawn and self.clock() - self.started < SHOW_AFTER_SECONDS:
            return
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        text = f"\r[{bar}] {self.done:>{len(str(self.total))}}/{self.total}  {self.label}"
        if note:  # postmortem text: no control characters reach the terminal
            text += ": " + "".join(ch for ch in note[:40] if ch.isprintable())
        self.stream.write(text + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def say(self, message: str) -> None:
        """A line of its own (a backend's notice), above the bar on a terminal: the bar is
        redrawn below it at the next step. Printed whether the bar shows or not, so a CI log
        gets it too."""
        self.finish()
        self.stream.write("".join(ch for ch in message if ch.isprintable()) + "\n")
        self.stream.flush()

    def finish(self) -> None:
        """Clear the bar's line, so what follows starts on a clean line."""
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()


_STATUS_ROLE = {"created": "ok", "updated": "ok", "closed": "ok", "reopened": "ok",
                "pruned": "warn", "orphaned": "warn", "duplicate": "warn", "failed": "alert",
                "FAILED:": "alert"}


def colour_status_column(text: str, style: Callable[[str, str], str]) -> str:
    """Colour the leading status word of each line of a sync summary."""
    lines = []
    for line in text.split("\n"):
        word = line.split(" ", 1)[0]
        role = _STATUS_ROLE.get(word)
        lines.append(style(word, role) + line[len(word):] if role else line)
    return "\n".join(lines)
