"""The command line: read flags, call the engine, render. No business logic lives here.

Errors are caught once, in `main`: one line on stderr and the documented exit code
(see `actiontrack.errors`); `--debug` adds the traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import EXIT_OVERDUE, ActiontrackError, InputError, UsageError

if TYPE_CHECKING:
    from .backends.base import Backend
    from .config import Config
    from .model import ParsedDocument

FORMATS_PARSE = click.Choice(["text", "json"])


class State:
    def __init__(self, config_path: str | None, debug: bool) -> None:
        self.config_path = config_path
        self.debug = debug
        self._config: Config | None = None

    def config(self, **overrides: object) -> Config:
        from .config import load_config
        if self._config is None or overrides:
            self._config = load_config(self.config_path, overrides=overrides)
        return self._config

    def backend(self, name: str | None = None) -> Backend:
        from .backends import load_backend
        config = self.config(backend=name) if name else self.config()
        return load_backend(config.backend, config, os.environ)


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", metavar="PATH", envvar="ACTIONTRACK_CONFIG",
              help="Config file [default: config/actiontrack.toml; env ACTIONTRACK_CONFIG].")
@click.option("--debug", is_flag=True, help="Show tracebacks and HTTP logs (secrets masked).")
@click.version_option(__version__, prog_name="actiontrack")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, debug: bool) -> None:
    """Turn postmortem action items into tracked issues, and chase the overdue ones.

    \b
    actiontrack parse POSTMORTEM            show the action items found
    actiontrack check PATH...               lint postmortems (owners, due dates, ...)
    actiontrack sync PATH... --dry-run      show what a sync would change
    actiontrack sync PATH...                create/update one issue per item
    actiontrack report --overdue            what is late, grouped by owner
    """
    from .logs import setup_logging
    setup_logging(debug)
    ctx.obj = State(config_path, debug)


def _load_documents(state: State, paths: Sequence[str], config: Config
                    ) -> tuple[list[ParsedDocument], list[str]]:
    from .parsing import parse_file
    from .sla import with_sla_due
    from .sources import postmortem_files
    docs, skipped = [], []
    seen_ids: dict[str, str] = {}
    for path in postmortem_files(paths):
        doc = with_sla_due(parse_file(path, config.parser), config.sla)
        for warning in doc.warnings:
            _warn(warning)
        if not doc.action_items:
            skipped.append(str(path))
            continue
        other = seen_ids.get(doc.postmortem.id)
        if other is not None:
            raise InputError(f"has the same postmortem id '{doc.postmortem.id}' as {other}",
                             path=str(path), hint="give one of them an `id:` in front matter")
        seen_ids[doc.postmortem.id] = str(path)
        docs.append(doc)
    return docs, skipped


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=FORMATS_PARSE, default="text", show_default=True)
@click.pass_obj
def parse(state: State, path: str, fmt: str) -> None:
    """Show the postmortem metadata and action items found in PATH."""
    from . import output
    from .parsing import parse_file
    from .sla import with_sla_due
    config = state.config()
    doc = with_sla_due(parse_file(path, config.parser), config.sla)
    for warning in doc.warnings:
        _warn(warning)
    click.echo(output.dumps(output.parse_json(doc)) if fmt == "json" else output.parse_text(doc))


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="github = workflow annotations (::warning file=...).")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.pass_obj
def check(state: State, paths: tuple[str, ...], fmt: str, strict: bool) -> None:
    """Lint postmortems in PATH... (no tracker needed): missing action section, items without
    owner or due date, duplicate items, owners unknown to the config. Exit 1 on errors."""
    from .check import RENDERERS, check_paths
    result = check_paths(paths, state.config())
    click.echo(RENDERERS[fmt](result))
    if result.exit_code(strict=strict):
        sys.exit(result.exit_code(strict=strict))


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--backend", metavar="NAME", help="Tracker to sync to [default: from config, "
              "else local].")
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
@click.option("--prune", is_flag=True, help="Close (as not planned) issues whose item is gone.")
@click.option("--reopen", is_flag=True, help="Reopen closed issues whose item is open again.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.pass_obj
def sync(state: State, paths: tuple[str, ...], backend: str | None, dry_run: bool, prune: bool,
         reopen: bool, fmt: str) -> None:
    """Create or update one tracker issue per action item of each postmortem in PATH...

    PATH may be files, folders or globs. Re-running it is safe: unchanged items write nothing,
    fields people edited in the tracker are kept, and no item ever gets a second issue.
    """
    from . import output
    from .engine import SyncOptions, sync_documents
    config = state.config()
    docs, skipped = _load_documents(state, paths, config)
    tracker = state.backend(backend)
    try:
        _plan, result = sync_documents(docs, tracker, config, dry_run=dry_run,
                                       options=SyncOptions(prune=prune, reopen=reopen))
    finally:
        tracker.shutdown()
    for warning in tracker.warnings:
        _warn(warning)
    if fmt == "json":
        click.echo(output.dumps(output.sync_json(result)))
    else:
        click.echo(output.sync_text(result, tracker.describe(), skipped))
    if result.failures:
        first = result.failures[0]
        raise type(first.error)(f"{len(result.failures)} item(s) failed; first: {first.error}") \
            if isinstance(first.error, ActiontrackError) else first.error


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of '{value}' is not a date", hint="use YYYY-MM-DD") from None


@cli.command()
@click.option("--overdue", is_flag=True, default=True, help="Open items past their due date "
              "(the default report).")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Report as of this day "
              "[default: today].")
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Only items of this kind (repeatable), e.g. --kind preventive.")
@click.option("--backend", metavar="NAME", help="Tracker to read [default: from config].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True)
@click.option("--fail-on-overdue", is_flag=True, help=f"Exit {EXIT_OVERDUE} when anything "
              "is overdue.")
@click.pass_obj
def report(state: State, overdue: bool, as_of: str | None, kinds: tuple[str, ...],
           backend: str | None, fmt: str, fail_on_overdue: bool) -> None:
    """Report overdue action items from the tracker, grouped by owner."""
    from .report import RENDERERS, overdue_items
    day = _parse_date(as_of)
    tracker = state.backend(backend)
    try:
        issues = tracker.find_linked(None)
    finally:
        tracker.shutdown()
    items = overdue_items(issues, day, kinds or None)
    click.echo(RENDERERS[fmt](items, day))
    if fail_on_overdue and items:
        sys.exit(EXIT_OVERDUE)


@cli.group()
def issues() -> None:
    """Work the tracker by hand: list, show, close and reopen issues."""


@issues.command("list")
@click.option("--state", "wanted", type=click.Choice(["open", "closed", "all"]), default="all",
              show_default=True)
@click.option("--backend", metavar="NAME")
@click.pass_obj
def issues_list(state: State, wanted: str, backend: str | None) -> None:
    """List the issues actiontrack tracks."""
    tracker = state.backend(backend)
    try:
        found = tracker.find_linked(None)
    finally:
        tracker.shutdown()
    shown = [i for i in found if wanted == "all" or i.state.value == wanted]
    if not shown:
        click.echo("No tracked issues.")
    for issue in shown:
        due = issue.due.isoformat() if issue.due else "-"
        who = issue.assignee or "-"
        click.echo(f"{issue.key:>6}  {issue.state.value:<6}  due {due:<10}  {who:<12}  "
                   f"{issue.title}")


@issues.command("show")
@click.argument("key")
@click.option("--backend", metavar="NAME")
@click.pass_obj
def issues_show(state: State, key: str, backend: str | None) -> None:
    """Show one issue."""
    from .backends.base import strip_marker
    tracker = state.backend(backend)
    try:
        issue = tracker.get(key)
    finally:
        tracker.shutdown()
    click.echo(f"{issue.key}: {issue.title}")
    click.echo(f"state: {issue.state.value}" + (f" ({issue.state_reason})"
                                                 if issue.state_reason else ""))
    click.echo(f"assignee: {issue.assignee or '-'}    due: "
               f"{issue.due.isoformat() if issue.due else '-'}")
    click.echo(f"labels: {', '.join(issue.labels) or '-'}")
    if issue.url:
        click.echo(f"url: {issue.url}")
    click.echo("")
    click.echo(strip_marker(issue.body))


def _set_state(state: State, key: str, backend: str | None, close: bool,
               comment: str | None) -> None:
    from .model import CloseReason
    tracker = state.backend(backend)
    try:
        issue = tracker.get(key)
        if close:
            issue = tracker.close(issue, CloseReason.COMPLETED, comment)
        else:
            issue = tracker.reopen(issue, comment)
    finally:
        tracker.shutdown()
    click.echo(f"{issue.key} {issue.state.value}: {issue.title}")


@issues.command("close")
@click.argument("key")
@click.option("--comment", "-m", help="Comment to leave on the issue.")
@click.option("--backend", metavar="NAME")
@click.pass_obj
def issues_close(state: State, key: str, comment: str | None, backend: str | None) -> None:
    """Close an issue as done (KEY as `sync` printed it)."""
    _set_state(state, key, backend, True, comment)


@issues.command("reopen")
@click.argument("key")
@click.option("--comment", "-m", help="Comment to leave on the issue.")
@click.option("--backend", metavar="NAME")
@click.pass_obj
def issues_reopen(state: State, key: str, comment: str | None, backend: str | None) -> None:
    """Reopen a closed issue."""
    _set_state(state, key, backend, False, comment)


@cli.command("backends")
def backends_cmd() -> None:
    """List the installed tracker backends."""
    from .backends import list_backends
    for info in list_backends():
        status = "ok" if info.loadable else f"BROKEN ({info.error})"
        click.echo(f"{info.name:<10} {info.target:<45} {info.package or '-':<20} {status}")
        if not info.loadable:
            _warn(f"backend '{info.name}' from package '{info.package}' failed to import")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args or os.environ.get("ACTIONTRACK_DEBUG") == "1"
    try:
        cli.main(args=args, prog_name="actiontrack", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.Abort:
        click.echo("aborted", err=True)
        return 1
    except ActiontrackError as exc:
        if debug:
            traceback.print_exc()
        from .logs import mask
        click.echo(f"error: {mask(str(exc))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

