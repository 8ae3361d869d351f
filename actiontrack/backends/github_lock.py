"""A lock across runs on GitHub, built on the one atomic write its API has: creating a git ref.

`POST /repos/{o}/{r}/git/refs` either creates the ref or answers 422 "Reference already
exists", so of two syncs that try at once exactly one holds `refs/actiontrack/sync-lock`; the
other waits, then reads what the first created. The ref lives outside `refs/heads` and
`refs/tags`: it is no branch or tag, triggers no workflow and is not fetched by checkouts.

The ref points at an annotated tag object whose message is a lease: who holds the lock and
until when. A run that was killed (kill -9, a runner that died) leaves the ref behind; the
next run takes it over once the lease has run out (deleting the stale ref, then creating its
own, so only one taker can win the create). A run waits at most `wait` seconds for a live
holder and then stops with `Busy`, having changed nothing: two runs never create side by side
(the holder, which lists nothing after its creates, would not see the other's).

The first lease is written for as long as the creates will take at GitHub's pace (`ahead`,
from the plan that asked for the lock) and a whole lease after them, so a first sync of
hundreds of items (hours at GitHub's pace) needs no renewal. A holder whose work outlasts its
lease anyway renews it between writes (two writes: a new lease tag, and the ref moved to it
with `PATCH .../git/refs/...`, forced, since a tag is no fast-forward). It renews only while half
of its lease is left, the same margin for other runners' clocks the release keeps, so it never
moves a ref that another run may already have taken over; past that, it says once that the
lock may be gone and goes on (the collapse at the end of the sync covers it).

Permission: ref and tag objects are repository contents, so the token needs `contents:
write` (in Actions: `permissions: contents: write`). Without it GitHub answers 403 (404 for
a fine-grained token that cannot see contents, 409 for a repository without commits): the sync
goes on without the lock and says so once. It still converges: the engine lists again after
its creates and closes duplicates that two unlocked syncs made (see `sync.converge`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import random
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ..errors import AuthError, Busy, NotFound, Refused, Transient, UnknownOutcome

LOCK_REF = "refs/actiontrack/sync-lock"
_REF_PATH = LOCK_REF.removeprefix("refs/")
TAG_NAME = "actiontrack-sync-lock"

# (verb, path under the repository's API URL, what it does for messages, JSON body) -> JSON;
# raises actiontrack's errors (the backend's shared call plumbing, retries included).
Request = Callable[[str, str, str, Any], Any]


def holder_name(env: dict[str, str]) -> str:
    """Who holds the lock, as people can find it: the Actions run, else host and process."""
    if env.get("GITHUB_RUN_ID") and env.get("GITHUB_REPOSITORY"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        return (f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
                f" (attempt {env.get('GITHUB_RUN_ATTEMPT', '1')})")
    return f"{socket.gethostname()} pid {os.getpid()}"


def _stamp(when: float) -> str:
    return dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _lease_text(holder: str, expires: float) -> str:
    return f"actiontrack sync lock\nholder: {holder}\nexpires: {_stamp(expires)}\n"


def _read_lease(message: str) -> tuple[str, float | None]:
    fields = dict(line.split(": ", 1) for line in message.splitlines() if ": " in line)
    try:
        expires = dt.datetime.fromisoformat(fields.get("expires", "").replace("Z", "+00:00"))
    except ValueError:
        return fields.get("holder", "?"), None
    return fields.get("holder", "?"), expires.timestamp()


def _sha(data: Any) -> str:
    """The `sha` of a git object GitHub answered with; another shape is a refusal to lock."""
    if isinstance(data, dict) and isinstance(data.get("sha"), str):
        return str(data["sha"])
    raise Refused("GitHub answered a git object without its sha", backend="github")


@dataclass
class RefLock:
    """The sync lock of one repository. Use `held()` around the work it protects."""

    request: Request
    commit: Callable[[], str]     # a commit of the repository for the lease tag to point at
    holder: str
    warn: Callable[[str], None]
    lease: float = 600.0          # seconds a holder may keep it before others take it over
    wait: float = 600.0           # seconds to wait for a live holder before going on without
    poll: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    # another commit to point the lease at, asked for when GitHub does not know the first
    # (the newest commit of a local clone, not pushed)
    fallback: Callable[[], str] | None = None
    expires: float = field(default=0.0, init=False)  # when the lease we wrote runs out
    mine: str | None = field(default=None, init=False)  # our lease tag while the ref is ours
    renewals: int = field(default=0, init=False)
    doubtful: bool = field(default=False, init=False)  # a renewal failed, or we took it over
    lapsed: bool = field(default=False, init=False)  # the lease ran short before a renewal
    _object: str = field(default="", init=False)  # the commit the lease tags point at

    @contextmanager
    def held(self, ahead: float = 0.0) -> Iterator[bool]:
        """Yields True while the lock is ours, False when going on without it; `ahead` is how
        long the work it protects will take, for the first lease to cover."""
        self.mine = self._acquire(ahead)
        try:
            yield self.mine is not None
        finally:
            mine, self.mine = self.mine, None
            if mine is not None:
                self._release(mine)

    def renew_if_due(self, ahead: float = 0.0) -> None:
        """Between writes of a long sync: a fresh lease, long enough for `ahead` seconds of
        work more and a whole lease after them, once less than two thirds of a lease would be
        left after that work, and only while at least half a lease is left now (see the
        module's notes)."""
        if self.mine is None or self.lapsed:
            return
        now = self.clock()
        if now + ahead < self.expires - self.lease * 2 / 3:
            return
        if now >= self.expires - self.lease / 2:
            self.warn("the sync lock's lease ran short before it could be renewed; going on "
                      "as if without it: duplicates, if any, are closed at the end of the sync")
            self.lapsed = True  # the release reads the ref first and deletes only ours
            return
        expires = now + ahead + self.lease
        try:
            tag = _sha(self.request("POST", "/git/tags", "renew the sync lock's lease", {
                "tag": TAG_NAME, "message": _lease_text(self.holder, expires),
                "object": self._commit(), "type": "commit"}))
            moved = self._move_to(tag)
        except (AuthError, NotFound, Refused, Transient) as exc:
            self.warn(f"the sync lock's lease was not renewed ({exc}); it holds until "
                      f"{_stamp(self.expires)}")
            self.doubtful = True
            return
        if moved:
            self.mine, self.expires = tag, expires
            self.renewals += 1

    def _commit(self) -> str:
        if not self._object:
            self._object = self.commit()
        return self._object

    def _move_to(self, tag: str) -> bool:
        try:
            self.request("PATCH", f"/git/refs/{_REF_PATH}", "renew the sync lock",
                         {"sha": tag, "force": True})
            return True
        except UnknownOutcome:  # did it move? the ref says
            return self._points_at() == tag

    def _unavailable(self, exc: Exception) -> None:
        why = ("give the token `contents: write` so that concurrent syncs wait for each other"
               if isinstance(exc, (AuthError, NotFound)) else "it could not be taken")
        self.warn(f"no sync lock across runs ({exc}): {why}; duplicates that concurrent syncs "
                  "create are still closed at the end of each sync")

    def held_throughout(self) -> bool:
        """Whether the lock has been ours, beyond doubt, since it was taken: held, its lease
        never short or unrenewed, and not taken over from a run that may have been killed in
        the middle of a create (which can still land). Then no other run created meanwhile,
        and the engine need not list again after its creates."""
        return (self.mine is not None and not self.lapsed and not self.doubtful
                and self.clock() < self.expires)

    def _acquire(self, ahead: float = 0.0) -> str | None:
        """The sha of our lease tag once the ref is ours; None when going on without."""
        self.expires = self.clock() + max(0.0, ahead) + self.lease
        try:
            tag = self._lease_tag()
        except (AuthError, NotFound, Refused, Transient) as exc:
            self._unavailable(exc)
            return None
        deadline = self.clock() + self.wait
        try:
            while not self._take(tag):
                self._wait_or_take_over(deadline)
        except (AuthError, NotFound, Refused, Transient) as exc:
            self._unavailable(exc)
            return None
        return tag

    def _lease_tag(self) -> str:
        """Write the lease; where GitHub does not know the commit it points at, once more on
        the fallback's."""
        def write() -> str:
            return _sha(self.request("POST", "/git/tags", "write the sync lock's lease", {
                "tag": TAG_NAME, "message": _lease_text(self.holder, self.expires),
                "object": self._commit(), "type": "commit"}))
        try:
            return write()
        except Refused as exc:
            if self.fallback is None or "object does not exist" not in str(exc).casefold():
                raise
            first, self._object = self._object, self.fallback()
            if self._object == first:
                raise
            return write()

    def _take(self, tag: str) -> bool:
        """One atomic create of the ref: True when it is ours, False when someone holds it."""
        try:
            self.request("POST", "/git/refs", "take the sync lock", {"ref": LOCK_REF, "sha": tag})
            return True
        except UnknownOutcome:  # did it happen? the ref says
            return self._points_at() == tag
        except Refused as exc:
            if "already exists" in str(exc).casefold():
                return False
            raise

    def _wait_or_take_over(self, deadline: float) -> None:
        """Someone holds the ref: take it over when their lease ran out, else wait a poll;
        `Busy` when the wait is over."""
        current = self._points_at()
        if current is None:
            return  # released meanwhile: try again at once
        holder, expires = self._lease_of(current)
        now = self.clock()
        if expires is None or expires <= now:
            self.warn(f"took over the sync lock left by {holder} (its lease ran out"
                      f"{' at ' + _stamp(expires) if expires else ''})")
            self.doubtful = True
            self._delete_if(current)
            return
        if now >= deadline:
            raise Busy(f"another sync holds the lock on this repository ({holder}, until "
                       f"{_stamp(expires)}); waited {self.wait:.0f}s and changed nothing",
                       backend="github", hint="sync again once it is done, or raise "
                       "[github] lock_wait")
        self.sleep(min(self.poll * (0.5 + random.random()), max(0.0, deadline - now)))

    def _points_at(self) -> str | None:
        try:
            data = self.request("GET", f"/git/ref/{_REF_PATH}", "read the sync lock", None)
        except NotFound:
            return None
        return _sha(data.get("object") if isinstance(data, dict) else None)

    def _lease_of(self, sha: str) -> tuple[str, float | None]:
        try:
            data = self.request("GET", f"/git/tags/{sha}", "read the sync lock's lease", None)
        except NotFound:
            return "an unknown holder", None
        return _read_lease(str(data.get("message") or ""))

    def _delete_if(self, sha: str) -> None:
        """Delete the ref if it still points at `sha` (a small window remains between the
        read and the delete; the engine's collapse covers what slips through it)."""
        try:
            if self._points_at() == sha:
                self._delete()
        except (NotFound, Refused):
            pass  # gone already

    def _delete(self) -> None:
        with contextlib.suppress(NotFound, Refused):  # gone already
            self.request("DELETE", f"/git/refs/{_REF_PATH}", "remove the sync lock", None)

    def _release(self, mine: str) -> None:
        try:
            if self.clock() < self.expires - self.lease / 2:
                # Nobody takes over a lease that has not run out, so the ref is still ours:
                # no read first (half the lease is the margin for other runners' clocks).
                self._delete()
            else:
                self._delete_if(mine)
        except Exception as exc:  # noqa: BLE001 - a lock left behind expires with its lease
            self.warn(f"the sync lock was not released ({exc}); it expires by itself")
