"""Round 8, last part: recommendations that carry checkboxes or horizons, descriptions of the
fix and of its verification, reflective sub-sections of the lessons, bold group labels with
their issues, explanations of options in code, a question heading naming the response, and
apologies. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_recommendations_with_horizons_and_checkboxes_beside_a_fix_section() -> None:
    text = ("# anycast outage\n\n## changes implemented\n\n### 1. immediate fix\n\n"
            "restored the address.\n\n### 2. systematic fix - prevention system\n\n"
            "**improved routing:**\n- only creates the table when needed\n\n"
            "## verification\n\n**systematic prevention:**\n- reloads work reliably\n\n"
            "## recommendations\n\n### immediate (completed)\n- [x] restart the daemon\n\n"
            "### short term\n- [ ] add external monitoring\n\n### long term\n"
            "- [ ] detect configuration drift\n")
    assert [(i.title, i.status) for i in _items(text)] == [
        ("restart the daemon", "done"), ("add external monitoring", "open"),
        ("detect configuration drift", "open")]


def test_process_improvements_inside_the_lessons_are_reflection() -> None:
    text = ("# Workshop outage\n\n## Action items\n\n- [ ] Audit the volumes\n\n"
            "## Lessons learned\n\n### What we'll do differently\n\n1. Test at full load\n\n"
            "### Process improvements\n\n1. Review the capacity plan\n")
    assert [i.title for i in _items(text)] == ["Audit the volumes"]


def test_a_bold_group_label_with_its_issue_gives_the_link_to_its_tasks() -> None:
    text = ("# Workshop outage\n\n## Action items\n\n**Storage & capacity** (Issue #1)\n"
            "- [ ] Audit the volumes\n- [ ] Alert on disk use\n\n**Networking** (Issue #2)\n"
            "- [ ] Pin the routes\n")
    assert [(i.title, list(i.links)) for i in _items(text)] == [
        ("Audit the volumes", ["#1"]), ("Alert on disk use", ["#1"]),
        ("Pin the routes", ["#2"])]


def test_sub_items_explaining_options_in_code_are_notes() -> None:
    text = ("# Cleaner\n\n## Corrective actions\n\n* **Fail loudly:** Prepend `set -eu`.\n"
            "  * `-e` halts the script on any failure\n  * `-u` treats unset variables as errors\n"
            "* **Monitor outcomes:** Alert on file age\n")
    assert [i.title for i in _items(text)] == ["Fail loudly", "Monitor outcomes"]


def test_how_will_the_team_respond_names_the_follow_up_and_an_apology_is_no_item() -> None:
    text = ("# Data loss\n\n## What exactly happened?\n\nA migration failed.\n\n"
            "## How will Snoonet respond?\n\nWe restored the last good backup.\n\n"
            "We will be adding tests for every migration.\n\n\n"
            "I realize this is not ideal and I offer my apologies.\n")
    assert [i.title for i in _items(text)] == ["We restored the last good backup",
                                               "We will be adding tests for every migration"]
