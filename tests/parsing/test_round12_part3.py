"""Round 12, part 3 (batch 24, scored fresh at P 0.788 R 0.525 after parts 1 and 2): blog
posts in raw HTML, lead-ins that name their list, metadata headers, lower-case writers, and
more names. Every document here is written for the test; each test of a rule fails on the
parser before this part (d24a19b)."""

from __future__ import annotations

import datetime as dt

from actiontrack.parsing import parse_text
from tests.parsing.extract import items as _all
from tests.parsing.extract import titles as _titles

_SPAN = '<span style="color: #222222; font-family: arial; font-size: small;">'


def test_a_lead_in_that_names_its_list_as_action_items_is_an_action_section() -> None:
    text = ("---\ntitle: Mail outage\ndate: '2014-05-28 05:16:39 -0400'\n---\n"
            f"<p>{_SPAN}<b>Overview:</b></span><br />{_SPAN}Mail was delayed for a day."
            f"</span><br />{_SPAN}<b>Remediation plan:</b></span><br />{_SPAN}Our immediate "
            "action items:</span><br /></p>\n<ul>\n"
            f"<li>{_SPAN}Update the mail flow diagram.</span></li>\n"
            f"<li>{_SPAN}Monitor the mail queue.</span></li>\n</ul>\n"
            f"<p><br />{_SPAN}Medium-to-long term initiatives.</span><br /> </p>\n<ul>\n"
            f"<li>{_SPAN}Cross-train the contractors</span></li>\n</ul>\n<p>&nbsp;</p>\n")
    assert _titles(text) == ["Update the mail flow diagram", "Monitor the mail queue",
                             "Cross-train the contractors"]


def test_a_bold_label_in_an_editors_paragraph_is_a_label_and_closes_the_list_above() -> None:
    """`<p> <span><strong>To Do</strong></span>` after a `</ul>`: a paragraph at the margin
    (not a note of the last entry above), read as the bold label it shows."""
    text = ("---\ntitle: SVN outage\ndate: '2014-12-09 09:58:37 -0500'\n---\n"
            "<p> <span><strong>Problems</strong></span><br /></p>\n<ul>\n"
            "<li>Monitoring missed the disk errors.</li>\n</ul>\n"
            "<p> <span></span><br /> <span><strong>To Do</strong></span><br /> <span></span></p>\n"
            "<ul>\n<li><span>Dana to evaluate a second master.</span></li>\n</ul>\n"
            "<ul>\n<li><span>Move the status page off our own hosts.</span></li>\n</ul>\n")
    assert [(i.title, i.owner) for i in _all(text)] == [
        ("Dana to evaluate a second master", "Dana"),
        ("Move the status page off our own hosts", None)]


def test_the_summarys_day_beats_a_timeline_that_opens_weeks_before_the_post() -> None:
    text = ("---\ntitle: Outage\ndate: '2014-12-09 09:58:37 -0500'\n---\n"
            "**Summary** On Wednesday December 3rd the main host failed.\n\n"
            "**Timeline**\n\n- 2014-10-26 - the disk mirror degraded\n"
            "- 2014-12-03 - the service stopped\n")
    assert parse_text(text, source="pm.md").postmortem.incident_date == dt.date(2014, 12, 3)


def test_a_metadata_header_without_fences_gives_the_title_and_the_date() -> None:
    text = ("Title: Post mortem: incident of 01 October 2020 - broken build\n"
            "Date: 2020-10-02 17:34:00\nAuthor: Site team\n\n"
            "The build broke when a deploy key expired.\n")
    pm = parse_text(text, source="pm.md").postmortem
    assert pm.title == "Post mortem: incident of 01 October 2020 - broken build"
    assert pm.incident_date == dt.date(2020, 10, 1)


def test_a_call_to_action_is_the_readers_not_the_teams() -> None:
    text = ("# Phishing attack\n\n## Call to action\n\nSome things you can do:\n\n"
            "* Remove a dormant account you do not need\n* Turn on 2FA for your account\n")
    assert _titles(text) == []


