"""The command line: click only. Each command reads its flags, calls one function of the
package that does the work, and renders what comes back; errors are caught once, in `main`.

`app` holds the group and the shared options, one module per command group registers its
commands on it, `output` and `terminal` render.
"""

from . import backends, issues, parse, report, sync  # noqa: F401 - each registers its commands
from .app import accept_global_options, cli
from .main import main

accept_global_options(cli)

__all__ = ["cli", "main"]
