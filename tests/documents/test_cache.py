"""The parse cache: an unchanged file comes back from it as it was parsed, anything that could
change the result (the bytes, the path, the settings, the parser's code) parses again, and a
cache that is broken, unwritable or turned off only costs the parse."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

from actiontrack.config import ParserSettings
from actiontrack.documents.cache import (
    CACHE_FILE,
    DigestCache,
    Parsed,
    cache_folder,
    parse_cache,
    source_fingerprint,
)
from actiontrack.documents.parallel import parse_files

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import postmortem  # noqa: E402 - the benchmarks' generator, one shape per n


def corpus(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"pm-{k:03d}.md" for k in range(n)]
    for k, path in enumerate(paths):
        path.write_text(postmortem(k), encoding="utf-8")
    return paths


def hits(paths: list[Path], settings: ParserSettings | None = None) -> tuple[int, list[object]]:
    with parse_cache(os.environ) as cache:
        assert cache is not None
        outcomes = parse_files(paths, settings, cache=cache)
        return cache.hits, outcomes


def test_unchanged_files_come_from_the_cache_as_they_were_parsed(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "pm", 6)
    fresh = parse_files(paths)
    assert hits(paths) == (0, fresh)
    assert hits(paths) == (6, fresh)  # the same documents, not parsed again


def test_an_edited_file_renamed_file_or_other_settings_parse_again(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "pm", 4)
    hits(paths)
    paths[1].write_text(postmortem(1).replace("## Action items", "## Follow-ups"), "utf-8")
    moved = paths[2].rename(tmp_path / "pm" / "renamed.md")
    count, outcomes = hits([paths[0], paths[1], moved, paths[3]])
    assert count == 2
    assert outcomes == parse_files([paths[0], paths[1], moved, paths[3]])
    settings = ParserSettings(action_sections=["Lessons learned"])
    assert hits([paths[0]], settings) == (0, parse_files([paths[0]], settings))


def test_the_fingerprint_changes_with_the_parsers_code(tmp_path: Path) -> None:
    package = tmp_path / "actiontrack"
    shutil.copytree(ROOT / "actiontrack" / "parsing", package / "parsing")
    for name in ("model.py", "config.py"):
        shutil.copy(ROOT / "actiontrack" / name, package / name)
    before = source_fingerprint(package, "0.1.0")
    assert before and source_fingerprint(package, "0.1.1") != before
    items = package / "parsing" / "items.py"
    items.write_text(items.read_text() + "\n# a change\n")
    assert source_fingerprint(package, "0.1.0") != before
    shutil.rmtree(package / "parsing")
    assert source_fingerprint(package, "0.1.0") == ""  # no source to hash: no cache


def test_a_broken_or_absent_cache_only_costs_the_parse(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "pm", 3)
    folder = cache_folder(os.environ)
    assert folder is not None
    folder.mkdir(parents=True)
    (folder / CACHE_FILE).write_bytes(b"not a database" * 100)
    with parse_cache(os.environ) as cache:
        assert parse_files(paths, cache=cache) == parse_files(paths)
    assert cache_folder({"ACTIONTRACK_CACHE_DIR": "off"}) is None
    with parse_cache({"ACTIONTRACK_CACHE_DIR": "off"}) as cache:
        assert cache is None
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with parse_cache({"ACTIONTRACK_CACHE_DIR": str(blocked / "sub")}) as cache:
        assert cache is None


def test_check_keeps_its_cache_outside_the_project(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    corpus(tmp_path / "postmortems", 3)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    code, _, _ = run("check", "postmortems")
    assert code == 0
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    folder = cache_folder(os.environ)
    assert folder is not None and (folder / CACHE_FILE).is_file()
    assert hits(sorted(Path("postmortems").iterdir()))[0] == 3  # what check stored


def test_the_parsers_doubts_come_back_from_the_cache_with_the_document(tmp_path: Path) -> None:
    unsure = tmp_path / "unsure.md"
    unsure.write_text("# Cache outage\n\nDate: 2024-03-10\n\n## Action items\n\n"
                      "- Add a cache alert due 03/04/2024\n- Fix the eviction loop (owner: TBD)\n",
                      encoding="utf-8")
    count, first = hits([unsure])
    count_again, again = hits([unsure])
    assert (count, count_again) == (0, 1) and again == first
    parsed = again[0]
    assert isinstance(parsed, Parsed)
    assert {(d.line, d.rule) for d in parsed.doubts} == {(7, "unreadable-due"),
                                                         (8, "owner-placeholder")}


def test_the_keys_asked_for_read_the_same_with_or_without_sqlites_json(tmp_path: Path) -> None:
    """The keys a run asks for go to SQLite as one JSON array (`json_each`), or, in a build
    without SQLite's JSON functions, through a temporary table: the same rows, the same
    rows marked used."""
    env = {"ACTIONTRACK_CACHE_DIR": str(tmp_path / "cache")}
    entries = {f"k{n}": f"d{n}" for n in range(300)}
    found = {}
    for use_json in (True, False):
        digests = DigestCache.open(env)
        assert digests is not None
        assert digests._json  # the SQLite here has them
        digests._json = use_json
        digests.put_many(entries)
        asked = [f"k{n}" for n in range(0, 400, 3)]
        found[use_json] = digests.get_many(asked)
        digests.conn.execute("UPDATE digested SET used = 0")  # long unused, but asked for
        digests.put_many({})
        used = dict(digests.conn.execute("SELECT key, used FROM digested").fetchall())
        digests.close()
        assert {k for k, when in used.items() if when > time.time() - 60} == \
            {k for k in asked if k in entries}
        with sqlite3.connect(tmp_path / "cache" / CACHE_FILE) as conn:
            conn.execute("DELETE FROM digested")
    assert found[True] == found[False] == {k: entries[k] for k in
                                           (f"k{n}" for n in range(0, 300, 3))}
