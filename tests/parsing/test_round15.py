"""Round 15 (the dev folders, then batch 33): shapes real documents showed that no rule read.
Every document here is written for the test; each test fails on the parser before the part
that added it, except the guards (named as such)."""

from __future__ import annotations

import datetime as dt

from actiontrack.parsing import parse_text
from tests.parsing.extract import items as _items
from tests.parsing.extract import owned as _owned
from tests.parsing.extract import titles as _titles


def test_a_list_that_tells_what_each_part_does_is_not_tasks() -> None:
    text = ("# Duplicate records after the upgrade\n\n## Prevention\n\n"
            "The loop goes like this:\n\n"
            "- The operator edits a `Route` and saves it.\n"
            "- The mapper sees that routes are immutable, so it keeps the old row and writes "
            "a new one.\n"
            "- The sync stage finds the new row that nobody asked for, and imports it.\n\n"
            "What we need is a way to tell the two apart.\n\n"
            "- Record which rows the mapper wrote\n"
            "- Skip those rows in the sync stage\n")
    assert _titles(text) == ["Record which rows the mapper wrote",
                             "Skip those rows in the sync stage"]


def test_guard_a_list_of_what_each_part_should_do_stays_tasks() -> None:
    text = ("# Duplicate records after the upgrade\n\n## Prevention\n\n"
            "- The mapper should skip rows it wrote itself.\n"
            "- The sync stage must not import rows nobody asked for.\n"
            "- The operator needs a warning when a route is replaced.\n")
    assert len(_titles(text)) == 3


def test_a_title_that_joins_two_days_with_an_ampersand_dates_the_first() -> None:
    text = ("---\ntitle: API outages on July 15 & 16, 2031\ndate: 2031-07-16 23:29 UTC\n---\n\n"
            "The API was down for an hour on each day.\n")
    assert parse_text(text, source="x.md").postmortem.incident_date == dt.date(2031, 7, 15)


def test_a_day_without_a_year_inside_a_sentence_dates_a_post_that_gives_no_other() -> None:
    text = ("---\ntitle: Network pause\ndate: 2031-11-25\n---\n\n"
            "At block 11,165,694, 14:37:22 UTC, Nov 17th, the network halted because of a "
            "bug in leader election.\n\n## Next steps\n\n- Add a test for leader start-up\n")
    assert parse_text(text, source="x.md").postmortem.incident_date == dt.date(2031, 11, 17)


def test_a_state_cell_that_opens_with_its_status_word_states_it() -> None:
    text = ("# Slot collision\n\n## Follow-up\n\n| Item | Current state |\n|---|---|\n"
            "| Move new rows to the high end | **Resolved.** Verified against a real database. |\n"
            "| Warn operators in the UI | Resolved: a banner above the panel. |\n"
            "| Check the storage tab too | **Open.** Its routes share the same code. |\n")
    assert [(i.title, i.status.value) for i in _items(text)] == [
        ("Move new rows to the high end", "done"), ("Warn operators in the UI", "done"),
        ("Check the storage tab too", "open")]


def test_a_lead_in_that_commits_in_the_passive_heads_the_tasks() -> None:
    text = ("# Delivery errors\n\n## Postmortem\n\n"
            "The switch to the secondary network took 25 minutes.\n\n"
            "To improve our quality of service in the future, following steps will be taken:\n\n"
            "- Improve monitoring of both delivery networks\n"
            "- Establish procedures for a faster switchover\n\n## Resolved\n\nAll fine now.\n")
    assert _titles(text) == ["Improve monitoring of both delivery networks",
                             "Establish procedures for a faster switchover"]


def test_a_named_team_at_work_around_the_bug_lists_its_tasks() -> None:
    text = ("# Bad traceroute data\n\nA bug in the tracer writes loops into some records.\n\n"
            "The Data team is doing development to work around the bug in several ways:\n\n"
            "1. By changing how we call the tracer, so the bug occurs less often.\n"
            "2. By adding detection of bad records to our parser.\n"
            "3. By reprocessing the archive to drop every bad record.\n")
    assert len(_titles(text)) == 3


