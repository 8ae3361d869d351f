"""The lock across runs on GitHub (a git ref with a lease), against the fake's git database:
a second sync waits for the first and then creates nothing twice; without `contents: write`
the sync goes on without it and still converges; a lease left by a killed run is taken over;
a holder that stays too long is not waited for forever: the sync stops, writing nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from actiontrack.backends.github_lock import LOCK_REF, RefLock
from actiontrack.config import Config
from actiontrack.errors import Busy
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document
from tests.fakes.github import FakeGitHub, backend_for


def config(**github: object) -> Config:
    return Config(backends={"github": {"seconds_between_writes": 0, "timeout": 1, **github}})


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


DOC = make_document("pm-lock", [f"Lock item {n}" for n in range(5)])


def held_elsewhere(fake: FakeGitHub, **settings: float) -> RefLock:
    """The lock as another run takes it, through a backend of its own."""
    backend = backend_for(fake, config())
    return RefLock(backend._lock_request, backend._lock_commit, "the other run",
                   backend.warn, **settings)


def test_a_sync_that_creates_holds_the_ref_and_releases_it(fake: FakeGitHub) -> None:
    _, result = sync_documents([DOC], backend_for(fake, config()), config())
    assert result.count(Action.CREATE) == 5
    assert LOCK_REF not in fake.refs()  # released
    [take] = [r for r in fake.requests if r.path.endswith("/git/refs")]
    assert take.method == "POST" and take.status == 201 and take.body["ref"] == LOCK_REF
    first_create = next(n for n, r in enumerate(fake.requests) if r.path.endswith("/issues")
                        and r.method == "POST")
    assert fake.requests.index(take) < first_create  # taken before anything is created


def test_a_second_sync_waits_for_the_holder_then_creates_nothing_twice(
        fake: FakeGitHub) -> None:
    other = held_elsewhere(fake)
    waiting = backend_for(fake, config(lock_wait=30))
    outcome: dict[str, object] = {}
    with other.held() as mine:
        assert mine
        thread = threading.Thread(target=lambda: outcome.update(
            result=sync_documents([DOC], waiting, config())[1]))
        thread.start()
        time.sleep(1.0)
        assert thread.is_alive() and fake.issues() == []  # it waits, writing nothing
        # meanwhile the holder creates every item
        sync_documents([DOC], backend_for(fake, config(lock=False)), config())
    thread.join(30)
    result = outcome["result"]
    assert result.count(Action.CREATE) == 0 and result.count(Action.UNCHANGED) == 5
    assert len(fake.issues()) == 5


def test_without_contents_write_the_sync_goes_on_and_says_so_once(fake: FakeGitHub) -> None:
    fake.contents_writable = False
    backend = backend_for(fake, config())
    _, result = sync_documents([DOC], backend, config())
    assert result.count(Action.CREATE) == 5 and len(fake.issues()) == 5
    [warning] = [w for w in backend.warnings if "sync lock" in w]
    assert "Resource not accessible by integration" in warning
    assert "give the token `contents: write`" in warning
    assert "duplicates that concurrent syncs create are still closed" in warning


def test_a_lease_left_by_a_killed_run_is_taken_over(fake: FakeGitHub) -> None:
    killed = held_elsewhere(fake, lease=1)
    assert killed._acquire() is not None  # and never released: the run was killed
    time.sleep(1.2)
    backend = backend_for(fake, config(lock_wait=30))
    started = time.monotonic()
    _, result = sync_documents([DOC], backend, config())
    assert time.monotonic() - started < 10
    assert result.count(Action.CREATE) == 5
    assert any(w.startswith("took over the sync lock left by the other run") for w in
               backend.warnings)
    assert LOCK_REF not in fake.refs()


def test_a_holder_that_stays_too_long_is_not_waited_for_forever_and_nothing_is_written(
        fake: FakeGitHub) -> None:
    """Past the wait the sync stops, having created nothing: the holder lists nothing after
    its creates, so creating beside it could leave a duplicate until the next sync."""
    other = held_elsewhere(fake, lease=600)
    assert other._acquire() is not None
    backend = backend_for(fake, config(lock_wait=1))
    started = time.monotonic()
    with pytest.raises(Busy) as stopped:
        sync_documents([DOC], backend, config())
    assert time.monotonic() - started < 10
    assert str(stopped.value).startswith(
        "github: another sync holds the lock on this repository (the other run, until ")
    assert "waited 1s and changed nothing; sync again once it is done, or raise [github] "\
        "lock_wait" in str(stopped.value)
    assert stopped.value.exit_code == 1
    assert fake.issues() == [] and fake.count("POST", r"/issues$") == 0
    assert LOCK_REF in fake.refs()  # still the other run's: not ours to remove


def test_a_sync_with_nothing_to_create_never_asks_for_the_lock(fake: FakeGitHub) -> None:
    sync_documents([DOC], backend_for(fake, config()), config())
    fake.clear_log()
    sync_documents([DOC], backend_for(fake, config()), config())
    assert fake.count(path="/git/") == 0 and fake.count() == 1


@pytest.mark.parametrize("path, data", [
    ("/git/tags", b"<html><title>Proxy error</title></html>"),
    ("/git/tags", b'{"no": "sha"}'),
    ("/commits", b'[{"not": "a commit"}]'),
], ids=["lease-as-html", "lease-without-sha", "commits-of-another-shape"])
def test_a_lock_answered_with_nonsense_is_gone_without_and_the_sync_goes_on(
        fake: FakeGitHub, path: str, data: bytes) -> None:
    fake.garbage(data, content_type="text/html" if data.startswith(b"<") else
                 "application/json", status=200 if path == "/commits" else 201,
                 method="GET" if path == "/commits" else "POST", path=path + "$")
    backend = backend_for(fake, config())
    _, result = sync_documents([DOC], backend, config())
    assert result.count(Action.CREATE) == 5 and len(fake.issues()) == 5
    assert any(w.startswith("no sync lock across runs (") for w in backend.warnings)
    assert LOCK_REF not in fake.refs()


def test_a_release_within_half_the_lease_deletes_at_once_and_a_later_one_reads_first(
        fake: FakeGitHub) -> None:
    """Nobody takes over a lease that has not run out, so a run that ends early deletes its
    ref without reading it; one that ran past half its lease reads it first, and leaves the
    ref alone when another run took it over meanwhile."""
    quick = held_elsewhere(fake, lease=600)
    mine = quick._acquire()
    assert mine is not None
    fake.clear_log()
    quick._release(mine)
    assert [(r.method, r.path.rsplit("/git/", 1)[1]) for r in fake.requests] == [
        ("DELETE", "refs/actiontrack/sync-lock")]
    assert LOCK_REF not in fake.refs()

    slow = held_elsewhere(fake, lease=1)
    slow_tag = slow._acquire()
    assert slow_tag is not None
    time.sleep(1.2)  # its lease ran out: another run takes the lock over
    theirs = held_elsewhere(fake, lease=600)._acquire()
    assert theirs is not None
    fake.clear_log()
    slow._release(slow_tag)
    assert [r.method for r in fake.requests] == ["GET"]  # read, found another's: kept
    assert fake.refs()[LOCK_REF] == theirs


class Clock:
    """The lease's clock, moved by the test (the fake's tags still carry real times)."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def lease_of_ref(fake: FakeGitHub, backend_run: RefLock) -> float | None:
    return backend_run._lease_of(fake.refs()[LOCK_REF])[1]


