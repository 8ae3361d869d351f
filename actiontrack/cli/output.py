"""How parse and sync results look: human text and the JSON shapes other tools rely on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Action, ActionItem, Issue, ParsedDocument

if TYPE_CHECKING:
    from ..sync import SyncResult

# Past-tense verbs for a sync, and the conditional for a dry run.
_DONE = {Action.CREATE: "created", Action.UPDATE: "updated", Action.UNCHANGED: "unchanged",
         Action.CLOSE: "closed", Action.REOPEN: "reopened", Action.ORPHANED: "orphaned",
         Action.PRUNE: "pruned", Action.SKIP: "skipped"}
_WOULD = {Action.CREATE: "would create", Action.UPDATE: "would update",
          Action.UNCHANGED: "unchanged", Action.CLOSE: "would close",
          Action.REOPEN: "would reopen", Action.ORPHANED: "orphaned",
          Action.PRUNE: "would prune", Action.SKIP: "would skip"}


def item_json(item: ActionItem) -> dict[str, object]:
    return {
        "id": item.id, "title": item.title, "kind": item.kind, "kind_source": item.kind_source,
        "owner": item.owner, "due": item.due.isoformat() if item.due else None,
        "due_source": item.due_source,
        "status": item.status.value if item.status else None, "priority": item.priority,
        "links": list(item.links), "line": item.line, "group": item.group,
        "rationale": item.rationale,
    }


def parse_json(doc: ParsedDocument) -> dict[str, object]:
    pm = doc.postmortem
    return {
        "postmortem": {
            "id": pm.id, "title": pm.title,
            "incident_date": pm.incident_date.isoformat() if pm.incident_date else None,
            "source": pm.source, "severity": pm.severity, "impact": pm.impact,
            "root_cause": pm.root_cause,
        },
        "action_items": [item_json(i) for i in doc.action_items],
    }


def parse_text(doc: ParsedDocument) -> str:
    pm = doc.postmortem
    date = pm.incident_date.isoformat() if pm.incident_date else "unknown date"
    lines = [f"{pm.title} ({pm.id}, incident {date})",
             f"{len(doc.action_items)} action item{'s' if len(doc.action_items) != 1 else ''}"]
    for item in doc.action_items:
        done = "x" if item.is_done else "-" if item.is_dropped else " "
        meta = [item.kind or "?", f"due {item.due.isoformat()}" if item.due else "no due date"]
        if item.owner:
            meta.append(f"owner {item.owner}")
        lines.append(f"  [{done}] {item.title}  ({', '.join(meta)}; line {item.line})")
    return "\n".join(lines)


def _issue_ref(issue: Issue | None) -> dict[str, object] | None:
    return {"key": issue.key, "url": issue.url} if issue is not None else None


def counts(result: SyncResult) -> dict[str, int]:
    return {
        "created": result.count(Action.CREATE),
        "updated": result.count(Action.UPDATE) + result.count(Action.REOPEN),
        "unchanged": result.count(Action.UNCHANGED),
        "closed": result.count(Action.CLOSE) + result.count(Action.PRUNE),
        "orphaned": result.count(Action.ORPHANED) + result.count(Action.PRUNE),
        "skipped": result.count(Action.SKIP),
    }


def sync_json(result: SyncResult) -> dict[str, object]:
    data: dict[str, object] = dict(counts(result))
    data["dry_run"] = result.dry_run
    items = []
    for applied in result.applied:
        change = applied.change
        title = change.item.title if change.item else (change.issue.title if change.issue else "")
        entry = {"id": change.item.id if change.item else
                 (change.issue.link.item_id if change.issue and change.issue.link else None),
                 "title": title, "postmortem": change.postmortem_id,
                 "action": change.action.value, "fields": list(change.changed_fields),
                 "issue": _issue_ref(applied.issue)}
        if applied.error is not None:
            entry["error"] = str(applied.error)
        items.append(entry)
    data["items"] = items
    return data


def sync_text(result: SyncResult, target: str, skipped: Sequence[str] = ()) -> str:
    verbs = _WOULD if result.dry_run else _DONE
    lines = []
    for applied in result.applied:
        change = applied.change
        title = change.item.title if change.item else (change.issue.title if change.issue else "")
        kind = f"[{change.item.kind}] " if change.item and change.item.kind else ""
        issue = applied.issue or change.issue
        where = f"  -> {issue.key}" if issue is not None else ""
        fields = f" ({', '.join(change.changed_fields)})" if change.changed_fields else ""
        status = f"FAILED: {applied.error}" if applied.error else verbs[change.action]
        lines.append(f"{status:<13} {kind}{title}{fields}{where}")
    c = counts(result)
    if result.dry_run:
        planned = {"to create": c["created"], "to update": c["updated"],
                   "unchanged": c["unchanged"], "to close": c["closed"],
                   "orphaned": c["orphaned"], "dropped": c["skipped"]}
        summary = "dry run, nothing written: " + ", ".join(
            f"{n} {k}" for k, n in planned.items() if n or k != "dropped")
    else:
        summary = ", ".join(f"{n} {name}" for name, n in c.items() if n or name != "skipped")
    lines.append(f"{summary} ({target})")
    for path in skipped:
        lines.append(f"skipped {path}: no action items")
    return "\n".join(lines)


def dumps(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
