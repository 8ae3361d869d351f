"""Rules added after measuring the parser on held-out batch 4 (tests/heldout/b4-*): each is a
general shape, tested here on its own with text written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return list(parse_text(text, source="pm.md").action_items)


def test_done_in_a_reference_after_a_dash_is_a_status_not_title_text() -> None:
    got = _items("## Follow-up\n\n"
                 "- Pin the toolchain version — done in #41\n"
                 "- Cache the wheel builds - fixed by acme/ci#7\n"
                 "- Split the lint job (#44)\n")
    assert [(i.title, i.status, i.links) for i in got] == [
        ("Pin the toolchain version", ItemStatus.DONE, ("#41",)),
        ("Cache the wheel builds", ItemStatus.DONE, ("acme/ci#7",)),
        ("Split the lint job", ItemStatus.OPEN, ("#44",)),
    ]


def test_an_owner_label_ends_at_a_full_stop() -> None:
    got = _items("## Remediation\n\n"
                 "1. **Tell the affected tenants.** Owner: Account management. Letters went "
                 "out on Monday.\n"
                 "2. **Rotate the keys.** Owner: maria.g\n")
    assert [i.owner for i in got] == ["Account management", "maria.g"]


def test_a_sibling_heading_naming_a_later_horizon_continues_the_action_section() -> None:
    text = ("# Token leak\n\n## Response\n\n### Immediate actions\n\n- Revoke the token\n\n"
            "### Longer term\n\n- Scan build logs for secrets\n\n"
            "### Medium-term improvements\n\n- Move to short-lived credentials\n\n"
            "### Press contacts\n\n- Call the newspaper back\n\n"
            "## Longer term\n\n- Not under an action section\n")
    got = _items(text)
    assert [(i.title, i.group) for i in got] == [
        ("Revoke the token", None),
        ("Scan build logs for secrets", "Longer term"),
        ("Move to short-lived credentials", "Medium-term improvements"),
    ]


def test_a_group_of_past_tense_items_reports_work_already_done() -> None:
    text = ("## Immediate actions\n\n- Rotated every deploy key\n- Rebuilt the runner images\n\n"
            "## Next steps\n\n- Removed hosts must be purged from DNS\n- Add a purge job\n\n"
            "## Follow-ups\n\n- Improved alerting on runner registration\n"
            "- Automated key rotation\n\n"
            "## Tasks\n\n- Deleted the stale bucket\n")
    got = {i.title: i.status for i in _items(text)}
    assert got == {
        "Rotated every deploy key": ItemStatus.DONE,
        "Rebuilt the runner images": ItemStatus.DONE,
        # One past-tense item among planned ones, noun phrases, or alone proves nothing.
        "Removed hosts must be purged from DNS": ItemStatus.OPEN,
        "Add a purge job": ItemStatus.OPEN,
        "Improved alerting on runner registration": ItemStatus.OPEN,
        "Automated key rotation": ItemStatus.OPEN,
        "Deleted the stale bucket": ItemStatus.OPEN,
    }
