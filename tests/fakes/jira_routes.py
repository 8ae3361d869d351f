"""The endpoints of the fake Jira: one function per route, answering with Jira's shapes.

Called with the world locked, so a route reads and writes the state without races.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .jira_world import (
    ISSUE_TYPES,
    PROJECT_ID,
    STATUSES,
    WORKFLOW,
    User,
    World,
    adf_problem,
    properties_from,
    stamp,
)

if TYPE_CHECKING:
    from .jira import FakeJira, Reply

NOT_VISIBLE = "Issue does not exist or you do not have permission to see it."
ISSUE_EXPAND = "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations"


class Call:
    """One request as a route sees it."""

    def __init__(self, fake: FakeJira, args: dict[str, str], version: str,
                 query: dict[str, list[str]], body: Any, base: str, caller: User) -> None:
        self.fake, self.world = fake, fake.world
        self.args, self.version, self.query = args, version, query
        self.body = body if body is not None else {}
        self.base, self.caller = base, caller

    def param(self, name: str, default: str | None = None) -> str | None:
        if isinstance(self.body, dict) and name in self.body and self.body[name] is not None:
            value = self.body[name]
            return ",".join(value) if isinstance(value, list) else str(value)
        values = self.query.get(name)
        return values[0] if values else default

    def int_param(self, name: str, default: int) -> int:
        try:
            return int(self.param(name) or default)
        except ValueError:
            raise _err(400, [f"'{name}' must be a number"]) from None

    def wanted_fields(self, default: set[str] | None) -> set[str] | None:
        """The fields asked for (None: all of them)."""
        raw: list[str] = []
        if isinstance(self.body, dict) and isinstance(self.body.get("fields"), list):
            raw = self.body["fields"]
        else:
            raw = self.query.get("fields", [])
        names = {n.strip() for value in raw for n in value.split(",") if n.strip()}
        if not names:
            return default
        if names & {"*all", "*navigable"}:
            return None
        return names - {"id", "key"}

    def wanted_properties(self) -> list[str]:
        """The issue properties asked for (`properties=a,b`; `*all`)."""
        raw = self.body.get("properties") if isinstance(self.body, dict) else None
        values = raw if isinstance(raw, list) else self.query.get("properties", [])
        return [n.strip() for value in values for n in str(value).split(",") if n.strip()]

    def issue(self) -> dict[str, Any]:
        stored = self.world.find(self.args["k"])
        if stored is None:
            raise _err(404, [NOT_VISIBLE])
        return stored


def _err(status: int, messages: list[str] | None = None,
         fields: dict[str, str] | None = None) -> Reply:
    from .jira import errors
    return errors(status, messages, fields)


def _ok(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Reply:
    from .jira import Reply
    return Reply(status, body, headers)


# -- rendering ---------------------------------------------------------------------------------

def _description_for(stored: Any, version: str) -> Any:
    """Jira keeps one description and renders it per REST version (wiki string / ADF)."""
    if stored is None:
        return None
    if version == "3" and isinstance(stored, str):
        return {"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": stored}]}]}
    if version != "3" and isinstance(stored, dict):
        return _adf_text(stored)
    return stored


def _adf_text(node: dict[str, Any]) -> str:
    if node.get("type") == "text":
        return str(node.get("text", ""))
    sep = "\n\n" if node.get("type") == "doc" else ""
    return sep.join(_adf_text(c) for c in node.get("content") or [])


def issue_json(call: Call, stored: dict[str, Any], wanted: set[str] | None,
               properties: list[str] | None = None) -> dict[str, Any]:
    world, base = call.world, call.base
    f = stored["fields"]
    assignee, reporter = f.get("assignee"), stored.get("reporter")
    every: dict[str, Any] = {
        "summary": f.get("summary"),
        "description": _description_for(f.get("description"), call.version),
        "labels": list(f.get("labels") or []), "duedate": f.get("duedate"),
        "status": World.status_json(base, stored["status"]),
        "assignee": assignee.json(base, world.cloud) if assignee else None,
        "reporter": reporter.json(base, world.cloud) if reporter else None,
        "priority": World.priority_json(base, f["priority"]["id"]) if f.get("priority") else None,
        "resolution": ({"self": f"{base}/rest/api/2/resolution/10000", "description": "",
                        **stored["resolution"]} if stored["resolution"] else None),
        "resolutiondate": stored["resolutiondate"], "created": stored["created"],
        "updated": stored["updated"],
        "issuetype": World.issue_type_json(base, stored.get("issuetype", "10001")),
        "project": {"self": f"{base}/rest/api/2/project/{PROJECT_ID}", "id": PROJECT_ID,
                    "key": world.project, "name": "Operations"},
        "comment": {"comments": [_comment_json(call, stored, c) for c in stored["comments"]],
                    "maxResults": len(stored["comments"]), "total": len(stored["comments"]),
                    "startAt": 0},
    }
    for cf in world.custom_fields:
        every[cf.id] = f.get(cf.id)
    fields = every if wanted is None else {k: v for k, v in every.items() if k in wanted}
    out = {"expand": ISSUE_EXPAND, "id": stored["id"],
           "self": f"{base}/rest/api/{call.version}/issue/{stored['id']}", "key": stored["key"],
           "fields": fields}
    if properties:
        held = stored.get("properties") or {}
        out["properties"] = {k: v for k, v in held.items()
                             if "*all" in properties or k in properties}
    return out


def _comment_json(call: Call, stored: dict[str, Any], comment: dict[str, Any]) -> dict[str, Any]:
    author = comment["author"].json(call.base, call.world.cloud)
    return {"self": f"{call.base}/rest/api/{call.version}/issue/{stored['id']}/comment/"
                    f"{comment['id']}", "id": comment["id"],
            "body": _description_for(comment["body"], call.version), "author": author,
            "updateAuthor": author, "created": comment["created"], "updated": comment["created"],
            "jsdPublic": True}


# -- routes ------------------------------------------------------------------------------------

def server_info(call: Call) -> Reply:
    cloud = call.world.cloud
    return _ok(200, {
        "baseUrl": call.base, "displayUrl": call.base,
        "version": "1001.0.0-SNAPSHOT" if cloud else "9.12.2",
        "versionNumbers": [1001, 0, 0] if cloud else [9, 12, 2],
        "deploymentType": "Cloud" if cloud else "Server", "buildNumber": 100282,
        "buildDate": "2025-12-01T00:00:00.000+0000", "serverTime": stamp(),
        "scmInfo": "57a0ca5b4a0bb0ac5f3fee4764acb1c14e4d7e71", "serverTitle": "Jira"})


def myself(call: Call) -> Reply:
    return _ok(200, call.caller.json(call.base, call.world.cloud))


def fields(call: Call) -> Reply:
    out = []
    for meta in call.world.create_fields(call.base):
        fid = meta["fieldId"]
        custom = fid.startswith("customfield_")
        clauses = [f"cf[{fid.rsplit('_', 1)[1]}]", meta["name"]] if custom else [fid]
        out.append({"id": fid, "key": fid, "name": meta["name"], "custom": custom,
                    "orderable": True, "navigable": True, "searchable": True,
                    "clauseNames": clauses, "schema": meta["schema"]})
    for fid, name in (("status", "Status"), ("resolution", "Resolution"),
                      ("created", "Created"), ("updated", "Updated")):
        out.append({"id": fid, "key": fid, "name": name, "custom": False, "orderable": False,
                    "navigable": True, "searchable": True, "clauseNames": [fid],
                    "schema": {"type": "datetime" if fid in ("created", "updated") else fid,
                               "system": fid}})
    return _ok(200, out)


def _check_project(call: Call) -> None:
    if call.args["p"].casefold() not in (call.world.project.casefold(), PROJECT_ID):
        raise _err(404, [f"No project could be found with key '{call.args['p']}'."])


def project(call: Call) -> Reply:
    _check_project(call)
    data = {"self": f"{call.base}/rest/api/2/project/{PROJECT_ID}", "id": PROJECT_ID,
            "key": call.world.project, "name": "Operations", "projectTypeKey": "software",
            "simplified": False, "style": "classic", "isPrivate": False}
    if "issueTypes" in (call.param("expand") or ""):
        data["issueTypes"] = [World.issue_type_json(call.base, t) for t in ISSUE_TYPES]
    return _ok(200, data)


def _page(call: Call, items: list[Any], key: str) -> Reply:
    start, size = call.int_param("startAt", 0), min(call.int_param("maxResults", 50), 200)
    chunk = items[start:start + size]
    if call.world.cloud:
        return _ok(200, {key: chunk, "maxResults": size, "startAt": start, "total": len(items)})
    # Data Center (>= 8.4) pages createmeta as "values" (a guess from its REST browser docs).
    return _ok(200, {"maxResults": size, "startAt": start, "total": len(items),
                     "isLast": start + size >= len(items), "values": chunk})


def createmeta_types(call: Call) -> Reply:
    _check_project(call)
    return _page(call, [World.issue_type_json(call.base, t) for t in ISSUE_TYPES], "issueTypes")


def createmeta_fields(call: Call) -> Reply:
    _check_project(call)
    if call.args["t"] not in ISSUE_TYPES:
        raise _err(404, [f"Issue type with id '{call.args['t']}' does not exist."])
    return _page(call, call.world.create_fields(call.base), "fields")


def _created(call: Call, stored: dict[str, Any]) -> dict[str, Any]:
    return {"id": stored["id"], "key": stored["key"],
            "self": f"{call.base}/rest/api/{call.version}/issue/{stored['id']}"}


def _store(call: Call, fields_in: dict[str, Any], properties: dict[str, Any]
           ) -> dict[str, Any]:
    stored = call.world.store(fields_in, call.base, call.caller, properties)
    type_ref = fields_in.get("issuetype") or {}
    stored["issuetype"] = str(type_ref.get("id") or next(
        (i for i, n in ISSUE_TYPES.items() if n == type_ref.get("name")), "10001"))
    return stored


def _checked(call: Call, update: dict[str, Any], *, creating: bool
             ) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(fields, properties, per-field errors) of one issue update of a create or an edit."""
    fields_in = update.get("fields") or {}
    properties, problems = properties_from(update.get("properties"))
    problems.update(call.world.check_fields(fields_in, version=call.version,
                                            creating=creating))
    return fields_in, properties, problems


