"""One postmortem's text -> `ParsedDocument`: the steps of the parser in order.

lines (newlines, BOM, odd spaces) -> front matter -> code blocks and comments hidden ->
headings -> action sections -> raw items -> titles and metadata -> kind -> ids -> rationale.
"""

from __future__ import annotations

import datetime as dt
import re

from ..config import ParserSettings
from ..model import ActionItem, ItemStatus, ParsedDocument, Postmortem, item_id_for
from . import metadata
from .frontmatter import FrontMatter, read_front_matter
from .inline import PRIORITY, ItemFields, read_cell, read_item_text, read_note
from .items import RawItem, section_items
from .kinds import kind_from_heading, kind_from_keywords, kind_from_word
from .links import is_tracker_url, references, short_reference
from .rationale import attach_rationale
from .sections import Heading, Section, find_action_sections, find_headings, weak_sections
from .status import past_tense_lead
from .text import heading_key, mask_code_and_comments, split_lines, strip_markdown
from .wiki import wiki_to_markdown

_REF_DEF = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*)?$")
_REF_USE = re.compile(r"\[(?P<text>[^\]]+)\]\[(?P<label>[^\]]*)\]|\[(?P<short>[^\]]+)\]"
                      r"(?![(\[:])")
_GROUP_DONE = re.compile(r"\b(?:completed?|done|finished|taken|already|resolved|closed"
                         r"|implemented|completad[oa]s?|erledigt|abgeschlossen|realizad[oa]s?"
                         r"|terminad[oa]s?|terminées?|réalisées?|concluíd[oa]s?)\b")
_GROUP_OPEN = re.compile(r"\b(?:planned|in progress|open|to ?do|pending|ongoing|remaining"
                         r"|outstanding|upcoming|future|next)\b")
_EMPTY_TITLES = {"none", "n a", "na", "tbd", "todo", "nothing", "none yet", "to do", "tba"}
# "None required from us", "No further action needed": the section says it has no items.
_NO_ITEMS = re.compile(r"(?:none|nothing|no (?:further |additional |new |other )?(?:actions?"
                       r"|follow ?ups?|work|changes?|tasks?)(?: items?)?)(?: (?:is |are )?"
                       r"(?:required|needed|necessary|planned|identified|expected|to do"
                       r"|from us|on our side|at this time|for now)\b.*)?")


def parse_text(text: str, *, source: str, settings: ParserSettings | None = None
               ) -> ParsedDocument:
    """Parse one postmortem. Any text gives a result; problems become warnings."""
    settings = settings or ParserSettings()
    extra = tuple(heading_key(name) for name in settings.action_sections)
    lines = wiki_to_markdown(split_lines(text))
    front = read_front_matter(lines)
    lines[: front.end_line] = [""] * front.end_line
    masked = mask_code_and_comments(lines)
    refs = _reference_links(masked)
    headings = find_headings(masked, extra)
    sections = find_action_sections(masked, headings, extra)
    postmortem = _postmortem(masked, headings, front, source,
                             [(s.start, s.end) for s in sections])
    items = _items(masked, sections, refs, postmortem, settings)
    explained = _explain(items, masked, headings, weak_sections(masked, headings, extra))
    warnings = metadata.front_matter_warnings(source, front)
    if not any(line.strip() for line in lines):
        what = "has nothing after its front matter" if front.end_line else "is empty"
        warnings.append(f"{source}: the file {what}; there are no action items to read")
    elif not sections:
        warnings.append(f"{source}: no action section found; expected a heading such as "
                        "'Action items' or 'Follow-ups'")
    elif not items:
        warnings.append(f"{source}: the action section '{sections[0].heading.text}' "
                        f"(line {sections[0].heading.index + 1}) lists no items")
    return ParsedDocument(postmortem=postmortem, action_items=tuple(explained),
                          warnings=tuple(warnings))


