"""Recall: actions written where no "Action items" heading announces them, and sections whose
names real teams use for their follow-up work. Each test is a document written for it."""

from __future__ import annotations

import pytest

from actiontrack.model import ItemStatus
from actiontrack.parsing import parse_text


def _items(text: str) -> list[tuple[str, str | None]]:
    items = parse_text(text, source="pm.md").action_items
    return [(i.title, i.status.value if i.status else None) for i in items]


def _titles(text: str) -> list[str]:
    return [title for title, _ in _items(text)]


def test_action_point_paragraphs_inside_lessons_learned_are_items() -> None:
    text = ("## Lessons learned\n\n### Notifications\n\nOperators heard of it late.\n\n"
            "Action point: create an announcement list for the operators of the nodes.\n"
            "- This has been done. Sign up on the list page.\n\n### Monitoring\n\n"
            "Action point: improve the resiliency of the fork monitor under load.\n")
    assert _items(text) == [
        ("create an announcement list for the operators of the nodes", "done"),
        ("improve the resiliency of the fork monitor under load", "open")]


def test_status_labelled_paragraphs_are_items_with_that_status() -> None:
    text = ("## Lessons learned\n\nThe disk graph is easier to read than the CLI.\n\n"
            "**DONE**: Sam added the wiki to the monitored sites in prometheus.\n\n"
            "**TODO** a disk exporter could alert the chat on free space before it runs out.\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title[:22], i.status, i.owner) for i in items] == [
        ("Sam added the wiki to ", ItemStatus.DONE, "Sam"),
        ("a disk exporter could ", ItemStatus.OPEN, None)]


def test_an_entry_labelled_as_an_action_in_another_list_is_an_item() -> None:
    text = ("## Lessons learned\n\n- Alerts fired late\n- Action item: add a dashboard for the "
            "queue depth\n- Done: restarted every pod of the queue\n")
    assert _titles(text) == ["add a dashboard for the queue depth"]


def test_labelled_lines_in_a_timeline_stay_events() -> None:
    text = ("## Timeline\n\nAction point: restart the pods on node three now.\n\n"
            "## Next steps\n\n- Add a pod restart alert\n")
    assert _titles(text) == ["Add a pod restart alert"]


def test_a_table_with_an_action_column_under_no_action_heading_is_actions() -> None:
    text = ("## Resolution\n\nWe restarted the service and created follow up action items:\n\n"
            "| Action Item | Owner |\n|---|---|\n"
            "| Review the request concurrency | Backend team |\n"
            "| Long term: Scale the feature #153 | Dev team |\n\n## Lessons learned\n\n- x\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.owner, i.links) for i in items] == [
        ("Review the request concurrency", "Backend team", ()),
        ("Long term: Scale the feature", "Dev team", ("#153",))]


def test_a_table_with_an_action_column_in_the_timeline_is_not_actions() -> None:
    text = "## Timeline\n\n| Time | Action | Owner |\n|---|---|---|\n| 10:00 | Restart db | kim |\n"
    assert _titles(text) == []


@pytest.mark.parametrize("name", [
    "What has been done", "What is being done", "What will be done", "The Following 2 Weeks",
    "How will we do better in the future?", "Will this happen again?", "Proactive measures",
    "Next 30 days", "How can we prevent this?"])
def test_names_real_teams_give_their_follow_up_work(name: str) -> None:
    text = f"# Outage\n\n## {name}\n\n- Add a disk alert\n\n## Timeline\n\n- 10:00 paged\n"
    assert _titles(text) == ["Add a disk alert"]


def test_what_has_been_done_is_done_except_what_the_item_puts_in_the_future() -> None:
    text = ("**What has been done**\n\n1. Released a small upgrade for the query nodes.\n"
            "2. Introduced seeds for the validator peering.\n"
            "3. We are also replacing the engine with a faster one.\n"
            "4. Lastly, we will re-evaluate the gas prices.\n")
    assert [status for _, status in _items(text)] == ["done", "done", "open", "open"]


def test_each_described_sub_heading_of_an_action_section_is_one_item() -> None:
    text = ("## Corrective actions\n\n### Public user check\n\nThe wrapper let any user query "
            "data. It now rejects the public user.\n\n| Resolver | Query |\n|---|---|\n"
            "| Bureau | bureau |\n\n- `COPYRIGHT_QUERY`\n\n### Introspection\n\nClients could "
            "read the schema ([OPS-12](https://acme.atlassian.net/browse/OPS-12)).\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.links) for i in items] == [
        ("Public user check", ()),
        ("Introspection", ("https://acme.atlassian.net/browse/OPS-12",))]


def test_sub_headings_that_group_task_paragraphs_stay_groups() -> None:
    text = ("## Action items\n\n### Alerting\n\nAdd a page on queue depth.\n\n### Testing\n\n"
            "Start load tests every week.\n\n### Background\n\nThe queue grew for hours.\n")
    assert _titles(text) == ["Add a page on queue depth", "Start load tests every week"]


def test_one_prose_paragraph_per_item_under_an_html_heading() -> None:
    text = ("<h2>How will we do better in the future?</h2>\n\n<p>\nIt was a bad idea to deploy "
            "so many changes at once. We will split them.\n</p>\n")
    assert _titles(text) == ["It was a bad idea to deploy so many changes at once"]


def test_a_line_that_points_back_elaborates_the_line_before() -> None:
    text = ("### Remedial measures:\nThe missed rewards will be paid to the affected farmers.\n"
            "These farmers will be taken from the snapshot of the block height.\n")
    assert _titles(text) == ["The missed rewards will be paid to the affected farmers"]


def test_a_question_sub_heading_groups_its_tasks() -> None:
    text = ("## Action items\n\n### How do we notice sooner?\n\n- Add a queue depth alert\n"
            "- Page on consumer lag\n")
    assert _titles(text) == ["Add a queue depth alert", "Page on consumer lag"]