def test_a_long_holder_renews_its_lease_so_no_one_takes_the_lock_over(
        fake: FakeGitHub) -> None:
    clock = Clock()
    long_run = held_elsewhere(fake, lease=600, clock=clock)
    with long_run.held() as mine:
        assert mine
        first = long_run.mine
        clock.now += 100  # a sixth of the lease: nothing to do yet
        fake.clear_log()
        long_run.renew_if_due()
        assert fake.requests == [] and fake.refs()[LOCK_REF] == first
        clock.now += 150  # 250 s of 600 gone: renewed, the ref moved to a new lease
        long_run.renew_if_due()
        assert [(r.method, r.path.rsplit("/git/", 1)[1]) for r in fake.requests] == [
            ("POST", "tags"), ("PATCH", "refs/actiontrack/sync-lock")]
        assert fake.requests[1].body == {"sha": long_run.mine, "force": True}
        assert long_run.renewals == 1 and long_run.mine != first
        assert fake.refs()[LOCK_REF] == long_run.mine
        renewed = lease_of_ref(fake, long_run)
        assert renewed is not None and renewed >= clock.now + 599
        # After the first lease would have run out, another run still finds a live holder.
        clock.now += 400
        other = held_elsewhere(fake, lease=600, wait=0, clock=clock)
        with pytest.raises(Busy, match="another sync holds the lock"):
            other._acquire()
        assert fake.refs()[LOCK_REF] == long_run.mine
    assert LOCK_REF not in fake.refs()  # released at the end, renewed tag and all


