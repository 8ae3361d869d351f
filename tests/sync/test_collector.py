"""A sync plans with the garbage collector's passes held off (`lasting.lasting`: what it
reads and plans lives until it ends) and leaves the collector as it found it: enabled, or
disabled by the caller, and nothing of the process left frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document


@pytest.fixture
def collector() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.enable() if enabled else gc.disable()


def _sync_twice(tmp_path: Path) -> list[Action]:
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("2023-02-05-cart", ["Patch the cart module", "Add memory alerts"])
    sync_documents([doc], tracker, config)
    plan, _ = sync_documents([doc], tracker, config)
    return [c.action for c in plan.changes]


def test_a_sync_leaves_the_collector_enabled_and_nothing_frozen(tmp_path: Path,
                                                                 collector: None) -> None:
    gc.enable()
    assert _sync_twice(tmp_path) == [Action.UNCHANGED, Action.UNCHANGED]
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_a_collector_the_caller_disabled_stays_disabled(tmp_path: Path,
                                                        collector: None) -> None:
    gc.disable()
    assert _sync_twice(tmp_path) == [Action.UNCHANGED, Action.UNCHANGED]
    assert not gc.isenabled()


def test_what_the_caller_froze_stays_frozen(tmp_path: Path, collector: None) -> None:
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert _sync_twice(tmp_path) == [Action.UNCHANGED, Action.UNCHANGED]
        assert gc.get_freeze_count() >= frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
