"""The click group, the options every command shares, and the one place a tracker is opened
and shut. Commands live one module per command group beside this one."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from .. import __version__

if TYPE_CHECKING:
    from ..backends.base import Backend
    from ..config import Config

BACKEND_HELP = ("Tracker: local, github, jira, redmine or a plugin [default: `backend` in the "
                "config, else local].")


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


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
