"""Parsed postmortems kept between runs, by content: a file that has not changed is not parsed
again.

Parsing is most of what a sync or a check of many postmortems costs (a few milliseconds a
file, 2,000 files in an organisation's repository), and nearly every file is the same as at
the last run. An entry is used only when everything its result was computed from is the same:
the file's bytes, its path as named (the parser reads the id and the source from it), the
parser settings, and the parser's own code (a fingerprint of its source files), so a stale
answer cannot come back. The parser reads no clock and no environment, so nothing else
matters.

Identical inputs give identical results whatever the project, so one cache serves them all:
`$XDG_CACHE_HOME/actiontrack/parsed.db` (`~/.cache/...` by default; `ACTIONTRACK_CACHE_DIR`
names another folder, `off` turns it off; the parser's compiled patterns, `pattern_cache`,
are kept in the same folder). It lives outside the repository on purpose: a
cache a pull request could commit would let it hand `check` made-up results. JSON, validated
on the way back, never pickle. A cache that cannot be opened, read or written is left alone:
the files are parsed, the command goes on. Entries not used for 30 days are dropped.

The same file keeps what syncs digested of each item (`DigestCache`, for `sync.memo`): by a
key of everything the digests are computed from, actiontrack's whole code included, so a
re-sync of an unchanged item renders nothing and an entry can never give another answer
than rendering would.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..config import ParserSettings
from ..config_files import cache_folder
from ..model import ParsedDocument
from ..parsing.explain import Doubt

_Cache = TypeVar("_Cache", "ParseCache", "DigestCache")  # what a command opens, then closes

CACHE_FILE = "parsed.db"
KEEP_DAYS = 30
SCHEMA = ("CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, doc TEXT NOT NULL, "
          "used REAL NOT NULL) WITHOUT ROWID; CREATE INDEX IF NOT EXISTS parsed_used ON "
          "parsed(used)")
# What a sync digested for an item, by a key of everything the digests depend on
# (`sync.memo`): a re-sync of an unchanged item renders nothing.
DIGEST_SCHEMA = ("CREATE TABLE IF NOT EXISTS digested (key TEXT PRIMARY KEY, digests TEXT NOT "
                 "NULL, used REAL NOT NULL) WITHOUT ROWID; CREATE INDEX IF NOT EXISTS "
                 "digested_used ON digested(used)")


@dataclass(frozen=True)
class Parsed:
    """What parsing one postmortem gives, and what the cache keeps of it: the document and
    what the parser was unsure of in it (`check` reports those)."""
    document: ParsedDocument
    doubts: tuple[Doubt, ...] = ()


class _Entry(BaseModel):
    """The JSON of one cached parse, validated on the way back."""
    document: ParsedDocument
    doubts: list[tuple[int | None, str, str]]

    @classmethod
    def of(cls, parsed: Parsed) -> _Entry:
        return cls(document=parsed.document,
                   doubts=[(d.line, d.rule, d.message) for d in parsed.doubts])

    def parsed(self) -> Parsed:
        return Parsed(self.document, tuple(Doubt(*d) for d in self.doubts))


def source_fingerprint(package: Path, version: str) -> str:
    """A digest of the code a parse result depends on, in the package folder `package`: the
    parser, the data model and the settings' model. Empty when the source cannot be read
    (then nothing is cached)."""
    parser = sorted((package / "parsing").glob("*.py"))
    digest = hashlib.sha256(version.encode())
    try:
        for source in [*parser, package / "model.py", package / "config.py"]:
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest() if parser else ""


@cache
def parser_fingerprint() -> str:
    import actiontrack
    return source_fingerprint(Path(actiontrack.__file__).parent, actiontrack.__version__)


@cache
def code_fingerprint() -> str:
    """A digest of all of actiontrack's own code (empty when it cannot be read): what a
    sync's digests of an item depend on besides their inputs."""
    import actiontrack
    package = Path(actiontrack.__file__).parent
    digest = hashlib.sha256(actiontrack.__version__.encode())
    try:
        sources = sorted(package.rglob("*.py"))
        for source in sources:
            digest.update(str(source.relative_to(package)).encode() + b"\0"
                          + source.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest() if sources else ""


def cache_key(path: Path, data: bytes, settings: ParserSettings | None) -> str:
    return cache_keys([(path, data)], settings)[0]


def cache_keys(files: Iterable[tuple[Path, bytes]], settings: ParserSettings | None
               ) -> list[str]:
    """`cache_key` of each (path, bytes), the digest of what they share (the parser's
    fingerprint and the settings) made once, not once per file."""
    shared = hashlib.sha256(parser_fingerprint().encode())
    shared.update((settings or ParserSettings()).model_dump_json().encode() + b"\0")
    keys = []
    for path, data in files:
        digest = shared.copy()
        digest.update(str(path).encode() + b"\0" + data)
        keys.append(digest.hexdigest())
    return keys


class _KeyedTable:
    """One table of the cache file: values by key, each row stamped with when a run last used
    it. Every failure of the file is swallowed (a miss, or nothing kept)."""

    TABLE = ""
    VALUE = ""  # the value's column

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._asked = "[]"  # the keys this run asked for, as a JSON array
        try:  # SQLite's JSON functions: built in since 3.38, and in most builds before
            conn.execute("SELECT value FROM json_each('[]')")
            self._json = True
        except sqlite3.Error:
            self._json = False

    def _wanted(self, keys: Iterable[str] | None = None) -> str:
        """The keys this run asked for (filled anew with `keys`), as a subquery: a JSON array
        read by `json_each` (filling a temporary table with 10,000 keys, one INSERT each,
        cost twice as much), else that table."""
        if keys is not None:
            self._asked = json.dumps(list(keys))
        if self._json:
            return "SELECT value FROM json_each(?)"
        wanted = f"wanted_{self.TABLE}"
        self.conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {wanted} (key TEXT PRIMARY KEY) "
                          "WITHOUT ROWID")
        if keys is not None:
            self.conn.execute(f"DELETE FROM temp.{wanted}")
            self.conn.executemany(f"INSERT OR IGNORE INTO temp.{wanted} VALUES (?)",
                                  [(k,) for k in json.loads(self._asked)])
        return f"SELECT key FROM temp.{wanted}"

    def _asked_params(self) -> tuple[str, ...]:
        return (self._asked,) if self._json else ()

    def _rows(self, keys: Iterable[str]) -> list[tuple[str, str]]:
        try:
            wanted = self._wanted(keys)
            return self.conn.execute(f"SELECT key, {self.VALUE} FROM {self.TABLE} WHERE key "
                                     f"IN ({wanted})", self._asked_params()).fetchall()
        except sqlite3.Error:
            return []

    def _store(self, values: Mapping[str, str]) -> None:
        """Store the new values, mark the rows this run asked for as used (once a day at most:
        a run over unchanged inputs rewrites no row), drop the long unused."""
        now = time.time()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany(f"INSERT OR REPLACE INTO {self.TABLE} (key, {self.VALUE}, "
                                  "used) VALUES (?, ?, ?)",
                                  [(k, v, now) for k, v in values.items()])
            wanted = self._wanted()
            self.conn.execute(f"UPDATE {self.TABLE} SET used = ? WHERE used < ? AND key IN "
                              f"({wanted})", (now, now - 86400, *self._asked_params()))
            self.conn.execute(f"DELETE FROM {self.TABLE} WHERE used < ?",
                              (now - KEEP_DAYS * 86400,))
            self.conn.execute("COMMIT")
        except sqlite3.Error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()


