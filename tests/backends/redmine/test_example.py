"""The whole loop on a real Redmine, through the command line: the example postmortem syncs
with backdated due dates, a re-sync writes nothing, and an issue a person closes in Redmine
counts as done in the overdue report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from actiontrack.cli import cli
from tests.backends.redmine.server import REDMINE_ENV, admin_client, new_project


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
    return result.exit_code, result.output


def test_example_syncs_resyncs_to_nothing_and_reports_a_closed_issue_as_done(
        example: Path) -> None:
    with new_project() as project:
        env = {**REDMINE_ENV, "REDMINE_PROJECT": project, "ACTIONTRACK_BACKEND": "redmine"}
        code, out = run(["sync", str(example), "--format", "json"], env)
        assert code == 0, out
        first = json.loads(out)
        assert first["created"] == 4
        keys = {item["issue"]["key"] for item in first["items"]}
        client = admin_client()
        issues = list(client.issue.filter(project_id=project, status_id="*"))
        assert len(issues) == 4
        dues = sorted(str(i.due_date) for i in issues)
        assert dues == ["2023-02-12", "2023-03-07", "2023-03-07", "2023-03-07"]
        assert {str(i.start_date) for i in issues} == {"2023-02-05"}
        assert keys == {str(i.id) for i in issues}

        before = {i.id: str(i.updated_on) for i in issues}
        code, out = run(["sync", str(example)], env)
        assert code == 0 and "0 created, 0 updated, 4 unchanged" in out, out
        after = {i.id: str(i.updated_on) for i in
                 client.issue.filter(project_id=project, status_id="*")}
        assert after == before  # nothing was written

        code, out = run(["report", "--overdue", "--as-of", "2023-06-01", "--format", "json"],
                        env)
        assert code == 0 and len(json.loads(out)["items"]) == 4, out
        monitoring = next(i for i in issues if i.subject.startswith("Implement monitoring"))
        closed = next(s.id for s in client.issue_status.all() if s.name == "Closed")
        client.issue.update(monitoring.id, status_id=closed, notes="Done, by hand.")
        code, out = run(["report", "--overdue", "--format", "json"], env)
        items = json.loads(out)["items"]
        assert code == 0 and len(items) == 3
        assert monitoring.subject not in {i["title"] for i in items}
        # as of a day before the close, the item was still open then (issue 11: a report as
        # of D judges each item by its state on D)
        code, out = run(["report", "--overdue", "--as-of", "2023-06-01", "--format", "json"],
                        env)
        assert code == 0 and len(json.loads(out)["items"]) == 4, out
