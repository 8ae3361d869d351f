"""`actiontrack report`: the overdue list or the weekly report, from what the tracker holds."""

from __future__ import annotations

import datetime as dt

import click

from ..errors import ExitCode, UsageError
from .app import BACKEND_HELP, State, cli, output_option


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date", hint="use YYYY-MM-DD") from None


@cli.command(short_help="Overdue items by owner, or the weekly report.")
@click.option("--overdue", is_flag=True, help="Open items past their due date, by owner "
              "(the default report).")
@click.option("--weekly", is_flag=True, help="The weekly report: overdue items by kind "
              "(preventive first), owner and postmortem, aging, due in the next 7 days, no "
              "owner, changes in the last 7 days, SLA figures.")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Report as of this day "
              "[default: today].")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only items of this kind (repeatable), e.g. --kind preventive; a kind no "
                   "item has is an error.")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json", "html", "csv"]),
              default="text", show_default=True,
              help="html and csv are weekly-report formats (they imply --weekly).")
@output_option(".md .html .csv .json .txt")
@click.option("--publish", is_flag=True, help="Create or update the one rolling weekly report "
              "issue in the tracker, with one comment a week on what changed (implies "
              "--weekly).")
@click.option("--mention-owners", is_flag=True, help="With --publish: @mention the owners of "
              "newly overdue and closed items in the weekly comment.")
@click.option("--fail-on-overdue", is_flag=True, help=f"Exit {int(ExitCode.OVERDUE)} when "
              "anything is overdue.")
@click.pass_obj
def report(state: State, overdue: bool, weekly: bool, as_of: str | None,
           kinds: tuple[str, ...], backend: str | None, fmt: str, outputs: tuple[str, ...],
           publish: bool, mention_owners: bool, fail_on_overdue: bool) -> ExitCode:
    """Report overdue action items from the tracker: a list grouped by owner, or (--weekly)
    the weekly report, printed, written to files, or published as one rolling issue."""
    from ..reports import WEEKLY_FORMATS
    from ..reports.run import run_report, wants_weekly
    from .output import check_outputs, emit
    day = _parse_date(as_of)
    weekly = wants_weekly(overdue, weekly, publish, fmt, outputs)
    if mention_owners and not publish:
        raise UsageError("--mention-owners is for the weekly comment", hint="add --publish")
    check_outputs(outputs)  # before the tracker is read: a report that cannot be written
    config = state.config()
    with state.tracker(backend) as tracker:
        done = run_report(tracker, config, as_of=day, kinds=kinds, weekly=weekly,
                          publish=publish, mention_owners=mention_owners)
        if done.published is not None:
            p = done.published
            verb = "created" if p.created else "reopened" if p.reopened else "updated"
            click.echo(f"{verb} the weekly report issue {p.issue.key}"
                       + (f" {p.issue.url}" if p.issue.url else "")
                       + (" and posted this week's comment" if p.commented else ""), err=True)
    emit(outputs, fmt, done.render, WEEKLY_FORMATS)
    return ExitCode.OVERDUE if fail_on_overdue and done.overdue else ExitCode.OK
