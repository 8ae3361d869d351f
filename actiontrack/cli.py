"""The command line: read flags, call the engine, render. No business logic lives here.

Errors are caught once, in `main`: one line on stderr and the documented exit code
(see `actiontrack.errors`); `--debug` adds the traceback.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import (
    EXIT_BACKEND, EXIT_OVERDUE, ActiontrackError, BackendError, InputError, UsageError)

if TYPE_CHECKING:
    from .backends.base import Backend
    from .config import Config
    from .engine import SyncResult
    from .model import ActionItem, Issue, ParsedDocument
    from .writeback import WriteBack

FORMATS_PARSE = click.Choice(["text", "json"])
BACKEND_HELP = ("Tracker: local, github, jira, redmine or a plugin [default: `backend` in the "
                "config, else local].")


class State:
    def __init__(self, config_path: str | None, debug: bool) -> None:
        self.config_path = config_path
        self.debug = debug
        self._config: Config | None = None

    def config(self, **overrides: object) -> Config:
        from .config import load_config
        if self._config is None or overrides:
            first = self._config is None
            self._config = load_config(self.config_path, overrides=overrides)
            for warning in self._config.warnings if first else ():
                _warn(warning)
        return self._config

    def backend(self, name: str | None = None) -> Backend:
        from .backends import load_backend
        config = self.config(backend=name) if name else self.config()
        return load_backend(config.backend, config, os.environ)


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", metavar="PATH", envvar="ACTIONTRACK_CONFIG",
              help="Config file [default: config/actiontrack.toml, here or in a parent folder; "
                   "env ACTIONTRACK_CONFIG].")
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
    actiontrack issues list | close KEY     work the tracker by hand
    """
    from .logs import setup_logging
    setup_logging(debug)
    ctx.obj = State(config_path, debug)


def _load_documents(state: State, paths: Sequence[str], config: Config
                    ) -> tuple[list[ParsedDocument], list[str]]:
    from .parsing import parse_file
    from .permalink import with_permalink
    from .sla import with_sla_due
    from .sources import postmortem_files, with_project_source
    docs, skipped = [], []
    seen_ids: dict[str, str] = {}
    for path in postmortem_files(paths):
        doc = with_sla_due(parse_file(path, config.parser), config.sla)
        doc = with_permalink(doc, os.environ)  # in GitHub Actions: link the file's commit
        doc = with_project_source(doc, config.base_dir())
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


@cli.command(short_help="Show the action items found in a postmortem.")
@click.argument("path")
@click.option("--format", "fmt", type=FORMATS_PARSE, default="text", show_default=True,
              help="json: the shape other tools rely on (see the README).")
@click.pass_obj
def parse(state: State, path: str, fmt: str) -> None:
    """Show the postmortem metadata and action items found in PATH (one file), as the
    parser reads them: title, incident date, and each item's kind, due date and owner."""
    from . import output
    from .parsing import parse_file
    from .sla import with_sla_due
    if Path(path).is_dir():
        raise InputError("is a folder; parse reads one postmortem file", path=path,
                         hint=f"name a file in it, or run `actiontrack check {path}` to read "
                              "them all")
    config = state.config()
    doc = with_sla_due(parse_file(path, config.parser), config.sla)
    for warning in doc.warnings:
        _warn(warning)
    click.echo(output.dumps(output.parse_json(doc)) if fmt == "json" else output.parse_text(doc))


@cli.command(short_help="Lint postmortems (no tracker needed).")
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


