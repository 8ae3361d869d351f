"""Round 10, part 1 (batches 16 and 17): a question that asks what could be done to avoid the
next incident, "How are we preventing it", a title that only mentions actions, a legend of a
table's values, an unspaced em dash, a promise to update the write-up, a verb's -ing or past
form as no one's name, a party in trailing brackets or after a spaced colon. Every document
here is written for the test."""

from __future__ import annotations

from tests.parsing.extract import items as _items
from tests.parsing.extract import titles as _titles


def test_what_could_be_done_to_avoid_it_names_the_work_ahead() -> None:
    text = ("# Images offline on 2016-11-11\n\n## Summary\n\nThe proxy rejected long URLs.\n\n"
            "## What could be done to avoid this in future?\n\n"
            "- Document the URL limit in the migration guide.\n"
            "- Write an integration test with long URLs.\n")
    assert _titles(text) == ["Document the URL limit in the migration guide",
                             "Write an integration test with long URLs"]


def test_what_could_we_have_done_better_still_looks_back() -> None:
    text = ("# Images offline on 2016-11-11\n\n## What could we have done better?\n\n"
            "- Paged the vendor sooner.\n- Read the status page.\n")
    assert _titles(text) == []


def test_how_are_we_preventing_it_is_an_action_name() -> None:
    text = ("# Token leaked on 2025-11-24\n\n## How did it happen?\n\n- A workflow ran a fork's "
            "code.\n\n## How are we preventing it from happening again?\n\n"
            "Beyond saying:\n\n- Moved to trusted publishing.\n"
            "- Switched to pnpm 10 to turn off install scripts.\n")
    items = _items(text)
    assert [i.title for i in items] == ["Moved to trusted publishing",
                                        "Switched to pnpm 10 to turn off install scripts"]
    assert [i.owner for i in items] == [None, None]  # "Switched to ..." is a deed, not a name


def test_a_verbs_ing_form_opening_the_task_is_no_owner() -> None:
    text = ("# Cache outage on 2017-02-28\n\n## Action items\n\n"
            "- Improving Fastly-tools to stop stale deploys\n- Dana to add a purge button\n")
    assert [i.owner for i in _items(text)] == [None, "Dana"]


def test_a_title_that_only_mentions_actions_is_not_the_action_section() -> None:
    text = ("# Incident disclosure: service suspended due to hosting provider actions\n\n"
            "On 2025-10-18 our provider blocked the service.\n\n## What happened\n\n"
            "- Monitoring saw the block early.\n- Support was contacted twice.\n\n"
            "## Why this matters\n\n- The block hit thousands of mail servers downstream.\n"
            "- We have answered every abuse form the provider sent.\n\n"
            "## Our next steps\n\n- Migrate to a more responsive provider.\n\n"
            "## Conclusion\n\nWe regret the inconvenience.\n")
    assert _titles(text) == ["Migrate to a more responsive provider"]


def test_continuous_improvement_under_lessons_is_reflection() -> None:
    text = ("# CTF on 2023-09-08\n\n## Lessons learned\n\n### Continuous improvement\n\n"
            "Success is a journey. We will keep learning from every event.\n\n"
            "### Communication\n\nWe talked more.\n")
    assert _titles(text) == []


def test_a_legend_of_the_tables_values_is_not_a_list_of_tasks() -> None:
    text = ("# Data inconsistency on 2022-04-20\n\n## Action items\n\nTypes:\n"
            "* Prevent - Prevent similar issues from occurring.\n"
            "* Detect - Detect such issues sooner.\n\nPriorities:\n"
            "* P0 - Critical for the next release.\n* P1 - Important for the long term.\n\n"
            "| Action Item | Type | Priority | Status |\n|---|---|---|---|\n"
            "| Tests reproduce old inconsistencies | Prevent | P0 | DONE |\n"
            "| Corruption is detected by default | Detect | P1 | |\n")
    assert _titles(text) == ["Tests reproduce old inconsistencies",
                             "Corruption is detected by default"]


def test_entries_defining_words_the_table_does_not_use_stay_tasks() -> None:
    text = ("# Data inconsistency on 2022-04-20\n\n## Action items\n\n"
            "* Backups - restore one every week.\n* Alerts - page on lag.\n\n"
            "| Action Item | Type |\n|---|---|\n| Add a canary | Prevent |\n")
    assert _titles(text) == ["Backups - restore one every week", "Alerts - page on lag",
                             "Add a canary"]


def test_an_unspaced_em_dash_ends_a_long_titles_lead_clause() -> None:
    text = ("# Release pulled on 2021-07-21\n\n## Action items\n\n"
            "- Continue to encourage a “raise a flag” culture—when something feels off, "
            "engineers need to be encouraged to raise a flag and slow the release process "
            "down for everyone.\n")
    assert _titles(text) == ["Continue to encourage a “raise a flag” culture"]


def test_a_promise_to_update_the_write_up_is_not_a_task() -> None:
    text = ("# Release pulled on 2021-07-21\n\n## Action items\n\n- Add a release pause "
            "switch.\n\nWe will continue to update this handbook page with the status of "
            "these action items.\n")
    assert _titles(text) == ["Add a release pause switch"]


def test_a_party_in_trailing_brackets_or_after_a_spaced_colon_owns_the_item() -> None:
    text = ("# Harbor outage on 2019-02-27\n\n### Actions\n\n"
            "* Add a basic healthcheck [CF to write story]\n"
            "* Create an incident channel [IBG] [done]\n"
            "* Define acceptance tests : Chris F create story\n"
            "* Pin terraform modules : Existing story in backlog\n"
            "* See the sizing guide (cf. the runbook)\n")
    items = _items(text)
    assert [(i.title, i.owner) for i in items] == [
        ("Add a basic healthcheck", "CF"), ("Create an incident channel", "IBG"),
        ("Define acceptance tests", "Chris F"), ("Pin terraform modules", None),
        ("See the sizing guide", None)]
    assert items[1].status.value == "done"
