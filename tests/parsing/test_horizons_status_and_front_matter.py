"""Rules added after measuring the parser on held-out batch 4 (tests/parsing/heldout/b4-*):
each is a general shape, tested here on its own with text written for the test."""

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


def test_broken_front_matter_values_are_ignored_with_one_warning() -> None:
    doc = parse_text('---\ntitle: "Cache outage\nid: [x\nseverity: SEV-2\ntags: [a, b]\n---\n'
                     "# Cache nodes lost\n\n## Action items\n\n- Add a hit-rate alert\n",
                     source="pm/2024-05-01-cache.md")
    assert doc.postmortem.title == "Cache nodes lost"
    assert doc.postmortem.id == "2024-05-01-cache"
    assert doc.postmortem.severity == "SEV-2"
    assert doc.warnings == ("pm/2024-05-01-cache.md: front matter is not valid YAML at title, "
                            "id; those values are ignored (close the quote or bracket)",)


def test_an_id_that_is_not_a_slug_falls_back_to_the_file_name() -> None:
    doc = parse_text("---\nid: 'cache outage #2'\n---\n## Action items\n\n- Add an alert\n",
                     source="x/cache-2.md")
    assert doc.postmortem.id == "cache-2"
    assert [w.split(": ", 1)[1][:30] for w in doc.warnings] == ["front matter id 'cache outage "]
    assert "'cache-2'" in doc.warnings[0]
    slug = parse_text("---\nid: INC-2024.07_b\n---\n## Action items\n\n- Add an alert\n",
                      source="x/y.md")
    assert slug.postmortem.id == "INC-2024.07_b" and slug.warnings == ()


def test_an_invalid_front_matter_incident_date_warns_and_falls_back() -> None:
    doc = parse_text("---\nincident_date: 2023-13-45\n---\n# Outage\n\n"
                     "On 2023-03-02 the queue stalled.\n\n## Action items\n\n- Add an alert\n",
                     source="pm.md")
    assert str(doc.postmortem.incident_date) == "2023-03-02"
    assert len(doc.warnings) == 1
    assert doc.warnings[0].startswith("pm.md: front matter incident_date '2023-13-45' is not "
                                      "a valid date")


def test_an_empty_file_is_called_empty() -> None:
    for text in ("", "\ufeff \r\n\t\n"):
        assert parse_text(text, source="e.md").warnings == (
            "e.md: the file is empty; there are no action items to read",)
    only_front = parse_text("---\ntitle: Draft\n---\n\n", source="e.md")
    assert only_front.warnings == (
        "e.md: the file has nothing after its front matter; there are no action items to read",)


def test_a_long_wrapped_item_is_one_item_joined_in_order() -> None:
    # Continuation lines are collected and joined once (see the long-paragraph benchmark).
    wrapped = "\n  ".join(f"step {n} of the drain" for n in range(2000))
    bullet = _items(f"## Action items\n\n- Drain the queue: {wrapped}\n- Add an alert\n")
    assert [i.title[:46] for i in bullet] == ["Drain the queue: step 0 of the drain step 1 of",
                                              "Add an alert"]
    para = _items("## Action items\n\nDrain the queue: " + wrapped.replace("\n  ", "\n") + "\n")
    assert len(para) == 1 and para[0].title.startswith("Drain the queue: step 0 of the drain")


def test_a_document_between_two_rules_is_the_document_not_front_matter() -> None:
    """Some writers open and close a report with `---`. Text between them that is no YAML and
    reads as the report (headings, prose) is the report; nothing is hidden as front matter."""
    text = ("---\n\n# Build farm outage\n\nDate: 2025-02-11\n\n**Severity:** high\n\n"
            "## Summary\n\nThe runners lost their disks: every job failed for an hour.\n\n"
            "## Follow-up\n\n- Alert on runner disk usage\n- Add a second runner pool\n\n---\n")
    doc = parse_text(text, source="pm.md")
    assert [i.title for i in doc.action_items] == ["Alert on runner disk usage",
                                                   "Add a second runner pool"]
    assert doc.postmortem.title == "Build farm outage"
    assert str(doc.postmortem.incident_date) == "2025-02-11"
    assert doc.warnings == ()
    # Broken YAML that is metadata still is front matter: its readable keys count.
    meta = parse_text('---\n# page settings\ntitle: "Disk outage\nseverity: SEV-3\n---\n'
                      "## Follow-up\n\n- Alert on disk usage\n", source="pm.md")
    assert meta.postmortem.severity == "SEV-3" and len(meta.warnings) == 1
    assert [i.title for i in meta.action_items] == ["Alert on disk usage"]
