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


# Part 4 (batch 15 half B)


def test_auction_is_not_respelled_as_action() -> None:
    text = ("# NFT auction post mortem\n\n## Context\n\nThe auction locked the funds.\n\n"
            "### Fix\n\n- Use a pull payment system for refunds\n")
    assert list(_items(text)) == []


def test_a_group_of_identified_problems_beside_the_plan_holds_no_tasks() -> None:
    text = ("# Router outage on 2025-03-06\n\n## Future work\n\n### Identified problems:\n"
            "- Lack of a redundant fallback router.\n### Improvement plan:\n"
            "- Configure an external jump server\n")
    assert [i.title for i in _items(text)] == ["Configure an external jump server"]


def test_the_status_half_of_a_joined_name_reports_the_present_state() -> None:
    text = ("# Router outage on 2025-03-06\n\n## Current status and future plans\n\n"
            "The network is now fully operational. The incident shows the need for redundancy."
            "\n\n## Follow-up\n\n- Add a second router\n")
    assert [i.title for i in _items(text)] == ["Add a second router"]


def test_a_bold_update_line_is_a_note_of_the_task_above_not_a_task() -> None:
    text = ("# Testnet fork on 2021-07-21\n\n## Suggested corrective actions\n\n"
            "#### Clarify the assertions in the specification\n\n"
            "One suggested fix is to move the assertion closer to the update.\n\n"
            "**Update: a fix for this was proposed in [this PR](https://github.com/acme/specs/"
            "pull/3681)**\n")
    items = _items(text)
    assert [i.title for i in items] == ["Clarify the assertions in the specification"]
    assert items[0].links == ("https://github.com/acme/specs/pull/3681",)


def test_a_line_naming_the_source_of_a_quote_is_not_a_task() -> None:
    text = ("# Client bug on 2021-04-15\n\n### Suggested corrective action\n"
            "[Chat suggestion](https://chat.example.com/msg/1):\n"
            "> Client tests must be run against the mainnet spec directly.\n")
    assert [i.title for i in _items(text)] == [
        "Client tests must be run against the mainnet spec directly"]
