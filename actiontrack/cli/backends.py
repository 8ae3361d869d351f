"""`actiontrack backends`: the installed trackers, and whether each one can be used."""

from __future__ import annotations

import click

from .app import cli, read_format, warn


@cli.command("backends", short_help="List the installed trackers and whether each is usable.")
@read_format
def backends_cmd(fmt: str) -> None:
    """List the installed tracker backends: a broken one, or one whose client library is not
    installed, is marked unusable, with what to install."""
    from ..backends import list_backends
    from . import output
    infos = list_backends()
    if fmt == "json":
        click.echo(output.dumps([output.backend_json(info) for info in infos]))
        return
    click.echo(f"{'NAME':<10} {'ENTRY POINT':<45} {'PACKAGE':<28} STATUS")
    for info in infos:
        click.echo(f"{info.name:<10} {info.target:<45} {info.package or '-':<28} {info.status}")
        if info.error is not None:
            warn(f"backend '{info.name}' from package '{info.package}' failed to import")