def create_issue(call: Call) -> Reply:
    fields_in, properties, problems = _checked(call, call.body, creating=True)
    if problems:
        raise _err(400, [], problems)
    return _ok(201, _created(call, _store(call, fields_in, properties)))


def create_bulk(call: Call) -> Reply:
    updates = call.body.get("issueUpdates") or []
    if len(updates) > 50:
        failures = [{"status": 400, "failedElementNumber": n, "elementErrors": {
            "errorMessages": ["Bulk create is limited to 50 issues per request."], "errors": {}}}
            for n in range(len(updates))]
        raise _ok(400, {"issues": [], "errors": failures})
    issues, failures = [], []
    for n, update in enumerate(updates):
        fields_in, properties, problems = _checked(call, update or {}, creating=True)
        if problems:
            failures.append({"status": 400, "failedElementNumber": n,
                             "elementErrors": {"errorMessages": [], "errors": problems}})
        else:
            issues.append(_created(call, _store(call, fields_in, properties)))
    return _ok(201 if issues else 400, {"issues": issues, "errors": failures})


def get_issue(call: Call) -> Reply:
    return _ok(200, issue_json(call, call.issue(), call.wanted_fields(None),
                               call.wanted_properties()))


def edit_issue(call: Call) -> Reply:
    stored = call.issue()
    if call.body.get("update"):
        raise _err(400, ["the fake Jira accepts edits through 'fields' only"])
    fields_in, properties, problems = _checked(call, call.body, creating=False)
    if problems:
        raise _err(400, [], problems)
    call.world.apply(stored, fields_in)
    if properties:
        call.world.set_properties(stored, properties)
    return _ok(204)


