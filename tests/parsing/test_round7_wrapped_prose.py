"""Round 7: a paragraph of prose hard-wrapped at a width is one item, while plain lines that
each state a task stay one item a line. Written for the test."""

from __future__ import annotations

from actiontrack.parsing import parse_text


def _titles(text: str) -> list[str]:
    return [i.title for i in parse_text(text, source="pm.md").action_items]


def test_a_hard_wrapped_paragraph_is_one_item() -> None:
    text = ("# Bad release\n\n## How do we stop it from repeating?\n\n"
            "The release checks now run on every nightly.\n"
            "That covers the gap we hit.\n"
            "Each step was checked again. New tests were added to catch\n"
            "the same mismatch before a release goes out.\n\n"
            "The binary checker will run in the release pipeline.\n")
    assert _titles(text) == ["The release checks now run on every nightly",
                             "The binary checker will run in the release pipeline"]


def test_plain_lines_that_each_state_a_task_stay_one_item_a_line() -> None:
    text = ("# Outage\n\n## Corrective and preventative measures\n\n"
            "Rotate the signing key.\nAdd an alert on failed logins.\n"
            "Review who can reach the admin panel and remove\nstale accounts.\n")
    assert _titles(text) == ["Rotate the signing key", "Add an alert on failed logins",
                             "Review who can reach the admin panel and remove stale accounts"]