class ParseCache(_KeyedTable):
    """Parsed documents by `cache_key`."""

    TABLE, VALUE = "parsed", "doc"

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        self.hits = 0

    @classmethod
    def open(cls, env: Mapping[str, str]) -> ParseCache | None:
        conn = _connect(env, SCHEMA) if parser_fingerprint() else None
        return None if conn is None else cls(conn)

    def get_many(self, keys: Iterable[str]) -> dict[str, Parsed]:
        found: dict[str, Parsed] = {}
        for key, text in self._rows(keys):
            try:
                found[key] = _Entry.model_validate_json(text).parsed()
            except ValidationError:
                continue  # written by another version of the model: parse again
        self.hits += len(found)
        return found

    def put_many(self, docs: Mapping[str, Parsed]) -> None:
        """Store the new results, mark the entries this run used, drop the long unused."""
        self._store({k: _Entry.of(d).model_dump_json() for k, d in docs.items()})


def _connect(env: Mapping[str, str], schema: str) -> sqlite3.Connection | None:
    """The cache file, its tables made; None without a cache folder or when it cannot be
    opened (a cache is never a reason to fail)."""
    folder = cache_folder(env)
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(folder / CACHE_FILE, timeout=2, isolation_level=None)
        conn.executescript(schema)
    except (OSError, sqlite3.Error):
        return None
    return conn


def parse_cache(env: Mapping[str, str]) -> AbstractContextManager[ParseCache | None]:
    """The cache for one command (None when there is none to use), closed after it."""
    return _closed_after(ParseCache.open(env))


@contextmanager
def _closed_after(opened: _Cache | None) -> Iterator[_Cache | None]:
    try:
        yield opened
    finally:
        if opened is not None:
            opened.close()


class DigestCache(_KeyedTable):
    """What syncs digested, by key (`sync.memo`), in the parse cache's file."""

    TABLE, VALUE = "digested", "digests"

    @classmethod
    def open(cls, env: Mapping[str, str]) -> DigestCache | None:
        conn = _connect(env, DIGEST_SCHEMA) if code_fingerprint() else None
        return None if conn is None else cls(conn)

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        return dict(self._rows(keys))

    def put_many(self, entries: Mapping[str, str]) -> None:
        """Store the new entries, mark the ones `get_many` was asked for as used, drop the
        long unused."""
        self._store(entries)


def digest_cache(env: Mapping[str, str]) -> AbstractContextManager[DigestCache | None]:
    """The digest cache for one sync (None when there is none to use), closed after it."""
    return _closed_after(DigestCache.open(env))