def get_property(call: Call) -> Reply:
    stored, key = call.issue(), call.args["pk"]
    if key not in stored["properties"]:
        raise _err(404, [f"The property with key '{key}' does not exist."])
    return _ok(200, {"key": key, "value": stored["properties"][key]})


def set_property(call: Call) -> Reply:
    stored, key = call.issue(), call.args["pk"]
    properties, problems = properties_from([{"key": key, "value": call.body}]
                                           if call.body not in (None, {}) else [{"key": key}])
    if problems:
        raise _err(400, [], problems)
    created = key not in stored["properties"]
    call.world.set_properties(stored, properties)
    return _ok(201 if created else 200)


def transitions(call: Call) -> Reply:
    stored = call.issue()
    return _ok(200, {"expand": "transitions", "transitions": [
        {"id": tid, "name": name, "to": World.status_json(call.base, to), "hasScreen": False,
         "isGlobal": False, "isInitial": False, "isAvailable": True, "isConditional": False,
         "isLooped": False} for tid, name, to in WORKFLOW[stored["status"]]]})


def do_transition(call: Call) -> Reply:
    """A transition, with the comment (`update.comment`) and the issue properties
    (`properties`, as on an edit: IssueUpdateDetails) of the same request, all or nothing."""
    stored = call.issue()
    tid = str((call.body.get("transition") or {}).get("id"))
    properties, problems = properties_from(call.body.get("properties"))
    if problems:
        raise _err(400, [], problems)
    if not call.world.move(stored, tid):
        raise _err(400, [f"Transition id '{tid}' is not valid for this issue."])
    if properties:
        call.world.set_properties(stored, properties)
    for op in (call.body.get("update") or {}).get("comment") or []:
        _add_comment(call, stored, (op.get("add") or {}).get("body"))
    return _ok(204)


