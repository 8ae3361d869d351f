"""The one definition of what an actiontrack issue carries in a tracker.

- the hidden **marker** (`<!-- actiontrack:v1 {...} -->`) that links an issue to its postmortem
  item and keeps a digest of every field as actiontrack last wrote it;
- the managed **labels** (`actiontrack`, `pm:<postmortem id>`, `kind:<kind>`);
- the generated **body** and every line of it that is read back (the due line, for trackers
  with no due-date field; the incident-date line, for issues synced before markers carried it).

Backends store these; the engine and the reports read them. Nothing else defines them.

The body is Markdown. Postmortem text is untrusted here: an `@name` or `#123` copied from a
postmortem would ping people or cross-link unrelated issues, so they are neutralised, except
the item's own owner and links, which are meant.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Collection, Iterable

from .model import ActionItem, Issue, Link, Postmortem

# -- the marker -------------------------------------------------------------------------------

MARKER_PREFIX = "actiontrack:v1"
MARKER_RE = re.compile(r"<!--\s*actiontrack:v1\s+(\{.*?\})\s*-->", re.DOTALL)


def render_marker(link: Link) -> str:
    payload: dict[str, object] = {"pm": link.postmortem_id, "item": link.item_id}
    if link.incident_date:
        payload["inc"] = link.incident_date.isoformat()
    if link.synced:
        payload["synced"] = dict(sorted(link.synced.items()))
    return f"<!-- {MARKER_PREFIX} {json.dumps(payload, separators=(',', ':'))} -->"


def parse_marker(text: str | None) -> Link | None:
    """The link carried by an issue body, or None when it carries none (or a mangled one)."""
    if not text:
        return None
    match = MARKER_RE.search(text)
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
        synced = data.get("synced") or {}
        incident = dt.date.fromisoformat(data["inc"]) if data.get("inc") else None
        return Link(postmortem_id=str(data["pm"]), item_id=str(data["item"]),
                    synced={str(k): str(v) for k, v in synced.items()},
                    incident_date=incident)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def has_marker(text: str | None) -> bool:
    return bool(text) and MARKER_RE.search(text or "") is not None


def strip_marker(text: str | None) -> str:
    return MARKER_RE.sub("", text or "").rstrip()


def body_with_marker(body: str, link: Link | None) -> str:
    """The body as stored in a tracker: the human text, then the marker on its own line."""
    human = strip_marker(body)
    if link is None:
        return human
    return f"{human}\n\n{render_marker(link)}" if human else render_marker(link)


# The rolling weekly report issue carries the marker of a reserved postmortem id, so every
# tracker finds it like any other issue, and reports and listings leave it out.
REPORT_POSTMORTEM_ID = "actiontrack-weekly-report"
REPORT_ITEM_ID = "weekly"


def report_link() -> Link:
    return Link(postmortem_id=REPORT_POSTMORTEM_ID, item_id=REPORT_ITEM_ID)


def is_report_issue(issue: Issue) -> bool:
    return issue.link is not None and issue.link.postmortem_id == REPORT_POSTMORTEM_ID


# -- the labels -------------------------------------------------------------------------------

# Label names are capped at 50 characters on GitHub and may not contain spaces on Jira.
MAX_LABEL = 50


def _label_safe(text: str) -> str:
    text = re.sub(r"[^\w.:-]+", "-", text.strip().casefold()).strip("-")
    return text or "x"


def _fit(label: str) -> str:
    if len(label) <= MAX_LABEL:
        return label
    digest = hashlib.sha256(label.encode()).hexdigest()[:8]
    return f"{label[: MAX_LABEL - 9]}~{digest}"


def base_label(prefix: str = "actiontrack") -> str:
    return _fit(_label_safe(prefix))


def postmortem_label(postmortem_id: str) -> str:
    return _fit("pm:" + _label_safe(postmortem_id))


def kind_label(kind: str | None) -> str | None:
    return _fit("kind:" + _label_safe(kind)) if kind else None


def is_managed_label(label: str, prefix: str = "actiontrack") -> bool:
    lowered = label.casefold()
    return lowered == base_label(prefix) or lowered.startswith(("pm:", "kind:"))


def kind_from_labels(labels: Iterable[str]) -> str | None:
    for label in labels:
        if label.casefold().startswith("kind:"):
            return label.split(":", 1)[1]
    return None


# -- the body ---------------------------------------------------------------------------------

_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?)")
_REF = re.compile(r"(?<![\w/`&])((?:[\w.-]+/[\w.-]+)?#\d+)\b")
# A zero-width joiner after @ / before # keeps the text readable and stops the linker.
_ZWJ = "\u200d"


def neutralise(text: str, *, allowed: Collection[str] = frozenset()) -> str:
    """Stop `@mentions` and `#refs` in text from pinging or cross-linking."""
    def mention(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).casefold() in allowed else f"@{_ZWJ}{m.group(1)}"

    def ref(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) in allowed else m.group(1).replace("#", f"#{_ZWJ}", 1)

    return _REF.sub(ref, _MENTION.sub(mention, text))


def render_body(item: ActionItem, postmortem: Postmortem, *, assignee: str | None = None) -> str:
    allowed = set(item.links)
    if item.owner and item.owner.startswith("@"):
        allowed.add(item.owner[1:].casefold())
    lines = [neutralise(item.title, allowed=allowed), ""]
    facts = [
        ("Kind", item.kind or "unclassified"),
        ("Due", item.due.isoformat() if item.due else "not set"),
        ("Owner", item.owner or "unassigned"),
    ]
    if item.priority:
        facts.append(("Priority", item.priority))
    where = f", line {item.line})" if item.line else ")"
    source = f"[{postmortem.title}]({postmortem.url})" if postmortem.url else \
        f"{postmortem.title} (`{postmortem.source}`{where}"
    facts.append(("Postmortem", source))
    if postmortem.incident_date:
        facts.append(("Incident date", postmortem.incident_date.isoformat()))
    lines += [f"- **{name}:** {neutralise(str(value), allowed=allowed)}" for name, value in facts]
    if item.links:
        lines += ["", "**Links:** " + ", ".join(item.links)]
    if item.rationale:
        lines += ["", "**Why:** " + neutralise(item.rationale, allowed=allowed)]
    if postmortem.root_cause:
        lines += ["", "**Root cause:** " + neutralise(postmortem.root_cause, allowed=allowed)]
    lines += ["", "_Tracked by actiontrack. Edit freely: fields you change here are kept._"]
    return "\n".join(lines)


# -- lines read back from a body --------------------------------------------------------------

_DUE_VALUE = re.compile(r"^- \*\*Due:\*\* (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)
_DUE_LINE = re.compile(r"^- \*\*Due:\*\* .*$", re.MULTILINE)
_INCIDENT_LINE = re.compile(r"^- \*\*Incident date:\*\* (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


def _date_or_none(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def due_from_body(body: str | None) -> dt.date | None:
    """The due date of a body's `Due:` line (for trackers with no due-date field)."""
    match = _DUE_VALUE.search(strip_marker(body))
    return _date_or_none(match.group(1) if match else None)


def with_due(body: str, due: dt.date) -> str:
    """The body with its `Due:` line saying `due` (added when it has none)."""
    line = f"- **Due:** {due.isoformat()}"
    if _DUE_LINE.search(body):
        return _DUE_LINE.sub(line, body, count=1)
    return f"{body.rstrip()}\n\n{line}" if body.strip() else line


def incident_date_from_body(body: str | None) -> dt.date | None:
    """The incident date of a body's `Incident date:` line (issues synced before markers
    carried it)."""
    match = _INCIDENT_LINE.search(body or "")
    return _date_or_none(match.group(1) if match else None)
