#!/usr/bin/env python3
"""Requests per operation of the Jira backend, against the fake Jira (Cloud and Data Center).

For N = 10, 120 and 1000 new action items in one postmortem (one shared owner), counts the
HTTP requests of: the first sync (creates), a re-sync (nothing changes), and a sync that marks
every item done (closes). Prints one table; run from the repository root:

    .venv/bin/python benchmarks/bench_jira_requests.py [N ...]
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.jira import FakeJira


def _kinds(fake: FakeJira) -> str:
    counts = Counter(f"{r.method} {r.route.replace('{issueIdOrKey}', 'K')}"
                     for r in fake.requests)
    return ", ".join(f"{n}x {k}" for k, n in counts.most_common())


def measure(flavour: str, n: int) -> list[tuple[str, int, int, float, str]]:
    rows = []
    titles = [f"Follow-up item {i}" for i in range(n)]
    with FakeJira(flavour) as fake:
        config = Config()
        steps = [("create", make_document("pm-bench", titles, owners=["@alice"] * n)),
                 ("re-sync", make_document("pm-bench", titles, owners=["@alice"] * n)),
                 ("close all", make_document("pm-bench", titles, owners=["@alice"] * n,
                                             done=set(range(n))))]
        for name, doc in steps:
            fake.reset_log()
            backend = JiraBackend(config, fake.env())  # a fresh run, as in CI
            start = time.perf_counter()
            _, result = sync_documents([doc], backend, config)
            elapsed = time.perf_counter() - start
            backend.shutdown()
            assert not result.failures, result.failures[0].error
            bulk = fake.count("POST", "/issue/bulk")
            rows.append((name, fake.count(), bulk, elapsed, _kinds(fake)))
    return rows


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10, 120, 1000]
    print(f"{'flavour':<6} {'N':>5} {'operation':<10} {'requests':>8} {'bulk':>5} "
          f"{'other':>6} {'per item':>8} {'seconds':>8}  breakdown")
    for flavour in ("cloud", "dc"):
        for n in sizes:
            for name, total, bulk, elapsed, kinds in measure(flavour, n):
                print(f"{flavour:<6} {n:>5} {name:<10} {total:>8} {bulk:>5} {total - bulk:>6} "
                      f"{total / n:>8.2f} {elapsed:>8.2f}  {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