def test_a_section_named_still_open_holds_the_tasks_left() -> None:
    text = ("# Upload worker wedged\n\n## What we fixed\n\nThe worker streams uploads now.\n\n"
            "## Still open\n\n"
            "- **machine-level health alerting**: the platform knew at 02:02; a user told us.\n"
            "- **VM sizing**: 1GB is thin even after the fix.\n")
    assert _titles(text) == ["machine-level health alerting", "VM sizing"]


def test_one_persons_initials_beside_a_group_nobody_holds_yet() -> None:
    text = ("# Updates not reaching the site\n\n## Actions\n\n**RK**\n"
            "- Re-run the updates for the items people ask about (in progress)\n\n"
            "**TBC - take to next planning**\n- Run a reindex\n- Alert on the oldest message\n")
    assert _owned(text) == [
        ("Re-run the updates for the items people ask about", "RK", "open"),
        ("Run a reindex", None, "open"), ("Alert on the oldest message", None, "open")]


def test_guard_a_topic_acronym_beside_a_group_nobody_holds_is_no_owner() -> None:
    text = ("# Updates not reaching the site\n\n## Actions\n\n**DNS**\n"
            "- Lower the TTL of the apex record\n\n"
            "**TBC - take to next planning**\n- Run a reindex\n")
    assert [owner for _, owner, _ in _owned(text)] == [None, None]


def test_a_team_before_a_colon_and_a_lower_case_task_owns_it() -> None:
    text = ("# Agent crash\n\n## Actions\n\n"
            "1. Pin the agent's base image\n"
            "2. Platform team: review the design of agents that inject code into pods.\n")
    assert _owned(text) == [("Pin the agent's base image", None, "open"),
                            ("review the design of agents that inject code into pods",
                             "Platform team", "open")]


def test_work_already_done_told_among_the_commitments_is_a_done_task() -> None:
    text = ("# Beta released late\n\n## Future actions\n\n"
            "In the future, there are several key actions we need to take to prevent this.\n\n"
            "Before we cut the release branch, we will run a test release build against the "
            "main branch to catch problems early.\n\n"
            "Once the branch has been cut, we will trigger test release builds against it at "
            "least a day ahead of the release date.\n\n"
            "Fixes for release problems will be tested against release builds before they are "
            "merged, so that we can tell whether each fix works.\n\n"
            "To make release builds easier to debug in the future, we have already updated our "
            "build pipeline to run more quickly and to be more amenable to debugging.\n")
    found = [(i.title[:34], i.status.value) for i in _items(text)]
    assert len(found) == 4
    assert found[-1] == ("To make release builds easier to d", "done")


def test_results_told_in_the_present_stay_done_work() -> None:
    text = ("# Queue stalled\n\n## Follow-ups\n\n"
            "- The alert now fires when the queue passes 80% of its limit.\n"
            "- The dashboard now shows the age of the oldest message.\n"
            "- The worker now runs as a service user on the shared hosts.\n")
    assert len(_titles(text)) == 3


def test_a_lessons_topic_named_like_prevention_over_prose_is_no_action_section() -> None:
    text = ("# Account takeover\n\n## What happened?\n\nA password was reused.\n\n"
            "## What can we learn from this incident and improve?\n\n"
            "### An ounce of prevention is worth a pound of cure\n\n"
            "We check every password against known breaches on login.\n\n"
            "Two-factor authentication would have stopped the attacker.\n\n"
            "This encouragement will turn into enforcement at the end of the year.\n\n"
            "### Deleting things can have unintended consequences\n\n"
            "A deleted project name can be registered again by anyone.\n")
    assert _titles(text) == []


def test_initials_joined_by_a_slash_are_two_people_owning_a_group() -> None:
    text = ("# Replication stalled\n\n## Actions\n\n**AC/AFC**\n"
            "- Spin up a new cluster and replicate into it\n\n**JG**\n"
            "- Plan better profiling for the search cluster\n")
    assert _owned(text) == [("Spin up a new cluster and replicate into it", "AC/AFC", "open"),
                            ("Plan better profiling for the search cluster", "JG", "open")]


