"""The fault suite's cases on the fake Jira, Cloud and Data Center: the cases of issue 13 that
duplicated Jira issues (a lost bulk answer while the search index lags, a second run while it
lags, runs at once, creates committed after the client timed out), alone and combined with
lost answers, answers that are not Jira's JSON and interrupts.

They run on the shared harness (`tests/faults/harness.py`): its bounded run is part of
`make test`, and `make soak-jira` runs 200 trials of each for the README's figures.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tests.fakes.jira import LOGIN_PAGE, STATUSES, FakeJira, Fault
from tests.faults.harness import Case, Target

TIMEOUT = 1.0    # the client's timeout in the trials (seconds): late commits are timed on it
LAG_MS = 60_000  # an index that does not catch up within a trial


@dataclass
class JiraTarget:
    """The fake Jira for one trial."""

    fake: FakeJira
    timeout: float = TIMEOUT
    name: str = "jira"

    def config_toml(self) -> str:
        return f"[jira]\ntimeout = {self.timeout}\n"

    def env(self) -> dict[str, str]:
        return self.fake.env()

    def open_issues(self) -> list[str]:
        links = (self.fake.link_of(s) for s in self.fake.issues()
                 if STATUSES[s["status"]][1] != "done")
        return [link["item_id"] for link in links if link]

    def check(self) -> None:
        pass

    def settle(self) -> None:
        """Let a create Jira was still carrying out when its client gave up land."""
        time.sleep(max((f.commit_delay + f.delay for f in self.fake.faults), default=0.0))


@contextlib.contextmanager
def started_jira(case: Case) -> Iterator[tuple[Target, Callable[[], int]]]:
    with FakeJira(case.tracker.removeprefix("jira-")) as fake:
        yield JiraTarget(fake, **case.settings), lambda: len(fake.issues())  # type: ignore[arg-type]


def _fake(target: Target) -> FakeJira:
    assert isinstance(target, JiraTarget)
    return target.fake


Prepare = Callable[[Target, random.Random, int], None]


def lagging(delay_ms: int | tuple[int, int] = LAG_MS, then: Prepare | None = None) -> Prepare:
    """The search index lags writes (on both flavours): by `delay_ms`, or by a random time
    in that range."""
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        fake = _fake(target)
        fake.search_index_delay_ms = rng.randint(*delay_ms) if isinstance(delay_ms, tuple) \
            else delay_ms
        if then is not None:
            then(target, rng, items)
    return prepare


def jitter(high_ms: int, then: Prepare | None = None) -> Prepare:
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        fake = _fake(target)
        fake.latency_ms, fake._random = (0, high_ms), random.Random(rng.random())
        if then is not None:
            then(target, rng, items)
    return prepare


def faults(*make: Callable[[random.Random], Fault]) -> Prepare:
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        _fake(target).faults.extend(f(rng) for f in make)
    return prepare


def both(*steps: Prepare) -> Prepare:
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        for step in steps:
            step(target, rng, items)
    return prepare


def lost_bulk_answer(rng: random.Random) -> Fault:
    """A bulk create carried out, its answer lost (the connection dropped)."""
    return Fault("POST", "/issue/bulk", status=None, drop=True, skip=rng.randrange(2))


def late_commit(rng: random.Random) -> Fault:
    """A bulk create Jira carries out only after the client gave up: 1.1 to 1.8 timeouts
    late (the engine waits a timeout and a second before its last look)."""
    return Fault("POST", "/issue/bulk", status=None,
                 commit_delay=TIMEOUT * rng.uniform(1.1, 1.8), skip=rng.randrange(2))


def truncated_create_answer(rng: random.Random) -> Fault:
    return Fault("POST", "/issue/bulk", truncate=True, skip=rng.randrange(2))


NOT_JSON = [(LOGIN_PAGE, "text/html;charset=UTF-8"), (b"", "application/json"),
            (b'{"issues": [{"id": "1", "ke', "application/json"),
            (b'{"total": 3}', "application/json")]


def search_not_json(rng: random.Random) -> Fault:
    """A search answered with a login page, an empty body, cut JSON or another shape."""
    body, content_type = rng.choice(NOT_JSON)
    return Fault("GET", "/search/jql", status=200, body=body, content_type=content_type,
                 skip=rng.randrange(4))


def _for(flavour: str, fault: Callable[[random.Random], Fault]) -> Callable[[random.Random],
                                                                             Fault]:
    def make(rng: random.Random) -> Fault:
        made = fault(rng)
        if flavour == "dc" and made.route == "/search/jql":
            made.route = "/search"
        return made
    return make


def _cases(flavour: str) -> list[Case]:
    tracker, name = f"jira-{flavour}", "Jira Cloud" if flavour == "cloud" else "Jira DC"
    return [
        Case(f"{name}: the bulk-create answer lost while the index lags", tracker, runs=1,
             prepare=lagging(LAG_MS, faults(lost_bulk_answer))),
        Case(f"{name}: a second sync while the index still lags (a CI re-run)", tracker,
             runs=2, sequential=True, prepare=lagging(LAG_MS)),
        Case(f"{name}: two syncs at once, jitter 0-20 ms, index lag 0-2 s", tracker, runs=2,
             prepare=lagging((0, 2000), jitter(20))),
        Case(f"{name}: three syncs at once, jitter 0-30 ms, index lag 0-2 s", tracker,
             runs=3, prepare=lagging((0, 2000), jitter(30))),
        Case(f"{name}: a bulk create committed after the 1 s client timeout", tracker,
             runs=1, prepare=lagging((0, 2000), faults(late_commit))),
        Case(f"{name}: two syncs at once, a bulk answer lost, the index lagging", tracker,
             runs=2, prepare=lagging(LAG_MS, jitter(20, faults(lost_bulk_answer)))),
        Case(f"{name}: two syncs at once with a late commit", tracker, runs=2,
             prepare=lagging((0, 2000), jitter(20, faults(late_commit)))),
        Case(f"{name}: creates answered 201 with a truncated body, two syncs at once",
             tracker, runs=2, prepare=lagging((0, 2000), faults(truncated_create_answer))),
        Case(f"{name}: a search answered as a login page, empty, cut or misshapen, and a "
             "lost answer", tracker, runs=2, may_fail=True,
             prepare=lagging(LAG_MS, faults(_for(flavour, search_not_json),
                                            lost_bulk_answer))),
        Case(f"{name}: SIGINT or SIGKILL at a random point, a second sync beside it",
             tracker, runs=2, interrupt=True, prepare=lagging((0, 2000), jitter(10))),
    ]


JIRA_CASES: list[Case] = _cases("cloud") + _cases("dc")

__all__: list[Any] = ["JIRA_CASES", "JiraTarget", "started_jira"]
