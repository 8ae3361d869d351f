"""Round 9, after batch 14's fresh figure: plural "Future works", sub-headings over prose
beside a sub-heading that reads as a task, options that are all an action section names,
sections named as applied, a single item reported done in the passive, tracker-named table
columns, a `Date:` signing the write-up off after the tasks, and dates written with
non-breaking hyphens. Every document here is written for the test."""

from __future__ import annotations

import datetime as dt

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_future_works_in_the_plural_names_the_follow_up_work() -> None:
    text = ("# Chain halt on 2024-04-01\n\n## Cause\n\nA flag skipped a check.\n\n"
            "## Future works\n\n- Remove the skip flag\n- Alert on stalled blocks\n")
    assert [i.title for i in _items(text)] == ["Remove the skip flag", "Alert on stalled blocks"]


def test_prose_sub_headings_beside_a_task_heading_are_tasks_of_the_same_list() -> None:
    text = ("# Outage on 2024-04-01\n\n# Future work\n\n## Removal of the trust flag\n\n"
            "The flag is used to skip a check. It will be turned off.\n\n"
            "## Enhancement of monitoring\n\nWe are going to watch the partner blocks.\n")
    assert [i.title for i in _items(text)] == ["Removal of the trust flag",
                                               "Enhancement of monitoring"]


def test_options_that_are_all_an_action_section_names_are_its_items() -> None:
    text = ("# IDs ran out on 2022-04-15\n\n## Action items\n\n"
            "It might be good to clean up, by doing one of:\n\n"
            "- Drop the id column and use a compound key.\n\n"
            "- Compare the IDs in code before inserting them.\n")
    assert [i.title for i in _items(text)] == ["Drop the id column and use a compound key",
                                               "Compare the IDs in code before inserting them"]


def test_options_beside_another_task_of_the_section_stay_out() -> None:
    text = ("# Outage on 2022-04-15\n\n## Action items\n\n- Add an alert on ID use\n\n"
            "### Should staging match production?\n\nThere are two options to consider:\n\n"
            "- Keep the versions equal\n- Let staging lead by one release\n")
    assert [i.title for i in _items(text)] == ["Add an alert on ID use"]


def test_a_section_named_as_applied_lists_done_work_in_any_of_several_languages() -> None:
    for name in ("Corrective measures applied", "Mesures correctives appliquées",
                 "Medidas correctivas aplicadas"):
        text = (f"# Reboot on 2026-03-19\n\n## {name}\n\n- Image pinned to a release\n"
                "- Cron entries removed\n")
        items = _items(text)
        assert [i.status for i in items] == [ItemStatus.DONE, ItemStatus.DONE], name


def test_measures_to_be_applied_are_still_open() -> None:
    text = ("# Reboot on 2026-03-19\n\n## Corrective measures to be applied\n\n"
            "- Pin the image to a release\n- Remove the cron entries\n")
    assert [i.status for i in _items(text)] == [ItemStatus.OPEN, ItemStatus.OPEN]


def test_an_item_reporting_its_work_done_in_the_passive_is_done() -> None:
    text = ("# Site outage on 2022-06-11\n\n## Follow-up actions\n\n"
            "- Add alerting on switch fan states.\n"
            "- During the site visit a serial console server was installed.\n"
            "- As of July the redundant uplinks are still pending and will be installed.\n")
    assert [i.status for i in _items(text)] == [ItemStatus.OPEN, ItemStatus.DONE,
                                                ItemStatus.OPEN]


def test_a_column_named_after_the_tracker_holds_the_items_links() -> None:
    text = ("# Stuck volume on 2026-06-17\n\n## Action items\n\n| # | Action | Linear |\n"
            "|---|---|---|\n| 1 | Write the runbook | [PGM-254](https://linear.app/acme/issue/"
            "PGM-254) |\n")
    assert [i.links for i in _items(text)] == [("https://linear.app/acme/issue/PGM-254",)]


