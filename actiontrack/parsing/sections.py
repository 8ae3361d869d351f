"""Which parts of a document hold its action items, and why (the section pass).

Over the document model (`blocks.Document`), in this order:

1. A heading whose name says it holds follow-up work (`names.ACTION_NAME`, or a name from
   `ParserSettings.action_sections`) takes its section; a bullet or indented label with
   sub-items takes those. A weak name ("Recommendations") takes its section only when most of
   its entries read as the team's tasks, none as advice to others; "Additional improvements"
   under the resolution lists what the fix included. Sub-headings are groups of the section,
   and a sibling that only names a later horizon ("### Longer term") continues it. A name of
   the time ahead ("Looking forward", "Future") takes its section only when an entry reads
   as a task, and no action name counts inside a timeline.
2. Plain-line sections (`Tasks:`) are the weakest signal: they count only when no marked
   heading in the document names an action section.
3. Outside those sections, two shapes still state actions themselves: a table whose header
   has an action column beside owner/type/status/ticket columns, and a paragraph or list
   entry labelled as one (`Action point: ...`, `**TODO**: ...`). Neither counts inside a
   timeline.

Every heading gets a verdict with its reason, which `--explain` prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import ITEM, PARAGRAPH, TABLE, Block, Document
from .headings import BOLD_LEVEL, LABEL_LEVEL, Heading
from .lazyre import lazy
from .names import (
    ACTION_NAME,
    CLOSING_NAME,
    DECIDED_AGAINST,
    EVENT_NAME,
    FORWARD_NAME,
    HORIZON_NAME,
    HORIZON_WITH_STATUS,
    NAME_JOINER,
    NOT_ACTION_NAME,
    OTHER_NAME,
    action_name_match,
    is_action_heading,
    is_action_name,
    is_weak_action_name,
)
from .status import past_tense_lead
from .tables import is_action_table
from .text import first_sentence, heading_key, strip_markdown
from .wording import (
    ACTION_LABEL,
    label_status,
    last_commitment,
    opens_with_commitment,
    opens_with_imperative,
    opens_with_pledge,
    reads_as_advice,
    reads_as_future,
    reads_as_process_state,
    reads_as_question,
    reads_as_task,
    status_label,
)

__all__ = ["ACTION_NAME", "Section", "Verdict", "find_sections", "is_action_name"]

# A paragraph that states an action by its label: "Action point: create ...", "**TODO**: ...".
@dataclass
class Section:
    heading: Heading
    start: int  # first content line index
    end: int  # exclusive
    groups: list[Heading] = field(default_factory=list)
    why: str = ""
    kind: str = "heading"  # heading, label, plain, weak, table, labelled
    blocks: list[int] = field(default_factory=list)  # for table/labelled: the blocks it is

    @property
    def weak(self) -> bool:
        return not self.heading.marked


@dataclass(frozen=True)
class Verdict:
    line: int  # 0-based
    taken: bool
    why: str


@dataclass
class Sections:
    taken: list[Section]
    verdicts: list[Verdict]
    set_aside: list[Section]  # plain-line action sections left for a marked one


def find_sections(doc: Document, extra: tuple[str, ...] = ()) -> Sections:
    """The action sections of the document and a verdict for every heading."""
    verdicts: list[Verdict] = []
    sections: list[Section] = []
    current: Section | None = None
    at_line = {h.index: n for n, h in enumerate(doc.headings)}
    above: list[Heading] = []  # the headings that enclose the current one
    named = any(h.marked and h.level != LABEL_LEVEL and is_action_heading(h.text, extra)
                and _lists_work(doc, m) for m, h in enumerate(doc.headings)
                if not is_weak_action_name(h.key))
    found_tasks_named: list[Heading] | None = None

    def tasks_named() -> list[Heading]:
        """The marked headings named as the list of tasks ("## Action items"), found once."""
        nonlocal found_tasks_named
        if found_tasks_named is None:
            found_tasks_named = [h for h in doc.headings if h.marked and h.level != LABEL_LEVEL
                                 and _TASKS_NAME.search(h.key)
                                 and is_action_heading(h.text, extra)]
        return found_tasks_named

    for n, heading in enumerate(doc.headings):
        while above and above[-1].level >= heading.level:
            above.pop()
        enclosing = above[-1] if above else None
        above.append(heading)
        if current is not None:
            if heading.index < current.end and (heading.level > current.heading.level
                                                or _continues(heading)) \
                    and not CLOSING_NAME.match(heading.key) \
                    and not DECIDED_AGAINST.search(heading.key):
                current.groups.append(heading)
                verdicts.append(Verdict(heading.index, True,
                                        f"a group of '{current.heading.text}'"))
                continue
            current.end = min(current.end, heading.index)
            current = None
        why, kind = _action_reason(doc, n, extra, named)
        # (a plain "Corrective measures:" line starts a new part of the text, timeline or not)
        if why is not None and (heading.marked or heading.level == LABEL_LEVEL) \
                and _inside_events(doc, above[:-1], n):
            why, kind = None, "in-events"
        if why is not None and enclosing is not None and _RESOLUTION.search(enclosing.key) \
                and (_MADE_DURING_FIX.fullmatch(heading.key) or _DONE_DURING_FIX.match(
                    heading.key) or _reports_past_work(doc, n)):
            why, kind = None, "during-fix"
        if why is not None and any(_PROCEDURE.search(h.key) for h in above[:-1]
                                   # (not the document's title: "Emergency Aardvark bump")
                                   if not _document_title(doc, h)):
            why, kind = None, "in-procedure"
        if why is not None and any(_FAQ.search(h.key) for h in above[:-1]):
            why, kind = None, "in-faq"
        if why is not None and _ATTEMPT_OUTCOME.search(heading.text):
            why, kind = None, "attempt"
        if why is not None and any(_CHANGES_MADE.match(h.key) for h in above[:-1]):
            why, kind = None, "during-fix"
        if why is not None and n == 0 and _is_title(doc, n) and heading.level != LABEL_LEVEL:
            why, kind = None, "title"
        if why is not None and enclosing is not None and _CAUSES.search(enclosing.key) \
                and _TELLS_PAST.search(heading.key):
            # "## Root causes" over "### 2. follow-up GET-to-verify was skipped": a cause told
            # in the past, whatever word of work it holds
            why, kind = None, "in-causes"
        if why is not None and enclosing is not None and _LESSONS.search(enclosing.key) \
                and (_MADE_DURING_FIX.fullmatch(heading.key) or FORWARD_NAME.search(heading.key)
                     or _REFLECTIVE.search(heading.key)):
            why, kind = None, "in-lessons"
        if why is not None and kind == "heading" and enclosing is not None \
                and _LESSONS.search(enclosing.key) and not _document_title(doc, enclosing) \
                and not _OPENS_WITH_ACTION_ITEMS.match(heading.key) \
                and not _lists_work(doc, n, told=True) and not _marks_tasks(doc, n):
            # "## Takeaways" > "### Anti-impersonation email prevention" over prose: a topic
            # of the lessons named like work; only entries that read as tasks make it the
            # team's work ("### Prevention measures" over "- Add a canary ...")
            why, kind = None, "lessons-topic"
        if why is not None and enclosing is not None and _LESSONS.search(enclosing.key) \
                and not _document_title(doc, enclosing) \
                and not _TASKS_NAME.search(heading.key) \
                and any(h.level <= enclosing.level for h in tasks_named()):
            # "## Lessons Learned" > "### Prevention" beside "## Action Items": the author
            # keeps the tasks in the action section; prevention among the lessons is a lesson
            why, kind = None, "lessons-beside-actions"
        if why is not None and enclosing is not None and _ANALYSIS.search(enclosing.key) \
                and not _document_title(doc, enclosing) \
                and not _TASKS_NAME.search(heading.key) \
                and any(h.level <= enclosing.level for h in tasks_named()):
            # "## DERP analysis" > "### Remediation", "### Prevention" beside "## Follow-up
            # tasks": how each stage of the response went, an analysis; the tasks are listed
            # in their own section
            why, kind = None, "analysis-beside-actions"
        if why is not None and _SUMMARY_NAME.search(heading.key) \
                and not _TASKS_NAME.search(heading.key) and tasks_named():
            # "## Prevention summary" beside "## Action items": it sums up the tasks listed
            # there ("**Better tests** — ...")
            why, kind = None, "summary-beside-actions"
        if why is not None and sections and _TRACKER.search(heading.key) and any(
                len(_entry_texts(doc, at_line[s.heading.index])) == len(_entry_texts(doc, n))
                for s in sections if s.heading.index in at_line):
            why, kind = None, "tracker"
        if why is None and kind == "name" and heading.marked and heading.level != LABEL_LEVEL \
                and not any(_names_events(h) for h in above) and _states_statuses(doc, n):
            why = "its entries state where each stands ('Implemented:', 'Planned:')"
            kind = "statuses"
        if why is None and kind == "name" and heading.marked and heading.level != LABEL_LEVEL \
                and (led := _led_list(doc, n, action_name_match(heading.text, extra) is not None)
                     ) is not None:
            sections.append(led)
            verdicts.append(Verdict(heading.index, True, led.why))
            continue
        if why is None:
            verdicts.append(Verdict(heading.index, False, _left_reason(heading, kind)))
            continue
        end = doc.section_end(n) if heading.level == LABEL_LEVEL else \
            _end_with_horizons(doc, n, at_line)
        current = Section(heading, heading.end_line, end, why=why, kind=kind)
        sections.append(current)
        verdicts.append(Verdict(heading.index, True, why))
    set_aside: list[Section] = []
    if any(s.heading.marked for s in sections):
        set_aside = [s for s in sections if not s.heading.marked]
        for s in set_aside:
            verdicts.append(Verdict(s.heading.index, False, "a plain line naming an action "
                                    "section, set aside: the document marks one as a heading"))
        sections = [s for s in sections if s.heading.marked]
    sections += _stated_actions(doc, sections)
    if not sections:
        sections = _checklists(doc)
    sections.sort(key=lambda s: s.start)
    return Sections(sections, sorted(verdicts, key=lambda v: v.line), set_aside)


_SUMMARY_NAME = lazy(r"\b(?:summary|overview|recap|in brief|at a glance)$")
# "**Status**: Complete, action items in progress", "Status: ...": a field and its value
_FIELD_WITH_VALUE = lazy(r"^\W*(?:\*\*|__)?(?P<label>(?i:status|state|date|owner|owners"
                         r"|authors?|severity|impact|summary|duration|incident|service|team"
                         r"|reviewers?|detection|resolution|root cause))(?:\*\*|__)?\s*:"
                         r"(?:\*\*|__)?\s*\w")
# The names of the list of tasks itself: "Action items", "Follow-ups", "Next steps", "TODO".
# "## DERP Analysis", "## Response assessment": a parent that analyses the incident.
_ANALYSIS = lazy(r"\b(?:analysis|assessment|derp|evaluation)\b")
_TASKS_NAME = lazy(r"\b(?:action items?|follow ?ups?|next steps|to ?dos?|tasks|action points)\b")
# ... opening the name, not "to-dos" or "tasks", which name topics too ("### Clear TODO
# structure"): "### Action Items for the future" inside the lessons names the tasks, whatever
# its entries look like ("Finally having an ansible playbook ...").
_OPENS_WITH_ACTION_ITEMS = lazy(r"(?:action items?|follow ?ups?|next steps|action points)\b")


def _inside_events(doc: Document, above: list[Heading], n: int) -> bool:
    """A heading that encloses this one names events, and no heading between them names
    another part of the write-up ("## Timeline" > "### Causes" > ... "### Corrective
    measures": the author set the later parts one level too deep; the timeline has ended)."""
    for h in above:
        if not _names_events(h):
            continue
        start = next(m for m, x in enumerate(doc.headings) if x is h)
        if not any(_only_names_a_part(x) for x in doc.headings[start + 1:n]):
            return True
    return False


def _only_names_a_part(heading: Heading) -> bool:
    """The heading is only the name of another part of a write-up ("Causes", "Resolution and
    recovery"), not a step of the events ("Root cause discovery")."""
    if _names_events(heading):
        return False
    for part in NAME_JOINER.split(heading.text):
        key = heading_key(part)
        m = OTHER_NAME.match(key)
        if m is None or m.end() != len(key):
            return False
    return True


def _names_events(heading: Heading) -> bool:
    """A heading that only names a list of events ("Timeline", "Timeline of events"): a
    "Future:" label or heading inside it is more events. A longer heading that mentions one
    ("Log samples outage", "Fall of X: timeline of the attack") names the whole document."""
    return bool(EVENT_NAME.search(heading.key)) and len(heading.key.split()) <= 3


# "## Recovery procedures" > "#### Immediate actions (< 5 minutes):", "Emergency contacts" >
# "If data loss is detected:": steps for the next time, a runbook, not follow-up work.
_PROCEDURE = lazy(r"\b(?:procedures?|runbooks?|playbooks?|emergency|contacts|in case of"
                        r"|if [\w ]{1,40} (?:is|are) (?:detected|found|seen|lost))\b")


# "## Small tasks before starting up again (Erfolgreich)", "### Import with the old schema
# (failed)": a step of the response, with how it turned out, in a log of what was tried.
_ATTEMPT_OUTCOME = lazy(r"(?i)\(\s*(?:erfolgreich|fehlgeschlagen|gescheitert|successful|success"
                        r"|succeeded|failed|failure|worked|did not work|didn't work|réussi"
                        r"|échoué|exitoso|fallido|fall[oó])\s*\)\W*$")


# "## Frequently asked questions" > "**What actions would cause names to be logged?**": the
# readers' questions, each answered.
_FAQ = lazy(r"\b(?:faqs?|frequently asked questions|questions (?:and|&) answers|q (?:and |& )?a)\b")


# "## Changes implemented" > "### 2. Systematic fix - prevention system", "## Technical details"
# > "**Key improvements:**": what the fix was, described, not work to come.
_CHANGES_MADE = lazy(r"^(?:(?:changes|fixes|improvements) (?:implemented|made|applied"
                           r"|deployed|shipped)|what (?:we|was) (?:changed|fixed)|(?:technical"
                           r"|implementation) details|how it works|verification|validation"
                           r"|(?:test )?results)$")


def _marks_tasks(doc: Document, n: int) -> bool:
    """The section's entries carry checkboxes, or its sub-headings name time horizons
    ("### Short term", "### Immediate (completed)"): marks of a team's task list."""
    heading = doc.headings[n]
    end = doc.section_end(n)
    blocks = doc.blocks_between(heading.end_line, end)
    boxes = sum(doc.blocks[b].kind == ITEM and doc.blocks[b].checkbox is not None
                for b in blocks)
    horizons = sum(1 for h in doc.headings[n + 1:] if h.index < end and h.level > heading.level
                   and (HORIZON_NAME.match(h.key) or HORIZON_WITH_STATUS.match(h.key)))
    return boxes >= 2 or horizons >= 2


def _document_title(doc: Document, heading: Heading) -> bool:
    """The first heading, over all the others: the name of the whole write-up."""
    return heading is doc.headings[0] and all(h.level > heading.level
                                               for h in doc.headings[1:])


def _is_title(doc: Document, n: int) -> bool:
    """The heading is the document's title, joining the incident's name to an action name
    ("Data loss incident & prevention measures"): its first, the only one at its level,
    with sub-headings under it."""
    heading = doc.headings[n]
    others = doc.headings[n + 1:]
    if not others or any(h.level <= heading.level for h in others) \
            or sum(h.marked for h in others) < 2:
        return False
    parts = [heading_key(p) for p in NAME_JOINER.split(heading.text)]
    if len(parts) > 1 and any(not is_action_name(p) for p in parts):
        return True
    # "Incident disclosure: service suspended due to hosting provider actions" over "## Our
    # next steps": a title that mentions actions, over a section that names them itself
    m = ACTION_NAME.search(heading.key)
    return m is not None and m.start() > 0 and any(
        is_action_heading(h.text) for h in others if h.marked)


# "## Immediate actions taken:" over a list: the work done, each entry an item done. (Under
# another name, "Actions taken during the incident", or as prose, it stays the response.)
_TAKEN_NAME = lazy(r"^(?:(?:immediate|remedial|corrective|mitigating|remediation"
                         r"|mitigation|security|follow ?up) )?actions? (?:taken|performed"
                         r"|completed)$")


_PLANNED_LABEL = lazy(r"^actions? (?:planned|to take|to be taken|ahead)$")


def _own_blocks(doc: Document, n: int) -> list[int]:
    """The blocks of the section's own text, before its first sub-heading."""
    end = doc.section_end(n)
    if n + 1 < len(doc.headings):
        end = min(end, doc.headings[n + 1].index)
    return doc.blocks_between(doc.headings[n].end_line, end)


def _states_statuses(doc: Document, n: int) -> bool:
    """Two or more list entries of the section's own text, and two in three of them open with
    a status label ("Implemented: ...", "Suggested: ..."): a list of work and where it
    stands, whatever the name ("## Mitigations")."""
    entries = [strip_markdown(doc.blocks[b].text) for b in _own_blocks(doc, n)
               if doc.blocks[b].kind == ITEM and doc.blocks[b].parent is None]
    labelled = sum(status_label(t) is not None for t in entries)
    if len(entries) == 1 and (stated := status_label(entries[0])) is not None:
        # one entry labelled as work ahead ("Suggested: Have an emergency procedure ..."); one
        # labelled as done may be the mitigation the incident needed
        return stated[1] != "done"
    return len(entries) >= 2 and labelled * 3 >= len(entries) * 2


def _lists_entries(doc: Document, n: int) -> bool:
    return any(doc.blocks[b].kind == ITEM for b in _own_blocks(doc, n))


def _action_reason(doc: Document, n: int, extra: tuple[str, ...], named: bool
                   ) -> tuple[str | None, str]:
    """Why the heading takes its section, or None and why not; `named` says the document
    has a heading that names its follow-up work, beside which "Recommendations" or "Action
    required" address others (users, other teams)."""
    heading = doc.headings[n]
    if (field := _FIELD_WITH_VALUE.match(heading.text)) is not None \
            and not is_action_heading(field["label"], extra):
        # "**Status**: Complete, action items in progress": a field of the write-up and its
        # value; only the label could name a section
        return None, "name"
    word = action_name_match(heading.text, extra) or heading.text
    if FORWARD_NAME.search(word) and not _lists_work(doc, n) and not _committing_lead(doc, n):
        return None, "forward-prose"
    if _TAKEN_NAME.match(heading.key) and _lists_entries(doc, n):
        return "names the actions already taken, and lists them (done)", "taken"
    if _TAKEN_NAME.match(heading.key) and heading.level == BOLD_LEVEL and any(
            h.level == BOLD_LEVEL and _PLANNED_LABEL.match(h.key) for h in doc.headings):
        # "**Action taken:**" over a paragraph, where "**Actions planned:**" stands beside it:
        # each lesson's follow-up work, what is done and what is to come
        return ("names the action already taken, beside labels of actions planned (done)",
                "taken")
    if heading.level == LABEL_LEVEL:
        return f"a label naming actions ('{heading.text}') with entries under it", "label"
    if is_action_heading(heading.text, extra):
        if not heading.marked:
            return f"a plain line naming actions ('{word}')", "plain"
        return f"the name says it holds actions ('{word}')", "heading"
    if is_weak_action_name(heading.key):
        if _marks_tasks(doc, n):
            return (f"'{heading.text}' holds checkboxes or time horizons: the team's tasks",
                    "weak-marked")
        if named:
            return None, "weak-beside-named"
        entries = _entry_texts(doc, n)
        tasks = sum(reads_as_task(t) or opens_with_pledge(t) for t in entries)
        advice = sum(reads_as_advice(t) for t in entries)
        if entries and not advice and tasks * 2 >= len(entries):
            return (f"'{heading.text}' may hold advice; taken: {tasks} of {len(entries)} "
                    "entries read as tasks", "weak")
        return None, "weak"
    if heading.marked and (note := _guidance(doc, n)) is not None and _lists_entries(doc, n):
        return (f"the template's note under '{heading.text}' asks for work against a repeat "
                f"('{note}')", "heading")
    if _MITIGATION_NAME.fullmatch(heading.key) and not named and _commits_to_work(doc, n):
        return (f"'{heading.text}' names the response, and each of its entries commits to "
                "work ahead ('will ...')", "committed")
    return None, "name"


# A template's note under a heading, asking for the work that keeps the incident from coming
# back: "<!-- Describe potential steps to prevent this event from happening again -->".
_AGAINST_A_REPEAT = lazy(r"(?i)\b(?:prevent(?:ing|s)? (?:this|it|that|the (?:event|incident"
                         r"|issue|problem|outage)|similar|a repeat|recurrence|future)|from "
                         r"happening again|(?:avoid|stop) (?:this|it) (?:in the future|again))")


def _guidance(doc: Document, n: int) -> str | None:
    """The words of a template's note between the heading and its first entry that ask for
    work against a repeat."""
    start = doc.headings[n].end_line
    first = doc.first_block_from(start)
    end = min(doc.section_end(n), doc.blocks[first].start if first < len(doc.blocks)
              else len(doc.lines))
    for line in range(start, end):
        text = doc.comments.get(line)
        if text is not None and (m := _AGAINST_A_REPEAT.search(text)) is not None:
            return m.group(0)
    return None


# "Mitigation", "Mitigation plan": most often what was done to end the incident; the work to
# come when every entry says what will be done.
_MITIGATION_NAME = lazy(r"(?:further )?mitigations?(?: (?:plan|plans|measures|steps))?")


def _commits_to_work(doc: Document, n: int) -> bool:
    """Each list entry or paragraph of the section opens with a commitment (a table of data
    beside them, the people to compensate, says nothing of what will be done)."""
    entries = [strip_markdown(doc.blocks[b].text) for b in _own_blocks(doc, n)
               if doc.blocks[b].kind in (ITEM, PARAGRAPH) and doc.blocks[b].parent is None]
    return bool(entries) and all(reads_as_future(first_sentence(t)) and not past_tense_lead(t)
                                 for t in entries)


# "## Resolution" > "### Additional improvements": what the fix included, not work to come
# (a horizon, "Short-term improvements", still names follow-up work).
_RESOLUTION = lazy(r"\b(?:resolution|resolving|recovery|how we fixed|the fix|mitigation"
                         r"|^fix(?:es)?$"
                         r"|remediation steps taken)\b")
def _reports_past_work(doc: Document, n: int) -> bool:
    """Two or more entries, and two in three of them open with a verb in the past tense
    ("Activated DDoS mitigation", "Restored max_connections"): the work is told as done."""
    entries = _entry_texts(doc, n)
    past = sum(past_tense_lead(t) for t in entries)
    return len(entries) >= 2 and past * 3 >= len(entries) * 2


# "## Resolution" > "**Immediate actions taken**:", "**Recovery actions completed**:": the
# response told as a list, not work that follows it.
_DONE_DURING_FIX = lazy(r"^(?:immediate |initial |emergency |recovery |mitigation |response "
                        r"|remediation )?(?:actions?|steps|measures) (?:taken|completed|performed"
                        r"|executed|done)$"
                        # "## Resolution and recovery" > "### Immediate actions": the response
                        r"|^(?:immediate|initial|emergency) (?:actions?|steps|measures|response)$")
_MADE_DURING_FIX = lazy(r"(?:additional |other |further |more |related |key |main )?"
                        r"(?:improvements?|changes|fixes)(?: made)?")


# "## Lessons learned" > "### Improvements" / "### Looking forward": what the lessons point
# to, written as reflection, not the list of follow-up work.
_LESSONS = lazy(r"\b(?:lessons?|learn(?:ed|t|ings)|retrospective|reflections?|takeaways?"
                r"|(?:can|could|did|do|should) we learn"
                # "What would have helped": the lessons, told as what was missing
                r"|(?:would|could|might) have helped)\b")
# "## Lessons learned" > "### Process improvements" / "### What we'll do differently": how the
# team will work, written as reflection (a "### Prevention measures" there still lists work).
_REFLECTIVE = lazy(r"^(?:process|team|cultural|ways of working|continuous) improvements?$"
                         r"|\bdo (?:things )?differently\b")
# "## Action items status", "Status of the follow-ups", "Action item progress": a later list
# that reports the state of the actions an earlier section already lists, one entry each.
_TRACKER = lazy(r"\b(?:status|progress|tracker|tracking|updates?)\b")


# A lead-in that commits the team to work meant to keep the incident from coming back: "To
# minimise exposure to similar incidents in the future, we're enhancing our practices by:",
# "To avoid this again, we will:". Its list is the follow-up work, whatever the heading says.
_COMMITTING_LEAD = lazy(r"(?i)\b(?:we|(?:the|our)(?: [\w-]+)? team)\s+(?:will|shall|are|is|plan to"
                              r"|intend to)\b|\b(?:we|the team)(?:'re|’re|'ll|’ll)\s"
                              # "we treat this as a major incident and are taking a number of
                              # fundamental steps to prevent a re-occurrence:"
                              r"|\bwe\s+[^.:;]{0,80}?\band\s+(?:are|will)\s+\w+"
                              # a one-person project's write-up: "the two things I'll be
                              # changing ... to prevent this problem in the future:"
                              r"|\bi(?:'ll|’ll|\s+will|\s+am going to|'m going to)\s"
                              # "To improve ... in the future, the following steps will be
                              # taken:": the commitment in the passive
                              r"|\b(?:steps|actions|measures|changes|improvements)\s+(?:will"
                              r"|are going to)\s+be\s+(?:taken|made|implemented|put in place)\b")
_AGAINST_RECURRENCE = lazy(r"(?i)\b(?:in the future|future (?:incidents?|issues?|attacks?)"
                                 # "we have identified improvements we will be applying"
                                 r"|improvements? we (?:will|are going to|plan to)"
                                 r"|prevent\w*|avoid\w*|minimi[sz]e|recurr\w*|re-?occurr\w*"
                                 r"|going forward"
                                 # "The team is doing development to work around the bug"
                                 r"|work(?:ing)? around (?:the|this) (?:bug|issue|problem)"
                                 # "We're taking additional steps to bolster our defences:"
                                 r"|(?:additional|further|extra) (?:steps|measures|safeguards)"
                                 r"|(?:bolster|strengthen|harden)\w* our\b"
                                 r"|from now on|happen(?:ing)? again|similar (?:\w+ )?(?:incidents?"
                                 r"|issues?|problems?|attacks?|outages?))")


# "To prevent similar issues in the future, we've made a few changes:": changes already made
# against a recurrence are the follow-up work too (done or not); "we have taken steps to
# prevent further damage" is the response, so the past needs the future named.
_MADE_CHANGES = lazy(r"(?i)\b(?:we|the team)(?:'ve|’ve| have| has)\s+(?:made|introduced"
                           r"|implemented|put in place|rolled out)\b")
_NAMED_FUTURE = lazy(r"(?i)\b(?:in the future|future (?:incidents?|issues?|outages?)"
                           r"|recurr\w*|again|going forward|from now on|similar (?:\w+ )?"
                           r"(?:incidents?|issues?|problems?|outages?))")


def _commits(lead: str) -> bool:
    """The last sentence of a lead-in commits the team to work against a recurrence (or the
    one before it, when the last only points at the list: "These include:")."""
    sentences = re.split(r"(?<=[.!?])\s+", strip_markdown(lead).strip())
    last = sentences[-1]
    if len(sentences) > 1 and _POINTS_AT_LIST.match(last):
        last = sentences[-2] + " " + last
    if _OFFERED.search(last):
        return False  # "I'll go through some solutions that were suggested to prevent ...:"
    return bool(_COMMITTING_LEAD.search(last) and _AGAINST_RECURRENCE.search(last)) or bool(
        _MADE_CHANGES.search(last) and _NAMED_FUTURE.search(last)) or bool(
        _WORK_UNDERWAY.search(last))


# What others offered, not what the team commits to: "solutions that were suggested".
_OFFERED = lazy(r"(?i)\b(?:were|was|have been|had been)\s+(?:suggested|proposed|offered"
                r"|put forward)\b")


# "We have a number of solutions which are being worked on internally, these include:": the
# fixes the team has under way, listed.
_WORK_UNDERWAY = lazy(r"(?i)\b(?:solutions?|fixes|improvements|changes|measures|mitigations)"
                      r"\s+(?:which|that)\s+(?:are|we are)\s+(?:being\s+)?(?:worked on|working on"
                      r"|in progress|under ?way|planned|planning)\b")


_POINTS_AT_LIST = lazy(r"(?i)^(?:these|they|those|this|which|the (?:changes|improvements|steps"
                       r"|measures))\s+(?:include|includes|are|is|will be|consist of)\s*:\s*$")


def _committing_lead(doc: Document, n: int) -> bool:
    """The section opens its list with a lead-in that commits the team ("Moving forward, we
    are implementing several measures to prevent ...:")."""
    heading = doc.headings[n]
    return any(doc.blocks[b].kind == PARAGRAPH and doc.blocks[b].text.rstrip().endswith(":")
               and _commits(doc.blocks[b].text)
               for b in doc.blocks_between(heading.end_line, doc.section_end(n)))


def _led_list(doc: Document, n: int, named: bool = False) -> Section | None:
    """The lead-in and the list right after it, in a section under a name that is neither an
    action name nor another known part, when the lead-in commits the team to work against a
    recurrence (see `_COMMITTING_LEAD`) and the list has at least two entries; one is
    enough when the name also has words of an action name ("Moving forward: lessons learned
    and future safeguards")."""
    heading = doc.headings[n]
    blocks = _own_blocks(doc, n)  # its own text, not its sub-sections'
    for i, b in enumerate(blocks):
        block = doc.blocks[b]
        if block.kind != PARAGRAPH or not block.text.rstrip().endswith(":"):
            continue
        if not _commits(block.text):
            continue
        entries = []
        for nb in blocks[i + 1:]:
            if doc.blocks[nb].kind != ITEM:
                break
            entries.append(nb)
        top = [nb for nb in entries if doc.blocks[nb].parent is None]
        if len(top) < (1 if named else 2) or any(
                reads_as_advice(strip_markdown(doc.blocks[nb].text)) for nb in top):
            return None
        why = "a lead-in commits the team to work against a recurrence, and lists it"
        after = blocks[i + 1 + len(entries):][:1]
        if after and doc.blocks[after[0]].kind == PARAGRAPH and last_commitment(
                strip_markdown(doc.blocks[after[0]].text)):
            entries += after  # "Lastly, we will upgrade ...": one more, told after the list
        return Section(heading, block.start, doc.blocks[entries[-1]].end, why=why,
                       kind="lead-in", blocks=[b] + entries)
    return None


def _left_reason(heading: Heading, kind: str) -> str:
    if kind == "attempt":
        return ("names a step of the response and how it turned out (successful, failed): "
                "a log of what was tried")
    if kind == "in-faq":
        return "a question of the readers' questions (FAQ), answered: not the team's work"
    if kind == "in-procedure":
        return "names actions, but inside a procedure or runbook: its steps are what to do then"
    if kind == "title":
        return ("names the whole document (its title, over its sections): the sections under "
                "it say where the actions are")
    if kind == "in-lessons":
        return "names improvements or the time ahead, but inside the lessons learned"
    if kind == "lessons-topic":
        return ("names work, but inside the lessons learned, and no entry under it reads as "
                "a task: a topic of the lessons")
    if kind == "summary-beside-actions":
        return ("sums up work the document lists in its action section: not more actions")
    if kind == "lessons-beside-actions":
        return ("names work, but inside the lessons learned, while the document keeps its "
                "tasks in an action section of their own: a lesson")
    if kind == "analysis-beside-actions":
        return ("names work, but inside an analysis of the incident, while the document keeps "
                "its tasks in an action section of their own: part of the analysis")
    if kind == "tracker":
        return ("reports the status of the actions an earlier section lists (as many "
                "entries): not more actions")
    if kind == "in-events":
        return "names actions, but inside a timeline: its entries are events"
    if kind == "forward-prose":
        return "names the time ahead, but no entry under it reads as a task"
    if kind == "during-fix":
        return "names improvements, but under the resolution: what the fix included"
    if kind == "weak-beside-named":
        return (f"'{heading.text}' may hold tasks, but another heading names the follow-up "
                "work: this one addresses others")
    if kind == "weak":
        return (f"'{heading.text}' may hold tasks, but its entries read as advice or "
                "descriptions, not the team's tasks")
    if (m := NOT_ACTION_NAME.search(heading.key)) is not None:
        if ACTION_NAME.search(heading.key):
            return f"names actions, but '{m.group(0)}' says it is not follow-up work"
        return f"'{m.group(0)}' names something other than follow-up work"
    return "not an action section name"


# "See the recommendations below", "N/A": a section that points elsewhere lists no work.
_POINTER = lazy(r"(?i)\b(?:below|above|see|refer to|n/a|none)\b")


_CAUSES = lazy(r"\b(?:root causes?|causes|contributing factors|what went wrong"
               r"|why it happened)\b")
_TELLS_PAST = lazy(r"\b(?:was|were|wasn t|weren t|had been|did not|didn t|never)\b")


def _lists_work(doc: Document, n: int, *, told: bool = False) -> bool:
    """The section lists work of its own, not only a pointer elsewhere. With `told`, a
    section of paragraphs (no list, no table) lists work only where a paragraph opens with
    a task or a commitment ("We will ...": not "This encouragement will turn into ...")."""
    if told and not any(doc.blocks[b].kind in (ITEM, TABLE) for b in doc.blocks_between(
            doc.headings[n].end_line, doc.section_end(n))):
        return any((opens_with_imperative(t) or opens_with_commitment(t))
                   and not _POINTER.search(t) for t in _entry_texts(doc, n))
    return any(reads_as_task(t) and not _POINTER.search(t) for t in _entry_texts(doc, n))


def _entry_texts(doc: Document, n: int) -> list[str]:
    """The texts of the entries of a section: its list items, table rows or paragraphs."""
    end = doc.section_end(n)
    blocks = [doc.blocks[b] for b in doc.blocks_between(doc.headings[n].end_line, end)]
    items = [strip_markdown(b.text) for b in blocks if b.kind == ITEM]
    if items:
        return items
    rows = [strip_markdown(cells.get("title", "")) for b in blocks if b.kind == TABLE
            for _, cells in b.rows]
    if rows:
        return rows
    return [strip_markdown(b.text) for b in blocks if b.kind == PARAGRAPH
            and not b.text.rstrip().endswith(":")]


def _end_with_horizons(doc: Document, n: int, at_line: dict[int, int]) -> int:
    """The section's end, carried past siblings that only name a later time horizon."""
    end = doc.ends[n]
    level = doc.headings[n].level
    while (m := at_line.get(end)) is not None and _continues(doc.headings[m]) and (
            doc.headings[m].level == level or _TASK_LABEL.match(doc.headings[m].text)):
        end = max(end, doc.ends[m])
    return end


# "# Improve SSL monitoring:" after "## Corrective measures": a heading that is a task with a
# colon introduces the tasks below it, whatever level its author gave it.
_TASK_LABEL = lazy(r"^.{3,80}:$")




def _continues(heading: Heading) -> bool:
    """A heading that goes on with the action section before it: a later horizon
    ("### Longer term"), or a task written as a label ("# Improve SSL monitoring:")."""
    if HORIZON_NAME.match(heading.key) or HORIZON_WITH_STATUS.match(heading.key):
        return True
    return heading.marked and bool(_TASK_LABEL.match(heading.text.strip())) \
        and opens_with_imperative(heading.text) and not CLOSING_NAME.match(heading.key)


def _stated_actions(doc: Document, taken: list[Section]) -> list[Section]:
    """Tables and paragraphs outside the action sections that state actions themselves."""
    outside = _outside(len(doc.lines), [(s.start, s.end) for s in taken] + _event_ranges(doc))
    found: list[Section] = []
    for b, block in enumerate(doc.blocks):
        if block.kind not in (TABLE, PARAGRAPH, ITEM) or not outside[block.start]:
            continue
        if block.kind == ITEM:
            # "- Action item: add a dashboard" in a lessons list; a status label ("- Done:
            # restarted the pods") reports work instead.
            if _is_labelled_action(block.text) and label_status(block.text) != "done" \
                    and not _REPORT_LABEL.match(block.text):
                found.append(_virtual(block, b, "labelled", "an entry labelled as an action"))
            continue
        if block.kind == TABLE and is_action_table(block.header) \
                and not _under_response(doc, block.start):
            found.append(_virtual(block, b, "table", "a table with an action column ('"
                                  + _action_column(block) + "') and its owners or tickets"))
        elif block.kind == PARAGRAPH and not taken \
                and strip_markdown(block.text).rstrip().endswith(":") \
                and (_commits(block.text) or _names_its_list(block.text)) \
                and (led := _committed_list(doc, b)) is not None:
            found.append(led)
        elif block.kind == PARAGRAPH and not taken and not found \
                and _commits(block.text) and (told := _committed_prose(doc, b)) is not None:
            found.append(told)
        elif block.kind == PARAGRAPH and _is_labelled_action(block.text):
            section = _virtual(block, b, "labelled", "a paragraph labelled as an action")
            # Bullets right under it, with no blank line between, remark on it.
            while b + len(section.blocks) < len(doc.blocks) and \
                    (nxt := doc.blocks[b + len(section.blocks)]).kind == ITEM \
                    and not nxt.after_blank:
                section.blocks.append(b + len(section.blocks))
                section.end = nxt.end
            found.append(section)
    return found


# "## What we did" over a table of "Action | Count | Status" rows: the response, reported.
_RESPONSE_NAME = lazy(r"^(?:what we (?:did|have done|ve done)|what was done|(?:the )?actions? taken"
                      r"|steps taken|(?:our |the |immediate |incident )?response|containment"
                      r"|how we (?:responded|fixed it|resolved it|contained it))$")


def _under_response(doc: Document, line: int) -> bool:
    """The line stands in a section whose name says it reports the response."""
    inner = None
    for n, heading in enumerate(doc.headings):
        if heading.index >= line:
            break
        if doc.section_end(n) > line:
            inner = heading
    return inner is not None and bool(_RESPONSE_NAME.match(inner.key))


# "- [ ] There are no other working versions": a finding in a checklist, not a task.
_STATEMENT = lazy(r"(?i)^(?:there|it|this|that)\s+(?:is|are|was|were)\b")


def _checklists(doc: Document) -> list[Section]:
    """In a document with no action section, its checklists outside timelines: a `- [ ]`
    entry is a task by its mark ("- [x] Change the RPC variable", "- [ ] Complete a sync"),
    unless it checks the write-up or the process ("- [x] Timeline reviewed"). One virtual
    section per run of checkbox entries; two entries or more in the document."""
    outside = _outside(len(doc.lines), _event_ranges(doc))
    runs: list[list[int]] = []
    last = -2
    for b, block in enumerate(doc.blocks):
        if block.kind != ITEM or block.checkbox is None or block.parent is not None \
                or not outside[block.start]:
            continue
        text = strip_markdown(block.text)
        if reads_as_process_state(text) or reads_as_question(text) or _STATEMENT.match(text):
            continue
        if b == last + 1 or (runs and all(doc.blocks[x].kind == ITEM
                                          for x in range(runs[-1][-1] + 1, b))):
            runs[-1].append(b)
        else:
            runs.append([b])
        last = b
    if sum(len(r) for r in runs) < 2:
        return []
    found = []
    for run in runs:
        first, end = doc.blocks[run[0]], doc.blocks[run[-1]]
        section = _virtual(first, run[0], "checklist", "a checklist: its entries are tasks")
        kept = set(run)
        # the kept entries and what is nested under them; an entry left out between two kept
        # ones ("- [ ] There is no other version") stays out
        section.blocks = [x for x in range(run[0], run[-1] + 1)
                          if _entry_root(doc, x) in kept]
        section.end = end.end
        found.append(section)
    return found


def _entry_root(doc: Document, b: int) -> int:
    """The top-level list entry a nested entry stands under (itself at the top)."""
    while (parent := doc.blocks[b].parent) is not None:
        b = parent
    return b


_REPORT_LABEL = lazy(r"(?i)^\W*(?:doing|in progress|wip)\b")


# A lead-in whose last words name what it lists as the follow-up work: "Remediation plan: Our
# immediate action items:", "The next steps are:", "Follow-up items:".
_NAMES_ITS_LIST = lazy(r"(?i)\b(?:action items?|action points?|follow[- ]?ups?(?: items| actions"
                       r"| tasks)?|next steps|remediation (?:plan|items|steps|actions)"
                       r"|corrective (?:actions|measures)|preventi(?:ve|on) (?:actions|measures)"
                       r"|improvements we (?:will|are going to) make)(?: are| include)?\s*:\s*$")


def _names_its_list(lead: str) -> bool:
    return bool(_NAMES_ITS_LIST.search(strip_markdown(lead)))


def _horizon_line(block: Block) -> bool:
    """A paragraph that only names a horizon ("Medium-to-Long term initiatives.")."""
    key = heading_key(strip_markdown(block.text).rstrip(" .:"))
    key = re.sub(r"\b(?:initiatives?|plans?|goals?)$", "", key).strip()
    key = re.sub(r"^(?:short|medium|mid|long) to (?=short|medium|mid|long)", "", key)
    return block.kind == PARAGRAPH and bool(HORIZON_NAME.match(key))


def _committed_list(doc: Document, b: int) -> Section | None:
    """In a write-up with no action section, a lead-in that commits its author to work against
    a recurrence and the list right after it, two entries at least and none advice ("here's
    the two things that I'll be changing ... to prevent this problem in the future:")."""
    entries = []
    for nb in range(b + 1, len(doc.blocks)):
        if doc.blocks[nb].kind != ITEM:
            break
        entries.append(nb)
    top = [nb for nb in entries if doc.blocks[nb].parent is None]
    if len(top) < 2 or any(reads_as_advice(strip_markdown(doc.blocks[nb].text)) for nb in top):
        return None
    # "Medium-to-long term initiatives." and a list after it: the same work, a horizon later
    nb = (entries[-1] + 1) if entries else len(doc.blocks)
    while nb + 1 < len(doc.blocks) and _horizon_line(doc.blocks[nb]) \
            and doc.blocks[nb + 1].kind == ITEM:
        entries.append(nb)
        nb += 1
        while nb < len(doc.blocks) and doc.blocks[nb].kind == ITEM:
            entries.append(nb)
            nb += 1
    why = "a lead-in commits the author to work against a recurrence, and lists it"
    section = _virtual(doc.blocks[b], b, "lead-in", why)
    section.blocks += entries
    section.end = doc.blocks[entries[-1]].end
    return section


def _committed_prose(doc: Document, b: int) -> Section | None:
    """In a write-up with no action section, a paragraph that ends by committing the team to
    changes against a recurrence ("... and we'll be making several changes to make sure this
    doesn't happen again.") and the paragraphs right after it, two at least, each of which
    says in its first sentence what will be done ("To start with, all SDKs will stop ...",
    "Secondly, we'll add ..."): the changes, told as prose."""
    told = []
    for nb in range(b + 1, len(doc.blocks)):
        block = doc.blocks[nb]
        if block.kind != PARAGRAPH or not reads_as_future(first_sentence(strip_markdown(
                block.text))):
            break
        told.append(nb)
    if len(told) < 2:
        return None
    why = "a paragraph commits the team to changes against a recurrence, and the next tell them"
    section = _virtual(doc.blocks[told[0]], told[0], "lead-in", why)
    section.blocks = told
    section.end = doc.blocks[told[-1]].end
    return section


def _virtual(block: Block, b: int, kind: str, why: str) -> Section:
    heading = Heading(block.start, LABEL_LEVEL + 1, why, heading_key(why), True, span=0,
                      syntax=kind)
    return Section(heading, block.start, block.end, why=why, kind=kind, blocks=[b])


def _action_column(block: Block) -> str:
    return next((cell for cell in block.header if is_action_name(heading_key(cell))),
                block.header[0] if block.header else "")


def _is_labelled_action(text: str) -> bool:
    m = ACTION_LABEL.match(text)
    return m is not None and len(strip_markdown(m["rest"]).split()) >= 4


def _event_ranges(doc: Document) -> list[tuple[int, int]]:
    return [(h.end_line, doc.section_end(n)) for n, h in enumerate(doc.headings)
            if EVENT_NAME.search(h.key)]


def _outside(size: int, ranges: list[tuple[int, int]]) -> list[bool]:
    """For each line, whether it lies outside every range (one pass over a difference
    array, so many ranges cost no more than the lines)."""
    depth = [0] * (size + 1)
    for start, end in ranges:
        depth[start] += 1
        depth[min(end, size)] -= 1
    outside, open_ = [], 0
    for n in range(size):
        open_ += depth[n]
        outside.append(open_ == 0)
    return outside


def section_blocks(doc: Document, section: Section) -> list[int]:
    """The blocks of a section, in order (a table or labelled paragraph is its own)."""
    return section.blocks or doc.blocks_between(section.start, section.end)
