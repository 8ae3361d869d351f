"""The embedded tracker: a small real issue tracker in one SQLite file.

It is the default backend, so the whole loop runs on a fresh machine with no account. Issues
have a number, title, body, labels, assignee, due date, state and timestamps, plus comments;
`actiontrack issues list|show|close|reopen` works it by hand. Like any other tracker it keeps
the link to the postmortem item inside the issue (a marker in the body and labels).

actiontrack writes only to its own files: a new tracker is stamped with an SQLite
`application_id`, and an existing file is looked at read-only first. Another application's
database (other tables, or another application id) is refused before anything is written.

Sized for an organisation's postmortems (10,000 issues read in a fraction of a second):
issues are read with one query and their labels with a second, not one query per issue; the
writes of one sync share a few transactions (`_Batch`): a COMMIT costs an fsync, and one per
write was most of a first sync's time.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import sqlite3
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from ..errors import BackendError, ConfigError, NotFound, Transient, Unwritable
from ..issue_format import (
    belongs_to,
    body_with_marker,
    identity_from_body,
    parse_marker,
    postmortem_label,
    tracked_issue,
)
from ..model import CloseReason, Issue, IssueDraft, IssueFields, IssueState, TrackedIssue
from .base import Backend

if TYPE_CHECKING:
    from ..config import Config

DEFAULT_PATH = ".actiontrack/tracker.db"
# `PRAGMA application_id` of an actiontrack tracker ("actr"): what tells our file from others.
APPLICATION_ID = 0x61637472
# The tables a tracker holds; a file with any other table belongs to another application.
TRACKER_TABLES = {"issues", "labels", "comments", "sqlite_sequence"}
ISSUE_COLUMNS = {"number", "title", "body", "state", "created_at", "updated_at"}
BATCH_SECONDS = 1.0  # a batch of writes is committed at least this often
_LABEL_SEPARATOR = "\x1f"  # between an issue's labels in one column (char(31) in SQL)
_STATES = {state.value: state for state in IssueState}
_COLUMNS = ("number", "title", "body", "state", "state_reason", "assignee", "due", "priority",
            "created_at", "updated_at", "closed_at")

SCHEMA = """
CREATE TABLE IF NOT EXISTS issues (
    number INTEGER PRIMARY KEY AUTOINCREMENT,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    state_reason TEXT,
    assignee TEXT,
    due TEXT,
    priority TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    closed_at TEXT
);
CREATE TABLE IF NOT EXISTS labels (
    issue INTEGER NOT NULL REFERENCES issues(number) ON DELETE CASCADE,
    name TEXT NOT NULL,
    PRIMARY KEY (issue, name)
);
CREATE INDEX IF NOT EXISTS labels_by_name ON labels(name);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    issue INTEGER NOT NULL REFERENCES issues(number) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
"""


class LocalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str = DEFAULT_PATH


def _shortest(path: Path) -> Path:
    """`path` relative to the working directory when it lies under it (shorter messages)."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class LocalBackend(Backend):
    name = "local"

    def __init__(self, config: Config, env: Mapping[str, str] | None = None, *,
                 clock: Callable[[], dt.datetime] = _now,
                 batch_seconds: float = BATCH_SECONDS) -> None:
        super().__init__(config, env)
        settings = config.backend_settings("local", LocalSettings)
        self.setting = "ACTIONTRACK_DB" if self.env.get("ACTIONTRACK_DB") else "local.path"
        if self.env.get("ACTIONTRACK_DB"):
            self.path = Path(self.env["ACTIONTRACK_DB"]).expanduser()
        else:  # relative to the project, not to wherever the command runs
            self.path = Path(settings.path).expanduser()
            base = config.base_dir()
            if base is not None and not self.path.is_absolute():
                self.path = _shortest(base / self.path)
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._new_file = False  # this run created the tracker file
        self.batch_seconds = batch_seconds
        self._batch_depth = 0
        self._batch_opened = 0.0
        self._write_depth = 0  # writes nested in one savepoint (a state change and its marker)
        self._fields_follow = False  # in `change_state`, before the update of its fields
        self._link_keys: dict[str, str | None] = {}  # `issue_key_from_link`'s answers

    # -- connection ----------------------------------------------------------------------
    def _db(self, *, create: bool = True) -> sqlite3.Connection | None:
        if self._conn is not None:
            return self._conn
        if not self.path.exists():
            if not create:
                return None
            self._new_file = True
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise BackendError(f"cannot create {self.path.parent} ({exc.strerror})",
                                   backend=self.name, hint="set [local] path in the config"
                                   ) from None
        fresh = self._tracker_or_fresh()
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(SCHEMA)
            if fresh:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except sqlite3.DatabaseError as exc:
            raise BackendError(f"{self.path} is not a usable tracker database ({exc})",
                               backend=self.name,
                               hint="point [local] path at another file") from None
        self._conn = conn
        return conn

    def _tracker_or_fresh(self) -> bool:
        try:
            return self._check_is_tracker()
        except sqlite3.DatabaseError as exc:
            raise BackendError(f"{self.path} is not a usable tracker database ({exc})",
                               backend=self.name,
                               hint="point [local] path at another file") from None

    def _check_is_tracker(self) -> bool:
        """Look at an existing file read-only, before anything is written to it: refuse one
        that is not an actiontrack tracker. True when the file is new or empty (and ours to
        stamp)."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return True
        probe = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            app_id = probe.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in probe.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            columns = {r[1] for r in probe.execute("PRAGMA table_info(issues)")}
        finally:
            probe.close()
        if app_id == APPLICATION_ID:
            return False
        foreign = sorted(tables - TRACKER_TABLES)
        if app_id or foreign or ("issues" in tables and not columns >= ISSUE_COLUMNS):
            held = f"tables: {', '.join(foreign or sorted(tables))}" if tables else \
                f"application id {app_id:#x}"
            raise ConfigError(f"{self.path} is another application's SQLite database ({held}), "
                              "not an actiontrack tracker; nothing was written to it",
                              key=self.setting, hint="point it at a new file, e.g. "
                              ".actiontrack/tracker.db")
        return not tables

    @contextmanager
    def sync_lock(self) -> Iterator[None]:
        """An exclusive lock file beside the database, held for a whole sync: a second sync
        waits instead of planning from a state the first is about to change."""
        lock = self.path.with_name(self.path.name + ".lock")
        if self._conn is None:  # no lock file beside another application's database
            self._tracker_or_fresh()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(lock, "w")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            raise Unwritable(f"cannot create {lock} ({exc.strerror}: {exc.filename})",
                             backend=self.name,
                             hint="make its folder writable, or point ACTIONTRACK_DB or "
                                  "[local] path at a writable place") from None
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                with self._batched():
                    yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- how writes reach the file -------------------------------------------------------
    # Alone, a write is one transaction (BEGIN IMMEDIATE ... COMMIT), so two processes never
    # interleave their writes. Inside `_batched` (a whole sync, a `create_many`) the writes
    # share a transaction committed every `batch_seconds` and when the batch ends: a COMMIT is
    # an fsync, and one per write was 60% of a 10,000-item first sync. Each write is a
    # savepoint, so one that fails leaves no trace and the others stand; a sync that is
    # interrupted keeps what was committed, and the next run redoes the rest (no duplicate:
    # what was not committed does not exist). Writes nest: an outer `_write` (a state change
    # with its marker) makes the writes inside it one savepoint, kept or undone together.
    @contextmanager
    def _batched(self) -> Iterator[None]:
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if not self._batch_depth:
                self._commit()

    def _commit(self) -> None:
        conn = self._conn
        if conn is not None and conn.in_transaction:
            with _refused(conn):
                conn.execute("COMMIT")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._writable()
        with _refused(conn):
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
                self._batch_opened = time.monotonic()
            conn.execute("SAVEPOINT write")
            self._write_depth += 1
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO write")
                conn.execute("RELEASE write")
                raise
            else:
                conn.execute("RELEASE write")
            finally:
                self._write_depth -= 1
                self._commit_unless_batched()

    def _commit_unless_batched(self) -> None:
        if self._write_depth:
            return  # inside an outer write: it commits, or rolls back, as one
        if not self._batch_depth or time.monotonic() - self._batch_opened >= self.batch_seconds:
            self._commit()

    def _writable(self) -> sqlite3.Connection:
        conn = self._db(create=True)
        assert conn is not None  # create=True either connects or raises
        return conn

    def shutdown(self) -> None:
        if self._conn is not None:
            self._commit()  # what a batch wrote is kept, as a committed write would be
            self._conn.close()
            self._conn = None

    def _stamp(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat().replace("+00:00", "Z")

    # -- mapping -------------------------------------------------------------------------
    @cached_property
    def _uri(self) -> str:
        return self.path.resolve().as_uri()

    def _issue(self, row: Sequence[Any], labels: tuple[str, ...]) -> Issue:
        """An issue from its row: the values of `_COLUMNS`, in order (TEXT or NULL each, as
        the schema says)."""
        (number, title, body, state, reason, assignee, due, priority, created, updated,
         closed) = row[:len(_COLUMNS)]
        body = body or ""
        values = {
            "backend": self.name, "key": str(number), "url": f"{self._uri}#{number}",
            "title": title or "", "body": body, "state": _STATES.get(state, state),
            "state_reason": reason, "assignee": assignee,
            "due": dt.date.fromisoformat(due) if due else None, "labels": labels,
            "priority": priority, "link": parse_marker(body), "created_at": _parse_ts(created),
            "updated_at": _parse_ts(updated), "closed_at": _parse_ts(closed)}
        if _made_valid(values):  # what validating them would make: not validated again
            return Issue.of_valid(values)
        return Issue(**values)

    def _select(self, conn: sqlite3.Connection, where: str = "",
                params: Sequence[object] = ()) -> list[Issue]:
        """The issues `where` picks, in number order, with their labels: one query whatever
        their number, never one per issue (rows as plain tuples: a 10,000-issue report reads
        every column of every row)."""
        cursor = conn.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            f"SELECT {', '.join(_COLUMNS)}, (SELECT group_concat(name, char(31)) FROM labels "
            f"WHERE labels.issue = issues.number) FROM issues {where} ORDER BY number",
            params).fetchall()
        return [self._issue(row, tuple(sorted(row[-1].split(_LABEL_SEPARATOR))) if row[-1]
                            else ()) for row in rows]

    def _number(self, key: str) -> int:
        try:
            return int(str(key).lstrip("#"))
        except ValueError:
            raise NotFound(f"'{key}' is not an issue number", backend=self.name,
                           hint="use the number `actiontrack issues list` shows") from None

    # -- reading -------------------------------------------------------------------------
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        conn = self._db(create=False)
        if conn is None:
            if postmortem_ids is None:  # a report or listing, not a first sync: say why empty
                self.warn(
                    f"no tracker at {self.path.absolute()}: nothing has been synced to it yet; "
                    "run `actiontrack sync` first, or run from the folder you synced in "
                    "(or set ACTIONTRACK_DB / [local] path)")
            return []
        if postmortem_ids is None:
            issues = self._select(conn)
        elif not postmortem_ids:
            return []
        else:
            # The wanted labels go through a temporary table: a sync of thousands of
            # postmortems would pass SQLite's limit on parameters of one statement.
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_labels "
                         "(name TEXT PRIMARY KEY) WITHOUT ROWID")
            conn.execute("DELETE FROM temp.wanted_labels")
            conn.executemany("INSERT OR IGNORE INTO temp.wanted_labels VALUES (?)",
                             [(postmortem_label(p),) for p in postmortem_ids])
            issues = self._select(conn, "WHERE number IN (SELECT issue FROM labels WHERE name "
                                        "IN (SELECT name FROM temp.wanted_labels))")
        ids = None if postmortem_ids is None else set(postmortem_ids)
        return [i for i in issues if belongs_to(i, ids, self.config.label_prefix)]

    def find_for_report(self) -> list[TrackedIssue]:
        """`find_linked(None)` as the reports read it, from one query, with no `Issue` or
        `Link` validated (a tenth of a 10,000-item report). An issue whose marker does not
        read as written (mangled, moved, removed: the block then names the item) is read
        whole, as `find_linked` reads it."""
        conn = self._db(create=False)
        if conn is None:
            return super().find_for_report()  # says why it is empty
        cursor = conn.cursor()
        cursor.row_factory = None
        rows = cursor.execute(
            "SELECT number, title, body, state, state_reason, assignee, due, priority, "
            "created_at, closed_at, (SELECT group_concat(name, char(31)) FROM labels WHERE "
            "labels.issue = issues.number) FROM issues ORDER BY number").fetchall()
        found = []
        uri = self._uri
        for (number, title, body, state, reason, assignee, due, priority, created, closed,
             labels) in rows:
            identity = identity_from_body(body or "")
            if identity is None:
                whole = self._select(conn, "WHERE number = ?", (number,))
                found += [tracked_issue(i) for i in whole
                          if belongs_to(i, None, self.config.label_prefix)]
                continue
            found.append(TrackedIssue(
                str(number), f"{uri}#{number}", title or "", _STATES.get(state) or
                IssueState(state), reason, assignee,
                dt.date.fromisoformat(due) if due else None,
                tuple(sorted(labels.split(_LABEL_SEPARATOR))) if labels else (), priority,
                _parse_ts(created), _parse_ts(closed), *identity))
        return found

    def find_tracked(self) -> list[Issue]:
        # A sync reading it all: no "nothing synced yet" warning, the summary says it is new.
        return self.find_linked(None) if self.path.exists() else []

    def get(self, key: str) -> Issue:
        number = self._number(key)
        conn = self._db(create=False)
        found = [] if conn is None else self._select(conn, "WHERE number = ?", (number,))
        if not found:
            raise self._not_found(number)
        return found[0]

    def _not_found(self, number: int) -> NotFound:
        return NotFound(f"issue {number} does not exist in {self.path}", backend=self.name,
                        hint="`actiontrack issues list` shows the numbers")

    def comments(self, key: str) -> list[tuple[str, str]]:
        number = self._number(key)
        conn = self._db(create=False)
        if conn is None:
            return []
        return [(r["created_at"], r["body"]) for r in conn.execute(
            "SELECT body, created_at FROM comments WHERE issue = ? ORDER BY id", (number,))]

    # -- writing -------------------------------------------------------------------------
    def create(self, draft: IssueDraft) -> Issue:
        now = self._stamp()
        body = body_with_marker(draft.body, draft.link)
        due = draft.due.isoformat() if draft.due else None
        with self._write() as conn:
            number = conn.execute(
                "INSERT INTO issues (title, body, assignee, due, priority, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (draft.title, body, draft.assignee, due, draft.priority, now, now)).lastrowid
            conn.executemany("INSERT OR IGNORE INTO labels (issue, name) VALUES (?, ?)",
                             [(number, label) for label in draft.labels])
        # What get() would read back, without reading it back.
        row = (number, draft.title, body, IssueState.OPEN.value, None, draft.assignee, due,
               draft.priority, now, now, None)
        return self._issue(row, tuple(sorted(set(draft.labels))))

    def create_many(self, drafts: Sequence[IssueDraft]) -> list[Issue | Exception]:
        with self._batched():
            return super().create_many(drafts)

    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        number = self._number(issue.key)
        current = self.get(issue.key)
        sets: dict[str, object] = {}
        if fields.title is not None:
            sets["title"] = fields.title
        if fields.body is not None or fields.link is not None:
            body = fields.body if fields.body is not None else current.body
            sets["body"] = body_with_marker(body, fields.link or current.link)
        if fields.assignee is not None:
            sets["assignee"] = fields.assignee or None
        if fields.due is not None:
            sets["due"] = fields.due.isoformat()
        if fields.priority is not None:
            sets["priority"] = fields.priority or None
        with self._write() as conn:
            if sets or fields.labels is not None:
                sets["updated_at"] = self._stamp()
                assignments = ", ".join(f"{col} = ?" for col in sets)
                conn.execute(f"UPDATE issues SET {assignments} WHERE number = ?",
                             (*sets.values(), number))
            if fields.labels is not None:
                conn.execute("DELETE FROM labels WHERE issue = ?", (number,))
                conn.executemany("INSERT OR IGNORE INTO labels (issue, name) VALUES (?, ?)",
                                 [(number, label) for label in fields.labels])
        return self.get(issue.key)

    def _set_state(self, issue: Issue, state: IssueState, reason: str | None,
                   comment: str | None) -> Issue:
        number = self._number(issue.key)
        if self._db(create=False) is None:
            raise self._not_found(number)  # and no tracker file made for it
        now = self._stamp()
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE issues SET state = ?, state_reason = ?, closed_at = ?, updated_at = ?"
                " WHERE number = ?",
                (state.value, reason, now if state == IssueState.CLOSED else None, now, number))
            if not changed.rowcount:  # no such issue: nothing was written (no read before)
                raise self._not_found(number)
            if comment:
                conn.execute("INSERT INTO comments (issue, body, created_at) VALUES (?, ?, ?)",
                             (number, comment, now))
        if self._fields_follow:
            return issue  # `change_state`'s update reads the issue: no read-back here
        return self.get(issue.key)

    def change_state(self, issue: Issue, *, close: bool, reason: CloseReason,
                     comment: str | None = None, fields: IssueFields | None = None) -> Issue:
        """The state, its comment and the marker that records it in one savepoint: a run
        stopped in between (Ctrl-C, a failed write) leaves neither, never a close the marker
        does not know of."""
        with self._write():
            self._fields_follow = fields is not None
            try:
                changed = self.close(issue, reason, comment) if close else \
                    self.reopen(issue, comment)
            finally:
                self._fields_follow = False
            return self.update(changed, fields) if fields is not None else changed

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        return self._set_state(issue, IssueState.CLOSED, CloseReason(reason).value, comment)

    def comment(self, issue: Issue, text: str) -> bool:
        number = self._number(issue.key)
        self.get(issue.key)  # NotFound before any write
        with self._write() as conn:
            conn.execute("INSERT INTO comments (issue, body, created_at) VALUES (?, ?, ?)",
                         (number, text, self._stamp()))
        return True

    def close_duplicate(self, duplicate: Issue, original: Issue, comment: str) -> Issue:
        """Closed with the reason `duplicate`; the original gets a comment naming it."""
        closed = self._set_state(duplicate, IssueState.CLOSED, "duplicate", comment)
        self.comment(original, f"Issue {duplicate.key} was closed as a duplicate of this one; "
                               "what was written there stays there.")
        return closed

    @property
    def settle_seconds(self) -> float:
        return 0.0  # a write to the file either happened or raised: nothing lands later

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        return self._set_state(issue, IssueState.OPEN, "reopened", comment)

    def issue_key_from_link(self, link: str) -> str | None:
        """`#12`, or the issue URL this tracker gives (`file:///.../tracker.db#12`) when it
        names this tracker's file: the forms `sync --write-links` writes. Answered once per
        link (a sync asks for every link of every item, twice)."""
        if link not in self._link_keys:
            self._link_keys[link] = self._key_from_link(link)
        return self._link_keys[link]

    def _key_from_link(self, link: str) -> str | None:
        text = link.strip()
        if text.startswith("#"):
            return text[1:] if text[1:].isdigit() else None
        if "#" not in text:  # no fragment, so no issue number: not split (most links)
            return None
        parsed = urllib.parse.urlsplit(text)
        if parsed.scheme != "file" or not parsed.fragment.isdigit():
            return None
        named = Path(urllib.parse.unquote(parsed.path))
        try:
            same = named.resolve() == self.path.resolve()
        except OSError:
            return None
        return parsed.fragment if same else None

    def digest_context(self) -> str | None:
        """Answers from the config and the file's path alone (`issue_key_from_link`)."""
        return f"{self.name} {self.path.resolve()}"

    def describe(self) -> str:
        """Which tracker, and whether this run made it (or a sync would): a tracker file
        appearing where nobody expected it is noticed at once."""
        if self._new_file:
            return f"new local tracker {self.path}, made by this sync"
        if not self.path.exists():
            return f"local tracker {self.path}, to be created by a sync"
        return f"local tracker {self.path}"


