"""The three trackers the model-based test drives, each seen two ways: as the engine sees it
(a real backend, with faults injected at its boundary: a run stopped after k writes, a create
whose answer is lost) and as people see it (their edits go straight to the tracker's storage:
the SQLite file, the fake GitHub, the fake Jira; what they read is read the same way)."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from actiontrack.backends.base import Backend
from actiontrack.backends.github import GitHubBackend
from actiontrack.backends.jira import JiraBackend
from actiontrack.backends.jira.text import body_from_description
from actiontrack.backends.local import SCHEMA, LocalBackend
from actiontrack.config import Config
from actiontrack.errors import UnknownOutcome
from actiontrack.issue_format import MARKER_RE, due_from_body, with_due
from actiontrack.model import CloseReason, Issue, IssueDraft, IssueFields, Link
from actiontrack.retry import RetryPolicy
from tests.fakes.github import FakeGitHub, github_env
from tests.fakes.jira import FakeJira, Fault

QUICK = RetryPolicy(attempts=4, base_delay=0.001, max_delay=0.01, max_total_wait=2.0)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, k writes into a sync."""


@dataclass
class FaultPlan:
    """What goes wrong in the next sync: stop before write number `stop_after + 1`; lose the
    answer of one create (local only: the others lose it at their fake server)."""

    stop_after: int | None = None
    lose_create: bool = False
    writes: int = 0

    def write(self) -> None:
        if self.stop_after is not None and self.writes >= self.stop_after:
            raise Interrupted()
        self.writes += 1


def faulty(cls: type[Backend], plan: FaultPlan) -> type[Backend]:
    """`cls` with the plan's faults at its boundary: every write counts, and may stop."""

    class Faulty(cls):  # type: ignore[misc, valid-type]
        def wait(self, seconds: float) -> None:
            pass  # no real pause before looking up a lost create

        def create(self, draft: IssueDraft) -> Issue:
            plan.write()
            issue = super().create(draft)
            if plan.lose_create:
                plan.lose_create = False
                raise UnknownOutcome("the answer was lost", backend=self.name)
            return issue

        def create_many(self, drafts: Sequence[IssueDraft]) -> list[Issue | Exception]:
            if cls is JiraBackend:
                plan.write()  # one bulk request
            return super().create_many(drafts)  # type: ignore[no-any-return]

        def update(self, issue: Issue, fields: IssueFields) -> Issue:
            plan.write()
            return super().update(issue, fields)  # type: ignore[no-any-return]

        def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
            if cls is not JiraBackend:  # Jira's close is its transition, counted there
                plan.write()
            return super().close(issue, reason, comment)  # type: ignore[no-any-return]

        def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
            if cls is not JiraBackend:
                plan.write()
            return super().reopen(issue, comment)  # type: ignore[no-any-return]

        def transition(self, issue: Issue, closing: bool, comment: str | None = None,
                       link: Link | None = None) -> Issue:  # Jira's: one request
            plan.write()
            return super().transition(issue, closing, comment, link)  # type: ignore[no-any-return]

        def change_state(self, issue: Issue, **kwargs: Any) -> Issue:
            if cls is GitHubBackend:
                plan.write()  # one PATCH for both
            return super().change_state(issue, **kwargs)  # type: ignore[no-any-return]

    return Faulty


@dataclass
class Seen:
    """An issue as people see it in the tracker."""

    key: str
    title: str
    body: str  # as `Issue.body` carries it: Markdown (Jira: wiki markup), marker included
    state: str
    labels: frozenset[str]
    assignee: str | None
    due: dt.date | None


class Tracker(ABC):
    name: ClassVar[str]
    # Trackers found by label listings lose an issue whose `actiontrack` label is removed.
    lists_by_label: ClassVar[bool] = True
    # The managed block's first line names its item (not in Jira wiki markup's anchors).
    block_names_item: ClassVar[bool] = True
    end_delimiter: ClassVar[str] = "<!-- actiontrack:end -->"
    begin_delimiter: ClassVar[re.Pattern[str]] = re.compile(r"<!--\s*actiontrack:begin\b[^>]*-->")
    marker: ClassVar[re.Pattern[str]] = re.compile(r"\n?" + MARKER_RE.pattern, re.DOTALL)
    # The marker is text in the description people can delete (not in Jira: a property).
    marker_in_body: ClassVar[bool] = True

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = Config(backends={"github": {"seconds_between_writes": 0}})

    @abstractmethod
    def backend(self, plan: FaultPlan) -> Backend: ...

    @abstractmethod
    def issues(self) -> dict[str, Seen]: ...

    @abstractmethod
    def writes(self) -> int: ...

    @abstractmethod
    def edit(self, key: str, **changes: Any) -> None:
        """title, body (stored text), state, labels, assignee, due."""

    @abstractmethod
    def stored_body(self, key: str) -> str: ...

    def lose_next_create(self, plan: FaultPlan) -> None:
        plan.lose_create = True

    def owner_line(self, owner: str | None) -> str:
        return f"- **Owner:** {'@' + owner if owner else 'unassigned'}"

    def close(self) -> None:  # noqa: B027 - most need nothing
        pass


