"""Round 18: batch 46's shapes. Every document here is written for the test; each test fails on
the parser of 4b87940 (the end of round 17), except the guards (named as such)."""

from __future__ import annotations

from actiontrack.parsing import parse_text
from actiontrack.parsing.text import first_sentence
from tests.parsing.extract import items as _items
from tests.parsing.extract import titles as _titles

PRIORITY_TABLES = """# Gateway outage

## Prevention plan

### P0 — Stop this exact failure

| Priority | Action | Type | Status |
|---|---|---|---|
| P0 | Raise the shared-memory limit on the gateway | Config | **DONE** |

### P1 — Detect it next time

| Priority | Action | Type | Status |
|---|---|---|---|
| P1 | Alert when shared memory is 80% full | Alert | TODO |
| P1 | Page when three probes fail at once | Alert | TODO |
"""


def test_a_priority_sub_heading_over_a_table_of_tasks_names_their_group() -> None:
    found = _items(PRIORITY_TABLES)
    assert [i.title for i in found] == [
        "Raise the shared-memory limit on the gateway", "Alert when shared memory is 80% full",
        "Page when three probes fail at once"]
    assert [i.status.value for i in found] == ["done", "open", "open"]


def test_guard_a_priority_sub_heading_over_prose_is_still_the_task() -> None:
    text = ("# Gateway outage\n\n## Action items\n\n### P0 — Stop direct image updates\n\n"
            "Direct updates bypass the release pipeline.\n\n"
            "### P1 — Add a 5xx alert\n\nThe pager fired late.\n")
    assert _titles(text) == ["Stop direct image updates", "Add a 5xx alert"]


PAGE = """<!DOCTYPE html><html><head><title>Node reboot cascade</title></head><body>
<h1>Node reboot cascade</h1>
<p>On 3 March 2026 the nodes rebooted one after another.</p>
<h2>Response analysis</h2>
<div class="card"><h3>Detection</h3><ul><li>The alert fired after 20 minutes</li></ul></div>
<div class="card"><h3>Remediation</h3><ul><li>Restarted the runtime on every node</li>
<li>Drained the nodes one by one</li></ul></div>
<div class="card"><h3>Prevention</h3><ul><li>Reboot gate: blocks reboots unless all nodes are
Ready</li></ul></div>
<h2>Follow-up tasks</h2>
<div class="tasks">
  <div class="task-item">
    <div class="task-text">Codify the reboot gate in Terraform</div>
    <span class="badge">P0</span> <span class="sla">7d</span>
  </div>
  <div class="task-item done">
    <div class="task-text">Disable unattended upgrades on the nodes</div>
    <span class="badge">P0</span> <span class="sla">done</span>
  </div>
</div>
<div class="footer">
  Sam Rivera &middot; March 4, 2026<br>
  Made with the page generator
</div>
</body></html>
"""


def test_a_page_reads_its_badge_lines_as_fields_and_leaves_its_footer_and_analysis() -> None:
    found = parse_text(PAGE, source="page.html").action_items
    assert [i.title for i in found] == ["Codify the reboot gate in Terraform",
                                        "Disable unattended upgrades on the nodes"]
    assert [i.status.value for i in found] == ["open", "done"]
    assert [i.priority for i in found] == ["P0", "P0"]


def test_a_line_of_badges_under_a_task_in_markdown_is_its_fields() -> None:
    text = ("# Outage\n\n## Follow-up tasks\n\nCodify the reboot gate in Terraform\nP1 30d\n"
            "Add runbook links to the alerts\nP2 done\n")
    found = _items(text)
    assert [(i.title, i.priority, i.status.value) for i in found] == [
        ("Codify the reboot gate in Terraform", "P1", "open"),
        ("Add runbook links to the alerts", "P2", "done")]


def test_guard_remediation_under_an_analysis_is_taken_when_no_task_section_exists() -> None:
    text = ("# Outage\n\n## Incident analysis\n\n### Detection\n\nThe alert was late.\n\n"
            "### Remediation\n\n- Add a reboot gate\n- Alert on runtime errors\n")
    assert _titles(text) == ["Add a reboot gate", "Alert on runtime errors"]


def test_a_work_item_column_holds_the_teams_own_keys_as_links() -> None:
    text = ("# Billing gaps\n\n## Action items\n\n| Pri | Action | Owner | Work Item |\n"
            "|---|---|---|---|\n| P0 | Kill the in-process billing path | — | bug.0057 |\n"
            "| P1 | Revert the quota slice | ops | PR #1891 |\n")
    assert [list(i.links) for i in _items(text)] == [["bug.0057"], ["#1891"]]


