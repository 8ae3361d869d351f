"""Round 17: batch 40's shapes. Every document here is written for the test; each test fails on
the parser before the part that added it, except the guards (named as such)."""

from __future__ import annotations

import datetime as dt

from actiontrack.parsing import parse_text
from tests.parsing.extract import items as _items
from tests.parsing.extract import owned as _owned
from tests.parsing.extract import titles as _titles


def _incident(text: str) -> dt.date | None:
    return parse_text(text, source="pm.md").postmortem.incident_date


def test_a_priority_over_a_horizon_names_a_group_whose_tasks_are_read() -> None:
    text = ("# Queue stall\n\n## Action items\n\n**P0 — Immediate**\n\n"
            "- [ ] **Stop the purge loop.** It wipes the whole cache.\n\n"
            "**P1 — Short-term**\n\n"
            "- [ ] **Add a breaker per shard.** Bypass the cache when it is open.\n"
            "- [ ] **Back off with jitter.** The fixed delay amplifies load.\n\n"
            "**P2 — Long-term**\n\n- [ ] **Chaos drills.** Fail the cache on purpose.\n")
    assert _titles(text) == ["Stop the purge loop", "Add a breaker per shard",
                             "Back off with jitter", "Chaos drills"]


def test_an_imperative_before_a_participle_that_qualifies_a_noun_is_still_open() -> None:
    text = ("# Retry storm\n\n## Action items\n\n"
            "- [ ] Replace fixed retry with exponential backoff\n"
            "- Remove disabled accounts from the sync job\n")
    assert [(t, s) for t, _o, s in _owned(text)] == [
        ("Replace fixed retry with exponential backoff", "open"),
        ("Remove disabled accounts from the sync job", "open")]


def test_guard_a_note_that_reports_work_done_in_the_passive_is_still_done() -> None:
    text = "# Key leak\n\n## Follow-ups\n\n- Script updated to rotate the keys nightly\n"
    assert _owned(text) == [("Script updated to rotate the keys nightly", None, "done")]


def test_what_a_company_is_doing_to_improve_holds_its_commitments() -> None:
    text = ("# Network flood\n\n## What happened\n\nA broadcast storm took the zone down.\n\n"
            "## What is Acme doing to improve resilience?\n\n"
            "We are actively redesigning the network around several availability zones.\n\n"
            "That said, despite these improvements, we remain exposed to the loss of a whole "
            "region.\n")
    assert _titles(text) == [
        "We are actively redesigning the network around several availability zones"]


def test_guard_what_a_company_is_doing_over_figures_is_no_action_section() -> None:
    text = ("# Malware uploads\n\n## What is Acme doing to mitigate malware?\n\n"
            "Volunteers report malware through a fast channel.\n\n"
            "- From upload to first report: 1h 19m\n- First report to quarantine: 1h 12m\n"
            "- From upload to quarantine (total exposure time): **2h 32m**\n")
    assert _titles(text) == []


def test_a_trailing_wontdo_in_capitals_drops_the_task() -> None:
    text = ("# Site down\n\n## Actions\n\n"
            "- Find features of the site we could switch off, e.g. search WONTDO\n"
            "- Split the staging and production toggles\n")
    assert _owned(text) == [
        ("Find features of the site we could switch off, e.g. search", None, "dropped"),
        ("Split the staging and production toggles", None, "open")]


def test_people_groups_beside_a_done_group_and_a_role_own_their_tasks() -> None:
    text = ("# Site down\n\n## Actions\n\n**Mira**\n- Brief the new managers on the protocol\n\n"
            "**Olu/Tane**\n- Walk through the dashboards in the review\n\n"
            "**Tane**\n- File a ticket for the slow query\n\n"
            "**Devs**\n- Make the banner easier to switch on\n\n"
            "**Done**\n- Measure the size of the page props\n")
    assert _owned(text) == [
        ("Brief the new managers on the protocol", "Mira", "open"),
        ("Walk through the dashboards in the review", "Olu/Tane", "open"),
        ("File a ticket for the slow query", "Tane", "open"),
        ("Make the banner easier to switch on", "Devs", "open"),
        ("Measure the size of the page props", None, "done")]


