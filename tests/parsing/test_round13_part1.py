"""Round 13, part 1 (batch 27): shapes its real documents showed that no rule read. Every
document here is written for the test; each test fails on the parser of round 12."""

from __future__ import annotations

import datetime as dt

from actiontrack.parsing import parse_text
from tests.parsing.extract import items as _all
from tests.parsing.extract import owned as _owned
from tests.parsing.extract import titles as _titles


def test_a_heading_that_names_github_actions_is_not_an_action_section() -> None:
    text = ("# The site stopped building\n\n## What we tried\n\nA new buildpack.\n\n"
            "## GitHub Actions\n\nWe moved the build to a workflow. It ran at once.\n\n"
            "Everything we did by hand before now runs on each push.\n")
    assert _titles(text) == []
    followed = text + "\n## Action items\n\n- Pin the workflow's runner image\n"
    assert _titles(followed) == ["Pin the workflow's runner image"]


def test_a_yearless_day_after_during_the_afternoon_of_dates_the_incident() -> None:
    text = ("---\ntitle: Mail outage\ndate: '2014-05-07 14:48:16 -0400'\n---\n"
            "<p>During the afternoon of May 6th we began to see delays in mail delivery. On "
            "the morning of May 7th it worsened.</p>\n")
    assert parse_text(text, source="mail.html").postmortem.incident_date == dt.date(2014, 5, 6)


def test_people_in_capitals_with_their_part_and_a_reviewer_are_owners() -> None:
    text = ("# Articles unpublished\n\n## Corrective actions\n\n"
            "- Restore the backups to see the state of the database (NORA, GREG)\n"
            "- Replace every stream cast with the string method (KIM DONE, NORA TO REVIEW)\n"
            "- Check the error handling of the updates (NORA, KIM TO REVIEW)\n"
            "- Stop caching the listing (https://tracker.example.com/browse/CMS-12)\n"
            "- Add a ping check for the home page (PETE, KIM)\n"
            "- Publish the fix notes (PETE DONE)\n")
    assert _owned(text) == [
        ("Restore the backups to see the state of the database", "NORA, GREG", "open"),
        ("Replace every stream cast with the string method", "KIM", "open"),
        ("Check the error handling of the updates", "NORA", "open"),
        ("Stop caching the listing", None, "open"),
        ("Add a ping check for the home page", "PETE, KIM", "open"),
        ("Publish the fix notes", "PETE", "done")]


def test_people_in_capitals_before_the_items_links_are_owners_and_win_over_the_subject(
        ) -> None:
    text = ("# Stack lost\n\n## Corrective actions\n\n"
            "- Alert the right address (GREG) [OPS-31](https://t.example.com/browse/OPS-31)\n"
            "- Create finer keys for the bots (GREG) [OPS-32](https://t.example.com/browse/OPS-32)\n"
            "- Access to the console needs to be enabled for all staff (DINA)\n"
            "- Investigate termination protection (GREG) OPS-33\n")
    found = _all(text)
    assert [(i.title, i.owner) for i in found] == [
        ("Alert the right address", "GREG"), ("Create finer keys for the bots", "GREG"),
        ("Access to the console needs to be enabled for all staff", "DINA"),
        ("Investigate termination protection", "GREG")]
    assert found[0].links == ("https://t.example.com/browse/OPS-31",)


def test_a_nickname_in_brackets_before_the_task_is_its_owner_a_tag_is_not() -> None:
    text = ("# Provisioner stuck\n\n## Action items\n\n"
            "- [kbrandt] Try a staging environment for the patches\n"
            "- [ralf?] more clarity on the image configuration\n"
            "- [docs] Update the runbook for the provisioner\n")
    assert [(t, o) for t, o, _ in _owned(text)] == [
        ("Try a staging environment for the patches", "kbrandt"),
        ("more clarity on the image configuration", "ralf"),
        ("[docs] Update the runbook for the provisioner", None)]


def test_a_list_the_lead_in_says_is_already_completed_is_done_and_a_tracking_note_no_item(
        ) -> None:
    text = ("# Slow backend\n\n## Resolution\n\nA patch.\n\n### Action Items\n\n"
            "We are tracking the open action items for this issue in a "
            "[card](https://boards.example.com/c/12).\n\n"
            "The following action items are already completed:\n\n"
            "- Do not load the chart for anonymous users.\n"
            "- Remove the auto refresh of the chart.\n\n## Lessons learned\n\nLimits.\n")
    assert _owned(text) == [("Do not load the chart for anonymous users", None, "done"),
                            ("Remove the auto refresh of the chart", None, "done")]


def test_guidelines_under_the_prevention_section_are_rules_not_tasks() -> None:
    text = ("# Duplicate emails\n\n## Prevention measures\n\n### Code review guidelines\n\n"
            "1. **Generator and consumer apart**\n   - Generators create work\n"
            "   - NEVER call the consumer from the generator\n"
            "2. **Trigger hygiene**\n   - Always delete old triggers first\n\n"
            "### Action items\n\n- [ ] Add an integration test for the whole flow\n"
            "- [ ] Alert on duplicate audit entries\n")
    assert _titles(text) == ["Add an integration test for the whole flow",
                             "Alert on duplicate audit entries"]


