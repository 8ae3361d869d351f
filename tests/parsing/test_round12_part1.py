"""Round 12, part 1 (batch 23): shapes its real documents showed that no rule read. Every
document here is written for the test; each test fails on the parser of round 11."""

from __future__ import annotations

from tests.parsing.extract import items as _all
from tests.parsing.extract import owned as _owned
from tests.parsing.extract import titles as _titles


def test_plain_task_lines_under_a_joined_name_are_the_action_halfs_list() -> None:
    text = ("# Wallet crash\n\n## Root cause\n\nAn integer overflowed.\n\n"
            "## Lessons learned and future improvements\n"
            "Add overflow tests for every amount field.\n"
            "Reduce the number of coin types in the codebase.\n"
            "Bug bounty for the consensus code.\n"
            "Write a runbook for the on-call engineer.\n\n## Appendix\n\nGraphs.\n")
    assert _titles(text) == ["Add overflow tests for every amount field",
                             "Reduce the number of coin types in the codebase",
                             "Bug bounty for the consensus code",
                             "Write a runbook for the on-call engineer"]


def test_prose_under_a_joined_name_is_still_the_lessons_half() -> None:
    """The rule above needs lines that open as tasks: lessons told as sentences stay out."""
    text = ("# Wallet crash\n\n## Lessons learned and future improvements\n"
            "Our tests did not cover negative amounts.\n"
            "The review missed the change to the parser.\n"
            "Nobody was paged for two hours.\n")
    assert _titles(text) == []


def test_a_task_table_whose_separator_came_after_its_first_row_is_a_table() -> None:
    text = ("# Uploads failed\n\n## Aksjonspunkter\n\n| Aksjon | Type | Eier | Referanse |\n"
            "| Skip drafts without a version | bugfix | Team Uploads | "
            "https://github.com/acme/uploads/commit/4ce8d5e |\n"
            "| ------ | ---- | ---- | --- |\n| ------ | ---- | ---- | --- |\n\n"
            "## Hva lærte vi?\n\nMore tests.\n")
    [item] = _all(text)
    assert (item.title, item.owner) == ("Skip drafts without a version", "Team Uploads")
    assert item.links == ("https://github.com/acme/uploads/commit/4ce8d5e",)


def test_a_second_separator_row_in_a_table_is_no_item() -> None:
    text = ("# Outage\n\n## Action items\n\n| Action | Owner |\n|---|---|\n"
            "| Add an alert on queue depth | @kim |\n|---|---|\n| Cap the retries | @lee |\n")
    assert _owned(text) == [("Add an alert on queue depth", "@kim", "open"),
                            ("Cap the retries", "@lee", "open")]


def test_a_status_in_parentheses_in_the_reference_cell_is_the_status() -> None:
    text = ("# Crash loop\n\n## Action items\n\n| Action | Type | Owner | Reference |\n"
            "|---|---|---|---|\n| Alert on CrashLoopBackOff | prevent | @ola | (Done) |\n"
            "| Alert on the SLA | prevent | @ola | https://github.com/acme/ops/issues/213 |\n")
    assert _owned(text) == [("Alert on CrashLoopBackOff", "@ola", "done"),
                            ("Alert on the SLA", "@ola", "open")]


def test_the_story_beside_the_work_in_a_prose_section_is_left() -> None:
    """Under "What's next?", paragraphs that tell what a vendor did or promised and what the
    team came to believe are the story; the one that reports the team's own work is the item,
    and it is done."""
    text = ("# Blocked by our CDN\n\n## What's next?\n\n"
            "The CDN provider reached out to us on Tuesday evening to discuss what happened. "
            "Their abuse system had flagged our domain by mistake.\n\n"
            "The provider has also assured us that a gap of sixteen hours between the false "
            "detection and the fix is not acceptable, and that this will be their focus.\n\n"
            "This experience has confirmed our belief that open standards were the right "
            "choice for the runtime and its users.\n\n"
            "As a result of this incident we have set up a public status page. It shows the "
            "state of every service.\n")
    [item] = _all(text)
    assert item.title == "As a result of this incident we have set up a public status page"
    assert item.status.value == "done"