def test_a_group_taken_to_planning_is_held_by_nobody_beside_a_person() -> None:
    text = ("# Search down\n\n## Actions\n\n**Take to Platform planning**\n"
            "- Make the deploy output less verbose\n- Improve the health checks\n\n"
            "**RK**\n- Make the API resilient to key changes\n")
    assert _owned(text) == [("Make the deploy output less verbose", None, "open"),
                            ("Improve the health checks", None, "open"),
                            ("Make the API resilient to key changes", "RK", "open")]


def test_entries_under_a_task_that_ends_with_eg_are_its_examples() -> None:
    text = ("# Origin outage\n\n## Actions\n\n"
            "- Work out how to ride out an origin outage e.g. https://example.org/issues/12\n"
            "    - Static site generation\n    - Serve a stale copy on a 500\n"
            "- Document the local deploy bypass\n")
    result = _items(text)
    assert [i.title for i in result] == ["Work out how to ride out an origin outage",
                                         "Document the local deploy bypass"]
    assert result[0].links == ("https://example.org/issues/12",)


def test_a_how_to_question_after_a_dash_is_no_part_of_the_title() -> None:
    text = ("# Origin outage\n\n## Actions\n\n"
            "- Diff the content types test - how to run it only when it is useful\n")
    assert _titles(text) == ["Diff the content types test"]


def test_a_done_remark_after_a_dash_says_the_task_is_done() -> None:
    text = ("# Origin outage\n\n## Actions\n\n"
            "- Email the comms lead to check the list - done and list updated 20/10/25\n"
            "- Ask the vendor about their status page - done: nothing on their forum\n"
            "- Brief new managers on the protocol - note added to the onboarding page\n"
            "- Make the API resilient to key changes - done in "
            "https://example.org/pull/871\n"
            "- Keep the banner - it is useful\n")
    assert _owned(text) == [
        ("Email the comms lead to check the list", None, "done"),
        ("Ask the vendor about their status page", None, "done"),
        ("Brief new managers on the protocol", None, "done"),
        ("Make the API resilient to key changes", None, "done"),
        ("Keep the banner - it is useful", None, "open")]


def test_a_polish_day_heading_without_a_year_dates_the_incident_before_the_post() -> None:
    text = ("---\ntitle: Awarie\ntimestamp: 2031-04-23t10:45:00+02:00\n---\n\n"
            "Kilka awarii w tym miesiącu.\n\n### 12 kwiecień\n\nAwaria łącza.\n\n"
            "### 20 kwiecień\n\nBrak zasilania.\n")
    assert _incident(text) == dt.date(2031, 4, 12)


def test_guard_an_english_day_heading_of_a_log_dates_the_incident() -> None:
    text = ("---\ntitle: Outages this month\ndate: 2031-09-20\n---\n\n"
            "We had a bad month.\n\n### Monday, 4 September\n\nThe site went down.\n\n"
            "### 8 September\n\nSearch was slow.\n")
    assert _incident(text) == dt.date(2031, 9, 4)


def test_a_post_that_opens_with_yesterday_dates_the_incident_the_day_before() -> None:
    text = ("---\ntitle: Breaking changes upstream\npubDate: Jan 16, 2031\n---\n\n"
            "Yesterday our CDN deployed breaking changes that broke two kinds of pages.\n\n"
            "## What we are doing\n\n- Pin the CDN's versions\n")
    assert _incident(text) == dt.date(2031, 1, 15)


PAGE = """<!DOCTYPE html> <html lang=en><!--
 Page saved from the browser
--><meta charset=utf-8>
<head><title>Export</title><style>p { color: red }</style>
<script>var actions = ["- Not a task"];</script></head>
<body><div class=export><h1>Login errors on the campus hub</h1>
<div class=section><h2>Impact time</h2>
<p>
 <span>Mar 6 at 05:25 to Mar 6 at 10:48</span>
</p>
</div> <div class=section><h2>What Went Well?</h2>
<p><span>- The deploy scripts restored service at once</span></p>
</div> <div class=section><h2>Action Items</h2>
<p>
 <span>- Renew the directory credentials - <a href=https://example.org/issues/1693 \
target=_blank>https://example.org/issues/1693</a><br>- Alert before the next expiry - \
<a href=https://example.org/issues/1694>#1694</a><br>- Write down the escalation policy</span>
</p>
</div>
<form action=/subscribe><label>VIA SMS:</label><select name=country>
<option value=al>Albania (+355)</option>
<option value=dz>Algeria (+213)</option>
</select></form>
<div class=timeline><h2>Timeline</h2>
<p>Feb 27, 2031</p><p>The hub is reported down</p>
<pre>
- kubectl rollout restart deploy/hub
</pre>
<p>Mar 7, 2031</p><p>The hub is redeployed</p>
</div></div></body></html>
"""


