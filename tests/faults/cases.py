"""The cases of the fault suite: the table of issue 13 replayed on the fake GitHub and the local
tracker, alone and combined (concurrency with jitter, late commits past the client timeout,
answers that are not the API, lost responses, interrupts). Each `prepare` draws its faults
from the trial's random source, so every trial hits other requests."""

from __future__ import annotations

import random

from tests.faults.harness import Case, GitHubTarget, Target

# What a listing may be answered with instead of GitHub's JSON (issue 13's list).
GARBAGE_LISTINGS = [
    (b"", "application/json; charset=utf-8"),     # 200 with an empty body
    (b"[]", "text/html; charset=utf-8"),          # an empty list served as HTML
    (b'[{"number": 1, "title": "trunc', "application/json"),  # malformed JSON
    (b'{"message": "Moved"}', "application/json"),             # an object
    (b"<html><title>Sign in</title></html>", "text/html"),     # a login page
]


def _github(target: Target) -> GitHubTarget:
    assert isinstance(target, GitHubTarget)
    return target


def jitter(latency: float, spread: float):  # type: ignore[no-untyped-def]
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        fake = _github(target).fake
        fake.latency, fake.jitter, fake.rng = latency, spread, random.Random(rng.random())
    return prepare


def no_lock(then=None):  # type: ignore[no-untyped-def]
    """The token lacks `contents: write`: no lock across runs, only the collapse."""
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        _github(target).fake.contents_writable = False
        if then is not None:
            then(target, rng, items)
    return prepare


def both(*steps):  # type: ignore[no-untyped-def]
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        for step in steps:
            step(target, rng, items)
    return prepare


def late_commits(count: int = 3):  # type: ignore[no-untyped-def]
    """Creates carried out after the client's 1 s timeout, up to 2.8 s after they were sent
    (issue 13 measured 2.5 s); the engine waits out 2 s after the timeout. Each on a random
    create."""
    def prepare(target: Target, rng: random.Random, items: int) -> None:
        github = _github(target)
        latest = github.timeout + github.unanswered_wait - 0.2
        for _ in range(count):
            github.fake.late_commit(rng.uniform(github.timeout + 0.1, latest)).skip = \
                rng.randrange(items)
    return prepare


def lost_answers(target: Target, rng: random.Random, items: int) -> None:
    """Answers lost after the create was stored, and 502s before and after storing. Three
    creates in a row without an answer stop a run by design (GitHub is failing): the cases
    with these faults may fail, and a clean sync follows."""
    fake = _github(target).fake
    fake.lose_response().skip = rng.randrange(items)
    fake.lose_response().skip = rng.randrange(items)
    fake.fail(502, method="POST", path=r"/issues$", stored=True).skip = rng.randrange(items)
    fake.fail(502, method="POST", path=r"/issues$").skip = rng.randrange(items)


def garbage_listing(target: Target, rng: random.Random, items: int) -> None:
    """One listing, at a random point, answered with something that is not a list of issues."""
    data, content_type = rng.choice(GARBAGE_LISTINGS)
    _github(target).fake.garbage(data, content_type=content_type).skip = rng.randrange(4)


def garbage_create(target: Target, rng: random.Random, items: int) -> None:
    """Creates carried out, answered 201 with a truncated body."""
    fake = _github(target).fake
    for _ in range(2):
        fake.garbage(b'{"url": "https://api.github.com/repos/acme/incidents/issues/1", "nu',
                     content_type="application/json", status=201, method="POST",
                     stored=True).skip = rng.randrange(items)


SHORT_LEASE = {"lock_lease": 2.0, "lock_wait": 15.0}  # a killed holder's lease runs out soon

CASES = [
    Case("GitHub: two syncs at once, jitter 0-20 ms", "github", runs=2,
         prepare=jitter(0.0, 0.02)),
    Case("GitHub: three syncs at once, 30 ms latency", "github", runs=3,
         prepare=jitter(0.03, 0.02)),
    Case("GitHub without contents: write (no lock): two syncs at once", "github", runs=2,
         prepare=no_lock(jitter(0.0, 0.02))),
    Case("GitHub without contents: write (no lock): three syncs at once, 30 ms latency",
         "github", runs=3, prepare=no_lock(jitter(0.03, 0.02))),
    Case("GitHub: creates committed 1.1-2.8 s after they were sent, past the 1 s client "
         "timeout", "github", runs=1,
         prepare=late_commits(2)),
    Case("GitHub without lock: two syncs at once with late commits", "github", runs=2,
         prepare=no_lock(both(late_commits(2), jitter(0.0, 0.02)))),
    Case("GitHub: two syncs at once with lost answers and 502s", "github", runs=2,
         may_fail=True, prepare=both(lost_answers, jitter(0.0, 0.02))),
    Case("GitHub: a listing answered empty, as HTML, malformed or an object, with lost "
         "answers", "github", runs=2, may_fail=True, prepare=both(garbage_listing,
                                                                 lost_answers)),
    Case("GitHub: creates answered 201 with a truncated body, two syncs at once", "github",
         runs=2, prepare=both(garbage_create, jitter(0.0, 0.02))),
    Case("GitHub: SIGINT or SIGKILL at a random point, a second sync beside it", "github",
         runs=2, interrupt=True, settings=SHORT_LEASE, prepare=jitter(0.01, 0.02)),
    Case("GitHub: an interrupt with lost answers and late commits", "github", runs=2,
         interrupt=True, settings=SHORT_LEASE,
         prepare=both(lost_answers, late_commits(1))),
    Case("local: two syncs at once", "local", runs=2),
    Case("local: three syncs at once", "local", runs=3),
    Case("local: SIGINT or SIGKILL at a random point, a second sync beside it", "local",
         runs=2, interrupt=True),
]

# The fake Jira, Cloud and Data Center: its cases live with the Jira tests.
from tests.backends.jira.fault_cases import JIRA_CASES  # noqa: E402 - after the shared ones

CASES += JIRA_CASES
