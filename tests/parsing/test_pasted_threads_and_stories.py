"""Round 6 (from a fresh batch of real write-ups): Nordic section and column names, text pasted
from a web page (a heading glued to the paragraph above it, entries set in from the margin),
lists that only tell the story of the response, review threads kept under an item, and a
section named for a cause and for the work ahead. Every document here is written for the
test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_norwegian_action_table_with_owner_and_done_cells() -> None:
    text = ("# Kø stoppet\n\n## Aksjonspunkter\n\n| Aksjon | Type | Eier | Referanse |\n"
            "| --- | --- | --- | --- |\n"
            "| Legge til varsel på kølengde | Forbedring | Kari Nordmann "
            "| [Utført](https://example.org/pr/7) |\n"
            "| Dokumentere omstart | Forbedring | | |\n\n"
            "## Hva lærte vi?\n\n- Varsling må testes\n")
    items = _items(text)
    assert [i.title for i in items] == ["Legge til varsel på kølengde", "Dokumentere omstart"]
    assert items[0].owner == "Kari Nordmann"
    assert items[0].status == "done"
    assert items[1].owner is None


def test_swedish_and_finnish_section_names_hold_actions() -> None:
    for name in ("Åtgärder", "Uppföljning", "Toimenpiteet"):
        text = f"# Avbrott\n\n## {name}\n\n- Lägg till larm på disken\n"
        assert [i.title for i in _items(text)] == ["Lägg till larm på disken"], name


def test_a_lessons_section_in_norwegian_is_not_an_action_section() -> None:
    text = "# Kø stoppet\n\n## Hva lærte vi?\n\n- Legge til flere varsler\n"
    assert not _items(text)


def test_an_action_name_glued_to_the_paragraph_above_is_a_heading() -> None:
    long_line = ("The migration took the database offline for four minutes, and writes made "
                 "in that window were lost for good.")
    text = (f"Queue outage\n\nWhat happened\n\n{long_line}\nNext steps\n\n"
            "    Restore the lost writes from the replica.\n\n"
            "    Add a dry run to every migration.\n\n"
            "We are sorry for the trouble this caused, and we thank you for your patience.\n")
    assert [i.title for i in _items(text)] == ["Restore the lost writes from the replica",
                                              "Add a dry run to every migration"]


def test_a_short_line_ending_a_paragraph_is_not_taken_for_a_heading() -> None:
    long_line = ("We moved the workers to the new pool during the night and watched the queue "
                 "drain over the next hour.")
    text = (f"Queue outage\n\nWhat happened\n\n{long_line}\nIt held.\n\nNext steps\n\n"
            "- Add a dry run to every migration\n")
    assert [i.title for i in _items(text)] == ["Add a dry run to every migration"]


def test_lists_inside_the_story_of_the_response_are_not_items() -> None:
    text = ("# API outage\n\n## Remediation\n\n"
            "We found the cause within minutes and immediately started three workstreams.\n\n"
            "1. Scaling down the cluster: reduced the load on the API servers\n"
            "2. Blocking access to the admin API: stopped new expensive requests\n\n"
            "Once we regained access, we rolled back the change.\n\n"
            "- Our tests did not catch the load the change put on the API servers\n"
            "- Caching delayed the failure by twenty minutes\n\n"
            "## Prevention\n\n- Roll out configuration changes in phases\n")
    assert [i.title for i in _items(text)] == ["Roll out configuration changes in phases"]


def test_a_task_list_beside_the_story_stays() -> None:
    text = ("# API outage\n\n## Remediation\n\n"
            "We found the cause within minutes and immediately started three workstreams.\n\n"
            "Once we regained access, we rolled back the change.\n\n"
            "- Add an alert on API server load\n- Roll out configuration changes in phases\n")
    assert [i.title for i in _items(text)] == ["Add an alert on API server load",
                                              "Roll out configuration changes in phases"]


def test_review_comments_and_questions_under_an_item_are_notes() -> None:
    text = ("# Expired credential\n\n## Improvements\n\n### Short term\n\n"
            "* Add an alert a week before a credential expires\n"
            "  * <https://example.org/expiry-checker> from @kim\n"
            "      * @lee: it would be nice to track this in a ticket\n\n"
            "### Medium term\n\n* Keep a team calendar of manual renewals\n"
            "  * Shared calendar? A bot?\n"
            "      * @kim: we have wanted this for a while.\n"
            "  * Same here, let us do it this quarter\n"
            "  * Write the renewal runbook\n")
    assert [i.title for i in _items(text)] == [
        "Add an alert a week before a credential expires",
        "Keep a team calendar of manual renewals", "Write the renewal runbook"]


def test_a_sub_item_with_a_checkbox_stays_a_task_even_as_a_question() -> None:
    text = ("# Outage\n\n## Action items\n\n- [ ] Review the alerts\n"
            "  - [ ] Can we page on queue depth?\n")
    assert len(_items(text)) == 2


def test_a_cause_and_remediation_section_takes_only_the_work_ahead() -> None:
    text = ("# Region outage\n\n## Root cause & remediation\n\n"
            "The root cause was a power failure in one data centre of our provider.\n\n"
            "In the coming weeks, we will add automatic failover between regions.\n\n"
            "## Impact\n\nAll writes failed for two hours.\n")
    assert [i.title for i in _items(text)] == [
        "In the coming weeks, we will add automatic failover between regions"]
