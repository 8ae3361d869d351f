"""The fault suite, bounded: one trial of every case with a 10-item postmortem (`FAULT_TRIALS`
and `FAULT_ITEMS` for more; the soak uses 20 items), asserting that
after the runs settle every item has exactly one open issue, no run crashed, and every run
that was not failed or interrupted on purpose exited 0. The long run is `make soak-faults`
(tests/faults/soak.py), whose figures are in the README."""

from __future__ import annotations

import os

import pytest

from tests.faults.cases import CASES
from tests.faults.harness import Case, run_trial, unexpected_failures

TRIALS = int(os.environ.get("FAULT_TRIALS", "1"))
ITEMS = int(os.environ.get("FAULT_ITEMS", "10"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("seed", range(TRIALS))
def test_every_item_has_exactly_one_open_issue_after_the_runs_settle(case: Case,
                                                                     seed: int) -> None:
    outcome = run_trial(case, seed, ITEMS)
    assert outcome.crashes == []
    assert (outcome.duplicated, outcome.lost) == (0, 0), outcome
    assert unexpected_failures(case, outcome) == [], outcome