def test_a_lease_that_ran_short_between_writes_is_not_renewed_but_said(
        fake: FakeGitHub) -> None:
    """A wait longer than half the lease (an hourly limit) and another run may have taken the
    lock over: moving the ref then could take it from them. The holder says so, once."""
    clock = Clock()
    warnings: list[str] = []
    backend = backend_for(fake, config())
    run = RefLock(backend._lock_request, backend._lock_commit, "the long run",
                  warnings.append, lease=600, clock=clock)
    with run.held():
        tag = run.mine
        clock.now += 320
        fake.clear_log()
        run.renew_if_due()
        run.renew_if_due()
        assert fake.requests == [] and fake.refs()[LOCK_REF] == tag
        assert len(warnings) == 1 and "ran short before it could be renewed" in warnings[0]
        clock.now += 400  # its lease is over; another run takes it over
        theirs = held_elsewhere(fake, lease=600, clock=clock)._acquire()
        assert theirs is not None
    assert fake.refs()[LOCK_REF] == theirs  # the release read the ref and left theirs alone


def test_a_sync_longer_than_a_third_of_the_lease_renews_it_between_creates(
        fake: FakeGitHub) -> None:
    """The backend's clock moves 50 s with every issue the fake has created (as at GitHub's
    pace, and never with the machine's load): a 600 s lease is renewed after the fourth."""
    started = time.time()

    def clock() -> float:
        return started + 50 * fake.count("POST", r"/issues$")

    doc = make_document("pm-long", [f"Long item {n}" for n in range(10)])
    backend = backend_for(fake, config(), clock=clock)
    _, result = sync_documents([doc], backend, config())
    assert result.count(Action.CREATE) == 10 and len(fake.issues()) == 10
    moves = [n for n, r in enumerate(fake.requests)
             if r.method == "PATCH" and "/git/refs/" in r.path]
    creates = [n for n, r in enumerate(fake.requests)
               if r.method == "POST" and r.path.endswith("/issues")]
    # Renewed twice: at 200 s (4 issues) and at 400 s (8), each before the next create.
    assert [sum(c < m for c in creates) for m in moves] == [4, 8]
    assert all(fake.requests[m].status == 200 and fake.requests[m].body["force"] is True
               for m in moves)
    assert LOCK_REF not in fake.refs()
    assert not any("lease" in w for w in backend.warnings)


def test_creates_the_limits_make_long_get_a_lease_as_long_as_they_are(
        fake: FakeGitHub) -> None:
    """Before 1,000 creates at 500 an hour, the holder writes a lease for the two hours they
    take: another run then waits for it (or stops after its wait), never takes it over."""
    clock = Clock()
    run = held_elsewhere(fake, lease=600, clock=clock)
    with run.held():
        fake.clear_log()
        run.renew_if_due(100)  # work that fits the lease: nothing written
        assert fake.requests == []
        run.renew_if_due(7200)
        assert run.renewals == 1 and run.expires >= clock.now + 7200 + 600
        clock.now += 7000
        other = held_elsewhere(fake, lease=600, wait=0, clock=clock)
        with pytest.raises(Busy, match="another sync holds the lock"):
            other._acquire()
        assert fake.refs()[LOCK_REF] == run.mine
