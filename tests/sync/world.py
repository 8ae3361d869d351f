"""A project and its tracker as a team works them: the postmortem files an author edits, the
tracker people edit by hand (the local tracker's SQLite file, or the fake GitHub over its own
API), and `actiontrack` run as a user runs it (the CLI, in process).

`writes` counts what a sync changed in the tracker: requests that write, at the fake GitHub;
commits that changed the database file, for the local tracker (SQLite's file change counter).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from actiontrack.issue_format import due_from_body, with_due
from tests.fakes.github import FakeGitHub, github_env
from tests.faults.harness import _environment  # the variables set for one run, then restored

BACKENDS = ("local", "github")


@dataclass
class Ran:
    code: int
    out: str
    err: str


class World:
    """One project (a folder with `.git` and `postmortems/`) synced to one tracker."""

    def __init__(self, root: Path, backend: str, run: Any, fake: FakeGitHub | None) -> None:
        self.root = root
        self.backend = backend
        self.run_cli = run
        self.fake = fake
        (root / ".git").mkdir(parents=True, exist_ok=True)
        (root / "postmortems").mkdir(exist_ok=True)
        self.db = root / ".actiontrack" / "tracker.db"
        self._mark = 0

    # -- the author ------------------------------------------------------------------------
    def write(self, name: str, text: str) -> Path:
        path = self.root / "postmortems" / name
        path.write_text(text, encoding="utf-8")
        return path

    def edit_file(self, name: str, old: str, new: str) -> None:
        path = self.root / "postmortems" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    # -- actiontrack -----------------------------------------------------------------------
    def sync(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
             ) -> Ran:
        """`actiontrack sync ARGS --backend B`, from the project root (or `cwd`)."""
        return self.cli("sync", *args, "--backend", self.backend, cwd=cwd, env=env)

    def cli(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> Ran:
        extra = dict(env or {})
        if self.fake is not None:
            extra = {**github_env(self.fake), **extra}
        with _environment(extra), _cwd(cwd or self.root):
            self._mark = self._counter()
            code, out, err = self.run_cli(*args)
        return Ran(code, out, err)

    # -- the tracker, as people see and edit it --------------------------------------------
    def issues(self) -> list[dict[str, Any]]:
        """Every issue: number, title, body, state, state_reason, labels, assignee, due."""
        if self.fake is not None:
            return [{"number": i["number"], "title": i["title"], "body": i["body"] or "",
                     "state": i["state"], "state_reason": i.get("state_reason"),
                     "labels": set(i["labels"]), "assignee": (i["assignees"] or [None])[0],
                     "due": due_from_body(i["body"])} for i in self.fake.issues()]
        if not self.db.exists():
            return []
        with closing(self.db) as conn:
            rows = conn.execute("SELECT * FROM issues ORDER BY number").fetchall()
            labels = conn.execute("SELECT issue, name FROM labels").fetchall()
        return [{"number": r["number"], "title": r["title"], "body": r["body"],
                 "state": r["state"], "state_reason": r["state_reason"],
                 "labels": {n for i, n in labels if i == r["number"]},
                 "assignee": r["assignee"],
                 "due": dt.date.fromisoformat(r["due"]) if r["due"] else None} for r in rows]

    def issue(self, number: int) -> dict[str, Any]:
        return next(i for i in self.issues() if i["number"] == number)

    def by_title(self, title: str) -> dict[str, Any]:
        found = [i for i in self.issues() if i["title"] == title]
        assert len(found) == 1, f"{len(found)} issues titled {title!r}"
        return found[0]

    def add_issue(self, title: str, body: str = "") -> int:
        """An issue people opened themselves."""
        if self.fake is not None:
            return self.fake.add_issue(title, body=body)
        with closing(self.db) as conn:
            now = "2024-01-01T00:00:00Z"
            cur = conn.execute("INSERT INTO issues (title, body, created_at, updated_at) "
                               "VALUES (?, ?, ?, ?)", (title, body, now, now))
            return int(cur.lastrowid or 0)

    def restore(self, issues: list[dict[str, Any]]) -> None:
        """Issues as an earlier release left them in the tracker (number order kept)."""
        for issue in issues:
            if self.fake is not None:
                number = self.fake.add_issue(issue["title"], body=issue["body"],
                                             labels=tuple(issue["labels"]),
                                             state=issue["state"])
                if issue["assignee"]:
                    self.fake.edit_issue(number, assignees=[issue["assignee"]])
                continue
            from actiontrack.backends.local import SCHEMA
            self.db.parent.mkdir(parents=True, exist_ok=True)
            with closing(self.db) as conn:
                conn.executescript(SCHEMA)
                now = "2024-03-02T10:00:00Z"
                cur = conn.execute(
                    "INSERT INTO issues (title, body, state, state_reason, assignee, due, "
                    "priority, created_at, updated_at, closed_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                    (issue["title"], issue["body"], issue["state"], issue["state_reason"],
                     issue["assignee"], issue["due"], issue["priority"], now, now,
                     now if issue["state"] == "closed" else None))
                conn.executemany("INSERT INTO labels (issue, name) VALUES (?, ?)",
                                 [(cur.lastrowid, name) for name in issue["labels"]])

    def edit(self, number: int, **changes: Any) -> None:
        """An edit made by hand: title, body, state ('open'/'closed'), labels (a set),
        assignee, due (on GitHub, the Due line of the managed block)."""
        if self.fake is not None:
            if "due" in changes:
                body = self.issue(number)["body"]
                changes["body"] = with_due(changes.get("body", body), changes.pop("due"))
            if "labels" in changes:
                changes["labels"] = sorted(changes["labels"])
            if "assignee" in changes:
                changes["assignees"] = [changes.pop("assignee")]
            if changes.get("state") == "closed":
                changes.update(state_reason="completed", closed_at=time.time())
            elif changes.get("state") == "open":
                changes.update(state_reason="reopened", closed_at=None)
            self.fake.edit_issue(number, **changes)
            return
        with closing(self.db) as conn:
            labels = changes.pop("labels", None)
            if "due" in changes:
                changes["due"] = changes["due"].isoformat()
            if changes.get("state") == "closed":
                now = dt.datetime.now(dt.UTC).replace(microsecond=0)
                changes.update(state_reason="completed",
                               closed_at=now.isoformat().replace("+00:00", "Z"))
            elif changes.get("state") == "open":
                changes.update(state_reason="reopened", closed_at=None)
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                conn.execute(f"UPDATE issues SET {sets} WHERE number = ?",
                             (*changes.values(), number))
            if labels is not None:
                conn.execute("DELETE FROM labels WHERE issue = ?", (number,))
                conn.executemany("INSERT INTO labels (issue, name) VALUES (?, ?)",
                                 [(number, name) for name in labels])

    def comments(self, number: int) -> list[str]:
        if self.fake is not None:
            return self.fake.comments(number)
        with closing(self.db) as conn:
            return [r["body"] for r in conn.execute(
                "SELECT body FROM comments WHERE issue = ? ORDER BY id", (number,))]

    # -- what a sync wrote -----------------------------------------------------------------
    def _counter(self) -> int:
        if self.fake is not None:
            return self.fake.writes()
        if not self.db.exists():
            return 0
        with self.db.open("rb") as handle:
            return int.from_bytes(handle.read(28)[24:28], "big")

    @property
    def writes(self) -> int:
        """What the last command wrote to the tracker (0: nothing)."""
        return self._counter() - self._mark


@contextmanager
def closing(db: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.row_factory = sqlite3.Row
    try:
        with conn:
            yield conn
    finally:
        conn.close()


@contextmanager
def _cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)
