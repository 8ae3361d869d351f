"""Document structure and fields in shapes real write-ups use (parser round 3): outlines whose
numbered entries are the sections, sub-entries that continue their parent's sentence, and the
fields those shapes state. Each test is a document written for one rule."""

from __future__ import annotations

from actiontrack.parsing import parse_text


def _titles(text: str, source: str = "pm.md") -> list[str]:
    return [i.title for i in parse_text(text, source=source).action_items]


def test_numbered_outline_entries_are_the_sections() -> None:
    # "1. Summary", "2. Preventative Measures": a numbered list of section names, each over
    # indented bullets; only the bullets under the action name are items.
    text = ("# Queue stall\n\n1. Summary\n   - The queue stalled for an hour\n"
            "2. Root Cause\n   - Nobody watched the consumer lag\n"
            "3. Preventative Measures\n   - Alert on consumer lag\n"
            "   - Document the drain procedure\n4. Authors\n   - Sam Lee\n")
    assert _titles(text) == ["Alert on consumer lag", "Document the drain procedure"]


def test_a_sentence_in_a_numbered_list_is_no_section_name() -> None:
    text = ("## Action items\n\n1. Add an alert on consumer lag\n"
            "   - Follow the runbook draft\n2. Review the queue settings.\n")
    assert _titles(text) == ["Add an alert on consumer lag", "Follow the runbook draft",
                             "Review the queue settings"]


def test_sub_entries_that_continue_the_parent_sentence_are_not_items() -> None:
    text = ("## Action items\n\n1. Keep the community informed\n\n"
            "   1. Of outages and maintenance\n\n   2. Of resource use\n\n"
            "2. Identify core services, including\n\n   1. Define capacity limits\n")
    assert _titles(text) == ["Keep the community informed",
                             "Identify core services, including", "Define capacity limits"]


def test_a_lone_name_like_entry_among_tasks_stays_a_task() -> None:
    text = ("## Action items\n\n1. Follow up on the alerts\n   - Page the owner twice\n"
            "2. Review the queue settings.\n")
    assert _titles(text) == ["Follow up on the alerts", "Page the owner twice",
                             "Review the queue settings"]


def test_a_line_wrapped_for_width_goes_on_with_its_sentence() -> None:
    # The wrapped line starts with a capitalised word ("Fetch"), yet it is no new sentence:
    # the line before it ran to the wrap column without ending one.
    text = ("## Action items\n\n"
            "- [ ] add a Worker-runtime proxy smoke test to catch the differences of platform\n"
            "      Fetch calls before the deployment\n"
            "- [ ] Rotate the keys\n      Currently only the old ones alert\n")
    assert _titles(text) == [
        "add a Worker-runtime proxy smoke test to catch the differences of platform Fetch "
        "calls before the deployment", "Rotate the keys"]


def test_a_team_before_a_dash_is_the_owner_and_the_date_after_it_the_due() -> None:
    text = ("# Proxy outage 2026-07-29\n\n## Corrective actions\n\n"
            "- [x] Runtime team — enable interception for limited sandboxes — 2026-07-29\n"
            "- [ ] Release team — add a proxy smoke test to the pipeline —\n"
            "      2026-08-07\n"
            "- [ ] Proxy — document the limits\n")
    got = [(i.title, i.owner, str(i.due) if i.due else None)
           for i in parse_text(text, source="pm.md").action_items]
    assert got[:2] == [
        ("enable interception for limited sandboxes", "Runtime team", "2026-07-29"),
        ("add a proxy smoke test to the pipeline", "Release team", "2026-08-07")]
    assert got[2][1] is None  # a component before a dash names no team


def test_a_list_after_a_lead_in_that_names_causes_is_not_tasks() -> None:
    text = ("## Prevention\n\nAll of the errors were due to missing test cases to prevent "
            "regressions:\n\n- The upgrade had no test at all.\n- The region default had "
            "partial coverage.\n\nSo we will follow a few extra rules:\n\n"
            "1. All features have a test before merge.\n"
            "2. Every bugfix starts with a failing test.\n")
    assert _titles(text) == ["All features have a test before merge",
                             "Every bugfix starts with a failing test"]


def test_a_lead_in_that_looks_ahead_at_causes_introduces_tasks() -> None:
    text = ("## Prevention\n\nTo prevent outages caused by full disks, we will:\n\n"
            "- Alert at 80% disk use\n- Rotate the logs daily\n")
    assert _titles(text) == ["Alert at 80% disk use", "Rotate the logs daily"]


def test_an_indented_outline_label_holds_the_bullets_at_its_own_indent() -> None:
    text = ("OPS-1: build failures\n\n  CAUSE:\n  - flaky network to the mirror\n\n"
            "  Next:\n  - file a bug for the mirror issue\n  - include the build link in "
            "tickets\n\n  THANKS:\n  - sam for the logs\n")
    assert _titles(text, "pm.txt") == ["file a bug for the mirror issue",
                                       "include the build link in tickets"]


def test_a_full_stop_inside_a_quotation_does_not_end_the_title() -> None:
    text = ('## Action items\n\n- Stop logging "ERROR: Failed to post. Saving report to '
            '/tmp/x.json" on every run. It fills the disk.\n')
    assert _titles(text) == ['Stop logging "ERROR: Failed to post. Saving report to '
                             '/tmp/x.json" on every run']
