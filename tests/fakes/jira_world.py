"""The state behind the fake Jira: one project, its users, issues (with their entity
properties), workflow and create screen, and the search index that lags behind them
(`tests/fakes/jira_jql.py`).

Kept apart from the HTTP layer (`tests/fakes/jira.py`) so each stays readable. Shapes follow
the Jira Cloud platform OpenAPI description and apis.md section B; where Data Center differs
(user names, createmeta `values`) the flavour decides.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .jira_jql import SearchIndex, search

# -- workflow: statuses, categories, transitions (the default "simplified" workflow) -------
CATEGORIES = {"new": (2, "To Do", "blue-gray"), "indeterminate": (4, "In Progress", "yellow"),
              "done": (3, "Done", "green")}
STATUSES = {"10000": ("To Do", "new"), "3": ("In Progress", "indeterminate"),
            "10001": ("Done", "done")}
# status id -> [(transition id, transition name, target status id)]
WORKFLOW = {
    "10000": [("21", "Start Progress", "3"), ("31", "Done", "10001")],
    "3": [("11", "Stop Progress", "10000"), ("31", "Done", "10001")],
    "10001": [("41", "Reopen", "10000")],
}
PRIORITIES = {"1": "Highest", "2": "High", "3": "Medium", "4": "Low", "5": "Lowest"}
ISSUE_TYPES = {"10001": "Task", "10002": "Bug"}
PROJECT_ID = "10000"


@dataclass
class User:
    name: str
    display_name: str
    email: str
    account_id: str
    active: bool = True

    def json(self, base: str, cloud: bool) -> dict[str, Any]:
        data: dict[str, Any] = {"displayName": self.display_name, "active": self.active,
                                "emailAddress": self.email, "timeZone": "UTC",
                                "avatarUrls": {"48x48": f"{base}/avatar/{self.name}.png"}}
        if cloud:
            data.update(self=f"{base}/rest/api/2/user?accountId={self.account_id}",
                        accountId=self.account_id, accountType="atlassian")
        else:
            data.update(self=f"{base}/rest/api/2/user?username={self.name}", name=self.name,
                        key=f"JIRAUSER{10000 + abs(hash(self.name)) % 9000}")
        return data


DEFAULT_USERS = [
    User("alice", "Alice Example", "alice@example.com", "5b10a2844c20165700ede21g"),
    User("bob", "Bob Builder", "bob@example.com", "5b10ac8d82e05b22cc7d4ef5"),
    User("sam.lee", "Sam Lee", "sam.lee@example.com", "70121:0b7c3e2a-1111"),
    User("sam.park", "Sam Park", "sam.park@example.com", "70121:0b7c3e2a-2222"),
    User("gone", "Gone Person", "gone@example.com", "5b10ac8d82e05b22cc7d0000", active=False),
]


@dataclass
class CustomField:
    id: str
    name: str
    options: tuple[str, ...] = ("SRE", "Payments", "Platform")
    required: bool = True


@dataclass
class World:
    cloud: bool
    project: str = "OPS"
    custom_fields: list[CustomField] = field(default_factory=list)
    users: list[User] = field(default_factory=lambda: list(DEFAULT_USERS))
    lock: threading.RLock = field(default_factory=threading.RLock)
    issues: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> stored issue
    next_id: int = 10001
    next_number: int = 1
    index: SearchIndex = field(default_factory=SearchIndex)
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (type, outward, inward)

    # -- lookups -----------------------------------------------------------------------
    def find(self, id_or_key: str) -> dict[str, Any] | None:
        if id_or_key in self.issues:
            return self.issues[id_or_key]
        return next((i for i in self.issues.values()
                     if i["key"].casefold() == id_or_key.casefold()), None)

    def user_by_ref(self, ref: dict[str, Any] | None) -> User | None:
        if not isinstance(ref, dict):
            return None
        attr, value = ("account_id", ref.get("accountId")) if self.cloud else \
            ("name", ref.get("name"))
        return next((u for u in self.users if getattr(u, attr) == value and u.active), None)

    def search_users(self, term: str) -> list[User]:
        term = term.casefold()
        def hit(u: User) -> bool:
            words = [u.display_name, u.email, *u.display_name.split()] + ([] if self.cloud
                                                                         else [u.name])
            return any(w.casefold().startswith(term) for w in words)
        return [u for u in self.users if u.active and hit(u)]

    # -- create screen -----------------------------------------------------------------
    def create_fields(self, base: str) -> list[dict[str, Any]]:
        def meta(fid: str, name: str, schema: dict[str, Any], *, required: bool = False,
                 default: bool = False, allowed: list[Any] | None = None) -> dict[str, Any]:
            data = {"fieldId": fid, "key": fid, "name": name, "required": required,
                    "hasDefaultValue": default, "schema": schema,
                    "operations": ["set"] if fid != "labels" else ["add", "set", "remove"]}
            if allowed is not None:
                data["allowedValues"] = allowed
            return data
        fields = [
            meta("summary", "Summary", {"type": "string", "system": "summary"}, required=True),
            meta("issuetype", "Issue Type", {"type": "issuetype", "system": "issuetype"},
                 required=True, allowed=[self.issue_type_json(base, i) for i in ISSUE_TYPES]),
            meta("project", "Project", {"type": "project", "system": "project"}, required=True),
            meta("description", "Description", {"type": "string", "system": "description"}),
            meta("labels", "Labels", {"type": "array", "items": "string", "system": "labels"}),
            meta("duedate", "Due date", {"type": "date", "system": "duedate"}),
            meta("priority", "Priority", {"type": "priority", "system": "priority"},
                 default=True, allowed=[self.priority_json(base, p) for p in PRIORITIES]),
            meta("assignee", "Assignee", {"type": "user", "system": "assignee"}),
            meta("reporter", "Reporter", {"type": "user", "system": "reporter"},
                 required=True, default=True),
        ]
        for cf in self.custom_fields:
            number = int(cf.id.rsplit("_", 1)[1])
            fields.append(meta(cf.id, cf.name, {
                "type": "option", "custom": "com.atlassian.jira.plugin.system.customfieldtypes"
                ":select", "customId": number}, required=cf.required,
                allowed=[{"self": f"{base}/rest/api/2/customFieldOption/{n}", "id": str(n),
                          "value": v} for n, v in enumerate(cf.options, 1)]))
        return fields

    @staticmethod
    def issue_type_json(base: str, type_id: str) -> dict[str, Any]:
        return {"self": f"{base}/rest/api/2/issuetype/{type_id}", "id": type_id,
                "name": ISSUE_TYPES[type_id], "description": "", "subtask": False,
                "iconUrl": f"{base}/images/{type_id}.svg"}

    @staticmethod
    def priority_json(base: str, pid: str) -> dict[str, Any]:
        return {"self": f"{base}/rest/api/2/priority/{pid}", "id": pid, "name": PRIORITIES[pid],
                "iconUrl": f"{base}/images/priority/{pid}.svg"}

    @staticmethod
    def status_json(base: str, sid: str) -> dict[str, Any]:
        name, cat = STATUSES[sid]
        cid, cname, colour = CATEGORIES[cat]
        return {"self": f"{base}/rest/api/2/status/{sid}", "id": sid, "name": name,
                "description": "", "iconUrl": f"{base}/images/status.png",
                "statusCategory": {"self": f"{base}/rest/api/2/statuscategory/{cid}", "id": cid,
                                   "key": cat, "colorName": colour, "name": cname}}

    # -- validating a create or an edit ------------------------------------------------
    def check_fields(self, fields: dict[str, Any], *, version: str, creating: bool
                     ) -> dict[str, str]:
        """Jira's per-field errors for these fields ({} when they are acceptable)."""
        errors: dict[str, str] = {}
        on_screen = {f["fieldId"] for f in self.create_fields("")}
        for fid in fields:
            if fid not in on_screen:
                errors[fid] = (f"Field '{fid}' cannot be set. It is not on the appropriate "
                               "screen, or unknown.")
        if creating:
            if (fields.get("project") or {}).get("key") != self.project and \
                    (fields.get("project") or {}).get("id") != PROJECT_ID:
                errors["project"] = "valid project is required"
            if str((fields.get("issuetype") or {}).get("id")) not in ISSUE_TYPES and \
                    (fields.get("issuetype") or {}).get("name") not in ISSUE_TYPES.values():
                errors["issuetype"] = "valid issue type is required"
            for cf in self.custom_fields:
                if cf.required and cf.id not in fields:
                    errors[cf.id] = f"{cf.name} is required."
        if (creating or "summary" in fields) and not str(fields.get("summary") or "").strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif len(str(fields.get("summary") or "")) > 255:
            errors["summary"] = "Summary must be less than 255 characters."
        if "description" in fields and fields["description"] is not None:
            desc = fields["description"]
            if version == "3" and not (isinstance(desc, dict) and desc.get("type") == "doc"):
                errors["description"] = ("Operation value must be an Atlassian Document (see "
                                         "the Atlassian Document Format)")
            elif version == "3" and adf_problem(desc):
                errors["description"] = "INVALID_INPUT"
            if version != "3" and not isinstance(desc, str):
                errors["description"] = "Operation value must be a string"
        for label in fields.get("labels") or []:
            if not isinstance(label, str) or not label or " " in label or len(label) > 255:
                errors["labels"] = f"The label '{label}' contains spaces which is invalid."
        if fields.get("duedate") is not None:
            try:
                dt.date.fromisoformat(str(fields["duedate"]))
            except ValueError:
                errors["duedate"] = f"Error parsing date string: {fields['duedate']}"
        if "priority" in fields:
            name = (fields["priority"] or {}).get("name")
            if name not in PRIORITIES.values() and (fields["priority"] or {}).get("id") \
                    not in PRIORITIES:
                errors["priority"] = "Specify a valid 'id' or 'name' for Priority"
        if fields.get("assignee") is not None:
            ref = fields["assignee"]
            if self.cloud and isinstance(ref, dict) and "name" in ref:
                errors["assignee"] = ("'accountId' must be the only user identifying query "
                                      "parameter in GDPR strict mode.")
            elif self.user_by_ref(ref) is None:
                errors["assignee"] = ("Specify a valid 'id' or 'name' for Assignee"
                                      if self.cloud else f"User '{ref.get('name')}' does not "
                                                         "exist.")
        for cf in self.custom_fields:
            if cf.id in fields and (fields[cf.id] or {}).get("value") not in cf.options:
                errors[cf.id] = f"Option value '{(fields[cf.id] or {}).get('value')}' is not valid"
        return errors

    # -- storing -----------------------------------------------------------------------
    def store(self, fields: dict[str, Any], base: str, caller: User | None,
              properties: dict[str, Any] | None = None) -> dict[str, Any]:
        now = stamp()
        issue_id, key = str(self.next_id), f"{self.project}-{self.next_number}"
        self.next_id += 1
        self.next_number += 1
        stored = {"id": issue_id, "key": key, "status": "10000", "resolution": None,
                  "resolutiondate": None, "created": now, "created_at": time.time(),
                  "updated": now, "comments": [], "properties": dict(properties or {}),
                  "fields": {"labels": [], "description": None, "duedate": None,
                             "assignee": None, "priority": {"id": "3"}}}
        stored["reporter"] = caller
        self.issues[issue_id] = stored
        self.apply(stored, fields)
        return stored

    def set_properties(self, stored: dict[str, Any], properties: dict[str, Any]) -> None:
        stored["properties"].update(properties)
        self.index.write(stored)

    def search(self, jql: str, reconcile: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
        return search(list(self.issues.values()), jql, self.index, self.project, PROJECT_ID,
                      STATUSES, reconcile)

    def apply(self, stored: dict[str, Any], fields: dict[str, Any]) -> None:
        for fid, value in fields.items():
            if fid in ("project", "issuetype"):
                continue
            if fid == "assignee":
                value = self.user_by_ref(value)
            elif fid == "priority":
                pid = value.get("id") or next(p for p, n in PRIORITIES.items()
                                              if n == value.get("name"))
                value = {"id": pid}
            stored["fields"][fid] = value
        stored["updated"] = stamp()
        self.index.write(stored)

    def move(self, stored: dict[str, Any], transition_id: str) -> bool:
        target = next((to for tid, _, to in WORKFLOW[stored["status"]]
                       if tid == str(transition_id)), None)
        if target is None:
            return False
        stored["status"] = target
        done = STATUSES[target][1] == "done"
        stored["resolution"] = {"id": "10000", "name": "Done"} if done else None
        stored["resolutiondate"] = stamp() if done else None
        stored["updated"] = stamp()
        self.index.write(stored)
        return True


PROPERTY_KEY_MAX, PROPERTY_VALUE_MAX = 255, 32768
ADF_SUBSET = Path(__file__).resolve().parents[1] / "schemas" / "jira" / "adf-subset.json"


@functools.cache
def _adf_validator() -> Any:
    import jsonschema
    schema = json.loads(ADF_SUBSET.read_text(encoding="utf-8"))
    known = {d["properties"]["type"]["enum"][0] for d in schema["definitions"].values()
             if "type" in d.get("properties", {})}
    return jsonschema.Draft4Validator(schema), known


def _node_types(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_node_types(n) for n in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    return {str(node.get("type"))} | _node_types(node.get("content")) | _node_types(
        node.get("marks"))


def adf_problem(doc: Any) -> str | None:
    """Why Jira would refuse this ADF document (None: it takes it). Checked against the
    schema subset of the nodes actiontrack writes; a document with other nodes (ones people
    add in Jira) is taken as it is."""
    validator, known = _adf_validator()
    if not _node_types(doc) <= known:
        return None
    error = next(iter(validator.iter_errors(doc)), None)
    return None if error is None else error.message


def properties_from(entries: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The `properties` of a create or an edit (`[{"key", "value"}]`) as a dict, with Jira's
    per-field errors for the ones it refuses."""
    if entries is None:
        return {}, {}
    if not isinstance(entries, list):
        return {}, {"properties": "properties must be a list of {key, value}"}
    out: dict[str, Any] = {}
    for entry in entries:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key or len(key) > PROPERTY_KEY_MAX:
            return {}, {"properties": "The property key must be 1 to 255 characters long."}
        if "value" not in entry or len(json.dumps(entry["value"])) > PROPERTY_VALUE_MAX:
            return {}, {"properties": f"The property '{key}' has no value or a value over "
                                      "32768 characters."}
        out[key] = entry["value"]
    return out, {}


def stamp() -> str:
    now = dt.datetime.now(dt.UTC)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}+0000"
