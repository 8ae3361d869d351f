"""What a sync prints: text from postmortems with its control characters escaped (never acted
on by a terminal or a CI log) and removed from what is sent; failed items marked on stdout,
why they failed on stderr, and their count in the JSON; an unreadable postmortem skipped while
the others sync."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.cli.output import sync_text
from actiontrack.config import Config
from actiontrack.model import Action, Issue, PlannedChange
from actiontrack.sync import AppliedChange, SyncResult
from actiontrack.testing import make_document
from tests.fakes.github import FakeGitHub, github_env

HOSTILE = ("# Outage\n\nDate: 2024-01-05\n\n## Action items\n\n"
           "- [ ] Fix the \x1b[31mred\x1b[0m alert\x07 now\n"
           "- [ ] Rename \x1b]0;pwned\x07the \u202etxt.exe host\n")


def test_control_characters_are_escaped_in_output_and_removed_from_the_tracker(
        run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pm = tmp_path / "hostile.md"
    pm.write_text(HOSTILE, encoding="utf-8")
    code, out, err = run("sync", str(pm))
    assert code == 0, err
    assert not any(ch in out + err for ch in "\x1b\x07\u202e")
    assert "Fix the \\x1b[31mred\\x1b[0m alert\\x07 now" in out
    assert "\\u202etxt.exe" in out
    code, out, _ = run("parse", str(pm))
    assert code == 0 and "\x1b" not in out and "\\x1b]0;pwned\\x07" in out
    code, out, _ = run("parse", str(pm), "--format", "json")  # escaped the JSON way
    assert code == 0 and not any(ch in out for ch in "\x1b\x07\u202e")
    assert json.loads(out)["action_items"][1]["title"].startswith("Rename \x1b]0;pwned")
    tracker = LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / ".actiontrack/tracker.db")})
    assert sorted(i.title for i in tracker.find_linked(None)) == [
        "Fix the red alert now", "Rename the txt.exe host"]


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[github]\nseconds_between_writes = 0\ntimeout = 1\n")
    with FakeGitHub() as fake:
        for name, value in github_env(fake).items():
            monkeypatch.setenv(name, value)
        yield fake


def test_a_refused_item_is_marked_on_stdout_explained_on_stderr_and_counted_in_json(
        run, github: FakeGitHub, example: Path) -> None:  # type: ignore[no-untyped-def]
    github.fail(422, method="POST", path=r"/issues$")
    code, out, err = run("sync", str(example), "--backend", "github", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert (data["created"], data["failed"], data["duplicates"]) == (3, 1, 0)
    [failed] = [i for i in data["items"] if "error" in i]
    assert "HTTP 422" in failed["error"]
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"failed: {failed['title']}: github: create the issue")
    assert lines[1].startswith("error: 1 of 4 item(s) failed; the first: ")
    assert lines[1].endswith("fix that and sync again: the other 3 item(s) are done and will "
                             "not be redone")
    assert len(lines) == 2
    github.faults.clear()
    code, out, err = run("sync", str(example), "--backend", "github")
    assert code == 0 and "failed" not in out
    assert out.splitlines()[-1].startswith("1 created, 0 updated, 3 unchanged")


def test_an_unreadable_postmortem_is_skipped_and_the_others_are_synced(
        run, tmp_path: Path, example: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "postmortems"
    folder.mkdir()
    (folder / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "pasted.txt").write_bytes(b"## Action items\n- [ ] caf\xe9 log\n")
    code, out, err = run("sync", str(folder), "--format", "json")
    assert code == 2
    assert err.strip().splitlines() == [
        f"error: {folder}/pasted.txt:2: is not UTF-8 text; save the file as UTF-8 (skipped; "
        "the other postmortems are synced)"]
    assert json.loads(out)["created"] == 4


def test_a_duplicate_is_reported_in_the_plan_the_text_and_the_json(
        run, tmp_path: Path, example: Path) -> None:  # type: ignore[no-untyped-def]
    run("sync", str(example))
    tracker = LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / ".actiontrack/tracker.db")})
    from actiontrack.issue_format import strip_marker
    from actiontrack.model import IssueDraft
    first = tracker.find_linked(None)[0]
    assert first.link is not None
    tracker.create(IssueDraft(title=first.title, body=strip_marker(first.body),
                              labels=first.labels, link=first.link))
    code, out, _ = run("sync", str(example), "--dry-run")
    assert code == 0
    assert f"duplicate     {first.title}  -> 5 (would close as a duplicate of {first.key})" in out
    assert "1 duplicates to close" in out.splitlines()[-1]
    code, out, _ = run("sync", str(example), "--format", "json")
    data = json.loads(out)
    assert data["duplicates"] == 1
    [entry] = [i for i in data["items"] if i["action"] == "duplicate"]
    assert entry["issue"]["key"] == "5" and entry["duplicate_of"]["key"] == first.key
    code, out, _ = run("sync", str(example))
    assert "duplicate" not in out and out.splitlines()[-1].startswith("0 created, 0 updated, "
                                                                      "4 unchanged")
    assert tracker.get("5").state_reason == "duplicate"


def test_the_sync_lines_are_escaped_as_one_text_as_they_were_one_by_one() -> None:
    """`sync_text` escapes its item and note lines in one pass: the lines it prints are each
    line escaped, line ends kept, the summary (the tracker's own description) as it is."""
    doc = make_document("pm-esc", ["Fix the \x1b[31mred\x1b[0m alert", "Plain",
                                   "Tab\tand\u202ebidi"])
    issue = Issue(backend="local", key="7", title="t")
    changes = [PlannedChange(action=Action.UNCHANGED, postmortem_id="pm-esc", item=item,
                             issue=issue, notes=("a note\x07 with a bell",) if n == 1 else ())
               for n, item in enumerate(doc.action_items)]
    result = SyncResult(applied=[AppliedChange(c, c.issue) for c in changes])
    text = sync_text(result, "tracker \x1b", ["gone\x1b.md"], ["renamed \x1b a -> b"])
    assert text.split("\n") == [
        "renamed \\x1b a -> b",
        "unchanged     [corrective] Fix the \\x1b[31mred\\x1b[0m alert  -> 7",
        "unchanged     [corrective] Plain  -> 7",
        "              a note\\x07 with a bell",
        "unchanged     [corrective] Tab\tand\\u202ebidi  -> 7",
        "0 created, 0 updated, 3 unchanged, 0 closed, 0 orphaned (tracker \x1b)",
        "skipped gone\\x1b.md: no action items"]
    assert sync_text(SyncResult(), "t").split("\n") == [
        "0 created, 0 updated, 0 unchanged, 0 closed, 0 orphaned (t)"]


def test_the_summary_counts_are_the_results_counts_of_each_action() -> None:
    """`counts`, from one pass over the changes, counts what `SyncResult.count` counts for
    each action (a failed change in none of them, a prune as closed and orphaned) and the
    failures."""
    from actiontrack.cli.output import counts
    from actiontrack.errors import BackendError
    applied = [AppliedChange(PlannedChange(action=action, postmortem_id="pm"),
                             error=BackendError("refused") if n % 3 == 2 else None)
               for n, action in enumerate(a for a in Action for _ in range(4))]
    result = SyncResult(applied=applied)
    c = result.count
    assert counts(result) == {
        "created": c(Action.CREATE), "updated": c(Action.UPDATE) + c(Action.REOPEN),
        "unchanged": c(Action.UNCHANGED), "closed": c(Action.CLOSE) + c(Action.PRUNE),
        "orphaned": c(Action.ORPHANED) + c(Action.PRUNE), "skipped": c(Action.SKIP),
        "duplicates": c(Action.DUPLICATE), "failed": len(result.failures)}
    assert counts(result)["failed"] > 0 and all(c(a) > 0 for a in Action)
    assert counts(SyncResult())["failed"] == 0
