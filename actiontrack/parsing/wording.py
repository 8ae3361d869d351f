"""How an entry reads: as a task for the team, as advice to others, as a statement of fact, a
question, a state in a checklist, or a report of work done.

These are the signals that hold across layouts: a follow-up opens with an imperative verb
("Add an alert", "Auditar los grupos"), speaks of the future ("We will rotate ..."), or names
who does it ("ICL to build 22.0.3"). Advice names someone else ("Package maintainers should
..."); a checklist about the write-up states conditions ("Sections above are filled out").
"""

from __future__ import annotations

import re

from .lazyre import lazy

# Verbs that open follow-up tasks in postmortems, in their base form.
_IMPERATIVE = set("""
abandon add address adjust adopt alert align allow analyse analyze announce apply archive ask
assess assign audit automate avoid backfill backport block break bring build bump cache
calculate cap capture change check choose clarify clean clear click close collect combine
communicate
complete configure confirm connect consider consolidate contact continue convert coordinate
copy correct create cut debug decide decommission define delete deliver deploy deprecate
describe design detect determine develop disable discuss document double drop educate
eliminate email enable encourage enforce engage ensure escalate establish estimate evaluate
examine expand experiment explore export expose extend extract file find finish fix flag
follow force formalise formalize gather generate get give go handle harden help hire hold host
identify implement improve include increase inform install instrument integrate introduce
investigate isolate keep label launch lead learn limit lint list load lock log look lower
maintain make manage map mark measure merge migrate minimise minimize mirror model modify
navigate
monitor move notify onboard open optimise optimize organise organize own page parallelise
parallelize patch pause pin plan point port post prepare present prevent prioritise
prioritize probe produce profile promote propose protect prototype provide provision prune
publish pull purge push put qualify query raise reach read rebuild recheck reconfigure record
recover redeploy redesign reduce refactor reference refine refresh register reintroduce reject
release
remind remove rename reorganise repair replace replicate report reproduce request require
research reserve reset resize resolve restart restore restrict restructure resume retire retry
return reuse revert review revise revisit revoke rework rewrite roll rotate route run sanitise
sanitize scale schedule scope script secure see segment select send separate serve set setup share
ship shorten show shut simplify simulate size slow sort speed spin split stabilise stabilize
standardise standardize start stop store streamline strengthen stress submit subscribe suggest
supply support suspend switch sync tag take talk target teach tell terminate test tighten
time track train transfer translate trigger try tune turn understand unify unpin update
upgrade upload use validate verify version visit wait watch widen wire work write
""".split())
# Words that may open a task before its verb: "Also add ...", "Then rotate ...".
_LEAD_WORDS = {"also", "then", "please", "first", "next", "finally", "immediately", "quickly",
               "temporarily", "permanently", "always", "never", "don't", "do", "must"}
# Infinitives of the Romance languages open tasks the same way ("Auditar", "Revisar",
# "Implementar"); English words with those endings rarely open an entry.
_ROMANCE_INFINITIVE = lazy(r"^[a-záéíóúâêôãõç]{3,}(?:ar|ir|er)$")
_ENGLISH_ER = {"better", "faster", "other", "never", "either", "neither", "over", "under",
               "after", "ever", "however", "whether", "rather", "further", "together", "later",
               "power", "user", "server", "number", "order", "paper", "water", "their", "similar",
               "regular", "particular", "clear", "linear", "popular", "cellular", "modular"}


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’-]*", text.casefold())


def opens_with_imperative(text: str, *, romance: bool = True) -> bool:
    """The entry opens with a verb in its base form: "Add", "Re-enable", "Auditar" (with
    `romance` False, only an English one: "Peter" and "Walter" end as "revisar" does)."""
    words = _words(text)[:3]
    while words and words[0] in _LEAD_WORDS:
        words = words[1:]
    if not words:
        return False
    word = words[0]
    if word == "have" and len(words) > 1 and words[1] in ("a", "an", "some", "more", "better",
                                                          "clear", "proper", "automated"):
        return True  # "Have a feedback method to ...": have one, not "have you ...?"
    if word in _IMPERATIVE or (word.startswith("re") and word[2:].lstrip("-") in _IMPERATIVE):
        return True
    if word.endswith("-") or "-" in word and word.split("-")[0] in ("re", "pre", "co", "de"):
        return word.split("-", 1)[1] in _IMPERATIVE
    return romance and bool(_ROMANCE_INFINITIVE.match(word)) and word not in _ENGLISH_ER \
        and word not in _IMPERATIVE