def test_a_whole_html_page_is_read_as_the_text_it_shows() -> None:
    result = parse_text(PAGE, source="export.html")
    assert [(i.title, i.links, i.line) for i in result.action_items] == [
        ("Renew the directory credentials", ("https://example.org/issues/1693",), 15),
        ("Alert before the next expiry", ("https://example.org/issues/1694",), 15),
        ("Write down the escalation policy", (), 15)]
    assert result.postmortem.title == "Login errors on the campus hub"


def test_an_impact_time_without_a_year_dates_the_incident_in_the_year_of_the_text() -> None:
    assert parse_text(PAGE, source="export.html").postmortem.incident_date == dt.date(
        2031, 3, 6)


FRAGMENT = """<h1 class="none">Delivery errors after a storage outage</h1>
<article data-incident-start-time="2031-02-07T01:57:00.000Z">

    <h3>Summary</h3>
    <p>
        On February 7, 2031 requests failed for 37 minutes.
    </p>

    <h3>Action Items</h3>
    <ul>
        <li>
            Evaluate a smaller index format to fit the other provider's limits
        </li>
        <li>
            Test the failover provider for feature parity
        </li>
    </ul>
    <time>2031-02-12T11:44:49.510Z</time>
</article>

<ul class="updates">
    <li>
        <h2>Resolved</h2>
        <p>This incident has been resolved.</p>
        <time>2031-02-09T16:35:00.000Z</time>
    </li>
</ul>
"""


def test_a_fragment_of_a_status_page_is_read_as_its_text() -> None:
    result = parse_text(FRAGMENT, source="incident.html")
    assert [(i.title, i.line) for i in result.action_items] == [
        ("Evaluate a smaller index format to fit the other provider's limits", 12),
        ("Test the failover provider for feature parity", 15)]
    assert result.postmortem.incident_date == dt.date(2031, 2, 7)


def test_guard_markdown_with_some_html_in_it_keeps_its_own_lines() -> None:
    text = ("<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Queue stall\n\n"
            "## Action items\n\n- Add an alert on the queue depth\n- Document the restart\n")
    assert [(i.title, i.line) for i in _items(text)] == [
        ("Add an alert on the queue depth", 7), ("Document the restart", 8)]


def test_a_cause_told_in_the_past_under_root_causes_is_no_action_section() -> None:
    text = ("# Env vars wiped\n\n## Root causes\n\n### 1. The API dropped the variables\n\n"
            "The create call returned 200 without them.\n\n"
            "### 2. Follow-up GET-to-verify was skipped\n\n"
            "after the POST, the body was not inspected for the variables.\n\n"
            "## Action items\n\n- Verify every write with a read\n")
    assert _titles(text) == ["Verify every write with a read"]


def test_guard_follow_ups_under_their_own_heading_are_still_read() -> None:
    text = ("# Env vars wiped\n\n## Follow-ups that were agreed\n\n"
            "- Verify every write with a read\n")
    assert _titles(text) == ["Verify every write with a read"]


def test_a_modified_date_bounds_the_days_a_post_tells_of_without_a_year() -> None:
    text = ("---\ntitle: DDoS attack\nmodified_at: 2031-03-28\n---\n\n## TL;DR\n\n"
            "On March 11th, the region went through several waves of attacks.\n\n"
            "## Remediation\n\n- Filter SYN floods at the edge\n\n"
            "Reminder: as of 20/10/2029, the compensation is 5% per hour.\n")
    assert _incident(text) == dt.date(2031, 3, 11)


def test_we_already_implemented_that_says_the_task_is_done() -> None:
    text = ("# Indexes destroyed\n\n## Action Items\n\n"
            "- Running `rake` as root should only warn. We already implemented that now.\n"
            "- Prevent errors when the search daemon is down\n")
    assert _owned(text) == [("Running rake as root should only warn", None, "done"),
                            ("Prevent errors when the search daemon is down", None, "open")]


