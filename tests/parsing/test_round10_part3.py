"""Round 10, part 3 (batch 16, and names of the work ahead a team writes): a question of the
readers' FAQ is not an action section; a `Date:` with its time of day or a span dates the
incident; more names of the work ahead. Every document here is written for the test."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.parsing import parse_text
from actiontrack.parsing.names import is_action_heading


def test_a_question_in_the_faq_is_not_an_action_section() -> None:
    text = ("# Names logged on 2021-10-21\n\n## Looking forward\n\n- Purge the logs.\n\n"
            "## Frequently asked questions\n\n**What actions would cause names to be logged?**"
            "\n\nIf a user had the extension, each visit was logged.\n")
    assert [i.title for i in parse_text(text, source="pm.md").action_items] == [
        "Purge the logs"]


def test_a_date_field_with_times_dates_the_incident_over_an_earlier_heading() -> None:
    text = ("## Summary\n\nDate: ~Fri 11 Nov 2016 (~1324) to Fri 11 Nov 2016 (~1452)\n\n"
            "## Timeline\n\n### Thur 3 Nov 2016\n\n- 13:24 images fail to load\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2016, 11, 11)


def test_a_plain_date_field_after_the_events_still_dates_the_write_up() -> None:
    text = ("# Images offline\n\nDate: 20 Nov 2016\n\n## Timeline\n\n"
            "- On 3 Nov 2016 images failed to load.\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2016, 11, 3)


@pytest.mark.parametrize("name", [
    "What should be done?", "Steps we're taking", "How we will improve", "Planned fixes",
    "Long-term fixes", "Open items", "Outstanding work", "Further steps", "New safeguards",
    "Our commitments", "What happens next", "Where do we go from here?"])
def test_names_of_the_work_ahead(name: str) -> None:
    assert is_action_heading(name)


@pytest.mark.parametrize("name", ["Fixes", "Mitigations", "Safeguards", "What we changed",
                                  "Takeaways", "Measures taken"])
def test_names_that_may_be_the_response_stay_left(name: str) -> None:
    assert not is_action_heading(name)


def test_commitments_in_prose_only_are_not_tasks() -> None:
    text = ("# Outage on 2024-03-05\n\n## Our commitments\n\nWe care deeply about your trust "
            "and we are grateful for your patience.\n")
    assert parse_text(text, source="pm.md").action_items == ()


def test_commitments_that_list_tasks_are_tasks() -> None:
    text = ("# Outage on 2024-03-05\n\n## Our commitments\n\n- Add a canary for the gateway.\n"
            "- Page on queue lag.\n")
    assert [i.title for i in parse_text(text, source="pm.md").action_items] == [
        "Add a canary for the gateway", "Page on queue lag"]


def test_a_date_field_with_a_time_alone_may_date_the_meeting() -> None:
    text = ("# Testnet incident call\n\nDate: Mar 12, 2025, 18:00 UTC\n\n## Summary\n\n"
            "On March 5, 2025 the fork activated and blocks came out empty.\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2025, 3, 5)


def test_a_name_that_ends_as_a_romance_infinitive_still_owns_the_item() -> None:
    text = ("# Export failed on 2019-02-22\n\n## Action items\n\n"
            "- Peter to investigate why the deploy did not run\n"
            "- Walter to add a canary\n- Revisar los registros del proxy\n")
    assert [i.owner for i in parse_text(text, source="pm.md").action_items] == [
        "Peter", "Walter", None]