def test_guard_a_dotted_version_in_a_task_is_no_link() -> None:
    text = ("# Billing gaps\n\n## Action items\n\n| Action | Owner |\n|---|---|\n"
            "| Upgrade node.16 to the current release | ops |\n")
    assert [list(i.links) for i in _items(text)] == [[]]


def test_escaped_brackets_around_a_key_link_are_the_keys_brackets() -> None:
    text = ("# CDN 404s\n\n## Action items\n\n"
            "- [ ] \\[[SE-42](https://jira.example.net/browse/SE-42)\\] "
            "[www.example.org](http://www.example.org) has a fallback if the backend is "
            "down. cdn should have fallen back to the static page\n")
    found = _items(text)
    assert [i.title for i in found] == [
        "www.example.org has a fallback if the backend is down"]
    assert "https://jira.example.net/browse/SE-42" in found[0].links


def test_a_remark_in_brackets_after_the_tasks_full_stop_leaves_the_title() -> None:
    text = ("# Signer outage\n\n## Action items\n\n"
            "- Remove the old signer from the ignored list. (helps address the missed alert)\n")
    assert _titles(text) == ["Remove the old signer from the ignored list"]


def test_a_short_task_keeps_the_words_after_its_dash() -> None:
    text = "# Reboots\n\n## Follow-up\n\n- Fix the kured values — reboot window + gate\n"
    assert _titles(text) == ["Fix the kured values — reboot window + gate"]


def test_guard_a_long_task_still_loses_the_remark_after_its_dash() -> None:
    text = ("# Reboots\n\n## Follow-up\n\n- Protect the marketplace repository — the sole "
            "distribution channel, unreviewed by construction\n")
    assert _titles(text) == ["Protect the marketplace repository"]


def test_a_long_entry_of_notes_ends_its_first_sentence_before_lower_case() -> None:
    text = ("UV tasks failing. localtest pointed to the old 57.0 blobs rather than 57.0.1. "
            "Updated 4 rules in both local and cdntest. Still failing. Need the special hack "
            "to query the server properly, rerunning with that")
    assert first_sentence(text) == "UV tasks failing"


def test_guard_a_short_entry_keeps_a_full_stop_before_lower_case() -> None:
    assert first_sentence("Upgrade to v2. then restart") == "Upgrade to v2. then restart"


def test_a_paragraph_that_points_to_the_steps_below_is_their_lead_in() -> None:
    text = ("# Judge compromised\n\n## Corrective measures\n\n"
            "Disabling a firewall should not lead to a total compromise, so the improved "
            "security steps below should be undertaken. This is especially true with Docker.\n\n"
            "Password logins will be disabled on every judge.\n\n"
            "Progress may be tracked on the Judge project.\n")
    assert _titles(text) == ["Password logins will be disabled on every judge"]


def test_guard_a_task_that_names_the_steps_below_alone_is_still_read() -> None:
    text = ("# Judge compromised\n\n## Corrective measures\n\n"
            "Document the hardening steps below in the runbook.\n")
    assert _titles(text) == ["Document the hardening steps below in the runbook"]


def test_guard_ref_as_a_noun_in_the_task_is_no_pointer() -> None:
    text = ("# Crawl thrash\n\n## Follow-ups\n\n- [x] Deploy the compatibility change with a "
            "pinned ref and verify the checkout contains `--disable-http2`. (priority=high)\n")
    assert _titles(text) == [
        "Deploy the compatibility change with a pinned ref and verify the checkout contains "
        "--disable-http2"]


def test_guard_a_ref_pointer_after_the_task_still_leaves_the_title() -> None:
    text = "# Crawl thrash\n\n## Follow-ups\n\n- Add retries to the crawler (ref #12)\n"
    found = _items(text)
    assert [i.title for i in found] == ["Add retries to the crawler"]
    assert list(found[0].links) == ["#12"]


def test_work_reported_in_the_passive_with_also_or_re_is_done() -> None:
    text = ("# Judge compromised\n\n## Corrective measures\n\n"
            "The firewall has also been re-enabled, though now to guard the reload API.\n\n"
            "The database servers have now been moved to the internal network.\n\n"
            "Password logins will be disabled on every judge.\n")
    assert [i.status.value for i in _items(text)] == ["done", "done", "open"]
