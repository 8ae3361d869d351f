"""A report reads the tracker and builds its items with the garbage collector's passes held
off (`lasting.lasting`: they live until the report ends), and leaves the collector as it
found it."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.reports.run import run_report
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document
from tests.collector import collector_passes


@pytest.mark.parametrize("weekly", [False, True])
def test_a_report_makes_no_pass_of_the_collector_and_leaves_it_enabled(
        tmp_path: Path, weekly: bool) -> None:
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    docs = [make_document(f"2023-02-0{n}-outage", [f"Fix the {n} thing {k}" for k in range(20)])
            for n in range(1, 6)]
    sync_documents(docs, tracker, config)
    with collector_passes() as found:
        run = run_report(tracker, config, as_of=dt.date(2024, 6, 1), kinds=(), weekly=weekly,
                         publish=False)
        assert run.overdue == 100
        held = list(found)
        assert run.render("text", None).count("\n") > 100
        kept = [[n] for n in range(1_000)]  # after the report the collector runs again
        assert len(kept) == 1_000
        left_enabled = gc.isenabled()
    assert held == [] and len(found) > 0
    assert left_enabled and gc.get_freeze_count() == 0