def test_work_the_team_reports_in_the_present_perfect_is_done() -> None:
    text = ("# Rejected transactions\n\n## Action items\n\n"
            "- To prevent this from happening again, we have added a test for every chain id\n"
            "- A hotfix release will be published with the fix\n")
    assert [(i.title, i.status.value) for i in _all(text)] == [
        ("To prevent this from happening again, we have added a test for every chain id",
         "done"), ("A hotfix release will be published with the fix", "open")]


def test_a_name_in_capitals_with_a_status_in_a_column_of_owners() -> None:
    text = ("# Slow backfill\n\n## Action items\n\n"
            "- Tell support that the slow reports may come from the backfill (MIRA DONE)\n"
            "- Stop all backfills for now (OTTO)\n- Balance the service over two nodes (IVO)\n"
            "- Time each phase of the backfill (IVO)\n- Alert on CPU credits (IVO)\n")
    assert _owned(text)[:2] == [
        ("Tell support that the slow reports may come from the backfill", "MIRA", "done"),
        ("Stop all backfills for now", "OTTO", "open")]


def test_numbered_sub_headings_are_one_list_and_a_todo_mark_is_their_status() -> None:
    text = ("# Queue latency\n\n# Resulting actions\n\n#### 1) Plan the database move\n\n"
            "`@kai` and `@ren` are planning a stream to move the database.\n\n"
            "#### 2) TODO Configuration management\n\n"
            "We need to find a configuration management pattern soon. Maybe a volunteer.\n\n"
            "#### 3) TODO Chat bot for incident command\n\n"
            "We need to find ways to start and stop incidents from the chat.\n")
    assert [(i.title, i.status.value, i.owner) for i in _all(text)] == [
        ("Plan the database move", "open", "@kai, @ren"),  # the description's subject
        ("Configuration management", "open", None),
        ("Chat bot for incident command", "open", None)]


def test_the_fix_told_in_the_past_under_remediation_is_no_task() -> None:
    text = ("# Testnet halt\n\n## Root cause\n\nA race in the cache.\n\n"
            "## Remediation measures\n\n"
            "The fix involved rebuilding the cache on a copy-on-write tree, allowing safe "
            "writes while iterating. It was backported to our fork.\n\n"
            "A new release tag was created for the testnet. The validator was then restarted "
            "on the new binary.\n\n"
            "On 26/04/2023 at 19:18 (UTC), a message was posted in the chat to tell "
            "integrators that the testnet was back.\n")
    assert _titles(text) == []


def test_work_done_told_in_the_past_under_a_done_name_is_kept() -> None:
    text = ("# Testnet halt\n\n## What has been done\n\n"
            "A new alert was created for stalled blocks, paging the on-call engineer.\n\n"
            "The upgrade guide was rewritten to include the rollback.\n")
    assert [(i.title, i.status.value) for i in _all(text)] == [
        ("A new alert was created for stalled blocks, paging the on-call engineer", "done"),
        ("The upgrade guide was rewritten to include the rollback", "done")]


def test_bugzil_la_short_links_are_issue_links() -> None:
    text = ("# Merge day\n\n## Action items\n\n| Bug | Action |\n|---|---|\n"
            "| [1430206](https://bugzil.la/1430206) | Make the merge script check disk space |\n")
    [item] = _all(text)
    assert item.title == "Make the merge script check disk space"
    assert item.links == ("https://bugzil.la/1430206",)


def test_themes_whose_tasks_a_later_list_states_are_counted_once() -> None:
    text = ("# Images failing checks\n\n## Remediation\n\n"
            "The fixes detailed above have dealt with the proximal issue, but this incident "
            "points to deeper issues.\n\n"
            "#### Communication between the image and platform teams\n\n"
            "The image team changed an interface that the platform team relied on, without "
            "telling them. Each team assumed the other would test the change.\n\n"
            "#### OCC and complexity\n\n"
            "The configuration tool has grown over the years and nobody on either team knows "
            "all of it any more.\n\n"
            "## Action items\n\n"
            "- re-affirm communication between the image and platform teams\n"
            "- audit OCC code for interfaces that are not published\n"
            "- move the impaired-instance script to a hook\n")
    assert _titles(text) == ["re-affirm communication between the image and platform teams",
                             "audit OCC code for interfaces that are not published",
                             "move the impaired-instance script to a hook"]