CONFLUENCE = """<!DOCTYPE html>
<html>
    <head>
        <title>OPS : Postmortem: Checkout outage 2031-03-03</title>
        <link rel="stylesheet" href="styles/site.css" type="text/css" />
        <meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
    </head>
    <body class="theme-default aui-theme-default">
        <div id="page">
            <div id="main" class="aui-page-panel">
                <div id="main-header">
                    <div id="breadcrumb-section">
                        <ol id="breadcrumbs">
                            <li class="first"><span><a href="index.html">OPS</a></span></li>
                            <li><span><a href="Postmortems_123.html">Postmortems</a></span></li>
                        </ol>
                    </div>
                    <h1 id="title-heading" class="pagetitle">
                        <span id="title-text">OPS : Postmortem: Checkout outage 2031-03-03</span>
                    </h1>
                </div>
                <div id="content" class="view">
                    <div class="page-metadata">
                        Created by <span class='author'> Dana Lee</span>,\
 last modified on Mar 05, 2031
                    </div>
                    <div id="main-content" class="wiki-content group">
<h2 id="Postmortem-Summary">Summary</h2>\
<p>On March 3, 2031 checkout failed for 40 minutes after a config push.</p>\
<h2 id="Postmortem-Timeline">Timeline</h2><ul><li>10:02 alerts fired</li>\
<li>10:40 the push was rolled back</li></ul><h2 id="Postmortem-Actionitems">Action items</h2>\
<ul class="inline-task-list" data-inline-tasks-content-id="991">\
<li class="checked" data-inline-task-id="1"><span>Roll back the config push</span></li>\
<li data-inline-task-id="2">\
<span>Add a canary stage to config pushes \
<a class="confluence-userlink user-mention" data-username="dlee"\
 href="https://wiki.example/display/~dlee" \
data-linked-resource-id="44" data-base-url="https://wiki.example">Dana Lee</a> <time\
 datetime="2031-03-20" class="date-future">20 Mar 2031</time>\
</span></li><li data-inline-task-id="3">\
<span>Alert on checkout error rate <a href="https://jira.example/browse/OPS-42">OPS-42</a>\
</span></li></ul>
                    </div>
                </div>
            </div>
            <div id="footer" role="contentinfo">
                <section class="footer-body">
                    <p>Document generated by Confluence on Mar 05, 2031 10:12</p>
                </section>
            </div>
        </div>
    </body>
</html>
"""


def test_a_confluence_export_reads_its_task_list_owners_dates_and_title() -> None:
    result = parse_text(CONFLUENCE, source="export.html")
    assert result.postmortem.title == "Postmortem: Checkout outage 2031-03-03"
    assert [(i.title, i.status.value if i.status else "", i.owner,
             i.due.isoformat() if i.due and i.due_source == "document" else None,
             i.links) for i in result.action_items] == [
        ("Roll back the config push", "done", None, None, ()),
        ("Add a canary stage to config pushes", "open", "Dana Lee", "2031-03-20", ()),
        ("Alert on checkout error rate", "open", None, None,
         ("https://jira.example/browse/OPS-42",))]


def test_a_signature_and_a_footnote_after_the_commitments_are_no_tasks() -> None:
    text = ("# Crawler outage\n\n## Next steps\n\n"
            "We will add time-out limits to the mirror specification.\n\n"
            "We plan to write a reference mirror once async I/O lands[^1].\n\n-- Loris\n\n"
            "[^1]: Keep it behind a reverse proxy until it is audited.\n")
    assert _titles(text) == ["We will add time-out limits to the mirror specification",
                             "We plan to write a reference mirror once async I/O lands"]


def test_solutions_others_suggested_are_no_commitment_of_the_team() -> None:
    text = ("# Crawler outage\n\n## Mirrors during the outage\n\n"
            "I'll go through some solutions that were suggested to prevent downtime:\n\n"
            "- Use a serverless host: we would pay to feed the bot\n"
            "- Use free CDN credits: we want no dependency on one vendor\n")
    assert _titles(text) == []


