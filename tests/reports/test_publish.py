"""The rolling weekly report issue: one issue, found by its marker and rewritten each run;
never counted as an action item. Runs on the local tracker; the `tracker` fixture is the only
thing another backend's run (e.g. the fake GitHub) needs to replace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from actiontrack.backends.base import Backend
from actiontrack.backends.local import LocalBackend
from actiontrack.cli import main
from actiontrack.config import Config
from actiontrack.issue_format import REPORT_POSTMORTEM_ID, is_report_issue
from actiontrack.model import CloseReason, IssueFields
from actiontrack.parsing import parse_file
from actiontrack.reports import render_weekly, weekly_report
from actiontrack.reports.overdue import overdue_items
from actiontrack.reports.publish import MAX_BODY, Published, fit_body, publish_report
from actiontrack.reports.render import render_comment
from actiontrack.sla import with_sla_due
from actiontrack.sync import sync_documents

AS_OF = dt.date(2023, 6, 1)


@pytest.fixture(params=["local", "github"])
def tracker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """The embedded tracker, and GitHub (the fake, over real HTTP, driven by PyGithub)."""
    if request.param == "local":
        backend: Backend = LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
        yield backend
        backend.shutdown()
        return
    from tests.fakes.github import FakeGitHub, backend_for
    with FakeGitHub() as fake:
        backend = backend_for(fake, Config(backends={"github": {"seconds_between_writes": 0}}))
        yield backend
        backend.shutdown()


@pytest.fixture
def synced(tracker: Backend, example: Path) -> Backend:
    config = Config()
    doc = with_sla_due(parse_file(example, config.parser), config.sla)
    sync_documents([doc], tracker, config)
    return tracker


def publish(tracker: Backend, as_of: dt.date) -> str:
    markdown = render_weekly(weekly_report(tracker.find_linked(None), as_of, Config()),
                             "markdown")
    return publish_report(tracker, markdown).issue.key


def test_second_run_updates_the_same_issue(synced: Backend) -> None:
    first = publish(synced, AS_OF)
    second = publish(synced, AS_OF + dt.timedelta(days=7))
    assert first == second
    reports = [i for i in synced.find_linked(None) if is_report_issue(i)]
    assert len(reports) == 1
    assert "weekly report, 2023-06-08" in reports[0].body
    assert "weekly report, 2023-06-01" not in reports[0].body


def test_report_issue_is_never_an_action_item(synced: Backend) -> None:
    publish(synced, AS_OF)
    issues = synced.find_linked(None)
    assert len(issues) == 5
    report = weekly_report(issues, AS_OF, Config())
    assert len(report.items) == 4 and len(report.overdue) == 4
    assert all(item.postmortem != REPORT_POSTMORTEM_ID for item in report.items)
    assert len(overdue_items(issues, AS_OF)) == 4


def test_a_closed_report_issue_is_reopened_not_duplicated(synced: Backend) -> None:
    key = publish(synced, AS_OF)
    synced.close(synced.get(key), CloseReason.COMPLETED)
    assert publish(synced, AS_OF) == key
    assert not synced.get(key).is_closed


def test_fit_body_cuts_at_a_line_and_says_so() -> None:
    text = "\n".join(f"| row {n} |" for n in range(20_000))
    cut = fit_body(text)
    assert len(cut) <= MAX_BODY and "cut here" in cut
    assert cut.split("\n\n_The report")[0].endswith("|")
    assert fit_body("short\n") == "short\n"


def test_cli_publish_and_issues_list(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(example)]) == 0
    assert main(["report", "--publish", "--as-of", "2023-06-01", "-o", "r.md"]) == 0
    assert main(["report", "--publish", "--as-of", "2023-06-08", "-o", "r.md"]) == 0
    err = capsys.readouterr().err
    assert "created the weekly report issue 5" in err
    assert "updated the weekly report issue 5" in err
    assert main(["issues", "list"]) == 0
    header, *listed = capsys.readouterr().out.strip().splitlines()
    assert header.split()[0] == "KEY"
    assert len(listed) == 4 and not any("weekly report" in line for line in listed)


# -- the weekly comment: an edit notifies nobody, a comment notifies the watchers -------------

@pytest.fixture(params=["local", "github"])
def watched(request: pytest.FixtureRequest, tmp_path: Path, example: Path
            ) -> Iterator[tuple[Backend, Callable[[str], list[str]]]]:
    """A synced tracker and a way to read an issue's comments as people see them."""
    config = Config()
    doc = with_sla_due(parse_file(example, config.parser), config.sla)
    if request.param == "local":
        local = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
        sync_documents([doc], local, config)
        yield local, lambda key: [body for _at, body in local.comments(key)]
        local.shutdown()
        return
    from tests.fakes.github import FakeGitHub, backend_for
    with FakeGitHub() as fake:
        backend = backend_for(fake, Config(backends={"github": {"seconds_between_writes": 0}}))
        sync_documents([doc], backend, config)
        yield backend, lambda key: fake.comments(int(key))
        backend.shutdown()


