"""Round 11, part 1 (batch 21): sections named for the response or for recommendations whose
entries commit to work ahead, a dated log under a follow-up heading, links that look like
checkboxes, owners shared in one parenthesis, and titles that keep every word of the task.
Every document here is written for the test."""

from __future__ import annotations

from actiontrack.parsing import parse_text
from actiontrack.parsing.dates import is_date_line
from tests.parsing.extract import owned as _items
from tests.parsing.extract import titles as _titles


def test_an_owner_cell_that_tells_the_work_is_done_names_nobody() -> None:
    text = ("# Map blank on phones\n\n## Action items\n\n| Description | Owner | Issue |\n"
            "| --- | --- | --- |\n| Add a test that the map shows on phones | Added with the fix "
            "| https://github.com/acme/web/pull/12 |\n| Check the tablet layout | Dana | |\n")
    assert _items(text) == [("Add a test that the map shows on phones", None, "done"),
                            ("Check the tablet layout", "Dana", "open")]


def test_a_question_mark_before_an_entry_is_no_part_of_its_title() -> None:
    text = ("# Outage\n\n## Corrective actions\n\n* ? More descriptive logs (Hazal)\n"
            "* Turn on the CDN for the site\n")
    assert _items(text) == [("More descriptive logs", "Hazal", "open"),
                            ("Turn on the CDN for the site", None, "open")]


def test_people_who_share_an_item_in_one_parenthesis_all_own_it() -> None:
    text = ("# Outage\n\n## Corrective actions\n\n* Fake drills (Scott/Paul)\n"
            "* Write the playbook (Will, Aisha)\n* Tidy the alerts (See the wiki)\n")
    assert _items(text) == [("Fake drills", "Scott, Paul", "open"),
                            ("Write the playbook", "Will, Aisha", "open"),
                            ("Tidy the alerts", None, "open")]  # "See" names no one


def test_a_topic_named_before_a_dash_is_the_title_and_what_follows_explains_it() -> None:
    text = ("# Outage\n\n## Corrective actions\n\n"
            "* Incident frequency - value in recording and surfacing the numbers\n"
            "* Documentation/tooling - to help debugging and response, a dependency map\n"
            "* Restart the cache - it holds stale keys after a deploy\n"
            "* Alert routing - we will page the owning team first\n")
    assert _titles(text) == [
        "Incident frequency", "Documentation/tooling",
        "Restart the cache - it holds stale keys after a deploy",
        "Alert routing - we will page the owning team first"]


def test_a_url_the_sentence_goes_on_past_stays_in_the_title() -> None:
    text = ("# Outage\n\n## Action items\n\n"
            "1. Keep investigating https://github.com/acme/spawner/issues/31, which started "
            "the changes that broke the kernels.\n"
            "2. Pin the kernel image https://github.com/acme/images/issues/7\n")
    items = parse_text(text, source="pm.md").action_items
    assert [i.title for i in items] == [
        "Keep investigating https://github.com/acme/spawner/issues/31, which started the "
        "changes that broke the kernels", "Pin the kernel image"]
    assert [i.links for i in items] == [("https://github.com/acme/spawner/issues/31",),
                                        ("https://github.com/acme/images/issues/7",)]


def test_a_dated_log_under_a_follow_up_heading_is_no_list_of_tasks() -> None:
    text = ("# Message counts dropped\n\n## Action points\n\n"
            "- We will restore the old counter beside the new one\n\n## Follow up\n\n"
            "June 2, 2022\n\nWith both counters running, they differ:\n\nOld: 11.112\n\n"
            "New: 8.643\n\n[Metrics query to follow the next days](https://metrics.example.com/q/17)"
            "\n\nJune 6, 2022\n\nA third of the drop comes from the old counter counting more."
            "\n")
    assert _titles(text) == ["We will restore the old counter beside the new one"]


def test_a_date_on_a_line_of_its_own_is_a_date() -> None:
    assert is_date_line("June 2, 2022") and is_date_line("Monday, 3 March 2025")
    assert is_date_line("2022-06-02 14:00 UTC")
    assert not is_date_line("Fix the backup by June 2, 2022")
    assert not is_date_line("Old: 11.112")


