"""Round 7: a closing note in parentheses that reports the work done ("(added ...)") marks
the item done; notes about filing or the cause do not. Written for the test."""

from __future__ import annotations

from actiontrack.parsing import parse_text


def test_a_closing_note_that_reports_the_work_marks_the_item_done() -> None:
    text = ("# DNS outage\n\n## Follow-up\n\n"
            "Paging should reach more people. (filed https://github.com/acme/ops/issues/7)\n\n"
            "We need a way to reach the team in a hurry. (added an @urgent role to the chat "
            "server)\n\n"
            "Only one person can approve changes. (caused by the old access policy)\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.status.value, i.owner) for i in items] == [
        ("open", None), ("done", None), ("open", None)]


def test_thanks_and_an_invitation_to_the_reader_close_a_post_and_are_not_items() -> None:
    text = ("# Outage\n\n## Moving forward\n\n"
            "We will add a second DNS provider before the end of the month.\n\n"
            "We would like to thank the vendor for their quick response.\n\n"
            "If you have any questions, please reach out to us on the forum.\n")
    items = parse_text(text, source="pm.md").action_items
    assert [i.title for i in items] == [
        "We will add a second DNS provider before the end of the month"]
