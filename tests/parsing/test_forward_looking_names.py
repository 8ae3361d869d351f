"""Follow-up sections named for the time ahead ("Looking forward", "Future:", "Was ändern
wir"), misspelt names, and the guards that keep such names from taking prose or timelines.
Every document here is written for the test."""

from __future__ import annotations

import pytest

from actiontrack.parsing import parse_text
from actiontrack.parsing.names import corrected_key


def _titles(text: str) -> list[str]:
    return [i.title for i in parse_text(text, source="pm.md").action_items]


def _under(name: str) -> list[str]:
    return _titles(f"# Outage\n\n## Summary\n\nThe disk filled.\n\n## {name}\n\n"
                   "- Add a disk alert\n\n## Timeline\n\n- 10:00 paged\n")


@pytest.mark.parametrize("name", [
    "Looking Forward", "Looking ahead", "Future", "Future improvements", "Future changes",
    "Changes that need to be made", "Changes to make", "What needs to change",
    "What we need to do"])
def test_english_names_of_the_work_ahead(name: str) -> None:
    assert _under(name) == ["Add a disk alert"]


@pytest.mark.parametrize("name", [
    "4. Was ändern wir", "Verbesserungen", "Ce que nous allons changer", "Améliorations",
    "Qué vamos a cambiar", "Mejoras", "O que vamos mudar", "Melhorias",
    "Wat gaan we veranderen", "Verbeterpunten", "Cosa cambieremo", "Miglioramenti"])
def test_names_of_the_work_ahead_in_other_languages(name: str) -> None:
    assert _under(name) == ["Add a disk alert"]


@pytest.mark.parametrize("name", ["Moving Foward", "Remediaton", "Remediatoin",
                                  "Corective actions", "Looking froward"])
def test_a_name_one_edit_from_its_spelling_is_read_as_that_name(name: str) -> None:
    assert _under(name) == ["Add a disk alert"]


def test_short_words_and_correctly_spelt_words_are_never_respelled() -> None:
    assert corrected_key("what will we change") == "what will we change"
    assert corrected_key("next stpes") == "next stpes"  # under six letters: left alone
    assert _under("Moving Fowl") == []


def test_a_word_with_digits_is_no_misspelling() -> None:
    # a fuzzed heading "#:0CTION" was read as "action" and took the timeline's next line
    assert corrected_key("0ction 1tems remed1ation") == "0ction 1tems remed1ation"
    assert _under("0CTION") == []


def test_a_future_label_inside_a_timeline_lists_events() -> None:
    text = ("# Outage\n\n## Timeline\n\n- 10:00 paged\n- Future:\n"
            "  - 10:30 we will restart the db\n\n## Summary\n\nDone.\n")
    assert _titles(text) == []
    text = "# Outage\n\n## Timeline\n\n### Future\n\n- 10:30 restarted the db\n"
    assert _titles(text) == []


def test_a_looking_forward_paragraph_with_no_task_gives_no_item() -> None:
    text = ("# Outage\n\n## Action items\n\n- Add a disk alert\n\n## Looking forward\n\n"
            "We are grateful to everyone who helped. The service has been stable since.\n")
    assert _titles(text) == ["Add a disk alert"]
    text = ("# Outage\n\n## Looking forward\n\nWe are grateful to everyone who helped and it "
            "was a long night for all of us.\n")
    assert _titles(text) == []


def test_an_indented_future_label_takes_its_lines() -> None:
    text = ("COOL-1: build failures\n\n  CAUSE:\n    A package was missing.\n\n  Future:\n"
            "    Add the package to the base image.\n    Alert when a build is red for a day.\n")
    assert _titles(text) == ["Add the package to the base image",
                             "Alert when a build is red for a day"]