def _postmortem(lines: list[str], headings: list[Heading], front: FrontMatter,
                source: str, tasks: list[tuple[int, int]]) -> Postmortem:
    pm_id = metadata.postmortem_id(source, front)
    stem = metadata.file_stem(source)
    title = metadata.document_title(headings, front, stem)
    when = metadata.incident_date(lines, headings, front, title, stem, tasks)
    return Postmortem(
        id=pm_id, title=title, incident_date=when, source=source,
        severity=metadata.labelled_field(lines, headings, front,
                                         r"severity|sev|incident severity|severity impact"
                                         r"|severity and impact",
                                         ("severity", "sev"), 80),
        impact=metadata.labelled_field(lines, headings, front,
                                       r"impact|customer impact|user impact|severity & impact"
                                       r"|severity and impact", ("impact",)),
        root_cause=metadata.labelled_field(lines, headings, front,
                                           r"root causes?|root cause and resolution|cause",
                                           ("root_cause", "cause")),
        url=front.get("url", "permalink"))


def _reference_links(lines: list[str]) -> dict[str, str]:
    """`[label]: url` definitions (the lines are blanked: they are not items)."""
    refs: dict[str, str] = {}
    for n, line in enumerate(lines):
        m = _REF_DEF.match(line)
        if m and not m["label"].startswith("^"):
            refs.setdefault(m["label"].casefold(), m["url"])
            lines[n] = ""
    return refs


def _resolve_refs(text: str, refs: dict[str, str]) -> str:
    if not refs or "[" not in text:
        return text

    def use(m: re.Match[str]) -> str:
        label = (m["label"] or m["text"] or m["short"] or "").casefold()
        url = refs.get(label)
        if url is None:
            return m.group(0)
        return f"[{m['text'] or m['short']}]({url})"

    return _REF_USE.sub(use, text)


def _group_fields(groups: tuple[Heading, ...], section: Section) -> tuple[str | None, list[str],
                                                                         str | None]:
    """Status, links and kind that the item's headings state (innermost heading first)."""
    status, links, kind = None, [], None
    for heading in reversed((section.heading, *groups)):
        key = heading.key
        if status is None and _GROUP_DONE.search(key) and not _GROUP_OPEN.search(key):
            status = "done"
        elif status is None and _GROUP_OPEN.search(key):
            status = "open"
        kind = kind or kind_from_heading(key)
        links += [url for url in re.findall(r"\]\((\S+?)\)", heading.raw) if is_tracker_url(url)]
        # "Follow-up items (tracked in OPS-1000)": the epic's key applies to the group.
        links += references(re.sub(r"\]\(\S+?\)", "]", heading.raw))
    return status, links, kind


def _fields_of(raw: RawItem, refs: dict[str, str], reference: dt.date | None) -> ItemFields:
    fields = read_item_text(_resolve_refs(raw.text, refs), reference=reference)
    for note in raw.notes:
        fields.merge(read_note(_resolve_refs(note, refs), reference=reference))
    cells = raw.cells or {}
    if cells.get("owner", "").strip(" -"):
        owner = strip_markdown(cells["owner"]).strip()
        if heading_key(owner) not in ("", "n a", "none", "tbd", "unassigned"):
            fields.owner = owner
    # A status word may stand in any of these cells ("When: done").
    for role in ("links", "status", "due"):
        if cells.get(role):
            fields.merge(read_cell(cells[role], reference=reference))
    if cells.get("due"):
        fields.due = fields.due or read_item_text(f"due {cells['due']}",
                                                  reference=reference).due
    if cells.get("priority") and (m := PRIORITY.match(strip_markdown(cells["priority"]))):
        fields.priority = m["p"].upper() if m["p"] else m["w"].lower()
    if raw.checkbox and not fields.status:
        fields.status = raw.checkbox
    return fields


