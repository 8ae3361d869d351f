"""Shared fixtures of the sync tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sync.model_trackers import TRACKERS, Tracker


@pytest.fixture(params=sorted(TRACKERS))
def tracker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Tracker]:
    """Each of the model test's trackers (local, fake GitHub, fake Jira) in a project of its
    own, with the working directory at the project root."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "postmortems").mkdir()
    cwd = Path.cwd()
    os.chdir(tmp_path)
    made = TRACKERS[request.param](tmp_path)
    try:
        yield made
    finally:
        made.close()
        os.chdir(cwd)
