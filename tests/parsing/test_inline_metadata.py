"""Titles and inline metadata of single items, dates, kinds and incident metadata."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ItemStatus
from actiontrack.parsing import parse_text
from actiontrack.parsing.dates import find_quarter, first_date, quarter_end
from actiontrack.parsing.inline import read_item_text
from actiontrack.parsing.kinds import kind_from_keywords, kind_from_word

INCIDENT = dt.date(2023, 2, 5)


@pytest.mark.parametrize(("text", "title"), [
    ("**Add** a _disk_ alert.", "Add a disk alert"),
    ("Add a `df` check to [the runbook](https://wiki.example.com/runbook)",
     "Add a df check to the runbook"),
    ("Add a disk alert (done)", "Add a disk alert"),
    ("Add a disk alert (2d)", "Add a disk alert"),
    ("Add a disk alert (~3 days)", "Add a disk alert"),
    ("Add a disk alert - [jira](https://acme.atlassian.net/browse/OPS-1)", "Add a disk alert"),
    ("Add a disk alert <https://github.com/acme/ops/issues/3>", "Add a disk alert"),
    ("Add a disk alert. It pages when usage is over 90%.", "Add a disk alert"),
    ("Add a disk alert, e.g. on /var. Then test it.", "Add a disk alert, e.g. on /var"),
    ("Should we cull old nodes?", "Should we cull old nodes?"),
    ("Disable the feature globally (if possible)", "Disable the feature globally (if possible)"),
    ("**Circuit breakers**: add breakers to the client.", "Circuit breakers"),
    ("DONE: add a disk alert", "add a disk alert"),
    ("✅ Add a disk alert", "Add a disk alert"),
    ("[P1] Add a disk alert", "Add a disk alert"),
])
def test_titles_are_the_items_own_words(text: str, title: str) -> None:
    assert read_item_text(text, reference=INCIDENT).title == title


@pytest.mark.parametrize(("text", "owner"), [
    ("Add a disk alert @dana", "@dana"),
    ("Add a disk alert (owner: Priya)", "Priya"),
    ("Add a disk alert. Owner: @sam", "@sam"),
    ("Add a disk alert — Lee Park", "Lee Park"),
    ("Add a disk alert (Rasmus to book a meeting)", "Rasmus"),
    ("Add a disk alert (GUI)", None),
    ("Add a disk alert (Done)", None),
    ("Add a disk alert - consider both hosts", None),
])
def test_owners(text: str, owner: str | None) -> None:
    assert read_item_text(text, reference=INCIDENT).owner == owner


@pytest.mark.parametrize(("text", "due"), [
    ("Add a disk alert by March 3", dt.date(2023, 3, 3)),
    ("Add a disk alert by 3 March 2024", dt.date(2024, 3, 3)),
    ("Add a disk alert due 2023-03-01", dt.date(2023, 3, 1)),
    ("Add a disk alert (due: 2023-04-01)", dt.date(2023, 4, 1)),
    ("Add a disk alert by Q2 2023", dt.date(2023, 6, 30)),
    ("Add a disk alert (Q4 2023)", dt.date(2023, 12, 31)),
    ("Add a disk alert by end of Q1 2024", dt.date(2024, 3, 31)),
    ("Add a disk alert by January 10", dt.date(2024, 1, 10)),  # after the incident: next year
    ("Freeze deploys until 2023-03-01", None),
    ("Add a disk alert (Q4 2025 - Q1 2026)", None),
])
def test_due_dates(text: str, due: dt.date | None) -> None:
    assert read_item_text(text, reference=INCIDENT).due == due


@pytest.mark.parametrize(("text", "status"), [
    ("Add a disk alert (done)", "done"), ("Add a disk alert DONE", "done"),
    ("Add a disk alert ✅", "done"), ("Add a disk alert (in progress)", "open"),
    ("Add a disk alert (WIP)", "open"), ("TODO: Add a disk alert", "open"),
    ("The alert has already been done", "done"), ("Add a disk alert", None),
])
def test_status_words(text: str, status: str | None) -> None:
    assert read_item_text(text).status == status


@pytest.mark.parametrize(("text", "priority"), [
    ("Add a disk alert (P0)", "P0"), ("P2: Add a disk alert", "P2"),
    ("Add a disk alert [high]", "high"), ("Add a disk alert, priority: low", "low"),
    ("Add a disk alert (high priority)", "high"), ("Add a disk alert", None),
])
def test_priorities(text: str, priority: str | None) -> None:
    assert read_item_text(text).priority == priority


@pytest.mark.parametrize(("text", "links"), [
    ("Fix it https://github.com/acme/api/pull/12", ["https://github.com/acme/api/pull/12"]),
    ("Fix it, see acme/api#12", ["acme/api#12"]),
    ("Fix it (#12)", ["#12"]),
    ("Fix it OPS-77", ["OPS-77"]),
    ("Move to UTF-8 and SHA-256", []),
    ("Fix it per [the guide](https://docs.example.com/guide)", []),
    ("Fix it https://bugzilla.example.org/show_bug.cgi?id=5",
     ["https://bugzilla.example.org/show_bug.cgi?id=5"]),
])
def test_links(text: str, links: list[str]) -> None:
    assert read_item_text(text).links == links


def test_kind_words_and_keywords() -> None:
    assert kind_from_word("mitigate") == "mitigation"
    assert kind_from_word("Preventative") == "preventive"
    assert kind_from_word("Detect") == "detection"
    assert kind_from_word("whatever") == "other"
    assert kind_from_keywords("Fix the alert") == "corrective"
    assert kind_from_keywords("Alert on the fix") == "preventive"
    assert kind_from_keywords("Implement a cache") == "preventive"
    assert kind_from_keywords("Talk to the vendor") is None


def test_kind_precedence_tag_then_section_then_keyword_then_default() -> None:
    text = ("## Preventive measures\n- Fix the cron job [corrective]\n- Fix the disk alert\n"
            "## Follow-ups\n- Fix the cron schedule\n- Talk to the vendor\n")
    got = parse_text(text, source="x.md").action_items
    assert [(i.kind, i.kind_source) for i in got] == [
        ("corrective", "tag"), ("preventive", "section"), ("corrective", "keyword"),
        ("corrective", "default")]


def test_dates() -> None:
    assert first_date("Duration: 10:00 AM - 11:30 AM EST on February 5, 2023") == INCIDENT
    assert first_date("On 18th April 2021, a researcher") == dt.date(2021, 4, 18)
    assert first_date("On 5. January 2021 we") == dt.date(2021, 1, 5)
    assert first_date("06-11-2023 - Data loss") is None  # June or November: unreadable
    assert first_date("25-11-2023 - Data loss") == dt.date(2023, 11, 25)
    assert first_date("we may 5x the capacity in 2023") is None
    assert quarter_end(2024, 1) == dt.date(2024, 3, 31)
    assert find_quarter("Q4 2025 - Q1 2026") is None


@pytest.mark.parametrize(("text", "date"), [
    ("---\ntitle: x\nincident_date: 2021-03-04\ndate: 2021-04-01\n---\nOn 2021-03-05 it broke.",
     dt.date(2021, 3, 4)),
    ("---\ndate: 2021-04-01\n---\nOn 2021-03-05 it broke.", dt.date(2021, 3, 5)),
    ("# Outage\n\n| Field | Value |\n|---|---|\n| Date | 2020-01-02 |\n\nOn 2020-01-01 x",
     dt.date(2020, 1, 2)),
    ("# Outage on 12 May 2022\n\nSummary text.", dt.date(2022, 5, 12)),
    ("# Outage\n\nOn Sunday, October 31 a user saw errors.", dt.date(2021, 10, 31)),
])
def test_incident_date_sources(text: str, date: dt.date) -> None:
    # the last case has no year in the text: the file name gives it
    doc = parse_text(text, source="2021-10-31-outage.md")
    assert doc.postmortem.incident_date == date


def test_incident_metadata_fields() -> None:
    text = ("# Disk full on the build farm\n\n**Severity:** SEV2\n\n## Impact\n\nBuilds failed "
            "for two hours.\n\n## Root cause\n\nA log rotation job was disabled.\n")
    pm = parse_text(text, source="x.md").postmortem
    assert (pm.title, pm.severity, pm.impact, pm.root_cause) == (
        "Disk full on the build farm", "SEV2", "Builds failed for two hours.",
        "A log rotation job was disabled.")


def test_status_from_group_heading_and_checkbox() -> None:
    text = ("## Action items\n### Actions taken\n- Restart the broker\n### Actions planned\n"
            "- Add broker alerts\n- [x] Upgrade the broker\n")
    got = parse_text(text, source="x.md").action_items
    assert [i.status for i in got] == [ItemStatus.DONE, ItemStatus.OPEN, ItemStatus.DONE]


def test_bold_field_labels_on_continuation_lines_and_kind_groups() -> None:
    text = ("## Action Items\n### Prevent\n- Add alerting on lag\n  **Owner:** Jane Doe\n"
            "  **Due:** 2023-04-01\n- Cap retries (JIRA: OPS-12) Assigned: @bob\n"
            "### Process\n- Run a game day. Owner: Ana to book it\n")
    got = parse_text(text, source="x.md").action_items
    assert [(i.title, i.owner, i.due, i.links, i.kind, i.kind_source) for i in got] == [
        ("Add alerting on lag", "Jane Doe", dt.date(2023, 4, 1), (), "preventive", "section"),
        ("Cap retries", "@bob", None, ("OPS-12",), "preventive", "section"),
        ("Run a game day", "Ana", None, (), "process", "section"),
    ]