def _items(lines: list[str], sections: list[Section], refs: dict[str, str], pm: Postmortem,
           settings: ParserSettings) -> list[ActionItem]:
    items: list[ActionItem] = []
    seen: dict[str, int] = {}
    # Items whose status nothing states, by the group they stand in.
    unstated: dict[tuple[int, int], list[int]] = {}
    for section in sections:
        for raw in section_items(lines, section):
            fields = _fields_of(raw, refs, pm.incident_date)
            if not re.search(r"\w", fields.title) and fields.links:
                # "- [ ] https://github.com/acme/api/issues/77": the issue is the task.
                fields.title = short_reference(fields.links[0])
            if not re.search(r"\w", fields.title) or heading_key(fields.title) in _EMPTY_TITLES \
                    or _NO_ITEMS.fullmatch(heading_key(fields.title)):
                continue
            group_status, group_links, group_kind = _group_fields(raw.groups, section)
            fields.add_links(group_links)
            kind, kind_source = _kind(fields, raw, group_kind, settings)
            status = fields.status or group_status
            if status is None:
                group = raw.groups[-1].index if raw.groups else -1
                unstated.setdefault((section.heading.index, group), []).append(len(items))
            items.append(ActionItem(
                id=_unique_id(pm.id, fields.title, seen), postmortem_id=pm.id,
                title=fields.title, kind=kind, kind_source=kind_source, owner=fields.owner,
                due=fields.due, due_source="document" if fields.due else None,
                status=_STATUSES.get(status or "", ItemStatus.OPEN),
                priority=fields.priority, links=tuple(fields.links), line=raw.index + 1,
                group=raw.groups[-1].text if raw.groups else None))
    return _done_by_tense(items, unstated)


def _done_by_tense(items: list[ActionItem], unstated: dict[tuple[int, int], list[int]]
                   ) -> list[ActionItem]:
    """A group whose items all report work in the past tense ("Rotated every token",
    "Rebuilt the images") lists what was done; a single such item proves nothing."""
    for group in unstated.values():
        if len(group) > 1 and all(past_tense_lead(items[n].title) for n in group):
            for n in group:
                items[n] = items[n].model_copy(update={"status": ItemStatus.DONE})
    return items


_STATUSES = {"done": ItemStatus.DONE, "dropped": ItemStatus.DROPPED}


def _kind(fields: ItemFields, raw: RawItem, group_kind: str | None,
          settings: ParserSettings) -> tuple[str, str]:
    cells = raw.cells or {}
    if cells.get("kind") and (kind := kind_from_word(strip_markdown(cells["kind"]))):
        return kind, "column"
    if fields.kind:
        return fields.kind, "tag"
    if group_kind:
        return group_kind, "section"
    if kind := kind_from_keywords(fields.title):
        return kind, "keyword"
    return settings.default_kind, "default"


def _unique_id(pm_id: str, title: str, seen: dict[str, int]) -> str:
    """The item id for the title; a repeated title gets the id of "title + occurrence"."""
    base = item_id_for(pm_id, title)
    count = seen.get(base, 0) + 1
    seen[base] = count
    return base if count == 1 else item_id_for(pm_id, f"{title}\x00{count}")


def _explain(items: list[ActionItem], lines: list[str], headings: list[Heading],
             weak: list[Section]) -> list[ActionItem]:
    """Attach the matching measure prose to each item: first from the plain-line measure
    sections that were not read as items, then from the resolution section."""
    measures = [_sentences(lines[s.start: s.end], whole_lines=True) for s in weak]
    resolution = [_sentences(lines[h.index + h.span: _next_heading(headings, h, len(lines))])
                  for h in headings if _RESOLUTION.search(h.key)]
    reasons: list[str | None] = [None] * len(items)
    # Measure prose is written to explain the tasks; resolution prose only when it is about
    # nearly all of the task's words ("Patch the cart module" <- "... deployed a patch to the
    # cart module").
    for pool, cover in (([s for group in measures for s in group], 0.3),
                        ([s for group in resolution for s in group], 0.75)):
        open_ = [n for n, reason in enumerate(reasons) if reason is None]
        if not pool or not open_:
            continue
        found = attach_rationale([items[n].title for n in open_], pool, min_cover=cover)
        for n, reason in zip(open_, found, strict=True):
            reasons[n] = reason
    return [item.model_copy(update={"rationale": reason}) if reason else item
            for item, reason in zip(items, reasons, strict=True)]


_RESOLUTION = re.compile(r"\bresolution\b|\brecovery\b")


def _next_heading(headings: list[Heading], heading: Heading, default: int) -> int:
    return next((h.index for h in headings if h.index > heading.index), default)


def _sentences(lines: list[str], *, whole_lines: bool = False) -> list[str]:
    """The sentences of some lines; with `whole_lines`, each line is one measure."""
    texts = [strip_markdown(re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", line)) for line in lines]
    texts = [t for t in texts if t and not t.endswith(":")]
    if whole_lines:
        return texts
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", " ".join(texts)) if s]
