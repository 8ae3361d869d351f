"""The engine against the real SQLite tracker, including trackers that fail the way real
ones do. `FaultyTracker` is the local tracker with faults injected at its boundary (what a
lost HTTP response or a 502 does to a real tracker); the engine's own code is never patched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.errors import Refused, Transient, UnknownOutcome
from actiontrack.model import Action, Issue, IssueDraft, IssueFields, ItemStatus
from actiontrack.sync import SyncOptions, plan_sync, sync_documents
from actiontrack.testing import make_document


class FaultyTracker(LocalBackend):
    """The local tracker, with scripted faults.

    `lose_create`: titles whose create is stored, but whose answer is lost (once each).
    `fail_create`: titles whose create fails before reaching the tracker (n times each).
    `refuse`: titles the tracker refuses outright.
    `lookups_fail`: every lookup after a lost create answers 5xx."""

    def __init__(self, path: Path, **faults: object) -> None:
        super().__init__(Config(), {"ACTIONTRACK_DB": str(path)})
        self.lose_create: set[str] = set(faults.get("lose_create", ()))  # type: ignore[arg-type]
        self.fail_create: dict[str, int] = dict(faults.get("fail_create", {}))  # type: ignore[arg-type]
        self.refuse: set[str] = set(faults.get("refuse", ()))  # type: ignore[arg-type]
        self.lookups_fail = bool(faults.get("lookups_fail", False))
        self.creates = 0
        self.lookups = 0
        self.lost = 0

    def create(self, draft: IssueDraft) -> Issue:
        self.creates += 1
        if draft.title in self.refuse:
            raise Refused("title is not allowed", backend=self.name)
        if self.fail_create.get(draft.title, 0) > 0:
            self.fail_create[draft.title] -= 1
            raise Transient("502 Bad Gateway", backend=self.name, status=502)
        issue = super().create(draft)
        if draft.title in self.lose_create:
            self.lose_create.discard(draft.title)
            self.lost += 1
            raise UnknownOutcome("connection reset after the request was sent",
                                 backend=self.name)
        return issue

    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        self.lookups += 1
        if self.lookups_fail and self.lost:
            raise Transient("503 Service Unavailable", backend=self.name, status=503)
        return super().find_linked(postmortem_ids)


TITLES = ["Patch the cart module", "Add memory alerts", "Train the on-call engineers"]


@pytest.fixture
def config() -> Config:
    return Config()


def count_by_title(tracker: LocalBackend, pm: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for issue in tracker.find_linked([pm]):
        counts[issue.title] = counts.get(issue.title, 0) + 1
    return counts


def test_lost_create_response_is_looked_up_not_recreated(tmp_path: Path, config: Config) -> None:
    tracker = FaultyTracker(tmp_path / "t.db", lose_create={TITLES[1]})
    doc = make_document("pm-lost", TITLES)
    _, result = sync_documents([doc], tracker, config)
    assert not result.failures
    assert result.count(Action.CREATE) == 3
    assert count_by_title(tracker, "pm-lost") == {t: 1 for t in TITLES}
    assert tracker.creates == 3  # the lost one was found by the lookup, not sent again


def test_two_failed_creates_in_a_row_end_with_one_issue(tmp_path: Path, config: Config) -> None:
    tracker = FaultyTracker(tmp_path / "t.db", fail_create={TITLES[0]: 2})
    doc = make_document("pm-502", TITLES)
    _, result = sync_documents([doc], tracker, config)
    assert not result.failures
    assert count_by_title(tracker, "pm-502") == {t: 1 for t in TITLES}
    assert tracker.creates == 5


def test_could_not_ask_is_never_read_as_absent(tmp_path: Path, config: Config) -> None:
    """After an unknown outcome the lookup answers 503: the run stops, nothing is re-created."""
    tracker = FaultyTracker(tmp_path / "t.db", lose_create={TITLES[0]}, lookups_fail=True)
    doc = make_document("pm-503", TITLES)
    with pytest.raises(Transient, match="503"):
        sync_documents([doc], tracker, config)
    healthy = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    assert count_by_title(healthy, "pm-503")[TITLES[0]] == 1
    # The other creates went out before the lookup; a later run with the tracker healthy
    # again finds every one of them and creates nothing.
    _, result = sync_documents([doc], healthy, config)
    assert count_by_title(healthy, "pm-503") == {t: 1 for t in TITLES}
    assert result.count(Action.UNCHANGED) == 3 and result.count(Action.CREATE) == 0


def test_a_refused_item_does_not_stop_the_others(tmp_path: Path, config: Config) -> None:
    tracker = FaultyTracker(tmp_path / "t.db", refuse={TITLES[1]})
    _, result = sync_documents([make_document("pm-ref", TITLES)], tracker, config)
    assert [a.change.item.title for a in result.failures] == [TITLES[1]]
    assert isinstance(result.failures[0].error, Refused)
    assert count_by_title(tracker, "pm-ref") == {TITLES[0]: 1, TITLES[2]: 1}


def test_done_item_without_an_issue_is_created_closed(tmp_path: Path, config: Config) -> None:
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-done", TITLES[:2], done={0})
    _, result = sync_documents([doc], tracker, config)
    states = {i.title: i.is_closed for i in tracker.find_linked(["pm-done"])}
    assert states == {TITLES[0]: True, TITLES[1]: False}
    assert tracker.comments(next(i.key for i in tracker.find_linked(["pm-done"])
                                 if i.title == TITLES[0]))


def test_plan_is_pure_and_counts_each_action(tmp_path: Path, config: Config) -> None:
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-plan", TITLES)
    sync_documents([doc], tracker, config)
    tracked = tracker.find_linked(["pm-plan"])
    changed = make_document("pm-plan", [TITLES[0], TITLES[1] + " and disk"], done={0})
    plan = plan_sync([changed], tracked, config, tracker, SyncOptions())
    assert sorted(c.action.value for c in plan.changes) == ["close", "orphaned", "update"]
    assert tracker.find_linked(["pm-plan"]) == tracked  # planning wrote nothing


def test_people_edits_survive_and_unassign_is_never_forced(tmp_path: Path,
                                                           config: Config) -> None:
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-edit", ["Rotate the keys"], owners=["@dana"])
    sync_documents([doc], tracker, config)
    issue = tracker.find_linked(["pm-edit"])[0]
    assert issue.assignee == "dana"
    tracker.update(issue, IssueFields(assignee="erin", due=dt.date(2023, 9, 1),
                                      labels=issue.labels + ("team:security",)))
    plan, _ = sync_documents([doc], tracker, config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED]
    after = tracker.find_linked(["pm-edit"])[0]
    assert (after.assignee, after.due) == ("erin", dt.date(2023, 9, 1))
    # The postmortem changes the kind: managed labels move, the person's label stays.
    rekinded = make_document("pm-edit", ["Rotate the keys"], owners=["@dana"],
                             kinds=["preventive"])
    sync_documents([rekinded], tracker, config)
    labels = set(tracker.find_linked(["pm-edit"])[0].labels)
    assert {"team:security", "kind:preventive"} <= labels and "kind:corrective" not in labels


def test_the_same_item_in_two_postmortems_gets_two_issues(tmp_path: Path,
                                                          config: Config) -> None:
    """Items are matched within their own postmortem only: equal titles in two postmortems
    never share (or steal) an issue."""
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    a = make_document("pm-a", ["Fix the DNS TTL"])
    b = make_document("pm-b", ["Fix the DNS TTL"])
    sync_documents([a, b], tracker, config)
    assert len(tracker.find_linked(None)) == 2
    assert {i.link.postmortem_id for i in tracker.find_linked(None)} == {"pm-a", "pm-b"}


def test_a_second_sync_waits_for_the_first(tmp_path: Path, example: Path) -> None:
    """While one sync holds the tracker, another process's sync waits, then finds the work
    done: two syncs never plan from the same state, so they never both create."""
    import subprocess
    import sys
    import time
    db = tmp_path / "t.db"
    tracker = LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)})
    doc = make_document("2023-02-05-shopping-cart-outage", ["Patch the shopping cart module"])
    bin_ = Path(sys.executable).parent / "actiontrack"
    with tracker.sync_lock():
        proc = subprocess.Popen([str(bin_), "sync", str(example), "--format", "json"],
                                cwd=tmp_path, env={"ACTIONTRACK_DB": str(db), "PATH": "/usr/bin"},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)  # far longer than the sync takes when nothing holds the lock
        assert proc.poll() is None, "the second sync did not wait for the lock"
        # This holder creates one item meanwhile; the waiting sync must see it when it runs.
        plan = plan_sync([doc], tracker.find_linked(None), Config(), tracker)
        tracker.create(plan.changes[0].draft)  # type: ignore[arg-type]
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    titles = [i.title for i in LocalBackend(Config(), {"ACTIONTRACK_DB": str(db)}
                                            ).find_linked(None)]
    assert sorted(titles) == sorted(set(titles)) and len(titles) == 4


def test_dropped_items_are_never_created_and_close_their_issue_as_not_planned(
        tmp_path: Path, config: Config) -> None:
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-drop", TITLES)
    sync_documents([doc], tracker, config)
    dropped = doc.action_items[1].model_copy(update={"status": ItemStatus.DROPPED})
    never = make_document("pm-drop", ["Rewrite it in Rust"]).action_items[0].model_copy(
        update={"status": ItemStatus.DROPPED})
    changed = doc.model_copy(update={"action_items": (doc.action_items[0], dropped,
                                                      doc.action_items[2], never)})
    plan, result = sync_documents([changed], tracker, config)
    assert [c.action for c in plan.changes] == \
        [Action.UNCHANGED, Action.CLOSE, Action.UNCHANGED, Action.SKIP]
    by_title = {i.title: i for i in tracker.find_linked(["pm-drop"])}
    assert by_title[TITLES[1]].is_closed and by_title[TITLES[1]].state_reason == "not_planned"
    assert "Rewrite it in Rust" not in by_title and len(by_title) == 3
    plan, _ = sync_documents([changed], tracker, config, options=SyncOptions(reopen=True))
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 3 + [Action.SKIP]
