"""Requests per operation on GitHub, counted at the fake GitHub (tests/fakes/github.py).

For N = 10, 100 and 1,000 items of one postmortem it prints the HTTP requests of a first sync,
a no-op re-sync and a re-sync where one item changed, by method, with write throttling off.
Budgets (issue #4): N creates + at most 3 other requests; a no-op re-sync at most
ceil(N/100) + 2 requests, no write.

    .venv/bin/python benchmarks/bench_github_requests.py [N ...]
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actiontrack.config import Config
from actiontrack.model import ParsedDocument
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.github import FakeGitHub, backend_for

CONFIG = Config(backends={"github": {"seconds_between_writes": 0}})


def measure(fake: FakeGitHub, doc: ParsedDocument) -> tuple[str, float]:
    fake.clear_log()
    started = time.perf_counter()
    backend = backend_for(fake, CONFIG)
    try:
        sync_documents([doc], backend, CONFIG)
    finally:
        backend.shutdown()
    elapsed = time.perf_counter() - started
    by_method = {m: fake.count(m) for m in ("GET", "POST", "PATCH") if fake.count(m)}
    detail = " ".join(f"{m} {n}" for m, n in by_method.items())
    return f"{fake.count():>5}  ({detail})", elapsed


def run(n: int) -> None:
    doc = make_document(f"bench-{n}", [f"Action item number {k}" for k in range(n)])
    item = doc.action_items[0].model_copy(update={"title": "Action item number 0, reworded"})
    changed = doc.model_copy(update={"action_items": (item, *doc.action_items[1:])})
    with FakeGitHub() as fake:
        for label, document in (("first sync", doc), ("no-op re-sync", doc),
                                ("one changed item", changed)):
            line, elapsed = measure(fake, document)
            print(f"{n:>6}  {label:<17} {line:<32} {elapsed:6.2f}s")
        budget = math.ceil(n / 100) + 2
        print(f"{'':>6}  budget: first sync <= {n + 3}, no-op re-sync <= {budget}")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10, 100, 1000]
    print(f"{'items':>6}  {'operation':<17} {'requests (by method)':<32} {'time':>7}")
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
