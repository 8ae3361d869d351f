"""One postmortem's text -> `ParsedDocument`: the passes of the parser in order.

document model (lines, front matter, headings, blocks; `blocks.py`) -> sections (which parts
hold actions, `sections.py`) -> items (segmented from the blocks, `items.py`) -> fields of
each item (title, owner, due, status, links; `inline.py`) -> kind -> ids -> rationale.
Every pass records why it decided as it did in a `Trace` (`explain.py`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Protocol

from ..records import DocumentRecord, ItemRecord, ItemStatus, PostmortemRecord, item_id_for
from . import metadata
from .blocks import Document, read_document
from .explain import Trace
from .frontmatter import FrontMatter
from .headings import Heading
from .htmlpage import file_line
from .inline import ISSUE_REF_TEXT, PRIORITY, ItemFields, read_cell, read_item_text, read_note
from .items import section_items
from .kinds import kind_from_heading, kind_from_keywords, kind_from_word
from .lazyre import lazy
from .links import is_tracker_url, references
from .owners import (
    COLON_LEAD,
    OWNER_PLACEHOLDER,
    STATUS_CAPS,
    index_owners,
    is_party,
    joined_parties,
    known_owner_lead,
    person_dash_lead,
)
from .rationale import attach_rationale
from .sections import Section, find_sections
from .status import STATUS_WITH_REASON, STATUS_WORD, past_tense_lead
from .subitems import RawItem
from .text import first_sentence, heading_key, strip_markdown
from .wording import opens_with_imperative, reads_as_future, reads_as_question

# `[text][label]`, `[label]`, and `[#123]: ...` at the start of an item (a definition stands
# alone on its line and is gone by now).
_REF_USE = lazy(r"\[(?P<text>[^\]]+)\]\[(?P<label>[^\]]*)\]|\[(?P<short>[^\]]+)\]"
                      r"(?![(\[]|:\S)")
_GROUP_DONE = lazy(r"^what we changed\b|^(?:the )?changes (?:we|i) (?:have|ve) made\b"
                         r"|\b(?:completed?|done|finished|taken|already|resolved|closed"
                         r"|implemented|completad[oa]s?|erledigt|abgeschlossen|realizad[oa]s?"
                         r"|terminad[oa]s?|terminées?|réalisées?|concluíd[oa]s?"
                         # "Corrective measures applied", "Mesures correctives appliquées",
                         # "Maßnahmen umgesetzt" (not "to be applied")
                         r"|(?<!to be )applied|put in place|appliqu(?:é|ée|és|ées)"
                         r"|mises? en (?:place|œuvre)|mis en (?:place|œuvre)|aplicad[oa]s?"
                         r"|implementad[oa]s?|umgesetzt|durchgeführt)\b"
                         # "目前采取的措施" (the measures taken so far), "已完成", "実施済み"
                         r"|采取的|已采取|已完成|已实施|実施済|対応済|完了した")
_GROUP_OPEN = lazy(r"\b(?:planned|in progress|open|to ?do|pending|ongoing|remaining"
                         r"|outstanding|upcoming|future|next|will|being|following|coming"
                         # "Follow-ups (recommended, not done in this hotfix)"
                         r"|not (?:yet )?(?:done|completed?|implemented|finished))\b")
_POINTS_AT_LIST = lazy(r"\bthe following (?:\w+ ){0,3}?(?=(?:are|is|were|was|have|has)\b)")
_EMPTY_TITLES = {"none", "n a", "na", "tbd", "todo", "nothing", "none yet", "to do", "tba",
                 "summary", "description", "title", "details", "item", "action item", "task"}
# "None required from us", "No further action needed": the section says it has no items.
_NO_ITEMS = lazy(r"(?:none|nothing|no (?:further |additional |new |other )?(?:actions?"
                       r"|follow ?ups?|work|changes?|tasks?)(?: items?)?)(?: (?:is |are )?"
                       r"(?:required|needed|necessary|planned|identified|expected|to do"
                       r"|from us|on our side|at this time|for now)\b.*)?")


# "No action items: fully resolved in the source PR": none, and why.
_NO_ITEMS_BECAUSE = lazy(r"(?i)\W*(?:none|no (?:further |additional |new |other |open )?"
                         r"(?:action items?|actions?|follow[- ]?ups?|tasks?|work items?))"
                         r"\s*(?:[:;—–]|\s-\s|,\s*(?:as|because|since)\b)")


# Sections taken on a signal weaker than an action heading: a name that may hold advice, a
# plain line, a table or paragraph outside every action section.
_WEAK_SIGNALS = ("weak", "plain", "labelled", "table")


if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import ParsedDocument


class Settings(Protocol):
    """What the parser reads of its settings (`config.ParserSettings`)."""

    @property
    def action_sections(self) -> Sequence[str]: ...

    @property
    def default_kind(self) -> str: ...


@dataclass(frozen=True)
class Reading:
    """A parsed document and the trace of how it was read: `record` as the parser built it
    (plain), `document` as the model every other part reads (validated on first use)."""
    record: DocumentRecord
    trace: Trace
    lines: list[str]
    origin: list[int] | None = None  # an HTML page's lines in the file (see `htmlpage`)

    def source_line(self, index: int) -> int:
        """The file's 1-based line of the 0-based line `index` of `lines`."""
        return file_line(self.origin, index)

    @cached_property
    def document(self) -> ParsedDocument:
        from ..model import parsed_document
        return parsed_document(self.record)


