"""Round 7: a code fence opened inside a quoted email, links listed under the prose paragraph
they track, lead-ins that say their list is done, and work in progress told as "We are also
<verb>ing ...". Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_a_fence_opened_inside_a_quote_ends_with_the_quote() -> None:
    text = ("# Upload errors\n\n## Detection\n\nThe alert said:\n\n"
            "> ```TypeError: bucket is undefined\n>    at upload (app.js:12:3)```\n\n"
            "## Action items\n\n- Add a test for the bucket lookup\n")
    assert [i.title for i in _items(text)] == ["Add a test for the bucket lookup"]


def test_a_fence_outside_a_quote_still_runs_to_its_closing_line() -> None:
    text = ("# Outage\n\n## Action items\n\n- Add an alert\n\n```\n- not an item\n```\n")
    assert [i.title for i in _items(text)] == ["Add an alert"]


def test_a_link_listed_under_a_prose_paragraph_is_that_paragraphs_link() -> None:
    text = ("# Storage outage\n\n## Next steps\n\n"
            "The hotfix put the files back on the test bucket, which is not meant for "
            "customer data. The files should move to a production bucket:\n\n"
            "- https://github.com/acme/store/issues/41\n\n"
            "I also want to publish a short report for customers so that they know what "
            "happened and what changed.\n")
    items = _items(text)
    assert [i.title for i in items] == [
        "The hotfix put the files back on the test bucket, which is not meant for customer "
        "data",
        "I also want to publish a short report for customers so that they know what happened "
        "and what changed"]
    assert list(items[0].links) == ["https://github.com/acme/store/issues/41"]


def test_a_list_of_links_after_a_short_lead_in_stays_a_list_of_items() -> None:
    text = ("# Outage\n\n## Action items\n\nTracked in:\n\n"
            "- https://github.com/acme/store/issues/41\n"
            "- https://github.com/acme/store/issues/42\n")
    assert [i.title for i in _items(text)] == ["https://github.com/acme/store/issues/41",
                                               "https://github.com/acme/store/issues/42"]


def test_a_lead_in_saying_the_actions_were_taken_marks_its_list_done() -> None:
    text = ("# Leaked key\n\n## Remediation\n\n### Immediate actions\n\n"
            "During the audit the following actions were immediately taken:\n\n"
            "- Revoked the key\n- Rotated the database password\n\n"
            "### Next\n\nWe will do the following:\n\n- Add secret scanning to CI\n")
    assert [(i.title, i.status.value) for i in _items(text)] == [
        ("Revoked the key", "done"), ("Rotated the database password", "done"),
        ("Add secret scanning to CI", "open")]


def test_work_in_progress_told_with_an_ing_verb_beside_a_list_is_an_item() -> None:
    text = ("# Leaked key\n\n## Follow-up\n\n- Add secret scanning to CI\n\n"
            "We are also rotating every deploy token as a precaution.\n\n"
            "We are also in the process of moving secrets to the vault.\n\n"
            "We are grateful to the reporter.\n")
    assert [i.title for i in _items(text)] == [
        "Add secret scanning to CI", "We are also rotating every deploy token as a precaution",
        "We are also in the process of moving secrets to the vault"]


def test_a_lead_in_saying_what_should_be_considered_prescribes_and_offers_no_options() -> None:
    text = ("# Leaked key\n\n## Future improvements\n\n"
            "Beyond the fix, the following should be considered:\n\n"
            "1. **Checksums**: we should verify every external file in CI\n"
            "2. **Audits**: we should audit third-party scripts each quarter\n\n"
            "## Follow-up\n\nThere are two options to consider:\n\n- Self-host the CDN\n"
            "- Drop the CDN\n")
    assert [i.title for i in _items(text)] == ["Checksums", "Audits"]
