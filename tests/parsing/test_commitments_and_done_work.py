"""Round 5: commitments written as prose beside an action list, owners named by an initial,
and items that say in their own words that the work is behind them ("Already added ...",
"... Kim fixed this"). Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_paragraph_that_commits_to_work_beside_the_lists_is_an_item() -> None:
    text = ("# Power loss\n\n## Corrective actions\n\n"
            "Campus IT is currently investigating a second feed for the building. Once it is\n"
            "in, the single point of failure goes away.\n\n"
            "### Changes we will make\n\n- Add a UPS to the core switch\n"
            "- Document the generator test\n")
    items = _items(text)
    assert [i.title for i in items] == [
        "Campus IT is currently investigating a second feed for the building",
        "Add a UPS to the core switch", "Document the generator test"]
    assert items[0].owner == "Campus IT"


def test_a_we_will_paragraph_beside_a_list_is_an_item_and_commentary_is_not() -> None:
    text = ("# Outage\n\n## Follow-up\n\n- Add a disk alert\n- Rotate the logs daily\n\n"
            "We will also review the retention of every bucket by the end of the quarter.\n\n"
            "Thanks to everyone who stayed late to bring the service back.\n")
    assert [i.title for i in _items(text)] == [
        "Add a disk alert", "Rotate the logs daily",
        "We will also review the retention of every bucket by the end of the quarter"]


def test_a_lead_in_that_commits_still_introduces_its_list() -> None:
    text = ("# Outage\n\n## Next steps\n\nWe will do the following:\n\n"
            "- Add a disk alert\n- Rotate the logs daily\n")
    assert [i.title for i in _items(text)] == ["Add a disk alert", "Rotate the logs daily"]


def test_a_person_named_by_an_initial_before_will_owns_the_item() -> None:
    text = ("# Outage\n\n## Action items\n\n- R Okafor will request a change freeze\n"
            "- Lin M. will file the vendor ticket\n")
    assert [i.owner for i in _items(text)] == ["R Okafor", "Lin M."]


def test_an_item_that_opens_with_already_is_done() -> None:
    text = ("# Outage\n\n## Prevention\n\n- Already added a guard against the deletion.\n"
            "- Already run the restore script on every account.\n"
            "- Already planned: a review of the defaults\n- Add a canary\n")
    assert [i.status.value for i in _items(text)] == ["done", "done", "open", "open"]


def test_a_later_sentence_saying_who_fixed_it_gives_status_and_owner() -> None:
    text = ("# Outage\n\n## Actions\n\n- Trim the paths the API returns. KM fixed this in "
            "[this commit](https://github.com/acme/web/commit/0a1b2c3).\n"
            "- Alert on 500s. It fixed itself before anyone looked.\n")
    items = _items(text)
    assert [(i.status.value, i.owner) for i in items] == [("done", "KM"), ("open", None)]


def test_past_work_under_a_name_that_joins_the_fix_and_the_work_ahead_is_the_fix() -> None:
    text = ("# Outage\n\n## Resolution and next steps\n\n"
            "- Once the vendor recovered, we re-ran the failed builds and cleared the queue.\n"
            "- Rolled back the registry mirror.\n"
            "- We are reviewing a second registry for the CI jobs.\n- Add a mirror alert\n")
    assert [i.title for i in _items(text)] == [
        "We are reviewing a second registry for the CI jobs", "Add a mirror alert"]


def test_past_tense_entries_under_an_action_name_alone_are_still_items() -> None:
    text = ("# Outage\n\n## Remediation\n\n- Rolled back the registry mirror\n"
            "- Checked arithmetic in the fee module\n")
    assert len(_items(text)) == 2


def test_a_prose_paragraph_in_a_group_beside_groups_that_list_tasks_is_not_an_item() -> None:
    text = ("# Exploit\n\n## Remediation\n\n### 1. Bounds\n\n- **Caps:** cap the mint per block\n\n"
            "### 2. Testing depth\n\n"
            "The failure mode here, large deposits that push the solver out of its domain, "
            "sits beyond the reach of unit tests that cover typical balances only.\n\n"
            "### 3. Monitoring\n\nAlert on a mint larger than the pool.\n")
    assert [i.title for i in _items(text)] == ["Caps", "Alert on a mint larger than the pool"]
