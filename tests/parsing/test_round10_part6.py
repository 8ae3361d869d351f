"""Round 10, part 6 (batch 20): a one-person write-up whose only actions follow a lead-in that
commits its author against a recurrence; names in capitals after a full stop, beside entries
whose parenthesis is a status. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.parsing import parse_text


def test_a_lead_in_that_commits_the_author_lists_the_actions_of_a_write_up_without_sections(
        ) -> None:
    text = ("Pine was down for six hours today. The disk filled up with old feed history.\n\n"
            "That said, here's the two things that I'll be changing in order to prevent this "
            "problem in the future:\n\n1. The nightly vacuum is back.\n"
            "2. Pine will no longer store the whole history of external feeds.\n")
    assert [i.title for i in parse_text(text, source="pm.md").action_items] == [
        "The nightly vacuum is back",
        "Pine will no longer store the whole history of external feeds"]


def test_a_list_after_a_lead_in_that_does_not_commit_is_not_taken() -> None:
    text = ("Pine was down for six hours today. Here is what I looked at:\n\n"
            "1. The disk usage graph.\n2. The vacuum logs.\n")
    assert parse_text(text, source="pm.md").action_items == ()


def test_names_in_capitals_after_a_full_stop_beside_status_entries() -> None:
    text = ("# Search down on 2017-07-24\n\n## Corrective actions\n\n"
            "Share the report with the vendor. (CHRIS)\n\nCreate a playbook. (GIORGIO)\n\n"
            "Ticket to look at the admin tool. (CHRIS)\n\nDelete the old index. (DONE)\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.owner, i.status.value) for i in items] == [
        ("Share the report with the vendor", "CHRIS", "open"),
        ("Create a playbook", "GIORGIO", "open"),
        ("Ticket to look at the admin tool", "CHRIS", "open"),
        ("Delete the old index", None, "done")]
