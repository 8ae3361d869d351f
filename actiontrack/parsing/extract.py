"""First version of the extractor: sections, items, incident date, kind.

Sections: a line is a heading when it is an ATX heading (with or without the space after the
hashes), or a line alone that names a known action section ("Tasks:", "Action items").
Items: every list entry or plain line of an action section, up to the next heading of the same
or a higher level.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ..config import ParserSettings
from ..model import ActionItem, ItemStatus, ParsedDocument, Postmortem, item_id_for

ACTION_SECTION_NAMES = (
    "tasks", "action items", "actions", "follow ups", "follow up items", "followups",
    "follow up improvements", "corrective actions", "preventive measures",
    "preventative measures", "corrective and preventive measures",
    "corrective and preventative measures", "remediation", "next steps",
    "what we re doing about it", "what we are doing about it",
)

_ATX = re.compile(r"^(#{1,6})\s*(.+?)\s*#*\s*$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|[a-z][.)])\s+")
_CHECKBOX = re.compile(r"^\[( |x|X)?\]\s*")
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_PROSE_DATE = re.compile(
    r"\b(" + "|".join(m.capitalize() for m in _MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_CORRECTIVE = re.compile(r"\b(fix|patch|revert|repair|restore|roll ?back|correct|remove)\w*",
                         re.I)
_PREVENTIVE = re.compile(
    r"\b(monitor|alert|test|review|train|automate|document|audit|prevent|implement|add|update"
    r"|improve|conduct|provide)\w*", re.I)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.casefold()).split())


def _is_action_name(text: str, extra: list[str]) -> bool:
    key = _key(text)
    names = set(ACTION_SECTION_NAMES) | {_key(n) for n in extra}
    return key in names


def _heading(line: str, extra: list[str]) -> tuple[int, str] | None:
    match = _ATX.match(line)
    if match:
        return len(match.group(1)), match.group(2).rstrip(":").strip()
    stripped = line.strip().rstrip(":").strip()
    if stripped and _is_action_name(stripped, extra):
        return 7, stripped
    return None


def find_incident_date(text: str) -> dt.date | None:
    for pattern, build in ((_PROSE_DATE, lambda m: (int(m.group(3)),
                                                      _MONTHS.index(m.group(1).lower()) + 1,
                                                      int(m.group(2)))),
                           (_ISO_DATE, lambda m: (int(m.group(1)), int(m.group(2)),
                                                  int(m.group(3))))):
        for match in pattern.finditer(text):
            try:
                return dt.date(*build(match))
            except ValueError:
                continue
    return None


def classify(title: str, default: str) -> tuple[str, str]:
    if _CORRECTIVE.search(title):
        return "corrective", "keyword"
    if _PREVENTIVE.search(title):
        return "preventive", "keyword"
    return default, "default"


def parse_text(text: str, *, source: str, settings: ParserSettings | None = None
               ) -> ParsedDocument:
    settings = settings or ParserSettings()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    stem = Path(source).stem
    title = stem
    for line in lines:
        match = _ATX.match(line)
        if match:
            title = match.group(2).rstrip(":").strip()
            break
    postmortem = Postmortem(id=stem, title=title, incident_date=find_incident_date(text),
                            source=source)
    in_section: int | None = None
    weak = False  # the section is a plain line, not a marked heading
    candidates: list[tuple[int, str, ItemStatus | None, bool]] = []
    for number, line in enumerate(lines, start=1):
        heading = _heading(line, settings.action_sections)
        if heading is not None:
            level, name = heading
            if _is_action_name(name, settings.action_sections):
                in_section, weak = level, level == 7
            elif in_section is not None and level <= in_section:
                in_section = None
            continue
        if in_section is None or not line.strip():
            continue
        body = _BULLET.sub("", line).strip()
        status = None
        box = _CHECKBOX.match(body)
        if box:
            status = ItemStatus.DONE if (box.group(1) or "").lower() == "x" else ItemStatus.OPEN
            body = body[box.end():]
        body = body.strip().rstrip(".").strip()
        if body:
            candidates.append((number, body, status, weak))
    # A section named only by a plain line counts when no marked heading names one: in a
    # document with a real "## Tasks" heading, a plain "Measures:" line introduces prose.
    if any(not w for *_, w in candidates):
        candidates = [c for c in candidates if not c[3]]
    items: list[ActionItem] = []
    seen: set[str] = set()
    for number, body, status, _weak in candidates:
        kind, kind_source = classify(body, settings.default_kind)
        item_id = item_id_for(stem, body)
        while item_id in seen:
            item_id = item_id_for(stem, f"{body}#{len(seen)}")
        seen.add(item_id)
        items.append(ActionItem(id=item_id, postmortem_id=stem, title=body, kind=kind,
                                kind_source=kind_source, status=status or ItemStatus.OPEN,
                                line=number))
    warnings = () if items else (f"{source}: no action section found",)
    return ParsedDocument(postmortem=postmortem, action_items=tuple(items), warnings=warnings)
