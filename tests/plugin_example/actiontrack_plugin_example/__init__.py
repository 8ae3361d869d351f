"""An example actiontrack backend plugin: a tracker kept in one JSON file.

It shows what a third-party backend needs and nothing more: a `Backend` subclass that reads
its settings from its own config section (`[jsonfile] path`) or the environment
(`ACTIONTRACK_JSONFILE`), keeps the link to each postmortem item in the issue body with the
shared marker helpers, and an entry point in the group `actiontrack.backends`
(see pyproject.toml). It proves itself with the shipped contract suite,
`actiontrack.testing.BackendContract`. Not for real use: two processes writing at once would
lose each other's changes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from actiontrack.backends.base import Backend, body_with_marker, parse_marker
from actiontrack.config import Config
from actiontrack.errors import NotFound
from actiontrack.model import CloseReason, Issue, IssueDraft, IssueFields, IssueState

__all__ = ["JsonFileBackend"]


class JsonFileBackend(Backend):
    name = "jsonfile"
    native_due = True

    def __init__(self, config: Config, env: Mapping[str, str] | None = None) -> None:
        super().__init__(config, env)
        path = self.env.get("ACTIONTRACK_JSONFILE") or \
            config.backend_section("jsonfile").get("path", ".actiontrack/issues.json")
        self.path = Path(path)

    # -- storage -------------------------------------------------------------------------
    def _load(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"next": 1, "issues": {}}
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)  # readers never see half a file

    def _issue(self, key: str, record: dict[str, Any]) -> Issue:
        return Issue(backend=self.name, key=key, title=record["title"], body=record["body"],
                     state=IssueState(record["state"]), state_reason=record.get("reason"),
                     assignee=record.get("assignee"), labels=tuple(record["labels"]),
                     due=dt.date.fromisoformat(record["due"]) if record.get("due") else None,
                     priority=record.get("priority"), link=parse_marker(record["body"]))

    # -- the Backend interface -----------------------------------------------------------
    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        issues = [self._issue(k, r) for k, r in self._load()["issues"].items()]
        return [i for i in issues if i.link is not None
                and (postmortem_ids is None or i.link.postmortem_id in postmortem_ids)]

    def get(self, key: str) -> Issue:
        record = self._load()["issues"].get(str(key))
        if record is None:
            raise NotFound(f"no issue {key} in {self.path}", backend=self.name)
        return self._issue(str(key), record)

    def create(self, draft: IssueDraft) -> Issue:
        data = self._load()
        key = str(data["next"])
        data["next"] += 1
        data["issues"][key] = {
            "title": draft.title, "body": body_with_marker(draft.body, draft.link),
            "state": "open", "assignee": draft.assignee, "labels": list(draft.labels),
            "due": draft.due.isoformat() if draft.due else None, "priority": draft.priority,
            "comments": []}
        self._save(data)
        return self.get(key)

    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        data = self._load()
        record = data["issues"].get(issue.key)
        if record is None:
            raise NotFound(f"no issue {issue.key} in {self.path}", backend=self.name)
        if fields.title is not None:
            record["title"] = fields.title
        if fields.body is not None or fields.link is not None:
            body = fields.body if fields.body is not None else record["body"]
            record["body"] = body_with_marker(body, fields.link or parse_marker(record["body"]))
        if fields.assignee is not None:
            record["assignee"] = fields.assignee or None
        if fields.due is not None:
            record["due"] = fields.due.isoformat()
        if fields.labels is not None:
            record["labels"] = list(fields.labels)
        if fields.priority is not None:
            record["priority"] = fields.priority or None
        self._save(data)
        return self.get(issue.key)

    def _set_state(self, issue: Issue, state: str, reason: str, comment: str | None) -> Issue:
        data = self._load()
        record = data["issues"].get(issue.key)
        if record is None:
            raise NotFound(f"no issue {issue.key} in {self.path}", backend=self.name)
        record.update(state=state, reason=reason)
        if comment:
            record["comments"].append(comment)
        self._save(data)
        return self.get(issue.key)

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        return self._set_state(issue, "closed", CloseReason(reason).value, comment)

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        return self._set_state(issue, "open", "reopened", comment)

    def describe(self) -> str:
        return f"JSON file {self.path}"
