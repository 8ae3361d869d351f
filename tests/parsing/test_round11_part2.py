"""Round 11, part 2 (batch 21, the third labeller's documents): the remedial field of a page of
short reports, a Notes column that states where each item stands, a template's note that asks
for work against a repeat, actions taken beside actions planned, sub-items that complete their
parent's sentence, and one more commitment told after the list. Every document here is
written for the test."""

from __future__ import annotations

from actiontrack.parsing import parse_text
from tests.parsing.extract import owned as _items
from tests.parsing.extract import titles as _titles


def test_the_remedial_field_of_each_report_on_a_page_is_its_action() -> None:
    text = ("This page lists the downtime of my services.\n\n#### Downtime on March 3rd, 2019\n\n"
            "- **Time**: 15:21 UTC\n- **Reason/Cause**: The address generator took every CPU.\n"
            "- **Actions Taken**: I forced a power off.\n"
            "- **Remedial Actions**: I am going to limit the threads the generator may use. "
            "If it happens again, I will drop it.\n\n#### Downtime on March 4th, 2019\n\n"
            "- **Reason/Cause**: The same.\n- **Actions Taken**: I forced a restart.\n"
            "- **Remedial Actions**: I am abandoning the generator for good.\n")
    assert _titles(text) == ["I am going to limit the threads the generator may use",
                             "I am abandoning the generator for good"]


def test_a_notes_cell_that_is_a_status_says_where_the_item_stands() -> None:
    text = ("# Bad beta\n\n## Action items\n\n| Action Item | Owner | Issue | Notes |\n"
            "|---|---|---|---|\n"
            "| Fetch upstream refs before switching channels | @tvo | [#14](https://github.com/"
            "acme/app/issues/14) | [Done](https://github.com/acme/app/pull/15) |\n"
            "| Email the team about bad builds | @tvo || Done |\n"
            "| Build the examples on CI | @xs | [#16](https://github.com/acme/app/issues/16) |"
            " Needs a bigger runner first |\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.status.value) for i in items] == [
        ("Fetch upstream refs before switching channels", "done"),
        ("Email the team about bad builds", "done"), ("Build the examples on CI", "open")]
    assert items[0].links == ("https://github.com/acme/app/issues/14",
                              "https://github.com/acme/app/pull/15")


def test_an_item_that_is_only_a_reference_is_titled_by_the_reference_it_shows() -> None:
    text = ("# Plugins broke\n\n## Action items\n\n### Fixes\n\n"
            "* [acme/plugins#1127](https://github.com/acme/plugins/pull/1127)\n"
            "* https://github.com/acme/site/pull/2310\n")
    assert _titles(text) == ["acme/plugins#1127", "https://github.com/acme/site/pull/2310"]


def test_a_templates_note_asking_for_work_against_a_repeat_marks_the_section() -> None:
    text = ("# App sync deleted a namespace\n\n## Impact\n<!--\nDescribe who was affected.\n-->\n\n"
            "- Two teams lost their preview apps\n\n## Mitigations\n<!--\nDescribe potential "
            "steps to prevent this event from happening again.\n\nExample:\n- Create tests\n"
            "-->\n\n- Potentially more design QA before implementation\n"
            "- Spend more time on the worst case, and test for it\n\n## Action items\n\n"
            "- Stop the delete command from removing the namespace\n")
    assert _titles(text) == ["Potentially more design QA before implementation",
                             "Spend more time on the worst case, and test for it",
                             "Stop the delete command from removing the namespace"]


def test_an_action_taken_beside_actions_planned_is_done_work() -> None:
    text = ("# Vulnerability report\n\n## Lessons learned\n\n### Bug reports\n\n"
            "**Actions taken:**\n\n- We extended the bounty to the second client.\n\n"
            "**Actions planned:**\n\n- We will alert on reports that claim to be critical.\n\n"
            "### Least privilege\n\nThe issue was discussed in a public channel.\n\n"
            "**Action taken:**\n\nOur response guide is now easier to find. It asks for a "
            "private channel.\n\n### Disclosure\n\n"
            "**Action taken:** The disclosure process is now written down.\n")
    assert _items(text) == [
        ("We extended the bounty to the second client", None, "done"),
        ("We will alert on reports that claim to be critical", None, "open"),
        ("Our response guide is now easier to find", None, "done"),
        ("The disclosure process is now written down", None, "done")]
    alone = ("# Outage\n\n## Response\n\n**Actions taken:**\n\nWe restarted the database and "
             "paged the vendor.\n")
    assert _titles(alone) == []


def test_sub_items_that_complete_their_parents_sentence_are_part_of_it() -> None:
    text = ("# Vulnerability report\n\n## Action items\n\n"
            "- We are redesigning our code review, to bring in measures which will:\n"
            "  1. encourage authors to\n     1. state the motivation for the change\n"
            "  1. encourage reviewers to:\n     1. view the change as an adversary would\n"
            "- Audit the repositories to:\n  - Verify that no commit was changed\n"
            "  - Verify that the mirror matches the off-site copy\n")
    assert _titles(text) == [
        "We are redesigning our code review, to bring in measures which will",
        "Audit the repositories to", "Verify that no commit was changed",
        "Verify that the mirror matches the off-site copy"]


def test_one_more_commitment_told_after_the_list_of_the_others() -> None:
    text = ("# Delays\n\n## Recovery and lessons\n\nThe backlog cleared by itself. Going forward, "
            "we will do the following to avoid similar issues:\n\n"
            "- We will add monitoring for replica lag\n- We will raise the rate limits\n\n"
            "Lastly, we will move to the new architecture later this year. It removes the "
            "polling. Specifically:\n\n- There will be no polling\n- Blocks come every two "
            "seconds\n\nWe are sorry for the trouble.\n")
    assert _titles(text) == ["We will add monitoring for replica lag",
                             "We will raise the rate limits",
                             "Lastly, we will move to the new architecture later this year"]
