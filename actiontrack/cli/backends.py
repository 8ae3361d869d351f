"""`actiontrack backends`: the installed trackers, and whether each one loads."""

from __future__ import annotations

import click

from .app import cli, warn


@cli.command("backends")
def backends_cmd() -> None:
    """List the installed tracker backends."""
    from ..backends import list_backends
    click.echo(f"{'NAME':<10} {'ENTRY POINT':<45} {'PACKAGE':<28} STATUS")
    for info in list_backends():
        status = "ok" if info.loadable else f"BROKEN ({info.error})"
        click.echo(f"{info.name:<10} {info.target:<45} {info.package or '-':<28} {status}")
        if not info.loadable:
            warn(f"backend '{info.name}' from package '{info.package}' failed to import")