def test_improvements_under_the_fix_are_what_the_fix_changed() -> None:
    text = ("# Duplicate emails\n\n## The fix\n\nWe schedule a trigger now.\n\n"
            "### Key improvements\n\n1. **Asynchronous processing**: a trigger, not a call\n"
            "2. **Trigger cleanup**: old triggers deleted first\n\n"
            "## Follow-up\n\n- Review the other trigger-based jobs\n")
    assert _titles(text) == ["Review the other trigger-based jobs"]
    alone = ("# Slow pages\n\n## Summary\n\nSlow.\n\n### Key improvements\n\n"
             "- Cache the listing\n- Add an index on the date\n")
    assert _titles(alone) == ["Cache the listing", "Add an index on the date"]


def test_bold_groups_of_people_with_the_team_beside_them_and_joined_names_are_owners(
        ) -> None:
    text = ("# Search errors\n\n## Actions\n\n**Harriet**\n- Add notes to the rank docs\n\n"
            "**Alex**\n- Improve the alerts in chat - DONE\n\n**Team**\n"
            "- Fix known errors as they arise\n")
    assert [(t, o) for t, o, _ in _owned(text)] == [
        ("Add notes to the rank docs", "Harriet"), ("Improve the alerts in chat", "Alex"),
        ("Fix known errors as they arise", "Team")]
    joined = ("# Date picker broke\n\n## Actions\n\n**Jamie, David & Raphaëlle**\n"
              "- Stop deploying toggles to everyone on merge\n")
    assert [o for _, o, _ in _owned(joined)] == ["Jamie, David & Raphaëlle"]
    topics = ("# Slow\n\n## Actions\n\n**Frontend**\n- Cache the page\n\n**Team**\n"
              "- Review the alerts\n")
    assert [o for _, o, _ in _owned(topics)] == [None, None]


def test_a_note_of_the_thing_then_the_work_done_to_it_is_done() -> None:
    text = ("# Instances down\n\n## Corrective and preventative measures\n\n"
            "1. Changes have been made to the node pools so that we pin the image.\n"
            "1. Script updated to handle pagination.\n1. Keep updated the list of images.\n"
            "1. Check logs added by the deploy job.\n"
            "1. A public status page will be set up.\n")
    assert [(t, s) for t, _, s in _owned(text)] == [
        ("Changes have been made to the node pools so that we pin the image", "done"),
        ("Script updated to handle pagination", "done"),
        ("Keep updated the list of images", "open"),
        ("Check logs added by the deploy job", "open"),
        ("A public status page will be set up", "open")]


def test_sub_headings_that_name_problems_are_not_tasks_told_in_prose() -> None:
    text = ("# Testnet outage\n\n## Remediations\n\n### Validate the fork configuration\n\n"
            "Clients should check the parameters at start.\n\n"
            "### Fork choice issues\n\nAn invalid block was justified.\n\n"
            "### Peer discovery problems\n\nNodes could not find peers.\n\n"
            "### Add a checkpoint sync option\n\nUsers can pick a checkpoint.\n")
    assert _titles(text) == ["Validate the fork configuration", "Add a checkpoint sync option"]


def test_a_one_word_name_over_its_tasks_is_a_label_even_when_it_looks_like_a_spanish_verb(
        ) -> None:
    text = ("# Upgrade incident\n\n## Follow-ups\n\n- Lodestar\n"
            "  - Add a check for blacklisted blocks\n  - Prune the persisted checkpoint states\n"
            "- Teku\n  - Fix the fork choice bug on equivocating votes\n"
            "  - Sort the attestations better when aggregating\n")
    assert _titles(text) == ["Add a check for blacklisted blocks",
                             "Prune the persisted checkpoint states",
                             "Fix the fork choice bug on equivocating votes",
                             "Sort the attestations better when aggregating"]


def test_a_topic_of_the_takeaways_named_like_work_holds_tasks_only_if_they_read_as_tasks(
        ) -> None:
    text = ("# Phishing attack\n\n## Summary\n\nUsers got mail.\n\n## Takeaways\n\n"
            "### Anti-impersonation email prevention\n\n"
            "The mail settings are published. Each receiving server checks them.\n\n"
            "In this case the mail reached inboxes anyway.\n\n## Call to action\n\n"
            "Check the address before you click.\n")
    assert _titles(text) == []
    tasks = ("# Outage\n\n## Lessons learned\n\n### Prevention measures\n\n"
             "- Add a canary for the config push\n- Alert on the error rate\n")
    assert _titles(tasks) == ["Add a canary for the config push", "Alert on the error rate"]


def test_fields_written_as_key_equals_value_in_a_parenthesis_are_read() -> None:
    text = ("# Disk full on 2026-02-04\n\n## Action items\n\n"
            "- [ ] Add a runbook section (owner=ops, priority=high, due=2026-02-08)\n"
            "- [ ] Set retries=3 in the worker config\n")
    found = _all(text)
    assert [(i.title, i.owner, i.due, i.priority) for i in found] == [
        ("Add a runbook section", "ops", dt.date(2026, 2, 8), "high"),
        ("Set retries=3 in the worker config", None, None, None)]


def test_an_entry_that_points_to_the_board_holding_the_tasks_is_no_task() -> None:
    text = ("# Release review\n\n## Previous action items\n\n"
            "* Review in [Trello](https://trello.com/b/abc/release)\n\n## Action items\n\n"
            "* Move the open cards in Trello to Jira\n* Possibly some others in Trello\n")
    assert _titles(text) == ["Move the open cards in Trello to Jira"]
