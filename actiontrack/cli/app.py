"""The click group, the options every command shares, and the one place a tracker is opened
and shut. Commands live one module per command group beside this one."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ..backends.base import Backend
    from ..config import Config
    from ..parsing.document import Settings
    from ..sla import Policy

F = TypeVar("F", bound=Callable[..., Any])
BACKEND_HELP = ("Tracker: local, github, jira, redmine or a plugin [default: `backend` in the "
                "config, else local].")


CONFIG_HELP = ("Config file [default: config/actiontrack.toml, here or in a parent folder; "
               "env ACTIONTRACK_CONFIG].")
DEBUG_HELP = "Show tracebacks and HTTP logs (secrets masked)."
VERSION_HELP = "Show the version and exit."

def output_option(suffixes: str) -> Callable[[F], F]:
    """`--output/-o PATH`, repeatable, for the commands that render a result (see `emit`)."""
    return click.option("--output", "-o", "outputs", multiple=True, metavar="PATH",
                        help=f"Write it to PATH instead of stdout, in the format its suffix "
                             f"names ({suffixes}; else --format); `-` is stdout. Repeatable.")


# Commands that only read (issues list/show, backends) print text or JSON.
read_format = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                           default="text", show_default=True,
                           help="json: the shape scripts rely on.")


def warn(message: str) -> None:
    from ..control_chars import escape_controls
    from .ci import warning_line
    click.echo(warning_line(escape_controls(message)), err=True)


def report_error(message: str, *, path: str | None = None, line: int | None = None) -> None:
    """An error the command reports and goes on after (it exits non-zero at the end)."""
    from ..control_chars import escape_controls
    from ..logs import mask
    from .ci import error_line
    click.echo(error_line(escape_controls(mask(message)), path=path, line=line), err=True)


class State:
    """What the group passes to its commands: the config (read once) and the way to open a
    tracker."""

    def __init__(self, config_path: str | None, debug: bool) -> None:
        self.config_path = config_path
        self.debug = debug
        self._config: Config | None = None

    def config(self, **overrides: object) -> Config:
        from ..config import load_config
        if self._config is None or overrides:
            first = self._config is None
            self._config = load_config(self.config_path, overrides=overrides)
            for warning in self._config.warnings if first else ():
                warn(warning)
        return self._config

    def parse_settings(self) -> tuple[Settings, Policy]:
        """The parser's settings and the SLA policy, as `config()` has them. With no config
        file to read (and no ACTIONTRACK_BACKEND to check), those are the defaults: given
        without the config model, so `parse` of one file runs without pydantic."""
        from ..config_files import PLAIN_PARSER, PLAIN_SLA, find_config_path
        if self._config is None and not os.environ.get("ACTIONTRACK_BACKEND") \
                and find_config_path(self.config_path) is None:
            return PLAIN_PARSER, PLAIN_SLA
        config = self.config()
        return config.parser, config.sla

    @contextmanager
    def tracker(self, name: str | None = None) -> Iterator[Backend]:
        """The configured tracker (or `name`), open for the block and shut after it; what it
        noticed is printed as warnings when the block succeeds."""
        from ..backends import open_tracker
        config = self.config(backend=name) if name else self.config()
        with open_tracker(config, env=os.environ) as backend:
            yield backend
        for warning in backend.warnings:
            warn(warning)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from .. import __version__  # read from the package metadata only when asked
        click.echo(f"actiontrack, version {__version__}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--config", "config_path", metavar="PATH", envvar="ACTIONTRACK_CONFIG",
              help=CONFIG_HELP)
@click.option("--debug", is_flag=True, help=DEBUG_HELP)
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help=VERSION_HELP)
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
    from ..logs import setup_logging
    setup_logging(debug)
    ctx.obj = State(config_path, debug)


@cli.result_callback()
@click.pass_context
def _exit_code(ctx: click.Context, /, outcome: object, **_options: object) -> None:
    """A command returns its `ExitCode`; a non-zero one ends the run with that code here, the
    one place (besides `main`'s error handling) that decides how the process exits."""
    if isinstance(outcome, int) and outcome:
        ctx.exit(int(outcome))


# -- global options after the command ---------------------------------------------------------
# `actiontrack sync x --config c.toml --debug` means the same as `actiontrack --config c.toml
# --debug sync x`: each command also takes the global options and hands them to the State.

def _late_config(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.find_object(State).config_path = value  # type: ignore[union-attr]


def _late_debug(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        from ..logs import setup_logging
        ctx.find_object(State).debug = True  # type: ignore[union-attr]
        setup_logging(True)


def _global_options() -> list[click.Parameter]:
    return [
        click.Option(["--config"], metavar="PATH", expose_value=False, callback=_late_config,
                     help=CONFIG_HELP),
        click.Option(["--debug"], is_flag=True, expose_value=False, callback=_late_debug,
                     help=DEBUG_HELP),
        click.Option(["--version"], is_flag=True, expose_value=False, is_eager=True,
                     callback=_show_version, help=VERSION_HELP),
    ]


def accept_global_options(group: click.Group) -> None:
    """Give every command and sub-command of `group` the global options too."""
    for command in group.commands.values():
        command.params.extend(_global_options())
        if isinstance(command, click.Group):
            accept_global_options(command)