def parse_text(text: str, *, source: str, settings: Settings | None = None
               ) -> ParsedDocument:
    """Parse one postmortem. Any text gives a result; problems become warnings."""
    return read_text(text, source=source, settings=settings).document


def read_text(text: str, *, source: str, settings: Settings | None = None) -> Reading:
    """Parse one postmortem and keep the trace of every decision (for `--explain`, `check`)."""
    if settings is None:
        from ..config import ParserSettings
        settings = ParserSettings()
    extra = tuple(heading_key(name) for name in settings.action_sections)
    doc = read_document(text, extra)
    trace = Trace()
    found = find_sections(doc, extra)
    trace.sections = [(v.line, v.taken, v.why) for v in found.verdicts]
    sections = found.taken
    postmortem = _postmortem(doc.lines, doc.headings, doc.front, source,
                             [(s.start, s.end) for s in sections])
    items = _items(doc, sections, postmortem, settings, trace)
    explained = _explain(items, doc, found.set_aside)
    warnings = metadata.front_matter_warnings(source, doc.front)
    if not any(line.strip() for line in doc.lines) and not doc.headings:
        what = "has nothing after its front matter" if doc.front.end_line else "is empty"
        warnings.append(f"{source}: the file {what}; there are no action items to read")
    elif not sections:
        warnings.append(f"{source}: no action section found; expected a heading such as "
                        "'Action items' or 'Follow-ups'")
    elif not items:
        warnings.append(f"{source}: the action section '{sections[0].heading.text}' "
                        f"(line {doc.source_line(sections[0].heading.index)}) lists no items")
    item_lines = sorted(i.line - 1 for i in items if i.line)
    for section in sections:
        first = bisect.bisect_left(item_lines, section.start)
        if section.kind in _WEAK_SIGNALS and first < len(item_lines) \
                and item_lines[first] < section.end:  # the section gave an item
            trace.doubt(section.heading.index + 1, "weak-section",
                        f"read as actions on a weak signal ({section.why}); give them a "
                        "heading such as '## Action items' if they are, move them if not")
    if doc.origin is not None:  # an HTML page read as its text: the file's own lines
        explained = [replace(i, line=doc.source_line(i.line - 1)) if i.line else i
                     for i in explained]
        trace.doubts = [replace(d, line=doc.source_line(d.line - 1)) if d.line else d
                        for d in trace.doubts]
    document = DocumentRecord(postmortem=postmortem, action_items=tuple(explained),
                              warnings=tuple(warnings))
    return Reading(document, trace, doc.lines, doc.origin)


def _postmortem(lines: list[str], headings: list[Heading], front: FrontMatter,
                source: str, tasks: list[tuple[int, int]]) -> PostmortemRecord:
    pm_id = metadata.postmortem_id(source, front)
    stem = metadata.file_stem(source)
    title = metadata.document_title(headings, front, stem, lines)
    when = metadata.incident_date(lines, headings, front, title, stem, tasks)
    return PostmortemRecord(
        id=pm_id, title=title, incident_date=when, source=source,
        severity=metadata.labelled_field(lines, headings, front,
                                         r"severity|sev|incident severity|severity impact"
                                         r"|severity and impact",
                                         ("severity", "sev"), 80),
        impact=metadata.labelled_field(lines, headings, front,
                                       r"impact|customer impact|user impact|severity & impact"
                                       r"|severity and impact", ("impact",)),
        root_cause=metadata.labelled_field(lines, headings, front, _ROOT_CAUSE,
                                           ("root_cause", "cause")),
        root_cause_markdown=metadata.labelled_markdown(lines, headings, front, _ROOT_CAUSE,
                                                       ("root_cause", "cause")),
        url=front.get("url", "permalink"))


_ROOT_CAUSE = r"root causes?|root cause and resolution|cause"
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
        # "The following action items are already completed": "following" points at the
        # list, it dates nothing ahead (as in "The following 2 weeks")
        key = _POINTS_AT_LIST.sub("", heading.key)
        if status is None and _GROUP_DONE.search(key) and not _GROUP_OPEN.search(key):
            status = "done"
        elif status is None and _GROUP_OPEN.search(key):
            status = "open"
        kind = kind or kind_from_heading(key)
        links += [url for url in re.findall(r"\]\((\S+?)\)", heading.raw) if is_tracker_url(url)]
        # "Follow-up items (tracked in OPS-1000)": the epic's key applies to the group.
        links += references(re.sub(r"\]\(\S+?\)", "]", heading.raw))
    return status, links, kind