_FUTURE = lazy(r"(?i)\b(?:will|shall|['’]ll|are going to|is going to|am going to"
                     r"|(?<=[’'])m going to|plan(?:s|ning)? to"
                     r"|intend to|need(?:s)? to|must|to be done|to do|is planned|are planned"
                     r"|still on the roadmap|on (?:the|our) roadmap|working on|in the works"
                     r"|we(?: are|'re|’re)(?: also| now| still| currently)? \w+ing\b)")
# "ICL to build 22.0.3", "Payments team to add ...": someone to do something.
_SOMEONE_TO = lazy(r"^(?:[A-Z][\w.&+-]*|@[\w.-]+)(?:\s+(?:[A-Z][\w.&+-]*|team|\+|&|and))*"
                         r"\s+to\s+[a-z]")


def reads_as_future(text: str) -> bool:
    return bool(_FUTURE.search(text))


def reads_as_task(text: str) -> bool:
    """The entry reads as work to do: an imperative, the future, or someone to do it."""
    return opens_with_imperative(text) or reads_as_future(text) or bool(
        _SOMEONE_TO.match(text.strip())) or bool(_PASSIVE_DUTY.search(text))


# "We will ...", "We are going to ...", "The team plans to ...": a sentence that opens with a
# commitment.
_COMMITMENT = lazy(r"(?i)^(?:we|the team|our team|i)\s+(?:will|shall|'ll|are going to"
                         r"|plan to|intend to|need to|must|want to|are (?:also )?(?:\w+ing)\b)")


# "We will add ...", "OSU is currently investigating ...", "The platform team is going to
# ...": a paragraph whose subject commits to work ahead. A named subject needs a capital (a
# thing rarely "is investigating"), and "we are" needs a verb of work in progress.
_PROSE_COMMITMENT = lazy(
    r"^(?:(?i:we|the team|our team)|(?:The\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?"
    r"(?:\s+(?i:team|squad|group))?)\s+(?i:will|shall|'ll|’ll|(?:is|are) going to|plans? to"
    r"|intends? to|(?:is|are|'re|’re)\s+(?:also\s+|now\s+|currently\s+|still\s+|actively\s+)*"
    r"(?:investigating|working on|looking (?:into|at)|planning|evaluating|exploring|reviewing"
    r"|adding|building|implementing|developing|preparing|considering|discussing"
    r"|in the (?:middle|process|midst) of))\b")


# "In the coming weeks, we will ...", "Going forward, the team will ...": a time ahead before
# the subject.
_AHEAD_OPENER = lazy(r"(?i)^(?:(?:in|over|during|within) the (?:coming|next|following)"
                           r"(?: \w+){1,2}|going forward|moving forward|from now on"
                           r"|this (?:week|month|quarter)|next (?:week|month|quarter))\s*,\s*")


# "We are also rotating the keys", "The team is now migrating ...": work in progress, told by
# a verb of the task list in its -ing form.
_WE_ARE_DOING = lazy(r"(?i)^(?:(?:we|the team|our team)\s+(?:are|is)\s+|we(?:'re|’re)\s+"
                           r"|i(?:\s+am\s+|'m\s+|’m\s+))"
                           r"(?:(?:also|now|currently|still|actively|already)\s+)*"
                           r"(?P<verb>[a-z]{3,}ing)\b")


def _task_verb_ing(word: str) -> bool:
    """ "rotating", "adding", "running": the -ing form of a verb that opens tasks."""
    stem = word.casefold()[:-3]
    return any(form in _IMPERATIVE for form in (stem, stem + "e", stem[:-1]))


# "Lastly, we will ...", "Also, the team will ...": the next of several commitments.
_SEQUENCE_OPENER = lazy(r"(?i)^(?:lastly|finally|additionally|in addition|also),\s*")


def opens_with_commitment(text: str) -> bool:
    """A sentence of prose that opens by committing its subject to work ahead."""
    text = _SEQUENCE_OPENER.sub("", _AHEAD_OPENER.sub("", text.strip(), count=1), count=1)
    if _PROSE_COMMITMENT.match(text):
        return True
    m = _WE_ARE_DOING.match(text)
    return m is not None and _task_verb_ing(m["verb"])


def last_commitment(text: str) -> bool:
    """ "Lastly, we will upgrade ...": one more commitment, told after the list of the others."""
    return _SEQUENCE_OPENER.match(text.strip()) is not None and opens_with_commitment(text)


def opens_with_pledge(text: str) -> bool:
    """ "We need to ...", "We will ...", "The team is adding ...": the sentence commits its
    subject (the team) to work, in any of the ways `opens_as_task` and
    `opens_with_commitment` read."""
    return bool(_COMMITMENT.match(text.strip())) or opens_with_commitment(text)


