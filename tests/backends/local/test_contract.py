"""The shipped backend contract suite, run against the embedded SQLite tracker."""

from __future__ import annotations

from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.testing import BackendContract


class TestLocalBackend(BackendContract):
    @pytest.fixture
    def backend(self, tmp_path: Path) -> LocalBackend:
        return LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / "tracker.db")})
