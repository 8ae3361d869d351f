"""Shared by the tests that count the garbage collector's passes (`lasting.lasting` holds them
off while what a command reads lives until it ends)."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_passes() -> Iterator[list[int]]:
    """The generation of every pass the collector starts inside the block, with a pass every
    100 allocations unless something holds it off; the collector as it was afterwards."""
    found: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            found.append(info["generation"])
    enabled, threshold = gc.isenabled(), gc.get_threshold()
    gc.enable()
    gc.set_threshold(100, 10, 10)
    gc.callbacks.append(count)
    try:
        yield found
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)
        gc.enable() if enabled else gc.disable()
