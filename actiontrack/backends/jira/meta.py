"""Create metadata for the Jira backend: which fields the project's create screen has, which
of them Jira requires, and the values the config gives for them.

Read once per run from `GET issue/createmeta/{project}/issuetypes` (to find the issue type's
id) and `GET issue/createmeta/{project}/issuetypes/{id}` (its fields), so a required field
actiontrack cannot fill fails the sync *before* anything is created, naming the field and the
config key to set. Cloud answers `issueTypes` / `fields`; Data Center answers `values`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ...errors import ConfigError
from ...model import IssueDraft

# Fields every create sends, so a requirement on them is always met. Jira fills the reporter
# with the calling account.
ALWAYS_SENT = frozenset({"project", "issuetype", "summary", "description", "labels", "reporter"})
# Fields sent only when the item has a value (or the config gives a default).
SENT_WHEN_KNOWN = {"duedate": "due", "priority": "priority", "assignee": "assignee"}
# Without these on the create screen an issue cannot say what it tracks, or be found again.
NEEDED_ON_SCREEN = ("summary", "description", "labels")
PAGE = 100


@dataclass
class CreateMeta:
    issue_type_id: str
    issue_type: str
    fields: dict[str, dict[str, Any]]  # field id -> FieldCreateMetadata
    defaults: dict[str, Any] = field(default_factory=dict)  # field id -> value to send

    def on_screen(self, field_id: str) -> bool:
        return field_id in self.fields

    def allowed_names(self, field_id: str) -> set[str] | None:
        """The names Jira accepts for a field with a fixed list of values (e.g. priority)."""
        values = self.fields.get(field_id, {}).get("allowedValues")
        if not values:
            return None
        return {str(v.get("name")).casefold() for v in values if isinstance(v, dict)}


def _page_items(page: dict[str, Any], *keys: str) -> list[dict[str, Any]]:
    for key in keys:
        value = page.get(key)
        if isinstance(value, list):
            return value
    return []


def load_create_meta(get_json: Callable[[str, dict[str, Any]], dict[str, Any]], project: str,
                     issue_type: str, configured: dict[str, Any], *, cloud: bool) -> CreateMeta:
    types = _page_items(get_json(f"issue/createmeta/{project}/issuetypes",
                                 {"maxResults": PAGE}), "issueTypes", "values")
    match = next((t for t in types if str(t.get("name", "")).casefold() == issue_type.casefold()
                  or str(t.get("id")) == issue_type), None)
    if match is None:
        names = ", ".join(sorted(str(t.get("name")) for t in types)) or "none"
        raise ConfigError(f"project {project} has no issue type '{issue_type}'",
                          key="jira.issue_type", hint=f"its issue types: {names}")
    type_id = str(match["id"])
    fields: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        page = get_json(f"issue/createmeta/{project}/issuetypes/{type_id}",
                        {"startAt": start, "maxResults": PAGE})
        items = _page_items(page, "fields", "results", "values")
        for item in items:
            fields[str(item.get("fieldId") or item.get("key"))] = item
        start += len(items)
        if not items or start >= int(page.get("total", start)):
            break
    meta = CreateMeta(issue_type_id=type_id, issue_type=str(match.get("name", issue_type)),
                      fields=fields)
    meta.defaults = _configured_values(meta, configured, project, cloud=cloud)
    return meta


def _field_id(meta: CreateMeta, name: str) -> str | None:
    if name in meta.fields:
        return name
    wanted = name.casefold()
    return next((fid for fid, f in meta.fields.items()
                 if str(f.get("name", "")).casefold() == wanted), None)


def _configured_values(meta: CreateMeta, configured: dict[str, Any], project: str, *,
                       cloud: bool) -> dict[str, Any]:
    values = {}
    for name, value in configured.items():
        fid = _field_id(meta, name)
        if fid is None:
            raise ConfigError(f"'{name}' is not a field of the create screen of "
                              f"{meta.issue_type} in {project}", key=f"jira.fields.{name}",
                              hint="use a field id (customfield_...) or name that createmeta "
                                   "lists, or remove it")
        values[fid] = coerce_value(meta.fields[fid].get("schema") or {}, value, cloud=cloud)
    return values


def coerce_value(schema: dict[str, Any], value: Any, *, cloud: bool) -> Any:
    """A config value (often a plain string) in the shape Jira wants for the field's type."""
    kind, items = schema.get("type"), schema.get("items")
    if isinstance(value, (dict, bool)):
        return value
    if kind == "option":
        return {"value": str(value)}
    if kind == "array":
        seq = value if isinstance(value, list) else [value]
        if items == "option":
            return [v if isinstance(v, dict) else {"value": str(v)} for v in seq]
        if items in ("component", "version"):
            return [v if isinstance(v, dict) else {"name": str(v)} for v in seq]
        return seq
    if kind == "number" and isinstance(value, str):
        return float(value)
    if kind == "user" and isinstance(value, str):
        return {"accountId": value} if cloud else {"name": value}
    if kind in ("priority", "issuetype", "component", "version", "resolution") \
            and isinstance(value, str):
        return {"name": value}
    return value


def check_required(meta: CreateMeta, drafts: Sequence[IssueDraft], project: str) -> None:
    """Raise ConfigError naming the first required field that no create would fill."""
    for fid in NEEDED_ON_SCREEN:
        if not meta.on_screen(fid):
            raise ConfigError(f"the create screen of {meta.issue_type} in {project} has no "
                              f"'{fid}' field; actiontrack writes and finds its issues through it",
                              key="jira.issue_type",
                              hint=f"add '{fid}' to the create screen or pick another issue type")
    for fid, spec in meta.fields.items():
        if not spec.get("required") or spec.get("hasDefaultValue") or fid in ALWAYS_SENT \
                or fid in meta.defaults:
            continue
        attr = SENT_WHEN_KNOWN.get(fid)
        if attr is not None and all(getattr(d, attr) for d in drafts):
            continue
        name = spec.get("name") or fid
        raise ConfigError(
            f"Jira requires the field '{name}' ({fid}) to create a {meta.issue_type} in "
            f"{project}, and actiontrack has no value for it; nothing was created",
            key=f"jira.fields.{fid}",
            hint=f"set it under [jira.fields] in the config, e.g. {fid} = \"...\"")