def test_a_date_field_after_the_tasks_signs_the_write_up_off() -> None:
    text = ("---\ntitle: Network outage - 15 December 2024\ndate: 2025-02-15\n---\n\n"
            "# Network outage, 15 December 2024\n\n## Summary\n\nThe uplink failed on "
            "15 December 2024.\n\n## Actions\n\n- Add a second uplink\n\n## Thanks\n\n"
            "Thanks to everyone who helped.\n\n---\n\n**Author:** Ops team\n"
            "**Date:** 15 February 2025\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2024, 12, 15)


def test_the_sign_off_after_a_rule_below_the_last_list_is_not_an_item() -> None:
    for sign_off in ("**Author:** Ops team\n**Date:** 15 February 2025\n",
                     "**Report prepared by:**\nGrant Slater\n**Date:** 15 February 2025\n"):
        text = f"# Outage\n\n## Actions\n\n- Add a second uplink\n\n---\n\n{sign_off}"
        items = _items(text)
        assert [(i.title, i.owner) for i in items] == [("Add a second uplink", None)], sign_off


def test_a_date_field_above_the_tasks_still_dates_the_incident() -> None:
    text = ("# Network outage\n\n**Date:** 2024-12-14\n\n## Summary\n\nThe uplink failed.\n\n"
            "## Actions\n\n- Add a second uplink\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2024, 12, 14)


def test_a_date_written_with_non_breaking_hyphens_is_read() -> None:
    text = ("# Chain split\n\n## Status: FIXED (validated 2026-01-26)\n\n## Environment\n\n"
            "- Date: 2026\u201101\u201122\n\n## Follow-up\n\n- Add a parent-hash check\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2026, 1, 22)


# Part 2 (batch 14 half B)


def test_an_issue_column_titles_the_items_beside_cause_and_outcome_columns() -> None:
    text = ("# Silent failure on 2026-06-19\n\n## Follow-up issues\n\n"
            "| Issue | Triggered by | Outcome |\n|---|---|---|\n"
            "| #41 - alerting gap on logged failures | Lesson 3 | Resolved by PR #47 |\n"
            "| #46 - versioned docs publishing | The docs walk | Open - deferred |\n")
    items = _items(text)
    assert [(i.title, i.status) for i in items] == [
        ("alerting gap on logged failures", ItemStatus.DONE),
        ("versioned docs publishing", ItemStatus.OPEN)]
    assert "#41" in items[0].links


def test_a_column_of_who_found_it_is_not_a_due_date() -> None:
    text = ("# Outage on 2026-06-19\n\n## Action items\n\n| Action | Found by |\n|---|---|\n"
            "| Add an alarm | 2026-06-20 |\n")
    assert [(i.title, i.due) for i in _items(text)] == [("Add an alarm", None)]


def test_how_the_issue_can_be_prevented_names_the_follow_up_work() -> None:
    text = ("# Go-live on 2021-06-23\n\n## How was the issue resolved\n\nBy setting option 82.\n\n"
            "## How can the issue be prevented from happening again\n\n"
            "By setting option 82 on the switch relay.\n\n"
            "** This is a work in progress. The fix has not been tested yet.\n")
    assert [i.title for i in _items(text)] == ["By setting option 82 on the switch relay"]


def test_how_it_could_have_been_prevented_looks_back() -> None:
    text = ("# Outage on 2021-06-23\n\n## How could it have been prevented\n\n"
            "A second relay would have caught it.\n\n## Follow-up\n\n- Add a second relay\n")
    assert [i.title for i in _items(text)] == ["Add a second relay"]


def test_a_short_title_before_a_spaced_dash_keeps_only_the_title() -> None:
    text = ("# DNS outage on 2021-04-07\n\n## Follow-up\n\n- Dependency mapping - when IPs change "
            "people need to know how this affects us and equally our own changes need to notify "
            "other interested parties\n")
    assert [i.title for i in _items(text)] == ["Dependency mapping"]


def test_had_to_at_the_start_of_an_item_names_no_owner() -> None:
    text = ("# DNS outage on 2021-04-07\n\n## Recommendations\n\n"
            "- Had to use Slack search to find the changed IPs. Can we track changes better?\n"
            "- Alert on failed DNS requests\n")
    assert [i.owner for i in _items(text)] == [None, None]


def test_steps_for_affected_users_and_a_statement_of_values_are_not_the_teams_work() -> None:
    text = ("# Token exposure on 2023-04-02\n\n# What action do affected users need to take?\n\n"
            "Users should review their logs:\n\n* For organizations: see the audit log guide\n"
            "* For personal accounts: see the security log guide\n\n"
            "# What are the next steps?\n\nAcme takes security very seriously, especially "
            "with user data.\n\nIn addition to the fix, we will add static analysis to CI.\n")
    assert [i.title for i in _items(text)] == [
        "In addition to the fix, we will add static analysis to CI"]


def test_the_subject_of_a_lead_in_owns_the_list_after_it() -> None:
    text = ("# Release rollback on 2020-05-20\n\n## Next steps\n\n"
            "As a next step, [@olistic][] is going to produce two documents:\n\n"
            "1. The first will outline the release process\n"
            "2. The second will propose changes to it\n\n[@olistic]: https://github.com/olistic\n")
    assert [i.owner for i in _items(text)] == ["@olistic", "@olistic"]


def test_a_lead_in_without_a_subject_names_no_owner() -> None:
    text = ("# Release rollback on 2020-05-20\n\n## Next steps\n\n"
            "As a next step, we will produce two documents:\n\n"
            "1. The first will outline the release process\n"
            "2. The second will propose changes to it\n")
    assert [i.owner for i in _items(text)] == [None, None]
