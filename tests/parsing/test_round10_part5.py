"""Round 10, part 5 (batch 19): cards of the planning tools teams track follow-ups in are
tracker links, "What has X done about this?", AsciiDoc's nested `**` entries. Every document
here is written for the test."""

from __future__ import annotations

import pytest

from actiontrack.parsing import parse_text
from actiontrack.parsing.links import is_tracker_url
from actiontrack.parsing.names import is_action_heading


@pytest.mark.parametrize("url", [
    "https://trello.com/c/MEGZQSLh", "https://trello.com/c/MEGZQSLh/12-fix-the-alerts",
    "https://app.clickup.com/t/86c9rvv31", "https://app.shortcut.com/acme/story/123/retry",
    "https://app.asana.com/0/1199/1200", "https://dev.azure.com/org/proj/_workitems/edit/42",
    "https://www.pivotaltracker.com/story/show/1234"])
def test_cards_of_planning_tools_are_tracker_links(url: str) -> None:
    assert is_tracker_url(url)


@pytest.mark.parametrize("url", ["https://trello.com/b/abcdefgh/board",
                                 "https://app.asana.com/0/home", "https://docs.example.com/x"])
def test_boards_and_pages_are_not(url: str) -> None:
    assert not is_tracker_url(url)


def test_a_trello_card_after_an_item_is_its_link() -> None:
    text = ("# Workflow deleted on 2023-06-20\n\n## Action items\n\n"
            "- Improve alerting for failing requests ([card](https://trello.com/c/MEGZQSLh))\n")
    assert [i.links for i in parse_text(text, source="pm.md").action_items] == [
        ("https://trello.com/c/MEGZQSLh",)]


def test_what_has_the_project_done_about_this_names_the_work() -> None:
    assert is_action_heading("What has FreeBSD.org done about this?")
    assert is_action_heading("What have we done to fix it?")


def test_asciidoc_nested_entries_are_sub_items() -> None:
    text = ("= Intrusion on 2012-11-11\n\n=== Next steps\n\n"
            "* Power down the compromised machines.\n* Audit the repositories to:\n"
            "** Verify that no malicious commits were made.\n"
            "** Verify the repository matches a clean off-site copy.\n"
            "* Reinstall every suspect machine.\n")
    assert [i.title for i in parse_text(text, source="pm.adoc").action_items] == [
        "Power down the compromised machines", "Audit the repositories to",
        "Verify that no malicious commits were made",
        "Verify the repository matches a clean off-site copy",
        "Reinstall every suspect machine"]


def test_a_double_star_line_outside_a_list_is_a_note() -> None:
    text = ("# DHCP on 2021-06-23\n\n## How can the issue be prevented from happening again\n"
            "Set option 82 on the relay.\n\n\n"
            "** This is a work in progress. The fix has not been tested.\n")
    assert [i.title for i in parse_text(text, source="pm.md").action_items] == [
        "Set option 82 on the relay"]


def test_names_in_capitals_ending_most_entries_are_their_owners() -> None:
    text = ("# Drupalgeddon on 2018-03-29\n\n## Action items\n\n"
            "- Drupal minor release update to 8.5.1 (NATHAN)\n"
            "- Automated process for patch updates (NATHAN, GIORGIO)\n"
            "- Cut-off point for turning off a service (PAUL S)\n"
            "- Playbook of an emergency update (LUKE)\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.owner) for i in items] == [
        ("Drupal minor release update to 8.5.1", "NATHAN"),
        ("Automated process for patch updates", "NATHAN, GIORGIO"),
        ("Cut-off point for turning off a service", "PAUL S"),
        ("Playbook of an emergency update", "LUKE")]


def test_acronyms_that_end_entries_are_not_owners() -> None:
    text = ("# Outage on 2018-03-29\n\n## Action items\n\n"
            "- Turn on point-in-time recovery (PITR)\n- Publish times in one zone (UTC)\n"
            "- Add a negative cache for lookups (NXDOMAIN)\n")
    items = parse_text(text, source="pm.md").action_items
    assert [i.owner for i in items] == [None, None, None]
    assert items[0].title == "Turn on point-in-time recovery (PITR)"


def test_problems_each_with_a_suggested_solution_are_one_item_each() -> None:
    text = ("# Fork retrospective on 2020-01-02\n\n### Suggested corrective action\n\n"
            "#### Testing window duration\nThe window was too short. We should avoid it.\n\n"
            "#### There isn't a process for checking important dates between clients\n"
            "Suggested Solution:\n* Data checking list\n* Two others check the numbers\n\n"
            "#### Blocks are not predictable for timing things.\nSuggested solution:\n"
            "Time-based forks.\n")
    items = parse_text(text, source="pm.md").action_items
    assert [i.title for i in items] == [
        "Testing window duration",
        "There isn't a process for checking important dates between clients",
        "Blocks are not predictable for timing things"]
