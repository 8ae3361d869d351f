"""`actiontrack issues list|show|close|reopen`: work the tracker by hand."""

from __future__ import annotations

import click

from .app import BACKEND_HELP, State, cli, read_format

_LIST_HEADER = ("KEY", "STATE", "DUE", "ASSIGNEE", "KIND", "TITLE")


@cli.group()
def issues() -> None:
    """Work the tracker by hand: list, show, close and reopen issues."""


@issues.command("list")
@click.option("--state", "wanted", type=click.Choice(["open", "closed", "all"]), default="all",
              show_default=True, help="Only open or only closed issues.")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@read_format
@click.pass_obj
def issues_list(state: State, wanted: str, backend: str | None, fmt: str) -> None:
    """List the issues actiontrack tracks."""
    from ..issue_format import is_report_issue, kind_from_labels
    from . import output
    with state.tracker(backend) as tracker:
        found = tracker.find_linked(None)
    shown = [i for i in found if (wanted == "all" or i.state.value == wanted)
             and not is_report_issue(i)]
    if fmt == "json":
        click.echo(output.dumps([output.issue_json(i) for i in shown]))
        return
    if not shown:
        click.echo("No tracked issues." if wanted == "all" else f"No {wanted} tracked issues.")
        return
    rows = [(i.key, i.state.value, i.due.isoformat() if i.due else "-", i.assignee or "-",
             kind_from_labels(i.labels) or "-", i.title) for i in shown]
    widths = [max(len(str(r[n])) for r in [*rows, _LIST_HEADER]) for n in range(5)]
    for row in [_LIST_HEADER, *rows]:
        cells = [row[0].rjust(widths[0])] + [c.ljust(w) for c, w in zip(row[1:5], widths[1:],
                                                                        strict=True)]
        click.echo("  ".join([*cells, row[5]]))


@issues.command("show")
@click.argument("key")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@read_format
@click.pass_obj
def issues_show(state: State, key: str, backend: str | None, fmt: str) -> None:
    """Show one issue."""
    from ..issue_format import readable_body
    from . import output
    with state.tracker(backend) as tracker:
        issue = tracker.get(key)
    if fmt == "json":
        click.echo(output.dumps(output.issue_json(issue)))
        return
    click.echo(f"{issue.key}: {issue.title}")
    click.echo(f"state: {issue.state.value}" + (f" ({issue.state_reason})"
                                                 if issue.state_reason else ""))
    click.echo(f"assignee: {issue.assignee or '-'}    due: "
               f"{issue.due.isoformat() if issue.due else '-'}")
    click.echo(f"labels: {', '.join(issue.labels) or '-'}")
    if issue.url:
        click.echo(f"url: {issue.url}")
    click.echo("")
    click.echo(readable_body(issue.body))


def _set_state(state: State, key: str, backend: str | None, close: bool,
               comment: str | None) -> None:
    from ..model import CloseReason
    with state.tracker(backend) as tracker:
        issue = tracker.get(key)
        if issue.is_closed == close:  # nothing to do: say so rather than write again
            click.echo(f"{issue.key} is already {issue.state.value}: {issue.title}")
            return
        if close:
            issue = tracker.close(issue, CloseReason.COMPLETED, comment)
        else:
            issue = tracker.reopen(issue, comment)
    click.echo(f"{issue.key} {issue.state.value}: {issue.title}")


def _state_command(name: str, close: bool, doc: str) -> None:
    """`issues close` and `issues reopen`: the same options, the opposite move."""
    @issues.command(name, help=doc)
    @click.argument("key")
    @click.option("--comment", "-m", help="Comment to leave on the issue.")
    @click.option("--backend", metavar="NAME", help=BACKEND_HELP)
    @click.pass_obj
    def command(state: State, key: str, comment: str | None, backend: str | None) -> None:
        _set_state(state, key, backend, close, comment)


_state_command("close", True, "Close an issue as done (KEY as `sync` printed it).")
_state_command("reopen", False, "Reopen a closed issue.")
