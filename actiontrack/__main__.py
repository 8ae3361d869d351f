"""`python -m actiontrack`, the same as the `actiontrack` command."""

import sys

from actiontrack.console import run

sys.exit(run())
