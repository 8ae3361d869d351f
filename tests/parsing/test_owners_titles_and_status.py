"""The fields of an item as real teams write them: owners, titles that keep every word of the
task (and say what they removed), status marks, due phrases and reference links. Each test is
text written for it, in a shape that went wrong on a real postmortem."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from actiontrack.cli import cli
from actiontrack.model import ItemStatus
from actiontrack.parsing import parse_text
from actiontrack.parsing.inline import read_item_text

INCIDENT = dt.date(2025, 2, 7)


@pytest.mark.parametrize(("text", "owner"), [
    ("Payments team to add retries to the client", "Payments team"),
    ("Dana will rotate the signing keys", "Dana"),
    ("SRE will page on queue depth", "SRE"),
    ("GitHub are also working on checks in the web editor", "GitHub"),
])
def test_a_team_or_person_as_the_subject_owns_the_item_and_the_title_keeps_it(
        text: str, owner: str) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.owner) == (text, owner)


@pytest.mark.parametrize("text", ["Deploys will pause on errors", "This will reduce the load",
                                  "We will add an alert", "Move to the new cluster - Q4 2024",
                                  "Migration to complete by the end of the year",
                                  "Alerting to cover every region"])
def test_a_thing_or_a_verb_as_the_subject_is_no_owner(text: str) -> None:
    assert read_item_text(text).owner is None


@pytest.mark.parametrize(("text", "title", "owner"), [
    ("[ICL] Removed the legacy maintainer access", "Removed the legacy maintainer access", "ICL"),
    ("Add retries to the client [Payments]", "Add retries to the client", "Payments"),
    ("(tc team) add heartbeat monitoring", "add heartbeat monitoring", "tc team"),
    ("(cloudops, tc, releng) start a runbook", "start a runbook", "cloudops, tc, releng"),
    ("Add a probe for the relay `@kim`", "Add a probe for the relay", "@kim"),
    ("Fix the gap in alerting: Sam K to file a ticket",
     "Fix the gap in alerting: Sam K to file a ticket", "Sam K"),
])
def test_owners_in_brackets_parentheses_backticks_and_clauses(text: str, title: str,
                                                               owner: str) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.owner) == (title, owner)


@pytest.mark.parametrize("tag", ["[DONE]", "[P1]", "[BUG]", "[Optional]"])
def test_a_bracketed_status_priority_or_kind_of_work_is_not_an_owner(tag: str) -> None:
    assert read_item_text(f"{tag} Rotate the keys").owner is None


def test_two_owners_are_both_kept() -> None:
    fields = read_item_text("Split the queue @alice @bob")
    assert (fields.title, fields.owner) == ("Split the queue", "@alice, @bob")


def test_an_owner_label_ends_at_the_full_stop_and_the_due_date_is_read() -> None:
    fields = read_item_text("Rotate the keys. Owner: Tom Becker. Due 2024-03-19.")
    assert (fields.title, fields.owner, fields.due) == ("Rotate the keys", "Tom Becker",
                                                        dt.date(2024, 3, 19))


def test_owner_and_due_in_one_table_cell_are_read_apart() -> None:
    text = ("## Action items\n\n| Action | Owner |\n|---|---|\n"
            "| Rotate the keys | Owner: Tom Becker. Due 2024-03-19. |\n")
    item, = parse_text(text, source="pm.md").action_items
    assert (item.owner, item.due) == ("Tom Becker", dt.date(2024, 3, 19))


@pytest.mark.parametrize("placeholder", ["TBD", "n/a", "?", "-"])
def test_an_owner_placeholder_is_no_owner(placeholder: str) -> None:
    fields = read_item_text(f"Rotate the keys (owner: {placeholder})")
    assert (fields.title, fields.owner, fields.placeholder_owner) == (
        "Rotate the keys", None, placeholder)


def test_owners_before_a_colon_when_one_names_two_parties() -> None:
    text = ("## Action items\n\n* Hypha: Make a proposal for shorter voting periods\n"
            "* Hypha + ICL: Investigate the non-determinism\n* ICL: Define an emergency process\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.owner) for i in items] == [
        ("Make a proposal for shorter voting periods", "Hypha"),
        ("Investigate the non-determinism", "Hypha + ICL"),
        ("Define an emergency process", "ICL")]


def test_component_prefixes_before_a_colon_are_not_owners() -> None:
    text = "## Action items\n\n- API: Add retries\n- Database: Add a replica\n"
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.owner) for i in items] == [("API: Add retries", None),
                                                   ("Database: Add a replica", None)]


def test_a_name_that_owns_another_item_owns_the_item_it_opens() -> None:
    text = "## Action items\n\n- ICL to build 22.0.3\n- ICL check the upgrade tests\n"
    items = parse_text(text, source="pm.md").action_items
    assert [i.owner for i in items] == ["ICL", "ICL"]


@pytest.mark.parametrize("text", ["Enable PITR on db-prod-3", "Roll out to eu-west-1",
                                  "Rotate keys on host-42", "Pin the base image to node-18"])
def test_a_trailing_hyphenated_token_is_part_of_the_title(text: str) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.links, fields.removed) == (text, [], [])


def test_the_json_says_what_was_removed_from_the_title(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "pm.md"
    path.write_text("## Action items\n\n- [ ] Add a disk alert on db-prod-3 @kim (due 2024-05-01) "
                    "OPS-12\n")
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    item, = json.loads(result.output)["action_items"]
    assert item["title"] == "Add a disk alert on db-prod-3"
    assert item["removed"] == ["@kim (due 2024-05-01) OPS-12"]


@pytest.mark.parametrize(("text", "title", "status", "links"), [
    ("Rotate the keys. Done in https://github.com/acme/api/pull/31", "Rotate the keys", "done",
     ["https://github.com/acme/api/pull/31"]),
    ("Rotate the keys (Done!)", "Rotate the keys", "done", []),
    ("Rotate the keys (done in #12)", "Rotate the keys", "done", ["#12"]),
])
def test_done_marks_real_teams_write(text: str, title: str, status: str,
                                     links: list[str]) -> None:
    fields = read_item_text(text)
    assert (fields.title, fields.status, fields.links) == (title, status, links)


def test_ballot_boxes_are_checkboxes() -> None:
    text = "Follow-up tasks\n---------------\n\n-  ☒ Apply resource limits\n-  ☐ Increase logging\n"
    items = parse_text(text, source="pm.rst").action_items
    assert [(i.title, i.status) for i in items] == [
        ("Apply resource limits", ItemStatus.DONE), ("Increase logging", ItemStatus.OPEN)]


@pytest.mark.parametrize(("text", "due"), [
    ("Rotate the keys within 2 weeks", dt.date(2025, 2, 21)),
    ("Coordinate the upgrade 9-10 am for Wednesday Feb 12", dt.date(2025, 2, 12)),
])
def test_due_phrases_without_due_or_by(text: str, due: dt.date) -> None:
    assert read_item_text(text, reference=INCIDENT).due == due


def test_a_reference_style_label_resolves_to_its_url() -> None:
    text = ("## Action items\n\n- [#123]: Fix the cache eviction\n"
            "- Add the config check before deploys: [#11134]\n\n"
            "[#123]: https://github.com/acme/api/issues/123\n"
            "[#11134]: https://github.com/acme/infra/pull/11134\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.links) for i in items] == [
        ("Fix the cache eviction", ("https://github.com/acme/api/issues/123",)),
        ("Add the config check before deploys", ("https://github.com/acme/infra/pull/11134",))]


def test_bugzilla_numbers_are_links_and_leave_the_title() -> None:
    fields = read_item_text("bug 1604926 - Check for orphaned instances")
    assert (fields.title, fields.links) == ("Check for orphaned instances", ["bug 1604926"])


def test_an_item_that_is_only_an_issue_url_is_titled_by_the_url() -> None:
    text = "## Action items\n\n- https://github.com/acme/api/issues/95\n"
    item, = parse_text(text, source="pm.md").action_items
    assert (item.title, item.links) == ("https://github.com/acme/api/issues/95",
                                        ("https://github.com/acme/api/issues/95",))


def test_issue_links_in_any_cell_beside_the_title_are_the_items_links() -> None:
    text = ("## Action Items\n\n|Action Items|Type|Owner|Status|\n|:-|:-|:-|:-|\n"
            "|Patch the fork|[PR](https://github.com/acme/sdk/pull/8) in the fork|core|Done|\n")
    item, = parse_text(text, source="pm.md").action_items
    assert (item.title, item.links, item.status) == (
        "Patch the fork", ("https://github.com/acme/sdk/pull/8",), ItemStatus.DONE)


def test_an_angle_bracket_placeholder_in_a_task_is_its_text_not_markup() -> None:
    fields = read_item_text("Add the <b>-alertnotify=<command></b> option to the daemon")
    assert fields.title == "Add the -alertnotify=<command> option to the daemon"