def test_a_checklist_whose_sub_entries_have_no_box_folds_them_as_notes() -> None:
    text = ("# Spot requests pending\n\n## Action items\n\n"
            "- [ ] only delete images that are not in use\n"
            "- [ ] rollback needs to be easy\n"
            "   - with the release builds, rollback will be easier even if images are gone\n"
            "- [ ] record configuration changes when they happen\n"
            "   - provisioner already does this (event stream, not kept)\n"
            "   - in-channel notice of deployments\n"
            "- [ ] improve the team's knowledge of the config tool\n")
    assert _titles(text) == ["only delete images that are not in use",
                             "rollback needs to be easy",
                             "record configuration changes when they happen",
                             "improve the team's knowledge of the config tool"]


def test_an_unboxed_sub_entry_that_states_a_task_is_still_a_task() -> None:
    text = ("# Token logged\n\n## Action items\n\n"
            "- [ ] [Audit the infrastructure](https://bugzilla.example.org/show_bug.cgi?id=17)\n"
            "  - Review current logging in services (including old ones)\n"
            "- [ ] [Enforce token expiry](https://bugzilla.example.org/show_bug.cgi?id=18)\n"
            "- [ ] [Turn off debug logging](https://bugzilla.example.org/show_bug.cgi?id=19)\n")
    assert _titles(text) == ["Audit the infrastructure",
                             "Review current logging in services (including old ones)",
                             "Enforce token expiry", "Turn off debug logging"]


def test_a_sub_entry_saying_its_work_is_in_the_issue_above_is_a_note() -> None:
    text = ("# Database full\n\n## Corrective actions\n\n"
            "- [monitoring on the database space](https://github.com/acme/ops/issues/355)\n"
            "  - monitoring on fragmentation (https://example.org/defrag) is included in the "
            "previous issue\n- [investigate the cache layer](https://github.com/acme/ops/issues/356)"
            "\n")
    assert _titles(text) == ["monitoring on the database space", "investigate the cache layer"]


def test_a_sub_entry_telling_what_a_team_has_done_is_a_note() -> None:
    text = ("# Bridge exploit\n\n## Action items\n\n"
            "- Set up a security council for emergency upgrades\n"
            "- Validate threat models of external dependencies\n"
            "    - Northwind Labs has done internal audits, but not of external "
            "dependencies.\n")
    assert _titles(text) == ["Set up a security council for emergency upgrades",
                             "Validate threat models of external dependencies"]


def test_groups_named_by_initials_are_the_owners_of_their_tasks() -> None:
    text = ("# Users cannot log in\n\n## Actions\n\n**LB**\n- Review the behaviour of holds\n"
            "- Review the calls to the catalogue\n\n**SB**\n- Alert when the log cluster is "
            "unhealthy\n\n**AG**\n- Check the logs\n")
    assert [(i.title, i.owner) for i in _all(text)] == [
        ("Review the behaviour of holds", "LB"), ("Review the calls to the catalogue", "LB"),
        ("Alert when the log cluster is unhealthy", "SB"), ("Check the logs", "AG")]


def test_a_lone_acronym_group_among_named_groups_is_no_owner() -> None:
    text = ("# Outage\n\n## Action items\n\n**API**\n- Add rate limits\n\n**Frontend**\n"
            "- Show a banner\n")
    assert [(i.title, i.owner) for i in _all(text)] == [("Add rate limits", None),
                                                         ("Show a banner", None)]



def test_work_told_in_prose_beside_work_the_team_reports_stays_work() -> None:
    """Only the story is left (another party's doings, the team's beliefs): a paragraph that
    tells the team's decision, or a rule the team sets, stays an item beside "we've added"."""
    text = ("# Services data loss\n\n## What we are doing\n\n"
            "Upon declaring the data loss, we made the decision to restore the last backup "
            "that would work, from the morning of the third.\n\n"
            "We've also added a notice to the login news about the lost registrations and "
            "how to register again.\n\n"
            "No service account should have write access to the production database from a "
            "laptop, ever again.\n")
    assert _titles(text) == [
        "Upon declaring the data loss, we made the decision to restore the last backup that "
        "would work, from the morning of the third",
        "We've also added a notice to the login news about the lost registrations and how to "
        "register again",
        "No service account should have write access to the production database from a "
        "laptop, ever again"]