def _fields_of(raw: RawItem, refs: dict[str, str], reference: dt.date | None,
               trace: Trace) -> ItemFields:
    fields = read_item_text(_resolve_refs(raw.text, refs), reference=reference)
    for note in raw.notes:
        fields.merge(read_note(_resolve_refs(note, refs), reference=reference))
    cells = raw.cells or {}
    if cells.get("owner", "").strip(" -"):
        owner = _owner_cell(cells["owner"], fields, reference)
        if OWNER_PLACEHOLDER.fullmatch(owner):
            fields.placeholder_owner = owner
        elif heading_key(owner) not in ("", "none", "unassigned"):
            fields.owner = owner
    # A status word may stand in any of these cells ("When: done"), and an issue link in any
    # cell beside the title (a Type column holding "[PR](...) in sdk fork").
    for role in ("links", "status", "due", "kind", "priority"):
        if cells.get(role):
            fields.merge(read_cell(_resolve_refs(cells[role], refs), reference=reference))
    if cells.get("links"):
        # "| Work Item |" holding "bug.0016", "story.5020": the keys of a tracker of the
        # team's own, links by the column they stand in
        fields.add_links(_WORK_ITEM_KEY.findall(strip_markdown(cells["links"])))
    if cells.get("note") and len(strip_markdown(cells["note"]).split()) <= 3:
        # a Notes cell that is only a status, perhaps linking the work ("[Done](.../pull/7)")
        noted = read_cell(_resolve_refs(cells["note"], refs), reference=reference)
        fields.status = fields.status or noted.status
        fields.add_links(noted.links)
    if cells.get("due"):
        due_cell = read_item_text(f"due {cells['due']}", reference=reference)
        fields.due = fields.due or due_cell.due
        fields.unread_due += [] if fields.due else due_cell.unread_due
    if cells.get("priority") and (m := PRIORITY.match(strip_markdown(cells["priority"]))):
        fields.priority = m["p"].upper() if m["p"] else m["w"].lower()
    if raw.checkbox and not fields.status:
        fields.status = raw.checkbox
    fields.status = fields.status or raw.status
    return fields


_WORK_ITEM_KEY = lazy(r"(?<![\w./#-])[A-Za-z]{2,15}\.\d{2,6}(?![\w.])")


def _owner_cell(cell: str, fields: ItemFields, reference: dt.date | None) -> str:
    """The owner an Owner cell names; a cell that also states a due date or labels its
    value ("Owner: Tom Becker. Due 2024-03-19.") is read as a note."""
    text = strip_markdown(cell).strip()
    if (STATUS_WORD.match(" ".join(text.split())) or STATUS_WITH_REASON.match(text)) \
            and (said := read_cell(text, reference=reference).status):
        # "open", "done — see below" in the Owner column: where the task stands, no owner
        fields.status = fields.status or said
        return ""
    if len(text.split()) >= 3 and past_tense_lead(text):
        # "Added along with the PR fix": the cell tells the work is done, and names nobody
        fields.status = fields.status or "done"
        return ""
    if ":" in text or re.search(r"(?i)\bdue\b|\bby\s+\d", text):
        note = read_note(text if ":" in text else f"Owner: {text}", reference=reference)
        fields.due = fields.due or note.due
        if note.owner:
            return note.owner
    return text


# "Review in Trello", "Possibly some others in Trello", "All topics in our Trello board": an
# entry that sends the reader to where the tasks are kept names no task of its own.
_BOARD_POINTER = lazy(r"(?i)^\W*(?:(?:review|see|check|possibly|maybe|probably|and)\s+)?"
                      r"(?:(?:some|the|all|any)\s+)?(?:(?:others?|more|rest|topics?|items?"
                      r"|details?|review)\s+)?(?:are\s+|is\s+)?(?:listed\s+|tracked\s+"
                      r"|kept\s+)?in\s+"
                      r"(?:the\s+|our\s+)?(?:trello|jira|asana|clickup|linear|shortcut|notion"
                      r"|github|the tracker|backlog)(?:\s+(?:board|project|backlog|epic))?\W*$"
                      # "Progress may be tracked on the Judge project": where to follow them
                      r"|^\W*(?:progress|the work|work|status)\s+(?:(?:may|can|will)\s+be|is)"
                      r"\s+(?:tracked|followed|seen)\s+(?:on|in|at)\b[^.!?]{0,80}"
                      r"(?:project|board|issue|issues|tracker|epic|milestone)\W*$")


def _is_empty(fields: ItemFields) -> bool:
    key = heading_key(fields.title)
    return not re.search(r"\w", fields.title) or key in _EMPTY_TITLES \
        or bool(_NO_ITEMS.fullmatch(key)) or bool(_NO_ITEMS_BECAUSE.match(fields.title))