class LocalTracker(Tracker):
    name = "local"
    lists_by_label = False

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.db = root / ".actiontrack" / "tracker.db"
        self.db.parent.mkdir(parents=True, exist_ok=True)
        with self._conn() as conn:
            conn.executescript(SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db, isolation_level=None)
        conn.row_factory = sqlite3.Row
        return conn

    def backend(self, plan: FaultPlan) -> Backend:
        return faulty(LocalBackend, plan)(self.config, {"ACTIONTRACK_DB": str(self.db)})

    def issues(self) -> dict[str, Seen]:
        conn = self._conn()
        try:
            labels: dict[int, set[str]] = {}
            for row in conn.execute("SELECT issue, name FROM labels"):
                labels.setdefault(row["issue"], set()).add(row["name"])
            return {str(r["number"]): Seen(
                str(r["number"]), r["title"], r["body"], r["state"],
                frozenset(labels.get(r["number"], ())), r["assignee"],
                dt.date.fromisoformat(r["due"]) if r["due"] else None)
                for r in conn.execute("SELECT * FROM issues")}
        finally:
            conn.close()

    def writes(self) -> int:
        with self.db.open("rb") as handle:
            return int.from_bytes(handle.read(28)[24:28], "big")

    def stored_body(self, key: str) -> str:
        return self.issues()[key].body

    def edit(self, key: str, **changes: Any) -> None:
        conn = self._conn()
        try:
            labels = changes.pop("labels", None)
            if "due" in changes:
                changes["due"] = changes["due"].isoformat()
            if "state" in changes:
                closed = changes["state"] == "closed"
                changes["state_reason"] = "completed" if closed else "reopened"
                changes["closed_at"] = _now() if closed else None
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                conn.execute(f"UPDATE issues SET {sets} WHERE number = ?",
                             (*changes.values(), int(key)))
            if labels is not None:
                conn.execute("DELETE FROM labels WHERE issue = ?", (int(key),))
                conn.executemany("INSERT INTO labels (issue, name) VALUES (?, ?)",
                                 [(int(key), name) for name in labels])
        finally:
            conn.close()


class GitHubTracker(Tracker):
    name = "github"

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.fake = FakeGitHub().start()

    def backend(self, plan: FaultPlan) -> Backend:
        return faulty(GitHubBackend, plan)(self.config, github_env(self.fake), policy=QUICK,
                                           sleep=lambda _s: None)

    def issues(self) -> dict[str, Seen]:
        return {str(i["number"]): Seen(
            str(i["number"]), i["title"], i["body"] or "", i["state"], frozenset(i["labels"]),
            (i["assignees"] or [None])[0], due_from_body(i["body"]))
            for i in self.fake.issues()}

    def writes(self) -> int:
        return self.fake.writes()

    def stored_body(self, key: str) -> str:
        return self.issues()[key].body

    def lose_next_create(self, plan: FaultPlan) -> None:
        self.fake.lose_response(method="POST", path=r"/issues$")

    def edit(self, key: str, **changes: Any) -> None:
        if "due" in changes:
            changes["body"] = with_due(changes.get("body", self.stored_body(key)),
                                       changes.pop("due"))
        if "labels" in changes:
            changes["labels"] = sorted(changes["labels"])
        if "assignee" in changes:
            changes["assignees"] = [a for a in [changes.pop("assignee")] if a]
        if "state" in changes:
            closed = changes["state"] == "closed"
            changes.update(state_reason="completed" if closed else "reopened",
                           closed_at=time.time() if closed else None)
        self.fake.edit_issue(int(key), **changes)

    def close(self) -> None:
        self.fake.stop()


class JiraTracker(Tracker):
    """Jira Data Center on REST v2: descriptions are wiki markup (read back as Markdown),
    users are names, the link to the item is an issue property."""

    name = "jira"
    block_names_item = False
    end_delimiter = "{anchor:actiontrack-end}"
    begin_delimiter = re.compile(re.escape("{anchor:actiontrack-begin}"))
    # The link is an issue property: editing the description never loses it.
    marker = re.compile(r"\Z")
    marker_in_body = False

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.fake = FakeJira("dc").__enter__()

    def backend(self, plan: FaultPlan) -> Backend:
        return faulty(JiraBackend, plan)(self.config, self.fake.env(), sleep=lambda _s: None,
                                         policy=QUICK)

    def _stored(self, key: str) -> dict[str, Any]:
        found = self.fake.world.find(key)
        assert found is not None
        return found

    def issues(self) -> dict[str, Seen]:
        seen = {}
        with self.fake.world.lock:
            for stored in self.fake.issues():
                f = stored["fields"]
                done = stored.get("resolution") is not None
                assignee = f.get("assignee")
                seen[stored["key"]] = Seen(
                    stored["key"], f.get("summary") or "",
                    body_from_description(f.get("description")),
                    "closed" if done else "open", frozenset(f.get("labels") or ()),
                    assignee.name if assignee else None,
                    dt.date.fromisoformat(f["duedate"]) if f.get("duedate") else None)
        return seen

    def writes(self) -> int:
        return len(self.fake.writes())

    def stored_body(self, key: str) -> str:
        return str(self._stored(key)["fields"].get("description") or "")

    def lose_next_create(self, plan: FaultPlan) -> None:
        self.fake.faults.append(Fault("POST", "/issue/bulk", status=None, drop=True))

    def edit(self, key: str, **changes: Any) -> None:
        with self.fake.world.lock:
            stored = self._stored(key)
            fields = stored["fields"]
            if "title" in changes:
                fields["summary"] = changes["title"]
            if "body" in changes:
                fields["description"] = changes["body"]
            if "labels" in changes:
                fields["labels"] = sorted(changes["labels"])
            if "due" in changes:
                fields["duedate"] = changes["due"].isoformat()
            if "assignee" in changes:
                fields["assignee"] = next(
                    (u for u in self.fake.world.users if u.name == changes["assignee"]), None)
            if "state" in changes:
                closed = stored.get("resolution") is not None
                if (changes["state"] == "closed") != closed:
                    assert self.fake.world.move(stored, "31" if not closed else "41")

    def close(self) -> None:
        self.fake.__exit__(None, None, None)


TRACKERS: dict[str, type[Tracker]] = {
    "local": LocalTracker, "github": GitHubTracker, "jira": JiraTracker}


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
