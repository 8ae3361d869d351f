"""How results look: human text, Markdown for a job summary, the JSON shapes other tools rely
on, and `emit`, the one way a command prints its result or writes it to `--output` files."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..control_chars import escape_controls
from ..errors import UsageError
from ..records import Action

if TYPE_CHECKING:
    from ..backends import BackendInfo
    from ..check import CheckResult
    from ..documents.writeback import WriteBack
    from ..model import ActionItem, Issue, ParsedDocument
    from ..records import DocumentRecord, ItemRecord
    from ..sync import AppliedChange, SyncResult

Style = Callable[[str, str], str]
# A result rendered in a format; `style` colours text for a terminal (None: plain).
Render = Callable[[str, "Style | None"], str]
STDOUT = "-"

# Past-tense verbs for a sync, and the conditional for a dry run.
_DONE = {Action.CREATE: "created", Action.UPDATE: "updated", Action.UNCHANGED: "unchanged",
         Action.CLOSE: "closed", Action.REOPEN: "reopened", Action.ORPHANED: "orphaned",
         Action.PRUNE: "pruned", Action.SKIP: "skipped", Action.DUPLICATE: "duplicate"}
_WOULD = {Action.CREATE: "would create", Action.UPDATE: "would update",
          Action.UNCHANGED: "unchanged", Action.CLOSE: "would close",
          Action.REOPEN: "would reopen", Action.ORPHANED: "orphaned",
          Action.PRUNE: "would prune", Action.SKIP: "would skip",
          Action.DUPLICATE: "duplicate"}


def item_json(item: ActionItem | ItemRecord) -> dict[str, object]:
    return {
        "id": item.id, "title": item.title, "kind": item.kind, "kind_source": item.kind_source,
        "owner": item.owner, "due": item.due.isoformat() if item.due else None,
        "due_source": item.due_source,
        "status": item.status.value if item.status else None,
        "done_on": item.done_on.isoformat() if item.done_on else None, "priority": item.priority,
        "links": list(item.links), "line": item.line, "section": item.section,
        "group": item.group,
        "rationale": item.rationale, "removed": list(item.removed),
    }


def parse_json(doc: ParsedDocument | DocumentRecord) -> dict[str, object]:
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


def parse_text(doc: ParsedDocument | DocumentRecord) -> str:
    return escape_controls(_parse_text(doc))


def _parse_text(doc: ParsedDocument | DocumentRecord) -> str:
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


def issue_json(issue: Issue) -> dict[str, object]:
    """One tracker issue as `issues list/show --format json` print it (the body without the
    hidden marker; the marker's postmortem and item as fields)."""
    from ..issue_format import kind_from_labels, strip_marker

    def moment(value: dt.date | None) -> str | None:  # a datetime is a date too
        return value.isoformat() if value is not None else None
    return {
        "key": issue.key, "url": issue.url, "title": issue.title, "state": issue.state.value,
        "state_reason": issue.state_reason, "assignee": issue.assignee,
        "due": moment(issue.due), "labels": list(issue.labels),
        "kind": kind_from_labels(issue.labels),
        "postmortem": issue.link.postmortem_id if issue.link else None,
        "item": issue.link.item_id if issue.link else None,
        "created_at": moment(issue.created_at), "updated_at": moment(issue.updated_at),
        "closed_at": moment(issue.closed_at), "body": strip_marker(issue.body),
    }


def backend_json(info: BackendInfo) -> dict[str, object]:
    return {"name": info.name, "entry_point": info.target, "package": info.package,
            "usable": info.loadable, "error": info.error, "missing": list(info.missing),
            "install": info.hint}


def counts(result: SyncResult) -> dict[str, int]:
    """What each summary count counts: the changes done (`SyncResult.count` of their actions),
    from one pass over them, and the failed ones."""
    done = Counter(a.change.action for a in result.applied if a.error is None)
    return {
        "created": done[Action.CREATE],
        "updated": done[Action.UPDATE] + done[Action.REOPEN],
        "unchanged": done[Action.UNCHANGED],
        "closed": done[Action.CLOSE] + done[Action.PRUNE],
        "orphaned": done[Action.ORPHANED] + done[Action.PRUNE],
        "skipped": done[Action.SKIP],
        "duplicates": done[Action.DUPLICATE],
        "failed": len(result.applied) - done.total(),
    }


# Counts a summary line shows only when they are not zero.
_QUIET_COUNTS = ("skipped", "duplicates", "failed")


def _title(applied: AppliedChange) -> str:
    change = applied.change
    return change.item.title if change.item else (change.issue.title if change.issue else "")


def sync_json(result: SyncResult, notes: Sequence[str] = ()) -> dict[str, object]:
    data: dict[str, object] = dict(counts(result))
    data["dry_run"] = result.dry_run
    items = []
    for applied in result.applied:
        change = applied.change
        title = _title(applied)
        entry = {"id": change.item.id if change.item else
                 (change.issue.link.item_id if change.issue and change.issue.link else None),
                 "title": title, "postmortem": change.postmortem_id,
                 "action": change.action.value, "fields": list(change.changed_fields),
                 "kept": [{"field": name, "why": why} for name, why in change.kept],
                 "notes": list(change.notes), "issue": _issue_ref(applied.issue)}
        if change.duplicate_of is not None:
            entry["duplicate_of"] = _issue_ref(change.duplicate_of)
        if applied.error is not None:
            entry["error"] = str(applied.error)
        items.append(entry)
    data["items"] = items
    data["notes"] = list(notes)
    return data


def sync_text(result: SyncResult, target: str, skipped: Sequence[str] = (),
              notes: Sequence[str] = ()) -> str:
    """The plan's notes (renames, a new tracker file), one line per item and a summary.
    Failed items are marked `failed`; why they failed is `failure_lines`, for stderr. Text
    from postmortems is printed with control characters escaped."""
    verbs = _WOULD if result.dry_run else _DONE
    lines = list(notes)
    for applied in result.applied:
        change = applied.change
        item = change.item
        kind = f"[{item.kind}] " if item is not None and item.kind else ""
        issue = applied.issue or change.issue
        where = f"  -> {issue.key}" if issue is not None else ""
        if change.duplicate_of is not None:
            where += f" ({'would close' if result.dry_run else 'closed'} as a duplicate of " \
                     f"{change.duplicate_of.key})"
        fields = f" ({', '.join(change.changed_fields)})" if change.changed_fields else ""
        kept = f" (kept: {'; '.join(why for _name, why in change.kept)})" if change.kept else ""
        status = "failed" if applied.error else verbs[change.action]
        lines.append(f"{status:<13} {kind}{_title(applied)}{fields}{kept}{where}")
        if change.notes:
            lines += [f"{'':<13} {note}" for note in change.notes]
    # escaped all at once: a line end is not a control character `escape_controls` escapes,
    # so this is each line escaped (10,000 lines: one search, not 10,000)
    lines = [escape_controls("\n".join(lines))] if lines else []
    c = counts(result)
    if result.dry_run:
        planned = {"to create": c["created"], "to update": c["updated"],
                   "unchanged": c["unchanged"], "to close": c["closed"],
                   "orphaned": c["orphaned"], "dropped": c["skipped"],
                   "duplicates to close": c["duplicates"]}
        summary = "dry run, nothing written: " + ", ".join(
            f"{n} {k}" for k, n in planned.items() if n or k not in ("dropped",
                                                                     "duplicates to close"))
    else:
        summary = ", ".join(f"{n} {name}" for name, n in c.items()
                            if n or name not in _QUIET_COUNTS)
    lines.append(f"{summary} ({target})")
    for path in skipped:
        lines.append(escape_controls(f"skipped {path}: no action items"))
    return "\n".join(lines)


def failure_lines(result: SyncResult) -> list[str]:
    """Why each failed item failed, one line each (for stderr)."""
    return [escape_controls(f"{_title(a)}: {a.error}") for a in result.failures]


# What JSON leaves raw with ensure_ascii=False that a terminal may act on or reorder: C1
# controls and bidi overrides (C0 controls JSON always escapes).
_JSON_UNSAFE = re.compile("[\u0080-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def dumps(data: object) -> str:
    import json  # only for JSON: `parse` of one file prints text by default
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


@dataclass(frozen=True)
class SyncReport:
    """What a sync did, ready to render in each of its formats. `target` is None when no
    tracker was opened (nothing to sync); `written` is None without --write-links; `notes`
    are the plan's (renames, a new tracker file)."""

    result: SyncResult
    target: str | None
    skipped: Sequence[str] = ()
    written: Sequence[WriteBack] | None = None
    notes: Sequence[str] = ()

    def render(self, fmt: str, style: Style | None) -> str:
        if fmt == "json":
            data = sync_json(self.result, self.notes)
            if self.written is not None:
                data["written_back"] = [{"path": str(w.path), "links_added": w.links_added,
                                         "boxes_ticked": w.boxes_ticked} for w in self.written]
            return dumps(data)
        if self.target is None:
            nothing = [f"skipped {p}: no action items" for p in self.skipped]
            return "\n".join([*nothing, "nothing to sync: no action items found"])
        if fmt == "markdown":
            return sync_markdown(self.result, self.target, self.notes)
        from .terminal import colour_status_column
        lines = [colour_status_column(sync_text(self.result, self.target, self.skipped,
                                                self.notes), style or _plain)]
        lines += [f"wrote back into {w.path}: {w.links_added} link(s) added, "
                  f"{w.boxes_ticked} box(es) ticked" for w in self.written or () if w.changed]
        if self.written is not None and self.result.dry_run:
            lines.append("links not written back: dry run")
        return "\n".join(lines)


def _plain(text: str, _role: str) -> str:
    return text


def sync_markdown(result: SyncResult, target: str, notes: Sequence[str] = ()) -> str:
    """The sync for a job summary: the counts, the plan's notes, then every item that changed
    or failed."""
    from ..reports.render import md_cell
    c = counts(result)
    names = ("created", "updated", "unchanged", "closed", "orphaned")
    lines = [f"### actiontrack sync{' (dry run)' if result.dry_run else ''}: {md_cell(target)}",
             "", "| " + " | ".join(names) + " |", "|" + "---:|" * len(names),
             "| " + " | ".join(str(c[n]) for n in names) + " |"]
    lines += ["", *(f"- {md_cell(note)}" for note in notes)] if notes else []
    verbs = _WOULD if result.dry_run else _DONE
    rows = [a for a in result.applied if a.error or a.change.action != Action.UNCHANGED]
    if rows:
        lines += ["", "| | Action item | Kind | Issue |", "|---|---|---|---|"]
    for applied in rows:
        change = applied.change
        title = _title(applied)
        issue = applied.issue or change.issue
        link = "" if issue is None else (f"[#{issue.key}]({issue.url})" if issue.url
                                         else md_cell(issue.key))
        status = f"**failed**: {md_cell(str(applied.error))}" if applied.error \
            else verbs[change.action]
        kind = change.item.kind if change.item and change.item.kind else ""
        lines.append(f"| {status} | {md_cell(title)} | {kind} | {link} |")
    return "\n".join(lines) + "\n"


def check_markdown(result: CheckResult) -> str:
    """The findings of `check` as a table, for a job summary."""
    from ..reports.render import md_cell
    lines = [f"### actiontrack check: {result.files} postmortem(s), {result.items} item(s), "
             f"{result.errors} error(s), {result.warnings} warning(s)", ""]
    if not result.findings:
        return "\n".join(lines + ["No findings."]) + "\n"
    lines += ["| | File | Line | Rule | Finding |", "|---|---|---:|---|---|"]
    for f in result.findings:
        mark = "❌ error" if f.severity == "error" else "⚠️ warning"
        lines.append(f"| {mark} | {md_cell(f.path)} | {f.line or ''} | {f.rule} | "
                     f"{md_cell(f.message)} |")
    return "\n".join(lines) + "\n"


def check_outputs(outputs: Sequence[str]) -> None:
    """Before any work: every --output file can be written (not a folder, its folder exists),
    else an `InputError` naming it."""
    files = [path for path in outputs if path != STDOUT]
    if not files:
        return  # nothing to check, nothing to import (writeback reads the parser's names)
    from ..documents.writeback import check_writable_target
    for path in files:
        check_writable_target(Path(path))


def _file_format(path: str, fmt: str) -> str:
    from ..reports import format_for_path  # only for files: parse and check print to stdout
    return format_for_path(path, fmt)


def emit(outputs: Sequence[str], fmt: str, render: Render, formats: Sequence[str]) -> None:
    """Print the result (no --output, or `-o -`: stdout, in --format, coloured on a terminal),
    and write each --output file in the format its suffix names, atomically. Every format is
    checked before anything is written, so a bad one leaves no file half done."""
    from .terminal import colour_enabled, styler
    targets = [(path, fmt if path == STDOUT else _file_format(path, fmt))
               for path in outputs or (STDOUT,)]
    for path, kind in targets:
        if kind not in formats:
            raise UsageError(f"{'--format' if path == STDOUT else path}: no {kind} format here",
                             hint=f"use one of {', '.join(formats)}")
    for path, kind in targets:
        if path == STDOUT:  # click strips colour off a pipe unless told (FORCE_COLOR)
            click.echo(render(kind, styler(sys.stdout)), color=colour_enabled(sys.stdout))
            continue
        # with the postmortem code it imports: only when there is a file to write
        from ..documents.writeback import atomic_write
        text = render(kind, None)
        atomic_write(Path(path), (text if text.endswith("\n") else text + "\n").encode())
        click.echo(f"wrote {kind} to {path}", err=True)
