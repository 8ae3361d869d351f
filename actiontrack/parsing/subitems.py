"""Sub-items: which entries nested under an item are tasks of their own, and which complete
their parent (the item pass, for nested lists).

A sub-item that is a task of its own becomes an item after its parent, in reading order. A
fragment ("the proxy" under "Ensure alerting is in place for:") joins the parent's title; a
bare link, a status or a remark ("Currently we only alert at 95%", "22.1.0 will contain the
patch") and a detail under a numbered bold title ("1. **Graceful shutdown.**") are notes of
the parent. A parent that only names a group ("Database:") is not an item itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .explain import Trace
from .headings import LABEL_LEVEL, Heading
from .kinds import kind_from_keywords
from .lazyre import lazy
from .names import is_action_name
from .status import passive_done
from .text import first_sentence, heading_key, strip_markdown
from .wording import opens_with_imperative, reads_as_question, reads_as_task

_URL = lazy(r"<?https?://\S+")
BOLD_LEAD_IN = lazy(r"^(\*\*|__)[^*_]{3,200}?\1\s*[:.,\-–—]?\s+\S")


@dataclass
class RawItem:
    index: int  # line index of the item's first line
    text: str
    indent: int = 0
    is_list: bool = False
    checkbox: str | None = None  # "done" / "open" when the item has a checkbox
    groups: tuple[Heading, ...] = ()  # sub-headings above the item, outermost first
    cells: dict[str, str] | None = None  # table row cells by role
    notes: list[str] = field(default_factory=list)  # later paragraphs, link-only sub-items
    fragments: list[str] = field(default_factory=list)  # sub-items that finish the sentence
    children: list[RawItem] = field(default_factory=list)
    numbered: bool = False
    status: str | None = None  # stated by a labelled lead-in the item's list follows
    owner: str | None = None  # named as the subject of the lead-in the item's list follows
    under_label: str = ""  # the parent's label line this sub-item stands under



# Words that open a remark about the parent rather than a task: "Currently we only alert at
# 95%", "Needs budget approval", "This was missed in review".
_NOTE_OPENER = lazy(
    r"(?i)(?:currently|previously|today|right now|note|nb|fyi|context|background|because|since"
    r"|e\.g|i\.e|we|our|this|that|it|its|there|these|those|they|was|were|is|are|has|have|had"
    r"|needs|requires|waiting|pending|blocked|depends|already|also|ideally|possibly|probably"
    r"|maybe|perhaps)\b"
    # a phrase that continues the parent's sentence ("Keep users informed" + "Of outages"):
    # no task opens with these words
    r"|(?i:of|about|regarding|such as|like|including|incl|especially|particularly)\b")


# "Enforced using the debrief document", "Tracked in OPS-4", "Covered by the new alert": how
# or where the parent is done, a past participle and the means.
_HOW_NOTE = lazy(r"(?i)[a-z]+ed\s+(?:by|using|via|through|in|with|under)\b")


# "`-e` halts the script on any failure", "`--dry-run` prints the plan": what an option or name
# in code does, explaining the parent.
_EXPLAINS_CODE = lazy(r"\s*`[^`]+`\s+(?:[a-z]+s|is|are|means)\b")


# "Interchain Labs has done internal audits, but ...", "Dana has already looked at it": who
# did what so far, a remark on the task above.
_NAMED_HAS_DONE = lazy(r"^(?:[A-Z][\w&.'-]*\s+){1,4}(?:has|have|had)\s+(?:already\s+|not\s+"
                       r"|never\s+|also\s+)?(?:[a-z]+ed|done|been|made|built|written|seen|run"
                       r"|begun|taken|given)\b")


# "... is included in the previous issue", "covered by the ticket above": the sub-item says
# where its work is tracked, with the task above it.
_COVERED_BY = lazy(r"(?i)\b(?:is|are)\s+(?:already\s+|also\s+)?(?:included|covered|tracked"
                   r"|part of|handled)\s+(?:in|by|of)?\s*(?:the\s+)?(?:previous|above|same"
                   r"|parent|that|this)\b")


def _is_note(parent: RawItem, child: RawItem) -> bool:
    """A sub-item that remarks on its parent: it opens with a remark word, or in lower case
    under a capitalised parent. A checkbox marks a task, whatever its words."""
    if child.checkbox is not None or child.children:
        return False
    text = strip_markdown(child.text).lstrip("*_`\"'( ")
    if _NOTE_OPENER.match(text) or re.match(r"v?\d[\d.]*\s", text) or _HOW_NOTE.match(text) \
            or _EXPLAINS_CODE.match(child.text) or _NAMED_HAS_DONE.match(text) \
            or _COVERED_BY.search(text):
        return True  # a remark, or a statement about a version or number ("22.1.0 will ...")
    parent_text = strip_markdown(parent.text).lstrip("*_`\"'( ")
    if _OFFERS_EXAMPLES.search(_URL.sub("", parent_text)):
        return True  # "Figure out how to avoid this, e.g. <ticket>" over "Caching": examples
    if len(text.split()) >= 15 and opens_with_imperative(parent_text) \
            and _TELLS_WHY.match(first_sentence(text)) and not reads_as_task(text):
        # "One of the key factors delaying the resolution was the fact that ...": why the
        # task above matters, told in the past
        return True
    if not parent_text.rstrip().endswith(":") and (passive_done(text) or _NOW_STATE.search(text)):
        # "New keys have been generated for all hosts", "The string is now explicit" under
        # "Recreating new SSH keys ...": what has been done of the task so far
        return True
    return text[:1].islower() and parent_text[:1].isupper()


# "... how to avoid this in future e.g. https://...", "... for example:": the entries under the
# parent are examples of its work, not tasks of their own.
_OFFERS_EXAMPLES = lazy(r"(?i)(?:\be\.?g\.?|\bfor (?:example|instance))\s*:?\s*$")
_NOW_STATE = lazy(r"(?i)\b(?:is|are)\s+now\s+(?!being\b|going\b|planned\b|needed\b)")
# A sentence whose verb, within its first words, is a past "was"/"were"/"had been": a reason
# or a fact about the incident.
_TELLS_WHY = lazy(r"(?i)^(?:[\w'’,-]+\s+){1,12}?(?:was|were|had been)\b")


# A reply in a review thread kept in the write-up: "@sam: it would be nice ...", "Same here",
# "+1", "Q: ...", "A: ...", "I agree".
_DISCUSSION = lazy(r"(?i)^(?:@[\w.-]+\s*[:,]|same here\b|agreed?\b|\+1\b|i (?:agree"
                         r"|think|guess|doubt|believe)\b|q\s*:|a\s*:|question\s*:"
                         r"|answer\s*:)")


def _is_discussion(child: RawItem) -> bool:
    """A sub-item that is a comment or a question about its parent, not work of its own:
    reviewers' replies and open questions ("Google calendar? A bot?"). A checkbox marks a
    task, whatever its words."""
    if child.checkbox is not None:
        return False
    text = strip_markdown(child.text).lstrip("*_`\"'( ")
    return bool(_DISCUSSION.match(text)) or reads_as_question(text)


def _drop_discussion(item: RawItem, trace: Trace) -> None:
    """Fold the comments and questions under the item (with whatever replies to them) into
    its notes."""
    kept = []
    for child in item.children:
        if _is_discussion(child):
            item.notes.append(child.text)
            trace.line(child.index, f"a comment or question on the item of line "
                       f"{item.index + 1}, not a task")
        else:
            kept.append(child)
    item.children = kept


# "2. **Improve logging:** Add more detailed logging": a bold label with a colon, then the task.
_BOLD_LABEL_THEN_TASK = lazy(r"^(\*\*|__)[^*_]{3,80}?(?::\1|\1\s*:)\s+\S")


# "**Automated failover system** (in development):": a bold title, its state, a colon.
_STATED_TITLE = lazy(r"(\*\*|__)[^*_]+\1\s*\([^()]{1,30}\)\s*:")


def _is_titled_detail(parent: RawItem, child: RawItem) -> bool:
    """A detail bullet under a numbered bold title ("1. **Graceful shutdown.** ..." with
    "Kubernetes: set ..." under it): the title is the task, the bullets say how."""
    said = strip_markdown(child.text)
    if child.checkbox is None and _STATED_TITLE.fullmatch(parent.text.strip()) \
            and (re.match(r"[^:]{1,30}:\s", said) or not opens_with_imperative(said)):
        # "- **Automated failover** (in development):" over "Trigger: ...", "30-second
        # polling": a named task, in a state of its own, and the bullets that specify it
        return True
    if not parent.numbered or child.checkbox is not None:
        return False
    if re.fullmatch(r"(\*\*|__)[^*_]+\1[.:]?", parent.text):
        # "1. **Air-gap production**" over "Use separate credentials ...", "Require an
        # approval ...": when every sub-entry is a task in the imperative, they are the
        # title's tasks; a detail ("Kubernetes: set ...", "30-second polling") says how
        return not (parent.children and all(_imperative_task(c) for c in parent.children))
    # "2. **Improve logging:** Add more logging" over "Log exit codes", "Add timestamps": a
    # parent that states its task after the bold lead has sub-tasks in the imperative.
    if not BOLD_LEAD_IN.match(parent.text):
        return False
    text = strip_markdown(child.text)
    return not (_BOLD_LABEL_THEN_TASK.match(parent.text) and opens_with_imperative(text)
                and not re.match(r"[^:]{1,30}:\s", text))


def _imperative_task(child: RawItem) -> bool:
    """A sub-entry in the imperative ("Use separate credentials", "Never declare ..."), not a
    labelled detail ("Trigger: ...")."""
    said = re.sub(r"(?i)^(?:never|always|also|then|please)\s+", "", strip_markdown(child.text))
    return child.checkbox is None and opens_with_imperative(said) \
        and not re.match(r"[^:`]{1,30}:\s", child.text.lstrip("*_ "))


def _is_detail(child: RawItem) -> bool:
    """A sub-item under a label line of its parent that names no work of its own
    ("Requirements:", "Scope:"): a detail of the parent. Under "Tasks:" or "Next steps:"
    it is a task."""
    return bool(child.under_label) and child.checkbox is None and \
        not is_action_name(heading_key(child.under_label))


_KANA = lazy(r"[\u3040-\u309f\u30a0-\u30ff]{2}")
_CJK = lazy(r"[\u3400-\u9fff\uac00-\ud7af]")
_JA_TASK_END = lazy(r"(?:する|行う|図る|進める|整える|設ける|改める|見直す|作る|始める|加える"
                          r"|強化|整備|実施|導入|検討|対応|改善|追加|作成|予定|こと)$")


# "Come up with a response approach - something like a doc with:", "Write a runbook covering:":
# the sub-entries are what the document will hold, not tasks of their own.
_NAMES_CONTENTS = lazy(r"(?i)\b(?:doc|docs|document|page|list|runbook|playbook|guide|checklist"
                       r"|template|section|wiki(?: page)?|readme|faq)\s+(?:with|containing"
                       r"|covering|including|listing|that (?:covers|lists|explains)|on|about"
                       r"|for|of)\s*:\s*$")


# "... determine whether we could change anything to:", "... to introduce measures which
# will:": a sentence that stops on a word its sub-items go on from; they complete it.
# (After "to:", a sub-item that opens with a capital is a task of its own: "Audit the
# repositories to:" + "Verify that no malicious commits were made.")
_GOES_ON = lazy(r"(?i)(?:\w+\W+){3,}(?P<w>to|which will|that will|so that we can"
                r"|in order to)\s*:?\s*$")


def _goes_on_below(parent: RawItem, child: RawItem) -> bool:
    m = _GOES_ON.match(strip_markdown(parent.text).strip())
    return m is not None and (m["w"].casefold() != "to"
                              or strip_markdown(child.text).lstrip()[:1].islower())


def _is_fragment(parent: RawItem, child: RawItem) -> bool:
    if _is_detail(child) or _goes_on_below(parent, child):
        return True
    if child.checkbox is None and _FIELD_NOTE.match(strip_markdown(child.text)):
        return True  # "Status: Planned for 1.5", with what is under it: the parent's state
    if child.children:
        return False
    if _is_note(parent, child) or _is_titled_detail(parent, child):
        return True
    # A URL's path is not words: "see https://.../pull/233" is a two-word note.
    text = _URL.sub(" ", strip_markdown(child.text)).strip()
    if _KANA.search(text):
        # Japanese is not spaced: a sub-item that ends with a verb of work ("…を計測する",
        # "…を行う") is a task, one that states ("…が想定される") a note.
        return not _JA_TASK_END.search(text.rstrip("。．.!！ "))
    words = re.findall(r"[A-Za-z]\w*", text)
    if _CJK.search(text):
        words += ["字"] * (len(_CJK.findall(text)) // 2)  # about two characters a word
    if not words or re.fullmatch(r"(?i)\W*(?:see|issue|bug|ticket|pr|jira|link|tracking"
                                 r"(?: issue)?|tracked|filed|related|blocked by|depends on"
                                 r"|status|owner|due|done|in progress|todo)\b.{0,80}",
                                 text) and len(words) <= 6:
        return True  # a link or a status note about the parent
    if parent.text.rstrip().endswith(":") and len(words) <= 4 and (
            text[:1].islower() or len(strip_markdown(parent.text).split()) > 6
            or all(_short(sibling) for sibling in parent.children)) and not (
                # "Propagate Elastic alerts to Slack:" + "Alert on CPU load": short tasks of
                # their own, each in the imperative with what it acts on
                text[:1].isupper() and len(words) >= 3 and opens_with_imperative(text)
                and all(opens_with_imperative(strip_markdown(c.text)) for c in parent.children)):
        # "Alerting is in place for:" + "the proxy"; under a short name of work and beside
        # longer sub-tasks ("Better profiling for small VMs:" + "Cgroups restrictions for
        # better process control"), a short one in capitals is a sub-task too ("Journald
        # verbosity and SystemMaxUse")
        return True
    if _SETTING.match(child.text) and all(_SETTING.match(c.text) for c in parent.children):
        return True  # "Vector configuration" + "`buffer.type` `memory` → switch to `disk`"
    if _NAMES_CONTENTS.search(strip_markdown(parent.text)) and not opens_with_imperative(text):
        return True  # "... something like a doc with:" + "Principles like using IaC ..."
    if parent.text.rstrip().endswith(":") and "," in text and len(words) <= 8 and \
            not opens_with_imperative(text):
        return True  # "... will add alerts on:" + "Network packets, CPU, disk space"
    return len(words) <= 2 and kind_from_keywords(text) is None  # "staging", "production"


def _short(child: RawItem) -> bool:
    return len(re.findall(r"[A-Za-z]\w*", _URL.sub(" ", strip_markdown(child.text)))) <= 4


# A sub-entry that opens with a name in code, as a list of settings does.
_SETTING = lazy(r"\s*`[^`\s]+`")


_FIELD_NOTE = lazy(r"(?i)\W*(?:status|owner|assignee|due|eta|tracking(?: issue)?|ticket|jira)\s*:")


def _is_label(parent: RawItem) -> bool:
    """A parent such as "Database:" names a group of tasks rather than being one."""
    text = strip_markdown(parent.text).rstrip()
    return (text.endswith(":") and parent.checkbox is None and len(text.split()) <= 4
            and kind_from_keywords(text) is None) or _is_bare_label(parent)


# "* Testing", "* QA" over their tasks: a topic of a word or two, no colon.
_BARE_LABEL = lazy(r"[A-Z][\w/&+-]*(?: [A-Za-z][\w/&+-]*)?")


_WORK_NOUN = lazy(r"(?i)\b(?:improvements?|fix(?:es)?|changes?|updates?|enhancements?|work"
                  r"|tasks?|items?|actions?)\b")


def _is_bare_label(parent: RawItem) -> bool:
    """A parent of one or two capitalised words, no colon, no box and no word of work, over two
    sub-items or more of four words or more ("* Testing" over "* regression test for ...",
    "* add more tests ..."): it names the group, the sub-items are the tasks. ("* Observability
    improvements" names work itself; "Stable: <url>" under "* Configuration fixes" is a link.
    A name alone is not read as a Spanish or Italian verb: "* Lodestar" names a client.)"""
    text = strip_markdown(parent.text).strip()
    return parent.checkbox is None and len(parent.children) >= 2 \
        and bool(_BARE_LABEL.fullmatch(text)) \
        and not opens_with_imperative(text, romance=len(text.split()) > 1) \
        and not _WORK_NOUN.search(text) \
        and not all(_SETTING.match(c.text) for c in parent.children) \
        and all(c.checkbox is None and len(_URL.sub(" ", strip_markdown(c.text)).split()) >= 4
                for c in parent.children)


def _settle_children(item: RawItem, trace: Trace) -> list[RawItem]:
    """Fold the sub-items that complete the item into it (fragments into its title, notes
    into its notes) and return the others: tasks of their own."""
    tasks: list[RawItem] = []
    _drop_discussion(item, trace)
    bare = _is_bare_label(item)
    for child in item.children:
        _drop_discussion(child, trace)
        if bare or not _is_fragment(item, child):
            tasks.append(child)
            continue
        text = strip_markdown(child.text)
        if item.text.rstrip().endswith(":") and re.search(r"[A-Za-z]", text) and \
                not _STATED_TITLE.fullmatch(item.text.strip()) and \
                not _goes_on_below(item, child) and \
                len(text.split()) <= 4 and not re.match(r"(?i)(?:see|status|owner|due|tracked"
                                                        r"|issue|bug|ticket)\b", text):
            item.fragments.append(child.text)
            trace.line(child.index, f"completes the item of line {item.index + 1}")
        else:
            item.notes.append(child.text)
            trace.line(child.index, f"a note on the item of line {item.index + 1}")
        if child.children and _goes_on_below(item, child):  # what completes it, all the way down
            below = list(child.children)
            while below:
                grandchild = below.pop(0)
                item.notes.append(grandchild.text)
                trace.line(grandchild.index, f"a note on the item of line {item.index + 1}")
                below[:0] = grandchild.children
    if item.fragments:
        item.text = item.text.rstrip().rstrip(":") + " " + _join(item.fragments)
    return tasks


def _label_heading(item: RawItem) -> Heading:
    text = strip_markdown(item.text).rstrip(":").strip()
    return Heading(item.index, LABEL_LEVEL, text, text.casefold(), False, raw=text)


def _join(parts: list[str]) -> str:
    parts = [p.strip().rstrip(".,;") for p in parts]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def flatten(root: RawItem, trace: Trace) -> list[RawItem]:
    """The item followed by those of its sub-items that are tasks of their own, in reading
    order. Iterative, so that deep nesting cannot exhaust the stack."""
    out: list[RawItem] = []
    pending = [root]
    while pending:
        item = pending.pop()
        tasks = _settle_children(item, trace)
        if not (tasks and _is_label(item) and not item.fragments):
            out.append(item)
        else:
            trace.line(item.index, "a label naming the group of the sub-items under it")
            for child in tasks:
                child.groups = child.groups + (_label_heading(item),)
        pending.extend(reversed(tasks))
    return out