def test_solutions_being_worked_on_are_the_tasks() -> None:
    text = ("# Launcher fails to start\n\n## What happened?\n\nAn invalid version was "
            "rolled out.\n\n## Solution\n\n"
            "We have a number of solutions which are being worked on internally, these "
            "include:\n\n- Validation of the release commit hash.\n"
            "- Automation of the desktop release process.\n")
    assert _titles(text) == ["Validation of the release commit hash",
                             "Automation of the desktop release process"]


def test_why_a_task_matters_told_under_it_is_a_note() -> None:
    text = ("# Outage\n\n## Action Items\n\n"
            "- [Manage the stack's resources as code](https://example.com/issues/18)\n"
            "  - One of the key factors delaying the recovery was the fact that almost none "
            "of the stack's settings were kept in code, so each had to be found by hand.\n")
    assert _titles(text) == ["Manage the stack's resources as code"]


def test_a_bold_title_keeps_clear_of_a_path_in_parentheses_after_it() -> None:
    text = ("# Stale pages\n\n## Prevention\n\n"
            "1. **Branch-drift guard** (`.github/workflows/branch-drift.yml`) — flags when main "
            "is ahead of develop on the files that matter.\n"
            "2. **Metadata monitor** (`.github/workflows/uptime.yml`) — asserts the title "
            "exists in the served page.\n")
    assert _titles(text) == ["Branch-drift guard", "Metadata monitor"]


def test_a_pair_of_dashes_around_a_parenthesis_does_not_cut_the_title() -> None:
    text = ("# Bad metadata\n\n## Prevention\n\n"
            "- The general rule — flag bit patterns written into shipped metadata are permanent "
            "and must never be given a new meaning — is written into the contributor guide for "
            "the pickling code. Review enforces it.\n")
    assert _titles(text) == [
        "The general rule — flag bit patterns written into shipped metadata are permanent and "
        "must never be given a new meaning — is written into the contributor guide for the "
        "pickling code"]


def test_fenced_code_inside_a_markdown_example_does_not_hide_the_rest() -> None:
    text = ("# Misread task\n\n## What happened\n\nThe steps were read as optional.\n\n"
            "A better template:\n\n```markdown\n### Step 2\n\n```bash\ngit mv a b\n```\n```\n\n"
            "## Recommendations for future tasks\n\n"
            "1. Start each step with a required or optional tag\n"
            "2. Add validation commands after each step\n")
    assert _titles(text) == ["Start each step with a required or optional tag",
                             "Add validation commands after each step"]


def test_follow_up_actions_taken_are_done_tasks() -> None:
    text = ("# Misread task\n\n## Recommendations for future tasks\n\n"
            "1. Start each step with a required or optional tag\n\n"
            "## Follow-Up Actions Taken\n\n"
            "- Updated the task template to include validation checkpoints.\n"
            "- Added an anti-patterns section to the task.\n")
    assert [(i.title, i.status.value) for i in _items(text)] == [
        ("Start each step with a required or optional tag", "open"),
        ("Updated the task template to include validation checkpoints", "done"),
        ("Added an anti-patterns section to the task", "done")]


def test_what_would_have_helped_names_lessons_not_tasks() -> None:
    text = ("# Misread task\n\n## What Would Have Helped\n\n### Clear TODO structure\n\n"
            "Steps marked as required would have kept the work on track.\n\n"
            "```markdown\n1. [REQUIRED] Move the file\n```\n\n"
            "## Action items\n\n- Add required tags to the task template\n")
    assert _titles(text) == ["Add required tags to the task template"]


