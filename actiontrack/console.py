"""The `actiontrack` command's entry point: `main` from `actiontrack.cli`, with Ctrl-C (or a
cancelled CI job's SIGINT) outside it a clean exit too.

`actiontrack.cli.main` turns an interrupt into one line and exit code 130 while a command
runs. Before it starts (the imports take a tenth of a second or more on a busy runner) and
after it has returned, Python's default handler would print a traceback instead; so this
module, which imports nothing heavy, installs its own handler first and ignores SIGINT once
the exit code is known (nothing is left to stop).
"""

from __future__ import annotations

import os
import signal
import sys
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
    return code
