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
