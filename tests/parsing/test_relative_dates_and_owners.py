"""Item metadata and incident-date rules added after held-out batch 3: relative and week due
dates, owner labels and mentions, owners named in prose, status words in a due column, and
sentences saying a section has no items. Each rule is tested on its own."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text
from actiontrack.parsing.inline import read_item_text

INCIDENT = dt.date(2024, 7, 29)  # a Monday


def _items(text: str) -> list[ActionItem]:
    return list(parse_text(text, source="pm.md").action_items)


@pytest.mark.parametrize(("text", "due"), [
    ("Alert on bundle age — Due: 2024-W33", dt.date(2024, 8, 18)),  # the week's Sunday
    ("Alert on bundle age — Due: within 2 weeks", dt.date(2024, 8, 12)),
    ("Alert on bundle age (within three days)", dt.date(2024, 8, 1)),
    ("Alert on bundle age, due in 1 month", dt.date(2024, 8, 29)),
    ("Alert on bundle age, by Fri", dt.date(2024, 8, 2)),
    ("Alert on bundle age, by Monday", dt.date(2024, 8, 5)),  # the next one, not the same day
    ("Alert on bundle age - in 2 weeks", dt.date(2024, 8, 12)),
])
def test_week_numbers_and_due_dates_relative_to_the_incident(text: str, due: dt.date) -> None:
    fields = read_item_text(text, reference=INCIDENT)
    assert (fields.title, fields.due) == ("Alert on bundle age", due)


def test_a_relative_due_date_needs_the_incident_date() -> None:
    assert read_item_text("Alert on bundle age, due within 2 weeks").due is None


def test_dotted_numeric_dates_are_day_first() -> None:
    fields = read_item_text("Rotate the keys (due 03.04.2024)")
    assert fields.due == dt.date(2024, 4, 3)


@pytest.mark.parametrize(("text", "owner"), [
    ("Alert on bundle age — Assignee: @team/sre — Due: 2024-08-02", "@team/sre"),
    ("Alert on bundle age, Owner: platform team", "platform team"),
    ("Alert on bundle age (Owner: Priya Nair, due 2024-08-02)", "Priya Nair"),
    ("Alert on bundle age — Owner: kim · Completed", "kim"),
    ("Alert on bundle age @Kwame Mensah", "Kwame Mensah"),
    ("Alert on bundle age (Dario) ✅", "Dario"),
])
def test_owner_labels_team_handles_and_full_name_mentions(text: str, owner: str) -> None:
    fields = read_item_text(text, reference=INCIDENT)
    assert (fields.title, fields.owner) == ("Alert on bundle age", owner)


def test_an_owner_label_value_stops_before_the_next_words_of_the_sentence() -> None:
    fields = read_item_text("Rotate the keys. Owner: kim will pair with Lee")
    assert fields.owner == "kim"


@pytest.mark.parametrize(("text", "owner"), [
    ("We will prioritise sign-in emails. Irina owns this and expects to finish by June.",
     "Irina"),
    ("We will add a runbook section. It is owned by Kim Lee.", "Kim Lee"),
    ("We will add a runbook section. The team owns this.", None),
])
def test_a_later_sentence_that_names_the_owner(text: str, owner: str | None) -> None:
    assert read_item_text(text).owner == owner


def test_a_status_word_in_the_due_column() -> None:
    text = ("## What we're doing\n\n| What | Who | When |\n|---|---|---|\n"
            "| Downscale logos | Emeka | next sprint |\n| Resize stored logos | Joost | done |\n")
    got = [(i.title, i.due, i.status) for i in _items(text)]
    assert got == [("Downscale logos", None, ItemStatus.OPEN),
                   ("Resize stored logos", None, ItemStatus.DONE)]


@pytest.mark.parametrize("sentence", [
    "None required from us.", "No further action needed.", "Nothing planned at this time."])
def test_a_sentence_saying_there_are_no_items_is_not_an_item(sentence: str) -> None:
    assert _items(f"## Follow-up\n\n{sentence} The vendor handles it.\n") == []


@pytest.mark.parametrize(("head", "date"), [
    ("Report date: 2024-06-20\nIncident window: 2024-06-11 08:30 to 2024-06-12",
     dt.date(2024, 6, 11)),
    ("*Retro held 2024-12-04. Incident on 2 Dec 2024.*", dt.date(2024, 12, 2)),
])
def test_report_and_meeting_dates_are_not_the_incident_date(head: str, date: dt.date) -> None:
    doc = parse_text(f"# Restore was slow\n\n{head}\n\n## Action items\n\n- Add an index\n",
                     source="pm.md")
    assert doc.postmortem.incident_date == date


@pytest.mark.parametrize(("text", "title"), [
    ("# Incident summary: expired secret broke the sync\n\n## What happened\n\nIt broke.\n",
     "Incident summary: expired secret broke the sync"),
    ("## Duration of outage: 10:00 to 11:00\n\n## Sync outage\n\nIt broke.\n", "Sync outage"),
])
def test_a_top_heading_labelled_summary_is_the_title(text: str, title: str) -> None:
    assert parse_text(text, source="pm.md").postmortem.title == title
