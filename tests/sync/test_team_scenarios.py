"""What a team does with its postmortems and its tracker, and what the next sync must do:
one test per situation, each replayed on the local tracker and on the fake GitHub through
the CLI. After each one, a sync right after writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.issue_format import strip_marker
from tests.fakes.github import FakeGitHub
from tests.sync.world import BACKENDS, World

PM = """---
incident_date: 2024-03-01
---
# Database outage

## Root cause

The pool was exhausted because `max_conn` was 10.

## Action items

- [ ] Add alerting on pool saturation (owner: @alice)
- [ ] Rotate the database credentials (owner: @bob)
- [x] Raise the pool size (owner: @bob)
"""
ALERT, ROTATE, RAISE = ("Add alerting on pool saturation", "Rotate the database credentials",
                        "Raise the pool size")


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path, run: object) -> Iterator[World]:
    root = tmp_path / "project"
    if request.param == "github":
        with FakeGitHub() as fake:
            (root / "config").mkdir(parents=True)
            (root / "config" / "actiontrack.toml").write_text(
                "[github]\nseconds_between_writes = 0\n")
            yield World(root, "github", run, fake)
    else:
        root.mkdir()
        yield World(root, "local", run, None)


def synced(world: World, *args: str) -> str:
    ran = world.sync("postmortems", *args)
    assert ran.code == 0, ran.err
    return ran.out


def quiet(world: World) -> None:
    """A sync right after a sync writes nothing."""
    ran = world.sync("postmortems")
    assert ran.code == 0, ran.err
    assert world.writes == 0, ran.out


def started(world: World) -> None:
    world.write("2024-03-01-db.md", PM)
    out = synced(world)
    assert out.count("created ") == 3, out
    if world.backend == "local":  # a new tracker file is never made silently
        assert "(new local tracker .actiontrack/tracker.db, made by this sync)" in out


# -- the rows ----------------------------------------------------------------------------------

def test_a_note_in_the_tracker_and_prose_in_the_postmortem_rewrite_nothing(
        world: World) -> None:
    """A note added to an issue's description, a due date changed in the tracker (on GitHub:
    the body's Due line), then one line of prose above the action items: the `line N` of the
    item moved, and nothing may be written for that."""
    started(world)
    issue = world.by_title(ALERT)
    world.edit(issue["number"], body="Team note: check the proxy too.\n\n" + issue["body"],
               due=dt.date(2024, 6, 1))
    world.edit_file("2024-03-01-db.md", "# Database outage\n",
                    "# Database outage\n\nWritten by the on-call team.\n")
    out = synced(world)
    assert world.writes == 0, out
    after = world.by_title(ALERT)
    assert after["body"].startswith("Team note: check the proxy too.")
    assert after["due"] == dt.date(2024, 6, 1)
    quiet(world)


def test_a_reopened_issue_stays_open_and_the_disagreement_is_reported(world: World) -> None:
    started(world)
    done = world.by_title(RAISE)
    assert done["state"] == "closed"
    world.edit(done["number"], state="open")  # "the rollback was incomplete"
    out = synced(world)
    assert world.writes == 0
    assert world.by_title(RAISE)["state"] == "open"
    assert "open in the tracker, done in the postmortem" in out
    ran = world.sync("postmortems", "--format", "json")
    entry = next(i for i in json.loads(ran.out)["items"] if i["title"] == RAISE)
    assert entry["kept"] == [{"field": "state",
                              "why": "open in the tracker, done in the postmortem"}]
    quiet(world)
    # The postmortem's state, when asked for.
    synced(world, "--force-state")
    assert world.by_title(RAISE)["state"] == "closed"
    quiet(world)


def test_a_renamed_postmortem_keeps_its_issues(world: World) -> None:
    started(world)
    before = {i["number"] for i in world.issues()}
    old = world.root / "postmortems" / "2024-03-01-db.md"
    old.rename(world.root / "postmortems" / "2024-03-01-database-outage.md")  # git mv
    out = synced(world)
    assert "renamed postmortems/2024-03-01-db.md -> postmortems/2024-03-01-database-outage.md" \
        in out
    assert "created " not in out and {i["number"] for i in world.issues()} == before
    # The labels follow the new name, so the next sync finds them by it.
    assert all("pm:2024-03-01-database-outage" in i["labels"] for i in world.issues())
    quiet(world)
    ran = world.cli("report", "--weekly", "--format", "json", "--as-of", "2024-04-01",
                    "--backend", world.backend)
    assert ran.code == 0, ran.err
    assert [i["title"] for i in json.loads(ran.out)["items"]].count(ALERT) == 1  # once


def test_a_renamed_postmortem_whose_removed_items_were_pruned_keeps_its_issue(
        world: World) -> None:
    """Found by the model test: the closed issues of items removed long ago outnumbered the
    open one, so the renamed file did not match 'most of its issues' and the item got a second
    issue while --prune closed the first."""
    started(world)
    path = world.root / "postmortems" / "2024-03-01-db.md"
    path.write_text("\n".join(line for line in path.read_text().split("\n")
                              if ROTATE not in line and RAISE not in line))
    synced(world, "--prune")
    kept = world.by_title(ALERT)["number"]
    path.rename(world.root / "postmortems" / "2024-03-01-database-outage.md")
    out = synced(world, "--prune")
    assert "renamed postmortems/2024-03-01-db.md -> postmortems/2024-03-01-database-outage.md" \
        in out and "created " not in out, out
    assert [i["number"] for i in world.issues() if i["title"] == ALERT] == [kept]
    assert world.by_title(ALERT)["state"] == "open"
    quiet(world)


def test_a_renamed_postmortem_whose_removed_items_stay_open_keeps_its_issues(
        world: World) -> None:
    """Found by the model test's soak (fake Jira): items removed without --prune leave their
    issues open as orphans; they outnumbered the items the renamed file still lists, so it did
    not match 'most of the open issues', and every item got a second issue."""
    world.write("2024-03-01-db.md", PM.replace(
        "- [x] Raise", "- [ ] Shard the sessions table\n- [ ] Audit the failover runbook\n"
        "- [x] Raise"))
    synced(world)
    path = world.root / "postmortems" / "2024-03-01-db.md"
    path.write_text("\n".join(line for line in path.read_text().split("\n")
                              if "Shard" not in line and "Audit" not in line
                              and ROTATE not in line))
    assert "3 orphaned" in synced(world)  # not pruned: their issues stay open
    before = {i["number"] for i in world.issues()}
    path.rename(world.root / "postmortems" / "2024-03-01-database-outage.md")
    out = synced(world)
    assert "renamed postmortems/2024-03-01-db.md -> postmortems/2024-03-01-database-outage.md" \
        in out and "created " not in out, out
    assert {i["number"] for i in world.issues()} == before
    quiet(world)


def test_a_renamed_postmortem_given_new_items_keeps_its_issues(world: World) -> None:
    """The other side of the case above (the model test's soak, local): new items outnumber
    the ones whose issues the gone file has, and the rename must still be found."""
    started(world)
    old = world.root / "postmortems" / "2024-03-01-db.md"
    new = world.root / "postmortems" / "2024-03-01-database-outage.md"
    old.rename(new)
    new.write_text(new.read_text() + "- [ ] Shard the sessions table\n"
                   "- [ ] Audit the failover runbook\n- [ ] Document the pool limits\n"
                   "- [ ] Vendor the retry library\n")
    out = synced(world)
    assert "renamed postmortems/2024-03-01-db.md -> postmortems/2024-03-01-database-outage.md" \
        in out and out.count("created ") == 4, out
    assert len(world.issues()) == 7
    quiet(world)


def test_a_deleted_postmortem_orphans_its_issues_and_prune_closes_them(world: World) -> None:
    started(world)
    world.write("2024-04-02-dns.md", "# DNS outage on 2024-04-02\n\n## Action items\n\n"
                "- [ ] Lower the DNS TTL\n")
    synced(world)
    (world.root / "postmortems" / "2024-03-01-db.md").unlink()
    out = synced(world)
    assert "2 orphaned" in out and "its postmortem postmortems/2024-03-01-db.md is gone" in out
    assert world.writes == 0
    out = synced(world, "--prune")
    for title in (ALERT, ROTATE):
        issue = world.by_title(title)
        assert issue["state"] == "closed" and issue["state_reason"] == "not_planned"
    assert world.by_title("Lower the DNS TTL")["state"] == "open"
    quiet(world)


def test_a_sync_from_a_sub_folder_uses_the_projects_tracker(world: World) -> None:
    """`cd postmortems && actiontrack sync .` in a project with no config file (the local
    world has none): the tracker at the project root, the one `.git` marks."""
    started(world)
    ran = world.sync(".", cwd=world.root / "postmortems")
    assert ran.code == 0, ran.err
    assert "created " not in ran.out and world.writes == 0, ran.out
    assert not (world.root / "postmortems" / ".actiontrack").exists()
    assert len(world.issues()) == 3


def test_written_back_links_change_no_issue_body(world: World) -> None:
    started(world)
    out = synced(world, "--write-links")
    assert "3 link(s) added" in out
    quiet(world)


def test_a_new_commit_rewrites_only_the_issue_whose_item_changed(world: World) -> None:
    """In Actions with a shallow checkout the permalink's commit is the job's, new on every
    push; only the item that was reworded gets a write."""
    actions = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_WORKSPACE": str(world.root),
               "GITHUB_REPOSITORY": "acme/incidents", "GITHUB_SHA": "1" * 40}
    world.write("2024-03-01-db.md", PM)
    assert world.sync("postmortems", env=actions).code == 0
    world.edit_file("2024-03-01-db.md", "Rotate the database credentials",
                    "Rotate the database passwords")
    ran = world.sync("postmortems", env={**actions, "GITHUB_SHA": "2" * 40})
    assert ran.code == 0, ran.err
    assert "1 updated, 2 unchanged" in ran.out
    assert world.writes == 1
    ran = world.sync("postmortems", env={**actions, "GITHUB_SHA": "3" * 40})
    assert world.writes == 0


def test_an_unticked_item_reopens_the_issue_actiontrack_closed(world: World) -> None:
    started(world)
    world.edit_file("2024-03-01-db.md", "- [x] Raise", "- [ ] Raise")
    out = synced(world)
    assert world.by_title(RAISE)["state"] == "open"
    assert "reopened" in out
    quiet(world)
    # An issue a person closed, for an item still open: kept closed, and said.
    world.edit(world.by_title(ALERT)["number"], state="closed")
    out = synced(world)
    assert world.writes == 0 and world.by_title(ALERT)["state"] == "closed"
    assert "closed in the tracker, open in the postmortem" in out


def test_an_issue_whose_pm_label_was_removed_keeps_its_item(world: World) -> None:
    started(world)
    issue = world.by_title(ALERT)
    world.edit(issue["number"], labels={lbl for lbl in issue["labels"]
                                        if not lbl.startswith("pm:")})
    out = synced(world)
    assert "created " not in out and len(world.issues()) == 3
    assert world.writes == 0
    quiet(world)


def test_an_issue_whose_description_was_rewritten_keeps_its_item(world: World) -> None:
    started(world)
    issue = world.by_title(ROTATE)
    world.edit(issue["number"], body="The team rewrote this: rotate via Vault instead.")
    out = synced(world)
    assert "created " not in out and len(world.issues()) == 3
    after = world.by_title(ROTATE)
    assert after["body"].startswith("The team rewrote this: rotate via Vault instead.")
    assert "actiontrack:begin" not in after["body"]  # the managed block is not restored
    quiet(world)
    # The postmortem changes what the block would say: the body stays the team's.
    world.edit_file("2024-03-01-db.md", "(owner: @bob)", "(owner: @carol)")
    out = synced(world)
    assert "kept: body edited in the tracker (its managed block is gone)" in out
    assert world.by_title(ROTATE)["body"].startswith("The team rewrote this")


def test_an_issue_the_item_only_mentions_is_never_adopted(world: World) -> None:
    world.write("2024-03-01-db.md", PM)
    synced(world)  # creates the tracker
    incident = world.add_issue("Incident: database outage", body="Tracking the outage.")
    world.edit_file("2024-03-01-db.md", "- [ ] Add alerting on pool saturation",
                    f"- [ ] Fix the retry bug that caused the outage in #{incident}")
    out = synced(world)
    assert f"adopted {incident}" not in out
    world.edit_file("2024-03-01-db.md", "- [ ] Fix the retry", "- [x] Fix the retry")
    synced(world)
    mentioned = world.issue(incident)
    assert mentioned["state"] == "open" and mentioned["labels"] == set()
    assert mentioned["title"] == "Incident: database outage"
    quiet(world)


def test_items_done_before_the_first_sync_are_not_closed_late(world: World) -> None:
    """Items already `[x]` when first synced are created closed today; their close date is
    the one the postmortem states, or unknown (left out of on-time shares, counted apart).
    A report as of a past day judges items by their state on that day."""
    world.write("2024-03-01-db.md", PM.replace(
        "- [x] Raise the pool size (owner: @bob)\n",
        "- [x] Raise the pool size (owner: @bob)\n- [x] Restart the workers (done 2024-03-02)\n"))
    synced(world)
    world.edit(world.by_title(ALERT)["number"], state="closed")  # done by hand, today

    def report(*args: str) -> dict[str, object]:
        ran = world.cli("report", "--weekly", "--format", "json", *args,
                        "--backend", world.backend)
        assert ran.code == 0, ran.err
        return json.loads(ran.out)  # type: ignore[no-any-return]

    past = report("--as-of", "2024-04-15")
    items = {i["title"]: i for i in past["items"]}  # type: ignore[attr-defined]
    assert (items["Restart the workers"]["sla_state"], items["Restart the workers"]["closed_on"],
            items["Restart the workers"]["closed_on_source"]) == ("on_time", "2024-03-02",
                                                                  "postmortem")
    assert (items[RAISE]["sla_state"], items[RAISE]["closed_on"],
            items[RAISE]["closed_on_source"]) == ("undated", None, "unknown")
    assert items[ALERT]["issue"]["state"] == "open"  # closed after that day
    assert items[ALERT]["sla_state"] == "breached"
    every = past["sla"][-1]  # type: ignore[index]
    assert (every["on_time"], every["late"], every["undated"]) == (1, 0, 1)
    assert every["median_days_to_close"] == 1.0  # only the dated close counts
    today = report()
    every = today["sla"][-1]  # type: ignore[index]
    assert (every["on_time"], every["late"], every["undated"]) == (1, 1, 1)  # ALERT: late
    ran = world.cli("report", "--weekly", "--as-of", "2024-04-15", "--backend", world.backend)
    assert "1 done on an unknown date" in ran.out


def test_the_body_says_what_matters_without_the_title_or_itself(world: World) -> None:
    """Issue 14: why, owner, due (GitHub), the section it came from and the root cause as
    written; not the title, and never a link to the issue itself, even after the link was
    written back into the postmortem and the block is rewritten."""
    world.write("2024-03-01-db.md", PM.replace(
        "The pool was exhausted because `max_conn` was 10.\n",
        "The pool was exhausted because `max_conn` was 10.\n\n- a retry storm\n"
        "- no alert\n"))
    out = synced(world, "--write-links")
    assert "3 link(s) added" in out
    world.edit_file("2024-03-01-db.md", "(owner: @alice)", "(owner: @bob)")  # rewrite it
    synced(world)
    issue = world.by_title(ALERT)
    body = strip_marker(issue["body"])  # what people read (the marker is a hidden comment)
    assert ALERT not in body
    assert "- **Owner:** @bob" in body and "› Action items" in body
    assert "`max_conn` was 10.\n\n- a retry storm\n- no alert" in body  # Markdown kept
    assert ("- **Due:** 2024-03-31" in body) == (world.backend == "github")
    own = f"#{issue['number']}"
    assert "Related" not in body and f"tracker.db{own}" not in body and \
        f"/issues/{issue['number']}" not in body
    quiet(world)


def test_an_issue_the_item_names_as_its_tracker_is_adopted_and_the_plan_says_so(
        world: World) -> None:
    world.write("2024-03-01-db.md", PM)
    synced(world)
    theirs = world.add_issue("Pool alerts (filed by the SRE team)", body="Our own notes.")
    world.edit_file("2024-03-01-db.md", "- [ ] Add alerting on pool saturation (owner: @alice)",
                    f"- [ ] Add pool saturation alerts (#{theirs}) (owner: @alice)")
    out = synced(world, "--dry-run")
    assert f"adopted {theirs}: the item names it as its tracker" in out
    out = synced(world)
    adopted = world.issue(theirs)
    assert adopted["title"] == "Pool alerts (filed by the SRE team)"  # not retitled
    assert adopted["body"].startswith("Our own notes.")
    assert {"actiontrack", "pm:2024-03-01-db"} <= adopted["labels"]
    quiet(world)
