"""Round 7: sub-sections of the lessons learned that name improvements or the time ahead, and
a later list that reports the status of actions already listed. Every document here is
written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_improvements_and_looking_forward_inside_the_lessons_are_not_actions() -> None:
    text = ("# Outage\n\n## Follow-up\n\n- Add a smoke test of the bundle\n\n"
            "## Lessons learned\n\n### Went well\n\nThe rollback took minutes.\n\n"
            "### Improvements\n\nChanges to the pipeline carry risk, as nothing tests them.\n\n"
            "### Looking forward\n\nWe will keep extending these checks over time.\n")
    assert [i.title for i in _items(text)] == ["Add a smoke test of the bundle"]


def test_an_improvements_section_outside_the_lessons_still_holds_actions() -> None:
    text = ("# Outage\n\n## Lessons learned\n\nTests saved us.\n\n"
            "## Improvements\n\n- Add a smoke test of the bundle\n")
    assert [i.title for i in _items(text)] == ["Add a smoke test of the bundle"]


def test_a_status_list_repeating_the_actions_adds_no_items() -> None:
    text = ("# Cert loss\n\n## Follow-up actions\n\n| Action | Owner |\n|---|---|\n"
            "| Alert on certificate expiry | @kim |\n| Back up the proxy data | @kim |\n\n"
            "## Action items status\n\n- [ ] Expiry alert\n- [x] Proxy backup\n")
    assert [i.title for i in _items(text)] == ["Alert on certificate expiry",
                                               "Back up the proxy data"]


def test_a_status_section_with_other_entries_than_the_actions_is_still_read() -> None:
    text = ("# Cert loss\n\n## Follow-up actions\n\n- Alert on certificate expiry\n\n"
            "## Action items status\n\n- [x] Back up the proxy data\n"
            "- [ ] Document the restore\n")
    assert [i.title for i in _items(text)] == [
        "Alert on certificate expiry", "Back up the proxy data", "Document the restore"]


def test_a_lead_in_committing_to_work_against_a_recurrence_takes_its_list() -> None:
    text = ("# Supply chain scare\n\n## What we found\n\nWe are happy to confirm that:\n\n"
            "1. No token leaked\n2. No release was touched\n\n"
            "## Hardening our pipeline\n\n"
            "To avoid similar incidents in the future, we are tightening our builds by:\n\n"
            "1. Pinning every third-party action to a commit\n\n"
            "2. Reviewing the workflow permissions each quarter\n\n"
            "We already use these scanners:\n\n- A linter for workflows\n- A secret scanner\n")
    assert [i.title for i in _items(text)] == [
        "Pinning every third-party action to a commit",
        "Reviewing the workflow permissions each quarter"]


def test_a_lead_in_that_does_not_commit_the_team_takes_nothing() -> None:
    text = ("# Outage\n\n## Follow-up\n\n- Add an alert\n\n## Background\n\n"
            "To avoid this in the future, readers often ask for:\n\n- A status page\n"
            "- An RSS feed\n")
    assert [i.title for i in _items(text)] == ["Add an alert"]
