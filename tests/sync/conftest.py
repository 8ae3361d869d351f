"""Shared fixtures of the sync tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.documents.cache import DigestCache
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


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[DigestCache]:
    """A digest cache of the test's own (for the sync tests, in place of pytest's `cache`,
    which none of them uses)."""
    opened = DigestCache.open({"ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")})
    assert opened is not None
    yield opened
    opened.close()
