"""The process boundary: run the click group, turn every error into one line on stderr and the
documented exit code (`ExitCode`), and exit nowhere else. `--debug` adds the traceback, with
every registered secret masked."""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Sequence

import click

from ..config_files import cache_folder
from ..errors import ActiontrackError, ExitCode, Interrupted
from ..pattern_cache import kept_in
from .app import cli, report_error
from .ci import error_line

GC_YOUNG_OBJECTS = 20_000  # allocations between two passes of the garbage collector
# Young passes between two passes over the objects that survived one (Python's default: 10).
GC_MIDDLE_PASSES = 1_000


def _options_end(args: Sequence[str]) -> int:
    """Where options end: at `--`, after which everything is an argument."""
    return list(args).index("--") if "--" in args else len(args)


def _usage_line(exc: click.ClickException) -> str:
    """Click's usage error as one line that says where to look, like every other error."""
    message = exc.format_message()
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        sep = " " if message.endswith((".", "?", "!", ")")) else ". "
        message += f"{sep}See `{ctx.command_path} --help`."
    return error_line(message)


def _interrupted(cause: BaseException | None) -> int:
    done = f": {cause.detail}" if isinstance(cause, Interrupted) else ""
    click.echo("interrupted; run the command again to finish (a sync picks up where it "
               f"stopped, without duplicates){done}", err=True)
    return ExitCode.INTERRUPTED


def _error(message: str, debug: bool, *, path: str | None = None,
           line: int | None = None) -> None:
    from ..logs import mask
    if debug:
        click.echo(mask(traceback.format_exc()).rstrip(), err=True)
    report_error(message, path=path, line=line)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    # --debug is global and may follow the command; the traceback is printed here, outside click
    debug = "--debug" in args[:_options_end(args)] or os.environ.get("ACTIONTRACK_DEBUG") == "1"
    # A command's objects (documents, issues, plans) live until it ends, so the collector's
    # passes over them free nothing: at 700 allocations a pass, a 10,000-item sync spent 15%
    # of its time in 400 of them. Cycles are still collected, just less often. An object that
    # outlives a young pass (a document, an issue read, a planned change) lives to the end as
    # well: the passes over those (200,000 objects each, a tenth of a second for three of
    # them in a 10,000-item no-op re-sync) wait for 20 million allocations, while garbage
    # cycles, which die young (an exception and its frames), are still freed by the young
    # passes.
    gc.set_threshold(GC_YOUNG_OBJECTS, GC_MIDDLE_PASSES, gc.get_threshold()[2])
    try:
        # The parser's patterns made from their compiled form kept between runs (most of
        # what `parse` of one file cost was compiling them), new ones kept at the end.
        with kept_in(cache_folder(os.environ)):
            outcome = cli.main(args=args, prog_name="actiontrack", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        click.echo(_usage_line(exc), err=True)
        return exc.exit_code
    except click.Abort as exc:  # click turns Ctrl-C into Abort
        if isinstance(exc.__context__, KeyboardInterrupt):
            return _interrupted(exc.__context__)
        click.echo("aborted", err=True)
        return ExitCode.TRACKER
    except ActiontrackError as exc:
        _error(str(exc), debug, path=getattr(exc, "path", None), line=getattr(exc, "line", None))
        return int(exc.exit_code)
    except KeyboardInterrupt as exc:
        return _interrupted(exc)
    except OSError as exc:  # the machine, not actiontrack: a full disk, a file we may not write
        _error(f"{exc}; check the path, its permissions and free space", debug)
        return ExitCode.TRACKER
    return int(outcome) if isinstance(outcome, int) else ExitCode.OK