def _items(doc: Document, sections: list[Section], pm: PostmortemRecord, settings: Settings,
           trace: Trace) -> list[ItemRecord]:
    items: list[ItemRecord] = []
    seen: dict[str, int] = {}
    # Items whose status nothing states, by the group they stand in.
    unstated: dict[tuple[int, int], list[int]] = {}
    found = [(section, section_items(doc, section, trace, sole=len(sections) == 1))
             for section in sections]
    _drop_retold_headings(found, trace)
    for section, raws in found:
        capitals = _capital_owners(raws)
        leads = _colon_owners(raws) | _dash_owners(raws) | capitals
        grouped = _owner_groups(raws)
        for raw in raws:
            if items and items[-1].line == raw.index and (
                    badges := _BADGES.fullmatch(strip_markdown(raw.text).strip())):
                # "P0 7d", "P1 done" on the line under a task: the badges a page shows beside
                # it (its priority, its deadline or where it stands), not a task of their own
                _badges_of(items, badges, unstated)
                trace.line(raw.index, f"a field line of item {len(items)}")
                continue
            fields = _fields_of(raw, doc.refs, pm.incident_date, trace)
            if raw.index in capitals:
                # the column of people the section writes in line wins over a guess from the
                # sentence ("Access to console ... needs to be enabled (DAVID)")
                fields.owner = capitals[raw.index]
            elif raw.index in leads:
                fields.owner = fields.owner or leads[raw.index]
            fields.owner = fields.owner or raw.owner or grouped.get(raw.index)
            if not re.search(r"\w", fields.title) and fields.links:
                # "- [ ] https://github.com/acme/api/issues/77": the issue is the task, and its
                # link as written is its title ("[acme/api#77](url)": the reference it shows).
                shown = ISSUE_REF_TEXT.fullmatch(strip_markdown(raw.text).strip(" *_`.,;"))
                fields.title = shown.group(0) if shown else fields.links[0]
                fields.removed = []
            if _is_empty(fields) or fields.placeholder_title:
                trace.line(raw.index, "left: a placeholder, not a task")
                continue
            if _BOARD_POINTER.match(fields.title):
                trace.line(raw.index, "left: points to the board that holds the tasks")
                continue
            group_status, group_links, group_kind = _group_fields(raw.groups, section)
            fields.add_links(group_links)
            kind, kind_source = _kind(fields, raw, group_kind, settings)
            status = fields.status
            if status is None and group_status == "done" and \
                    reads_as_future(first_sentence(strip_markdown(raw.text))):
                status = "open"  # "We will also ..." under "What has been done"
            status = status or group_status
            if status is None:
                group = raw.groups[-1].index if raw.groups else -1
                unstated.setdefault((section.heading.index, group), []).append(len(items))
            trace.line(raw.index, f"item {len(items) + 1}: {fields.title[:60]}")
            _doubts(fields, raw, pm, trace)
            items.append(ItemRecord(
                id=_unique_id(pm.id, fields.title, seen), postmortem_id=pm.id,
                title=fields.title, kind=kind, kind_source=kind_source, owner=fields.owner,
                due=fields.due, due_source="document" if fields.due else None,
                status=_STATUSES.get(status or "", ItemStatus.OPEN), done_on=fields.done_on,
                priority=fields.priority, links=tuple(fields.links), line=raw.index + 1,
                group=raw.groups[-1].text if raw.groups else None,
                removed=tuple(fields.removed), section=section.heading.text))
    return _done_by_tense(_owners_by_lead(items), unstated)


def _colon_owners(raws: list[RawItem]) -> dict[int, str]:
    """ "Hypha: Make proposal ...", "Hypha + ICL: Investigate ...": when the items of a list
    open with parties before a colon, and one of them names two parties at once (so the
    prefixes are people, not components such as "API:"), each prefix is its item's owner and
    leaves the title."""
    found: dict[int, tuple[RawItem, re.Match[str]]] = {}
    for raw in raws:
        if (m := COLON_LEAD.match(raw.text)) is not None and is_party(m["who"]):
            found[raw.index] = (raw, m)
    if not any(joined_parties(m["who"]) for _, m in found.values()):
        return {}
    owners = {}
    for index, (raw, m) in found.items():
        raw.text = raw.text[m.end():]
        owners[index] = m["who"].strip()
    return owners


# "Runtime team — enable ... — 2026-07-29": a team before a dash and a lower-case task, the
# "owner — task — date" shape of a list written without a table ("Platform team: review
# ...": or before a colon).
_DASH_LEAD = lazy(r"^(?P<who>[A-Z][\w&'’-]*(?:\s+[\w&'’-]+){0,2}?\s+(?:team|squad|crew"
                        r"|group|on-?call))(?:\s+[—–]|:)\s+(?=[a-z`])")