def test_short_imperative_sub_entries_under_a_colon_are_tasks_of_their_own() -> None:
    text = ("# Slow search\n\n## Actions\n\n- Propagate Elastic alerts to Slack:\n"
            "    - Alert on CPU load\n    - Alert on replication lag\n"
            "- Add alerts for:\n    - Disk usage\n    - Heap size\n")
    assert _titles(text) == ["Propagate Elastic alerts to Slack", "Alert on CPU load",
                             "Alert on replication lag", "Add alerts for Disk usage and Heap size"]


def test_names_in_bold_before_their_tasks_own_them() -> None:
    text = ("# Cluster outage\n\n## Actions\n\n"
            "**Robert** Turn on two-factor login for the cluster console\n\n"
            "**Alex** Investigate caching the API responses\n\n"
            "**Natalie** to copy the digital team on incident emails\n")
    assert [(t, o) for t, o, _s in _owned(text)] == [
        ("Turn on two-factor login for the cluster console", "Robert"),
        ("Investigate caching the API responses", "Alex"),
        ("to copy the digital team on incident emails", "Natalie")]


def test_a_status_field_that_mentions_action_items_is_no_action_section() -> None:
    text = ("# Server down\n\n## Overview\n\n**Date**: 2031-04-29\n\n"
            "**Status**: Complete, action items in progress\n\n"
            "**Impact**: these went down:\n* the blog\n* the git server\n\n"
            "## Lessons learned\n\n### What went well\n\n* Monitoring caught it\n\n"
            "### Action Items for the future\n\n"
            "* Finally having a playbook for restoring the server from scratch\n"
            "* Testing full system restores\n")
    assert _titles(text) == ["Finally having a playbook for restoring the server from scratch",
                             "Testing full system restores"]


def test_a_url_the_sentence_ends_on_after_a_preposition_stays_in_the_title() -> None:
    text = ("# Server down\n\n## Action items\n\n"
            "* Add more service monitoring via [https://uptime.example](https://uptime.example)\n"
            "* Fix the alert, see https://docs.example/alerts\n")
    assert _titles(text) == ["Add more service monitoring via https://uptime.example",
                             "Fix the alert"]


def test_a_title_dated_at_the_end_of_a_span_the_opening_gives_dates_its_first_day() -> None:
    text = ("# Flags cache degradation - February 6, 2031\n\n"
            "Between February 2-6, 2031, the cache workers ran out of memory.\n\n"
            "## Action items\n\n- Cap the test data\n")
    assert _incident(text) == dt.date(2031, 2, 2)


def test_guard_a_title_date_stands_beside_a_timeline_of_iso_days() -> None:
    text = ("# Extended deployment on August 28, 2031\n\n<h3>2031-08-23</h3>\n\n"
            "A first try failed.\n\n<h3>2031-08-28</h3>\n\nThe deployment took an hour.\n")
    assert _incident(text) == dt.date(2031, 8, 28)


def test_a_layout_table_of_a_page_is_read_as_its_text() -> None:
    text = ("<!DOCTYPE html><html><body><table><tr><td><table><tr><td>\n"
            "<h2>Action items</h2><ul><li>Rotate the <b>keys</b></li>"
            "<li>Alert on <time datetime=2031-01-01>expiry</time></li></ul>\n"
            "</td></tr></table></td></tr></table></body></html>\n")
    assert _titles(text) == ["Rotate the keys", "Alert on expiry"]


def test_numbered_sub_headings_with_a_state_under_fixes_and_mitigations_are_tasks() -> None:
    text = ("# Auto-update broke pairing\n\n## Fixes & Mitigations\n\n"
            "### 1. Pin the client, stop tracking nightly (DONE)\n\n"
            "The update script is now a pinned-version enforcer:\n\n- refuses newer builds\n\n"
            "### 2. Add an end-to-end pairing check (DONE — 2031-06-09 follow-up)\n\n"
            "The smoke test now runs the real handshake.\n\n"
            "## Corrective actions\n\n### 1. Short-Term (Completed or In Progress)\n\n"
            "* [x] Restart the validators\n")
    assert _owned(text) == [("Pin the client, stop tracking nightly", None, "done"),
                            ("Add an end-to-end pairing check", None, "done"),
                            ("Restart the validators", None, "done")]


