"""A rename that a stopped sync left half done, then renamed again (found by the model test's
soak on the fake Jira): some issues already carry the second name, the others the first. The
next sync must see both old names as the one postmortem it now finds, whichever it looks at
first, and create nothing: the items of the new file that the half-moved issues already
claim are not counted against the rename of the others."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest

from actiontrack.documents.load import load_documents
from actiontrack.sync import SyncOptions, sync_documents
from tests.sync.model_trackers import FaultPlan, Interrupted, Tracker

TITLES = ("Rotate the database credentials", "Add an alert on replication lag",
          "Document the failover runbook", "Move the cron jobs off the primary")
PM = "{front}# Outage\n\n## Action items\n\n" + "".join(f"- [ ] {t}\n" for t in TITLES)




def _sync(tracker: Tracker, plan: FaultPlan | None = None) -> None:
    loaded = load_documents(["postmortems"], tracker.config, {}, warn=lambda _m: None)
    with tracker.backend(plan or FaultPlan()) as backend:
        sync_documents(loaded.to_sync, backend, tracker.config, options=SyncOptions(),
                       scope=loaded.scope, sleep=lambda _s: None)


def _write(root: Path, name: str, front: str = "") -> None:
    for old in (root / "postmortems").glob("*.md"):
        old.unlink()
    (root / "postmortems" / name).write_text(PM.format(front=front))


@pytest.mark.parametrize("stop_after", [1, 2, 3])
@pytest.mark.parametrize("second", ["file", "id"])
def test_a_half_done_rename_renamed_again_keeps_one_issue_per_item(
        tracker: Tracker, stop_after: int, second: str) -> None:
    _write(tracker.root, "2024-03-01-db.md")
    _sync(tracker)
    first = dict(tracker.issues())
    assert len(first) == len(TITLES)
    _write(tracker.root, "2024-03-01-db-renamed.md")
    with suppress(Interrupted):
        _sync(tracker, FaultPlan(stop_after=stop_after))  # Ctrl-C part way through the moves
    if second == "file":
        _write(tracker.root, "2024-03-01-db-renamed-again.md")
    else:
        _write(tracker.root, "2024-03-01-db-renamed.md", "---\nid: pm-db-outage\n---\n")
    _sync(tracker)
    _sync(tracker)
    issues = tracker.issues()
    assert sorted(issues) == sorted(first), "an item got a second issue"
    assert sorted(i.title for i in issues.values()) == sorted(TITLES)
    assert all(i.state == "open" for i in issues.values()), "an issue was closed as orphaned"
