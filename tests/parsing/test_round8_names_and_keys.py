"""Round 8: a section name whose head names the work ("Root cause remediations"), and an issue
key that is the subject of the item's sentence. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_remediations_of_the_root_cause_are_follow_up_work() -> None:
    text = ("# Relay outage\n\n## Root cause analysis\n\nThe relay parsed logs it should have "
            "skipped.\n\n### Root cause remediations\n\n- Skip logs of unknown contracts\n"
            "- Tests cover the skipped logs\n\n### Root cause details\n\n- The parser was old\n")
    assert [i.title for i in _items(text)] == ["Skip logs of unknown contracts",
                                               "Tests cover the skipped logs"]


def test_the_root_cause_alone_or_its_analysis_is_still_no_action_section() -> None:
    text = ("# Relay outage\n\n## Root cause analysis\n\n- The parser was old\n\n"
            "## Root causes\n\n- Logs were not filtered\n\n## Follow-up\n\n- Filter the logs\n")
    assert [i.title for i in _items(text)] == ["Filter the logs"]


def test_a_key_that_is_the_subject_of_the_sentence_stays_in_the_title() -> None:
    text = ("# Relay outage\n\n## Follow-up\n\n- RFC-6110 is updated to filter events\n"
            "- OPS-12 Add an alert on parse errors\n- [OPS-13] Page the relay owner\n")
    items = _items(text)
    assert [i.title for i in items] == ["RFC-6110 is updated to filter events",
                                        "Add an alert on parse errors",
                                        "Page the relay owner"]
    assert [list(i.links) for i in items][1:] == [["OPS-12"], ["OPS-13"]]


def test_see_as_the_verb_of_the_item_is_not_a_pointer_to_cut() -> None:
    text = ("# Backlog\n\n## Future improvements\n\n"
            "- The ability to see the number of events in the backlog\n"
            "- Alert on backlog growth (see OPS-7 for the thresholds)\n")
    assert [i.title for i in _items(text)] == [
        "The ability to see the number of events in the backlog", "Alert on backlog growth"]


def test_a_list_of_nouns_under_a_lead_in_with_a_colon_completes_its_parent() -> None:
    text = ("# Gateway outage\n\n## Corrective actions\n\n"
            "- Improve alerting.  We will add alerts on:\n"
            "    - Network packets, CPU, disk space\n- Rotate the gateways one at a time\n")
    assert [i.title for i in _items(text)] == ["Improve alerting",
                                               "Rotate the gateways one at a time"]
