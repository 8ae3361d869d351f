"""Round 8: the document's title is not its action section; runbook steps are not follow-up
work; numbered sub-headings described by field bullets are the tasks; a bold label with a
colon and a task over imperative sub-tasks; "Have a ..." and "Future enhancements". Every
document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_title_joining_the_incident_and_its_measures_is_not_the_action_section() -> None:
    text = ("# Data loss & prevention measures\n\n## Summary\n\n- Users lost\n- Plans lost\n\n"
            "## Root cause\n\nA re-migration.\n\n## Follow-up\n\n- Back up before deploys\n")
    assert [i.title for i in _items(text)] == ["Back up before deploys"]


def test_immediate_actions_of_a_runbook_are_not_follow_up_work() -> None:
    text = ("# Data loss\n\n## Follow-up\n\n- Back up before deploys\n\n"
            "## Recovery procedures\n\n### If data loss is detected:\n\n"
            "#### Immediate actions (< 5 minutes):\n\n1. Stop the deploy\n2. Page the owner\n")
    assert [i.title for i in _items(text)] == ["Back up before deploys"]


def test_numbered_sub_headings_over_field_bullets_are_the_tasks() -> None:
    text = ("# Data loss\n\n## Prevention measures implemented\n\n"
            "### **1. Mandatory backup**\n- **Script:** `backup.sh`\n- **When:** every deploy\n\n"
            "### **2. State verification**\n- **Purpose:** check the counts\n"
            "- **Failure action:** block the deploy\n\n"
            "### **3. Post-migration check**\n- Re-verify the counts\n- Detect loss early\n\n"
            "## Future enhancements\n\n### **Short-term (next release):**\n"
            "- [ ] Back up from CI\n")
    assert [(i.title, i.status) for i in _items(text)] == [
        ("Mandatory backup", "done"), ("State verification", "done"),
        ("Post-migration check", "done"), ("Back up from CI", "open")]


def test_imperative_sub_tasks_under_a_bold_label_and_its_task_are_items() -> None:
    text = ("# Release bug\n\n## Prevention measures\n\n"
            "1. **Improve logging:** Add more detail for debugging\n"
            "   - Log exit codes explicitly\n   - Add timestamps to the log\n"
            "2. **Graceful shutdown.** Raise the timeout\n"
            "   - Kubernetes: set the grace period\n")
    assert [i.title for i in _items(text)] == ["Improve logging", "Log exit codes explicitly",
                                               "Add timestamps to the log", "Graceful shutdown"]


def test_have_a_thing_is_a_task_under_recommendations() -> None:
    text = ("# CVE record\n\n## Recommendations:\n\n1. Have a feedback method for errors\n"
            "2. Provide links to the reporter\n")
    assert [i.title for i in _items(text)] == ["Have a feedback method for errors",
                                               "Provide links to the reporter"]


def test_enhancements_as_a_word_inside_a_task_label_is_not_a_group_name() -> None:
    text = ("# Relay\n\n## Looking forward\n\nWe identified areas to improve:\n\n"
            "1. **Load handling**\n   - Conducting stress tests of the simulator\n\n"
            "2. **Response enhancements**\n   - Refining the escalation\n")
    assert [i.title for i in _items(text)] == ["Load handling", "Response enhancements"]


def test_closing_lines_inside_a_prose_section_are_not_items() -> None:
    text = ("# Chain halt\n\n### Prevention\n\nIn our case, no funds were lost. \n"
            "However, we have set up an ephemeral testnet for every commit. \n\n"
            "Once again, we would like to reiterate that the launch is on time. \n"
            "We thank the partner team and our engineers, who cut their holidays \n"
            "short to bring the chain back.\n")
    assert [i.title for i in _items(text)] == [
        "However, we have set up an ephemeral testnet for every commit"]


def test_a_sub_item_saying_how_the_parent_is_done_is_a_note() -> None:
    text = ("# Outage\n\n## Corrective actions\n\n* Debrief everyone before launches [Rick]\n"
            "  - Enforced using the debrief document\n* Require three reviewers [Jerry]\n"
            "  - Reference this case in the review guide\n")
    assert [i.title for i in _items(text)] == ["Debrief everyone before launches",
                                               "Require three reviewers",
                                               "Reference this case in the review guide"]
