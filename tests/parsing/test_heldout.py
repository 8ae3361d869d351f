"""The parser on postmortems it was not written against (tests/parsing/heldout/): pooled
precision and recall of item titles, and the accuracy of owner, due, status and links where the
label states them (scored as `tests/parsing/scoring.py` defines).

Each `<slug>.md`/`.txt` sits beside `<slug>.expected.json`, labelled by hand with the corpus
conventions (items of action sections only; owner/due/status/links only when stated for the
item).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.parsing.scoring import Figures, labelled_documents, pair_items, score

HELDOUT = Path(__file__).parent / "heldout"


@pytest.fixture(scope="module")
def figures() -> Figures:
    return score(labelled_documents(HELDOUT))


def test_the_heldout_set_is_there_and_labelled() -> None:
    docs = labelled_documents(HELDOUT)
    assert len(docs) >= 20
    assert sum(not want["action_items"] for _, want in docs) >= 2  # negatives count too


def test_items_are_found_with_high_precision_and_recall(figures: Figures) -> None:
    assert figures.precision >= 0.95, figures.line()
    assert figures.recall >= 0.95, figures.line()


def test_stated_owner_due_status_and_links_are_read(figures: Figures) -> None:
    assert figures.fields >= 0.90, figures.line()


def test_incident_dates(figures: Figures) -> None:
    assert figures.incident_date >= 0.90, figures.line()


def test_the_matching_itself_tells_items_apart() -> None:
    # The measure must be able to fail: an unrelated title does not pair, a lead clause does.
    assert not pair_items([{"title": "Add a disk alert"}], [{"title": "Rotate the TLS keys"}])
    assert pair_items([{"title": "Add a disk alert, so that we notice early"}],
                      [{"title": "Add a disk alert, so that we notice"}])
