"""The text of a tracked issue: what the task is, why it exists, and when it is due.

The body is Markdown. Postmortem text is untrusted here: an `@name` or `#123` copied from a
postmortem would ping people or cross-link unrelated issues, so they are neutralised, except
the item's own owner and links, which are meant.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .model import ActionItem, Postmortem

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
    allowed = {link for link in item.links}
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
    source = f"[{postmortem.title}]({postmortem.url})" if postmortem.url else \
        f"{postmortem.title} (`{postmortem.source}`" + (f", line {item.line})" if item.line else ")")
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


_DUE_LINE = re.compile(r"^- \*\*Due:\*\* (\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


def due_from_body(body: str | None) -> str | None:
    """The due date written in a body by `render_body` (for trackers with no due field)."""
    match = _DUE_LINE.search(body or "")
    return match.group(1) if match else None
