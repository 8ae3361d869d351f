"""Round 8: where the follow-up work stands when no heading names it: a lead-in that reports
changes made against a recurrence, a forward-looking heading with a committing lead-in, a
list of the actions taken, checklists in a log; and the steps of planned maintenance, which
are not follow-up work. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_changes_made_to_prevent_a_recurrence_are_the_follow_up_work() -> None:
    text = ("## 2024-03-02 Registry outage\n\nThe certificates expired.\n\n"
            "To prevent similar issues in the future, we've made a few changes:\n\n"
            "1. A periodic job renews the certificates\n"
            "2. The registry will stop depending on the API\n")
    assert [i.title for i in _items(text)] == ["A periodic job renews the certificates",
                                               "The registry will stop depending on the API"]


def test_steps_taken_against_further_damage_are_the_response_not_follow_up() -> None:
    text = ("## 2024-03-02 Registry outage\n\nThe certificates expired.\n\n"
            "To prevent further damage, we have made these changes:\n\n"
            "1. Turned off the uploads\n2. Paged the owners\n")
    assert list(_items(text)) == []


def test_a_forward_heading_with_lessons_takes_the_list_a_committing_lead_in_opens() -> None:
    text = ("# Data loss\n\n## Moving forward: lessons learned and safeguards\n\n"
            "This was a reminder of why backups matter. Moving forward, we are putting "
            "measures in place to prevent this from happening again:\n\n"
            "- **Automated backups:** nightly, kept for a month.\n\n## Apology\n\nSorry.\n")
    assert [i.title for i in _items(text)] == ["Automated backups"]


def test_a_list_of_the_actions_taken_is_done_work() -> None:
    text = ("# LOCKDOWN\n\n## IMMEDIATE ACTIONS TAKEN:\n1. Tokens rotated\n"
            "2. Versions pinned\n\n## TIMEFRAME:\n- Attack began: May 2, 2025\n")
    assert [(i.title, i.status) for i in _items(text)] == [("Tokens rotated", "done"),
                                                           ("Versions pinned", "done")]


def test_actions_taken_written_as_prose_or_during_the_incident_are_not_items() -> None:
    text = ("# Outage\n\n## Actions taken\n\nWe yanked the crates and locked the account.\n\n"
            "## Actions taken during the incident\n\n- Restarted the pods\n\n"
            "## Follow-up\n\n- Scan uploads\n")
    assert [i.title for i in _items(text)] == ["Scan uploads"]


def test_the_steps_of_planned_maintenance_are_not_follow_up_work() -> None:
    text = ("# Outage after maintenance\n\nThe pre-agreed maintenance actions:\n\n"
            "1. Point all services to DC2\n2. Reboot the standby balancer\n\n"
            "What happened next is below.\n\nAgreed actions:\n\n"
            "1. Rewrite the traffic tool\n2. Test the failover again\n")
    assert [i.title for i in _items(text)] == ["Rewrite the traffic tool",
                                               "Test the failover again"]


def test_checklists_of_a_log_without_an_action_section_are_its_tasks() -> None:
    text = ("# Validator reports\n\n## May 2022\n\nThe node fell behind.\n\n"
            "- [x] Change the RPC address\n- [ ] There is no other working version\n\n"
            "## April 2022\n\nThe relayer stopped.\n\n- [x] Relayer restored\n"
            "- [ ] Mount the volumes at boot\n")
    assert [(i.title, i.status) for i in _items(text)] == [
        ("Change the RPC address", "done"), ("Relayer restored", "done"),
        ("Mount the volumes at boot", "open")]


def test_a_finding_between_two_tasks_of_a_checklist_stays_out() -> None:
    text = ("# Validator notes\n\n## May\n\nThe node fell behind.\n\n"
            "- [x] Change the RPC address\n- [ ] There is no other working version\n"
            "- [ ] Mount the volumes at boot\n  - with the fstab entry\n")
    assert [i.title for i in _items(text)] == ["Change the RPC address",
                                               "Mount the volumes at boot"]


def test_a_process_checklist_alone_is_no_task_list() -> None:
    text = ("# Outage\n\n## Summary\n\nThe node fell behind.\n\n"
            "- [x] Timeline has been reviewed\n- [x] Postmortem is shared with the team\n")
    assert list(_items(text)) == []


def test_checklists_beside_an_action_section_are_left_to_it() -> None:
    text = ("# Outage\n\n## Notes\n\n- [x] Paged the owner\n- [x] Restarted the node\n\n"
            "## Action items\n\n- Alert on lag\n")
    assert [i.title for i in _items(text)] == ["Alert on lag"]


def test_a_title_dated_as_of_an_update_does_not_date_the_incident() -> None:
    text = ("---\ntitle: \"Login outage, as of 27.08.2022 10:00\"\ndate: 2022-08-25T08:00:00\n"
            "---\n\n## Updates\n\n### Update 27.08.2022 10:00:\n\nLogins work again.\n\n"
            "### Update 25.08.2022 07:00:\n\nLogins fail.\n")
    assert str(parse_text(text, source="pm.md").postmortem.incident_date) == "2022-08-25"