def _dash_owners(raws: list[RawItem]) -> dict[int, str]:
    """The team that opens each item before a dash ("Runtime team — add ..."), which leaves
    the title as an Owner column's value would. The word "team" makes it a party even when
    its first word could be a verb ("Release team"). A person's name before a dash is an
    owner when the section writes its items that way: two or more items open so, and two of
    them go on with a task ("Chris - explore ...", "Tobias - Document ..."); a topic or a
    part of the system ("Database - add ...", "Monitoring - ...") is never a person."""
    owners = {}
    for raw in raws:
        if (m := _DASH_LEAD.match(raw.text)) is not None:
            raw.text = raw.text[m.end():]
            owners[raw.index] = m["who"].strip()
    people = {}
    for raw in raws:
        if raw.index in owners or (m := person_dash_lead(raw.text, bold=True)) is None \
                or m["who"].split()[0].casefold() in _TOPIC_WORDS:
            continue
        rest = raw.text[m.end():].lstrip("*_`")
        people[raw.index] = (m, opens_with_imperative(rest) or rest.startswith("to "))
    if len(people) >= 2 and sum(tasky for _, tasky in people.values()) >= 2:
        for raw in raws:
            if raw.index in people:
                m = people[raw.index][0]
                raw.text = raw.text[m.end():]
                owners[raw.index] = m["who"]
    return owners


# "**LB**", "**@dana**" over a list: the tasks of one person, grouped by who does them.
_OWNER_GROUP = lazy(r"^(?:[A-Z]{2,3}(?:\s*[/&+]\s*[A-Z]{2,3})*"  # ("**AC/AFC**": two people)
                   r"|@[\w-]+(?:\s*(?:,|&|and)\s*@[\w-]+)*)$")


# "**Alex**", "**Gareth**" over their lists: a given name alone, capitalised; not the name of
# a topic or a part of the system ("**Frontend**", "**Database**").
_GIVEN_NAME = lazy(r"[A-Z][a-zà-ÿ]{2,14}(?: [A-Z]\.?)?")  # ("**Gareth E**": and an initial)
_TOPIC_WORDS = frozenset("""
frontend backend infra infrastructure api apis docs documentation database databases network
networking security ops operations platform mobile web data monitoring alerting testing tests
qa fixes process processes tooling tools engineering product design support legal other
general misc miscellaneous communication communications deployment deployments release
releases observability logging metrics storage billing search auth performance reliability
people team teams customers users follow-ups followups next later tasks actions improvements
dns cdn aws gcp ci cd db sql vpn iam ssl tls ux ui
""".split())


def _owner_groups(raws: list[RawItem]) -> dict[int, str]:
    """Owners from the groups the items stand in, when the groups are people: two or more,
    and no group named otherwise. A group is a person by initials or handles ("**LB**",
    "**@dana**"), or by a given name written as a bold line ("**Alex**"; "### Kubernetes"
    names a part); not a lone "**API**" among "**Frontend**" and "**Docs**"."""
    groups = {r.index: r.groups[-1] for r in raws if r.groups}
    names = {n: _GROUP_QUALIFIER.sub("", strip_markdown(g.text).strip().rstrip(":").strip())
             for n, g in groups.items()}

    def person(name: str, syntax: str) -> bool:
        if name.upper() in STATUS_CAPS:
            return False
        if (via := _VIA.fullmatch(name)) is not None:
            # "**Digirati via AG**": the work goes to a party through a person
            return person(via["who"], syntax)
        return bool(_OWNER_GROUP.match(name)) or syntax in ("bold", "label") and bool(
            _GIVEN_NAME.fullmatch(name)) and name.casefold() not in _TOPIC_WORDS \
            and is_party(name)

    def joined(name: str, syntax: str) -> bool:
        # "**Jamie, David & Raphaëlle**", "**Alex/Jamie**": given names joined, people even
        # in a group alone
        parts = [p for p in re.split(r"\s*(?:,|&|/|\band\b)\s*", name) if p]
        return len(parts) >= 2 and all(person(p, syntax) for p in parts)

    # "**Done**" beside "**Natalie**" and "**Alex/Jamie**": the tasks finished, whoever did
    # them (their group states their status, no owner)
    statused = {name for name in names.values() if name.upper() in STATUS_CAPS}
    names = {n: name for n, name in names.items() if name not in statused}
    together = {names[n] for n in names if joined(names[n], groups[n].syntax)}
    people = together | {names[n] for n in names if person(names[n], groups[n].syntax)} | {
        name for name in names.values() if name.casefold() in _ROLES}
    # "**Team**", "**Everyone**" beside "**Harrison**" and "**Alex**": the rest of them
    everyone = {name for name in names.values() if name.casefold() in _COLLECTIVE}
    distinct = len(set(names.values()))
    if together and len(people) == distinct:
        return names
    # "**RK**" beside "**TBC - take to next planning**": the tasks of one person, and those
    # nobody holds yet
    unheld = {name for name in names.values() if _UNHELD_GROUP.match(name)}
    if unheld and people and len(people) + len(everyone) + len(unheld) == distinct \
            and not any(p.casefold() in _TOPIC_WORDS for p in people):
        return {n: name for n, name in names.items() if name not in unheld}
    # ("**Robert**" beside "**Team**": one person and the rest of them is a split by people)
    if len(people) < (1 if everyone else 2) or len(people) + len(everyone) < distinct:
        # Two groups or more named by initials or handles ("**AG**", "**SB**") are people
        # beside a group of another kind ("Folio changes:"), whose items keep no owner.
        strong = {p for p in people if _OWNER_GROUP.match(p)
                  or (via := _VIA.fullmatch(p)) is not None and _OWNER_GROUP.match(via["who"])}
        if distinct == 1 and len(strong) == 1 and not any(
                p.casefold() in _TOPIC_WORDS for p in strong):
            return names  # "JG:" over the whole list: one person's tasks
        if len(strong) < 2:
            return {}
        return {n: name for n, name in names.items() if name in people}
    return names


