"""The raw items of one action section, segmented from its blocks (the item pass).

Shapes: list entries (bullets, numbers, checkboxes; nested entries), table rows, and plain
paragraphs or lines. Within each group of the section (the part under one sub-heading), a
list or a table holds the items and loose paragraphs comment on them; a group with no list
is read paragraph by paragraph (one item per line when lines do not wrap). Paragraphs
labelled as actions or with a status (`Done: ...`, `**TODO**: ...`) are items either way.

Nested entries are settled in `subitems.py`. Lists that are not work are left out: a
checklist about the write-up ("Sections above are filled out"), a list of options after "two
options to consider:", a group named for ideas or one that describes the incident. A section
whose sub-headings each describe one task ("### Public user check" and its prose) gives one
item per sub-heading. Every decision is written to the `Trace`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import (
    CODE,
    FIELD_LINE,
    GLUE_WORDS,
    HEADING,
    ITEM,
    PARAGRAPH,
    RULE,
    TABLE,
    Block,
    Document,
    continues,
)
from .dates import is_date_line
from .explain import Trace
from .headings import LABEL_LEVEL, PLAIN_LEVEL, Heading
from .kinds import kind_from_heading, kind_from_keywords
from .lazyre import lazy
from .links import references
from .names import (
    CLOSING_NAME,
    DESCRIPTION_NAME,
    HORIZON_NAME,
    NOT_ACTION_NAME,
    OTHER_NAME,
    is_action_name,
)
from .owners import lead_in_owner, states_owner
from .sections import Section, section_blocks
from .status import past_tense_lead
from .subitems import BOLD_LEAD_IN, RawItem, flatten
from .tables import is_action_table
from .text import first_sentence, strip_markdown
from .wording import (
    ACTION_LABEL,
    IDEA_LABEL,
    label_status,
    last_commitment,
    offers_choices,
    opens_as_task,
    opens_with_commitment,
    opens_with_pledge,
    reads_as_advice,
    reads_as_description,
    reads_as_future,
    reads_as_narrative,
    reads_as_process_state,
    reads_as_task,
    tells_what_happens,
)


def _is_labelled(text: str) -> bool:
    return ACTION_LABEL.match(text) is not None


class _Segmenter:
    """Reads the blocks of one section into items, part by part (see the module docstring)."""

    def __init__(self, doc: Document, section: Section, trace: Trace, *, sole: bool = False
                 ) -> None:
        self.doc = doc
        self.sole = sole
        self.section = section
        self.trace = trace
        self.groups: list[Heading] = []
        self.parts: dict[tuple[Heading, ...], _Part] = {}
        self.order: list[_Part] = []
        self.node_of: dict[int, RawItem] = {}  # block index -> its item

    def run(self) -> list[RawItem]:
        signed = False
        for b in section_blocks(self.doc, self.section):
            block = self.doc.blocks[b]
            signed = signed or _signs_off(self.doc, block)
            if signed:
                self.trace.line(block.start, "left: the write-up's sign-off (author, date) "
                                "after a rule")
                continue
            self._block(b, block)
        for part in self.order:
            _links_under_prose(part, self.trace)
            _data_lists(part, self.trace)
            _quoted_examples(part, self.trace)
        values = _table_values(self.order)
        for part in self.order:
            _legend_lists(part, values, self.trace)
        has_list = any(part.roots for part in self.order)
        # ("**Owner:** on-call" is a field line, no bold-titled task)
        led = any(BOLD_LEAD_IN.match(p.text) and not FIELD_LINE.match(p.text)
                  for part in self.order for p in part.paragraphs)
        tasky = any(opens_as_task(strip_markdown(p.text)) or _is_labelled(p.text)
                    for part in self.order for p in part.paragraphs)
        items: list[RawItem] = []
        headed = _described_tasks(self.doc, self.section, self.order)
        for part in self.order:
            if part.skip:
                continue
            if part.roots:
                items += self._list_part(part)
            elif not (has_list and not part.groups):
                items += self._paragraph_part(part, led, tasky, headed)
            else:
                items += _commitments(part, self.trace, "left: commentary beside the "
                                      "section's list")
            items += [p for p in part.labelled]
        items += headed.values()
        if not items and self.sole and self.section.kind == "heading":
            # Under the document's only action name, options that are all it lists are its
            # work ("The main thing is to do one of:"): the team has not picked one yet.
            for part in self.order:
                for root in part.choices:
                    self.trace.overrule(root.index, "an option a lead-in offers, and all the "
                                    "work the section names")
                    items += flatten(root, self.trace)
        return sorted(items, key=lambda item: item.index)

    def _list_part(self, part: _Part) -> list[RawItem]:
        _fold_unboxed_children(part, self.trace)
        _fold_unowned_children(part, self.trace)
        if len(part.roots) >= 2 and all(reads_as_process_state(strip_markdown(r.text))
                                        for r in part.roots):
            for root in part.roots:
                self.trace.line(root.index, "left: a checklist about the write-up itself")
            return []
        if (len(part.roots) >= 3 or part.after_code) and part.groups and all(
                r.cells is None and reads_as_description(strip_markdown(r.text))
                for r in part.roots):
            for root in part.roots:
                self.trace.line(root.index, "left: a list that explains how something works "
                                "(each entry says what a thing is or does), not tasks")
            return []
        _leave_told_steps(part, self.trace)
        for root in part.roots:
            if _TICKETS_FILED.match(strip_markdown(root.text)):
                self.trace.line(root.index, "left: says where the work is tracked")
        part.roots = [r for r in part.roots if not _TICKETS_FILED.match(strip_markdown(r.text))]
        part.close_causes(10**9)
        if part.causes:
            for root in part.roots:
                if part.explains_cause(root.index):
                    self.trace.line(root.index, "left: one of the causes a lead-in lists")
            part.roots = [r for r in part.roots if not part.explains_cause(r.index)]
        if part.choices_after >= 0:
            for root in part.roots:
                if root.index >= part.choices_after:
                    self.trace.line(root.index, "left: one of the options a lead-in offers")
            part.choices = [r for r in part.roots if r.index >= part.choices_after]
            part.roots = [r for r in part.roots if r.index < part.choices_after]
        if _RESOLVED_AND_AHEAD.search(self.section.heading.key) \
                and not _IMPROVING.match(self.section.heading.key):
            for root in part.roots:
                if _reports_past_work(strip_markdown(root.text)):
                    self.trace.line(root.index, "left: work done for the resolution, which "
                                    "the section's name joins to the work ahead")
            part.roots = [r for r in part.roots if not _reports_past_work(strip_markdown(r.text))]
        if _narrated(part):
            for root in part.roots:
                self.trace.line(root.index, "left: a detail of the story the prose around it "
                                "tells (no entry reads as a task)")
            return []
        referenced = _commitments_with_references(part, self.trace)
        committed = _commitments(part, self.trace, "left: commentary beside the list")
        return referenced + committed + [item for root in part.roots
                                         for item in flatten(root, self.trace)]

    def _paragraph_part(self, part: _Part, led: bool, tasky: bool,
                        headed: dict[int, RawItem]) -> list[RawItem]:
        if headed and not part.groups and any(p.groups for p in self.order):
            for p in part.paragraphs:
                self.trace.line(p.start, "left: introduces the sub-headings that are tasks")
            return []
        if any(p.roots for p in self.order):
            _leave_prose_beside_lists(part, self.trace)
        if len(part.paragraphs) >= 2 and not _DONE_NAME.search(self.section.heading.key) \
                and all(_tells_the_fix(strip_markdown(p.text)) for p in part.paragraphs):
            for p in part.paragraphs:
                self.trace.line(p.start, "left: tells, in the past, how the incident was "
                                "fixed (no paragraph reads as work ahead)")
            return []
        if _JOINED_NAME.search(self.section.heading.text.casefold()) and (
                NOT_ACTION_NAME.search(self.section.heading.key)
                or _STATUS_HALF.search(self.section.heading.key)) \
                and not _plain_task_lines(part):
            return _commitments(part, self.trace, "left: the other half of the section's "
                                "name (a cause or the present state, not work ahead)")
        return _segment_paragraphs(part, led, tasky, self.trace)

    def _part(self) -> _Part:
        key = tuple(self.groups)
        if key not in self.parts:
            part = _Part(key)
            self.parts[key] = part
            self.order.append(part)
            for heading in key:
                if _is_brainstorm_group(heading):
                    part.skip = f"in the group '{heading.text}', which lists ideas, not tasks"
                elif DESCRIPTION_NAME.match(heading.key):
                    part.skip = f"in the group '{heading.text}', which describes the incident"
                elif _names_problems(heading.key):
                    part.skip = f"in the group '{heading.text}', which names problems seen"
                elif _CHANGED_FILES_GROUP.match(heading.key):
                    part.skip = (f"in the group '{heading.text}', the files the fix changed, "
                                 "not tasks")
                elif _ROLLOUT_GROUP.match(heading.key):
                    part.skip = (f"in the group '{heading.text}', the steps of rolling the "
                                 "work out, not tasks of their own")
                elif _PAGE_LINKS_GROUP.match(heading.key):
                    part.skip = (f"in the group '{heading.text}', the page's links to other "
                                 "posts")
                elif _GUIDANCE_GROUP.search(heading.key):
                    part.skip = (f"in the group '{heading.text}', which states rules to keep, "
                                 "not tasks")
        return self.parts[key]

    def _block(self, b: int, block: Block) -> None:
        if block.kind == HEADING and block.heading is not None:
            heading = block.heading
            self.groups = [g for g in self.groups if g.level < heading.level] + [heading]
            self.trace.line(block.start, "a group of the section")
            self._part().lead_status = None
            return
        if block.kind == CODE:
            self.trace.line(block.start, "left: a code block")
            self._part().after_code = True
            return
        # An entry at or left of a bullet label's indent is out of the label's group.
        while self.groups and self.groups[-1].level == LABEL_LEVEL and block.kind == ITEM \
                and block.indent <= self.groups[-1].indent and block.start > self.groups[-1].index:
            self.groups.pop()
        part = self._part()
        if part.skip:
            self.trace.line(block.start, "left: " + part.skip)
            return
        if block.kind == TABLE:
            for line, cells in block.rows:
                part.roots.append(RawItem(line, cells["title"], is_list=True,
                                          groups=tuple(self.groups), cells=cells))
            part.lead_status = None
            return
        if block.kind == ITEM:
            self._item(b, block, part)
            return
        self._paragraph(block, part)

    def _item(self, b: int, block: Block, part: _Part) -> None:
        node = RawItem(block.start, block.text, block.indent, True, block.checkbox,
                       tuple(self.groups), notes=list(block.notes),
                       numbered=block.marker[:1].isalnum(), under_label=block.under_label)
        self.node_of[b] = node
        for line, _text in block.lines:
            what = "a note on" if line in block.note_lines else "continues"
            self.trace.line(line, f"{what} the item of line {block.start + 1}")
        parent = self.node_of.get(block.parent) if block.parent is not None else None
        if parent is not None:
            parent.children.append(node)
            return
        node.status = part.lead_status
        node.owner = part.lead_owner
        part.roots.append(node)

    def _paragraph(self, block: Block, part: _Part) -> None:
        text = block.text
        part.lead_status = None
        part.lead_owner = lead_in_owner(strip_markdown(text)) if text.rstrip().endswith(":") \
            else None
        part.close_causes(block.start)
        if _is_labelled(text):
            item = RawItem(block.start, text, block.indent, groups=tuple(self.groups))
            part.labelled.append(item)
            part.lead_status = label_status(text)  # "Done: ... these rules:" + its list
            return
        if (steps := _ordinal_steps(block, tuple(self.groups))):
            for item in steps:
                self.trace.line(item.index, "a step of a paragraph that counts its steps "
                                "('First, ...', 'Finally, ...')")
            part.labelled += steps
            return
        if text.rstrip().endswith(":") and _reports_done(strip_markdown(text)):
            part.lead_status = "done"  # "The following actions were immediately taken:"
        if text.rstrip().endswith(":") and offers_choices(text):
            part.choices_after = block.end  # "There are two options to consider:"
        if text.rstrip().endswith(":") and _lists_causes(text):
            part.cause_from = block.end  # "All of the errors were due to missing tests:"
        part.paragraphs.append(block)


# "First, I am going to ...", "Second, we will ...", "Finally, ...": a sentence that opens with
# the count of a step.
_ORDINAL = lazy(r"(?i)^(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|fourth(?:ly)?|fifth(?:ly)?"
                r"|next|then|finally|lastly|last(?: of all)?)\s*,\s*(?=\S)")
_SENTENCE_END = lazy(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


def _ordinal_steps(block: Block, groups: tuple[Heading, ...]) -> list[RawItem]:
    """The steps of a paragraph that counts them ("First, I am going to remove ... Second, I
    am going to store ... Finally, I'm going to add ..."), each sentence that opens with its
    count and commits to work one item: at least two, the first of them "First"."""
    text = block.text
    if "," not in text or not re.match(r"(?i)\W*first", text):
        return []
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    counted = [t for t in sentences if _ORDINAL.match(strip_markdown(t))]
    if len(counted) < 2 or not _ORDINAL.match(strip_markdown(sentences[0])) or not all(
            reads_as_task(_ORDINAL.sub("", strip_markdown(t))) for t in counted):
        return []
    lines = block.lines or [(block.start, text)]
    items = []
    at = 0  # the sentences come in the order of the lines: look a few lines ahead of the last
    for sentence in counted:
        probe = " ".join(sentence.split()[:3])
        at = next((n for n in range(at, min(at + 50, len(lines)))
                   if probe in " ".join(lines[n][1].split())), at)
        items.append(RawItem(lines[at][0], sentence, block.indent, groups=groups))
    return items


# A lead-in that says its list is work already done: "the following actions were immediately
# taken:", "We took immediate steps to address this:", "These changes have been made:".
_DONE_VERB = (r"(?:taken|done|completed|implemented|made|performed|carried out|applied|put in"
              r" place|deployed|shipped|rolled out|merged)")
_DONE_LEAD = lazy(
    rf"(?i)\b(?:(?:were|was|have been|has been)\s+(?:\w+ly\s+)?{_DONE_VERB}"
    r"|(?:we|i|the team)\s+(?:have\s+|had\s+)?(?:already\s+)?(?:\w+ly\s+)?"
    r"(?:took|did|made|implemented|completed|performed|applied|carried out|put in place|taken"
    r"|done|deployed|shipped|rolled out)\b"
    # "The following action items are already completed:", "These are done:"
    r"|\b(?:are|is)\s+(?:now\s+|already\s+|all\s+)*(?:completed|complete|done|finished"
    r"|in place|implemented|resolved)\s*:?\s*$)")


def _reports_done(lead_in: str) -> bool:
    """The lead-in's last sentence says the list after it was done, and looks nowhere ahead."""
    last = re.split(r"(?<=[.!?])\s+", lead_in.strip())[-1]
    return bool(_DONE_LEAD.search(last)) and not reads_as_future(last) \
        and not _LOOKS_AHEAD.search(last)


# A lead-in whose list says what went wrong, not what to do: "All of the errors were due to
# missing test cases:", "The gaps were:". One that looks ahead ("To prevent issues caused by
# ..., we will:") introduces tasks.
_CAUSE_LEAD = lazy(r"(?i)\b(?:due to|caused by|because of|root causes?|contributing factors"
                         r"|went wrong|(?:errors?|problems?|issues?|failures?|gaps?|mistakes?)"
                         r" (?:were|was)|(?:were|was) missing)\b")
_LOOKS_AHEAD = lazy(r"(?i)\b(?:prevent\w*|avoid\w*|will|going to|plan|must|should|need"
                          r"|to do)\b")


# "Resolution and next steps", "Recovery & follow-up": one section for the fix and for the
# work ahead; its entries in the past tense are the fix.
# "Root cause & remediation", "Cause and fix": one section for what went wrong and for what
# comes; in its prose only the paragraphs that commit to work ahead are items.
_JOINED_NAME = lazy(r"\b(?:and|&)\b|&")
# "Current status and future plans": the prose of the status half reports the present state.
_STATUS_HALF = lazy(r"\b(?:current |present )?(?:status|state)\b")
_RESOLVED_AND_AHEAD = lazy(r"\b(?:resolution|resolving|recovery|mitigation"
                                 r"|how we fixed|what we did|what was done|response)\b")
# "Improving Recovery Procedures": the recovery is what the work ahead improves
_IMPROVING = lazy(r"(?:improving|preventing|hardening|strengthening|better)\b")
_WE_DID = lazy(r"(?i)(?:^|[,;]\s*)we\s+(?:then\s+|also\s+|quickly\s+|immediately\s+)?"
                     r"(?P<verb>(?:re-)?[a-z]+)\b")


# An entry that is only a link: "- https://github.com/o/r/issues/320", "- [#320](url)".
_LINK_ENTRY = lazy(r"^\W{0,2}(?:<?https?://\S+?>?|\[[^\]]{1,80}\]\(\S+\))\W{0,2}$")


_NAMES_THE_TASKS = lazy(r"(?i)\b(?:following|these|the|our|separate|individual|some|several"
                       r"|a few)\s+(?:[\w-]+\s+){0,2}"
                       r"(?:issues|tickets|tasks|work items|action items|follow[- ]?ups)\s*:$")


def _links_under_prose(part: _Part, trace: Trace) -> None:
    """A group written in prose, each task a paragraph, where the only list entries are links
    ("... to a production bucket:" over "- https://.../issues/320"): the links say where the
    paragraph before them is tracked. That paragraph is the item, the links its notes, and
    the group is read as prose (a list of links alone, with no prose before it, stays a list
    of items titled by their URLs)."""
    if not part.roots or not part.paragraphs or any(
            r.children or r.cells or not _LINK_ENTRY.match(r.text.strip()) for r in part.roots):
        return  # (a table's rows are its items, their titles links or not)
    owners: dict[int, RawItem] = {}
    for root in part.roots:
        before = [p for p in part.paragraphs if p.start < root.index]
        if not before or len(strip_markdown(before[-1].text).split()) <= _PROSE_WORDS // 3:
            return  # a short lead-in ("Tracked in:") introduces the links, which stay items
        p = before[-1]
        if _NAMES_THE_TASKS.search(p.text.rstrip()):
            return  # "Work is split across the following issues:": the links are the tasks
        if p.start not in owners:
            owners[p.start] = RawItem(p.start, p.text.rstrip().rstrip(":"), p.indent,
                                      groups=part.groups)
        owners[p.start].notes.append(root.text)
        trace.line(root.index, f"a link for the paragraph of line {p.start + 1}")
    part.paragraphs = [p for p in part.paragraphs if p.start not in owners]
    part.labelled += owners.values()
    part.roots = []


def _quoted_examples(part: _Part, trace: Trace) -> None:
    """A group whose entries are each a label and a quotation ("**Primary path:** "Move the
    factory ..."", "**Fallback:** "If this fails ..."") shows how to word something: none of
    it is a task, nor is the group's name."""
    if part.skip or len(part.roots) < 2 or not all(
            r.cells is None and _QUOTED_EXAMPLE.match(r.text) for r in part.roots):
        return
    for root in part.roots:
        trace.line(root.index, "left: a labelled example of wording, quoted, not a task")
    part.roots, part.paragraphs = [], []
    part.skip = "quoted examples"


def _leave_told_steps(part: _Part, trace: Trace) -> None:
    """A list of three or more sentences that each tell what a thing does ("The user wants to
    edit ...", "The mapper knows ...", "The sync stage sees ..."), with no paragraph between
    them: the steps of how something works, told beside the section's tasks."""
    runs: list[list[RawItem]] = [[]]
    starts = sorted(p.start for p in part.paragraphs)
    for root in part.roots:
        if runs[-1] and any(runs[-1][-1].index < s < root.index for s in starts):
            runs.append([])
        runs[-1].append(root)
    told = {id(r) for run in runs if len(run) >= 3 and all(
        r.cells is None and tells_what_happens(strip_markdown(r.text)) for r in run) for r in run}
    for root in part.roots:
        if id(root) in told:
            trace.line(root.index, "left: a list that tells, step by step, what a thing does "
                       "(each entry a sentence in the present), not tasks")
    part.roots = [r for r in part.roots if id(r) not in told]


def _narrated(part: _Part) -> bool:
    """Lists inside a story: at least two paragraphs beside them tell what happened or what
    was done, and no entry of the lists reads as a task ("1. Scaling down the cluster:
    reduced the load", "- Our tests did not catch it") — the details of a remediation
    narrative or of its causes, whatever the section's name promised."""
    told = sum(1 for p in part.paragraphs
               if _reports_past_work(strip_markdown(p.text))
               or reads_as_narrative(strip_markdown(p.text)))
    if told < 2:
        return False
    return not any(reads_as_task(strip_markdown(r.text)) or reads_as_future(strip_markdown(r.text))
                   for r in part.roots)


def _reports_past_work(text: str) -> bool:
    """ "Rolled back the release", "Once the vendor recovered, we verified the pipelines":
    the entry reports what was done, and says nothing of what comes."""
    if reads_as_future(text):
        return False
    if past_tense_lead(text):
        return True
    m = _WE_DID.search(first_sentence(text))
    return m is not None and past_tense_lead(m["verb"].removeprefix("re-"))


# Longer than this, a paragraph that neither opens as a task nor commits to one is prose.
_PROSE_WORDS = 15


def _leave_prose_beside_lists(part: _Part, trace: Trace) -> None:
    """In a section whose other groups list their tasks, a group's paragraph of prose that
    states no task ("The failure mode here was ...") explains; short lines and paragraphs
    that open with a task or a commitment are still read."""
    kept = []
    for p in part.paragraphs:
        text = strip_markdown(p.text)
        if len(text.split()) > _PROSE_WORDS and not opens_as_task(text) \
                and not opens_with_commitment(text) and not _is_labelled(p.text):
            trace.line(p.start, "left: prose in a group, beside groups that list the tasks")
        else:
            kept.append(p)
    part.paragraphs = kept


# "... More information on this can be found at:", "Details are in:", "See:": the list after
# it gives the references of what the paragraph said
_MORE_AT = lazy(r"(?i)(?:^|[.!?]\s+)(?:(?:more |further )?(?:information|info|details|context)"
                r"\b[^.!?]{0,60}?\b(?:found|available|tracked|given|described)\s+(?:at|in|here"
                r"|below|on)|see(?: also)?|for (?:more )?details(?:,? see)?)\s*:\s*$")


def _commitments_with_references(part: _Part, trace: Trace) -> list[RawItem]:
    """A paragraph that commits to work and ends by pointing at references ("We are also
    working on ... More information on this can be found at:") over a list of links only:
    the paragraph is the task, and the links are its references, not tasks of their own."""
    items: list[RawItem] = []
    for p in list(part.paragraphs):
        text = strip_markdown(p.text)
        if not opens_with_commitment(text) or _MORE_AT.search(p.text.rstrip()) is None:
            continue
        later = [q.start for q in part.paragraphs if q.start > p.start]
        stop = min(later) if later else 10**9
        links = [r for r in part.roots if p.start < r.index < stop]
        if not links or not all(_LINK_ENTRY.match(r.text.strip()) for r in links):
            continue
        trace.line(p.start, "a commitment in prose, with the links the list after it gives")
        for r in links:
            trace.line(r.index, "left: a reference of the commitment above it")
        items.append(RawItem(p.start, p.text, p.indent, groups=part.groups,
                             notes=[r.text for r in links]))
        part.roots = [r for r in part.roots if r not in links]
        part.paragraphs = [q for q in part.paragraphs if q is not p]
    return items


# "We will take steps to ensure that this sort of problem does not happen in the future.": the
# promise the list beside it keeps, no task of its own.
_GENERIC_PLEDGE = lazy(r"(?i)^\W*we(?: will|'ll|’ll| are going to)\s+(?:take|make|put in place)"
                       r"\s+(?:all\s+)?(?:the\s+)?(?:necessary\s+|further\s+|additional\s+)?"
                       r"(?:steps|measures|actions|efforts?|changes)\b[^.]*?\b(?:ensure"
                       r"|prevent|avoid|make sure)\b")


def _commitments(part: _Part, trace: Trace, otherwise: str) -> list[RawItem]:
    """Paragraphs beside a list are commentary, unless one opens by committing to work ahead
    ("We will also add ...", "OSU is currently investigating ..."): that is an item, told in
    prose (one per paragraph; a lead-in that ends with a colon introduces the list)."""
    items: list[RawItem] = []
    for p in part.paragraphs:
        text = strip_markdown(p.text)
        if _SIGNS_OFF.match(text):
            trace.line(p.start, "left: the closing words of the post, not a task")
        elif _POINTER.match(text):
            trace.line(p.start, "left: says where the work is tracked")
        elif opens_with_commitment(text) and _UPDATES_THE_WRITE_UP.search(text):
            trace.line(p.start, "left: a promise to keep the write-up current, not a task")
        elif _GENERIC_PLEDGE.match(text) and len(text.split()) <= 25:
            trace.line(p.start, "left: a promise to prevent a repeat, which the list states "
                       "as tasks")
        elif opens_with_commitment(text) and (
                not text.rstrip().endswith(":")
                or last_commitment(text) and first_sentence(text) != text):
            trace.line(p.start, "a commitment in prose beside the list")
            items.append(RawItem(p.start, p.text, p.indent, groups=part.groups))
        else:
            trace.line(p.start, otherwise)
    return items


def _lists_causes(lead_in: str) -> bool:
    """The lead-in's last sentence (the one the list completes) names causes before it looks
    ahead, if it does at all."""
    last = re.split(r"(?<=[.!?])\s+", lead_in.strip())[-1]
    cause = _CAUSE_LEAD.search(last)
    ahead = _LOOKS_AHEAD.search(last)
    return cause is not None and (ahead is None or cause.start() < ahead.start())


@dataclass
class _Part:
    """The blocks of a section under one chain of sub-headings."""
    groups: tuple[Heading, ...]
    roots: list[RawItem] = field(default_factory=list)
    paragraphs: list[Block] = field(default_factory=list)
    labelled: list[RawItem] = field(default_factory=list)
    lead_status: str | None = None  # stated by a labelled lead-in for the list after it
    lead_owner: str | None = None  # the subject of the lead-in of the list after it
    data_leads: set[int] = field(default_factory=set)  # lead-ins whose lists are only names
    choices_after: int = -1  # the line after a lead-in that offers options
    choices: list[RawItem] = field(default_factory=list)  # the options, left out
    skip: str = ""
    after_code: bool = False  # a code block came before its list (which may explain it)
    cause_from: int = -1  # the line after a lead-in that lists causes, until the next paragraph
    causes: list[tuple[int, int]] = field(default_factory=list)

    def close_causes(self, end: int) -> None:
        if self.cause_from >= 0:
            self.causes.append((self.cause_from, end))
            self.cause_from = -1

    def explains_cause(self, line: int) -> bool:
        return any(start <= line < end for start, end in self.causes)


# "staticshare", "publications.america.gov", "db-prod-3", "10.0.4.7": an identifier, one
# token with no space, in lower case or with a dot, a digit, a slash or a hyphen or
# underscore inside (a capitalised word, "Monitoring", may be a terse task).
_IDENTIFIER = lazy(r"(?:[a-z][a-z0-9]*|[\w-]*[0-9._/:-][\w./:-]*)")


def _is_identifier(text: str) -> bool:
    """A name of a thing; not a link to an issue or an issue key, which name tasks."""
    return bool(_IDENTIFIER.fullmatch(text)) and "://" not in text and not references(text)


_NAMES_ONLY = lazy(r"(?i)\b(?:are|is|include|includes|were|was)\s*:\s*$")


def _data_lists(part: _Part, trace: Trace) -> None:
    """A list (or table) of identifiers after a lead-in paragraph ("The action was taken to
    remove three records:" + "- staticshare"): the names the lead-in acts on, not tasks; the
    lead-in, no longer only leading in, is the item."""
    def named(root: RawItem) -> bool:
        return not root.children and _is_identifier(strip_markdown(root.text).strip().strip("`"))

    # (a table of tasks beside the list of names is the table's own)
    listed = part.roots if all(named(r) for r in part.roots) else \
        [r for r in part.roots if r.cells is None]
    if len(listed) < 2 or not part.paragraphs or not all(named(r) for r in listed):
        return
    for root in listed:
        trace.line(root.index, "left: a name the paragraph before acts on (data, not a task)")
    # ("Relevant regression tests are:" + file names: a list of names, and no task either)
    part.data_leads.update(p.start for p in part.paragraphs if p.text.rstrip().endswith(":")
                           and not _NAMES_ONLY.search(strip_markdown(p.text)))
    gone = {id(r) for r in listed}
    part.roots = [r for r in part.roots if id(r) not in gone]


# "* Prevent - Prevent similar issues from occurring", "P1 - Important for ...": a term and
# what it means.
_DEFINED_TERM = lazy(r"^(?P<term>[\w/&+.-]+(?: [\w/&+.-]+)?)\s*(?:[-–—=:]|\s[-–—]\s)\s*\S")


def _table_values(parts: list[_Part]) -> set[str]:
    """The values of the section's table cells, but the titles (Type, Priority, Status ...)."""
    return {value.strip().casefold() for part in parts for root in part.roots if root.cells
            for role, value in root.cells.items() if role != "title" and value.strip()}


def _legend_lists(part: _Part, values: set[str], trace: Trace) -> None:
    """Entries that define the values a table of the section uses ("* Prevent - Prevent
    similar issues ...", "* P0 - Critical for ..." above a table whose Type and Priority
    columns hold them): the legend of the table, not tasks."""
    if not values:
        return
    legend = [r for r in part.roots if r.cells is None and not r.children
              and (m := _DEFINED_TERM.match(strip_markdown(r.text))) is not None
              and m["term"].casefold() in values]
    if len(legend) < 2:
        return
    for root in legend:
        trace.line(root.index, f"left: defines a value of the table's columns "
                   f"('{strip_markdown(root.text).split()[0]}'), a legend, not a task")
    left = {id(r) for r in legend}
    part.roots = [r for r in part.roots if id(r) not in left]


# "Code review guidelines", "Design principles", "Rules of thumb": how to work from now on,
# kept by everyone, not work someone does.
_GUIDANCE_GROUP = lazy(r"\b(?:guidelines?|principles|rules of thumb|ground rules|best practices"
                       r"|dos and don ts|conventions|reminders?|caveats|gotchas"
                       r"|things to (?:keep in mind|remember|know))$"
                       # "Recommended workflow:" over its steps: how to work from now on
                       r"|^recommended (?:workflow|process|procedure|steps|practices?|setup"
                       r"|configuration|usage)$")


# "Issues across consensus clients", "Fork choice issues", "Peer discovery problems": a group
# that names what went wrong (its prose tells it); "Open issues" is work left.
_PROBLEM_GROUP = lazy(r"^(?:issues?|problems?|bugs?) (?:across|with|in|found|seen|observed"
                      r"|encountered|during)\b|\b(?:issues|problems|bugs|failures)$")
# "**Primary path:** "Move the factory into the runtime package"": a label and a quotation,
# an example of how to word something.
_QUOTED_EXAMPLE = lazy(r"^\s*(?:\*\*|__)[^*_]{1,40}?:?(?:\*\*|__)\s*:?\s*[\"“][^\"”]+[\"”]"
                       r"\s*\.?\s*$")
# "**Updated Documents**:", "Files changed": what the fix touched, file by file.
_CHANGED_FILES_GROUP = lazy(r"^(?:updated|changed|modified|edited|touched|affected) (?:files?"
                            r"|documents?|docs|pages|modules)$|^files? (?:changed|modified"
                            r"|touched|updated)$|^files? to (?:change|modify|edit|update|touch)$")
# "Rollout Strategy", "Migration plan": how the work will be rolled out, step by step.
_ROLLOUT_GROUP = lazy(r"^(?:the )?(?:rollout|roll out|deployment|migration|upgrade|release)"
                      r" (?:strategy|plan|steps|procedure|sequence|order)$")
# "Read more", "Related posts", "Recent posts": a blog page's links to its other posts.
_PAGE_LINKS_GROUP = lazy(r"^(?:read more|related (?:posts|articles|reading)|recent posts|more posts"
                         r"|other posts|latest posts|share(?: this(?: post)?)?|comments?|tags"
                         r"|categories|archives?)$")
# ("To prevent similar issues:", "Avoiding future failures": work against the problems)
_WORK_LEFT = lazy(r"\b(?:open|remaining|outstanding|unresolved|pending|follow ?up|tracked"
                  r"|to (?:fix|address|resolve)|known|prevent\w*|avoid\w*|against|fix\w*"
                  r"|reduc\w*|stop\w*)\b")


def _names_problems(key: str) -> bool:
    """The group names what went wrong, not the work left on it."""
    return bool(_PROBLEM_GROUP.search(key)) and not _WORK_LEFT.search(key)


def _is_brainstorm_group(heading: Heading) -> bool:
    m = NOT_ACTION_NAME.search(heading.key)
    return m is not None and re.match(r"ideas?|brainstorm|possible|potential|could|might|wish"
                                      r"|options|alternatives|considered", m.group(0)) is not None


# "Tickets have been created and assigned in JIRA.": an entry that says where the tasks
# above are tracked.
_TICKETS_FILED = lazy(r"(?i)^\W*(?:(?:jira |github )?(?:tickets?|issues?|cards?|stories)) (?:have"
                      r"|has) been (?:created|filed|opened|raised|logged)\b[^.;]{0,40}?\b(?:in"
                      r"|on|at|for)\b[^.;]{0,40}\.?$")
# A paragraph that says where the work is tracked rather than naming a task: "All follow-up
# work is tracked in the [epic](...)", "See OPS-12 for the remaining items."
_POINTER = lazy(
    r"(?i)^\W*(?:(?:all|any|every|the|these|those|this|our|remaining|other|further|more|details"
    r"|follow[- ]?ups?|action items|work|everything)\b[^.;]{0,120}?\b(?:tracked|listed|documented"
    r"|captured|recorded|kept|managed|found|described|collected)\s+(?:in|at|on|under|via)\b"
    r"|(?:see|refer to)\b|(?:we|the team) (?:have |has )?(?:identified|agreed on|came up with)"
    r"\b[^.]{0,80}\bfollowing\b"
    # "You may track the progress of Action Items here"
    r"|you (?:can|may|will be able to) (?:track|follow|see|find|view)\b[^.;]{0,40}?\b(?:progress"
    r"|status|action items)\b"
    # "We are tracking the open action items for this issue in a [trello card](...)"
    r"|(?:we|the team) (?:are|is|will be|'re|'ll be) (?:tracking|following up on)\b[^.;]{0,120}?"
    r"\b(?:in|at|on|under|via)\b"
    # a dateline: "This notice last updated: Thu, 16 May 2013", "Updated 2024-03-05"
    r"|(?:this (?:notice|page|post|document|report) )?(?:was )?(?:last )?(?:updated|modified"
    r"|edited|published|posted)\b)")
_NUMBERED = lazy(r"(?i)^(?:(?:action(?: item)?|item|task|ai)\s*#?\d+|\d{1,3}[.)])"
                       r"\s*[:.)-]?\s")


_STATUS_THEN_TASK = lazy(r"^(?:\d{1,3}[.)]\s*)?(?:TODO|DONE|WIP)\b\s*[:-]?\s*[A-Za-z]\w+\s+\w+")


def _is_group_name(heading: Heading) -> bool:
    """A sub-heading that names a group (a horizon, a kind, a status, a priority) rather than
    a task."""
    if _STATUS_THEN_TASK.match(strip_markdown(heading.text)):
        return False  # "2) TODO Configuration management": a task, with where it stands
    if _PRIORITY_HEADING.match(heading.text) and len(heading.key.split()) >= 4:
        return False  # "P1 — Add a high-severity 5xx alert": a task, with its priority
    if _states_its_status(heading) and len(heading.key.split()) >= 4:
        return False  # "1. Pin t3, stop tracking nightly (DONE)": a task, with its status
    # ("**P1 — Short-term**": a priority and the horizon its group names)
    key = re.sub(r"^(?:p[0-4]|sev[0-4]) (?=\w)", "", heading.key)
    # (a kind word in a sentence is not a group's name: "There isn't a process for ...")
    return bool(is_action_name(key) or HORIZON_NAME.match(key)
                or kind_from_heading(key) and len(key.split()) <= 5
                or OTHER_NAME.match(key) or CLOSING_NAME.match(key)
                or re.search(r"\b(?:priority|prioridad|completed?|done|planned|in progress"
                             r"|immediate|ongoing|open|closed|high|medium|low|alta|media|baja)\b",
                             key))


def _is_task_heading(heading: Heading) -> bool:
    """A sub-heading that is itself a task ("### 2. Add alerting on lag"), not a group name."""
    if is_action_name(heading.key):
        return False
    text = heading.text
    return bool(_NUMBERED.match(text)) or (len(text.split()) >= 3
                                          and kind_from_keywords(text) is not None)


# "---" then "**Author:** Ops team", "**Date:** 15 February 2025", "Report prepared by:": the
# lines that sign the write-up off, after the last section's list.
_SIGN_OFF = lazy(r"(?i)^\W*(?:(?:report |document )?(?:prepared|written|compiled|authored"
                 r"|reviewed|approved|signed)(?: off)? by|authors?|date|last updated"
                 r"|published|version|contact)\W*:")


def _signs_off(doc: Document, block: Block) -> bool:
    """The block opens with a field of the write-up's sign-off, right after a thematic break."""
    if block.kind not in (PARAGRAPH, HEADING) or not _SIGN_OFF.match(doc.lines[block.start]):
        return False
    n = block.start - 1
    while n >= 0 and not doc.lines[n].strip():
        n -= 1
    return n >= 0 and bool(RULE.match(doc.lines[n]))


# "#### Blocks are not predictable" + "Suggested solution:" + "Time-based forks.": a problem and
# the fix proposed for it, one item under the problem's name.
_SOLUTION_LABEL = lazy(r"^(?:suggested |suggestion |proposed |possible |recommended )?"
                       r"(?:solutions?|fix(?:es)?|remed(?:y|ies)|mitigations?)$")


def _offers_solution(sub: Heading, following: dict[int, Heading]) -> bool:
    """A label right under the sub-heading names the solution proposed for it (`following`
    maps each group of the section to the one after it)."""
    after = following.get(sub.index)
    return after is not None and after.level in (LABEL_LEVEL, PLAIN_LEVEL) and bool(
        _SOLUTION_LABEL.match(after.key))


# "`@kai` and `@ren` are planning a stream ...": the people the description opens with.
_HANDLES_SUBJECT = lazy(r"^\W*(?P<who>@[\w-]+(?:\W*(?:,|and|&)\W*@[\w-]+)*)\W*\s+(?:is|are"
                        r"|will|to|plan|plans|planning|working|owns?|leads?|leading)\b")


def _handles_as_subject(text: str) -> str | None:
    m = _HANDLES_SUBJECT.match(text)
    return ", ".join(re.findall(r"@[\w-]+", m["who"])) if m else None


def _described_tasks(doc: Document, section: Section, parts: list[_Part]
                     ) -> dict[int, RawItem]:
    """Sub-headings that are tasks, each described by the prose under it: one item per
    sub-heading, titled by it, its text the item's notes. Either the sub-headings look like
    tasks (numbered, or a kind word), in a section with no list; or most sub-sections open
    with a description rather than a list or a task of their own, and nothing in the section
    stands outside them."""
    def left_whole(g: Heading) -> bool:
        # ("### Code Review Guidelines" over rules to keep: what is under it was left, and
        # the heading names no task either)
        mine = [p for p in parts if g in p.groups]
        return any(p.skip for p in mine) and not any(
            p.roots or p.paragraphs or p.labelled for p in mine if not p.skip)

    subs = [g for g in section.groups if g.level != LABEL_LEVEL and not _is_group_name(g)
            and not (g.level == PLAIN_LEVEL and _SOLUTION_LABEL.match(g.key))
            and not _names_problems(g.key) and not left_whole(g)]
    if not subs:
        return {}
    top = next((p for p in parts if not p.groups), None)
    if top is not None and (top.roots or top.labelled):
        return {}
    ordered = sorted(section.groups, key=lambda g: g.index)
    following = {a.index: b for a, b in zip(ordered, ordered[1:], strict=False)}
    described = [g for g in subs if _opening(doc, g) == "description"
                 or _offers_solution(g, following)]
    has_list = any(p.roots for p in parts)
    chosen = [] if has_list else [g for g in subs if _is_task_heading(g)
                                  and not _over_task_lines(doc, g)]
    if len(described) * 2 > len(subs) or chosen and all(g in chosen or g in described
                                                          for g in subs):
        # (the sub-headings beside those that read as tasks, each over prose that describes
        # it, are tasks of the same list: "## Removal of X" beside "## Enhancement of Y")
        chosen += [g for g in described if g not in chosen]
    if chosen and len(subs) >= 2 and all(_NUMBERED.match(strip_markdown(g.text)) for g in subs):
        # "#### 1) Plan the migration" chosen, then "#### 2) TODO Config management" over "We
        # need to ...": numbered sub-headings are one list, each over its own description
        chosen = list(subs)
    # "### P0 — Prevent `kubectl set image` in production": a sub-heading that opens with its
    # priority is a task, whatever its body holds (the design of the work, lists included),
    # and so is a numbered one that says where it stands ("### 1. Pin t3 ... (DONE)")
    # -- unless its body is a table of tasks, each row with its own action ("### P1 — Detect
    # this next time" over "| Priority | Action | Status |"): then it names their group
    chosen += [g for g in subs if g not in chosen and (
        _PRIORITY_HEADING.match(g.text) or _states_its_status(g))
        and not _opens_with_task_table(doc, g)]
    fielded = [g for g in subs if _lists_fields(doc, g)]
    if len(fielded) * 2 > len(subs):
        # "### 1. Mandatory backup" over "- **Script:** ...", "- **When:** ...": each numbered
        # sub-heading is a task its bullets describe.
        by_fields = [g for g in subs if g not in chosen and (
            g in fielded or _NUMBERED.match(strip_markdown(g.text)))]
        chosen += by_fields
    else:
        by_fields = []
    if not chosen:
        return {}
    items = {g.index: RawItem(g.index, strip_markdown(g.raw) if g in by_fields else g.raw,
                              groups=()) for g in chosen}
    for part in parts:
        at = next((g.index for g in reversed(part.groups) if g.index in items), None)
        if at is not None:
            owner = items[at]
            if not owner.notes and part.paragraphs and owner.owner is None:
                owner.owner = _handles_as_subject(strip_markdown(part.paragraphs[0].text))
            owner.notes += [p.text for p in part.paragraphs] + [r.text for r in part.roots]
            part.skip = part.skip or "described-task"
            part.roots, part.paragraphs, part.labelled = [], [], []
    return items


_PRIORITY_HEADING = lazy(r"^\W{0,3}\[?(?:P[0-4]|SEV[0-4])\]?(?:\*\*|__)?\s*[:\-–—]\s*\S")
# "(DONE)", "(DONE — 2026-06-09 follow-up)", "✅": one state, not a group's ("(Completed or In
# Progress)" names the horizon's group)
_STATE_MARKED = lazy(r"(?i)\((?:done|completed?|fixed|shipped|in progress|todo|to do|open"
                     r"|wip|pending|planned)(?:\s*[—–:-][^()]*)?\)\s*$|[✅✔]\ufe0f?\s*$")


def _states_its_status(heading: Heading) -> bool:
    """A numbered sub-heading that ends with where it stands: "1. Pin t3 (DONE)"."""
    return bool(_NUMBERED.match(strip_markdown(heading.text))
                and _STATE_MARKED.search(heading.text))


_FIELD_BULLET = lazy(r"^\s*(?:\*\*|__)[^*_:]{1,30}:(?:\*\*|__)|^\s*(?:\*\*|__)[^*_:]{1,30}"
                           r"(?:\*\*|__)\s*:")


def _lists_fields(doc: Document, heading: Heading) -> bool:
    """The sub-section opens with a list whose entries are mostly bold labelled fields
    ("- **Script:** `backup.sh`", "- **When:** before every deploy")."""
    b = doc.first_block_from(heading.end_line)
    while b < len(doc.blocks) and doc.blocks[b].kind == CODE:
        b += 1
    entries = []
    numbered = False
    while b < len(doc.blocks) and doc.blocks[b].kind == ITEM:
        if doc.blocks[b].parent is None:
            entries.append(doc.blocks[b].text)
            numbered = numbered or doc.blocks[b].marker[:1].isalnum()
        b += 1
    fields = sum(bool(_FIELD_BULLET.match(t)) for t in entries)
    # ("1. **Monitoring Enhancement**: Implement alerts ...": numbered entries are tasks, each
    # named in bold; the fields of one task are bullets)
    return len(entries) >= 2 and fields * 3 >= len(entries) * 2 and not numbered


def _over_task_lines(doc: Document, heading: Heading) -> bool:
    """The heading stands over lines that are each a task ("# Improve monitoring:" over "Add
    a check ..."): it names their group; a heading describes one task only over prose."""
    b = doc.first_block_from(heading.end_line)
    while b < len(doc.blocks) and doc.blocks[b].kind == CODE:
        b += 1
    if b >= len(doc.blocks) or doc.blocks[b].kind != PARAGRAPH:
        return False
    block = doc.blocks[b]
    lines = [strip_markdown(line) for line in doc.lines[block.start:block.end] if line.strip()]
    return len(lines) > 1 and all(opens_as_task(line) for line in lines)


def _opens_with_task_table(doc: Document, heading: Heading) -> bool:
    """The first block under the heading, past any lead-in paragraph, is a table whose own
    header says it lists tasks."""
    for b in range(doc.first_block_from(heading.end_line), len(doc.blocks)):
        block = doc.blocks[b]
        if block.kind == TABLE:
            return is_action_table(block.header)
        if block.kind != PARAGRAPH:
            return False
    return False


def _opening(doc: Document, heading: Heading) -> str:
    """What the sub-section of a heading opens with: a description, a list, or a task."""
    for b in range(doc.first_block_from(heading.end_line), len(doc.blocks)):
        block = doc.blocks[b]
        if block.kind == CODE:
            continue
        if block.kind != PARAGRAPH:
            return block.kind
        text = strip_markdown(block.text)
        if _is_labelled(block.text) or opens_as_task(text):
            return "task"
        if text.endswith(":"):
            # A lead-in to a list of tasks opens a group; one to a table or code describes.
            nxt = doc.blocks[b + 1] if b + 1 < len(doc.blocks) else None
            return "task" if nxt is not None and nxt.kind == ITEM else "description"
        return "description"
    return "nothing"


# A line that opens by pointing back at the line before elaborates it.
_ANAPHOR = lazy(r"(?i)(?:this|these|those|that|it|they|such|which)\b")


def _flows_across_lines(lines: list[tuple[int, str]]) -> bool:
    """Prose hard-wrapped at a width: a line ends one sentence and starts another that runs on
    to the next line ("... re-checked. Dedicated tests were implemented to catch" + "similar
    ..."). Its line breaks are not where entries end, so the paragraph is one item."""
    pairs = list(zip(lines, lines[1:], strict=False))
    if any(continues(text, nxt) and re.search(r"[.!?]\s+[A-Z]", text)
           for (_, text), (_, nxt) in pairs):
        return True
    # Prose filled to a width (every line but the last 60-80 characters long), with a break
    # after a word that cannot end a sentence ("... when we see an increase in" + "API errors,
    # ..."): its capitalised lines go on with the sentence before them.
    widths = [len(text.rstrip()) for _, text in lines[:-1]]
    return len(lines) >= 2 and min(widths) >= 56 and max(widths) - min(widths) <= 24 and any(
        _needs_more(text.rstrip().rsplit(" ", 1)[-1].casefold()) for _, text in lines[:-1])


# Words a sentence does not end on, beyond the articles and prepositions of `GLUE_WORDS`.
_WRAP_GLUE = frozenset({"will", "would", "can", "could", "should", "must", "may", "be", "been",
                        "being", "we", "we're", "we’re", "we've", "has", "have", "had", "not",
                        "so", "which", "who", "when", "if", "but", "because", "about", "over",
                        "under", "between", "this", "these", "those", "all", "more", "very",
                        "also", "then", "than", "make", "get", "up"})


def _needs_more(word: str) -> bool:
    """A line that ends on this word breaks its sentence ("... in the process of moving" +
    "Travis' build infrastructure ...")."""
    return word in GLUE_WORDS or word in _WRAP_GLUE or (
        len(word) > 4 and word.endswith("ing") and word.isalpha())


# A line that only names where the next lines come from: "[Discord Suggestion](https://...):",
# "From the call notes:".
_SOURCE_LINE = lazy(r"^\W*(?:\[[^\]]{1,60}\]\([^)\s]+\)|from [\w .'’-]{1,50})\s*:\s*$",
                    re.IGNORECASE)


# A name that says its work is done ("What we have done", "Completed"): its past tense is
# the status of follow-up work, not the story of the fix.
_DONE_NAME = lazy(r"\b(?:done|completed?|finished|implemented|since|so far|already)\b")
# "A new tag was created ...", "The validator was then restarted", "The fix involved ...",
# "On 26/04/2023 at 19:18, a message was posted": the fix and the recovery, told as events.
_FIX_OPENS = lazy(r"(?i)^(?:on \d[\d/.-]*\b|the (?:fix|patch|workaround|solution)\s+"
                  r"(?:involved|was|consisted|included|required)\b)")
_PAST_PASSIVE = lazy(r"(?i)\b(?:was|were)\s+(?:then\s+|also\s+|subsequently\s+|later\s+)?"
                     r"[a-z]+(?:ed|en|wn|lt|ut|nt)\b")


def _tells_the_fix(text: str) -> bool:
    first = first_sentence(text)
    if opens_with_commitment(first) or _WE_HAVE_DONE.search(first):
        return False
    if _FIX_OPENS.search(first):
        return True
    return bool(_PAST_PASSIVE.search(first)) and not reads_as_future(first) \
        and not opens_as_task(first)


# "provisioner already does this", "cache is shared": a noun and a finite verb, a statement.
_SUBJECT_THEN_VERB = lazy(r"(?i)^\W*[a-z][\w-]*\s+(?:already\s+|also\s+|still\s+|now\s+"
                          r"|only\s+)?(?:is|are|was|were|has|have|does|do|did|will|would|can"
                          r"|could|should)\b")


def _fold_unboxed_children(part: _Part, trace: Trace) -> None:
    """A checklist whose every task has its box ("- [ ] ...", three at least) and whose
    sub-entries have none: those that do not open as a task are remarks on their task ("the
    provisioner already does this", "with the release builds, rollback will be easier"), not
    tasks of their own, whatever else they look like. (A task ending in a colon introduces
    its sub-entries, and keeps them.)"""
    roots = [r for r in part.roots if r.cells is None]
    if len(roots) < 3 or not all(r.checkbox for r in roots) or not any(r.children for r in roots):
        return
    below = [c for r in roots for c in r.children]
    while below:
        child = below.pop()
        if child.checkbox:
            return
        below.extend(child.children)
    for root in roots:
        if not root.children or strip_markdown(root.text).rstrip().endswith(":"):
            continue
        kept = []
        for child in root.children:
            said = strip_markdown(child.text)
            if opens_as_task(said) and not _SUBJECT_THEN_VERB.match(said):
                kept.append(child)  # "Review current logging in services": a task still
                continue
            _fold_subtree(root, child, trace, "the list's tasks have boxes, this entry none, "
                          "and it states no task")
        root.children = kept


def _fold_subtree(node: RawItem, child: RawItem, trace: Trace, why: str) -> None:
    """The child, and everything under it, as notes of the node."""
    pending = [child]
    while pending:
        note = pending.pop(0)
        node.notes.append(note.text)
        trace.line(note.index, f"a note on the item of line {node.index + 1} ({why})")
        pending[:0] = note.children


def _fold_unowned_children(part: _Part, trace: Trace) -> None:
    """A list that names who does each task ("Chris - add alerts on ...", "Add retries
    (@dana)", two entries in three at least, three entries or more): an entry under one of
    its tasks that names nobody is part of that task (what it covers, how, ideas for it),
    with everything under it; one that names its own owner, or has its own box, is a task of
    its own."""
    roots = [r for r in part.roots if r.cells is None]
    if len(roots) < 3 or not any(r.children for r in roots):
        return
    owned = [states_owner(strip_markdown(r.text)) for r in roots]
    if sum(owned) * 3 < len(roots) * 2:
        return
    pending = [r for r, has in zip(roots, owned, strict=True) if has and r.children]
    while pending:
        node = pending.pop()
        kept = []
        for child in node.children:
            if child.checkbox is not None or states_owner(strip_markdown(child.text)):
                kept.append(child)
                pending.append(child)
                continue
            _fold_subtree(node, child, trace, "the list names who does each task, this entry "
                          "nobody")
        node.children = kept


def _plain_task_lines(part: _Part) -> bool:
    """The part is a list written without markers: one paragraph of three or more lines, each
    a sentence of its own, most of which open as tasks ("Add more tests.", "Minimize the
    ..."). Under a joined name ("Lessons learned and future improvements") that is the list
    of the action half, as a bulleted one would be, not the prose of the other half."""
    if len(part.paragraphs) != 1:
        return False
    lines = part.paragraphs[0].lines
    if len(lines) < 3 or _flows_across_lines(lines):
        return False
    texts = [strip_markdown(text).strip() for _, text in lines]
    if not all(t[:1].isupper() and t.endswith((".", "!")) for t in texts):
        return False
    return sum(opens_as_task(t) for t in texts) * 2 > len(texts)


def _line_items(block: Block, groups: tuple[Heading, ...]) -> list[RawItem]:
    """A paragraph as items: one per line, unless a line wraps onto the next; field lines
    (`**Owner:** kim`) are notes of the line before."""
    if _flows_across_lines(block.lines):
        return [RawItem(block.start, " ".join(t for _, t in block.lines), block.indent,
                        groups=groups)]
    items: list[RawItem] = []
    texts: list[list[str]] = []  # each item's lines, joined once at the end (not per line)
    current: RawItem | None = None
    last = ""
    skipping = False
    for index, text in block.lines:
        if skipping and continues(last, text):
            last = text
            continue
        skipping = False
        if FIELD_LINE.match(text):
            if current is not None:
                current.notes.append(text)
            # (a field line of its own, "**Owner:** on-call" after a group's prose, states a
            # field of the group's work, never a task)
            last = text
            continue
        if current is not None and continues(last, text):
            texts[-1].append(text)
        elif current is not None and _ANAPHOR.match(text):
            current.notes.append(text)  # "These farmers will be ...": about the line before
        elif current is not None and _POINTER.match(strip_markdown(text)):
            current.notes.append(text)  # "The changes can be found in PR #6234": its link
        elif current is None and _SOURCE_LINE.match(text):
            last = text  # "[Discord suggestion](...):" over the quote it introduces
            continue
        elif _is_courtesy(strip_markdown(text)) or _REASSURES.match(text):
            current = None  # "We thank ...", "Once again, we would like to reiterate ...":
            skipping = True  # closing words on a line, with the lines that continue them
            last = text
            continue
        else:
            current = RawItem(index, text, block.indent, groups=groups)
            items.append(current)
            texts.append([text])
        last = text
    for item, lines in zip(items, texts, strict=True):
        item.text = " ".join(lines)
    return items


# "The generalisable lesson is not about plugin manifests.", "The key takeaway here is ...":
# the paragraph says it tells a lesson; "Second: ..." after it goes on with the lessons.
_LESSON_PARAGRAPH = lazy(r"(?i)^\W*(?:the|our|one|another|a)\s+(?:\w+\s+){0,2}?"
                         r"(?:lessons?|takeaways?|learnings?)\b(?:\s+\w+){0,3}?\s+(?:is|are|was"
                         r"|here)\b")
_ORDINAL_LEAD = lazy(r"(?i)^\W*(?:first|second|third|fourth|finally|lastly|also)\s*[:,]\s")


def _segment_paragraphs(part: _Part, led: bool, tasky: bool, trace: Trace) -> list[RawItem]:
    items: list[RawItem] = []
    indented = 0  # entries so far set in from the margin, as text pasted from a web page is
    previous = -1  # where the paragraph before this one started, if it became an item
    # Prose told in many paragraphs, some of which commit to work in their first sentence
    # ("To make sure ..., we're going to track ...", "We'll also ..."): the others, told at
    # length, are its context ("A while ago we wrote ...", "The new component uses ..."); a
    # short one may be a task without a verb ("Re-population of the lost window").
    committing = {b.start for b in part.paragraphs if _commits_at_once(strip_markdown(b.text))}
    told = len(part.paragraphs) >= 4 and len(committing) >= 2
    # A story told in three or more paragraphs, of which some commit to work or report the
    # work the team has done since ("As a result, we have set up a status page."): those of
    # the others that tell what another party did or said to the team, or what the team came
    # to believe, are the story, not tasks.
    stating = {b.start for b in part.paragraphs
               if (b.start in committing or _reports_own_work(strip_markdown(b.text)))
               and not _OTHERS_OR_BELIEFS.search(first_sentence(strip_markdown(b.text)))}
    storied = not part.roots and len(part.paragraphs) >= 3 and bool(stating)
    dated = [b.start for b in part.paragraphs if is_date_line(strip_markdown(b.text))]
    logged = dated[1] if len(dated) >= 2 else None  # a log: a date, what was seen that day
    lesson_told = False
    pledged = any(opens_with_pledge(strip_markdown(b.text)) for b in part.paragraphs)
    for block in part.paragraphs:
        text = strip_markdown(block.text)
        indented = indented + 1 if block.indent >= 2 else indented
        if block.start in dated:
            trace.line(block.start, "left: a date on a line of its own, not a task")
        elif logged is not None and block.start >= dated[0] and block.start not in committing:
            trace.line(block.start, "left: an entry of a dated log (what was seen each day), "
                       "not a task")
        elif indented >= 2 and block.indent < 2:
            trace.line(block.start, "left: back at the margin after the indented entries: "
                       "the closing words, not an entry")
        elif text.rstrip().endswith(":") and block.start not in part.data_leads:
            trace.line(block.start, "left: a lead-in to what follows")
        elif len(part.paragraphs) >= 2 and (head := first_sentence(text)) == text \
                and len(head.split()) <= 25 and _ANNOUNCES_WORK.search(head):
            trace.line(block.start, "left: announces the work the next paragraphs state")
        elif len(part.paragraphs) >= 2 and _POINTS_BELOW.search(first_sentence(text)):
            # "..., so the improved security steps below should be undertaken. This is
            # especially true when ...": why the work that follows matters
            trace.line(block.start, "left: points to the work the next paragraphs state")
        elif _POINTER.match(text):
            trace.line(block.start, "left: says where the work is tracked")
            if items and items[-1].index == previous:
                # "See the full diff here." after a task in prose: its links are the task's
                items[-1].notes.append(block.text)
        elif _LESSON_PARAGRAPH.match(text) or lesson_told and _ORDINAL_LEAD.match(text):
            lesson_told = True
            trace.line(block.start, "left: tells a lesson (it says so), not a task")
        elif FIELD_LINE.match(block.text):
            trace.line(block.start, "left: a field line of its own, no task")
            if items and items[-1].index == previous:
                items[-1].notes.append(block.text)  # the field of the task just before
        elif led and not BOLD_LEAD_IN.match(block.text):
            trace.line(block.start, "left: framing prose between the bold-titled items")
        elif _is_courtesy(text):
            trace.line(block.start, "left: thanks or an invitation to the reader, the closing "
                       "words of the post")
        elif _SIGNATURE.match(block.text) or _FOOTNOTE.match(block.text):
            trace.line(block.start, "left: the author's signature or a footnote, not a task")
        elif _RECOMMENDS_READERS.match(text) and reads_as_advice(first_sentence(text)):
            trace.line(block.start, "left: advice to the readers (what they should do), not "
                       "the team's task")
        elif IDEA_LABEL.match(text):
            trace.line(block.start, "left: labelled as an idea, not a decision")
        elif _ABOUT_THE_WRITE_UP.match(text):
            trace.line(block.start, "left: a remark on the write-up itself (a draft, work in "
                       "progress), not a task")
        elif pledged and _CONCEDES.match(text) and not reads_as_future(text) \
                and not opens_as_task(_CONCEDES.sub("", text, count=1)):
            trace.line(block.start, "left: concedes what the work beside it leaves (a remark, "
                       "not a task)")
        elif tasky and reads_as_narrative(text):
            trace.line(block.start, "left: narrative beside paragraphs that state tasks")
        elif told and block.start not in committing and len(text.split()) >= 20 \
                and not _reports_own_work(text):
            trace.line(block.start, "left: context between paragraphs that commit to work")
        elif storied and len(text.split()) >= 12 and not opens_as_task(text) \
                and _OTHERS_OR_BELIEFS.search(first_sentence(text)):
            trace.line(block.start, "left: the story beside the paragraphs that state work "
                       "(what happened or was said, not a task)")
        else:
            items += _line_items(block, part.groups)
            previous = items[-1].index if items else -1
            continue
        previous = -1
    return items



_POINTS_BELOW = lazy(r"(?i)\b(?:steps|measures|actions|changes|items|tasks|improvements)\s+"
                    r"(?:(?:listed|outlined|described|set out)\s+)?below\b")


# "-- Loris", "— The infra team": the write-up signed; "[^1]: As the server is not audited
# ...": a footnote's text.
_SIGNATURE = lazy(r"^\s*(?:--|—|–|~)\s*[A-Z][\w.'’-]*(?:\s+[A-Za-z][\w.'’-]*){0,3}\s*$")
_FOOTNOTE = lazy(r"^\s*\[\^[^\]\s]{1,20}\]:")


# "That said, despite these improvements, we remain exposed to ...", "However, ...": a remark
# that concedes what the work the section commits to leaves open.
_CONCEDES = lazy(r"(?i)^\W*(?:that said|having said that|however|nevertheless|nonetheless"
                 r"|even so|despite (?:this|that|these|those)(?: \w+)?|still)\s*,\s*")


# "We strongly recommend changing your password ...": the team advises its readers.
_RECOMMENDS_READERS = lazy(r"(?i)^\W*(?:we|i)\s+(?:(?:strongly|highly|also)\s+)*(?:recommend"
                           r"|advise|encourage|urge|suggest)\b")


# "In the future, there are several key actions we need to take ...", "Here are the steps we
# will take": one sentence that counts or names the work to come, told after it.
_ANNOUNCES_WORK = lazy(r"(?i)\b(?:there are|there is|here are|we have identified|we identified"
                       r"|we see)\s+(?:several|a few|some|a number of|two|three|four|five|six"
                       r"|\d+|many|multiple)\s+(?:\w+\s+){0,2}(?:actions?|steps|things|changes"
                       r"|improvements|areas|items|measures|tasks|lessons|learnings"
                       r"|takeaways)\b"
                       # "We also had a couple of general ideas."
                       r"|\b(?:we|i)\s+(?:also\s+)?(?:had|have|came up with)\s+(?:a couple of|a few"
                       r"|some|several|two|three|four)\s+(?:\w+\s+)?(?:ideas|thoughts"
                       r"|suggestions)\b")


# "we have set up", "we've added", "we have now moved": the team reports work it has done.
_WE_HAVE_DONE = lazy(r"(?i)\bwe(?:'ve|\s+have)\s+(?:now\s+|also\s+|already\s+)*"
                     r"(?P<verb>[a-z]+)\b")


# The story beside the work: what another party did with the team ("The provider reached out
# to us", "... contacted us") or said to it, and what the team came to believe ("This has
# solidified our belief that ...").
_OTHERS_OR_BELIEFS = lazy(r"(?i)\b(?:reached out to|contacted|told|assured|promised|informed"
                          r"|reassured|notified|guaranteed|wrote to|called)\s+us\b|\b(?:solidified"
                          r"|confirmed|reinforced|strengthened|validated|deepened)\s+our\s+(?:belief"
                          r"|view|conviction|confidence|trust|commitment)\b")


def _reports_own_work(text: str) -> bool:
    m = _WE_HAVE_DONE.search(first_sentence(text))
    # (after "we have", "updated" and "improved" are done, not the names of planned work)
    return m is not None and (past_tense_lead(m["verb"]) or len(m["verb"]) > 4
                              and m["verb"].endswith("ed") and m["verb"] != "needed")


def _commits_at_once(text: str) -> bool:
    """The paragraph's first sentence commits to work or states a task."""
    first = first_sentence(text)
    return opens_as_task(first) or reads_as_future(first)


# "This is a work in progress.", "This document is still a draft", "Note: this report is
# preliminary": what the write-up says of itself.
_ABOUT_THE_WRITE_UP = lazy(r"(?i)^\W*(?:note:\s*)?(?:this|the)(?: (?:document|report|page"
                           r"|post[- ]?mortem|write[- ]?up|analysis))? is (?:still )?(?:a |an )?"
                           r"(?:work in progress|wip|draft|preliminary|incomplete|not final"
                           r"|living document)\b")


# "We will continue to update this page with status updates on these action items", "We'll
# post an update here when ...": the write-up kept current, not work on the system.
_UPDATES_THE_WRITE_UP = lazy(r"(?i)\b(?:update|revise|amend|add to) (?:this|the) (?:\w+ )?"
                             r"(?:page|post|document|report|write[- ]?up|post[- ]?mortem|blog"
                             r"|article|issue)\b|\bpost (?:an? )?(?:update|follow[- ]?up) here\b")


# The closing words of a post: thanks ("We would like to thank ...", "Special thanks to ...")
# and an invitation to the reader ("If you have any questions, ... reach out").
_THANKS = lazy(r"(?i)^\W*(?:(?:we|i)(?: would|'d|’d)? (?:like|want) to (?:thank"
                     r"|extend our thanks)|(?:we|i) (?:thank|are grateful|'re grateful)"
                     r"|(?:many |special |a big )?thanks\b|thank you\b|a (?:big|special) thank)")
_INVITES_READER = lazy(r"(?i)^\W*(?:if you\b|(?:please )?(?:feel free|do not hesitate"
                             r"|don't hesitate|don’t hesitate) to\b|questions\?"
                             # "We look forward to your suggestions and contributions"
                             r"|(?:we|i) (?:look|are looking) forward to (?:your|hearing)\b)")


# "Once again, we would like to reiterate ...", "In our case, no funds were lost",
# "Fortunately, ...": reassurance and outcome, not work.
_REASSURES = lazy(r"(?i)^\W*(?:(?:once again|again),\s*)?(?:we|i) (?:would like|want) to "
                        r"(?:reiterate|stress|emphasi[sz]e|reassure|apologi[sz]e)\b"
                        r"|^\W*(?:in our case|fortunately|luckily|thankfully),"
                        # "Replit takes security very seriously", "We take this seriously"
                        r"|^\W*[\w.&'’ -]{1,40}? takes? (?:\w+ ){0,3}(?:very |extremely )?"
                        r"seriously\b")


# "I realize this is not ideal and I offer my apologies ...": an apology signs the post off.
_APOLOGY = lazy(r"(?i)\b(?:(?:my|our) (?:sincere(?:st)? |deepest |humble )?apologies"
                      r"|(?:we|i) (?:sincerely |deeply )?apologi[sz]e|(?:we are|we're|we’re|i am"
                      r"|i'm|i’m) (?:very |truly |deeply )?sorry"
                      # "Once again, the cloud team sincerely apologises for ..."
                      r"|(?:sincerely |deeply |truly )?apologi[sz]es? for)\b")
# The valediction that signs a post: "Love, the Travis team!", "Cheers, Dana", "Best regards,".
_VALEDICTION = lazy(r"(?i)^\W*(?:love|cheers|thanks|best|regards|kind regards|best regards"
                    r"|warm regards|sincerely|yours|yours truly|with love|xoxo)\s*,"
                    r"(?:\s*(?:the\s+)?[\w .'’&-]{1,40})?\W*$")


def _is_courtesy(text: str) -> bool:
    return bool(_THANKS.match(text) or _INVITES_READER.match(text) or _APOLOGY.search(text)
                or _VALEDICTION.match(text) or _SIGNS_OFF.match(text))


# "While we dislike incidents like this, we do trust they make us better", "We are actively
# monitoring the fix and have further thoughts on ...": the closing words of a status post.
_SIGNS_OFF = lazy(r"(?i)^\W*(?:hope (?:this|that) (?:clarifies|helps|explains)\b"
                  r"|while we (?:dislike|regret|hate|never like)\b|we (?:do )?trust"
                  r" (?:that )?(?:they|this|it|incidents?)\b|we are (?:actively |closely )?"
                  r"monitoring (?:the|this) (?:fix|situation|service)s? and (?:have|will share)"
                  r" (?:further|more) thoughts\b)")


# "Fix action #1", "Action item 2", "Remediation 3": a heading that numbers one action.
_ONE_ACTION = lazy(r"^(?:(?:fix|corrective|preventive|follow[ -]?up|remediation) )?(?:action"
                   r"(?: item| point)?|fix|task|remediation|follow[ -]?up) (?:no )?\d{1,2}$")


# No task is longer than this; the rest of a runaway paragraph is not read for metadata.
MAX_ITEM_TEXT = 3000


def section_items(doc: Document, section: Section, trace: Trace, *, sole: bool = False
                  ) -> list[RawItem]:
    """The raw items of one action section; `sole` says it is the document's only one."""
    if section.kind == "labelled":
        block, *remarks = (doc.blocks[b] for b in section.blocks)
        items = [RawItem(block.start, block.text, block.indent, notes=[r.text for r in remarks])]
        for remark in remarks:
            trace.line(remark.start, f"a note on the item of line {block.start + 1}")
    elif section.kind == "table":
        block = doc.blocks[section.blocks[0]]
        items = [RawItem(line, cells["title"], is_list=True, cells=cells)
                 for line, cells in block.rows]
    else:
        items = _Segmenter(doc, section, trace, sole=sole).run()
        if len(items) >= 2 and _ONE_ACTION.search(section.heading.key) and \
                not any(item.is_list for item in items):
            # "### Fix action #1" over paragraphs: one task, told at length; the paragraphs
            # after the first say more about it
            first, *rest = items
            for item in rest:
                first.notes.append(item.text)
                trace.line(item.index, f"a note on the item of line {first.index + 1} (the "
                           "section names one action)")
            items = [first]
    for item in items:
        item.text = item.text[:MAX_ITEM_TEXT]
        item.notes = [note[:MAX_ITEM_TEXT] for note in item.notes[:20]]
    return items