def test_fixes_over_tasks_are_tasks() -> None:
    text = ("# Validator offline\n\n## what happened\n\nThe router crashed.\n\n## fixes\n\n"
            "- restart hardening on every router host\n"
            "- add real-time alerts on the BGP session state\n"
            "- keep a backup node warm\n")
    assert _titles(text) == ["restart hardening on every router host",
                             "add real-time alerts on the BGP session state",
                             "keep a backup node warm"]


def test_a_writer_in_lower_case_ends_sentences_before_lower_case() -> None:
    text = ("# Router crash\n\n## Action items\n\n"
            "- treat the segfault as a bug, not an event. we keep the core and will get a "
            "backtrace.\n- keep a backup node warm\n")
    assert _titles(text) == ["treat the segfault as a bug, not an event",
                             "keep a backup node warm"]


def test_what_we_changed_in_a_part_of_the_system_is_done_work() -> None:
    text = ("## Authorization flaws\n\n### What we could establish\n\nNo data was read.\n\n"
            "### What we changed in authorization\n\n"
            "- **Scopes are resolved against the caller's access.** On every token refresh.\n"
            "- **Records are archived before deletion.**\n")
    assert [(i.title, i.status.value) for i in _all(text)] == [
        ("Scopes are resolved against the caller's access", "done"),
        ("Records are archived before deletion", "done")]


def test_code_in_triple_backticks_on_one_line_opens_no_fence() -> None:
    text = ("# Certificates\n\n- **Identified**: a user saw\n```Hostname does not match```\n\n"
            "- **Review actions**:\n  - Monitor the certificate\n  - Fix the pipeline\n")
    assert _titles(text) == ["Monitor the certificate", "Fix the pipeline"]


def test_a_channel_name_is_no_priority_and_a_ticket_link_in_a_sentence_keeps_its_word() -> None:
    text = ("# Certificates\n\n## Action items\n\n"
            "- The canary should page #high-priority-alerts after 2 minutes\n"
            "- Created a [ticket](https://github.com/acme/ops/issues/3084) to migrate the "
            "modules\n")
    items = _all(text)
    assert [i.title for i in items] == [
        "The canary should page #high-priority-alerts after 2 minutes",
        "Created a ticket to migrate the modules"]
    assert items[0].priority is None
    assert items[1].links == ("https://github.com/acme/ops/issues/3084",)


def test_a_lead_in_whose_last_words_point_at_the_list_commits_by_the_sentence_before() -> None:
    text = ("# Outage on 2023-10-06\n\nA migration locked a table for twenty minutes.\n\n"
            "Following a review, we have identified improvements we will be applying to our "
            "release process. These include:\n\n"
            "1. Lint every migration for its lock mode.\n"
            "1. Test migrations on a copy of production.\n")
    assert _titles(text) == ["Lint every migration for its lock mode",
                             "Test migrations on a copy of production"]


def test_future_hardening_and_mitigation_in_the_future_are_action_names() -> None:
    text = ("# Supply chain attack\n\n## Lessons learned and future security hardening\n\n"
            "- Isolate the release credentials\n- Expire every token after 30 days\n\n"
            "### Published security blogs on the attack\n\n"
            "- [Vendor analysis](https://example.com/blog/attack)\n\n"
            "== Mitigation in the future\n\n"
            "Firstly, we'll develop a script that backs up every ref.\n")
    assert _titles(text) == ["Isolate the release credentials",
                             "Expire every token after 30 days",
                             "Firstly, we'll develop a script that backs up every ref"]


def test_a_remediation_action_required_column_is_a_column_of_tasks() -> None:
    text = ("# Supply chain attack\n\n## Current status\n\n"
            "| Repository | Asset | Remediation Action Required | Current Status |\n"
            "| :--- | :--- | :--- | :--- |\n"
            "| `acme/spec` | Branch head | Restore the branch head | **OUTSTANDING** |\n"
            "| `acme/gen` | Branch | Delete the compromised branch | **DONE** |\n")
    assert [(i.title, i.status.value) for i in _all(text)] == [
        ("Restore the branch head", "open"), ("Delete the compromised branch", "done")]


