"""Loading postmortems from the parse cache makes no pass of the garbage collector (what it
loads lives until the command ends: `lasting.lasting`), leaves the collector as it found it,
and the documents are the same; a file parsed afresh is parsed with the collector as the
caller has it (the parse may fork workers, which inherit it)."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.config import Config
from actiontrack.documents.load import load_documents
from tests.collector import collector_passes

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import postmortem  # noqa: E402 - the benchmarks' generator, one shape per n


@pytest.fixture
def passes() -> Iterator[list[int]]:
    with collector_passes() as found:
        yield found


def test_a_load_from_the_cache_makes_no_pass_and_parsing_afresh_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, passes: list[int]) -> None:
    monkeypatch.setenv("ACTIONTRACK_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "pms"
    folder.mkdir()
    for k in range(30):
        (folder / f"pm-{k:03d}.md").write_text(postmortem(k), encoding="utf-8")
    config = Config()
    fresh = load_documents([str(folder)], config, os.environ, warn=lambda _: None)
    assert len(passes) > 0  # parsed here (30 files, one worker each: not forked) with passes
    passes.clear()
    cached = load_documents([str(folder)], config, os.environ, warn=lambda _: None)
    held = list(passes)
    kept = [[n] for n in range(1_000)]  # after the load the collector runs again
    assert len(kept) == 1_000
    assert held == [] and len(passes) > 0
    assert gc.isenabled() and gc.get_freeze_count() == 0
    assert cached.docs == fresh.docs and len(cached.docs) > 20
    assert cached.skipped == fresh.skipped and cached.scope == fresh.scope
