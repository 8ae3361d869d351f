"""The user's own postmortem (examples/, shipped verbatim) parses the way its author meant."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from actiontrack.cli import cli
from actiontrack.parsing import parse_file

TASKS = [
    "Patch the shopping cart module",
    "Implement monitoring on server memory",
    "Conduct regular code reviews and update systems",
    "Provide incident response training to the on-call engineer and development team",
]


def _parse_json(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_example_gives_the_four_tasks_and_the_incident_date(example: Path) -> None:
    data = _parse_json(example)
    assert data["postmortem"]["incident_date"] == "2023-02-05"
    assert [i["title"] for i in data["action_items"]] == TASKS
    # The keys other tools rely on are all there.
    assert set(data["postmortem"]) >= {"id", "title", "incident_date", "source"}
    for item in data["action_items"]:
        assert set(item) >= {"id", "title", "kind", "owner", "due", "status", "links", "line",
                             "kind_source", "priority"}


def test_example_kinds_come_from_the_keyword_rule(example: Path) -> None:
    items = _parse_json(example)["action_items"]
    assert [i["kind"] for i in items] == ["corrective", "preventive", "preventive", "preventive"]
    assert {i["kind_source"] for i in items} == {"keyword"}


def test_example_measure_prose_is_not_items_but_explains_them(example: Path) -> None:
    doc = parse_file(example)
    titles = [i.title for i in doc.action_items]
    assert not any(t.startswith("Conduct thorough testing") for t in titles)
    why = {i.title: i.rationale for i in doc.action_items}
    assert why[TASKS[1]].startswith("Implement monitoring on the server memory and database")
    assert why[TASKS[2]].startswith("Regularly review and update the software")
    assert why[TASKS[3]].startswith("Provide training for the on-call engineer")
    assert "patch" in why[TASKS[0]]


def test_example_identity_title_and_lines(example: Path) -> None:
    doc = parse_file(example)
    assert doc.postmortem.id == "2023-02-05-shopping-cart-outage"
    assert doc.postmortem.title == "Shopping cart outage"
    assert doc.postmortem.root_cause.startswith("The root cause of the outage was a software bug")
    lines = example.read_text().splitlines()
    for item in doc.action_items:
        assert lines[item.line - 1].strip() == item.title
    again = parse_file(example)
    assert [i.id for i in again.action_items] == [i.id for i in doc.action_items]
    assert len({i.id for i in doc.action_items}) == 4