def test_a_bold_title_set_off_by_a_wide_gap_is_the_title_and_its_status_line_counts() -> None:
    text = ("# Status page not updated\n\n#### Committed Actions\n\n"
            "1. **Strengthen intake protocols**               The response center has "
            "updated its runbook.               *Status: Completed November 1, 2031*\n"
            "2. **Re-assess auto-launch feasibility**               Meet to re-assess "
            "automated updates.               *Status: Meeting to be scheduled*\n")
    assert _owned(text) == [("Strengthen intake protocols", None, "done"),
                            ("Re-assess auto-launch feasibility", None, "open")]


def test_an_inline_review_actions_label_states_an_action() -> None:
    text = ("# Image pull failure\n\n- **Resolution**: the password was restored.\n\n"
            "- **Review actions**: As part of remediation, we have switched to a registry "
            "token made for the platform. (Done)\n")
    assert _owned(text) == [("As part of remediation, we have switched to a registry token "
                             "made for the platform", None, "done")]


def test_a_group_not_done_yet_leaves_its_tasks_open() -> None:
    text = ("# Crash after upgrade\n\n## Follow-ups (recommended, not done in this hotfix)\n\n"
            "- Audit the vendored plugins for the same class of bug\n")
    assert _owned(text) == [("Audit the vendored plugins for the same class of bug", None,
                             "open")]


def test_a_promise_to_prevent_a_repeat_over_the_list_is_no_task() -> None:
    text = ("# Infected binaries\n\n## Improvements for Future Releases\n\n"
            "We will take steps to ensure that this sort of problem does not happen\n"
            "in the future.\n\n* Remove the inactive developers' access\n"
            "* Sign every release with a PGP key\n")
    assert _titles(text) == ["Remove the inactive developers' access",
                             "Sign every release with a PGP key"]


def test_a_lead_in_whose_we_takes_two_verbs_commits_the_team_and_takes_its_list() -> None:
    text = ("# DNS disruption\n\n## Postmortem\n\nCustomer sites saw little impact. Despite "
            "this, we treat the disruption as a major incident and are taking a number of "
            "steps to prevent a re-occurrence:\n\n"
            "- We will add DNS resolution time alerts\n"
            "- The team has changed its escalation process, even where a repro is not yet "
            "given\n")
    assert _owned(text) == [("We will add DNS resolution time alerts", None, "open"),
                            ("The team has changed its escalation process, even where a "
                             "repro is not yet given", None, "done")]


def test_the_lines_of_an_html_paragraph_are_one_paragraph() -> None:
    text = ("---\ntitle: Deployment downtime\n---\n\n<h2>How will we do better?</h2>\n\n<p>\n"
            "  We checked the changelog and issues of the library.\n"
            "  However the changelog was not up to date.\n"
            "  So we should have checked the closed issues as well.\n</p>\n\n<p>\n"
            "  We did not test the update with a production-like setup.\n"
            "  We need to test such changes with SSL configured.\n</p>\n")
    assert [(i.title, i.line) for i in _items(text)] == [
        ("We checked the changelog and issues of the library", 8),
        ("We did not test the update with a production-like setup", 14)]


def test_initials_over_the_whole_list_own_it() -> None:
    text = ("# Missing images\n\n## Actions\n\nJG:\n- Find out how many images were affected\n\n"
            "- Find out the date of the deployment\n")
    assert [(t, o) for t, o, _s in _owned(text)] == [
        ("Find out how many images were affected", "JG"),
        ("Find out the date of the deployment", "JG")]


def test_guard_a_lone_topic_in_capitals_over_the_list_owns_nothing() -> None:
    text = "# Outage\n\n## Actions\n\n**API**\n- Add rate limits\n- Add a health check\n"
    assert [o for _t, o, _s in _owned(text)] == [None, None]


def test_a_table_of_linked_tasks_after_a_lead_in_is_the_list_of_items() -> None:
    text = ("# Column too small\n\n### Action Items\n\n"
            "Additionally we have created some follow up action items:\n\n"
            "| Action Item | Owner |\n|---|---|\n"
            "| [Data migration to update column size](https://github.com/o/r/pull/16751) "
            "| Developer Team |\n"
            "| [Improve exception handling](https://github.com/o/r/issues/16752) "
            "| Developer Team |\n")
    assert [(i.title, i.owner, i.links) for i in _items(text)] == [
        ("Data migration to update column size", "Developer Team",
         ("https://github.com/o/r/pull/16751",)),
        ("Improve exception handling", "Developer Team", ("https://github.com/o/r/issues/16752",))]
