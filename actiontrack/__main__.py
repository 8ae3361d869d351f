"""`python -m actiontrack`, the same as the `actiontrack` command."""

import sys

from actiontrack.cli import main

sys.exit(main())
