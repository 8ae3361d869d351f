"""What a command makes that lives until it ends: no passes of the garbage collector over it.

A sync's issues read and plan, a report's issues read and its items, live until the command
ends, so a pass over them frees nothing: about 20 young passes over 20,000 objects each, 0.08
s CPU of a 10,000-item no-op re-sync, 0.03-0.05 s of a report of as many items.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def lasting() -> Iterator[None]:
    """No passes of the garbage collector over what is made inside. At the end it is set
    aside (`gc.freeze`) rather than left young for the next pass, then handed back to the
    oldest generation (`gc.unfreeze`), where a full pass, rare, looks at it as before; a
    cycle made inside is freed then. A collector the caller disabled or froze is left as it
    is."""
    if not gc.isenabled() or gc.get_freeze_count():  # the caller decides: left as it is
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
