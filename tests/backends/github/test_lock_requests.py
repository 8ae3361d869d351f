"""What a first sync costs on GitHub when it holds the lock across runs (issue 15: N creates
and a constant few more): a run that held the lock beyond doubt lists nothing after its
creates, and its first lease covers creates that take hours at GitHub's pace, so it is never
renewed. Where the lock was in doubt (taken over from a killed run, not to be had, a create
without an answer) the listing after the creates stays, and collapses what it finds."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from actiontrack.backends.github_lock import LOCK_REF
from actiontrack.config import Config
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document
from tests.fakes.github import FakeGitHub, backend_for, github_env
from tests.fakes.github_git import HEAD_SHA
from tests.fakes.github_limits import ContentLimits, FakeClock

from .gitrepo import git, needs_git, one_commit
from .test_lock import config, held_elsewhere


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def what_was_asked(fake: FakeGitHub) -> list[str]:
    """The requests as `VERB purpose`, issue creates as one `POST issue` each."""
    named = []
    for r in fake.requests:
        path = re.sub(r"^/repos/[^/]+/[^/]+", "", r.path)
        path = re.sub(r"/issues/\d+", "/issues/N", path)
        named.append(f"{r.method} {path}")
    return named


def listings_after_first_create(fake: FakeGitHub) -> int:
    asked = what_was_asked(fake)
    first = asked.index("POST /issues")
    return sum(a == "GET /issues" for a in asked[first:])


def test_a_first_sync_that_holds_the_lock_costs_its_creates_and_six_more_three_of_them_writes(
        fake: FakeGitHub) -> None:
    doc = make_document("pm-cost", [f"Cost item {n}" for n in range(12)])
    _, result = sync_documents([doc], backend_for(fake, config()), config())
    assert result.count(Action.CREATE) == 12 and len(fake.issues()) == 12
    asked = what_was_asked(fake)
    assert asked.count("POST /issues") == 12
    assert [a for a in asked if a != "POST /issues"] == [
        "GET /issues",                                   # the plan
        "GET /commits", "POST /git/tags", "POST /git/refs",  # the lock: a lease, the ref
        "GET /issues",                                   # the plan again, under the lock
        "DELETE /git/refs/actiontrack/sync-lock",        # released
    ]                                                    # (labels: GitHub makes them)
    assert fake.count("POST") + fake.count("DELETE") == 12 + 3
    assert listings_after_first_create(fake) == 0
    assert LOCK_REF not in fake.refs()


def test_in_actions_the_commit_is_the_jobs_own_and_the_cost_is_five(
        fake: FakeGitHub) -> None:
    env = github_env(fake, GITHUB_SHA=HEAD_SHA, GITHUB_ACTIONS="true")
    doc = make_document("pm-actions", [f"Actions item {n}" for n in range(3)])
    sync_documents([doc], backend_for(fake, config(), env=env), config())
    assert fake.count() == 3 + 5 and fake.count("GET", r"/commits") == 0


def test_creates_that_take_hours_at_githubs_pace_are_covered_by_the_first_lease() -> None:
    """1,000 creates at one a second and 500 an hour take two hours (with the lease, the ref
    and the labels, which count against the same 500, into a third): the lease written when
    the lock is taken already lasts that long (and a lease more), so no renewal (a new tag
    and the ref moved) is spent on it, and nobody could take the lock over meanwhile."""
    clock = FakeClock()
    with FakeGitHub(clock=clock.time, limits=ContentLimits()) as fake:
        cfg = Config(backends={"github": {"max_wait": 86400}})
        docs = [make_document(f"pm-long-{k}", [f"Long {k}.{j}" for j in range(5)])
                for k in range(200)]
        started = clock.time()
        backend = backend_for(fake, cfg, sleep=clock.sleep, clock=clock.time)
        _, result = sync_documents(docs, backend, cfg)
        took = clock.time() - started
        assert result.count(Action.CREATE) == 1000 and took > 7200
        assert fake.count("PATCH", r"/git/refs/") == 0  # never renewed
        [lease] = [r for r in fake.requests if r.path.endswith("/git/tags")]
        expires = re.search(r"expires: (\S+)", lease.body["message"])
        assert expires is not None
        written_for = datetime.fromisoformat(expires[1].replace("Z", "+00:00")).timestamp() \
            - started
        assert written_for >= took + 600 - 60  # the creates, and a whole lease after them
        assert listings_after_first_create(fake) == 0


def test_a_run_that_took_over_a_killed_runs_lease_lists_again_after_its_creates(
        fake: FakeGitHub) -> None:
    """A run killed while holding the lock may have a create in flight that lands late: the
    run that takes its lock over is in doubt and lists after its creates, collapsing any."""
    killed = held_elsewhere(fake, lease=1)
    assert killed._acquire() is not None
    time.sleep(1.2)
    doc = make_document("pm-taken", [f"Taken item {n}" for n in range(4)])
    backend = backend_for(fake, config(lock_wait=30))
    sync_documents([doc], backend, config())
    assert any(w.startswith("took over the sync lock") for w in backend.warnings)
    assert listings_after_first_create(fake) == 1


def test_without_the_lock_the_listing_after_the_creates_stays(fake: FakeGitHub) -> None:
    fake.contents_writable = False
    doc = make_document("pm-unlocked", [f"Unlocked item {n}" for n in range(4)])
    sync_documents([doc], backend_for(fake, config()), config())
    assert listings_after_first_create(fake) == 1
    sync_documents([doc], backend_for(fake, config(lock=False)), config())
    assert len(fake.issues()) == 4


def test_a_create_without_an_answer_is_listed_for_after_the_creates(fake: FakeGitHub) -> None:
    """A create whose answer was lost may land after the lookup that did not find it: even a
    run that holds the lock lists again after its creates then (past the settle time)."""
    fake.lose_response(method="POST", path=r"/issues$")
    doc = make_document("pm-lost", [f"Lost item {n}" for n in range(3)])
    _, result = sync_documents([doc], backend_for(fake, config()), config())
    assert result.count(Action.CREATE) == 3
    open_issues = [i for i in fake.issues() if i["state"] == "open"]
    assert len(open_issues) == 3
    assert listings_after_first_create(fake) >= 1


def _clone(path: Path, remote_url: str) -> str:
    """A git repository at `path` with one commit, as a clone of `remote_url` whose HEAD is
    that commit; its sha."""
    sha = one_commit(path)
    git(path, "remote", "add", "origin", remote_url)
    git(path, "update-ref", "refs/remotes/origin/main", "HEAD")
    git(path, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main")
    return sha


@needs_git
def test_from_a_clone_of_the_repository_the_lease_points_at_its_commit_and_the_cost_is_five(
        fake: FakeGitHub, tmp_path: Path) -> None:
    sha = _clone(tmp_path, f"git@github.com:{fake.full_name}.git")
    fake.known_commits.add(sha)  # pushed: GitHub has it
    doc = make_document("pm-clone", [f"Clone item {n}" for n in range(3)])
    sync_documents([doc], backend_for(fake, config(), workdir=tmp_path), config())
    assert fake.count() == 3 + 5 and fake.count("GET", r"/commits") == 0
    [lease] = [r for r in fake.requests if r.path.endswith("/git/tags")]
    assert lease.body["object"] == sha
    assert LOCK_REF not in fake.refs()


@needs_git
def test_a_clone_commit_github_does_not_know_falls_back_to_the_newest_and_still_locks(
        fake: FakeGitHub, tmp_path: Path) -> None:
    sha = _clone(tmp_path, f"https://github.com/{fake.full_name}")  # never pushed
    doc = make_document("pm-unpushed", [f"Unpushed item {n}" for n in range(2)])
    backend = backend_for(fake, config(), workdir=tmp_path)
    _, result = sync_documents([doc], backend, config())
    assert result.count(Action.CREATE) == 2 and len(fake.issues()) == 2
    leases = [r.body["object"] for r in fake.requests if r.path.endswith("/git/tags")]
    assert leases == [sha, HEAD_SHA]  # refused (422), then the newest GitHub has
    assert fake.count("GET", r"/commits") == 1
    assert fake.count("POST", r"/git/refs$") == 1  # the lock was taken
    assert fake.count("DELETE", r"/git/refs/") == 1 and LOCK_REF not in fake.refs()


@needs_git
def test_a_clone_of_another_repository_is_not_used(fake: FakeGitHub, tmp_path: Path) -> None:
    _clone(tmp_path, "https://github.com/someone-else/other-repo.git")
    doc = make_document("pm-other", ["Other item"])
    sync_documents([doc], backend_for(fake, config(), workdir=tmp_path), config())
    assert fake.count("GET", r"/commits") == 1
    [lease] = [r for r in fake.requests if r.path.endswith("/git/tags")]
    assert lease.body["object"] == HEAD_SHA
