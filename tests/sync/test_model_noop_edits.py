"""The model test's own rules, checked on the steps that once made it report a violation
that was not one: a team edit that sets a field to the value it already has ("reopen" of an
open issue, an assignee set to the one it has) is no edit the tracker can tell, so a
postmortem change made in the same window is rightly written over it. The model counted it
as the team's, and its soak reported 'the team's state became closed' and 'the team's
assignee became bob' once each, never reproduced (a soak does not shrink or replay).

The steps are the machine's own rules, called in order with the values they draw."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.sync.test_model import SyncMachine, _machine


class Draws:
    """The values a rule draws, in order (a stand-in for hypothesis's `st.data()`)."""

    def __init__(self, *values: Any) -> None:
        self.values = list(values)

    def draw(self, _strategy: Any) -> Any:
        return self.values.pop(0)


@pytest.fixture(params=["local", "github", "jira"])
def machine(request: pytest.FixtureRequest) -> Iterator[SyncMachine]:
    made = _machine(request.param)()
    try:
        yield made
    finally:
        made.teardown()


# (the item's owner, the team's edit and what it draws, the author's change and its draw,
#  the field, what the tracker holds after the next sync)
CASES = {
    "reopen of an open issue, then ticked": (None, ("reopen",), ("tick",), "state", "closed"),
    "close of a closed issue, then unticked": (None, ("close",), ("tick",), "state", "open"),
    "assignee set to the one it has, then the owner changed": (
        "alice", ("assignee", "alice"), ("owner", "bob"), "assignee", "bob"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_team_edit_to_the_value_a_field_has_is_not_the_teams(
        machine: SyncMachine, case: str) -> None:
    owner, (what, *team_draws), (change, *author_draws), name, after = CASES[case]
    machine.first_postmortem(Draws(1, 0, owner))  # one postmortem of one item
    [doc], [item] = machine.docs, machine.items
    if what == "close":
        item.done = True
        machine._write(doc)
    machine.sync(prune=False)
    assert item.key is not None
    machine.team_edits(Draws(item.key, *team_draws), what)  # changes nothing
    machine.edit_postmortem(Draws(doc, item, *author_draws), change)
    machine.sync(prune=False)  # the model's checks pass: the postmortem's change is written
    assert getattr(machine.tracker.issues()[item.key], name) == after
    assert name not in machine.owned[item.key].fields
