"""Finding actiontrack's issues in a Jira project without trusting a lagging search index.

JQL search is eventually consistent: Jira Cloud says recent updates may not be visible in
`/search/jql` yet, and a Data Center cluster replicates its index between nodes after the
write. Reads by key are not: `GET issue/{key}` (and Cloud's `issue/bulkfetch`, up to 100 keys
a request) read the issue itself. Issue keys are numbered in order within a project, so
everything the index may not show yet lies above a number the index does show. A listing is:

1. the window: from the index, the keys of the project's issues created in the last
   `window` minutes (ids only: thousands a page), and the newest key created before that,
   the floor. Issues older than the window are taken to be in the index (the window is far
   longer than Jira's lag: seconds);
2. the label search, one paginated JQL search on exact labels, with the link property;
3. the tail: every key above the floor that the window did not list (the index had not seen
   it) is read by key, up to `gap` missing keys in a row past the highest key that exists.

(1) runs before (2), so an issue the window lists was in the index before the label search
ran, and the label search saw it. Whatever was created in the last seconds is read by (3).

Within one run the window is scanned once and the keys read by key are kept, so a later
listing is the label search and the keys that were missing or above the highest, and a lookup
(after a create whose answer was lost) is those keys alone: what it looks for was created
after the first listing, so it lies there. The first listing costs two window searches, the
label search pages and the tail: on Cloud one `bulkfetch` per 100 unindexed keys, on Data
Center one `GET` per unindexed key (`gap` 404s when the index is up to date).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ...errors import NotFound
from ...model import Issue
from .api import JiraApi
from .http import jql_in, jql_string
from .link import PROPERTY

T = TypeVar("T")
Read = Callable[[Callable[[], T], str], T]

# The fields a listing reads for each issue (what `Issue` carries).
FIELDS = ["summary", "description", "labels", "duedate", "status", "assignee", "priority",
          "resolution", "resolutiondate", "created", "updated", "issuetype"]
BULKFETCH = 100          # keys per Cloud bulkfetch request
CLOUD_PAGE = 5000        # the most /search/jql sends a page (fewer when fields are asked for)
DC_PAGE = 1000           # Data Center's default page cap (jira.search.views.default.max)


@dataclass(frozen=True)
class TailPolicy:
    window_minutes: int = 10   # issues created this recently are not trusted to the index
    gap: int = 3               # missing keys in a row that end the tail


@dataclass
class _Tail:
    floor: int                                         # keys at or below are in the index
    indexed: set[int] = field(default_factory=set)     # above the floor, seen by the index
    read: dict[int, Issue | None] = field(default_factory=dict)  # read by key; None: not
                                                       # this project's any more (moved)


class Listing:
    """The issues of one project that a run has seen, and how to see more."""

    def __init__(self, api: JiraApi, read: Read[Any], to_issue: Callable[[dict[str, Any]], Issue],
                 policy: TailPolicy) -> None:
        self.api, self._read, self._to_issue, self.policy = api, read, to_issue, policy
        self.project = api.project
        self._tail: _Tail | None = None
        self.known: dict[str, Issue] = {}  # key -> issue as last read or written by this run
        self._as_written: set[str] = set()  # keys known from our own write, not read back

    # -- numbers ---------------------------------------------------------------------------
    def number(self, key: str) -> int | None:
        match = re.fullmatch(rf"{re.escape(self.project)}-(\d+)", key, re.IGNORECASE)
        return int(match.group(1)) if match else None

    def remember(self, issue: Issue, *, as_written: bool | None = False) -> None:
        """An issue this run wrote or read: found again without asking the index.
        `as_written`: known from our own write only, its timestamps this machine's (None: as
        it was known before)."""
        self.known[issue.key] = issue
        if as_written:
            self._as_written.add(issue.key)
        elif as_written is not None:
            self._as_written.discard(issue.key)
        number = self.number(issue.key)
        if number is not None and self._tail is not None and number > self._tail.floor:
            self._tail.read[number] = issue

    # -- the listing -----------------------------------------------------------------------
    def find(self, label_groups: Sequence[Sequence[str]]) -> list[Issue]:
        """Every issue with one of these labels (one group per search) and every issue of the
        tail, as they are now."""
        if self._tail is None:
            self._scan_window()
        found: dict[str, Issue] = {}
        for group in label_groups:
            jql = (f"project = {jql_string(self.project)} AND {jql_in('labels', group)} "
                   "ORDER BY key ASC")
            for raw in self.search(jql, FIELDS, properties=True):
                issue = self._to_issue(raw)
                found[issue.key] = issue
        self.known.update(found)
        self._as_written -= found.keys()
        for issue in self.tail():
            found.setdefault(issue.key, issue)
        return self._read_back_duplicates(list(found.values()))

    def _read_back_duplicates(self, issues: list[Issue]) -> list[Issue]:
        """Where one item has several issues, the oldest stays and the others are closed, by
        every run alike: so each of them is as Jira has it (created when Jira says), never as
        this run wrote it."""
        per_item: dict[tuple[str, str], list[Issue]] = {}
        for issue in issues:
            if issue.link is not None:
                per_item.setdefault((issue.link.postmortem_id, issue.link.item_id),
                                    []).append(issue)
        stale = sorted({i.key for group in per_item.values() if len(group) > 1 for i in group
                        if i.key in self._as_written}, key=lambda k: self.number(k) or 0)
        if not stale:
            return issues
        fresh = self._read_keys([n for k in stale if (n := self.number(k)) is not None])
        for read in fresh.values():
            if read is not None:
                self.remember(read)
        return [self.known.get(i.key, i) for i in issues]

    def recent(self) -> list[Issue]:
        """Every issue this run has seen, after reading the keys the index may not show yet
        (a lookup after a create whose answer was lost); a first call lists the window."""
        if self._tail is None:
            self._scan_window()
        self.tail()
        return list(self.known.values())

    def _scan_window(self) -> None:
        window = f'"-{self.policy.window_minutes}m"'
        project = jql_string(self.project)
        keys = [r.get("key") for r in self.search(
            f"project = {project} AND created >= {window} ORDER BY key ASC", ["id"])]
        older = self.search(f"project = {project} AND created < {window} ORDER BY key DESC",
                            ["id"], limit=1)
        floor = (self.number(str(older[0].get("key"))) or 0) if older else 0
        self._tail = _Tail(floor=floor, indexed={
            n for k in keys if (n := self.number(str(k))) is not None and n > floor})

    def tail(self) -> list[Issue]:
        """Read by key every key above the floor that neither the index nor this run
        accounts for, until `gap` keys in a row past the highest that exists are missing."""
        tail = self._tail
        assert tail is not None, "the window is scanned first"
        gap = self.policy.gap
        # Cloud reads 100 keys a request, so it looks that far ahead; Data Center one.
        batch = BULKFETCH if self.api.cloud else 1
        ahead = max(gap, batch)
        missing: set[int] = set()
        while True:
            top = max([tail.floor, *tail.indexed, *tail.read])
            if all(n in missing for n in range(top + 1, top + gap + 1)):
                break
            wanted = [n for n in range(tail.floor + 1, top + ahead + 1)
                      if n not in tail.indexed and n not in tail.read and n not in missing]
            if not wanted:
                break
            found = self._read_keys(wanted[:batch])
            missing |= set(wanted[:batch]) - found.keys()
            tail.read.update(found)
            self.known.update({i.key: i for i in found.values() if i is not None})
        return [i for i in tail.read.values() if i is not None]

    def _read_keys(self, numbers: list[int]) -> dict[int, Issue | None]:
        """The issues with these key numbers that exist; None for a key that now answers with
        an issue of another project (it was moved)."""
        keys = {f"{self.project}-{n}": n for n in numbers}
        if self.api.cloud:
            out: dict[int, Issue | None] = {}
            for start in range(0, len(numbers), BULKFETCH):
                chunk = list(keys)[start:start + BULKFETCH]
                raws = self._read(functools.partial(self.api.bulk_fetch, chunk, FIELDS,
                                                    [PROPERTY]), f"read {len(chunk)} issues")
                issues = [self._to_issue(raw) for raw in raws]
                out.update({n: i for i in issues
                            if (n := self.number(i.key)) is not None and n in numbers})
            return out
        found: dict[int, Issue | None] = {}
        for key, number in keys.items():
            try:
                raw = self._read(functools.partial(
                    self.api.get, f"issue/{key}", f"read {key}",
                    {"fields": ",".join(FIELDS), "properties": PROPERTY}), f"read {key}")
            except NotFound:
                continue
            issue = self._to_issue(raw)
            found[number] = issue if self.number(issue.key) == number else None
        return found

    # -- searching -------------------------------------------------------------------------
    def search(self, jql: str, fields: Sequence[str], *, properties: bool = False,
               limit: int | None = None) -> list[dict[str, Any]]:
        """Every issue a JQL query finds (or the first `limit`), all pages, as raw JSON."""
        found: list[dict[str, Any]] = []
        cursor: str | int | None = None
        cap = CLOUD_PAGE if self.api.cloud else DC_PAGE
        size = min(limit or cap, cap)
        wanted = [PROPERTY] if properties else []
        while True:
            page, cursor = self._read(functools.partial(
                self.api.search_page, jql, fields, wanted, size, cursor), "search Jira")
            found += page
            if cursor is None or (limit is not None and len(found) >= limit):
                return found[:limit] if limit is not None else found
