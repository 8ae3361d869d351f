"""Round 10, part 2 (batch 16): a paragraph that counts its steps, a list that explains how
code works, a done status with its circumstances, "Completed as of <date>". Every document
here is written for the test."""

from __future__ import annotations

from tests.parsing.extract import items as _items


def test_a_paragraph_that_counts_its_steps_gives_one_item_a_step() -> None:
    text = ("# Giveaway lost on 2022-05-21\n\n## How am I going to prevent it from happening "
            "again?\n\nFirst, I am going to move the giveaway code into its own module.\n"
            "This means fewer reloads. Second, I am going to keep the giveaways in a bot\n"
            "variable. Finally, I'm going to add a factory method to rebuild a view.\n")
    items = _items(text)
    assert [i.title for i in items] == [
        "First, I am going to move the giveaway code into its own module",
        "Second, I am going to keep the giveaways in a bot variable",
        "Finally, I'm going to add a factory method to rebuild a view"]
    assert [i.line for i in items] == [5, 6, 7]


def test_a_story_told_in_order_is_not_steps() -> None:
    text = ("# Giveaway lost on 2022-05-21\n\n## Next steps\n\n- Add a factory method.\n\n"
            "First, the bot was reloaded. Then, the view was lost. Finally, people noticed.\n")
    assert [i.title for i in _items(text)] == ["Add a factory method"]


def test_a_list_that_explains_code_is_not_tasks() -> None:
    text = ("# Giveaway lost on 2022-05-21\n\n## Next steps\n\n- Add a holder for the bot "
            "variable.\n\n### How it fits together\n\n```python\nclass Holder(dict): ...\n"
            "```\n\n- The holder class is a subclass of dict.\n\n### The cog\n\n"
            "- The cog_unload method is called when the cog is unloaded.\n"
            "- It is implemented in the bot class.\n"
            "- They transfer the state between the bot and the cog.\n")
    assert [i.title for i in _items(text)] == ["Add a holder for the bot variable"]


def test_statements_of_problems_under_an_action_group_stay_items() -> None:
    text = ("# Pager quiet on 2022-05-21\n\n## Action items\n\n### Alerting\n\n"
            "- The alert threshold is too high; lower it to 5%.\n- Add a page for lag.\n")
    assert len(_items(text)) == 2


def test_a_done_status_with_its_circumstances_and_completed_as_of() -> None:
    text = ("# Rent sweep on 2026-08-26\n\n## What we are changing\n\n"
            "1. **Audit by capability.** *(done during the response)* It found the desync.\n"
            "2. **Test the negative.** *(shipped for this incident; standing practice\n"
            "   thereafter)* The test was seen failing first.\n"
            "3. **Alert on the symptom.** *(outstanding)* Nothing pages today.\n"
            "4. Purge all the logs; Completed as of 2021-10-29.\n")
    items = _items(text)
    assert [(i.title, i.status.value) for i in items] == [
        ("Audit by capability", "done"), ("Test the negative", "done"),
        ("Alert on the symptom", "open"), ("Purge all the logs", "done")]
    assert str(items[3].done_on) == "2021-10-29"