# "**TBC - take to next planning**", "**Unassigned**": a group of tasks nobody holds yet.
_UNHELD_GROUP = lazy(r"(?i)^(?:tbc|tbd|tba|unassigned|unowned|no owner(?: yet)?|owner tb[cd]"
                     r"|nobody yet|\?+)(?:$|\s*[-–—:(]|\s+yet\b)"
                     # "**Take to Platform planning**", "**For sprint planning**": tasks that go
                     # to a planning meeting, held by nobody yet
                     r"|^(?:take to|for|to) (?:the )?(?:[\w-]+ ){0,2}planning$")
# "**AG - for planning**": who, and what the list is for.
_GROUP_QUALIFIER = lazy(r"\s+[-–—]\s+(?:for|to)\b.{0,30}$")
_VIA = lazy(r"[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,2}\s+via\s+(?P<who>\S.{0,30})")
# "**Devs**" beside "**Gareth**": the people of a role, who hold the tasks as a person would
_ROLES = {"devs", "developers", "dev team", "engineers", "designers", "pms", "sres", "admins",
          "sysadmins", "product team", "ops team"}
_COLLECTIVE = {"team", "the team", "everyone", "all", "whole team", "the whole team", "all of us"}


def _drop_retold_headings(found: list[tuple[Section, list[RawItem]]], trace: Trace) -> None:
    """A section of sub-headings told as prose ("### Remediation" over "#### OCC and
    complexity") whose every heading comes back as a task of another section's list ("-
    audit OCC code ..."): the list states the tasks, the headings the themes they came from.
    The headings are left, so no task is counted twice."""
    for n, (section, raws) in enumerate(found):
        headings = {g.index for g in section.groups}
        if len(raws) < 2 or not all(not r.is_list and r.index in headings for r in raws):
            continue
        words = [_content_words(r.text) for m, (_, rs) in enumerate(found) if m != n
                 for r in rs if r.is_list]
        used: set[int] = set()
        for raw in raws:
            mine = _content_words(raw.text)
            match = next((k for k, w in enumerate(words) if k not in used and mine & w), None)
            if match is None:
                break
            used.add(match)
        else:
            for raw in raws:
                trace.line(raw.index, "left: a theme whose task a list of another section "
                           "states (told twice, counted once)")
            found[n] = (section, [])


_STOP_WORDS = frozenset("""
about after again also and are been before being between both could does during each from
have into more most must only other over same should some such than that their them then there
these they this those through under until very what when where which while will with would your
""".split())