def publish_week(tracker: Backend, as_of: dt.date, *, mention: bool = False) -> Published:
    report = weekly_report(tracker.find_linked(None), as_of, Config())
    return publish_report(tracker, render_weekly(report, "markdown"), as_of=as_of,
                          comment=render_comment(report, mention_owners=mention))


def edit_patch_issue(tracker: Backend, fields: IssueFields) -> str:
    """People edit the "Patch the shopping cart" issue in the tracker; its key."""
    issue = next(i for i in tracker.find_linked(None) if i.title.startswith("Patch"))
    return tracker.update(issue, fields).key


def test_one_comment_a_week_and_none_for_a_rerun_in_the_same_week(
        watched: tuple[Backend, Callable[[str], list[str]]]) -> None:
    tracker, comments = watched
    first = publish_week(tracker, dt.date(2023, 2, 13))  # a Monday
    assert first.created and first.commented
    [comment] = comments(first.issue.key)
    assert comment.startswith("**Weekly report, 2023-02-13:** 1 overdue (1 corrective)")
    assert "**Newly overdue (1)**" in comment and "Patch the shopping cart module" in comment
    assert publish_week(tracker, dt.date(2023, 2, 16)).commented is False  # Thursday re-run
    assert len(comments(first.issue.key)) == 1
    assert "weekly report, 2023-02-16" in tracker.get(first.issue.key).body  # body rewritten
    again = publish_week(tracker, dt.date(2023, 2, 20))  # next Monday
    assert again.commented and again.issue.key == first.issue.key
    assert len(comments(first.issue.key)) == 2


def test_the_comment_names_what_was_closed_and_mentions_owners_only_when_asked(
        watched: tuple[Backend, Callable[[str], list[str]]]) -> None:
    tracker, comments = watched
    key = edit_patch_issue(tracker, IssueFields(assignee="alice"))
    published = publish_week(tracker, dt.date(2023, 2, 13))
    first = comments(published.issue.key)[0]
    assert "— alice, due 2023-02-12" in first and "@alice" not in first  # no ping
    tracker.close(tracker.get(key), CloseReason.COMPLETED)
    closed = tracker.get(key)
    assert closed.closed_at is not None
    day = closed.closed_at.date() + dt.timedelta(days=7 - closed.closed_at.weekday())
    mentioned = publish_week(tracker, day, mention=True)
    text = comments(mentioned.issue.key)[-1]
    assert "**Closed (1)**" in text
    assert f"Patch the shopping cart module — @alice, closed {closed.closed_at.date()}" in text


def test_html_in_a_title_is_escaped_in_the_comment(
        watched: tuple[Backend, Callable[[str], list[str]]]) -> None:
    tracker, comments = watched
    edit_patch_issue(tracker, IssueFields(title="Patch <details><summary>x"))
    published = publish_week(tracker, dt.date(2023, 2, 13))
    text = comments(published.issue.key)[0]
    assert "Patch &lt;details&gt;&lt;summary&gt;x" in text and "<details>" not in text


def test_a_tracker_that_takes_no_comment_still_gets_the_report(tmp_path: Path,
                                                               example: Path) -> None:
    from actiontrack_plugin_example import JsonFileBackend
    tracker = JsonFileBackend(Config(), {"ACTIONTRACK_JSONFILE": str(tmp_path / "t.json")})
    published = publish_week(tracker, dt.date(2023, 2, 13))
    assert published.created and not published.commented
    assert "weekly report, 2023-02-13" in tracker.get(published.issue.key).body


def test_cli_publish_says_it_commented(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(example)]) == 0
    assert main(["report", "--publish", "--as-of", "2023-06-05", "-o", "r.md"]) == 0
    assert main(["report", "--publish", "--as-of", "2023-06-06", "-o", "r.md"]) == 0
    err = capsys.readouterr().err
    assert "created the weekly report issue 5 file://" in err
    assert err.count("and posted this week's comment") == 1
    assert len(LocalBackend(Config()).comments("5")) == 1
