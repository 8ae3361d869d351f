"""The spine, end to end through the CLI: parse -> sync -> re-sync -> report -> close -> report,
on the embedded tracker, with the JSON shapes other tools rely on."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

EXPECTED_TITLES = [
    "Patch the shopping cart module",
    "Implement monitoring on server memory",
    "Conduct regular code reviews and update systems",
    "Provide incident response training to the on-call engineer and development team",
]


def test_parse_example_json_has_the_four_tasks_and_the_incident_date(run, example: Path) -> None:
    code, out, _ = run("parse", str(example), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["postmortem"]["incident_date"] == "2023-02-05"
    assert data["postmortem"]["id"] == "2023-02-05-shopping-cart-outage"
    assert {"id", "title", "incident_date", "source"} <= set(data["postmortem"])
    assert [i["title"] for i in data["action_items"]] == EXPECTED_TITLES
    for item in data["action_items"]:
        assert {"id", "title", "kind", "owner", "due", "status", "links", "line"} <= set(item)
    assert [i["kind"] for i in data["action_items"]] == \
        ["corrective", "preventive", "preventive", "preventive"]
    assert [i["due"] for i in data["action_items"]] == \
        ["2023-02-12", "2023-03-07", "2023-03-07", "2023-03-07"]


def test_full_loop_sync_resync_report_close(run, example: Path) -> None:
    code, out, _ = run("sync", str(example), "--format", "json")
    assert code == 0
    first = json.loads(out)
    assert (first["created"], first["updated"], first["unchanged"], first["closed"],
            first["orphaned"]) == (4, 0, 0, 0, 0)
    assert [i["action"] for i in first["items"]] == ["create"] * 4
    keys = [i["issue"]["key"] for i in first["items"]]
    assert len(set(keys)) == 4 and all(i["issue"]["url"] for i in first["items"])

    code, out, _ = run("sync", str(example), "--format", "json")
    second = json.loads(out)
    assert (second["created"], second["updated"], second["unchanged"]) == (0, 0, 4)
    assert [i["issue"]["key"] for i in second["items"]] == keys

    code, out, _ = run("report", "--overdue", "--as-of", "2023-06-01", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2023-06-01"
    assert sorted(i["title"] for i in report["items"]) == sorted(EXPECTED_TITLES)
    patch = next(i for i in report["items"] if i["title"].startswith("Patch"))
    assert patch["days_overdue"] == 109 and patch["kind"] == "corrective"
    assert patch["due"] == "2023-02-12"
    assert patch["postmortem"] == "2023-02-05-shopping-cart-outage"
    assert set(patch["issue"]) == {"key", "url", "state"} and patch["issue"]["state"] == "open"

    code, out, _ = run("issues", "close", keys[1])
    assert code == 0 and "closed" in out
    code, out, _ = run("report", "--overdue", "--format", "json")  # as of today
    remaining = json.loads(out)["items"]
    assert len(remaining) == 3
    assert EXPECTED_TITLES[1] not in {i["title"] for i in remaining}
    # As of a day before the close, it was still open and overdue then.
    code, out, _ = run("report", "--overdue", "--as-of", "2023-06-01", "--format", "json")
    assert len(json.loads(out)["items"]) == 4

    # Closed in the tracker: a re-sync neither reopens it nor duplicates it.
    code, out, _ = run("sync", str(example), "--format", "json")
    third = json.loads(out)
    assert (third["created"], third["unchanged"]) == (0, 4)


def test_dry_run_writes_nothing(run, example: Path, tmp_path: Path) -> None:
    code, out, _ = run("sync", str(example), "--dry-run")
    assert code == 0
    assert out.count("would create") == 4
    assert not (tmp_path / ".actiontrack").exists()


def test_dry_run_after_an_edit_shows_the_update_only(run, example: Path, tmp_path: Path) -> None:
    pm = tmp_path / "pm.md"
    shutil.copy(example, pm)
    run("sync", str(pm))
    pm.write_text(pm.read_text().replace("Implement monitoring on server memory",
                                         "Implement monitoring on server memory and disk"))
    code, out, _ = run("sync", str(pm), "--dry-run", "--format", "json")
    data = json.loads(out)
    assert data["dry_run"] is True
    assert (data["created"], data["updated"], data["unchanged"]) == (0, 1, 3)
    updated = next(i for i in data["items"] if i["action"] == "update")
    assert "title" in updated["fields"]
    db = sqlite3.connect(tmp_path / ".actiontrack" / "tracker.db")
    titles = [r[0] for r in db.execute("SELECT title FROM issues ORDER BY number")]
    assert titles[1] == "Implement monitoring on server memory"  # untouched by the dry run


def test_fail_on_overdue_exits_3_and_0_when_nothing_is_late(run, example: Path) -> None:
    run("sync", str(example))
    code, _, _ = run("report", "--as-of", "2023-06-01", "--fail-on-overdue")
    assert code == 3
    code, out, _ = run("report", "--as-of", "2023-02-06", "--fail-on-overdue")
    assert code == 0 and "No overdue" in out


def test_report_kind_filter(run, example: Path) -> None:
    run("sync", str(example))
    code, out, _ = run("report", "--as-of", "2023-06-01", "--kind", "corrective",
                       "--format", "json")
    assert [i["title"] for i in json.loads(out)["items"]] == [EXPECTED_TITLES[0]]


def test_sync_a_folder_and_a_glob(run, example: Path, tmp_path: Path) -> None:
    folder = tmp_path / "postmortems"
    folder.mkdir()
    shutil.copy(example, folder / "a.md")
    (folder / "b.md").write_text("# B\n\nDate: 2024-01-10\n\n## Action items\n- Fix the DNS TTL\n")
    code, out, _ = run("sync", str(folder), "--format", "json")
    assert json.loads(out)["created"] == 5
    code, out, _ = run("sync", str(folder / "*.md"), "--format", "json")
    assert json.loads(out)["unchanged"] == 5


def test_issues_list_and_show(run, example: Path) -> None:
    run("sync", str(example))
    code, out, _ = run("issues", "list")
    assert code == 0 and out.count("open") == 4
    code, out, _ = run("issues", "show", "1")
    assert "Patch the shopping cart module" in out and "2023-02-12" in out
    assert "actiontrack:v1" not in out  # the marker is plumbing, not for people


@pytest.mark.parametrize("done_marker", ["[x]", "[X]"])
def test_item_marked_done_closes_its_issue(run, tmp_path: Path, done_marker: str) -> None:
    pm = tmp_path / "pm.md"
    pm.write_text("# Outage\n\nDate: 2024-03-01\n\n## Action items\n"
                  "- [ ] Fix the cron overlap\n- [ ] Add a lock alert\n")
    run("sync", str(pm))
    pm.write_text(pm.read_text().replace("- [ ] Fix", f"- {done_marker} Fix"))
    code, out, _ = run("sync", str(pm), "--format", "json")
    data = json.loads(out)
    assert (data["closed"], data["unchanged"]) == (1, 1)
    code, out, _ = run("issues", "list", "--state", "closed")
    assert "Fix the cron overlap" in out


def test_text_report_puts_preventive_measures_first_in_each_group(run, example: Path) -> None:
    run("sync", str(example))
    code, out, _ = run("report", "--as-of", "2023-06-01")
    lines = [line for line in out.splitlines() if line.strip().endswith(tuple(EXPECTED_TITLES))]
    kinds = [line.split("[")[1].split("]")[0] for line in lines]
    assert kinds == ["preventive"] * 3 + ["corrective"]
    code, out, _ = run("report", "--as-of", "2023-06-01", "--format", "json")
    assert json.loads(out)["items"][0]["kind"] == "corrective"  # JSON: most overdue first