def test_the_files_a_fix_updated_are_not_tasks_nor_is_their_heading() -> None:
    text = ("# Duplicate emails\n\n## Prevention Measures\n\n### Code Review Guidelines\n\n"
            "When reviewing changes to the expiry job:\n\n"
            "1. **Generator/consumer separation**\n   - Never call the consumer from the "
            "generator\n\n"
            "### Documentation Updates\n\n**Updated Documents**:\n"
            "- `docs/EXPIRY.md` - Add trigger management rules\n"
            "- `docs/OPERATORS.md` - Document race condition prevention\n\n"
            "## Action Items\n\n- [ ] Add an alert for duplicate audit entries\n")
    assert _titles(text) == ["Add an alert for duplicate audit entries"]


def test_recommended_fixes_over_time_horizons_are_the_tasks() -> None:
    text = ("# Pool exhausted\n\n## Lessons learned\n\n- the pool was too small\n\n"
            "## Recommended fixes\n\n### Immediate (must do)\n\n"
            "1. **add a connect timeout** (the setting exists but is not set)\n\n"
            "### Short-term\n\n"
            "2. **reduce `pool_timeout`** - currently 30s, consider 10s to fail faster\n\n"
            "### Long-term\n\n3. **connection pool metrics** - alert on utilisation\n")
    assert _titles(text) == ["add a connect timeout (the setting exists but is not set)",
                             "reduce pool_timeout",
                             "connection pool metrics"]


def test_a_bold_status_label_states_the_status_and_leaves_the_task() -> None:
    text = ("# Deleted audio\n\n## Follow-ups\n\n"
            "- **shipped**: an integrity script that checks every row's object exists.\n"
            "- **open**: `audit_media.py` is not scheduled; it needs to run on a cron and page.\n"
            "- **blocked**: keep the deletion spans longer than 14 days.\n")
    assert [(i.title, i.status.value) for i in _items(text)] == [
        ("an integrity script that checks every row's object exists", "done"),
        ("audit_media.py is not scheduled; it needs to run on a cron and page", "open"),
        ("keep the deletion spans longer than 14 days", "open")]


def test_a_table_of_records_and_their_purpose_titles_by_the_purpose() -> None:
    text = ("# Fork storm\n\n## Follow-up\n\n| Record | State at RCA | Purpose |\n"
            "| --- | --- | --- |\n"
            "| ORB-11414 | Done | Record the lesson in the lessons file. |\n"
            "| ORB-11415 | Proposed | Make CPU saturation visible to the orchestrators. |\n")
    assert [(i.title, i.status.value) for i in _items(text)] == [
        ("Record the lesson in the lessons file", "done"),
        ("Make CPU saturation visible to the orchestrators", "open")]


def test_an_entry_that_says_the_tickets_were_filed_is_no_task() -> None:
    text = ("# Pages 404\n\n## Preventative measures\n\n"
            "- Appsdev will respond to alerts before dismissing them.\n"
            "- Devops will install log shipping on the nodes.\n\n"
            "## Tracking of preventative measures\n\n"
            "- Tickets have been created and assigned in JIRA.\n")
    assert _titles(text) == ["Appsdev will respond to alerts before dismissing them",
                             "Devops will install log shipping on the nodes"]


def test_a_party_at_work_on_the_task_now_owns_it() -> None:
    text = ("# Pages 404\n\n## Preventative measures\n\n"
            "- Devops is monitoring the thread that announces the firewall's address ranges.\n"
            "- Add a probe for the location pages.\n")
    assert [owner for _, owner, _ in _owned(text)] == ["Devops", None]


def test_guard_a_thing_at_work_is_no_owner() -> None:
    text = ("# Pages 404\n\n## Preventative measures\n\n"
            "- Nothing is blocking the rollout of the new probe.\n"
            "- Add a probe for the location pages.\n")
    assert [owner for _, owner, _ in _owned(text)] == [None, None]


def test_labelled_quotations_are_examples_of_wording_not_tasks() -> None:
    text = ("# Misread task\n\n## Wording improvements\n\nDistinguish between:\n\n"
            "- **Primary path:** \"Move the factory into the runtime package\"\n"
            "- **Fallback:** \"If this creates errors, then keep it where it is\"\n\n"
            "## Action items\n\n- Add a wording guide to the task template\n")
    assert _titles(text) == ["Add a wording guide to the task template"]
