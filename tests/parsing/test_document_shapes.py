"""One hand-written postmortem per shape (tests/parsing/postmortems/), each read as its author
meant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from actiontrack.config import ParserSettings
from actiontrack.model import ActionItem, ItemStatus, item_id_for
from actiontrack.parsing import parse_file, parse_text

DOCS = Path(__file__).parent / "postmortems"


def items(name: str) -> list[ActionItem]:
    return list(parse_file(DOCS / name).action_items)


def titles(name: str) -> list[str]:
    return [i.title for i in items(name)]


def test_setext_headings_numbered_lists_and_inline_metadata() -> None:
    doc = parse_file(DOCS / "setext-numbered-owners.md")
    assert doc.postmortem.title == "Queue backlog on the billing workers"
    assert doc.postmortem.incident_date == dt.date(2024, 3, 14)
    assert doc.postmortem.severity == "SEV-2"
    got = [(i.title, i.owner, i.due, i.priority) for i in doc.action_items]
    assert got == [
        ("Add a dead-letter queue for poison messages", "@dana", dt.date(2024, 4, 1), None),
        ("Document the manual drain procedure", "Priya Shah", None, None),
        ("Alert when queue age exceeds 10 minutes", "@omar", None, "P1"),
        # "by April 2" has no year: it is read relative to the incident date.
        ("Patch the retry loop so it backs off", None, dt.date(2024, 4, 2), "high"),
    ]
    assert all(i.due_source == ("document" if i.due else None) for i in doc.action_items)


def test_checkboxes_groups_with_status_and_nested_items() -> None:
    doc = parse_file(DOCS / "atx-checkbox-nested.md")
    assert doc.postmortem.id == "pm-2023-017"  # front matter id wins over the file name
    assert doc.postmortem.incident_date == dt.date(2023, 9, 12)
    got = [(i.title, i.status, i.group) for i in doc.action_items]
    done, planned = ItemStatus.DONE, ItemStatus.OPEN
    assert got == [
        ("Roll back the certificate bundle", done, "Immediate actions (completed)"),
        ("Restore the old trust store on the edge nodes", done, "Immediate actions (completed)"),
        # "staging"/"production" only complete their parent
        ("Automate certificate expiry checks", planned, "Planned or in progress"),
        # `[]` is an empty checkbox; the indented note is not part of the title
        ("Write a runbook for certificate rotation", planned, "Planned or in progress"),
        # a parent and its sub-items that are tasks of their own, in reading order
        ("Add canary logins after each deploy", planned, "Planned or in progress"),
        ("Build a synthetic login probe that runs every minute", planned,
         "Planned or in progress"),
        ("Page the on-call when the probe fails twice", planned, "Planned or in progress"),
        ("Review who can push certificates", planned, "Planned or in progress"),
    ]
    # a note sub-item gives its link to the parent; nothing comes from Lessons learned/Timeline
    assert doc.action_items[-1].links == ("acme/platform#231",)
    assert doc.action_items[0].kind_source == "section"  # "Immediate" -> corrective
    assert doc.action_items[0].kind == "corrective"


def test_unbulleted_lines_under_a_plain_line_heading() -> None:
    assert titles("plain-lines-tasks.txt") == [
        "Move index rebuilds to the maintenance window",
        "Add a latency alert on the search cluster",
        "Review the capacity plan for the search tier",
    ]


def test_table_columns_are_recognised_by_their_header() -> None:
    got = items("table-items.md")
    assert [(i.title, i.owner, i.kind, i.kind_source, i.due, i.status, i.priority, i.links)
            for i in got] == [
        ("Restore the second DNS forwarder", "@lee", "corrective", "column",
         dt.date(2022, 11, 10), ItemStatus.DONE, "P1", ("OPS-412",)),
        ("Add resolver health checks to the dashboard", "Kim", "detection", "column",
         dt.date(2023, 3, 31), ItemStatus.OPEN, "medium",
         ("https://tracker.example.com/browse/OPS-413",)),  # Q1 2023 = end of the quarter
        ("Require two approvals for resolver changes", None, "process", "column",
         dt.date(2022, 12, 1), ItemStatus.OPEN, "low", ()),
    ]


def test_bold_line_section_with_one_paragraph_per_item() -> None:
    doc = parse_file(DOCS / "bold-label-paragraphs.md")
    assert doc.postmortem.incident_date == dt.date(2022, 6, 7)
    assert doc.postmortem.root_cause == "the webhook signer used an expired key."
    assert [i.title for i in doc.action_items] == [
        "Rotate signing keys automatically before they expire",
        "Alert on webhook delivery failures above one percent, so that we notice within five "
        "minutes",
    ]


def test_code_blocks_and_comments_hold_no_items_and_links_reduce_to_text() -> None:
    got = items("code-and-comments.md")
    assert [i.title for i in got] == ["Add request coalescing to the cache client",
                                      "Cap cache rebuild concurrency", "Jitter TTLs"]
    assert got[1].links == ("https://bugs.example.org/show_bug.cgi?id=77",)  # not the wiki


def test_two_heading_marked_action_lists_both_count() -> None:
    got = items("two-marked-lists.md")
    assert [i.title for i in got] == [
        "Add an error-rate alert on the image service",
        "Load test the resizer before each release",
        "Upgrade the resizer library",
        "Write a runbook for the image service",
    ]
    assert [i.kind_source for i in got] == ["section", "section", "keyword", "keyword"]


def test_plain_action_items_line_ends_at_the_next_heading() -> None:
    doc = parse_file(DOCS / "plain-action-items-line.md")
    assert doc.postmortem.incident_date == dt.date(2019, 5, 17)
    assert [i.title for i in doc.action_items] == [
        "Automate certificate renewal for the relay",
        "Alert two weeks before any certificate expires",
    ]


def test_bullet_label_section_and_done_suffix() -> None:
    got = items("bullet-label.md")
    assert [(i.title, i.status) for i in got] == [
        ("Move registry credentials to the secrets store", ItemStatus.DONE),
        ("Scan images for embedded credentials", ItemStatus.OPEN),
        ("Limit who can read CI variables", ItemStatus.OPEN),
    ]


def test_issue_references_of_every_form() -> None:
    got = items("references-and-keys.md")
    assert [(i.title, i.links) for i in got] == [
        ("Fix the leader election timeout", ("https://github.com/acme/scheduler/issues/87",)),
        ("Bump the client library", ("acme/scheduler#88", "OPS-1201")),
        ("Backport the patch", ("#4512",)),
        ("Remove the UTF-8 BOM handling hack", ("https://jira.example.com/browse/SCHED-7",)),
        ("Add chaos tests for leader loss", ("https://github.com/acme/scheduler/issues/90",)),
        ("Review the on-call handbook",
         ("https://gitlab.example.com/ops/handbook/-/issues/12",)),
    ]
    assert [i.kind for i in got] == ["corrective"] * 4 + ["preventive"] * 2
    assert {i.kind_source for i in got} == {"section"}


def test_wrapped_paragraphs_are_one_item_each_titled_by_their_first_sentence() -> None:
    assert titles("paragraph-items.md") == [
        "We will throttle the migration tool so that it never writes faster than the replicas "
        "can apply changes",
        "Monitoring of replica lag will page the on-call engineer when lag passes one minute, "
        "instead of only showing it on a dashboard",
    ]


def test_no_action_section_is_a_warning_not_an_error() -> None:
    doc = parse_file(DOCS / "no-action-section.md")
    assert doc.action_items == ()
    assert len(doc.warnings) == 1 and "no-action-section.md" in doc.warnings[0]


def test_extra_section_names_from_config() -> None:
    text = "# Outage\n\n## Homework\n\n- Tidy the alert rules\n"
    assert parse_text(text, source="x.md").action_items == ()
    settings = ParserSettings(action_sections=["Homework"])
    got = parse_text(text, source="x.md", settings=settings).action_items
    assert [i.title for i in got] == ["Tidy the alert rules"]


def test_section_ends_at_a_heading_of_the_same_or_higher_level() -> None:
    text = ("# Outage\n## Action items\n### Database\n- Add an index\n#### Notes\n- Add a replica\n"
            "### Network\n- Fix the MTU\n## Lessons learned\n- Test failover more\n")
    got = parse_text(text, source="x.md").action_items
    assert [(i.title, i.group) for i in got] == [
        ("Add an index", "Database"), ("Add a replica", "Notes"), ("Fix the MTU", "Network")]


@pytest.mark.parametrize("heading", ["## Tasks", "##Tasks:", "#Tasks", "Tasks:", "**Tasks:**",
                                     "__Action items__", "<h3>Follow-ups</h3>",
                                     "Next steps\n----------", "### What we're doing about it",
                                     "## Corrective and Preventative Measures",
                                     "## Follow-up improvements", "## Remediation"])
def test_every_heading_style_and_common_name(heading: str) -> None:
    text = f"Intro line.\n\n{heading}\n\n- Add a disk alert\n- Fix the cron job\n"
    got = parse_text(text, source="x.md").action_items
    assert [i.title for i in got] == ["Add a disk alert", "Fix the cron job"]


@pytest.mark.parametrize("marker", ["- ", "* ", "+ ", "1. ", "1) ", "a. ", "- [ ] ", "-\t",
                                    "• ", "1. [x] "])
def test_list_markers(marker: str) -> None:
    text = f"## Action items\n{marker}Add a disk alert\n{marker}Fix the cron job\n"
    got = parse_text(text, source="x.md").action_items
    assert [i.title for i in got] == ["Add a disk alert", "Fix the cron job"]


def test_duplicate_titles_get_distinct_stable_ids() -> None:
    text = "## Action items\n- Add a disk alert\n- Add a disk alert.\n- Fix the cron job\n"
    first = parse_text(text, source="pm.md").action_items
    assert first[0].id == item_id_for("pm", "Add a disk alert")
    assert len({i.id for i in first}) == 3
    assert [i.id for i in parse_text(text, source="pm.md").action_items] == [i.id for i in first]


def test_task_headings_are_items_when_the_section_has_no_list() -> None:
    doc = parse_file(DOCS / "heading-items.md")
    assert doc.postmortem.incident_date == dt.date(2024, 2, 14)
    got = [(i.title, i.owner, i.due, i.links, i.group) for i in doc.action_items]
    assert got == [
        ("Verify index checksums after every build", "@noor", None, (), None),
        ("Add a read-only replica for search", None, dt.date(2024, 3, 31),
         ("https://github.com/acme/search/issues/310",), None),
        # "Storage" names a group; its paragraph is the task
        ("Move the index volume to replicated storage", None, None, (), "Storage"),
    ]


def test_notes_under_an_item_give_its_metadata_but_prose_notes_do_not() -> None:
    text = ("## Action items\n- Fix the cache\n  - Owner: @kim\n  - Due: 2023-03-01\n"
            "  - Status: done\n- Rebuild the index\n\n  Keep the port open; fixed in v2 maybe.\n"
            "- Action item 3: Upgrade the broker\n")
    got = parse_text(text, source="x.md").action_items
    assert [(i.title, i.owner, i.due, i.status) for i in got] == [
        ("Fix the cache", "@kim", dt.date(2023, 3, 1), ItemStatus.DONE),
        ("Rebuild the index", None, None, ItemStatus.OPEN),
        ("Upgrade the broker", None, None, ItemStatus.OPEN),
    ]


def test_a_long_title_keeps_the_clause_before_a_dash() -> None:
    lead = "Move the billing database to a dedicated cluster"
    text = (f"## Action items\n- {lead} — this needs a maintenance window agreed with finance, "
            "a rehearsal in staging and a tested rollback plan for the cut-over night\n"
            "- Add alerts for when logs are not shipped - consider both ends\n")
    got = [i.title for i in parse_text(text, source="x.md").action_items]
    assert got == [lead, "Add alerts for when logs are not shipped - consider both ends"]
