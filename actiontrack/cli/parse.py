"""`actiontrack parse` and `actiontrack check`: read postmortems, no tracker."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ExitCode, InputError
from .app import State, cli, output_option, warn

CHECK_FORMATS = ("text", "json", "github", "markdown")


@cli.command(short_help="Show the action items found in a postmortem.")
@click.argument("path")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: the shape other tools rely on (see the README).")
@click.option("--explain", is_flag=True,
              help="Also say why each section was taken or left, what each line of the action "
                   "sections became, and what was removed from each title.")
@click.pass_obj
def parse(state: State, path: str, fmt: str, explain: bool) -> None:
    """Show the postmortem metadata and action items found in PATH (one file), as the
    parser reads them: title, incident date, and each item's kind, due date and owner."""
    from ..documents.files import regular_file
    from ..parsing import read_file
    from ..parsing.explain import render, trace_json
    from ..sla import with_sla_due
    from . import output
    if Path(path).is_dir():
        raise InputError("is a folder; parse reads one postmortem file", path=path,
                         hint=f"name a file in it, or run `actiontrack check {path}` to read "
                              "them all")
    regular_file(Path(path), path)
    settings, sla = state.parse_settings()
    reading = read_file(path, settings)
    doc = with_sla_due(reading.record, sla)  # the parser's record: no model needed to print
    for warning in doc.warnings:
        warn(warning)
    if fmt == "json":
        data = output.parse_json(doc)
        if explain:
            data["explain"] = trace_json(reading.trace, reading.lines, reading.source_line)
        click.echo(output.dumps(data))
        return
    click.echo(output.parse_text(doc))
    if explain:
        items = [(i.line or 0, i.title, i.removed) for i in doc.action_items]
        click.echo("\n" + render(reading.trace, reading.lines, items, reading.source_line))


@cli.command(short_help="Lint postmortems (no tracker needed).")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(CHECK_FORMATS), default="text",
              show_default=True, help="github = workflow annotations (::warning file=...); "
                                      "markdown = a table, e.g. for a job summary.")
@output_option(".md .json .txt")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
@click.pass_obj
def check(state: State, paths: tuple[str, ...], fmt: str, outputs: tuple[str, ...],
          strict: bool) -> ExitCode:
    """Lint postmortems in PATH... (no tracker needed): missing action section, items without
    owner or due date, duplicate items, owners unknown to the config, and where the parser is
    unsure of what it read (a weak section, a question, an owner placeholder, an unreadable
    or early due date). Exit 1 on errors."""
    from ..check import RENDERERS, check_paths
    from .output import check_markdown, emit
    result = check_paths(paths, state.config())
    renderers = {**RENDERERS, "markdown": check_markdown}
    emit(outputs, fmt, lambda kind, _style: renderers[kind](result), CHECK_FORMATS)
    return result.exit_code(strict=strict)
