"""The one definition of what an actiontrack issue carries in a tracker.

- the hidden **marker** (`<!-- actiontrack:v1 {...} -->`) that links an issue to its postmortem
  item and keeps a digest of every field as actiontrack last wrote it;
- the **managed block** of the body, between `<!-- actiontrack:begin ... -->` and
  `<!-- actiontrack:end -->`: the only part of a body actiontrack ever rewrites. Everything
  outside it belongs to people. The marker sits right after the block;
- the managed **labels** (`actiontrack`, `pm:<postmortem id>`, `kind:<kind>`);
- the text of the block, and every line of a body that is read back (the due line, for
  trackers with no due-date field; the incident date, file and line of bodies written before
  the block existed: marker format 1, where the whole body was actiontrack's).

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
import urllib.parse
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from typing import TypedDict

from .model import ActionItem, Issue, IssueState, Link, Postmortem, TrackedIssue

# -- the marker -------------------------------------------------------------------------------

MARKER_PREFIX = "actiontrack:v1"
MARKER_RE = re.compile(r"<!--\s*actiontrack:v1\s+(\{.*?\})\s*-->", re.DOTALL)
# Bodies with a managed block; format 1 bodies were actiontrack's from top to bottom.
BLOCK_FORMAT = 2
# What `Backend.held_value` answers for a field whose value the tracker picks itself (a
# default priority): whatever it holds counts as what actiontrack wrote.
TRACKER_PICKS = "*"


def render_marker(link: Link) -> str:
    payload: dict[str, object] = {"pm": link.postmortem_id, "item": link.item_id}
    if link.format != 1:
        payload["v"] = link.format
    if link.source:
        payload["src"] = link.source
    if link.incident_date:
        payload["inc"] = link.incident_date.isoformat()
    if link.created_done:
        payload["done"] = link.done_on.isoformat() if link.done_on else "?"
    if link.title:
        payload["t"] = link.title
    if link.synced:
        payload["synced"] = dict(sorted(link.synced.items()))
    if link.held:
        payload["held"] = dict(sorted(link.held.items()))
    # "<" and ">" escaped: a title holding "-->" must not end the comment early.
    text = json.dumps(payload, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"<!-- {MARKER_PREFIX} {text} -->"


_STR = frozenset((str,))


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    # {str(k): str(v) for k, v in value.items()}, made in C (two maps a marker); a copy when
    # every key and value is text already, as in the markers actiontrack writes (the same map)
    if _STR.issuperset(map(type, value)) and _STR.issuperset(map(type, value.values())):
        return dict(value)
    return dict(zip(map(str, value), map(str, value.values()), strict=True))


class _LinkValues(TypedDict):
    postmortem_id: str
    item_id: str
    incident_date: dt.date | None
    source: str | None
    format: int
    created_done: bool
    done_on: dt.date | None
    title: str | None


def _link_values(data: dict[str, object]) -> _LinkValues:
    """A marker's fields but its digests (which never fail to read), as `Link` takes them;
    raises where the marker cannot be read (`parse_marker` then falls back on the block)."""
    done = data.get("done")
    return {"postmortem_id": str(data["pm"]), "item_id": str(data["item"]),
            "incident_date": _date_or_none(str(data["inc"])) if data.get("inc") else None,
            "source": str(data["src"]) if data.get("src") else None,
            "format": int(str(data.get("v") or 1)), "created_done": done is not None,
            "done_on": _date_or_none(str(done)) if done not in (None, "?") else None,
            "title": str(data["t"]) if data.get("t") else None}


def _link_from(data: dict[str, object]) -> Link:
    """The marker's link: its values are made of the field types here (`_link_values`,
    `_str_map`), so they are not validated again."""
    link = _link_values(data)
    return Link.of_valid({
        "postmortem_id": link["postmortem_id"], "item_id": link["item_id"],
        "synced": _str_map(data.get("synced")), "held": _str_map(data.get("held")),
        "incident_date": link["incident_date"], "source": link["source"],
        "format": link["format"], "created_done": link["created_done"],
        "done_on": link["done_on"], "title": link["title"]})


def parse_marker(text: str | None) -> Link | None:
    """The link carried by an issue body, or None when it carries none (or a mangled one).

    A body whose marker was removed but whose managed block is still there keeps its link
    through the block's first line; nothing is then known of the last write (empty `synced`)."""
    if not text:
        return None
    try:
        data = _marker_payload(text)
        if isinstance(data, dict):
            return _link_from(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        pass
    identity = block_identity(text)
    if identity is None:
        return None
    return Link(postmortem_id=identity[0], item_id=identity[1], source=identity[2],
                format=BLOCK_FORMAT)


_WRITTEN = f"<!-- {MARKER_PREFIX} {{"  # how render_marker begins a marker
_DECODER = json.JSONDecoder()
_NONE = object()


def _marker_payload(text: str) -> object:
    """The JSON of the first marker in `text` (`_NONE` when it has none), as `MARKER_RE`
    finds it. A marker as `render_marker` writes it, the first mention of the prefix, is
    decoded where it stands: the same answer without the regular expression's scan of the
    body and of the marker (a report reads 10,000 of them)."""
    start = text.find(_WRITTEN)
    if start != -1 and text.find(MARKER_PREFIX) == start + 5:
        data = _written_payload(text, start)
        if data is not _NONE:
            return data
    match = MARKER_RE.search(text)
    return json.loads(match.group(1)) if match else _NONE


def _written_payload(text: str, start: int) -> object:
    """The JSON of the marker `render_marker` wrote at `start` of `text`; `_NONE` when what
    stands there does not end as it writes it."""
    brace = start + len(_WRITTEN) - 1
    try:
        data, end = _DECODER.raw_decode(text, brace)
    except ValueError:
        return _NONE
    # the shortest "{...}" followed by "-->" is this object (none ends inside it)
    if text.startswith(" -->", end) and "-->" not in text[brace:end]:
        return data
    return _NONE


# What a report reads of an issue's link: postmortem id, item id, incident date, created
# done, done on (`TrackedIssue`'s last five fields, in order).
LinkIdentity = tuple[str, str, dt.date | None, bool, dt.date | None]


def identity_from_body(body: str) -> LinkIdentity | None:
    """What `tracked_issue` reads of the link of an issue with this `body`, without a `Link`
    built (or its digests read); the incident date the marker's, else the body's line. None
    when that takes more than a marker as `render_marker` writes it, where `_marker_payload`
    decodes it in place: a marker mangled, moved or removed (`parse_marker` then looks
    further)."""
    start = body.find(_WRITTEN)
    if start == -1 or body.find(MARKER_PREFIX) != start + 5:
        return None
    data = _written_payload(body, start)
    if not isinstance(data, dict):
        return None
    try:
        link = _link_values(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    incident = link["incident_date"]
    if incident is None:
        incident = incident_date_from_body(body)
    return (link["postmortem_id"], link["item_id"], incident, link["created_done"],
            link["done_on"])


def tracked_issue(issue: Issue) -> TrackedIssue:
    """An issue as the reports read it."""
    link = issue.link
    incident = None
    if link is not None:
        incident = link.incident_date or incident_date_from_body(issue.body)
    return TrackedIssue(
        key=issue.key, url=issue.url, title=issue.title, state=IssueState(issue.state),
        state_reason=issue.state_reason, assignee=issue.assignee, due=issue.due,
        labels=issue.labels, priority=issue.priority, created_at=issue.created_at,
        closed_at=issue.closed_at, postmortem_id=link.postmortem_id if link else None,
        item_id=link.item_id if link else None, incident_date=incident,
        created_done=link.created_done if link else False,
        done_on=link.done_on if link else None)


def has_marker(text: str | None) -> bool:
    return bool(text) and MARKER_RE.search(text or "") is not None


_MARKER_AND_SPACE = re.compile(r"[ \t]*\n?" + MARKER_RE.pattern, re.DOTALL)


def strip_marker(text: str | None) -> str:
    """The body without its marker (wherever it stands), trailing blank space removed."""
    if MARKER_PREFIX not in (text or ""):
        return (text or "").rstrip()  # no marker can match (a new issue's body, before it)
    return _MARKER_AND_SPACE.sub("", text or "").rstrip()


def body_with_marker(body: str, link: Link | None) -> str:
    """The body as stored in a tracker: the human text with the marker right after the
    managed block (at the end when there is none)."""
    human = strip_marker(body)
    if link is None:
        return human
    marker = render_marker(link)
    if _ends_with_only_block(human):  # a body actiontrack rendered: no search for its end
        return f"{human}\n{marker}"
    block = find_block(human)
    if block is not None:
        return f"{human[: block.end()]}\n{marker}{human[block.end():]}"
    return f"{human}\n\n{marker}" if human else marker


# -- the managed block ------------------------------------------------------------------------

_BEGIN_NOTE = ("actiontrack writes this block from the postmortem and rewrites it when the "
               "postmortem changes; write your notes above or below it")
BLOCK_END = "<!-- actiontrack:end -->"
_BLOCK = re.compile(r"<!--\s*actiontrack:begin\b(?P<attrs>[^>]*?)-->[ \t]*\n?(?P<inner>.*?)"
                    r"\n?[ \t]*<!--\s*actiontrack:end\s*-->", re.DOTALL)
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_IDENTITY = re.compile(rf"\bpm=(?P<pm>{_QUOTED})\s+item=(?P<item>{_QUOTED})"
                       rf"(?:\s+src=(?P<src>{_QUOTED}))?")


def _attr(value: str) -> str:
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e")


def render_block(inner: str, postmortem_id: str, item_id: str, source: str | None = None
                 ) -> str:
    """The managed block: its delimiters (the first names the item and its file, so the
    block still says which item it is when the marker is gone) around the Markdown."""
    who = f"pm={_attr(postmortem_id)} item={_attr(item_id)}"
    if source:
        who += f" src={_attr(source)}"
    return f"<!-- actiontrack:begin {who} · {_BEGIN_NOTE} -->\n\n{inner.strip()}\n\n{BLOCK_END}"


def _ends_with_only_block(body: str) -> bool:
    """Whether `find_block` finds the block ending where `body` ends, as in a body
    `render_block` made: it begins with the block's first line (the first ">" ends it), and
    the only end line is the last line."""
    return (body.startswith("<!-- actiontrack:begin ") and body.endswith(BLOCK_END)
            and body.find("actiontrack:end") == len(body) - len(BLOCK_END) + 5
            and body.find(">") == body.find("-->") + 2)


def find_block(body: str | None) -> re.Match[str] | None:
    return _BLOCK.search(body or "")


def block_inner(body: str | None) -> str | None:
    """The text inside the managed block, or None when the body has no block."""
    block = find_block(body)
    return block.group("inner").strip() if block is not None else None


def block_identity(body: str | None) -> tuple[str, str, str | None] | None:
    """(postmortem id, item id, postmortem file) that the block's first line names."""
    block = find_block(body)
    found = _IDENTITY.search(block.group("attrs")) if block is not None else None
    if found is None:
        return None
    try:
        source = str(json.loads(found["src"])) if found["src"] else None
        return str(json.loads(found["pm"])), str(json.loads(found["item"])), source
    except ValueError:
        return None


def splice_body(current: str, new: str) -> str:
    """The human body after writing `new`: a managed block replaces the block of `current`
    and leaves the text around it alone; anything else (or a block, when `current` has none)
    replaces the whole body. The engine only sends a block for a body without one when that
    body is all actiontrack's."""
    human = strip_marker(current)
    block = find_block(human)
    if block is None or find_block(new) is None:
        return strip_marker(new)
    return human[: block.start()] + strip_marker(new).strip() + human[block.end():]


def readable_body(body: str | None) -> str:
    """A body for people to read in a terminal: no marker, no block delimiters."""
    text = re.sub(r"^[ \t]*<!--\s*actiontrack:(?:begin\b[^>]*|end\s*)-->[ \t]*\n?", "",
                  strip_marker(body), flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# Values that change without the item changing: a permalink's commit, a line anchor. The
# due line's value is the due-date field, compared on its own.
_VOLATILE = (
    (re.compile(r"/blob/[0-9a-f]{7,40}/"), "/blob/-/"),
    (re.compile(r"#L\d+(?:-L\d+)?"), ""),
    (re.compile(r"^(- \*\*Due:\*\*) .*$", re.MULTILINE), r"\1 -"),
)


def stable_text(text: str | None) -> str:
    """Text as digests compare it: line ends and trailing spaces normalised, and the values
    that change without the item changing blanked out."""
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text.strip()


# The rolling weekly report issue carries the marker of a reserved postmortem id, so every
# tracker finds it like any other issue, and reports and listings leave it out.
REPORT_POSTMORTEM_ID = "actiontrack-weekly-report"
REPORT_ITEM_ID = "weekly"


def report_link() -> Link:
    return Link(postmortem_id=REPORT_POSTMORTEM_ID, item_id=REPORT_ITEM_ID)


def is_report_issue(issue: Issue | TrackedIssue) -> bool:
    if isinstance(issue, TrackedIssue):
        return issue.postmortem_id == REPORT_POSTMORTEM_ID
    return issue.link is not None and issue.link.postmortem_id == REPORT_POSTMORTEM_ID


# -- the labels -------------------------------------------------------------------------------

# Label names are capped at 50 characters on GitHub and may not contain spaces on Jira.
MAX_LABEL = 50


@lru_cache(maxsize=8192)  # a sync asks for each postmortem's label once per item
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


def is_postmortem_label(label: str) -> bool:
    return label.casefold().startswith("pm:")


def kind_from_labels(labels: Iterable[str]) -> str | None:
    for label in labels:
        if label.casefold().startswith("kind:"):
            return label.split(":", 1)[1]
    return None


def belongs_to(issue: Issue, postmortem_ids: Collection[str] | None,
               prefix: str = "actiontrack") -> bool:
    """Whether a listed issue is one of these postmortems' (None: of any): by its marker, or,
    when people removed the marker, by its `pm:` label (any managed label, for None)."""
    if issue.link is not None:
        return postmortem_ids is None or issue.link.postmortem_id in postmortem_ids
    labels = {label.casefold() for label in issue.labels}
    if postmortem_ids is None:
        return base_label(prefix) in labels or any(map(is_postmortem_label, labels))
    return any(postmortem_label(pm) in labels for pm in postmortem_ids)


# -- the text of the block --------------------------------------------------------------------

_MENTION = re.compile(r"(?<![\w`])@([A-Za-z0-9][A-Za-z0-9-]*(?:/[A-Za-z0-9_.-]+)?)")
_REF = re.compile(r"(?<![\w/`&])((?:[\w.-]+/[\w.-]+)?#\d+)\b")
# A zero-width joiner after @ / before # keeps the text readable and stops the linker.
_ZWJ = "\u200d"


def neutralise(text: str, *, allowed: Collection[str] = frozenset()) -> str:
    """Stop `@mentions` and `#refs` in text from pinging or cross-linking."""
    if "@" not in text and "#" not in text:
        return text  # most fields: a body has seven, and a sync renders every item's body
    def mention(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).casefold() in allowed else f"@{_ZWJ}{m.group(1)}"

    def ref(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) in allowed else m.group(1).replace("#", f"#{_ZWJ}", 1)

    return _REF.sub(ref, _MENTION.sub(mention, text))


def _allowed(item: ActionItem, links: Sequence[str]) -> set[str]:
    allowed = set(links)
    if item.owner and item.owner.startswith("@"):
        allowed.add(item.owner[1:].casefold())
    return allowed


def _source_line(item: ActionItem, postmortem: Postmortem) -> str:
    """Where the item comes from: the postmortem (linked where it is published), its action
    section and the group inside it."""
    if postmortem.url:
        anchor = f"#L{item.line}" if item.line and "#" not in postmortem.url else ""
        where = f"[{postmortem.title}]({postmortem.url}{anchor})"
    else:
        where = f"{postmortem.title} (`{postmortem.source}`)"
    return " › ".join([where, *(part for part in (item.section, item.group) if part)])


def render_block_inner(item: ActionItem, postmortem: Postmortem, *, due_in_body: bool = False,
                       links: Sequence[str] | None = None) -> str:
    """What an issue's managed block says: why the task exists, who owns it and by when,
    where in the postmortem it comes from, and the root cause, as Markdown. Not the title
    (the issue has it) and not the issue's own link: `links` are the item's other links."""
    links = list(item.links if links is None else links)
    allowed = _allowed(item, links)
    parts = []
    why = item.rationale_markdown or item.rationale
    if why:
        parts.append("**Why:** " + neutralise(why, allowed=allowed))
    facts = [("Owner", item.owner or "unassigned")]
    if due_in_body:
        facts.append(("Due", item.due.isoformat() if item.due else "not set"))
    facts.append(("Kind", item.kind or "unclassified"))
    if item.priority:
        facts.append(("Priority", item.priority))
    facts.append(("From", _source_line(item, postmortem)))
    if postmortem.incident_date:
        facts.append(("Incident date", postmortem.incident_date.isoformat()))
    if links:
        facts.append(("Related", ", ".join(links)))
    parts.append("\n".join(f"- **{name}:** {neutralise(value, allowed=allowed)}"
                           for name, value in facts))
    cause = postmortem.root_cause_markdown or postmortem.root_cause
    if cause:
        parts.append("**Root cause** (from the postmortem)\n\n"
                     + neutralise(cause.strip(), allowed=allowed))
    return "\n\n".join(parts)


def render_legacy_body(item: ActionItem, postmortem: Postmortem, *, line: int | None,
                       url: str | None) -> str:
    """The whole body as releases before the managed block wrote it (marker format 1), for
    `line` and `url` as that body shows them: only to tell whether such a body still says
    what the postmortem says. Never written."""
    allowed = _allowed(item, item.links)
    lines = [neutralise(item.title, allowed=allowed), ""]
    facts = [
        ("Kind", item.kind or "unclassified"),
        ("Due", item.due.isoformat() if item.due else "not set"),
        ("Owner", item.owner or "unassigned"),
    ]
    if item.priority:
        facts.append(("Priority", item.priority))
    where = f", line {line})" if line else ")"
    source = f"[{postmortem.title}]({url})" if url else \
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
_LEGACY_SOURCE = re.compile(r"^- \*\*Postmortem:\*\* (?:\[.*\]\((?P<url>[^)\s]+)\)|.* \(`"
                            r"(?P<source>[^`]+)`(?:, line (?P<line>\d+))?\))\s*$", re.MULTILINE)


def _date_or_none(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _due_scope(body: str | None) -> str:
    """Where a body's due line counts: inside the managed block when there is one."""
    inner = block_inner(body)
    return inner if inner is not None else strip_marker(body)


def due_from_body(body: str | None) -> dt.date | None:
    """The due date of a body's `Due:` line (for trackers with no due-date field)."""
    match = _DUE_VALUE.search(_due_scope(body))
    return _date_or_none(match.group(1) if match else None)


def with_due(body: str, due: dt.date) -> str:
    """The body with its `Due:` line saying `due` (added when it has none): the line of the
    managed block when there is one, so a due line people wrote elsewhere stays theirs."""
    line = f"- **Due:** {due.isoformat()}"
    block = find_block(body)
    if block is not None:
        inner = block.group("inner")
        new = _DUE_LINE.sub(line, inner, count=1) if _DUE_LINE.search(inner) else \
            f"{inner.rstrip()}\n\n{line}"
        start, end = block.span("inner")
        return body[:start] + new + body[end:]
    if _DUE_LINE.search(body):
        return _DUE_LINE.sub(line, body, count=1)
    return f"{body.rstrip()}\n\n{line}" if body.strip() else line


def incident_date_from_body(body: str | None) -> dt.date | None:
    """The incident date of a body's `Incident date:` line (issues synced before markers
    carried it)."""
    match = _INCIDENT_LINE.search(body or "")
    return _date_or_none(match.group(1) if match else None)


def legacy_source(body: str | None) -> tuple[str | None, int | None, str | None]:
    """(file, line, permalink) that a format-1 body's `Postmortem:` line shows."""
    match = _LEGACY_SOURCE.search(body or "")
    if match is None:
        return None, None, None
    url = match["url"]
    source = match["source"]
    if url and (found := re.search(r"/blob/[^/]+/(.+?)(?:#.*)?$", url)):
        source = urllib.parse.unquote(found[1])
    return source, int(match["line"]) if match["line"] else None, url
