"""Precision: lists and lines that look like tasks but are not the team's follow-up work.

Every extra item is an issue nobody asked for in a team's tracker. Each test is a document
written for it, in a shape that produced extra items on real postmortems.
"""

from __future__ import annotations

import pytest

from actiontrack.parsing import parse_text


def _titles(text: str) -> list[str]:
    return [i.title for i in parse_text(text, source="pm.md").action_items]


@pytest.mark.parametrize("name", ["Ideas", "Possible improvements", "What we could do",
                                  "Options considered", "Brainstorm"])
def test_a_brainstorm_list_is_not_actions(name: str) -> None:
    text = (f"# Outage\n\n## {name}\n\n- Rewrite the scheduler in Rust\n- Buy a bigger box\n\n"
            "## Action items\n\n- Add a queue depth alert\n")
    assert _titles(text) == ["Add a queue depth alert"]


def test_a_group_of_ideas_inside_the_action_section_is_left_out() -> None:
    text = ("## Action items\n\n- Add a queue depth alert\n\n### Ideas for later\n\n"
            "- Rewrite the scheduler\n")
    assert _titles(text) == ["Add a queue depth alert"]


def test_a_checklist_about_the_write_up_itself_is_not_actions() -> None:
    text = ("## Follow-up actions\n\n1. Add a disk alert\n\n## Actions\n\n"
            "- [ ] Incident has been dealt with or is over\n- [ ] Sections above are filled out\n"
            "- [ ] Timeline is reviewed by the on-call\n"
            "- [ ] All action items above have linked issues\n")
    assert _titles(text) == ["Add a disk alert"]


def test_a_lead_in_sentence_and_a_closing_summary_are_not_items() -> None:
    text = ("## Action items\n\nTo prevent future incidents:\n\n- Add a disk alert\n"
            "- Rotate the logs daily\n\nWe believe these changes will prevent a repeat.\n")
    assert _titles(text) == ["Add a disk alert", "Rotate the logs daily"]


def test_a_lead_in_without_a_colon_that_announces_the_list_is_not_an_item() -> None:
    text = ("## Next steps\n\nWe have identified the following follow-ups.\n\n"
            "Rotate the keys every month.\n\nAlert on failed deliveries.\n")
    assert _titles(text) == ["Rotate the keys every month", "Alert on failed deliveries"]


def test_detail_bullets_under_numbered_bold_titles_are_details() -> None:
    text = ("## Prevention\n\n1. **Graceful shutdown.** Give the node time to flush.\n"
            "   - Kubernetes: set the grace period to 120 s\n"
            "   - systemd: set TimeoutStopSec to 120\n"
            "2. **Disk checks.** Verify the database on start.\n"
            "   - run the checker before the node joins\n")
    assert _titles(text) == ["Graceful shutdown", "Disk checks"]


def test_note_and_fragment_sub_bullets_complete_their_parent() -> None:
    text = ("## Action items\n\n- Ensure alerting is in place for:\n  - the proxy\n  - the cache\n"
            "- Coordinate the maintenance window\n"
            "  - 22.1.0 will contain the patched library\n"
            "- Review the rollout\n  - [ ] make the canary take 5% of traffic\n")
    assert _titles(text) == [
        "Ensure alerting is in place for the proxy and the cache",
        "Coordinate the maintenance window", "Review the rollout",
        "make the canary take 5% of traffic"]


def test_recommendations_addressed_to_others_are_advice_not_tasks() -> None:
    text = ("## Recommendations\n\nWe recommend the following to package maintainers:\n\n"
            "* Package maintainers should enable two-factor authentication.\n"
            "* Application developers should use a lockfile.\n\n## Timeline\n\n- 10:00 x\n")
    doc = parse_text(text, source="pm.md")
    assert not doc.action_items


def test_recommendations_written_as_the_teams_tasks_are_actions() -> None:
    text = ("## Recomendaciones\n\n### Alta prioridad\n1. Auditar los grupos de administradores\n"
            "2. Revisar las cuentas creadas\n\n### Baja prioridad\n3. Implementar MFA\n")
    assert _titles(text) == ["Auditar los grupos de administradores",
                             "Revisar las cuentas creadas", "Implementar MFA"]


def test_options_offered_by_a_lead_in_are_not_tasks() -> None:
    text = ("## Remediation\n\n### Testnet\n\n- Run every upgrade on the testnet first\n\n"
            "### Versioning\n\nThere are two options to consider:\n\n"
            "- introduce release candidates on the testnet\n- keep one version everywhere\n")
    assert _titles(text) == ["Run every upgrade on the testnet first"]


def test_improvements_listed_under_the_resolution_are_what_the_fix_included() -> None:
    text = ("## Resolution\n\n### Additional improvements\n\n1. **Error logging**: added detail\n"
            "\n## Prevention measures\n\n### Short-term\n\n1. **Monitoring**: alert on gaps\n")
    assert _titles(text) == ["Monitoring"]


def test_actions_taken_during_or_after_the_incident_are_not_follow_ups() -> None:
    text = ("* Incident on 24.07.2020\n  * Actions taken after the exam\n"
            "    * Increased the memory request\n  * ToDo:\n    * Double the minimum CPU\n")
    assert _titles(text) == ["Double the minimum CPU"]


def test_an_after_action_report_heading_is_not_an_action_section() -> None:
    text = ("# After-action report\n\nThese sections should be filled out once resolved.\n\n"
            "## Action items\n\n- Add a probe\n")
    assert _titles(text) == ["Add a probe"]


def test_a_reader_facing_question_heading_is_not_an_action_section() -> None:
    text = ("## Will this happen again?\n\nWe will add a checksum to every write.\n\n"
            "## I upgraded and it broke, what to do?\n\nRun the repair command.\n")
    assert _titles(text) == ["We will add a checksum to every write"]


def test_template_placeholders_are_not_items_and_braces_leave_the_title() -> None:
    text = ("## Action items\n\n1. {{ Enable request logging on every hub }} [link to github "
            "issue]\n2. {{ summary }} [link to github issue]\n")
    assert _titles(text) == ["Enable request logging on every hub"]


def test_narrative_paragraphs_beside_task_paragraphs_are_not_items() -> None:
    text = ("## Action items\n\n### Testing\n\nStart running load bots on the testnet.\n\n"
            "### Double spending\n\nA double spend was successful because the pools were "
            "cleared.\n\n### Resolution\n\nOn 16 August 2013 the fork was resolved.\n")
    assert _titles(text) == ["Start running load bots on the testnet"]


def test_a_dateline_at_the_end_of_a_section_is_not_an_item() -> None:
    text = ("<h2>What will be done</h2>\n<p>\nThe developers will add a test for the lock limit."
            "\n</p>\n<div>\n  <i>This notice last updated: Thu, 16 May 2013 01:37:00 UTC</i>\n"
            "</div>\n")
    assert _titles(text) == ["The developers will add a test for the lock limit"]