_TEXT_OR_NULL = (str, type(None))


def _made_valid(values: dict[str, Any]) -> bool:
    """Whether the values of an issue's row are of the `Issue` field types already: TEXT
    columns hold text or NULL and the state one of `_STATES`, unless another program wrote a
    BLOB or another state there (then `Issue` validates them, as it validates every issue
    of the other trackers)."""
    return (type(values["title"]) is str and type(values["body"]) is str
            and type(values["state"]) is IssueState
            and type(values["state_reason"]) in _TEXT_OR_NULL
            and type(values["assignee"]) in _TEXT_OR_NULL
            and type(values["priority"]) in _TEXT_OR_NULL)


def _parse_ts(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


@contextmanager
def _refused(conn: sqlite3.Connection) -> Iterator[None]:
    """A refused write (read-only file or folder, locked) as one clear error."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise _write_error(conn, exc) from None


def _write_error(conn: sqlite3.Connection, exc: sqlite3.Error) -> BackendError:
    """A write the database refused: read-only (every write would fail: the run stops at the
    first), locked by another process for longer than the timeout, or something else."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    text = str(exc).casefold()
    if "locked" in text or "busy" in text:
        return Transient(f"{path} is locked by another process ({exc})", backend="local",
                         hint="run again when the other actiontrack command has finished")
    kind = Unwritable if "readonly" in text or "read-only" in text or "open" in text \
        else BackendError
    return kind(f"cannot write to {path} ({exc})", backend="local",
                hint="make the file and its folder writable, or point ACTIONTRACK_DB "
                     "or [local] path at a writable place")

