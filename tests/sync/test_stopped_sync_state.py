"""A sync stopped between a state change and the marker that records it (found by the model
test's soak on the local tracker) must not leave a state the marker does not know of.

If it did, the marker would still say "open" for an issue the stopped run closed; when the
author then unticks the item, the merge sees the postmortem's state equal to the marker's
and the tracker's differ, takes the close for one made by people, and keeps it: the issue of
an open item stays closed. The same holds for a reopen. Each tracker makes the state and its
marker one write (`Backend.change_state`): the local one in one transaction, GitHub in one
PATCH, Jira by carrying the marker on the transition request (the other fields of the same
sync go first, with a marker still recording the old state). Redmine's update, one request,
is checked against a real Redmine in tests/backends/redmine.

Each run is stopped at every write it makes (`stop_after` 0, 1, ...), as the model test's
"interrupted after k writes" step does."""

from __future__ import annotations

from contextlib import suppress

import pytest

from actiontrack.documents.load import load_documents
from actiontrack.sync import SyncOptions, sync_documents
from tests.sync.model_trackers import FaultPlan, Interrupted, Seen, Tracker

PM = """---
incident_date: 2024-03-01
---
# Outage

## Action items

- [{mark}] {title}
"""
TITLE = "Rotate the database credentials"
REWORDED = "Rotate the database credentials twice"




def _sync(tracker: Tracker, done: bool, plan: FaultPlan, title: str = TITLE) -> None:
    (tracker.root / "postmortems" / "2024-03-01-db.md").write_text(
        PM.format(mark="x" if done else " ", title=title))
    loaded = load_documents(["postmortems"], tracker.config, {}, warn=lambda _m: None)
    with tracker.backend(plan) as backend:
        sync_documents(loaded.to_sync, backend, tracker.config, options=SyncOptions(),
                       scope=loaded.scope, sleep=lambda _s: None)


def _stopped(tracker: Tracker, done: bool, stop_after: int, title: str = TITLE) -> bool:
    """Sync, stopped before write number `stop_after + 1` (Ctrl-C); whether it was."""
    plan = FaultPlan(stop_after=stop_after)
    with suppress(Interrupted):
        _sync(tracker, done, plan, title)
        return False
    return True


def _the_issue(tracker: Tracker) -> Seen:
    [issue] = tracker.issues().values()
    return issue


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_an_unticked_item_reopens_the_issue_a_stopped_sync_closed(
        tracker: Tracker, stop_after: int) -> None:
    _sync(tracker, False, FaultPlan())
    _stopped(tracker, True, stop_after)  # Ctrl-C somewhere in the close
    _sync(tracker, False, FaultPlan())  # the author unticks it; no one touched the tracker
    assert _the_issue(tracker).state == "open"


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_a_ticked_item_closes_the_issue_a_stopped_sync_reopened(
        tracker: Tracker, stop_after: int) -> None:
    _sync(tracker, True, FaultPlan())
    _stopped(tracker, False, stop_after)  # Ctrl-C somewhere in the reopen
    _sync(tracker, True, FaultPlan())  # the author ticks it again
    assert _the_issue(tracker).state == "closed"


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_a_stopped_close_with_a_reworded_title_is_finished_by_the_next_sync(
        tracker: Tracker, stop_after: int) -> None:
    """Ticked and reworded in one edit: two writes on Jira (the title, then the transition);
    a stop after the first leaves the title written and recorded, the state as it was."""
    _sync(tracker, False, FaultPlan())
    _stopped(tracker, True, stop_after, REWORDED)
    _sync(tracker, True, FaultPlan(), REWORDED)
    issue = _the_issue(tracker)
    assert (issue.state, issue.title) == ("closed", REWORDED)
    _sync(tracker, False, FaultPlan(), REWORDED)  # unticked: reopened, not kept closed
    assert _the_issue(tracker).state == "open"


# After a stop before the second write counted: Jira has written the title and not the
# transition; the local tracker's one transaction is undone whole; GitHub's one PATCH is done.
AFTER_ONE_WRITE = {"jira": (REWORDED, "open"), "local": (TITLE, "open"),
                   "github": (REWORDED, "closed")}


def test_a_stop_between_the_title_and_the_transition_is_redone_not_taken_for_people(
        tracker: Tracker) -> None:
    """What a stop after one write leaves is whole on every tracker, and the next sync
    finishes the close; a sync after it writes nothing."""
    _sync(tracker, False, FaultPlan())
    assert _stopped(tracker, True, 1, REWORDED) == (tracker.name != "github")
    issue = _the_issue(tracker)
    assert (issue.title, issue.state) == AFTER_ONE_WRITE[tracker.name]
    _sync(tracker, True, FaultPlan(), REWORDED)
    assert _the_issue(tracker).state == "closed"
    writes = tracker.writes()
    _sync(tracker, True, FaultPlan(), REWORDED)
    assert tracker.writes() == writes


@pytest.mark.parametrize("stop_after", [0, 1, 2])
def test_a_reopen_by_people_after_a_stopped_close_stays(
        tracker: Tracker, stop_after: int) -> None:
    """The other face of the same gap: a marker left saying "open" under a close makes a
    reopen by people look like no edit at all, and the next sync closed the issue again."""
    _sync(tracker, False, FaultPlan())
    _stopped(tracker, True, stop_after)
    issue = _the_issue(tracker)
    if issue.state == "closed":  # closed by the stopped run: people reopen it
        tracker.edit(issue.key, state="open")
    _sync(tracker, True, FaultPlan())
    assert _the_issue(tracker).state == ("open" if issue.state == "closed" else "closed")
