"""Rules added after measuring the parser on unseen postmortems (tests/parsing/heldout/): each is a
general shape, tested here on its own with text written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text
from actiontrack.parsing.inline import read_item_text

INCIDENT = dt.date(2024, 4, 11)


def _items(text: str) -> list[ActionItem]:
    return list(parse_text(text, source="pm.md").action_items)


def _titles(text: str) -> list[str]:
    return [i.title for i in _items(text)]


@pytest.mark.parametrize("name", [
    "What we are changing", "What we're changing", "What we will change",
    "Changes we're making", "How we will prevent this", "What we are fixing",
    "What are we doing to prevent this from happening again?", "Preventing recurrence",
    "Repair items"])
def test_sections_named_for_the_changes_to_come(name: str) -> None:
    text = f"# Outage\n\n## {name}\n\n- Add a disk alert\n\n## Timeline\n\n- 10:00 paged\n"
    assert _titles(text) == ["Add a disk alert"]


def test_bold_lead_paragraphs_are_the_items_and_other_paragraphs_frame_them() -> None:
    text = ("## What we are changing\n\nWe found three changes. Each is tracked.\n\n"
            "**Cap background copying.** Copies will use at most a fifth of the disk.\n\n"
            "**Show queue depth to on-call.** The dashboard will show it.\n\n"
            "We are sorry for the disruption.\n")
    assert _titles(text) == ["Cap background copying", "Show queue depth to on-call"]


def test_paragraph_sections_without_bold_leads_still_give_one_item_per_paragraph() -> None:
    text = "## Next steps\n\nRotate the keys every month.\n\nAlert on failed deliveries.\n"
    assert _titles(text) == ["Rotate the keys every month", "Alert on failed deliveries"]


def test_a_bold_lead_in_followed_by_a_comma_is_the_title() -> None:
    fields = read_item_text("**A second path for health checks**, so that a leak cannot hide")
    assert fields.title == "A second path for health checks"


@pytest.mark.parametrize(("text", "title", "status"), [
    ("Fix the offset bug (@ines) — in progress", "Fix the offset bug", "open"),
    ("**Publish a template** — Owner: Priya Nair · Completed", "Publish a template", "done"),
    ("Tell finance about empty exports, done", "Tell finance about empty exports", "done"),
    ("Move the job - Status: blocked", "Move the job", "open"),
    ("Rewrite the page (dropped: not worth it)", "Rewrite the page", "dropped"),
    ("Rerun the backfill — FAILED", "Rerun the backfill", None),
    ("Add an alert (done - merged in the monitoring repo)", "Add an alert", "done"),
    # A status word inside the sentence is the task's own text.
    ("Make the export job fail when done without rows", "Make the export job fail when done "
     "without rows", None),
])
def test_status_words_set_off_at_the_end(text: str, title: str, status: str | None) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.status) == (title, status)


@pytest.mark.parametrize(("text", "title", "links"), [
    ("OPS-1421 Add a canary upload", "Add a canary upload", ["OPS-1421"]),
    ("[IMG-309] Retry uploads once", "Retry uploads once", ["IMG-309"]),
    ("#88: Pin the image digest", "Pin the image digest", ["#88"]),
    ("acme/api#12 - Shard the queue", "Shard the queue", ["acme/api#12"]),
    # Standards look like keys but are not links.
    ("UTF-8 validation for uploads", "UTF-8 validation for uploads", []),
])
def test_an_issue_key_that_opens_the_item_is_a_link(text: str, title: str,
                                                    links: list[str]) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.links) == (title, links)


@pytest.mark.parametrize(("text", "due"), [
    ("Shard the queue, by end of Q3", dt.date(2024, 9, 30)),
    ("Shard the queue by Q1", dt.date(2025, 3, 31)),  # Q1 is over in April: next year's
    ("Cap every session by the end of March.", dt.date(2025, 3, 31)),
    ("Cap every session by end of June", dt.date(2024, 6, 30)),
    ("Cap every session by end of January 2025", dt.date(2025, 1, 31)),
    ("Cap every session by March", None),  # "by March" is not a day
])
def test_end_of_month_and_quarters_without_a_year(text: str, due: dt.date | None) -> None:
    assert read_item_text(text, reference=INCIDENT).due == due


@pytest.mark.parametrize(("head", "date"), [
    ("_Published 2024-07-09. Incident on 2 July 2024, 18:05 UTC._", dt.date(2024, 7, 2)),
    ("Sent: Tuesday, March 5, 2024 9:12 AM\n\nThe outage on March 4th, 2024 ...",
     dt.date(2024, 3, 4)),
    ("Last updated on 3 May 2023.\n\nOn 28 April 2023 the API failed.", dt.date(2023, 4, 28)),
])
def test_the_date_a_document_was_written_is_not_the_incident_date(head: str,
                                                                  date: dt.date) -> None:
    doc = parse_text(f"# Outage\n\n{head}\n\n## Action items\n\n- Add an alert\n",
                     source="pm.md")
    assert doc.postmortem.incident_date == date


def test_sub_items_that_remark_on_their_parent_are_not_tasks() -> None:
    text = ("## Action items\n\n"
            "* Improve disk alerting\n"
            "  * Alert at 80% usage\n"
            "  * Currently we only alert at 95%, which is too late\n"
            "* Rotate the daemon logs\n"
            "  * see https://github.com/acme/infra/pull/233\n"
            "* Evaluate a separate cache volume\n"
            "  - needs budget approval\n"
            "* Review the rollout\n"
            "  - [ ] make the canary take 5% of traffic\n")
    items = _items(text)
    assert [i.title for i in items] == [
        "Improve disk alerting", "Alert at 80% usage", "Rotate the daemon logs",
        "Evaluate a separate cache volume", "Review the rollout",
        # a checkbox marks a task whatever its case
        "make the canary take 5% of traffic"]
    assert items[2].links == ("https://github.com/acme/infra/pull/233",)


@pytest.mark.parametrize(("text", "owner"), [
    ("Document the promotion procedure — Tomás", "Tomás"),
    ("Document the promotion procedure (José Núñez)", "José Núñez"),
    ("Document the promotion procedure — @maria.g", "@maria.g"),
    ("Document the promotion procedure — Unassigned", None),
    ("Document the promotion procedure - TBD", None),
])
def test_owner_names_in_any_latin_script_and_no_owner_words(text: str,
                                                           owner: str | None) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.owner) == ("Document the promotion procedure", owner)


def test_status_words_in_emphasis_inside_a_table_cell() -> None:
    text = ("## Action Items\n\n| Action Item | Type | Owner | Bug |\n|---|---|---|---|\n"
            "| Roll back the model | mitigate | priya | n/a **DONE** |\n"
            "| Bound the cache | prevent | tomasz | SRCH-1 **TODO** |\n")
    got = [(i.title, i.status, i.links) for i in _items(text)]
    assert got == [("Roll back the model", ItemStatus.DONE, ()),
                   ("Bound the cache", ItemStatus.OPEN, ("SRCH-1",))]


def test_restructuredtext_overlined_title_and_auto_numbered_items() -> None:
    text = ("=========\nDB outage\n=========\n\n:Date: 2023-09-19\n\nFollow-up actions\n"
            "-----------------\n\n#. Require approval for full rebuilds\n"
            "#. Add the document count to the dashboard\n\nLessons learned\n"
            "---------------\n\n#. Rebuilds need a guard.\n")
    doc = parse_text(text, source="pm.rst")
    assert doc.postmortem.title == "DB outage"
    assert doc.postmortem.incident_date == dt.date(2023, 9, 19)
    assert [i.title for i in doc.action_items] == [
        "Require approval for full rebuilds", "Add the document count to the dashboard"]


def test_an_issue_key_in_a_group_heading_links_every_item_of_the_group() -> None:
    text = ("## Follow-up items (tracked in OPS-1000)\n\n+ [X] Switch to key purges\n"
            "+ [ ] Alert on the purge queue\n")
    got = [(i.title, i.status, i.links) for i in _items(text)]
    assert got == [("Switch to key purges", ItemStatus.DONE, ("OPS-1000",)),
                   ("Alert on the purge queue", ItemStatus.OPEN, ("OPS-1000",))]


def test_field_lines_under_an_item_are_its_metadata_not_its_title() -> None:
    text = ("## Follow-ups\n\n1. Move reporting queries to the replica\n   Owner: @jun\n"
            "   Due: 2024-07-01\n   Status: in progress\n2. Write query guidance\n"
            "   **Status:** done\n")
    got = [(i.title, i.owner, i.due, i.status) for i in _items(text)]
    assert got == [
        ("Move reporting queries to the replica", "@jun", dt.date(2024, 7, 1), ItemStatus.OPEN),
        ("Write query guidance", None, None, ItemStatus.DONE)]


def test_due_dates_are_not_the_incident_date() -> None:
    text = ("---\ntitle: Export stuck\ndate: 2024-06-03\n---\n\n## Summary\n\nThe export "
            "stalled.\n\n## Follow-ups\n\n1. Set a timeout, due 2024-06-10\n\nDeadline: "
            "2024-06-20 for the review.\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2024, 6, 3)


@pytest.mark.parametrize("paragraph", [
    "All follow-up work is tracked in the [epic](https://acme.atlassian.net/browse/REP-4).",
    "See REP-400 for the remaining items.",
    "The action items are listed in the quarterly plan."])
def test_a_paragraph_pointing_at_where_work_is_tracked_is_not_an_item(paragraph: str) -> None:
    assert _titles(f"## Action items\n\n{paragraph}\n") == []
    # A task that merely mentions its ticket is still a task.
    assert _titles(f"## Action items\n\nFix the slow query tracked in REP-401.\n\n{paragraph}\n"
                   ) == ["Fix the slow query tracked in REP-401"]


def test_an_action_item_number_is_neither_a_link_nor_part_of_the_title() -> None:
    text = ("## Action items\n\n### AI-1: Add alerting on queue age\nOwner: @jane\n\n"
            "### AI-2: Patch the consumer\n")
    got = [(i.title, i.owner, i.links) for i in _items(text)]
    assert got == [("Add alerting on queue age", "@jane", ()), ("Patch the consumer", None, ())]


def test_list_markers_escaped_by_an_exporter_are_list_markers() -> None:
    text = "## Action items\n\n\\- Add an alert on queue age\n1\\. Patch the consumer\n"
    assert _titles(text) == ["Add an alert on queue age", "Patch the consumer"]


def test_open_questions_under_a_follow_up_section_are_not_items() -> None:
    text = ("## Follow-up\n\n### Action items\n\n- Add an alert\n\n### Open questions\n\n"
            "- Why did the retry storm start?\n")
    assert _titles(text) == ["Add an alert"]


@pytest.mark.parametrize(("text", "title", "owner", "due"), [
    ("Add alerting on queue age - @jane - 2024-05-30", "Add alerting on queue age", "@jane",
     dt.date(2024, 5, 30)),
    ("Patch the consumer — Kim — by May 30", "Patch the consumer", "Kim", dt.date(2024, 5, 30)),
    # A range of quarters is a plan, not a due date; a dash inside the task is its text.
    ("Move to the new cluster - Q4 2024 - Q1 2025", "Move to the new cluster - Q4 2024 - Q1 2025",
     None, None),
    ("Re-run the back-fill - twice", "Re-run the back-fill - twice", None, None),
])
def test_a_date_set_off_by_a_dash_at_the_end_is_the_due_date(
        text: str, title: str, owner: str | None, due: dt.date | None) -> None:
    fields = read_item_text(text, reference=INCIDENT)
    assert (fields.title, fields.owner, fields.due) == (title, owner, due)