def test_a_link_whose_text_is_x_is_no_checkbox() -> None:
    text = ("# Avatars not loading\n\n## Solution\n\nA workaround went out as a quick fix.\n\n"
            "- [x](https://github.com/acme/renderer/pull/5138)\n"
            "- [x](https://github.com/acme/schemas/pull/191)\n")
    assert _titles(text) == []


def test_recommendations_that_ask_for_work_in_the_passive_are_the_teams_tasks() -> None:
    text = ("# Rewards not paid\n\n### Details:\nThe relayer stopped.\n\n### Recommendations:\n"
            "Monitoring of the relayer should be implemented to catch a stop.\n"
            "Back-up relayers should be set up for a failure of the first.\n")
    assert _titles(text) == ["Monitoring of the relayer should be implemented to catch a stop",
                             "Back-up relayers should be set up for a failure of the first"]
    advice = ("# Rewards not paid\n\n### Details:\nThe relayer stopped.\n\n"
              "### Recommendations:\nOperators should restart their relayer.\n"
              "Users should claim their rewards again.\n")
    assert _titles(advice) == []


def test_a_mitigation_section_whose_entries_commit_to_work_ahead_holds_actions() -> None:
    text = ("# Rewards not paid\n\n## Details:\nThe relayer stopped.\n\n## Mitigation:\n"
            "The missed epoch will be added to the next batch.\n"
            "The team will find out why the alert stayed silent.\n")
    assert _titles(text) == ["The missed epoch will be added to the next batch",
                             "The team will find out why the alert stayed silent"]


def test_a_mitigation_section_that_tells_what_was_done_holds_no_actions() -> None:
    told = ("# Rewards not paid\n\n## Details:\nThe relayer stopped.\n\n## Mitigation:\n"
            "We restarted the relayer and paid the rewards by hand.\n")
    assert _titles(told) == []
    beside = ("# Rewards not paid\n\n## Mitigation\n\nWe will pay the rewards by hand.\n\n"
              "## Action items\n\n- Add an alert on the relayer\n")
    assert _titles(beside) == ["Add an alert on the relayer"]


def test_the_last_words_of_a_wrapped_sentence_are_no_heading() -> None:
    text = ("Mitigation Measures\n-------------------\n\n"
            "We will follow this procedure in order to avoid this problem in the\nfuture:\n\n"
            "#. Find the zones that use the old server names\n\n"
            "#. Ask the owners of those zones to move them\n")
    doc = parse_text(text, source="pm.rst")
    assert [i.title for i in doc.action_items] == [
        "Find the zones that use the old server names",
        "Ask the owners of those zones to move them"]
    assert [(i.section, i.group) for i in doc.action_items] == [("Mitigation Measures", None)] * 2


def test_names_in_capitals_beside_a_status_in_capitals_are_owners_even_each_named_once(
        ) -> None:
    text = ("# Search down\n\n## Corrective actions\n\n"
            "Share the report with the vendor. (CHRIS)\n\nCreate a playbook. (GIORGIO)\n\n"
            "Send only changed articles on a backfill. (LUKE)\n\n"
            "Open a ticket to look at the admin tool. (DAVID)\n\n"
            "Delete the old index once reindexed. (DONE)\n")
    assert _items(text) == [("Share the report with the vendor", "CHRIS", "open"),
                            ("Create a playbook", "GIORGIO", "open"),
                            ("Send only changed articles on a backfill", "LUKE", "open"),
                            ("Open a ticket to look at the admin tool", "DAVID", "open"),
                            ("Delete the old index once reindexed", None, "done")]
    acronyms = ("# Slow queries\n\n## Corrective actions\n\n- Move the backups off the primary "
                "(PITR)\n- Log the query times (UTC)\n- Add a replica for reads (AWS)\n")
    assert [owner for _, owner, _ in _items(acronyms)] == [None, None, None]