def opens_as_task(text: str) -> bool:
    """The text's first words state a task: an imperative, a commitment ("We will ..."), or
    someone to do it ("ICL to ..."). Unlike `reads_as_task`, a "will" deep in a long
    description does not count."""
    text = text.strip()
    return opens_with_imperative(text) or bool(_COMMITMENT.match(text)) or bool(
        _SOMEONE_TO.match(text))


# "Package maintainers should ...", "The University should ...": advice to someone else.
_ADVICE = lazy(r"(?i)^(?!we\b|our\b|the team\b|i\b)(?:[\w'’-]+\s+){1,4}"
                     r"(?:should|ought to|are (?:encouraged|advised) to|may want to)\b"
                     r"(?!\s+be\s+(?:\w+ed|\w+en|built|set up|put in place)\b)")
# "Back-up systems should be implemented", "Alerts must be added": work the sentence asks to
# be done, whoever does it (no reader is told to do anything).
_PASSIVE_DUTY = lazy(r"(?i)\b(?:should|must|needs? to|ought to|has to|have to)\s+be\s+"
                           r"(?:\w+ed|\w+en|built|set up|put in place)\b")


# "Go to your project's settings", "If you use 3.6.0, downgrade": steps addressed to the
# reader, not work for the team ("thank you" addresses no one).
_TO_READER = lazy(r"(?i)(?<!thank )\b(?:you|your|yours|yourself)\b")


def reads_as_advice(text: str) -> bool:
    return bool(_ADVICE.match(text.strip())) or bool(_TO_READER.search(text))


# "Sections above are filled out", "Incident has been dealt with", "All action items above
# have linked issues": the state a checklist asks for, about the write-up or the process.
_STATE = lazy(r"(?i)^(?!we\b)[\w'’ /-]{2,60}?\s(?:is|are|has been|have been|was|were|have"
                    r"|has)\s(?:been\s)?(?:\w+ed|\w+en|done|over|complete|up to date|linked"
                    r"|in place|ready|shared|written|sent)\b")
_PROCESS_WORDS = lazy(r"(?i)\b(?:post[- ]?mortem|after[- ]action|report|write[- ]?up"
                            r"|sections?|timeline|above|incident|retro(?:spective)?|document"
                            r"|action items|template|reviewed|shared)\b")


def reads_as_process_state(text: str) -> bool:
    """A checklist entry about the write-up or the incident process, stated as a condition."""
    return bool(_STATE.match(text.strip())) and bool(_PROCESS_WORDS.search(text)) \
        and not opens_with_imperative(text)


def reads_as_question(text: str) -> bool:
    return text.rstrip(" )*_").endswith("?")


# Narrative: "A double spend attack was successful ...", "On 16 August block 252,451 was
# accepted": an article, a date or a pronoun, then a verb in the past tense.
_NARRATIVE = lazy(r"(?i)^(?:on\s+\d|on\s+[a-z]+\s+\d|in\s+\d{4}|(?:a|an|the|this|that|it"
                        r"|these|those|there)\b[^.]{0,80}?\b(?:was|were|had|did|happened"
                        r"|occurred|caused|led|meant)\b)")


# Description: "The holder class is a subclass of dict", "It is implemented as follows",
# "They transfer the method between ...": a pronoun or a thing named with "the", then what it
# is or does, in the present tense.
_DESCRIPTION = lazy(r"(?i)^(?:the|this|these|those|it|they|its|their)\b[^.;:]{0,80}?\b(?:is|are"
                    r"|has|have|holds?|contains?|uses?|means?|calls?|creates?|returns?|stores?"
                    r"|transfers?|works?|runs?|takes?|makes?|keeps?|gets?)\b")


# "The user wants to edit ...", "The sync stage sees ...": a thing named with "the", then a
# verb of the present's third person (a word in "-s" after the name), told as a sentence.
_DOES = lazy(r"(?i)^(?:the|this|that|it|its|their|our)\s+(?:[\w`'’-]+\s+){0,2}?"
             r"[a-z]{2,}[^\Wsu]s\b(?!\s+(?:of|for|in|on|from|and|or)\b)[^.;:?!]{3,}\.$")
_MODAL = lazy(r"(?i)\b(?:should|could|would|ought|may|might|can)\b")


def reads_as_description(text: str) -> bool:
    """The entry says what something is or does, now (not what to do about it)."""
    return bool(_DESCRIPTION.match(text.strip())) and not reads_as_future(text) \
        and not opens_with_imperative(text) and not _SOMEONE_TO.match(text.strip())


