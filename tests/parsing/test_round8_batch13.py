"""Round 8, after batch 13's fresh figure: a bold label bullet over a list at the margin, and
parts of a write-up set one level too deep under its timeline. Every document here is written
for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_bold_label_bullet_names_the_numbered_list_after_it() -> None:
    text = ("# Incident on 2025-07-23\n\nTokens leaked.\n\n- **Review actions**:\n\n"
            "1. Speak to the namespace owner\n2. Add `*.out` to gitignore\n")
    assert [i.title for i in _items(text)] == ["Speak to the namespace owner",
                                               "Add *.out to gitignore"]


def test_a_bold_bullet_without_a_colon_over_its_details_is_no_label() -> None:
    text = ("# Outage\n\n## Root cause\n\n3. **corruption preventing reloads**\n"
            "   - the table had duplicates\n\n## Follow-up\n\n- Clean the table\n")
    assert [i.title for i in _items(text)] == ["Clean the table"]


def test_parts_set_one_level_too_deep_under_the_timeline_end_it() -> None:
    text = ("# Incident on 2026-03-30\n\n## Timeline\n\n- 09:00 upgrade\n- 10:00 rollback\n\n"
            "### Causes\n\nA header was blocked.\n\n### Resolution and recovery\n\n"
            "The upgrade was rolled back.\n\n### Future actions\n\n"
            "- Separate production from non-production clusters\n")
    assert [i.title for i in _items(text)] == [
        "Separate production from non-production clusters"]


def test_a_step_of_the_investigation_stays_inside_the_timeline() -> None:
    text = ("# Outage\n\n## Investigation timeline\n\n### Root cause discovery\n\n"
            "**Prevention ideas:**\n- pin the routes\n\n## Follow-up\n\n- Clean the table\n")
    assert [i.title for i in _items(text)] == ["Clean the table"]
