"""Shared by the tests that read the local tracker after people (or another tool) changed its
file: the tracker at a path, and an edit made straight in its SQLite file."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config

if TYPE_CHECKING:
    from pathlib import Path


def tracker(path: Path) -> LocalBackend:
    return LocalBackend(Config(), {"ACTIONTRACK_DB": str(path)})


def edit(path: Path, number: int, sql: str, *params: object) -> None:
    """What people (or another tool) did to issue `number`, straight in the tracker's file:
    `sql` ends with a `?` for the issue's number, after those for `params`."""
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, (*params, number))
        conn.commit()
    finally:
        conn.close()