def tells_what_happens(text: str) -> bool:
    """A sentence that tells what a thing does, step by step ("The mapper knows that the set
    is append-only, so it restores the record."): no task, no modal, no future."""
    text = text.strip()
    return bool(_DOES.match(text)) and not _MODAL.search(text) \
        and not _NOW_STATE.search(text) and not reads_as_future(text) \
        and not opens_with_imperative(text)


# "The alert now fires at 80%", "The job no longer runs as root": the state a change left,
# told as a result (done work), not how the thing works.
_NOW_STATE = lazy(r"(?i)\b(?:now|no longer|from now on|since the fix|after the fix)\b")


def reads_as_narrative(text: str) -> bool:
    return bool(_NARRATIVE.match(text.strip())) and not reads_as_future(text)


# A lead-in that offers choices rather than tasks: "There are two options to consider:".
_CHOICES = lazy(r"(?i)\b(?:options?|alternatives?|ideas?|possibilit(?:y|ies)|could|might"
                      r"|suggestions? (?:were|was)|brainstorm\w*|considered|to consider)\b")


# "the following should be considered:", "must be considered:": a prescription, not options.
_PRESCRIBED = lazy(r"(?i)\b(?:should|must|shall|will|needs? to|ought to) be considered\b")


def offers_choices(lead_in: str) -> bool:
    return bool(_CHOICES.search(_PRESCRIBED.sub(" ", lead_in)))


# An entry labelled as an idea, not a decision: "Idea from Sam: ...", "Maybe: ...".
IDEA_LABEL = lazy(r"(?i)^\W*(?:ideas?|suggestion|proposal|maybe|possibly|brainstorm)"
                        r"\b[^:]{0,40}:")


# A paragraph or item that states an action by its label: "Action point: create ...",
# "**TODO**: ...", "Done: ...". The label is set off: bold, or followed by a colon or dash.
# ("- **Remedial Actions**: I am going to limit ...": one report's field of the work ahead.)
_LABEL_WORDS = (r"action (?:point|item)s?|follow[- ]?up|next steps?|todo|to do|done|doing"
                r"|in progress|wip|(?:remedial|corrective|preventi?ve|preventative"
                r"|follow[- ]?up|review) (?:actions?|measures?)|actions? taken"
                # "**Action:** Review all ...", under each lesson
                r"|actions?")
ACTION_LABEL = lazy(
    r"(?i)^\W{0,2}?(?:(?P<b>\*\*|__|\'\'\')(?P<l1>" + _LABEL_WORDS + r")"
    r"(?::(?=\*\*|__|'''))?(?P=b)\s*[:\-–—]?"  # ("**Action taken:**": the colon in the bold)
    r"|(?P<l2>" + _LABEL_WORDS + r")`?\s*[:\-–—])\s*(?P<rest>\S.*)$")  # ("`TODO`: ...")
_LABEL_STATUS = {"done": "done", "todo": "open", "to do": "open", "doing": "open",
                 "in progress": "open", "wip": "open"}


# "Implemented: alternative cluster ready", "**Planned** - add alerts", "Suggested: ...": a
# label that states where the entry stands (a suggestion states no status).
STATUS_LABEL = lazy(r"(?i)^\W{0,2}?(?P<b>\*\*|__)?(?P<l>implemented|completed|fixed"
                          r"|resolved|shipped|planned|pending|not started|ongoing|open"
                          r"|blocked|suggested|proposed)"
                          r"(?P<closed>(?P=b))?\s*[:\-–—]\s*(?P<rest>\S.*)$")
_STATUS_OF_LABEL = {"implemented": "done", "completed": "done", "fixed": "done",
                    "resolved": "done", "shipped": "done", "planned": "open", "pending": "open",
                    "not started": "open", "ongoing": "open", "open": "open", "blocked": "open"}


def status_label(text: str) -> tuple[str, str | None] | None:
    """The rest of an entry after a status label, and the status it states; None without."""
    m = STATUS_LABEL.match(text)
    if m is None:
        return None
    rest = m["rest"]
    if m["b"] and not m["closed"]:
        rest = m["b"] + rest  # "**Pending — reduce memory pressure** — ...": the bold goes on
    return rest, _STATUS_OF_LABEL.get(m["l"].lower())


def label_status(text: str) -> str | None:
    """The status an action label states: "Done:" done, "TODO:" open, "Action point:" none."""
    m = ACTION_LABEL.match(text)
    if m is None:
        return None
    label = " ".join((m["l1"] or m["l2"] or "").lower().split())
    return "done" if label.endswith(" taken") else _LABEL_STATUS.get(label)
