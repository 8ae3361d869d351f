"""The parser on postmortems it was not written against (tests/parsing/heldout/): pooled
precision and recall of item titles, and the accuracy of owner, due, status and links where the
label states them.

Each `<slug>.md`/`.txt` sits beside `<slug>.expected.json`, labelled by hand with the corpus
conventions (items of action sections only; owner/due/status/links only when stated for the
item). Titles pair when their normalised text is equal, one is the other's lead clause (at
least half its length), or they are nearly equal.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

import pytest

from actiontrack.model import ParsedDocument
from actiontrack.parsing import parse_file

HELDOUT = Path(__file__).parent / "heldout"
FIELDS = ("owner", "due", "status")


def _norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[`*_~\[\]()<>\"'“”‘’]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _similar(a: str, b: str) -> float:
    a, b = _norm(a), _norm(b)
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short and long_.startswith(short) and len(short) >= len(long_) / 2:
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def _pairs(expected: list[dict], got: list[dict]) -> list[tuple[dict, dict]]:
    """Best-first pairing of expected and extracted items by title."""
    scored = sorted(((_similar(e["title"], g["title"]), i, j)
                     for i, e in enumerate(expected) for j, g in enumerate(got)), reverse=True)
    used_e: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < 0.85:
            break
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((expected[i], got[j]))
    return pairs


def _as_dicts(doc: ParsedDocument) -> list[dict]:
    return [{"title": i.title, "owner": i.owner, "due": i.due and i.due.isoformat(),
             "status": i.status and i.status.value, "links": list(i.links)}
            for i in doc.action_items]


def _field_ok(field: str, want: object, have: object) -> bool:
    if field == "owner":
        return _norm(str(want).lstrip("@")) == _norm(str(have or "").lstrip("@"))
    if field == "links":
        have_n = [_norm(h) for h in have or []]  # type: ignore[union-attr]
        return all(any(_norm(w) in h for h in have_n) for w in want)  # type: ignore[union-attr]
    return str(want) == str(have)


def _documents() -> list[tuple[Path, dict]]:
    found = []
    for label in sorted(HELDOUT.glob("*.expected.json")):
        stem = label.name[: -len(".expected.json")]
        doc = next(p for p in HELDOUT.glob(stem + ".*") if not p.name.endswith(".json"))
        found.append((doc, json.loads(label.read_text(encoding="utf-8"))))
    return found


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    expected = extracted = hits = fields_n = fields_ok = dates_ok = 0
    docs = _documents()
    for path, want in docs:
        doc = parse_file(path)
        got = _as_dicts(doc)
        pairs = _pairs(want["action_items"], got)
        expected += len(want["action_items"])
        extracted += len(got)
        hits += len(pairs)
        for e, g in pairs:
            for field in (*FIELDS, "links"):
                if e.get(field):
                    fields_n += 1
                    fields_ok += _field_ok(field, e[field], g[field])
        date = doc.postmortem.incident_date
        dates_ok += (date and date.isoformat()) == want["incident_date"]
    return {"docs": len(docs), "precision": hits / extracted, "recall": hits / expected,
            "fields": fields_ok / fields_n, "incident_date": dates_ok / len(docs)}


def test_the_heldout_set_is_there_and_labelled() -> None:
    docs = _documents()
    assert len(docs) >= 20
    assert sum(not want["action_items"] for _, want in docs) >= 2  # negatives count too


def test_items_are_found_with_high_precision_and_recall(figures: dict[str, float]) -> None:
    assert figures["precision"] >= 0.95, figures
    assert figures["recall"] >= 0.95, figures


def test_stated_owner_due_status_and_links_are_read(figures: dict[str, float]) -> None:
    assert figures["fields"] >= 0.90, figures


def test_incident_dates(figures: dict[str, float]) -> None:
    assert figures["incident_date"] >= 0.90, figures


def test_the_matching_itself_tells_items_apart() -> None:
    # The measure must be able to fail: an unrelated title does not pair, a lead clause does.
    assert not _pairs([{"title": "Add a disk alert"}], [{"title": "Rotate the TLS keys"}])
    assert _pairs([{"title": "Add a disk alert, so that we notice early"}],
                  [{"title": "Add a disk alert, so that we notice"}])
