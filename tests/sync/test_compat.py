"""Issues synced by the release before the managed block (marker format 1: the whole body
was actiontrack's, digests in `synced`) keep working: nothing is written for them until the
postmortem changes, a body people edited is never replaced, and one nobody touched becomes
the managed block only when the issue is written anyway.

`v1/issues.json` is what that release (commit ff82ec0) left in a local tracker after
`actiontrack sync postmortems` of the two postmortems beside it: bodies, markers, labels,
states, byte for byte."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actiontrack.issue_format import find_block, has_marker, parse_marker
from tests.fakes.github import FakeGitHub
from tests.sync.world import BACKENDS, World

HERE = Path(__file__).parent / "v1"
V1: list[dict[str, Any]] = json.loads((HERE / "issues.json").read_text(encoding="utf-8"))
DB = "2024-03-01-db.md"


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path, run: object) -> Iterator[World]:
    root = tmp_path / "project"
    (root / "config").mkdir(parents=True)
    (root / "config" / "actiontrack.toml").write_text("[github]\nseconds_between_writes = 0\n")
    fake = FakeGitHub() if request.param == "github" else None
    try:
        if fake is not None:
            fake.start()
        w = World(root, request.param, run, fake)
        for doc in HERE.glob("*.md"):
            shutil.copy(doc, root / "postmortems" / doc.name)
        w.restore(V1)
        yield w
    finally:
        if fake is not None:
            fake.stop()


def sync(world: World, *args: str) -> str:
    ran = world.sync("postmortems", *args)
    assert ran.code == 0, ran.err
    return ran.out


def test_the_fixture_is_what_that_release_wrote() -> None:
    assert len(V1) == 7 and all(has_marker(i["body"]) for i in V1)
    assert all(parse_marker(i["body"]).format == 1 for i in V1)  # type: ignore[union-attr]
    assert not any(find_block(i["body"]) for i in V1)


def test_a_sync_with_nothing_changed_writes_nothing(world: World) -> None:
    out = sync(world)
    assert "0 created" in out and world.writes == 0, out
    assert out.count("unchanged ") == 7


def test_prose_added_above_the_items_writes_nothing(world: World) -> None:
    """The old bodies show `line N`: the line moved, the item did not."""
    world.edit_file(DB, "# Database outage\n", "# Database outage\n\nOne more line.\n")
    out = sync(world)
    assert world.writes == 0, out


def test_an_untouched_old_body_becomes_the_managed_block_when_written_anyway(
        world: World) -> None:
    world.edit_file(DB, "Rotate the database credentials (owner: @bob)",
                    "Rotate the database credentials (owner: @alice)")
    out = sync(world)
    assert "1 updated" in out
    issue = world.by_title("Rotate the database credentials")
    assert find_block(issue["body"]) is not None
    assert "Tracked by actiontrack" not in issue["body"]  # the old text is gone: it was ours
    assert parse_marker(issue["body"]).format == 2  # type: ignore[union-attr]
    assert len(world.issues()) == 7
    assert sync(world) and world.writes == 0


def test_an_old_body_people_edited_is_never_replaced(world: World) -> None:
    issue = world.by_title("Add alerting on pool saturation")
    edited = issue["body"].replace("_Tracked by actiontrack.",
                                   "Team: use the existing Grafana board.\n\n_Tracked by "
                                   "actiontrack.")
    world.edit(issue["number"], body=edited)
    world.edit_file(DB, "Add alerting on pool saturation (owner: @alice, P2)",
                    "Add alerting on pool saturation and queue depth (owner: @alice, P2)")
    out = sync(world)
    after = world.by_title("Add alerting on pool saturation and queue depth")
    assert "Team: use the existing Grafana board." in after["body"]
    assert find_block(after["body"]) is None  # nothing added around the team's text
    assert "kept: body edited in the tracker" in out
    assert sync(world) and world.writes == 0


def test_old_states_are_kept_as_that_release_would(world: World) -> None:
    """Format 1 recorded no state: a closed issue of an open item stays closed (and is
    reported); an open issue of an item ticked now is closed."""
    world.edit(world.by_title("Patch the shopping cart module")["number"], state="closed")
    world.edit_file(DB, "- [ ] Rotate", "- [x] Rotate")
    out = sync(world)
    assert world.by_title("Patch the shopping cart module")["state"] == "closed"
    assert "closed in the tracker, open in the postmortem" in out
    assert world.by_title("Rotate the database credentials")["state"] == "closed"
    assert sync(world) and world.writes == 0
