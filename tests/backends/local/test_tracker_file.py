"""The local tracker writes only to its own files: another application's SQLite database is
refused before anything is written to it, a new tracker is stamped as one, and a tracker made
before the stamp is still recognised by its tables."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from actiontrack.backends.local import APPLICATION_ID, LocalBackend
from actiontrack.config import Config
from actiontrack.errors import ConfigError
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document

DOC = make_document("pm-file", ["Patch the cache"])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def other_application(path: Path, schema: str) -> Path:
    with sqlite3.connect(path) as conn:
        conn.executescript(schema)
    return path


@pytest.mark.parametrize("schema, named", [
    ("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);"
     "CREATE TABLE orders (id INTEGER, user INTEGER); INSERT INTO users VALUES (1, 'a');",
     "tables: orders, users"),
    ("CREATE TABLE issues (id INTEGER PRIMARY KEY, summary TEXT);", "tables: issues"),
    ("PRAGMA application_id = 1234;", "application id 0x4d2"),
], ids=["other-tables", "other-issues-table", "other-application-id"])
def test_another_applications_database_is_refused_and_left_untouched(
        tmp_path: Path, schema: str, named: str) -> None:
    db = other_application(tmp_path / "app.db", schema)
    before = digest(db)
    tracker = LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)})
    for attempt in (lambda: sync_documents([DOC], tracker, Config()),
                    lambda: tracker.find_linked(None)):
        with pytest.raises(ConfigError) as info:
            attempt()
        assert str(info.value) == (
            f"ACTIONTRACK_DB: {db} is another application's SQLite database ({named}), not "
            "an actiontrack tracker; nothing was written to it; point it at a new file, e.g. "
            ".actiontrack/tracker.db")
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.db"]  # no journal, no lock


def test_the_config_setting_is_named_when_the_path_comes_from_the_config(
        tmp_path: Path) -> None:
    db = other_application(tmp_path / "app.db", "CREATE TABLE notes (body TEXT);")
    tracker = LocalBackend(Config(backends={"local": {"path": str(db)}}), {})
    with pytest.raises(ConfigError, match=r"^key 'local.path': .* another application"):
        tracker.find_linked(None)


def test_a_new_tracker_is_stamped_and_an_older_unstamped_one_still_works(
        tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    sync_documents([DOC], LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)}), Config())
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        conn.execute("PRAGMA application_id = 0")  # as trackers made before the stamp are
    tracker = LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)})
    assert [i.title for i in tracker.find_linked(None)] == ["Patch the cache"]


def test_an_empty_file_becomes_a_tracker(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    _, result = sync_documents([DOC], LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)}),
                               Config())
    assert not result.failures and db.stat().st_size > 0
