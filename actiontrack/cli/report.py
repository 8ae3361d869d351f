"""`actiontrack report`: the overdue list or the weekly report, from what the tracker holds."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from ..errors import ExitCode, UsageError
from .app import BACKEND_HELP, State, cli, warn


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date", hint="use YYYY-MM-DD") from None


@cli.command(short_help="Overdue items by owner, or the weekly report.")
@click.option("--overdue", is_flag=True, default=True, help="Open items past their due date "
              "(the default report).")
@click.option("--weekly", is_flag=True, help="The weekly report: overdue items by kind "
              "(preventive first), owner and postmortem, aging, due in the next 7 days, no "
              "owner, changes in the last 7 days, SLA figures.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Report as of this day "
              "[default: today].")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only items of this kind (repeatable), e.g. --kind preventive.")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html", "csv"]),
              default="text", show_default=True,
              help="html and csv are weekly-report formats (they imply --weekly).")
@click.option("--output", "-o", "outputs", multiple=True, metavar="PATH",
              help="Write the report to PATH instead of stdout, in the format its suffix names "
                   "(.md .html .csv .json .txt; else --format). Repeatable.")
@click.option("--publish", is_flag=True, help="Create or update the one rolling weekly report "
              "issue in the tracker (implies --weekly).")
@click.option("--fail-on-overdue", is_flag=True, help=f"Exit {int(ExitCode.OVERDUE)} when "
              "anything is overdue.")
@click.pass_obj
def report(state: State, overdue: bool, weekly: bool, as_of: str | None,
           kinds: tuple[str, ...], backend: str | None, fmt: str, outputs: tuple[str, ...],
           publish: bool, fail_on_overdue: bool) -> ExitCode:
    """Report overdue action items from the tracker: a list grouped by owner, or (--weekly)
    the weekly report, printed, written to files, or published as one rolling issue."""
    from ..reports.run import run_report, wants_weekly
    day = _parse_date(as_of)
    config = state.config()
    with state.tracker(backend) as tracker:
        done = run_report(tracker, config, as_of=day, kinds=kinds,
                          weekly=wants_weekly(weekly, publish, fmt, outputs), publish=publish)
        if done.published is not None:
            p = done.published
            verb = "created" if p.created else "reopened" if p.reopened else "updated"
            click.echo(f"{verb} the weekly report issue {p.issue.key}"
                       + (f" {p.issue.url}" if p.issue.url else ""), err=True)
    for note in done.notes:
        warn(note)
    _emit(outputs, fmt, done.render)
    return ExitCode.OVERDUE if fail_on_overdue and done.overdue else ExitCode.OK


def _emit(outputs: Sequence[str], fmt: str,
          render: Callable[[str, Callable[[str, str], str] | None], str]) -> None:
    """Print the report, or write it to each --output file (atomically) in its format."""
    from ..documents.writeback import atomic_write
    from ..reports import format_for_path
    from .terminal import styler
    if not outputs:
        click.echo(render(fmt, styler(sys.stdout)))
        return
    for path in outputs:
        kind = format_for_path(path, fmt)
        text = render(kind, None)
        atomic_write(Path(path), (text if text.endswith("\n") else text + "\n").encode())
        click.echo(f"wrote {kind} report to {path}", err=True)
