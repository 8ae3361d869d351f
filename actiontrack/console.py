"""The `actiontrack` command's entry point: `main` from `actiontrack.cli`, with Ctrl-C (or a
cancelled CI job's SIGINT) outside it a clean exit too.

`actiontrack.cli.main` turns an interrupt into one line and exit code 130 while a command
runs. Before it starts (the imports take a tenth of a second or more on a busy runner) and
after it has returned, Python's default handler would print a traceback instead; so this
module, which imports nothing heavy, installs its own handler first and ignores SIGINT once
the exit code is known (nothing is left to stop).

Once the command has returned, the process ends without the interpreter's teardown (`_end`).
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not `typing`'s: importing it would be most of this module's import
if TYPE_CHECKING:
    from types import FrameType


def _before_start(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("interrupted before the command started; nothing was done\n")
    sys.stderr.flush()
    os._exit(130)


def run() -> int:
    signal.signal(signal.SIGINT, _before_start)
    from actiontrack.cli import main

    signal.signal(signal.SIGINT, signal.default_int_handler)  # main turns it into exit 130
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end(code)
    return code


def _end(code: int) -> None:
    """End the process with `code` as `sys.exit(code)` would, without the interpreter's
    teardown: freeing every module and object one by one, after a last pass of the garbage
    collector, was a tenth of `parse`'s CPU time and more of a report's, and nothing needs it.
    What the exit does that matters is done first: the `atexit` functions (logging's flush,
    multiprocessing's clean-up), then the standard streams flushed. Returns, for the usual
    exit, when a thread other than this one still runs (the interpreter would wait for it),
    or a stream cannot be flushed (Python's exit reports that, with its exit code)."""
    import atexit  # here, not at the top: the module's own import is the one moment before
    import threading  # its handler is installed, so it imports as little as it can

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    if run_exitfuncs is None or threading.active_count() > 1:
        return
    run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        return
    os._exit(code)
