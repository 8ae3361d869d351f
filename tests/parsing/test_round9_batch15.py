"""Round 9, part 3 (batch 15 half A): a list of identifiers after a lead-in is what the
lead-in acts on, one entry labelled as work ahead under any name, a pointer after a task in
prose gives it its links. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_list_of_names_after_a_lead_in_is_what_the_lead_in_acts_on() -> None:
    text = ("# Dangling records on 2022-03-23\n\n## Corrective actions\n\n"
            "Corrective action was taken to remove three records:\n\n"
            "- staticshare\n- static-mag\n- translations.example.gov\n\n"
            "Documentation will be updated so that bucket subdomains are proxied.\n")
    assert [i.title for i in _items(text)] == [
        "Corrective action was taken to remove three records",
        "Documentation will be updated so that bucket subdomains are proxied"]


def test_a_table_of_names_after_a_lead_in_is_data_too() -> None:
    text = ("# Dangling records on 2022-03-23\n\n## Corrective actions\n\n"
            "The team removed these old records:\n\n| Type | Name |\n|---|---|\n"
            "| CNAME | share.example.gov |\n| A | www.share.example.gov |\n")
    assert [i.title for i in _items(text)] == ["The team removed these old records"]


def test_terse_capitalised_entries_are_still_tasks() -> None:
    text = ("# Outage on 2022-03-23\n\n## Action items\n\nWe need better coverage in:\n\n"
            "- Monitoring\n- Alerting\n")
    assert [i.title for i in _items(text)] == ["Monitoring", "Alerting"]


def test_one_entry_labelled_as_work_ahead_makes_an_action_section() -> None:
    text = ("# Objects missing on 2019-01-30\n\n## Mitigations\n\n"
            "  * Suggested: Have an emergency procedure for restoring a cluster's state.\n")
    assert [i.title for i in _items(text)] == [
        "Have an emergency procedure for restoring a cluster's state"]


def test_one_entry_labelled_done_under_mitigations_is_the_incident_response() -> None:
    text = ("# Objects missing on 2019-01-30\n\n## Mitigations\n\n"
            "  * Implemented: restored the objects from the backup.\n")
    assert list(_items(text)) == []


def test_a_pointer_after_a_task_in_prose_gives_the_task_its_link() -> None:
    text = ("# Broken package on 2017-11-13\n\n## Corrective action\n\n"
            "The proper fix is to correct the misdeclared line in MANIFEST.in.\n\n"
            "See the full diff [here](https://github.com/acme/plugin/commit/7b414f4).\n")
    assert [i.links for i in _items(text)] == [("https://github.com/acme/plugin/commit/7b414f4",)]