# -- part 4 (batch 24 again, after part 3) ----------------------------------------------------

def test_mitigations_named_with_the_time_ahead_and_future_solutions_are_action_names() -> None:
    text = ("# Trade exploit\n\n## Root cause\n\nA validation gap.\n\n"
            "## Immediate and long-term mitigations\n\n### Security hardening\n\n"
            "Key improvements include:\n\n- Expanded protocol validation checks\n"
            "- Signed dependencies\n\n## Future solutions\n\n"
            "- We plan to update the status page from a script\n")
    assert _titles(text) == ["Expanded protocol validation checks", "Signed dependencies",
                             "We plan to update the status page from a script"]


def test_a_long_term_mitigation_label_under_the_resolution_is_still_the_response() -> None:
    text = ("# Network outage\n\n## Resolution and mitigation steps\n\n"
            "1. **Long-Term Mitigation:**\n   - Moved to two internet providers.\n\n"
            "## Follow-up actions\n\n- Improve out-of-band access\n")
    assert _titles(text) == ["Improve out-of-band access"]


def test_a_status_posts_closing_words_are_no_task() -> None:
    text = ("# Database outage\n\n## Future solutions\n\n"
            "- We will prioritise graceful degradation in every service\n\n"
            "We are actively monitoring the fix and have further thoughts on how to improve "
            "our response times.\n\n"
            "While we dislike incidents like this, we do trust they make the service better.\n")
    assert _titles(text) == ["We will prioritise graceful degradation in every service"]


def test_the_specification_of_a_named_task_in_a_state_of_its_own_is_its_detail() -> None:
    text = ("# Validator downtime\n\n### Future prevention\n\n"
            "- Validate the monitoring configuration automatically\n"
            "- **Automated failover system** (in development):\n"
            "  - Trigger: every vote missed for one session\n"
            "  - 30-second polling interval\n  - Automatic key rotation to the backup node\n"
            "- Scheduled onsite assessment for 2025-06-20\n")
    items = _all(text)
    assert [i.title for i in items] == ["Validate the monitoring configuration automatically",
                                        "Automated failover system",
                                        "Scheduled onsite assessment"]
    assert items[2].due == dt.date(2025, 6, 20)


def test_the_questions_of_the_five_whys_are_no_action_sections() -> None:
    text = ("# Signing failed\n\n## Five whys\n\n**Why were users unable to perform these core "
            "actions?**\n\n1. The key type did not match\n2. The payload check failed\n\n"
            "## Remediation\n\n- Fetch the coin type from the chain\n")
    assert _titles(text) == ["Fetch the coin type from the chain"]


# -- part 5 (batch 25, after its fresh figure) ------------------------------------------------

def test_groups_named_by_given_names_are_the_owners_of_their_tasks() -> None:
    text = ("# Home page down\n\n## Actions\n\n**Alex**\n- Investigate splitting the build\n"
            "- Make the end-to-end tests faster\n\n**David**\n- Think about a staging CMS\n\n"
            "**Gareth**\n- Document how to restore a deleted field\n")
    assert [(i.title, i.owner) for i in _all(text)] == [
        ("Investigate splitting the build", "Alex"), ("Make the end-to-end tests faster", "Alex"),
        ("Think about a staging CMS", "David"),
        ("Document how to restore a deleted field", "Gareth")]


def test_groups_named_by_parts_of_the_system_own_nothing() -> None:
    text = ("# Home page down\n\n## Actions\n\n**Frontend**\n- Show a banner on errors\n\n"
            "**Database**\n- Add a replica\n")
    assert [i.owner for i in _all(text)] == [None, None]


