#!/usr/bin/env python3
"""HTTP requests per sync of the Jira backend, counted at the fake Jira (Cloud and Data
Center), beside the floor the API allows.

For N new action items in one postmortem (one shared owner): the first sync (creates), a
no-op re-sync (nothing changed), the same re-sync while the search index still lags behind
the creates (the newest issues are then read by key), and a sync that marks every item done.
Each sync is a fresh process's (a fresh backend), as in CI. Run from the repository root:

    .venv/bin/python benchmarks/bench_jira_requests.py [N ...]      (default: 1000)

The floor is what no client can do with less, reading what a sync must read:
- creates: one `issue/bulk` per 50 issues (Jira's cap), and one search page to learn that
  none of the items has an issue yet;
- a no-op re-sync: the pages of one search that returns every tracked issue with the fields
  a sync compares. Jira Cloud sends at most 100 issues a page when fields are asked for (5,000
  with ids only), Data Center 1,000 (its default `jira.search.views.default.max`);
- closing: a transition per issue; the comment can ride on the transition (one request).
"""

from __future__ import annotations

import math
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.model import ParsedDocument
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.jira import FakeJira

BULK, CLOUD_PAGE, DC_PAGE = 50, 100, 1000


def _kinds(fake: FakeJira) -> str:
    counts = Counter(f"{r.method} {r.route.replace('{issueIdOrKey}', 'K')}"
                     for r in fake.requests)
    return ", ".join(f"{n}x {k}" for k, n in counts.most_common())


def floors(flavour: str, n: int) -> dict[str, int]:
    page = CLOUD_PAGE if flavour == "cloud" else DC_PAGE
    return {"create": math.ceil(n / BULK) + 1, "re-sync": math.ceil(n / page),
            "re-sync, index lagging": math.ceil(n / page), "close all": n}


def _sync(fake: FakeJira, doc: ParsedDocument) -> tuple[int, float, str]:
    config = Config()
    fake.reset_log()
    backend = JiraBackend(config, fake.env())  # a fresh run, as in CI
    start = time.perf_counter()
    _, result = sync_documents([doc], backend, config, sleep=lambda s: None)
    elapsed = time.perf_counter() - start
    backend.shutdown()
    assert not result.failures, result.failures[0].error
    return fake.count(), elapsed, _kinds(fake)


def measure(flavour: str, n: int) -> list[tuple[str, int, int, float, str]]:
    titles = [f"Follow-up item {i}" for i in range(n)]
    doc = make_document("pm-bench", titles, owners=["@alice"] * n)
    done = make_document("pm-bench", titles, owners=["@alice"] * n, done=set(range(n)))
    floor = floors(flavour, n)
    rows = []
    with FakeJira(flavour) as fake:
        for name, step in (("create", doc), ("re-sync", doc)):
            total, elapsed, kinds = _sync(fake, step)
            rows.append((name, total, floor[name], elapsed, kinds))
        fake.search_index_delay_ms = 3_600_000  # nothing is in the index yet
        total, elapsed, kinds = _sync(fake, doc)
        rows.append(("re-sync, index lagging", total, floor["re-sync, index lagging"],
                     elapsed, kinds))
        fake.search_index_delay_ms = 0
        total, elapsed, kinds = _sync(fake, done)
        rows.append(("close all", total, floor["close all"], elapsed, kinds))
    return rows


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [1000]
    print(f"{'flavour':<6} {'N':>5} {'operation':<23} {'requests':>8} {'floor':>6} "
          f"{'seconds':>8}  breakdown")
    for flavour in ("cloud", "dc"):
        for n in sizes:
            for name, total, floor, elapsed, kinds in measure(flavour, n):
                print(f"{flavour:<6} {n:>5} {name:<23} {total:>8} {floor:>6} {elapsed:>8.2f}  "
                      f"{kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
