"""The weekly report over the example postmortem, synced to the embedded tracker: overdue items
in their aging buckets, preventive first, SLA figures, changes in the last 7 days, and every
output format."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.cli import main
from actiontrack.config import Config, SlaPolicy
from actiontrack.model import CloseReason, Issue, IssueFields
from actiontrack.reports import render_weekly, weekly_report
from actiontrack.reports.sla import percentile

AS_OF = dt.date(2023, 6, 1)
INCIDENT = dt.date(2023, 2, 5)


def at(day: str) -> LocalBackend:
    """The test tracker with its clock set to noon UTC on `day` (closing stamps that day)."""
    moment = dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=dt.UTC)
    return LocalBackend(Config(), {}, clock=lambda: moment)  # the CLI's default file


@pytest.fixture
def synced(example: Path, capsys: pytest.CaptureFixture[str]) -> list[Issue]:
    """The example synced to the local tracker, as the CLI does it (default SLA 7/30 days)."""
    assert main(["sync", str(example)]) == 0
    capsys.readouterr()
    tracker = at("2023-06-01")
    issues = tracker.find_linked(None)
    tracker.shutdown()
    assert len(issues) == 4
    return issues


def by_title(issues: list[Issue], start: str) -> Issue:
    return next(i for i in issues if i.title.startswith(start))


def test_example_as_of_2023_06_01_puts_each_overdue_item_in_its_bucket(
        synced: list[Issue]) -> None:
    report = weekly_report(synced, AS_OF, Config())
    assert len(report.overdue) == 4
    days = {item.title: (item.kind, item.days_overdue, item.bucket) for item in report.overdue}
    # corrective: incident + 7 days = 2023-02-12 -> 109 days late; preventive: + 30 = 2023-03-07
    # -> 86 days late.
    for kind, overdue, bucket in days.values():
        assert (overdue, bucket) == ((109, ">90") if kind == "corrective" else (86, "31–90"))
    corrective = sum(1 for k, _d, _b in days.values() if k == "corrective")
    assert corrective >= 1 and 4 - corrective >= 1
    assert report.buckets == {"1–7": 0, "8–30": 0, "31–90": 4 - corrective, ">90": corrective}
    assert report.kinds[:2] == ["preventive", "corrective"]  # preventive measures on top
    assert len(report.no_owner) == 4 and report.due_soon == []
    assert report.newly_overdue == [] and report.closed_recently == []
    # Every item is open past its SLA: decided, none on time.
    rows = {row.kind: row for row in report.sla}
    assert rows["corrective"].counts["breached"] == corrective
    assert rows["preventive"].counts["breached"] == 4 - corrective
    assert rows[None].decided == 4 and rows[None].on_time_share == 0.0
    assert rows[None].median_days is None and rows[None].p90_days is None


def test_sla_figures_count_days_to_close_from_the_incident(synced: list[Issue]) -> None:
    patch = by_title(synced, "Patch")  # corrective, SLA 7 days
    training = by_title(synced, "Provide incident response training")  # preventive, 30 days
    monitoring = by_title(synced, "Implement monitoring")  # preventive, 30 days
    at("2023-02-10").close(patch, CloseReason.COMPLETED)  # 5 days: on time
    at("2023-03-01").close(training, CloseReason.COMPLETED)  # 24 days: on time
    at("2023-05-30").close(monitoring, CloseReason.COMPLETED)  # 114 days: late
    tracker = at("2023-06-01")
    report = weekly_report(tracker.find_linked(None), AS_OF, Config())
    rows = {row.kind: row for row in report.sla}
    assert rows["corrective"].counts["on_time"] == 1
    assert rows["corrective"].on_time_share == 1.0
    assert rows["corrective"].median_days == 5.0
    pre = rows["preventive"]
    assert (pre.counts["on_time"], pre.counts["late"], pre.counts["breached"]) == (1, 1, 1)
    assert pre.on_time_share == pytest.approx(1 / 3)
    assert pre.median_days == 69.0 and pre.p90_days == 114  # (24 + 114) / 2; nearest rank
    assert rows[None].median_days == 24.0 and rows[None].p90_days == 114
    # Closed on 2023-05-30: inside the last 7 days; the others are older news.
    assert [i.title for i in report.closed_recently] == [monitoring.title]
    assert [i.title for i in report.overdue] == ["Conduct regular code reviews and update systems"]


def test_business_day_policy_counts_weekdays_only(synced: list[Issue]) -> None:
    patch = by_title(synced, "Patch")
    at("2023-02-15").close(patch, CloseReason.COMPLETED)  # Sun 5 Feb -> Wed 15 Feb
    config = Config(sla=SlaPolicy(corrective=7, business_days=True))
    tracker = at("2023-06-01")
    report = weekly_report(tracker.find_linked(None), AS_OF, config, ["corrective"])
    item = report.items[0]
    assert item.days_to_close == 8  # Mon 6 .. Wed 15, weekdays: 8
    assert item.sla_deadline == dt.date(2023, 2, 14)  # 7 business days after Sun 5 Feb
    assert item.sla_state(AS_OF) == "late"
    assert "business days" in report.sla_policy


def test_newly_overdue_and_due_soon_are_derived_from_due_dates(synced: list[Issue]) -> None:
    # As of 2023-03-10, the preventive items (due 2023-03-07) went overdue this week; as of
    # 2023-03-02 they are due in the next 7 days.
    report = weekly_report(synced, dt.date(2023, 3, 10), Config())
    assert {i.kind for i in report.newly_overdue} == {"preventive"}
    assert all(i.days_overdue == 3 and i.bucket == "1–7" for i in report.newly_overdue)
    soon = weekly_report(synced, dt.date(2023, 3, 2), Config())
    assert {i.kind for i in soon.due_soon} == {"preventive"}
    assert {i.kind for i in soon.overdue} == {"corrective"}


def test_kind_filter_narrows_every_section(synced: list[Issue]) -> None:
    report = weekly_report(synced, AS_OF, Config(), ["Preventive"])
    assert report.overdue and {i.kind for i in report.items} == {"preventive"}
    assert report.kinds == ["preventive"] and len(report.sla) == 1


def test_markdown_has_sections_in_order_and_a_mermaid_bar_chart(synced: list[Issue]) -> None:
    text = render_weekly(weekly_report(synced, AS_OF, Config()), "markdown")
    order = ["## Overdue preventive measures", "## Overdue corrective actions",
             "## Overdue by postmortem", "## Aging of overdue items", "```mermaid",
             "## Due in the next 7 days", "## Open items with no owner", "## Since last week",
             "## SLA"]
    positions = [text.index(heading) for heading in order]
    assert positions == sorted(positions)
    # One bar per aging bucket, in bucket order (a pie hid that order), as GitHub draws it.
    chart = text[text.index("```mermaid"):]
    assert chart[:chart.index("```\n", 3) + 3] == "\n".join([
        "```mermaid", "xychart-beta", '    title "Overdue items by days overdue"',
        '    x-axis ["1–7 days", "8–30 days", "31–90 days", ">90 days"]',
        '    y-axis "Items" 0 --> 4', "    bar [0, 0, 3, 1]", "```"])
    assert "pie" not in text
    assert "| corrective | 0 | 0 | 1 | 0 | **0%** | n/a | n/a |" in text


def edited_in_the_tracker(tmp_path: Path, fields: IssueFields) -> list[Issue]:
    """One item synced, its issue then edited in the tracker (anyone can edit it there)."""
    doc = tmp_path / "2023-04-01-db.md"
    doc.write_text("# DB outage on April 1, 2023\n\n## Action items\n\n"
                   "- Fix the pool\n", encoding="utf-8")
    assert main(["sync", str(doc)]) == 0
    tracker = at("2023-06-01")
    [issue] = tracker.find_linked(None)
    tracker.update(issue, fields)
    return tracker.find_linked(None)


def test_markdown_neutralises_mentions_and_pipes_in_titles(tmp_path: Path) -> None:
    issues = edited_in_the_tracker(
        tmp_path, IssueFields(title="Fix the pool | ping @everyone about #12"))
    text = render_weekly(weekly_report(issues, AS_OF, Config()), "markdown")
    assert "pool \\| ping @\u200deveryone about #\u200d12" in text


def test_markdown_escapes_html_in_titles_and_owners(tmp_path: Path) -> None:
    """A title edited in the tracker to hold HTML must not open a comment, a <details> or an
    image in the weekly issue: it shows as the text it is."""
    issues = edited_in_the_tracker(tmp_path, IssueFields(
        title="Fix <!-- the pool & <img src=x onerror=alert(1)>", assignee="<b>ops</b>"))
    text = render_weekly(weekly_report(issues, AS_OF, Config()), "markdown")
    assert "Fix &lt;!-- the pool &amp; &lt;img src=x onerror=alert(1)&gt;" in text
    assert "### &lt;b&gt;ops&lt;/b&gt; (1)" in text
    assert "<!--" not in text and "<img" not in text and "<b>" not in text
    from actiontrack.reports.overdue import overdue_items, render_markdown
    overdue = render_markdown(overdue_items(issues, AS_OF), AS_OF)
    assert "Fix &lt;!-- the pool" in overdue and "<img" not in overdue


def test_csv_has_one_row_per_item_overdue_first(synced: list[Issue]) -> None:
    text = render_weekly(weekly_report(synced, AS_OF, Config()), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 4
    assert rows[0]["kind"] == "corrective" and rows[0]["days_overdue"] == "109"
    assert {r["aging_bucket"] for r in rows[1:]} == {"31–90"}
    assert {r["incident_date"] for r in rows} == {"2023-02-05"}
    assert {r["sla_state"] for r in rows} == {"breached"}


def test_csv_defuses_formulas_in_titles(tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# Outage on May 1, 2023\n\n## Tasks\n\n- =HYPERLINK(\"x\") fix it\n",
                   encoding="utf-8")
    assert main(["sync", str(doc)]) == 0
    tracker = at("2023-06-01")
    text = render_weekly(weekly_report(tracker.find_linked(None), AS_OF, Config()), "csv")
    assert list(csv.DictReader(io.StringIO(text)))[0]["title"].startswith("'=HYPERLINK")


def test_cli_weekly_json_and_files(synced: list[Issue], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--weekly", "--as-of", "2023-06-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["overdue"] == 4 and data["as_of"] == "2023-06-01"
    assert sum(data["aging_buckets"].values()) == 4
    assert [row["kind"] for row in data["sla"]] == ["preventive", "corrective", "all"]
    code = main(["report", "--as-of", "2023-06-01", "-o", "r.md", "-o", "r.csv",
                 "--fail-on-overdue"])
    assert code == 3  # the CSV asked for the weekly report; 4 overdue
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Postmortem action")
    assert (tmp_path / "r.csv").read_text(encoding="utf-8").startswith("postmortem,item_id")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_cli_overdue_list_writes_to_a_file(synced: list[Issue],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--as-of", "2023-06-01", "-o", "out.txt", "--kind", "corrective"]) \
        == 0
    assert "1 overdue action item" in Path("out.txt").read_text(encoding="utf-8")


def test_text_report_is_plain_when_not_a_terminal(synced: list[Issue],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--weekly", "--as-of", "2023-06-01"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    assert "Overdue preventive measures (" in out and "4 overdue" in out
    assert out.index("Overdue preventive") < out.index("Overdue corrective")


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5], 0.9) == 5
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile(list(range(1, 12)), 0.9) == 10
