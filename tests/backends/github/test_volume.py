"""GitHub at volume, against the fake GitHub enforcing its secondary limits on a fake clock
(an hour of GitHub's limits in a second): a first sync stays inside both limits with N creates
and a fixed few other requests (the listings, the lock across runs, actiontrack's own labels;
as many for 20 postmortems as for one), waits as GitHub says when it refuses, and a sync that
stops at a limit or is interrupted says how many items remain and is finished by the next
run, without a duplicate."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from actiontrack.config import Config
from actiontrack.errors import ExitCode, Interrupted, RateLimited
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.github import FakeGitHub, backend_for, github_env
from tests.fakes.github_limits import ContentLimits, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def github_config(**settings: float) -> Config:
    return Config(backends={"github": {"seconds_between_writes": 0, **settings}})


# The writes of a first sync before its first issue: the lock's lease and ref, then the base
# label and the one kind label of `make_document`'s items (a postmortem's own label is made by
# GitHub with its first issue).
WRITES_BEFORE_ISSUES = 2


def items(fake: FakeGitHub) -> list[str]:
    """The item of every issue on the fake: a duplicate shows as a repeat."""
    return sorted(i["body"].rsplit('"item":"', 1)[1][:10] for i in fake.issues())


def test_a_first_sync_stays_inside_githubs_limits_with_n_creates_and_a_fixed_few(
        clock: FakeClock) -> None:
    """GitHub's own numbers (1 s apart, 80 a minute, 500 an hour): 510 creates cross the hour."""
    n = 510
    config = Config(backends={"github": {"max_wait": 3600}})  # wait for the hour to roll over
    doc = make_document("pm-volume", [f"Add alert number {k}" for k in range(n)])
    limits = ContentLimits(per_minute=80, per_hour=500)
    with FakeGitHub(clock=clock.time, limits=limits) as fake:
        backend = backend_for(fake, config, sleep=clock.sleep, clock=clock.time)
        notices: list[str] = []
        backend.on_notice = notices.append
        _, result = sync_documents([doc], backend, config)
        assert result.count(Action.CREATE) == n and not result.failures
        assert limits.refused == 0  # paced: GitHub never had to refuse a write
        assert fake.count("POST", r"/issues$") == n
        # To plan, and again under the lock (none after the creates: the lock was held
        # throughout); the lock (a commit, the lease, written for the hour the creates take,
        # the ref; released within that lease: a delete without a read first), never
        # renewed; no label request (GitHub makes the labels with the first issue).
        assert fake.count("GET", r"/issues$") == 2
        assert fake.count(path=r"/git/|/commits$") == 4 and fake.count(path="/labels") == 0
        assert fake.count("PATCH", "/git/refs/") == 0
        assert fake.count() == n + 2 + 4
        assert len(items(fake)) == len(set(items(fake))) == n
        writes = fake.count("POST")
    assert writes == WRITES_BEFORE_ISSUES + n
    # 500 writes a second apart, the hour rolls over, the rest a second apart again.
    assert sum(clock.slept) == pytest.approx(3600 + writes - 501, abs=1)
    assert notices[0].startswith("github: creating 510 issues at GitHub's pace")
    assert any(n.startswith("github: waiting 52 min (until ") and "500 content-creating "
               "requests an hour" in n for n in notices)


def test_the_fixed_requests_of_a_first_sync_do_not_grow_with_the_postmortems(
        clock: FakeClock) -> None:
    def first_sync(postmortems: int) -> int:
        docs = [make_document(f"pm-{k}", [f"Task {k}.{j}" for j in range(5)])
                for k in range(postmortems)]
        with FakeGitHub(clock=clock.time) as fake:
            sync_documents(docs, backend_for(fake, github_config(), sleep=clock.sleep,
                                             clock=clock.time), github_config())
            assert fake.count("POST", r"/issues$") == 5 * postmortems
            return fake.count() - 5 * postmortems

    assert first_sync(1) == first_sync(20) == 2 + 4


def test_refused_writes_are_sent_again_after_the_wait_github_asks(clock: FakeClock) -> None:
    """Another client spent the budget: GitHub refuses with Retry-After, the sync waits that
    long and goes on; nothing is created twice."""
    doc = make_document("pm-refused", [f"Item {k}" for k in range(12)])
    limits = ContentLimits(per_minute=5, per_hour=1000)
    with FakeGitHub(clock=clock.time, limits=limits) as fake:
        config = github_config(max_wait=120)
        backend = backend_for(fake, config, sleep=clock.sleep, clock=clock.time)
        _, result = sync_documents([doc], backend, config)
        assert result.count(Action.CREATE) == 12
        assert limits.refused == 2  # of 14 writes, the 6th and the 11th, each once
        assert fake.count("POST") == WRITES_BEFORE_ISSUES + 12 + limits.refused
        assert fake.count("POST", r"/issues$") == 12 + limits.refused
        assert len(set(items(fake))) == 12
    # Retry-After: until the oldest write leaves the minute
    assert clock.slept == [60, 60]