def _add_comment(call: Call, stored: dict[str, Any], body: Any) -> dict[str, Any]:
    if not body:
        raise _err(400, [], {"comment": "Comment body can not be empty!"})
    if (call.version == "3") != isinstance(body, dict):
        raise _err(400, [], {"comment": "Comment body is not in the format this REST "
                                        "version expects (ADF on v3, a string on v2)."})
    if call.version == "3" and adf_problem(body):
        raise _err(400, [], {"comment": "INVALID_INPUT"})
    comment = {"id": str(10000 + sum(len(i["comments"]) for i in call.world.issues.values())),
               "body": body, "author": call.caller, "created": stamp()}
    stored["comments"].append(comment)
    return comment


def comments(call: Call) -> Reply:
    stored = call.issue()
    items = [_comment_json(call, stored, c) for c in stored["comments"]]
    return _ok(200, {"comments": items, "maxResults": len(items), "startAt": 0,
                     "total": len(items)})


def add_comment(call: Call) -> Reply:
    stored = call.issue()
    comment = _add_comment(call, stored, call.body.get("body"))
    return _ok(201, _comment_json(call, stored, comment))


def assign(call: Call) -> Reply:
    stored = call.issue()
    problems = call.world.check_fields({"assignee": call.body or None}, version=call.version,
                                       creating=False)
    if problems:
        raise _err(400, [], problems)
    call.world.apply(stored, {"assignee": call.body or None})
    return _ok(204)


LINK_TYPES = {"Duplicate": ("duplicates", "is duplicated by"), "Blocks": ("blocks",
                                                                        "is blocked by"),
              "Relates": ("relates to", "relates to")}


def link_issues(call: Call) -> Reply:
    """`POST issueLink`: `outwardIssue` <outward verb> `inwardIssue` ("A duplicates B")."""
    name = (call.body.get("type") or {}).get("name")
    if name not in LINK_TYPES:
        raise _err(404, [f"No issue link type with name '{name}' found."])
    ends = []
    for end in ("outwardIssue", "inwardIssue"):
        ref = call.body.get(end) or {}
        stored = call.world.find(str(ref.get("key") or ref.get("id") or ""))
        if stored is None:
            raise _err(404, [f"Issue Does Not Exist: {ref}"])
        ends.append(stored["key"])
    call.world.links.append((name, ends[0], ends[1]))
    return _ok(201)


def user_search(call: Call) -> Reply:
    world = call.world
    if world.cloud and call.param("username"):
        raise _err(400, ["'accountId' must be the only user identifying query parameter in "
                         "GDPR strict mode."])
    term = call.param("query") if world.cloud else call.param("username")
    if not term:
        raise _err(400, ["One of 'query' or 'accountId' parameters must be provided."
                         if world.cloud else "The username query parameter was not provided"])
    found = world.search_users(term)
    start, size = call.int_param("startAt", 0), call.int_param("maxResults", 50)
    return _ok(200, [u.json(call.base, world.cloud) for u in found[start:start + size]])


HANDLERS: dict[tuple[str, str], Callable[[Call], Reply]] = {
    ("GET", "/serverInfo"): server_info,
    ("GET", "/myself"): myself,
    ("GET", "/field"): fields,
    ("GET", "/project/{projectIdOrKey}"): project,
    ("GET", "/issue/createmeta/{projectIdOrKey}/issuetypes"): createmeta_types,
    ("GET", "/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}"): createmeta_fields,
    ("POST", "/issue"): create_issue,
    ("POST", "/issue/bulk"): create_bulk,
    ("GET", "/issue/{issueIdOrKey}"): get_issue,
    ("PUT", "/issue/{issueIdOrKey}"): edit_issue,
    ("GET", "/issue/{issueIdOrKey}/transitions"): transitions,
    ("POST", "/issue/{issueIdOrKey}/transitions"): do_transition,
    ("GET", "/issue/{issueIdOrKey}/comment"): comments,
    ("POST", "/issue/{issueIdOrKey}/comment"): add_comment,
    ("PUT", "/issue/{issueIdOrKey}/assignee"): assign,
    ("GET", "/issue/{issueIdOrKey}/properties/{propertyKey}"): get_property,
    ("PUT", "/issue/{issueIdOrKey}/properties/{propertyKey}"): set_property,
    ("GET", "/user/search"): user_search,
    ("POST", "/issueLink"): link_issues,
}


def dispatch(fake: FakeJira, method: str, name: str, args: dict[str, str], version: str,
             query: dict[str, list[str]], body: Any, base: str, caller: User) -> Reply:
    from .jira_search import SEARCH_HANDLERS
    handler = HANDLERS.get((method, name)) or SEARCH_HANDLERS[(method, name)]
    return handler(Call(fake, args, version, query, body, base, caller))


__all__ = ["dispatch", "issue_json", "STATUSES"]
