"""The local tracker's read for reports (`find_for_report`: one query of the columns the
reports use, no `Issue` built) gives what the generic read gives (`find_linked(None)`, each
issue as the reports read it), whatever people did to the bodies and labels."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from actiontrack.backends.base import Backend
from actiontrack.config import Config
from actiontrack.issue_format import MARKER_PREFIX, tracked_issue
from actiontrack.model import IssueState
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.backends.local.rows import edit, tracker


def body_of(path: Path, number: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT body FROM issues WHERE number = ?",
                                (number,)).fetchone()[0])
    finally:
        conn.close()


def test_the_report_read_is_the_generic_read_whatever_the_bodies_hold(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    titles = [f"Item {k}" for k in range(12)]
    doc = make_document("pm-report-read", titles, done={1, 4}, kinds=["corrective",
                        "preventive"] * 6, owners=["@ana", None] * 6)
    sync_documents([doc], tracker(db), Config())
    local = tracker(db)
    local.create(draft_for("pm-old", "An issue with a marker and no incident date"))
    local.close(local.get("13"), "completed")
    local.shutdown()
    marker_at = body_of(db, 2).index(f"<!-- {MARKER_PREFIX}")
    # the marker removed: the block's first line still names the item
    edit(db, 3, "UPDATE issues SET body = substr(body, 1, ?) WHERE number = ?", marker_at)
    # the marker mangled, and a mention of the prefix in people's text before it
    edit(db, 4, "UPDATE issues SET body = replace(body, '\"item\"', '\"itme\"') "
         "WHERE number = ?")
    edit(db, 5, "UPDATE issues SET body = 'See actiontrack:v1 notes.\n' || body "
         "WHERE number = ?")
    # nothing of actiontrack's left but the labels
    edit(db, 6, "UPDATE issues SET body = 'people rewrote it all' WHERE number = ?")
    # a marker that is not an object, and one that is not followed as written
    edit(db, 7, f"UPDATE issues SET body = substr(body, 1, {marker_at}) || "
         f"'<!-- {MARKER_PREFIX} [1, 2] -->' WHERE number = ?")
    edit(db, 8, "UPDATE issues SET body = replace(body, ' -->', '-->') WHERE number = ?")
    # an old body's incident line, with a marker that has no incident date
    edit(db, 13, "UPDATE issues SET body = '- **Incident date:** 2022-12-01\n' || body "
         "WHERE number = ?")
    # closed in the tracker, reassigned, a due date moved, labels changed
    edit(db, 9, "UPDATE issues SET state = 'closed', state_reason = 'not_planned', "
         "closed_at = '2023-03-01T10:00:00Z', assignee = 'bo', due = '2023-04-01' "
         "WHERE number = ?")
    edit(db, 10, "DELETE FROM labels WHERE issue = ? AND name LIKE 'kind:%'")

    local = tracker(db)
    generic = [tracked_issue(issue) for issue in local.find_linked(None)]
    assert local.find_for_report() == generic
    assert Backend.find_for_report(local) == generic
    by_key = {i.key: i for i in generic}
    assert by_key["1"].incident_date == dt.date(2023, 2, 5)
    assert by_key["13"].incident_date == dt.date(2022, 12, 1)  # the body's line
    assert by_key["9"].state == IssueState.CLOSED and by_key["9"].assignee == "bo"
    assert by_key["6"].postmortem_id is None  # found by its labels only
    assert by_key["3"].postmortem_id == "pm-report-read"  # by its block


def test_the_report_read_of_no_tracker_is_empty_and_says_why(tmp_path: Path) -> None:
    local = tracker(tmp_path / "none.db")
    assert local.find_for_report() == []
    assert any("nothing has been synced" in w for w in local.warnings)