def test_a_sync_stopped_at_the_limit_resumes_on_the_next_run_without_duplicates(
        clock: FakeClock) -> None:
    doc = make_document("pm-resume", [f"Item {k}" for k in range(30)])
    config = github_config(writes_per_hour=20, max_wait=0)
    limits = ContentLimits(per_minute=80, per_hour=20)
    with FakeGitHub(clock=clock.time, limits=limits) as fake:
        def run() -> None:
            sync_documents([doc], backend_for(fake, config, sleep=clock.sleep,
                                              clock=clock.time), config)

        # The lock's two writes and 18 issues are the hour's 20 writes.
        with pytest.raises(RateLimited, match=r"stopped at GitHub's limit \(at most 20 "
                           r"content-creating requests an hour\).* in 60 min.*18 of 30 new "
                           r"issues created, 12 remain; sync again then"):
            run()
        assert len(fake.issues()) == 18 and limits.refused == 0
        assert fake.count("DELETE", "/git/refs/") == 1  # the lock released all the same
        # A run within the hour counts the issues the last one created (not the lock's or
        # the labels' writes, which no listing dates): it sends at most the one write GitHub
        # then refuses (the lock's lease: it goes on without the lock), and stops.
        fake.clear_log()
        with pytest.raises(RateLimited, match=r"0 of 12 new issues created, 12 remain"):
            run()
        assert fake.count("POST") == limits.refused == 1 and len(fake.issues()) == 18
        clock.advance(3600)
        run()
        assert len(fake.issues()) == 30 and len(set(items(fake))) == 30
        fake.clear_log()
        plan, _ = sync_documents([doc], backend_for(fake, config), config)
        assert {c.action for c in plan.changes} == {Action.UNCHANGED} and fake.writes() == 0


def test_an_interrupted_sync_says_how_many_remain_and_the_next_run_finishes(
        clock: FakeClock) -> None:
    doc = make_document("pm-cancel", [f"Item {k}" for k in range(12)])
    config = Config(backends={"github": {"seconds_between_writes": 1}})
    with FakeGitHub(clock=clock.time) as fake:
        def cancelled_at_the_sixth_wait(seconds: float) -> None:
            if len(clock.slept) == 5:  # the job timeout's SIGINT arrives during a wait
                raise KeyboardInterrupt
            clock.sleep(seconds)

        backend = backend_for(fake, config, sleep=cancelled_at_the_sixth_wait,
                              clock=clock.time)
        # Writes 1 s apart: the lock's 2, then issues; Ctrl-C before the 7th.
        with pytest.raises(Interrupted, match="github: 4 of 12 new issues were created, 8 "
                           "remain"):
            sync_documents([doc], backend, config)
        sync_documents([doc], backend_for(fake, config, sleep=clock.sleep, clock=clock.time),
                       config)
        assert len(fake.issues()) == 12 and len(set(items(fake))) == 12


def test_the_cli_says_how_long_it_takes_then_why_it_stopped_and_what_remains(
        tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[github]\nseconds_between_writes = 0\nwrites_per_hour = 5\nmax_wait = 0\n")
    (tmp_path / "pm.md").write_text(
        "# Outage\n\nDate: 2024-01-10\n\n## Action items\n\n"
        + "".join(f"- Add alert number {k} @alice\n" for k in range(5)))
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("GITHUB_", "GH_", "ACTIONTRACK_"))}
    with FakeGitHub() as fake:
        done = subprocess.run([sys.executable, "-m", "actiontrack", "sync", "pm.md",
                               "--backend", "github"], env={**clean, **github_env(fake)},
                              cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert len(fake.issues()) == 3  # after the lock's 2 writes
    assert done.returncode == ExitCode.TRACKER
    lines = done.stderr.strip().splitlines()
    assert lines[0] == ("github: creating 5 issues at GitHub's pace (80 a minute, 5 an hour): "
                        "about 60 min")
    assert lines[-1].startswith("error: github: stopped at GitHub's limit (at most 5 "
                                "content-creating requests an hour): the next write may go at ")
    assert lines[-1].endswith("3 of 5 new issues created, 2 remain; sync again then (or raise "
                              "[github] max_wait): it creates the rest, without duplicates")
