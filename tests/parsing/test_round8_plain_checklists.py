"""Round 8: plain-text reports whose action section is a checklist without bullets, grouped
by horizon labels that also state the group's status, with label lines ("Requirements:")
that detail an entry, and owners naming two teams. Every document here is written for the
test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text

REPORT = """INCIDENT REPORT
==============================

DATE:      2024-05-02
STATUS:    Resolved

WHAT HAPPENED

The cache lost its keys after a restart.

CORRECTIVE ACTIONS

IMMEDIATE (Completed):
  [x] Restored the keys from the snapshot
  [x] Paged the cache owners

SHORT-TERM (In Progress):
  [ ] Alert when the key count drops
      Owner: Storage + SRE on-call
      Status: Design

LONG-TERM (Planned):
  [ ] Replicate the cache across zones
      Requirements:
        - Keep writes under 5 ms
        - Survive the loss of one zone
        - Add a dashboard for lag
      Owner: Storage

LESSONS LEARNED

1. Snapshots saved the day.
"""


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="report.txt").action_items


def test_a_checklist_without_bullets_under_horizon_labels_with_status() -> None:
    items = _items(REPORT)
    assert [(i.title, i.status) for i in items] == [
        ("Restored the keys from the snapshot", "done"),
        ("Paged the cache owners", "done"),
        ("Alert when the key count drops", "open"),
        ("Replicate the cache across zones", "open")]


def test_owners_joined_by_a_plus_are_one_owner() -> None:
    items = _items(REPORT)
    assert [i.owner for i in items] == [None, None, "Storage + SRE on-call", "Storage"]


def test_a_sub_list_under_a_tasks_label_is_still_tasks() -> None:
    text = ("# Outage\n\n## Action items\n\n- Harden the cache\n"
            "  Next steps:\n    - Add a replica\n    - Alert on lag\n")
    assert [i.title for i in _items(text)] == ["Harden the cache", "Add a replica",
                                               "Alert on lag"]


def test_a_bracket_at_the_start_of_prose_is_not_a_checkbox_without_a_space() -> None:
    text = ("# Outage\n\n## Action items\n\n- Add a replica\n\n"
            "## Notes\n\n[x]y is how the schema names it.\n")
    assert [i.title for i in _items(text)] == ["Add a replica"]
