"""Syncing to GitHub through the engine, against the fake over real HTTP: request budgets
counted at the fake, and no duplicate through lost answers, 5xx bursts and rate limits."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.config import Config
from actiontrack.errors import RateLimited, Transient
from actiontrack.model import Action, ParsedDocument
from actiontrack.parsing import parse_file
from actiontrack.sla import with_sla_due
from actiontrack.sync import SyncOptions, sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.github import FakeGitHub, backend_for
from tests.fakes.github_limits import FakeClock


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


@pytest.fixture
def config() -> Config:
    # A short client timeout, and a short wait after an unknown outcome.
    return Config(backends={"github": {"seconds_between_writes": 0, "timeout": 1,
                                       "unanswered_wait": 0.5}})


def parsed(path: Path, config: Config) -> ParsedDocument:
    return with_sla_due(parse_file(path, config.parser), config.sla)


def titles(fake: FakeGitHub) -> list[str]:
    return sorted(i["title"] for i in fake.issues())


def test_example_syncs_to_four_issues_then_resync_is_one_read(
        fake: FakeGitHub, config: Config, example: Path) -> None:
    doc = parsed(example, config)
    _, first = sync_documents([doc], backend_for(fake, config), config)
    assert first.count(Action.CREATE) == 4 and not first.failures
    assert fake.count("POST", r"/issues$") == 4
    # The listing to plan; the lock across runs (a commit to point the lease at, the lease,
    # the ref; released within its lease, so without a read first: delete); the listing
    # again under it; four creates, GitHub making every label with the first issue that has
    # it (no label request); no listing after them (the lock was held throughout: nobody
    # created beside them).
    assert fake.count() == 10 and fake.count(path="/labels") == 0
    assert fake.count("GET", r"/issues$") == 2 and fake.count(path="/git/") == 3
    issues = fake.issues()
    assert len(issues) == 4
    assert all({"actiontrack", f"pm:{doc.postmortem.id}"} <= set(i["labels"]) for i in issues)
    assert any("kind:preventive" in i["labels"] for i in issues)
    fake.clear_log()
    plan, second = sync_documents([doc], backend_for(fake, config), config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 4
    assert fake.writes() == 0
    assert fake.count() <= 3
    assert fake.count() == 1


@pytest.mark.parametrize("n", [1, 7, 130])
def test_n_new_items_cost_n_creates_and_a_resync_pages_once_per_hundred(
        fake: FakeGitHub, config: Config, n: int) -> None:
    doc = make_document("pm-budget", [f"Action item number {k}" for k in range(n)])
    sync_documents([doc], backend_for(fake, config), config)
    assert fake.count("POST", r"/issues$") == n
    # the lock (4), two listings before the creates (the plan, and again under the lock; none
    # after them, since the lock was held throughout), no label request: the same for 1 item
    # as for 130
    assert fake.count() - n == 4 + 2
    fake.clear_log()
    plan, _ = sync_documents([doc], backend_for(fake, config), config)
    assert {c.action for c in plan.changes} == {Action.UNCHANGED}
    assert fake.writes() == 0
    assert fake.count() <= math.ceil(n / 100) + 2


def test_a_resync_lists_only_its_own_postmortem_and_many_list_once(
        fake: FakeGitHub, config: Config) -> None:
    docs = [make_document(f"pm-{k}", [f"Task {k}.{j}" for j in range(3)]) for k in range(4)]
    sync_documents(docs, backend_for(fake, config), config)
    fake.clear_log()
    sync_documents(docs[:1], backend_for(fake, config), config)
    [listing] = fake.requests
    assert listing.query == {"labels": "pm:pm-0", "state": "all", "per_page": "100"}
    fake.clear_log()
    plan, _ = sync_documents(docs, backend_for(fake, config), config)
    [listing] = fake.requests
    assert listing.query["labels"] == "actiontrack"
    assert len(plan.changes) == 12 and {c.action for c in plan.changes} == {Action.UNCHANGED}


def test_pull_requests_and_unmarked_issues_in_the_listing_are_ignored(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-prs", ["Fix the thing"])
    fake.add_issue("A PR with our labels", labels=("actiontrack", "pm:pm-prs"), pull=True)
    fake.add_issue("Hand-made issue with our labels", labels=("actiontrack", "pm:pm-prs"))
    plan, _ = sync_documents([doc], backend_for(fake, config), config)
    # Not adopted; reported as an orphan (it may be one whose marker was removed), never pruned
    assert [c.action for c in plan.changes] == [Action.CREATE, Action.ORPHANED]
    plan, _ = sync_documents([doc], backend_for(fake, config), config,
                             options=SyncOptions(prune=True))
    assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.ORPHANED]
    # Listed by its pm: label (it may be an issue whose marker people removed), never a PR.
    listed = backend_for(fake, config).find_linked(["pm-prs"])
    assert sorted(i.title for i in listed) == ["Fix the thing", "Hand-made issue with our labels"]
    hand_made = next(i for i in fake.issues() if i["title"].startswith("Hand-made"))
    assert not hand_made["body"]  # left alone


@pytest.mark.parametrize("stored", [False, True], ids=["502-before-store", "502-after-store"])
def test_two_502s_in_a_row_end_with_one_issue_per_item(
        fake: FakeGitHub, config: Config, example: Path, stored: bool) -> None:
    doc = parsed(example, config)
    fake.fail(502, times=2, method="POST", path=r"/issues$", stored=stored)
    _, result = sync_documents([doc], backend_for(fake, config), config)
    assert not result.failures
    assert len(fake.issues()) == 4
    assert titles(fake) == sorted(i.title for i in doc.action_items)
    # A 502 on a create is never replayed blindly: the item is looked up first.
    assert fake.count("POST", r"/issues$") == 6 if not stored else 4
    plan, _ = sync_documents([doc], backend_for(fake, config), config)
    assert {c.action for c in plan.changes} == {Action.UNCHANGED}


def test_github_failing_every_create_stops_the_run_after_three(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-down", [f"Item {k}" for k in range(10)])
    fake.fail(503, times=1000, method="POST")  # the lock's lease too: it goes on without
    styled = Config(backends={"github": {**config.backends["github"], "style_labels": True}})
    with pytest.raises(Transient, match="503"):
        sync_documents([doc], backend_for(fake, styled), styled)
    assert fake.count("POST", r"/issues$") == 3 and fake.issues() == []
    assert fake.count("POST", r"/labels$") == 1  # one failed label: the others are not tried


def test_a_lost_answer_after_the_issue_was_stored_creates_no_duplicate(
        fake: FakeGitHub, config: Config, example: Path) -> None:
    doc = parsed(example, config)
    fake.lose_response()
    _, result = sync_documents([doc], backend_for(fake, config), config)
    assert not result.failures and result.count(Action.CREATE) == 4
    creates = [r for r in fake.requests if r.method == "POST" and r.path.endswith("/issues")]
    assert creates[0].status == 0  # dropped
    assert fake.count("POST", r"/issues$") == 4  # the lookup found it: no second POST
    assert len(fake.issues()) == 4
    assert titles(fake) == sorted(i.title for i in doc.action_items)


def test_the_wait_after_an_unknown_outcome_is_the_timeout_and_at_least_githubs_limit(
        fake: FakeGitHub) -> None:
    def wait(**github: object) -> float:
        settings = {"seconds_between_writes": 0, **github}
        return backend_for(fake, Config(backends={"github": settings})).settle_seconds
    assert (wait(timeout=1), wait(), wait(timeout=40), wait(unanswered_wait=3)) == \
        (10.0, 15.0, 40.0, 3.0)


def test_a_create_committed_after_the_client_gave_up_is_waited_for_not_repeated(
        fake: FakeGitHub) -> None:
    """Issue 13's case: a 1 s client timeout and a create carried out 2.5 s after it was
    sent. The engine looks at once (not there yet), waits, looks again and finds it."""
    config = Config(backends={"github": {"seconds_between_writes": 0, "timeout": 1,
                                         "unanswered_wait": 2}})
    doc = make_document("pm-late", ["Late one", "On time"])
    fake.late_commit(2.5)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)
    _, result = sync_documents([doc], backend_for(fake, config), config, sleep=sleep)
    assert not result.failures and result.count(Action.CREATE) == 2
    assert sorted(i["title"] for i in fake.issues()) == ["Late one", "On time"]
    assert fake.count("POST", r"/issues$") == 2 and waits[0] == 2


def test_a_create_that_times_out_but_happened_is_found_not_repeated(
        fake: FakeGitHub, example: Path) -> None:
    config = Config(backends={"github": {"seconds_between_writes": 0, "timeout": 1,
                                         "unanswered_wait": 0.5}})
    doc = parsed(example, config)
    fake.slow(1.5, method="POST", path=r"/issues$")
    _, result = sync_documents([doc], backend_for(fake, config), config)
    assert not result.failures and result.count(Action.CREATE) == 4
    assert fake.count("POST", r"/issues$") == 4 and len(fake.issues()) == 4


def test_a_failed_close_comment_is_a_warning_and_never_posted_twice(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-comment", ["Fix the retry loop"])
    sync_documents([doc], backend_for(fake, config), config)
    fake.fail(502, method="POST", path=r"/comments$", stored=True)
    backend = backend_for(fake, config)
    _, result = sync_documents([make_document("pm-comment", ["Fix the retry loop"],
                                              done={0})], backend, config)
    assert not result.failures and result.count(Action.CLOSE) == 1
    [issue] = fake.issues()
    assert issue["state"] == "closed" and len(fake.comments(issue["number"])) == 1
    assert fake.count("POST", r"/comments$") == 1
    assert backend.warnings == [f"#{issue['number']}: the comment was not posted "
                                f"(github: comment on #{issue['number']}: GitHub answered "
                                "HTTP 502: Server Error: it may or may not have happened)"]


def test_5xx_bursts_on_reads_are_retried_and_never_read_as_absent(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-read", ["Add alerting"])
    sync_documents([doc], backend_for(fake, config), config)
    fake.fail(502, times=2, method="GET")
    waits: list[float] = []
    plan, _ = sync_documents([doc], backend_for(fake, config, sleep=waits.append), config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED]
    assert len(waits) == 2 and len(fake.issues()) == 1


@pytest.mark.parametrize("status", [403, 429])
def test_secondary_limits_wait_as_github_says_then_go_on(
        fake: FakeGitHub, config: Config, status: int) -> None:
    doc = make_document("pm-secondary", ["Add alerting", "Add a runbook"])
    fake.secondary_limit(retry_after=7, status=status, method="POST", path=r"/issues$")
    fake.secondary_limit(retry_after=None, status=status, method="POST", path=r"/issues$")
    clock = FakeClock()
    backend = backend_for(fake, config, sleep=clock.sleep, clock=clock.time)
    _, result = sync_documents([doc], backend, config)
    assert not result.failures and len(fake.issues()) == 2
    # Retry-After when given; a minute when GitHub gives no hint (its documented advice).
    assert clock.slept == [7.0, 60.0]
    # refused creates: no lookup (the listings are to plan, and again under the lock)
    assert fake.count("POST", r"/issues$") == 4 and fake.count("GET", r"/issues$") == 2


def test_a_primary_limit_far_away_fails_fast_with_the_reset_time(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-primary", ["Add alerting"])
    fake.primary_limit(reset_in=3600)
    waits: list[float] = []
    with pytest.raises(RateLimited, match=r"rate limit exhausted.*resets at \d\d:\d\d UTC"):
        sync_documents([doc], backend_for(fake, config, sleep=waits.append), config)
    assert waits == [] and fake.count() == 1 and fake.issues() == []


def test_a_primary_limit_on_create_stops_the_run_without_hammering(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-primary2", [f"Item {k}" for k in range(5)])
    fake.primary_limit(reset_in=3600, times=100)
    fake.faults[0].method, fake.faults[0].path = "POST", r"/issues$"
    with pytest.raises(RateLimited):
        sync_documents([doc], backend_for(fake, config), config)
    assert fake.count("POST", r"/issues$") == 1


def test_done_items_close_with_a_comment_and_prune_is_not_planned(
        fake: FakeGitHub, config: Config) -> None:
    doc = make_document("pm-close", ["Fix the retry loop", "Write the runbook"])
    sync_documents([doc], backend_for(fake, config), config)
    done = make_document("pm-close", ["Fix the retry loop"], done={0})
    sync_documents([done], backend_for(fake, config), config, options=SyncOptions(prune=True))
    by_title = {i["title"]: i for i in fake.issues()}
    fixed, dropped = by_title["Fix the retry loop"], by_title["Write the runbook"]
    assert (fixed["state"], fixed["state_reason"]) == ("closed", "completed")
    assert (dropped["state"], dropped["state_reason"]) == ("closed", "not_planned")
    assert fake.comments(fixed["number"]) == [
        "Marked done in the postmortem (pm-close); closed by actiontrack."]
    assert "no longer in the postmortem" in fake.comments(dropped["number"])[0]


def test_an_item_that_links_its_issue_keeps_it_when_reworded_beyond_recognition(
        fake: FakeGitHub, config: Config) -> None:
    sync_documents([make_document("pm-link", ["Add disk alerts"])], backend_for(fake, config),
                   config)
    [issue] = fake.issues()
    old = make_document("pm-link", ["Page the storage team when volumes fill up"])
    item = old.action_items[0].model_copy(update={"links": (f"#{issue['number']}",)})
    relinked = old.model_copy(update={"action_items": (item,)})
    plan, _ = sync_documents([relinked], backend_for(fake, config), config)
    assert [c.action for c in plan.changes] == [Action.UPDATE]
    assert [i["title"] for i in fake.issues()] == ["Page the storage team when volumes fill up"]


def test_an_item_naming_a_hand_made_issue_adopts_it_instead_of_creating_one(
        fake: FakeGitHub, config: Config) -> None:
    number = fake.add_issue("Disk alerts (filed by hand)", body="Notes people wrote.",
                            labels=("storage",))
    doc = make_document("pm-adopt", ["Add disk alerts", "Patch the kernel"])
    item = doc.action_items[0].model_copy(update={"links": (f"#{number}",)})
    linked = doc.model_copy(update={"action_items": (item, doc.action_items[1])})
    plan, result = sync_documents([linked], backend_for(fake, config), config)
    assert sorted(c.action.value for c in plan.changes) == ["create", "update"]
    assert not result.failures
    adopted = next(i for i in fake.issues() if i["number"] == number)
    assert adopted["title"] == "Disk alerts (filed by hand)"  # what people wrote stays
    assert adopted["body"].startswith("Notes people wrote.")
    assert {"storage", "actiontrack", "pm:pm-adopt"} <= set(adopted["labels"])
    assert len(fake.issues()) == 2
    plan, _ = sync_documents([linked], backend_for(fake, config), config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.UNCHANGED]