def test_a_bare_topic_over_its_tasks_is_a_group_not_a_task() -> None:
    text = ("# Auth bug\n\n## Action items\n\n * Testing\n"
            "    * regression test for exactly this issue in the API library\n"
            "    * integration test the critical endpoints for access control\n * QA\n"
            "    * look for other early-return bugs like this one\n"
            "    * list the things to check by hand in critical changes\n"
            " * Observability improvements\n    * Add a leaderboard of metrics to the dashboard\n"
            "    * Count the error lines in the logs\n")
    assert _titles(text) == [
        "regression test for exactly this issue in the API library",
        "integration test the critical endpoints for access control",
        "look for other early-return bugs like this one",
        "list the things to check by hand in critical changes",
        "Observability improvements", "Add a leaderboard of metrics to the dashboard",
        "Count the error lines in the logs"]


def test_a_document_titled_with_a_procedure_word_keeps_its_action_section() -> None:
    text = ("# 2018-01-17, Emergency base image bump\n\n## Summary\n\nThe image broke.\n\n"
            "## Action items\n\n### Process\n\n- Subscribe to the distribution's mailing list\n"
            "- Separate the Python version from the distro version\n")
    assert _titles(text) == ["Subscribe to the distribution's mailing list",
                             "Separate the Python version from the distro version"]


def test_a_section_under_a_runbook_heading_is_still_the_runbooks_steps() -> None:
    text = ("# Outage\n\n## Runbook\n\n### Actions\n\n- Restart the proxy\n- Page the lead\n\n"
            "## Summary\n\nIt broke.\n")
    assert _titles(text) == []


def test_an_html_pre_block_is_code_not_the_text_of_the_item_above() -> None:
    text = ("<h2>Action items</h2>\n<ul>\n"
            "<li>For now we run the tracker behind a proxy with the following rules:\n"
            "<pre>\n<code>\n   ProxyPass /tracker/popups !\n   ProxyPass /tracker http://127.0.0.1:8080\n"
            "</code>\n</pre>\n</li>\n<li>Rotate every password</li>\n</ul>\n")
    assert _titles(text) == [
        "For now we run the tracker behind a proxy with the following rules",
        "Rotate every password"]


def test_hope_this_clarifies_signs_the_post_off() -> None:
    text = ("# Contract exploit\n\n## Next steps\n\n"
            "We will publish the audit of the patched contract next week.\n\n"
            "Hope this clarifies the situation. We remind everyone of the bounty program.\n")
    assert _titles(text) == ["We will publish the audit of the patched contract next week"]


def test_sub_headings_named_like_people_are_parts_of_the_system() -> None:
    text = ("# Cluster outage\n\n## Action items\n\n### Kubernetes\n\n- Pin the node image\n\n"
            "### Postgres\n\n- Add a replica\n")
    assert [i.owner for i in _all(text)] == [None, None]


# -- part 6 (batch 26, after its fresh figure) ------------------------------------------------

def test_a_bold_title_alone_on_the_items_first_line_is_its_title() -> None:
    text = ("# Database outage\n\n### Planned actions\n\n"
            "1. **Better monitoring and visibility**\nWe've been adding alerts on table growth "
            "and will continue to tune them.\n\n2. **Exploring other data stores**\nWe've been "
            "exploring other stores for this table and will continue to evaluate those.\n")
    assert _titles(text) == ["Better monitoring and visibility", "Exploring other data stores"]


def test_bullets_at_the_margin_after_a_numbered_entry_ending_in_a_colon_are_its_details() -> None:
    text = ("# Database outage\n\n### Immediate actions (completed)\n\n"
            "1.  **Root cause discovery and isolation**\nWe found the cause by engaging experts "
            "to analyze:\n\n-   Query plans\n-   Disk reads\n\n"
            "2.  **Careful deployment**\nWe chose a manual deploy for:\n\n-   the API\n"
            "-   the web app\n\n3. Rotate the keys\n\n- Tell the customers\n")
    assert _titles(text) == ["Root cause discovery and isolation", "Careful deployment",
                             "Rotate the keys", "Tell the customers"]