def _content_words(text: str) -> set[str]:
    plain = strip_markdown(text)
    words = {w.casefold() for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", plain)}
    words |= {w.casefold() for w in re.findall(r"\b[A-Z]{2,}\b", plain)}
    return {w for w in words if w not in _STOP_WORDS}


# "... update to 8.5.1 (NATHAN)", "... patch versions (NATHAN, GIORGIO)", "Create playbook.
# (GIORGIO)": names in capitals in a parenthesis that ends the item.
# "(CHRIS DONE, NATHAN TO REVIEW)": where each one's part stands; a reviewer is not an owner.
_PART = r"(?:\s+(?:DONE|TO\s+REVIEW|REVIEWING|REVIEWER|TO\s+DO|TODO))?"
# (the links of the item may follow: "(GIORGIO) [ELPP-3148](https://...)")
_CAPITAL_TRAIL = lazy(r"(?P<paren>\.?\s*\((?P<who>[A-Z]{2,}(?: [A-Z]\.?)?" + _PART
                      + r"(?:\s*(?:,|&|/|\band\b)\s*[A-Z]{2,}(?: [A-Z]\.?)?" + _PART
                      + r")*)\))(?:\s*(?:\[[^\]\n]*\]\([^()\s]*\)|[A-Z][A-Z0-9]{1,9}-\d{1,7}))*"
                      r"\s*\.?\s*$")
_REVIEWS = lazy(r"\s+(?:TO\s+REVIEW|REVIEWING|REVIEWER)$")
_PART_STATUS = lazy(r"\s+(?:DONE|TO\s+DO|TODO)$")


def _all_done(who: str) -> bool:
    """ "(MIRA DONE)", "(ANA DONE, IVO DONE)": every one's part done, and no review to come."""
    parts = [n.strip() for n in _NAME_JOINERS.split(who)]
    return all(_PART_STATUS.search(p) and "DONE" in p for p in parts)


def _capital_names(who: str) -> list[str]:
    parts = [n.strip() for n in _NAME_JOINERS.split(who)]
    doers = [p for p in parts if not _REVIEWS.search(p)] or parts
    return [_PART_STATUS.sub("", _REVIEWS.sub("", p)) for p in doers]


_NAME_JOINERS = lazy(r",|&|/|\band\b")
# "... (DONE)", "(WIP)": a status in capitals where an owner might stand.
_STATUS_TRAIL = lazy(r"\((?:" + "|".join(map(re.escape, STATUS_CAPS)) + r")\)\W*$")


def _capital_owners(raws: list[RawItem]) -> dict[int, str]:
    """Owners written in capitals at the end of the items ("(NATHAN)", "(GIORGIO, LUKE)"):
    taken when most of the section's entries (three at least) end so, and a name comes back
    in two of them or two names share one, so they are a column of people written in line,
    not an acronym ("(UTC)", "(PITR)") one item explains itself with. Entries that end with a
    status in capitals ("(DONE)") say where they stand instead, and are not counted."""
    found: dict[int, list[str]] = {}
    listed = statuses = 0
    for raw in raws:
        text = strip_markdown(raw.text)
        if _STATUS_TRAIL.search(text):
            statuses += 1
            continue
        listed += 1
        m = _CAPITAL_TRAIL.search(text)
        if m is not None and not OWNER_PLACEHOLDER.fullmatch(m["who"]):
            found[raw.index] = _capital_names(m["who"])
    names = [n for who in found.values() for n in who]
    # Beside "(DONE)" in the same place, the capitals are the other values of one column:
    # the people ("(CHRIS)", "(GIORGIO)", "(DAVID)"), even each named once.
    column = bool(statuses) and len(found) * 2 >= listed
    if len(found) < 3 or not column and (len(found) * 3 < listed * 2
                                         or len(set(names)) == len(names)):
        return {}
    owners = {}
    for raw in raws:
        if raw.index in found and (m := _CAPITAL_TRAIL.search(raw.text)) is not None:
            done = " (DONE)" if _all_done(m["who"]) else ""
            raw.text = raw.text[: m.start("paren")] + raw.text[m.end("paren"):] + done
            owners[raw.index] = ", ".join(found[raw.index])
        elif (m := _NAME_AND_STATUS.search(raw.text)) is not None:
            # "(SIAN DONE)" in the column of "(PAUL)", "(GIORGIO)": the person, then the status
            raw.text = f"{raw.text[: m.start()]} ({m['status']})"
            owners[raw.index] = m["who"]
    return owners


_NAME_AND_STATUS = lazy(r"\((?P<who>[A-Z]{2,})\s+(?P<status>"
                        + "|".join(map(re.escape, STATUS_CAPS)) + r")\)\W*$")


def _doubts(fields: ItemFields, raw: RawItem, pm: PostmortemRecord, trace: Trace) -> None:
    """What is uncertain about one item, for `check`."""
    line = raw.index + 1
    if fields.placeholder_owner:
        trace.doubt(line, "owner-placeholder", f"'{fields.title}': the owner is written as "
                    f"'{fields.placeholder_owner}'; name a person or team")
    if reads_as_question(fields.title):
        trace.doubt(line, "question-item", f"'{fields.title}' is a question, not a task; "
                    "reword it as the task to do, or move it out of the action section")
    elif len(fields.title.split()) > 25:
        trace.doubt(line, "prose-item", f"'{fields.title[:60]}…' reads as prose; start the "
                    "item with the task in a short sentence")
    for phrase in fields.unread_due:
        trace.doubt(line, "unreadable-due", f"'{fields.title}': the due date '{phrase}' cannot "
                    "be read; write it as YYYY-MM-DD")
    if fields.due and pm.incident_date and fields.due < pm.incident_date:
        trace.doubt(line, "due-before-incident", f"'{fields.title}': due {fields.due} is before "
                    f"the incident ({pm.incident_date})")


def _owners_by_lead(items: list[ItemRecord]) -> list[ItemRecord]:
    """An item with no owner that opens with the name another item has as its owner ("ICL
    check how ..." beside "ICL to build ...") is that owner's."""
    known = index_owners({item.owner for item in items
                          if item.owner and not item.owner.startswith("@")})
    if not known:
        return items
    return [replace(item, owner=who)
            if item.owner is None and (who := known_owner_lead(item.title, known)) else item
            for item in items]


# A line of badges alone: a priority, a deadline ("7d", "30 days"), where it stands.
_BADGES = lazy(r"(?i)(?=.*\d)(?:(?P<priority>P[0-4])|(?P<sla>\d{1,3}\s?(?:[dwh]|days?|weeks?))"
               r"|(?P<status>done|completed|open|todo|to do|in progress|wip|wontfix|dropped))"
               r"(?:[\s·|,/-]+(?:(?P<priority2>P[0-4])|\d{1,3}\s?(?:[dwh]|days?|weeks?)"
               r"|(?P<status2>done|completed|open|todo|to do|in progress|wip|wontfix|dropped)))"
               r"{0,2}")


def _badges_of(items: list[ItemRecord], badges: re.Match[str],
               unstated: dict[tuple[int, int], list[int]]) -> None:
    """The last item takes the priority and the status its line of badges states, where it
    states none of its own."""
    last = items[-1]
    word = (badges["status"] or badges["status2"] or "").casefold()
    status = {"done": ItemStatus.DONE, "completed": ItemStatus.DONE, "wontfix": ItemStatus.DROPPED,
              "dropped": ItemStatus.DROPPED}.get(word, ItemStatus.OPEN if word else None)
    n = len(items) - 1
    waiting = next((group for group in unstated.values() if n in group), None)
    if status is not None and waiting is not None:
        waiting.remove(n)
        last = replace(last, status=status)
    priority = badges["priority"] or badges["priority2"]
    if priority and last.priority is None:
        last = replace(last, priority=priority.upper())
    items[-1] = last


def _done_by_tense(items: list[ItemRecord], unstated: dict[tuple[int, int], list[int]]
                   ) -> list[ItemRecord]:
    """A group whose items all report work in the past tense ("Rotated every token",
    "Rebuilt the images") lists what was done; a single such item proves nothing."""
    for group in unstated.values():
        if len(group) > 1 and all(past_tense_lead(items[n].title) for n in group):
            for n in group:
                items[n] = replace(items[n], status=ItemStatus.DONE)
    return items


_STATUSES = {"done": ItemStatus.DONE, "dropped": ItemStatus.DROPPED}


def _kind(fields: ItemFields, raw: RawItem, group_kind: str | None,
          settings: Settings) -> tuple[str, str]:
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


def _explain(items: list[ItemRecord], doc: Document, weak: list[Section]) -> list[ItemRecord]:
    """Attach the matching measure prose to each item: first from the plain-line measure
    sections that were not read as items, then from the resolution section. Matched on
    the plain text; kept as its author wrote it too (Markdown), for issue bodies."""
    lines, headings = doc.lines, doc.headings
    measures = [_sentences(lines[s.start: s.end], whole_lines=True) for s in weak]
    resolution = [_sentences(lines[h.end_line: headings[n + 1].index if n + 1 < len(headings)
                                   else len(lines)])
                  for n, h in enumerate(headings) if _RESOLUTION.search(h.key)]
    reasons: list[tuple[str, str] | None] = [None] * len(items)
    # Measure prose is written to explain the tasks; resolution prose only when it is about
    # nearly all of the task's words ("Patch the cart module" <- "... deployed a patch to the
    # cart module").
    for pool, cover in (([s for group in measures for s in group], 0.3),
                        ([s for group in resolution for s in group], 0.75)):
        open_ = [n for n, reason in enumerate(reasons) if reason is None]
        if not pool or not open_:
            continue
        written = dict(reversed(pool))  # plain -> as written (the first one, if repeated)
        found = attach_rationale([items[n].title for n in open_], [p for p, _ in pool],
                                 min_cover=cover)
        for n, reason in zip(open_, found, strict=True):
            reasons[n] = (reason, written[reason]) if reason else None
    return [replace(item, rationale=reason[0], rationale_markdown=reason[1])
            if reason else item for item, reason in zip(items, reasons, strict=True)]


_RESOLUTION = lazy(r"\bresolution\b|\brecovery\b")


def _sentences(lines: list[str], *, whole_lines: bool = False) -> list[tuple[str, str]]:
    """The sentences of some lines, as (plain text, as written); with `whole_lines`, each
    line is one measure."""
    written = [re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", line).strip() for line in lines]
    pairs = [(strip_markdown(w), w) for w in written]
    pairs = [(p, w) for p, w in pairs if p and not p.endswith(":")]
    if whole_lines:
        return pairs
    joined = " ".join(w for _, w in pairs)
    raw = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z*_`\[])", joined) if s]
    return [(plain, w) for w in raw if (plain := strip_markdown(w))]
