"""`actiontrack check`: lint postmortems in a pull request, before their items are synced.

Errors (exit 1): a postmortem with no action section, the same item twice in one postmortem,
two postmortems with the same id, a file that cannot be read. Warnings (exit 0, or 1 with
`--strict`): an item with no owner, an item with no due date, an owner the config's owners
map does not know, a postmortem with no incident date (the SLA cannot date its items), and
wherever the parser is unsure of what it read: a section taken on a weak signal, an item
that reads as prose or a question, an owner written as a placeholder (TBD, n/a, ?), a due
date that cannot be read (`03/04/2024`, `2024-02-30`) or falls before the incident.

Output as text, JSON, or GitHub workflow annotations (`::warning file=...,line=...::...`).
Only the parser is used: no tracker is contacted and no tracker client is imported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .config import Config
from .documents.cache import parse_cache
from .documents.files import postmortem_files
from .documents.parallel import parse_files
from .errors import ExitCode, InputError
from .model import ActionItem, ParsedDocument, normalise_title
from .parsing import Doubt
from .sla import sla_due

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    severity: str
    rule: str
    message: str


@dataclass
class CheckResult:
    files: int = 0
    items: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == WARNING)

    def exit_code(self, *, strict: bool = False) -> ExitCode:
        return ExitCode.FINDINGS if self.errors or (strict and self.warnings) else ExitCode.OK


def check_document(doc: ParsedDocument, config: Config, doubts: Sequence[Doubt] = ()
                   ) -> list[Finding]:
    """The findings for one parsed postmortem; `doubts` are what the parser was unsure of."""
    path = doc.postmortem.source
    # What the parser had to say about the file itself (broken front matter, a bad date...),
    # except "no action items", which is the error below.
    found = [Finding(path, None, WARNING, "document", w.removeprefix(f"{path}: "))
             for w in doc.warnings if doc.action_items]
    if not doc.action_items:
        why = doc.warnings[0].removeprefix(f"{path}: ") if doc.warnings and \
            "empty" in doc.warnings[0] else "no action items found"
        found.append(Finding(path, None, ERROR, "no-action-section",
                             f"{why}; add a section such as '## Action items' with one task "
                             "per line"))
        return found
    if doc.postmortem.incident_date is None:
        found.append(Finding(path, None, WARNING, "no-incident-date",
                             "no incident date found; add 'Date: YYYY-MM-DD' so items without a "
                             "due date get one from the SLA"))
    found += [Finding(path, d.line, WARNING, d.rule, d.message) for d in doubts]
    # An owner written as "TBD" is already named by its own warning.
    placeholders = {d.line for d in doubts if d.rule == "owner-placeholder"}
    first_line: dict[str, int | None] = {}
    for item in doc.action_items:
        key = normalise_title(item.title)
        if key in first_line:
            found.append(Finding(path, item.line, ERROR, "duplicate-item",
                                 f"'{item.title}' is listed twice (first on line "
                                 f"{first_line[key]}); merge them or reword one"))
        else:
            first_line[key] = item.line
        found += _item_findings(doc, item, config, owner_noted=item.line in placeholders)
    return found


def _item_findings(doc: ParsedDocument, item: ActionItem, config: Config, *,
                   owner_noted: bool = False) -> list[Finding]:
    path, line = doc.postmortem.source, item.line
    found: list[Finding] = []
    if item.is_done or item.is_dropped:
        return found  # nobody needs to chase a finished task
    if not item.owner and not owner_noted:
        found.append(Finding(path, line, WARNING, "missing-owner",
                             f"'{item.title}' has no owner; add '@handle' or 'Owner: name'"))
    elif config.owners and config.tracker_user(item.owner) is None:
        found.append(Finding(path, line, WARNING, "unknown-owner",
                             f"owner '{item.owner}' is not in the [owners] map of the config; "
                             "add them or fix the spelling"))
    if item.due is None:
        sla = sla_due(item, doc.postmortem.incident_date, config.sla)
        then = f"; the SLA will make it {sla.isoformat()}" if sla else ""
        found.append(Finding(path, line, WARNING, "missing-due",
                             f"'{item.title}' has no due date (write 'due YYYY-MM-DD'){then}"))
    return found


def check_paths(paths: Sequence[str], config: Config,
                env: Mapping[str, str] | None = None) -> CheckResult:
    """Lint every postmortem named by the arguments (files, folders, globs)."""
    result = CheckResult()
    seen_ids: dict[str, str] = {}
    files = postmortem_files(paths)
    with parse_cache(os.environ if env is None else env) as cache:
        outcomes = parse_files(files, config.parser, cache=cache)
    for path, outcome in zip(files, outcomes, strict=True):
        result.files += 1
        if isinstance(outcome, InputError):
            where = f"{outcome.path}:{outcome.line}: " if outcome.line else f"{outcome.path}: "
            message = outcome.message.removeprefix(where) + (
                f"; {outcome.hint}" if outcome.hint else "")
            result.findings.append(Finding(str(path), outcome.line, ERROR, "unreadable",
                                           message))
            continue
        doc = outcome.document
        result.items += len(doc.action_items)
        result.findings += check_document(doc, config, outcome.doubts)
        other = seen_ids.setdefault(doc.postmortem.id, str(path))
        if other != str(path):
            result.findings.append(Finding(str(path), None, ERROR, "duplicate-postmortem-id",
                                           f"has the same postmortem id '{doc.postmortem.id}' "
                                           f"as {other}; give one an 'id:' in front matter"))
    return result


def render_text(result: CheckResult) -> str:
    lines = [f"{f.path}{f':{f.line}' if f.line else ''}: {f.severity}: {f.message} [{f.rule}]"
             for f in result.findings]
    lines.append(f"{result.files} postmortem(s), {result.items} item(s): "
                 f"{result.errors} error(s), {result.warnings} warning(s)")
    return "\n".join(lines)


def render_json(result: CheckResult) -> str:
    data = {"files": result.files, "items": result.items, "errors": result.errors,
            "warnings": result.warnings, "findings": [asdict(f) for f in result.findings]}
    return json.dumps(data, indent=2, ensure_ascii=False)


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (properties also escape ':' and ',')."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def annotation(severity: str, message: str, *, path: str | None = None,
               line: int | None = None, title: str | None = None) -> str:
    """One GitHub workflow command (`::error file=a.md,line=3,title=rule::message`), which the
    run page shows as an annotation on that line of the file."""
    props = []
    if path:
        props.append(f"file={_escape(Path(path).as_posix(), prop=True)}")
        if line:
            props.append(f"line={line}")
    if title:
        props.append(f"title={_escape(title, prop=True)}")
    return f"::{severity} {','.join(props)}::{_escape(message)}" if props else \
        f"::{severity}::{_escape(message)}"


def render_github(result: CheckResult) -> str:
    lines = [annotation(f.severity, f.message, path=f.path, line=f.line, title=f.rule)
             for f in result.findings]
    lines.append(f"{result.files} postmortem(s) checked: {result.errors} error(s), "
                 f"{result.warnings} warning(s)")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