@cli.command(short_help="Create or update one tracker issue per action item.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
@click.option("--prune", is_flag=True, help="Close (as not planned) issues whose item is gone.")
@click.option("--reopen", is_flag=True, help="Reopen closed issues whose item is open again.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: counts and one entry per item, for scripts.")
@click.option("--write-links", is_flag=True, help="Write each issue's link next to its item in "
              "the postmortem and tick the box of items whose issue is closed; nothing else in "
              "the file changes.")
@click.pass_obj
def sync(state: State, paths: tuple[str, ...], backend: str | None, dry_run: bool, prune: bool,
         reopen: bool, fmt: str, write_links: bool) -> None:
    """Create or update one tracker issue per action item of each postmortem in PATH...

    PATH may be files, folders or globs. Re-running it is safe: unchanged items write nothing,
    fields people edited in the tracker are kept, and no item ever gets a second issue.
    """
    from . import output
    from .engine import SyncOptions, sync_documents
    from .progress import ProgressBar, colour_status_column, styler
    config = state.config()
    docs, skipped = _load_documents(state, paths, config)
    if not docs:  # nothing to sync: leave the tracker alone, not even a lock file
        from .engine import SyncResult
        click.echo(output.dumps(output.sync_json(SyncResult(dry_run=dry_run))) if fmt == "json"
                   else "\n".join([f"skipped {p}: no action items" for p in skipped]
                                  + ["nothing to sync: no action items found"]))
        return
    tracker = state.backend(backend)
    written: list[WriteBack] = []
    try:
        total = sum(len(doc.action_items) for doc in docs)
        with ProgressBar(total, sys.stderr, label="syncing") as bar:
            _plan, result = sync_documents(
                docs, tracker, config, dry_run=dry_run,
                options=SyncOptions(prune=prune, reopen=reopen),
                progress=lambda change: bar.advance(note=change.item.title if change.item
                                                    else ""))
        if write_links and not dry_run:
            written = _write_links(docs, result, tracker, config.base_dir())
    finally:
        tracker.shutdown()
    for warning in tracker.warnings:
        _warn(warning)
    if fmt == "json":
        data = output.sync_json(result)
        if write_links:
            data["written_back"] = [{"path": str(w.path), "links_added": w.links_added,
                                     "boxes_ticked": w.boxes_ticked} for w in written]
        click.echo(output.dumps(data))
    else:
        text = output.sync_text(result, tracker.describe(), skipped)
        click.echo(colour_status_column(text, styler(sys.stdout)))
        for w in written:
            if w.changed:
                click.echo(f"wrote back into {w.path}: {w.links_added} link(s) added, "
                           f"{w.boxes_ticked} box(es) ticked")
        if write_links and dry_run:
            click.echo("links not written back: dry run")
    if result.failures:
        first = result.failures[0].error
        assert first is not None
        summary = BackendError(
            f"{len(result.failures)} of {len(result.applied)} item(s) failed; the first: "
            f"{first}", hint="fix that and sync again: the other items are done and will "
            "not be redone")
        summary.exit_code = first.exit_code
        raise summary


def _write_links(docs: Sequence[ParsedDocument], result: SyncResult, tracker: Backend,
                 base: Path | None) -> list[WriteBack]:
    """Write each synced issue's link into its postmortem (see `actiontrack.writeback`)."""
    from .sources import file_of
    from .writeback import write_links
    issue_of = {a.change.item.id: a.issue for a in result.applied
                if a.change.item is not None and a.issue is not None and a.error is None}

    def already_linked(item: ActionItem, issue: Issue) -> bool:
        return any(tracker.issue_key_from_link(link) == issue.key for link in item.links)

    written = []
    for doc in docs:
        pairs = [(item, issue_of[item.id]) for item in doc.action_items if item.id in issue_of]
        if pairs:
            done = write_links(file_of(doc, base), pairs, already_linked=already_linked)
            for warning in done.warnings:
                _warn(warning)
            written.append(done)
    return written


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
@click.option("--fail-on-overdue", is_flag=True, help=f"Exit {EXIT_OVERDUE} when anything "
              "is overdue.")
@click.pass_obj
def report(state: State, overdue: bool, weekly: bool, as_of: str | None,
           kinds: tuple[str, ...], backend: str | None, fmt: str, outputs: tuple[str, ...],
           publish: bool, fail_on_overdue: bool) -> None:
    """Report overdue action items from the tracker: a list grouped by owner, or (--weekly)
    the weekly report, printed, written to files, or published as one rolling issue."""
    from .report import (
        RENDERERS, WEEKLY_ONLY_FORMATS, format_for_path, overdue_items, render_weekly,
        weekly_report)
    day = _parse_date(as_of)
    weekly = weekly or publish or fmt in WEEKLY_ONLY_FORMATS or any(
        format_for_path(p, fmt) in WEEKLY_ONLY_FORMATS for p in outputs)
    config = state.config()
    tracker = state.backend(backend)
    try:
        issues = tracker.find_linked(None)
        weekly_data = weekly_report(issues, day, config, kinds) if weekly else None
        if publish:
            from .report_issue import publish_report
            assert weekly_data is not None
            done = publish_report(tracker, render_weekly(weekly_data, "markdown"),
                                  label_prefix=config.label_prefix)
            verb = "created" if done.created else "reopened" if done.reopened else "updated"
            click.echo(f"{verb} the weekly report issue {done.issue.key}"
                       + (f" {done.issue.url}" if done.issue.url else ""), err=True)
    finally:
        tracker.shutdown()
    for warning in tracker.warnings:
        _warn(warning)
    if weekly_data is not None:
        count = len(weekly_data.overdue)

        def render(kind: str, to_terminal: bool) -> str:
            from .progress import styler
            return render_weekly(weekly_data, kind, styler(sys.stdout) if to_terminal else None)
    else:
        items = overdue_items(issues, day, kinds or None)
        count = len(items)

        def render(kind: str, to_terminal: bool) -> str:
            if kind not in RENDERERS:
                raise UsageError(f"the overdue list has no {kind} format",
                                 hint="add --weekly, or use text, markdown or json")
            return RENDERERS[kind](items, day)
    _warn_unknown_kinds(kinds, issues, config)
    _emit_report(outputs, fmt, render)
    if fail_on_overdue and count:
        sys.exit(EXIT_OVERDUE)


def _warn_unknown_kinds(kinds: Sequence[str], issues: Sequence[Issue], config: Config) -> None:
    """A --kind no item has is most likely a typo: an empty report would hide it."""
    from .backends.base import kind_from_labels
    known = {"corrective", "preventive", *config.sla.kinds,
             *(kind_from_labels(i.labels) for i in issues)} - {None}
    folded = {k.casefold() for k in known}
    for kind in kinds:
        if kind.casefold() not in folded:
            _warn(f"no item has kind '{kind}' (kinds: {', '.join(sorted(known))})")


def _emit_report(outputs: Sequence[str], fmt: str, render: Callable[[str, bool], str]) -> None:
    """Print the report, or write it to each --output file (atomically) in its format."""
    from .report import format_for_path
    from .writeback import atomic_write
    if not outputs:
        click.echo(render(fmt, True))
        return
    for path in outputs:
        kind = format_for_path(path, fmt)
        text = render(kind, False)
        atomic_write(Path(path), (text if text.endswith("\n") else text + "\n").encode())
        click.echo(f"wrote {kind} report to {path}", err=True)


@cli.group()
def issues() -> None:
    """Work the tracker by hand: list, show, close and reopen issues."""


@issues.command("list")
@click.option("--state", "wanted", type=click.Choice(["open", "closed", "all"]), default="all",
              show_default=True, help="Only open or only closed issues.")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
@click.pass_obj
def issues_list(state: State, wanted: str, backend: str | None) -> None:
    """List the issues actiontrack tracks."""
    from .backends.base import kind_from_labels
    tracker = state.backend(backend)
    try:
        found = tracker.find_linked(None)
    finally:
        tracker.shutdown()
    for warning in tracker.warnings:
        _warn(warning)
    from .report_issue import is_report_issue
    shown = [i for i in found if (wanted == "all" or i.state.value == wanted)
             and not is_report_issue(i)]
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


_LIST_HEADER = ("KEY", "STATE", "DUE", "ASSIGNEE", "KIND", "TITLE")


@issues.command("show")
@click.argument("key")
@click.option("--backend", metavar="NAME", help=BACKEND_HELP)
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
        if issue.is_closed == close:  # nothing to do: say so rather than write again
            click.echo(f"{issue.key} is already {issue.state.value}: {issue.title}")
            return
        if close:
            issue = tracker.close(issue, CloseReason.COMPLETED, comment)
        else:
            issue = tracker.reopen(issue, comment)
    finally:
        tracker.shutdown()
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


@cli.command("backends")
def backends_cmd() -> None:
    """List the installed tracker backends."""
    from .backends import list_backends
    click.echo(f"{'NAME':<10} {'ENTRY POINT':<45} {'PACKAGE':<28} STATUS")
    for info in list_backends():
        status = "ok" if info.loadable else f"BROKEN ({info.error})"
        click.echo(f"{info.name:<10} {info.target:<45} {info.package or '-':<28} {status}")
        if not info.loadable:
            _warn(f"backend '{info.name}' from package '{info.package}' failed to import")


def _debug_first(args: list[str]) -> list[str]:
    """`--debug` is a global option; accept it after the command too (`sync x --debug`), as
    users type it, by moving it to the front (never past a `--`)."""
    end = _options_end(args)
    if "--debug" not in args[1:end]:
        return args
    return ["--debug"] + [a for i, a in enumerate(args) if not (a == "--debug" and i < end)]


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
    return f"error: {message}"


def _interrupted() -> int:
    click.echo("interrupted; run the command again to finish (a sync picks up where it "
               "stopped, without duplicates)", err=True)
    return 128 + 2  # the shell's code for SIGINT


def main(argv: Sequence[str] | None = None) -> int:
    args = _debug_first(list(sys.argv[1:] if argv is None else argv))
    debug = "--debug" in args[:_options_end(args)] or os.environ.get("ACTIONTRACK_DEBUG") == "1"
    try:
        cli.main(args=args, prog_name="actiontrack", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        click.echo(_usage_line(exc), err=True)
        return exc.exit_code
    except click.Abort as exc:  # click turns Ctrl-C into Abort
        if isinstance(exc.__context__, KeyboardInterrupt):
            return _interrupted()
        click.echo("aborted", err=True)
        return 1
    except ActiontrackError as exc:
        if debug:
            traceback.print_exc()
        from .logs import mask
        click.echo(f"error: {mask(str(exc))}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        return _interrupted()
    except OSError as exc:  # the machine, not actiontrack: a full disk, a file we may not write
        if debug:
            traceback.print_exc()
        from .logs import mask
        click.echo(f"error: {mask(str(exc))}; check the path, its permissions and free space",
                   err=True)
        return EXIT_BACKEND
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

