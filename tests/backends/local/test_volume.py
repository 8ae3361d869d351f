"""The local tracker at volume: a sync's writes share a few transactions, yet an interrupted
sync keeps what it wrote and the next one finishes without a duplicate; other processes see
the writes while the sync goes on; thousands of postmortems are listed in one go."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.model import Action, PlannedChange
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document


def tracker(path: Path, **options: float) -> LocalBackend:
    return LocalBackend(Config(), {"ACTIONTRACK_DB": str(path)}, **options)


def issues_in(path: Path) -> list[tuple[str, str]]:
    """(title, body) of every issue, read by another connection (another process's view)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT title, body FROM issues ORDER BY number").fetchall()
    finally:
        conn.close()


def test_an_interrupted_sync_keeps_its_writes_and_the_next_one_adds_no_duplicate(
        tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    doc = make_document("pm-ctrl-c", [f"Item {k}" for k in range(40)], done={3, 7})
    seen: list[PlannedChange] = []

    def interrupt_half_way(change: PlannedChange) -> None:
        seen.append(change)
        if len(seen) == 20:  # Ctrl-C while the closes after the creates are written
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        sync_documents([doc], tracker(db), Config(), progress=interrupt_half_way)
    kept = issues_in(db)
    assert len(kept) == 40  # every create, committed although the run did not end
    _, result = sync_documents([doc], tracker(db), Config())
    assert result.count(Action.CREATE) == 0 and len(issues_in(db)) == 40
    assert {i.key for i in tracker(db).find_linked(["pm-ctrl-c"]) if i.is_closed} == {"4", "8"}


def test_writes_of_a_long_sync_are_committed_as_it_goes(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    every_write = tracker(db, batch_seconds=0.0)
    with every_write.sync_lock():
        every_write.create(draft_for("pm-seen", "Add alerting"))
        assert [t for t, _ in issues_in(db)] == ["Add alerting"]  # visible to others already
    every_write.shutdown()
    hourly = tracker(db, batch_seconds=3600.0)
    with hourly.sync_lock():
        hourly.create(draft_for("pm-seen", "Write the runbook"))
        assert len(issues_in(db)) == 1  # not yet: the batch is still open
    assert len(issues_in(db)) == 2  # committed when the sync ended


def test_thousands_of_postmortems_are_listed_in_one_go(tmp_path: Path) -> None:
    """More postmortem ids than SQLite takes parameters in one statement (32,766)."""
    backend = tracker(tmp_path / "t.db")
    made = [backend.create(draft_for(f"pm-{n}", f"Item {n}")) for n in (5, 20_000, 39_999)]
    found = backend.find_linked([f"pm-{n}" for n in range(40_000)])
    assert [i.key for i in found] == [i.key for i in made]
    assert [i.labels for i in found] == [i.labels for i in made]
    assert backend.find_linked(["pm-20000"]) == [made[1]]
