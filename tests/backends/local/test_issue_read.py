"""The local tracker's issues (and their markers' links) are built from their rows without
being validated again (`Frozen.of_valid`) when the row holds what validation would make: they
are the models validation makes, field by field, in the fields' order, whatever people or
another program did to the rows; a row that does not hold that (a BLOB where text belongs)
is validated, as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actiontrack.config import Config
from actiontrack.issue_format import MARKER_PREFIX, parse_marker
from actiontrack.model import Issue, IssueState, Link
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.backends.local.rows import edit, tracker


def validated(issue: Issue) -> Issue:
    """The issue as `Issue(...)` makes it of the same values, its link as `Link(...)` does
    (each given the fields it was given: a link read from the block alone has fewer)."""
    values = {name: getattr(issue, name) for name in issue.model_fields_set}
    if issue.link is not None:
        values["link"] = Link(**{name: getattr(issue.link, name)
                                 for name in issue.link.model_fields_set})
    return Issue(**values)


def same_model(made: Issue, expected: Issue) -> None:
    assert made == expected
    assert repr(made) == repr(expected)  # the fields in their order, each of its type
    assert made.model_fields_set == expected.model_fields_set
    assert made.model_dump_json() == expected.model_dump_json()
    for name in Issue.model_fields:
        assert type(getattr(made, name)) is type(getattr(expected, name)), name
    if made.link is not None and expected.link is not None:
        assert repr(made.link) == repr(expected.link)
        assert made.link.model_fields_set == expected.link.model_fields_set


def test_issues_read_from_rows_are_the_validated_models(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    doc = make_document("pm-rows", [f"Item {k}" for k in range(10)], done={1},
                        owners=["@ana", None] * 5)
    sync_documents([doc], tracker(db), Config())
    local = tracker(db)
    local.create(draft_for("pm-old", "A marker with only some fields"))
    local.shutdown()
    marker = f"<!-- {MARKER_PREFIX} "
    edit(db, 2, f"UPDATE issues SET body = substr(body, 1, instr(body, '{marker}') - 1) "
         "WHERE number = ?")  # the marker removed: the block names the item
    edit(db, 3, "UPDATE issues SET body = replace(body, '\"item\"', '\"itme\"') "
         "WHERE number = ?")  # mangled
    edit(db, 4, "UPDATE issues SET body = replace(body, '\"v\":2', '\"v\":\"2\"') "
         "WHERE number = ?")  # a number as text
    edit(db, 5, "UPDATE issues SET body = 'people rewrote it all', assignee = 'bo', "
         "priority = 'high', due = '2023-04-01', state = 'closed', state_reason = "
         "'not_planned', closed_at = '2023-03-01T10:00:00Z' WHERE number = ?")
    edit(db, 6, "UPDATE issues SET body = replace(body, '\"synced\":{', "
         "'\"synced\":{\"n\":7,') WHERE number = ?")  # a digest that is not text
    edit(db, 7, "UPDATE issues SET title = '' WHERE number = ?")
    edit(db, 8, "DELETE FROM labels WHERE issue = ?")
    edit(db, 9, "UPDATE issues SET body = '' WHERE number = ?")

    issues = tracker(db).find_linked(None)
    assert len(issues) == 11
    for issue in issues:
        same_model(issue, validated(issue))
    by_key = {i.key: i for i in issues}
    # every field given, as `Issue(...)` and `Link(...)` were given them before
    assert all(i.model_fields_set == set(Issue.model_fields) for i in issues)
    assert by_key["1"].link is not None
    assert by_key["1"].link.model_fields_set == set(Link.model_fields)
    assert by_key["2"].link is not None and by_key["2"].link.synced == {}
    assert by_key["4"].link is not None and by_key["4"].link.format == 2
    assert by_key["6"].link is not None and by_key["6"].link.synced["n"] == "7"
    assert by_key["5"].state is IssueState.CLOSED and by_key["5"].link is None
    made = local.create(draft_for("pm-new", "Made now"))  # built from its row as well
    same_model(made, validated(made))
    assert made == tracker(db).get(made.key)


def test_a_row_another_program_wrote_blobs_into_is_validated(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    local = tracker(db)
    for n in range(3):
        local.create(draft_for("pm-blob", f"Title {n}"))
    local.shutdown()
    edit(db, 1, "UPDATE issues SET title = CAST('A blob title' AS BLOB) WHERE number = ?")
    edit(db, 2, "UPDATE issues SET priority = CAST('high' AS BLOB) WHERE number = ?")
    edit(db, 3, "UPDATE issues SET assignee = CAST('ana' AS BLOB) WHERE number = ?")
    by_key = {i.key: i for i in tracker(db).find_linked(None)}
    assert by_key["1"].title == "A blob title"  # as validation reads it
    assert by_key["2"].priority == "high"
    assert by_key["3"].assignee == "ana"
    for issue in by_key.values():
        assert all(type(getattr(issue, name)) is str for name in ("title", "body", "key"))
        assert {type(issue.assignee), type(issue.priority)} <= {str, type(None)}


def test_a_marker_link_is_the_validated_link() -> None:
    body = (f"<!-- {MARKER_PREFIX} " '{"pm":"p","item":"i","v":2,"src":"a.md","inc":"2023-02-05",'
            '"done":"2023-03-01","t":"T","synced":{"title":"abc","state":"open"},'
            '"held":{"priority":"x"}} -->')
    link = parse_marker(body)
    assert link is not None
    expected = Link(**{name: getattr(link, name) for name in Link.model_fields})
    assert repr(link) == repr(expected) and link == expected
    assert link.model_fields_set == expected.model_fields_set


@pytest.mark.parametrize("synced", [
    {"title": "abc", "state": "open"}, {}, {"n": 7, "title": "abc"}, {"title": None},
    {"flag": True, "due": 2.5}, {"a": ["x"], "b": {"c": "d"}}])
def test_a_markers_digests_read_as_text_whatever_the_json_holds(synced: dict[str, object]
                                                               ) -> None:
    """The digest maps read from a marker (`_str_map`: text ones copied as they are) are every
    key and value as text, in order, a map of the link's own."""
    body = (f"<!-- {MARKER_PREFIX} " + json.dumps(
        {"pm": "p", "item": "i", "v": 2, "synced": synced, "held": synced},
        separators=(",", ":")) + " -->")
    link = parse_marker(body)
    assert link is not None
    expected = {str(k): str(v) for k, v in synced.items()}
    for read in (link.synced, link.held):
        assert read == expected and list(read) == list(expected)
        assert all(type(v) is str for v in read.values())
    assert link.synced is not link.held
