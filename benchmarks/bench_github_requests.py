"""Requests per operation on GitHub, counted at the fake GitHub (tests/fakes/github.py), with
GitHub's own write limits on a fake clock.

For N = 10, 100 and 1,000 new items (postmortems of five items each) it prints the HTTP
requests of a first sync, a no-op re-sync and a re-sync where one item changed: the total,
what they were for, and the API's floor (a first sync cannot do with fewer than N creates and
one listing; a re-sync reads every tracked issue, 100 a page). The fake enforces GitHub's
secondary limits (80 content-creating requests a minute, 500 an hour) and the backend paces
its writes to them at its defaults (one a second), on a clock that moves only when something
sleeps: the "at GitHub's pace" column is how long the sync would take against github.com
(for the writes alone; the answers' own time comes on top), and "refused" shows GitHub never
had to refuse a write.

    .venv/bin/python benchmarks/bench_github_requests.py [N ...]
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from actiontrack.backends.pacing import minutes
from actiontrack.config import Config
from actiontrack.model import ParsedDocument
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.github import FakeGitHub, backend_for
from tests.fakes.github_limits import ContentLimits, FakeClock

ITEMS_PER_DOC = 5
# GitHub's limits as actiontrack's defaults pace them; a wait is never cut short here.
CONFIG = Config(backends={"github": {"max_wait": 86400}})
# `[github] lock = false`: for a repository whose syncs a single Actions concurrency group
# serialises (the lock across runs is then not needed; see the README).
UNLOCKED = Config(backends={"github": {"max_wait": 86400, "lock": False}})
PURPOSES = (("issue creates", "POST", r"/issues$"), ("issue listings", "GET", r"/issues$"),
            ("issue edits", "PATCH", r"/issues/\d+$"), ("labels", None, r"/labels"),
            ("lock across runs", None, r"/git/|/commits$"))


def documents(n: int) -> list[ParsedDocument]:
    return [make_document(f"bench-{k}", [f"Action item {k}.{j}" for j in range(ITEMS_PER_DOC)])
            for k in range(math.ceil(n / ITEMS_PER_DOC))]


def purposes(fake: FakeGitHub) -> str:
    counts: Counter[str] = Counter()
    for request in fake.requests:
        counts[next((name for name, method, path in PURPOSES
                     if method in (None, request.method) and re.search(path, request.path)),
                    f"{request.method} {request.path}")] += 1
    return ", ".join(f"{name} {counts[name]}" for name, _, _ in PURPOSES if counts[name])


def measure(fake: FakeGitHub, clock: FakeClock, docs: list[ParsedDocument],
            config: Config = CONFIG) -> str:
    fake.clear_log()
    started = clock.time()
    backend = backend_for(fake, config, sleep=clock.sleep, clock=clock.time)
    try:
        sync_documents(docs, backend, config)
    finally:
        backend.shutdown()
    return f"{fake.count():>6}  {minutes(clock.time() - started):>9}  {purposes(fake)}"


def run(n: int) -> None:
    docs = documents(n)
    first = docs[0].action_items[0].model_copy(update={"title": "Action item 0.0, reworded"})
    changed = [docs[0].model_copy(update={"action_items": (first, *docs[0].action_items[1:])}),
               *docs[1:]]
    clock = FakeClock()
    limits = ContentLimits()
    with FakeGitHub(clock=clock.time, limits=limits) as fake:
        for label, batch in (("first sync", docs), ("no-op re-sync", docs),
                             ("one changed item", changed)):
            print(f"{n:>6}  {label:<17} {measure(fake, clock, batch)}")
            clock.advance(3600)  # the next run comes later, outside this one's hour
    with FakeGitHub(clock=clock.time, limits=limits) as fake:
        print(f"{n:>6}  {'first, lock off':<17} {measure(fake, clock, docs, UNLOCKED)}")
    pages = math.ceil(n / 100)
    print(f"{'':>6}  floor: first sync {n} creates + 1 listing; no-op re-sync {pages} "
          f"listing page(s); GitHub refused {limits.refused} write(s)")


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10, 100, 1000]
    print(f"{'items':>6}  {'operation':<17} {'requests':>8}  {'at pace':>9}  "
          "what for")
    for n in sizes:
        run(n)


if __name__ == "__main__":
    main(sys.argv[1:])
