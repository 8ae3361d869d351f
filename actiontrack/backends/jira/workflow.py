"""Moving Jira issues through their workflow: done is a transition into the done status
category, reopened one into to-do (else in-progress); a configured transition name wins.

One write per move: the comment rides on the transition (`update.comment`), and so do the
issue properties given (`properties`, the link that records the new state), so an issue is
never closed without the comment that says why, nor without the marker that says actiontrack
closed it. The transition found for an issue type in a
status is reused for the next issue of that type in that status, so closing 1,000 issues
lists transitions once, not 1,000 times; a reused transition Jira refuses (a workflow
condition, another workflow) sends us back to the list for that issue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from ...errors import Refused
from ...model import Issue, IssueState
from .._http import expect_shape
from .http import NAME, WORDS

Request = Callable[..., Any]
State = tuple[str, str]  # (issue type id, status id)


def pick_transition(transitions: list[dict[str, Any]], categories: Sequence[str],
                    name: str | None) -> dict[str, Any] | None:
    """The configured transition (by its name or its target status's name), else the first
    one into the first of these status categories that has one."""
    if name:
        return next((t for t in transitions if name.casefold() in (
            str(t.get("name")).casefold(), str((t.get("to") or {}).get("name")).casefold())),
            None)
    for category in categories:
        for t in transitions:
            if ((t.get("to") or {}).get("statusCategory") or {}).get("key") == category:
                return t
    return None


def state_of(raw: dict[str, Any]) -> State | None:
    fields = raw.get("fields") or {}
    type_id = (fields.get("issuetype") or {}).get("id")
    status_id = (fields.get("status") or {}).get("id")
    return (str(type_id), str(status_id)) if type_id and status_id else None


class Workflow:
    def __init__(self, read: Request, write: Request, get: Callable[[str], Issue], *,
                 done_transition: str | None, reopen_transition: str | None,
                 comment_body: Callable[[str], Any]) -> None:
        self._read, self._write, self._get = read, write, get
        self._names = {True: done_transition, False: reopen_transition}
        self._comment_body = comment_body
        self.states: dict[str, State] = {}  # issue key -> its state as last seen
        self._chosen: dict[tuple[State, bool], dict[str, Any]] = {}  # (state, closing) -> t

    def _transitions(self, key: str) -> list[dict[str, Any]]:
        what = f"list transitions of {key}"
        found = self._read(what, "GET", f"issue/{key}/transitions").get("transitions")
        expect_shape(found, list, what, expected="a list of transitions", backend=NAME,
                     words=WORDS)
        return [t for t in found if isinstance(t, dict)]

    def _post(self, key: str, transition: dict[str, Any], comment: str | None,
              properties: Sequence[dict[str, Any]]) -> None:
        payload: dict[str, Any] = {"transition": {"id": str(transition["id"])}}
        if comment:
            payload["update"] = {"comment": [{"add": {"body": self._comment_body(comment)}}]}
        if properties:
            payload["properties"] = list(properties)
        self._write(f"transition {key}", "POST", f"issue/{key}/transitions", payload)

    def move(self, issue: Issue, closing: bool, comment: str | None,
             properties: Sequence[dict[str, Any]] = ()) -> tuple[Issue, bool]:
        """The issue moved into the done (or open) category, and whether this call made the
        transition (False: it was there already, or someone moved it meanwhile; then neither
        the comment nor `properties` were written)."""
        if issue.is_closed == closing:
            return issue, False
        state = self.states.get(issue.key)
        chosen = self._chosen.get((state, closing)) if state else None
        if chosen is not None:
            try:
                self._post(issue.key, chosen, comment, properties)
                return self._moved(issue, chosen), True
            except Refused:
                pass  # not from here after all: ask Jira what this issue can do
        categories = ("done",) if closing else ("new", "indeterminate")
        transitions = self._transitions(issue.key)
        chosen = pick_transition(transitions, categories, self._names[closing])
        if chosen is None:
            current = self._get(issue.key)  # moved by someone since we read it?
            if current.is_closed == closing:
                return current, False
            names = ", ".join(f"'{t.get('name')}'" for t in transitions) or "none"
            setting = "done_transition" if closing else "reopen_transition"
            raise Refused(f"{issue.key}: no transition from '{current.state_reason}' into a "
                          f"{'/'.join(categories)} status (available: {names})", backend=NAME,
                          hint=f"set [jira] {setting} to the transition's name")
        try:
            self._post(issue.key, chosen, comment, properties)
        except Refused:
            current = self._get(issue.key)  # moved meanwhile (another run closing it too)?
            if current.is_closed == closing:
                return current, False  # done already, commented by whoever did it
            raise
        if state is not None:
            self._chosen[(state, closing)] = chosen
        return self._moved(issue, chosen), True

    def _moved(self, issue: Issue, transition: dict[str, Any]) -> Issue:
        """The issue as the transition left it, without reading it back."""
        target = transition.get("to") or {}
        if issue.key in self.states and target.get("id"):
            self.states[issue.key] = (self.states[issue.key][0], str(target["id"]))
        done = (target.get("statusCategory") or {}).get("key") == "done"
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return issue.model_copy(update={
            "state": IssueState.CLOSED if done else IssueState.OPEN,
            "state_reason": target.get("name"), "updated_at": now,
            "closed_at": now if done else None})
