"""How labelled postmortems are scored: the one definition, used by the held-out test
(tests/parsing/test_heldout.py) and by benchmarks/score_unseen.py for the real unseen batches.

Expected and extracted items pair by title, best first: equal once normalised, one the
other's lead clause (at least half its length), or nearly equal (ratio >= 0.85). Then owner,
due, status and links are compared where the label states them, and the incident date where
the label gives one. Figures: pooled precision and recall, doc_f1 (the mean of each
document's own F1, so one long list cannot carry the total), fields, incident_date.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actiontrack.model import ParsedDocument
from actiontrack.parsing import parse_file

FIELDS = ("owner", "due", "status")
Item = dict[str, Any]


def norm(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[`*_~\[\]()<>\"'“”‘’]", "", text)
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def similar(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short and long_.startswith(short) and len(short) >= len(long_) / 2:
        return 0.9
    return difflib.SequenceMatcher(None, a, b).ratio()


def pair_items(expected: list[Item], got: list[Item]) -> list[tuple[Item, Item]]:
    """Best-first pairing of expected and extracted items by title."""
    scored = sorted(((similar(e["title"], g["title"]), i, j)
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


def item_dicts(doc: ParsedDocument) -> list[Item]:
    return [{"title": i.title, "owner": i.owner, "due": i.due and i.due.isoformat(),
             "status": i.status and i.status.value, "links": list(i.links)}
            for i in doc.action_items]


def field_ok(field: str, want: Any, have: Any) -> bool:
    if field == "owner":
        return norm(str(want).lstrip("@")) == norm(str(have or "").lstrip("@"))
    if field == "links":
        have_n = [norm(h) for h in have or []]
        return all(any(norm(w) in h for h in have_n) for w in want)
    return str(want) == str(have)


def labelled_documents(labels: Path, documents: Path | None = None) -> list[tuple[Path, Item]]:
    """Each `<slug>.expected.json` of `labels` with the document `<slug>.*` beside it (or in
    `documents`); labels without a document are left out."""
    found = []
    for label in sorted(labels.glob("*.expected.json")):
        stem = label.name[: -len(".expected.json")]
        folder = documents or labels
        doc = next((p for p in folder.glob(stem + ".*") if not p.name.endswith(".json")), None)
        if doc is not None:
            found.append((doc, json.loads(label.read_text(encoding="utf-8"))))
    return found


@dataclass
class Figures:
    docs: int = 0
    expected: int = 0
    extracted: int = 0
    hits: int = 0
    fields_n: int = 0
    fields_ok: int = 0
    dates_n: int = 0
    dates_ok: int = 0
    doc_f1_sum: float = 0.0

    @property
    def precision(self) -> float:
        return self.hits / self.extracted if self.extracted else float(not self.expected)

    @property
    def recall(self) -> float:
        return self.hits / self.expected if self.expected else 1.0

    @property
    def fields(self) -> float:
        return self.fields_ok / self.fields_n if self.fields_n else 1.0

    @property
    def incident_date(self) -> float:
        return self.dates_ok / self.dates_n if self.dates_n else 1.0

    @property
    def doc_f1(self) -> float:
        return self.doc_f1_sum / self.docs if self.docs else 0.0

    def line(self) -> str:
        f1 = 2 * self.precision * self.recall / (self.precision + self.recall or 1)
        return (f"docs {self.docs}, expected items {self.expected}, extracted {self.extracted}\n"
                f"precision {self.precision:.3f} recall {self.recall:.3f} f1 {f1:.3f} "
                f"doc_f1 {self.doc_f1:.3f} fields {self.fields:.3f} "
                f"incident_date {self.incident_date:.3f}")


def score(documents: Iterable[tuple[Path, Item]]) -> Figures:
    figures = Figures()
    for path, want in documents:
        doc = parse_file(path)
        expected, got = want.get("action_items", []), item_dicts(doc)
        pairs = pair_items(expected, got)
        figures.docs += 1
        figures.expected += len(expected)
        figures.extracted += len(got)
        figures.hits += len(pairs)
        for e, g in pairs:
            for field in (*FIELDS, "links"):
                if e.get(field):
                    figures.fields_n += 1
                    figures.fields_ok += field_ok(field, e[field], g[field])
        if want.get("incident_date"):
            date = doc.postmortem.incident_date
            figures.dates_n += 1
            figures.dates_ok += bool(date) and date.isoformat() == want["incident_date"]
        if expected or got:
            p = len(pairs) / len(got) if got else 0.0
            r = len(pairs) / len(expected) if expected else 0.0
            figures.doc_f1_sum += 2 * p * r / (p + r) if p + r else 0.0
        else:
            figures.doc_f1_sum += 1.0
    return figures
