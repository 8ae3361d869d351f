"""What an item's own text says about it: its title and its metadata annotations.

`read_item_text` takes the text of one item (list marker and checkbox already removed) and
returns the title and the fields it states: owner (`@handle`, `Owner: X`, a trailing `(Name)`
or `— Name`), due date (`due 2023-03-01`, `by March 3`, `Q2 2023`), priority (P0-P4, high/
medium/low), status ("(done)", "DONE", "✅", "in progress"), kind tags, and links to issues.
The title is what is left: no annotations or estimates, Markdown reduced to text, the first
sentence only, no trailing punctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import dates
from .kinds import kind_tag
from .lazyre import lazy
from .links import GENERIC_LINK_TEXT, URL, is_tracker_url, references, url_in
from .owners import (
    HANDLE,
    OWNER_LABEL,
    OWNER_PLACEHOLDER,
    OWNER_WORD,
    TRAILING_HANDLES,
    TRAILING_MENTION,
    handles_owner,
    is_party,
    lead_owner,
    owner_in,
    owner_in_prose,
    owner_value,
    strip_trailing_people,
    subject_owner,
    trailing_note_owner,
    without_owner_words,
)
from .status import (
    ALREADY_DONE,
    DONE_BY,
    DONE_MARKS,
    LEAD_STATUS,
    MARKS,
    OPEN_MARKS,
    STATUS_LABEL,
    STATUS_WITH_REASON,
    STATUS_WORD,
    TRAIL_STATUS,
    TRAIL_STATUS_WORD,
    already_done_lead,
    passive_done,
    status_of,
    status_of_mark,
)
from .text import first_sentence, search_tail, strip_emphasis
from .titles import ITEM_NUMBER, TITLE_LABEL, clean_title, fill_placeholders, removed_parts
from .wording import (
    ACTION_LABEL,
    label_status,
    opens_with_imperative,
    reads_as_task,
    status_label,
)


@dataclass
class ItemFields:
    title: str = ""
    owner: str | None = None
    due: dt.date | None = None
    status: str | None = None  # "done", "open" or None (not stated)
    priority: str | None = None
    kind: str | None = None  # from a tag
    links: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # what the title left out of the text
    placeholder_owner: str | None = None  # "TBD", "n/a", "?" written where the owner goes
    placeholder_title: bool = False  # a template's "{{ summary }}", not a task
    unread_due: list[str] = field(default_factory=list)  # due phrases that are not dates
    done_on: dt.date | None = None  # "(done 2024-03-02)": when it was done

    def add_links(self, links: list[str]) -> None:
        for link in links:
            if link not in self.links:
                self.links.append(link)

    def merge(self, other: ItemFields) -> None:
        """Take what another piece of text (a sub-item note, a table cell) states."""
        self.unread_due += other.unread_due
        self.placeholder_owner = self.placeholder_owner or other.placeholder_owner
        self.owner = self.owner or other.owner
        self.due = self.due or other.due
        self.status = self.status or other.status
        self.priority = self.priority or other.priority
        self.kind = self.kind or other.kind
        self.done_on = self.done_on or other.done_on
        self.add_links(other.links)


PRIORITY = lazy(r"(?i)^(?:priority\s*[:=]?\s*)?(?:(?P<p>P[0-4])|(?P<w>high|medium|low"
                      r"|critical|urgent))(?:\s+priority)?$")
_ESTIMATE = lazy(r"(?i)^(?:est(?:imate)?\.?\s*[:=]?\s*)?~?\s*\d+(?:\.\d+)?\s*"
                       r"(?:h|hrs?|hours?|d|days?|w|wks?|weeks?|pts?|points?|sp|m|months?)$")
_PAREN = lazy(r"\s*[(\[]([^()\[\]]*)[)\]]")
# A closing note that reports the work done, opening with a past-tense verb of the work:
# "(added Dart team members to the OWNERS file)", "(enabled the alert on all hosts)". Notes
# about the issue ("(filed #12)", "(reported by Sam)") or the cause ("(caused by ...)") are
# not among these verbs.
_DID_IT = lazy(r"(?i)(?:already\s+)?(?:added|implemented|enabled|disabled|configured"
                     r"|deployed|installed|migrated|rotated|removed|replaced|upgraded"
                     r"|wrote|rewrote|set up|switched|moved|changed|increased|reduced"
                     r"|extended)\s+\S")


_KEY_EQUALS = lazy(r"(?i)^(owner|owners|assignee|due|deadline|eta|by|priority|status|kind|type)"
                   r"\s*=\s*(?=\S)")


def _classify_annotation(text: str, fields: ItemFields, reference: dt.date | None) -> bool:
    """Read one parenthesised/bracketed annotation into the fields; False when it is prose."""
    inner = " ".join(text.split()).rstrip("!")
    # "(owner=eng, priority=high, due=2026-02-08)": fields written as key=value
    inner = _KEY_EQUALS.sub(r"\1: ", inner)
    if not inner:
        return True
    if re.match(r"(?i)(?:done|fixed|merged|completed?|shipped|resolved|deployed|implemented)"
                r"\s+(?:in|by|via|with|for|during|as|on|at|before|after|since)\b", inner):
        # "(done in #12)", "(Fixed by PR 5)", "(done during the response)", "(shipped for
        # this incident; standing practice thereafter)"
        fields.status = fields.status or "done"
        fields.add_links(references(inner))
        return True
    if (m := STATUS_WORD.match(inner)) is not None or (
            m := STATUS_WITH_REASON.match(inner)) is not None:
        fields.status = fields.status or status_of(m)
        return True
    if _DID_IT.match(inner) and len(inner.split()) >= 3:
        fields.status = fields.status or "done"  # "(added an on-call role to the chat)"
        fields.add_links(references(inner))
        return True
    if inner in DONE_MARKS or inner in OPEN_MARKS:
        fields.status = fields.status or ("done" if inner in DONE_MARKS else "open")
        return True
    if (m := PRIORITY.match(inner)) is not None:
        fields.priority = fields.priority or (m["p"].upper() if m["p"] else m["w"].lower())
        return True
    if (kind := kind_tag(inner)) is not None:
        fields.kind = fields.kind or kind
        return True
    # ("cf." in lower case: "[CF to write story]" names a team)
    if _ESTIMATE.match(inner) or re.match(r"(?:(?i:see|ref|refs|related|tracked in)|cf\.?)\b",
                                          inner):
        return True
    if re.fullmatch(r"(?i)(?:issue|ticket|bug|pr|jira)s?\s+(?:created|filed|opened|raised)"
                    r"|(?:created|filed|opened)\s+(?:an?\s+)?(?:issue|ticket|bug)", inner):
        return True
    if re.fullmatch(r"(?i)(?:(?:bug|issue|ticket|pr|see|jira|tracking|link)\s*:?\s*)?"
                    r"(?:[\w.-]+/[\w.-]+)?#\d+|(?:(?:bug|issue|ticket|see|jira|tracking|link)"
                    r"\s*:?\s*)?[A-Z][A-Z0-9]+-\d+", inner):
        fields.add_links(references(inner))
        return True
    if HANDLE.fullmatch(inner) or OWNER_WORD.fullmatch(inner) or OWNER_LABEL.match(inner):
        who = owner_in(inner)
        if who:
            fields.owner = fields.owner or who
            return True
    due = dates.due_in(inner, reference, whole=True)
    if due is not None:
        fields.due = fields.due or due
        return True
    return False


ISSUE_REF_TEXT = lazy(r"#\d{1,9}|[A-Z][A-Z0-9]{1,9}-\d{1,7}|[\w.-]+/[\w.-]+#\d{1,9}")


# "Continue investigating https://github.com/o/r/issues/31, which was the core issue": a URL
# the sentence goes on past, after a word of it, is a word of the task.
_WORD_BEFORE = lazy(r"[a-z]\s$")
_WORDS_AFTER = lazy(r"^,?\s+[a-z][\w'’-]*\s+[a-z]")


def _url_in_sentence(m: re.Match[str]) -> str:
    text = m.string
    inside = _WORD_BEFORE.search(text[max(0, m.start() - 2): m.start()]) is not None \
        and _WORDS_AFTER.match(text[m.end(): m.end() + 60]) is not None
    # "Add more service monitoring via https://uptimerobot.com": the object of the sentence's
    # last preposition, where a name would stand
    ends = _OBJECT_OF.search(text[max(0, m.start() - 12): m.start()]) is not None \
        and not text[m.end():].strip(" .;,)")
    return m.group(0) if inside or ends else ""


_OBJECT_OF = lazy(r"\b(?:via|for|at|on|to|from|with|using|into|in)\s$")


_DETERMINER_BEFORE = lazy(r"(?i)\b(?:a|an|the|this|that|our|new|another|one)\s+$")


def _pull_links(text: str, fields: ItemFields) -> str:
    """Move issue links out of the text into the fields; other links keep their text. A URL in
    inline code ("(`https://a/https://b/...`)") is the task's own words and stays."""
    if "`" not in text or "://" not in text:
        return _pull_links_outside_code(text, fields)
    spans: list[str] = []

    def keep(m: re.Match[str]) -> str:
        spans.append(m.group(0))
        return f"\x00{len(spans) - 1}\x00"

    # (not a reST link, "`Ticket at Linode <https://...>`__")
    masked = re.sub(r"`[^`\n]{1,400}`(?!_)", keep, text)
    out = _pull_links_outside_code(masked, fields)
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m[1])], out)


def _pull_links_outside_code(text: str, fields: ItemFields) -> str:
    def markdown(m: re.Match[str]) -> str:
        label, url = m["text"], m["url"]
        # A link whose text is an issue reference (`[#12](...)`, `[OPS-3](...)`) points at
        # that issue, whatever the URL looks like (a self-hosted tracker, a local file).
        if url and ISSUE_REF_TEXT.fullmatch(label.strip(" *_`")):
            fields.add_links([url])
            return ""
        if is_tracker_url(url):
            fields.add_links([url])
            # "Created a [ticket](url) to migrate ...": a word of the sentence stays
            in_sentence = _DETERMINER_BEFORE.search(m.string[: m.start()])
            return "" if GENERIC_LINK_TEXT.match(label.strip(" *_`")) and not in_sentence \
                else label
        return "" if m.group(0).startswith("!") else label

    text = re.sub(r"!?\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)", markdown, text)

    def bare(m: re.Match[str]) -> str:
        if is_tracker_url(m.group(1)):
            fields.add_links([m.group(1)])
        return ""

    text = re.sub(r"<(https?://[^>\s]+)>", bare, text)
    for url in url_in(text):
        if is_tracker_url(url):
            fields.add_links([url])
    text = URL.sub(_url_in_sentence, text)
    fields.add_links(references(text))
    return text


# A key at the end ("... OPS-12", "... #12"); a host or region name ("db-prod-3", "eu-west-1")
# is lower case and part of the task.
_TRAILING_REF = lazy(r"(?i)\s*[,;:-]?\s*(?:\b(?:bug|issue|ticket|pr|see)\s*:?\s*)?"
                           r"(?:[\w.-]+/[\w.-]+)?#\d+\s*$|\s*[,;:-]?\s*(?<![\w-])"
                           r"(?-i:[A-Z][A-Z0-9]+-\d+)\s*$")
_GITLAB_LABELS = lazy(r"(?:\s+~(?:\"[^\"\n]{1,60}\"|[A-Za-z][\w:.-]{0,60}))+\s*$")
_GITLAB_MR = lazy(r"\s+\(?(?P<ref>(?:[\w.-]+/[\w.-]+)?!\d{1,7})\)?\s*$")
# A trailing reference after one of these words is part of the sentence ("caused the outage in
# #1"): a mention of another issue, kept in the title, not the item's own tracker.
_MENTIONED_BY = lazy(r"(?i)\b(?:in|of|from|by|since|after|during|behind|like|per|as|at"
                           r"|on|to|for|with|about|under|than|caused|causing|reported|see also"
                           r"|mentioned|described|discussed)\s*$")
# "done in #41", "fixed by acme/ci#7": the item's own status and link, not a mention.
_STATUS_BEFORE = lazy(r"(?i)\b(?:done|fixed|resolved|completed|closed|tracked|addressed"
                            r"|implemented|merged|shipped|landed|filed|opened|see)\s+\w+\s*$")


def _mentions(before: str) -> bool:
    return bool(_MENTIONED_BY.search(before)) and not _STATUS_BEFORE.search(before)


# An issue key that opens the item: "OPS-1421 Add a canary", "[#12] Fix ...".
_LEAD_REF = lazy(r"^\s*\[?(?P<ref>(?:[\w.-]+/[\w.-]+)?#\d{1,9}|[A-Z][A-Z0-9]{1,9}-\d{1,7}"
                       r"|(?i:bug)\s+#?\d{4,9})\]?\s*[:\-–—]?\s+(?=\S)")
# "EIP-6110 is updated to ...", "#42 needs a test": the key is the sentence's subject, a
# word of the title, not the item's own tracker.
_SUBJECT_VERB = lazy(r"(?:is|are|was|were|has|have|had|will|should|must|needs?|gets?"
                           r"|can|could|would|may|might)\b")
_TRAILING_PRIORITY = lazy(r"\s+\[?(?P<p>[Pp][0-4])\]?\s*$")
# The last part of an item after a spaced dash: " - 2024-05-30", " — by May 30".
_TRAILING_SEGMENT = lazy(r"\s[—–-]{1,2}\s*(?P<seg>[^—–()\s-]"
                               r"(?:(?!\s[—–-]{1,2}\s)[^—–()]){0,40}?)\s*$")
# ("CF" in capitals names a thing, CloudFront or Cloudflare: "extend CF alerting to ...")
# ("a pinned ref and verify ...": "ref" as a noun, a git ref; a pointer is "(ref ...)", "ref:",
# "ref #12", "ref https://...")
_TRAILING_SEE = lazy(r"\s+(?:[—–-]+\s*)?(?:\(?(?:(?i:see|tracked in)|[Cc]f(?=\.)|cf)\b"
                     r"|\((?i:ref)\b|(?i:ref)(?=\s*[:#\[]|\s*$|\s+(?:https?:|[A-Z][A-Z0-9]+-\d)))[^.]*$")
# "The ability to see the backlog", "so users can see ...": "see" is the item's verb.
_SEE_AS_VERB = lazy(r"(?i)\b(?:to|can|could|will|would|may|might|must|should|cannot"
                          r"|and|or|not|users?|we|they|you|i)\s*$")
_BOLD_OWNER_LEAD = lazy(r"^\s*(\*\*|__)(?P<who>@?[\w.'-]+(?: [\w.'-]+){0,2})\1\s*[—–]\s+"
                        r"(?P<rest>\S.*)$")
# "Dana Lee", "SRE", "Platform team": a person or a team ("Parquet plug-in testing" names a task)
_NAME_OR_TEAM = lazy(r"(?:[A-Z][\w.'-]*)(?: [A-Z][\w.'-]*){0,2}"
                     r"|(?:[A-Z][\w.'-]*)(?: [A-Za-z][\w.'-]*)? (?:team|squad|group|crew)")
_DASH_SEGMENTS = lazy(r"\s+[—–]\s+")
_BOLD_PRIORITY = lazy(r"^\s*(\*\*|__)\[?(?P<p>[Pp][0-4])\]?\1\s*[:\-–—]?\s+(?=\S)")
_LEAD_PRIORITY = lazy(r"^\s*\[?(?P<p>P[0-4])\]?\s*[:-]?\s+")
# ("**Alert** *(pending)* – Deploy ...": a state in parentheses may stand after the bold;
# "**reduce `pool_timeout`**": code in the bold may hold underscores)
_BOLD_LEAD = lazy(r"^\s*(\*\*|__)(?P<lead>(?:[^*_`]|`[^`]*`)+?)\1\s*"
                        # (or a path: "**Drift guard** (`.github/workflows/drift.yml`) —")
                        r"(?:(?P<state>[*_]?\((?:[^()]{1,30}|[^()\s]{1,80})\)[*_]?)\s*"
                        r"(?=[:.,\-–—]))?"
                        r"(?P<sep>[:.,\-–—]?)\s*(?P<rest>.*)$")
# A bold title and four spaces or more: a page's block flattened onto one line (see the use).
_WIDE_GAP = lazy(r"^(\s*(\*\*|__)[^*_\n]{2,120}?\2)\s{4,}(?=[A-Z*_])")
# "**API**: stop attaching tokens ...": the bold, an acronym, names the part of the system the
# task is for ("**Monitoring**: alert on gaps" is a task's name, as any other bold lead-in).
_DUTY = lazy(r"(?i)\b(?:should|must|needs? to|has to|have to)\b")
_PART_LEAD = lazy(r"[A-Z][A-Z0-9]{1,5}|(?i:frontend|front-end|backend|back-end|web|mobile|ios"
                  r"|android|server|client|sdk|database|db)")


def _strip_annotations(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    """Remove and read the annotations at the ends of the text until none is left."""
    while True:
        before = text
        text = _strip_status_and_refs(text, fields, reference)
        text, owner = strip_trailing_people(text)
        fields.owner = fields.owner or owner
        if fields.owner is None:
            text, fields.owner = trailing_note_owner(text)
        text = text.rstrip(" ,;:-–—")
        if text == before:
            return text


# "(done 2024-03-02)", "— done on March 3", ", completed 2024-03-04", "✅ 2024-03-05": done,
# and when.
_DONE_ON = lazy(r"(?i)\s*(?:[,;]|[—–-]{1,2}|\()?\s*(?:\b(?:done|completed|fixed|resolved"
                      r"|finished|shipped|closed)\b|✅|✔️?)\s*(?:on\b|as of\b|:)?\s*"
                      r"(?P<when>[^()—–,;]{4,40}?)\s*\)?\s*$")


def _strip_done_on(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    m = search_tail(_DONE_ON, text, window=70)
    if m is None or m.start() == 0:
        return text
    when = dates.due_in(m["when"], reference, whole=True)
    if when is None:
        return text
    fields.status = fields.status or "done"
    fields.done_on = fields.done_on or when
    return text[: m.start()]


# "... - done and list updated in Statuspage 20/10/25", "... - done: 'Can't find anything'":
# done, and a remark on how; "... - note added to onboarding info 11/9/23", "... - updated the
# issues doc with a link": what was done, reported after the task in the past tense.
_DONE_REMARK = lazy(r"(?i)\s+[-–—]{1,2}\s+(?:done|completed|fixed|resolved|finished)\b"
                    r"(?=\s*(?:[:;,!]|(?:and|in|by|via|with|on|see)\b|[-–—]|$))")
_PAST_REMARK = lazy(r"\s+[-–—]{1,2}\s+(?:(?!(?:is|are|was|were|has|have|had|been|be|it|this"
                    r"|that|they|we|i|not|never)\b)[a-z]+\s+)?(?:added|updated|created|sent"
                    r"|emailed|filed|raised|written|merged|shipped|deployed|implemented"
                    r"|documented|asked|told|notified|informed)\s+\S")


def _strip_done_remark(text: str, fields: ItemFields) -> str:
    m = _DONE_REMARK.search(text) or _PAST_REMARK.search(text)
    if m is None or len(text[: m.start()].split()) < 3:
        return text
    fields.status = fields.status or "done"
    return text[: m.start()]


def _strip_status_and_refs(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    text = _strip_done_on(text, fields, reference)
    if "-" in text or "–" in text or "—" in text:
        text = _strip_done_remark(text, fields)
    if (m := LEAD_STATUS.match(text)) is not None:
        fields.status = fields.status or status_of_mark(m.group(0))
        text = text[m.end():]
    if (m := _LEAD_PRIORITY.match(text)) is not None:
        fields.priority = fields.priority or m["p"].upper()
        text = text[m.end():]
    last = text.rstrip()[-1:]
    # Cheap tests on the last character first: most items end with none of these marks.
    if (last.isupper() or last in MARKS or last in "*_") and \
            (m := search_tail(TRAIL_STATUS, text)) is not None and m.start() > 0:
        fields.status = fields.status or status_of_mark(m.group(0))
        text = text[: m.start()]
    if (m := search_tail(TRAIL_STATUS_WORD, text)) is not None:
        fields.status = fields.status or status_of(m)
        text = text[: m.start()]
    if (m := _LEAD_REF.match(text)) is not None and references(m["ref"]) and \
            not (_SUBJECT_VERB.match(text, m.end())
                 and re.fullmatch(r"\]?\s+", text[m.end("ref"):m.end()])):
        fields.add_links(references(m["ref"]))
        text = text[m.end():]
    if "~" in text and (m := search_tail(_GITLAB_LABELS, text)) is not None and m.start() > 0:
        text = text[: m.start()]  # '~"monitoring" ~incident': GitLab labels, tags of the item
    if "!" in text and (m := search_tail(_GITLAB_MR, text)) is not None and m.start() > 0:
        fields.add_links([m["ref"]])  # "!512": a GitLab merge request
        text = text[: m.start()]
    m = search_tail(_TRAILING_REF, text, window=80) if text.rstrip()[-1:].isdigit() else None
    if m is not None and m.start() > 0 and not _mentions(text[: m.start()]):
        text = text[: m.start()]
    if text.rstrip()[-1:] in tuple("0123456789]") and \
            (m := search_tail(_TRAILING_PRIORITY, text)) is not None and m.start() > 0:
        fields.priority = fields.priority or m["p"].upper()
        text = text[: m.start()]
    if (m := _TRAILING_SEE.search(text)) is not None and m.start() > 0 and \
            not _SEE_AS_VERB.search(text, 0, m.start()):
        text = text[: m.start()]
    # A date after a last spaced dash is the due date, unless the part before the dash ends
    # with a date too: "Q4 2024 - Q1 2025" is a range.
    if (m := search_tail(_TRAILING_SEGMENT, text, window=60)) is not None and m.start() > 0 and \
            not text[: m.start()].rstrip()[-1:].isdigit() and \
            (due := dates.due_in(m["seg"], reference, whole=True)) is not None:
        fields.due = fields.due or due
        text = text[: m.start()]
    return text


def _read_parentheses(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    def annotation(m: re.Match[str]) -> str:
        # "(owner: @dana, due 2024-04-01)" holds several annotations; all must be readable.
        scratch = ItemFields()
        parts = re.split(r"[,;]\s*", m.group(1))
        if all(_classify_annotation(part, scratch, reference) for part in parts) or \
                _classify_annotation(m.group(1), scratch, reference):
            fields.merge(scratch)
            return ""
        return m.group(0)

    return _PAREN.sub(annotation, text)


def _unbold_labels(text: str) -> str:
    """ "**Owner:** Jane" and "**Owner**: Jane" read as "Owner: Jane", and so does a whole
    label in emphasis ("— _owner: platform_", "*due: 2024-05-01*")."""
    text = re.sub(r"(\*\*|__)([A-Za-z][\w ]{0,20}?)(:?)\1(:?)", r"\2\3\4", text)
    if "_" in text or "*" in text:
        # (the emphasis ends the value: "**Owner: @dana** Add alerting ...")
        text = _EMPHASISED_LABEL.sub(r"\2;", text)
    return text


_EMPHASISED_LABEL = lazy(r"(?<![\w*_])(\*\*|__|\*|_)((?i:owners?|assignees?|assigned to|due"
                         r"|deadline|eta|status|priority|target)\s*:\s*[^*_\n]{1,80}?)\1"
                         r"(?![\w*_])")


# A due phrase whose date is not one: "due 03/04/2024" (March or April?), "by 2024-02-30".
_DUE_NUMBER = lazy(r"(?i)\b(?:due(?:\s+date)?|by|deadline|eta|before|until)\s*[:=]?\s*"
                         r"(?P<d>\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?)\b")


def _unreadable_due(text: str, fields: ItemFields) -> None:
    for m in _DUE_NUMBER.finditer(text):
        if dates.first_date(m["d"]) is None:
            fields.unread_due.append(m.group(0).strip())


def _read_labels(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    """Owner, due, priority and kind written as words inside the text."""
    text = _unbold_labels(text)
    m = OWNER_LABEL.search(text)  # before the due date goes: its value ends at "Due ..."
    if m:
        fields.owner = fields.owner or owner_value(m)
        text = text[: m.start()] + text[m.end():]
    for start, end, date in reversed(dates.due_spans(text, reference, bare=False)):
        fields.due = date
        at_end = end >= len(text) - 2
        text = text[:start] + text[end:]
        if at_end:
            text = text.rstrip(" ,;")  # "..., @carol, target 2025-04-01": "@carol" now ends it
    _unreadable_due(text, fields)
    m = re.search(r"(?i)\bpriority\s*[:=]\s*(P[0-4]|high|medium|low|critical)\b"
                  # (not a channel's name: "#high-priority-alerts"), set off at an end ("...
                  # - high priority", "High priority: ..."); within the sentence it is the
                  # task's own words ("between high priority and low priority alerts")
                  r"|(?:^\W*|[,;(—–-]\s*|\s)(?<![#\w-])(high|medium|low)[ -]priority(?![\w-])"
                  r"(?=\s*[)\].!]*\s*$|\s*[:—–-]\s)", text)
    if m:
        fields.priority = fields.priority or (m[1] or m[2]).lower().replace("p", "P")
        text = text[: m.start()] + text[m.end():]
    m = re.search(r"(?<![\w-])(P[0-4])(?![\w-])", text)
    if m:
        fields.priority = fields.priority or m[1]
    m = re.search(r"(?i)\b(?:type|kind)\s*[:=]\s*(\w+)", text)
    if m and kind_tag(m[1]):
        fields.kind = fields.kind or kind_tag(m[1])
        text = text[: m.start()] + text[m.end():]
    if "@" in text and (m := search_tail(TRAILING_MENTION, text)) is not None and m.start() > 0:
        fields.owner = fields.owner or m["name"]
        text = without_owner_words(text[: m.start()])
    if "@" in text and (m := search_tail(TRAILING_HANDLES, text)) is not None and m.start() > 0:
        fields.owner = fields.owner or handles_owner(m["all"])
        text = without_owner_words(text[: m.start()])
    handle = HANDLE.search(text)
    if handle:
        fields.owner = fields.owner or "@" + handle["h"]
        if handle.end() >= len(text.rstrip(" .,;)")) or handle.start() == 0:
            text = text[: handle.start()] + text[handle.end():]
    if (m := STATUS_LABEL.search(text)) is not None:
        fields.status = fields.status or status_of(m)
        text = text[: m.start()] + text[m.end():]
    if ALREADY_DONE.search(text):
        fields.status = fields.status or "done"
    return text


def read_item_text(text: str, *, reference: dt.date | None = None) -> ItemFields:
    """The title and metadata of one item's text; `removed` says what the title left out."""
    fields = ItemFields()
    original = text
    text = ITEM_NUMBER.sub("", text.lstrip())
    text = _lead_label(text, fields)
    text, fields.placeholder_title = fill_placeholders(text)
    text, fields.owner = lead_owner(_pull_links(text, fields))
    text = TITLE_LABEL.sub("", text)
    if (m := _BOLD_OWNER_LEAD.match(text)) is not None \
            and (m["who"].casefold() in ("me", "myself", "i", "us") or m["who"].startswith("@")
                 or is_party(m["who"]) and _NAME_OR_TEAM.fullmatch(m["who"]) is not None):
        # "**me** — Lower the keepalive to 15 s — 2025-09-23 — landed in commit `a3f291`": an
        # owner, the task, then its fields, each set off by a dash (a date among them when
        # the task is not told in the imperative: "Renovate guard so ... — 2025-10-04")
        task, *segments = _DASH_SEGMENTS.split(m["rest"])
        days = [dates.due_in(segment.strip(" .;,"), reference, whole=True)
                for segment in segments]
        if opens_with_imperative(m["rest"]) or any(days):
            fields.owner = m["who"]
            text = task
            for segment, when in zip(segments, days, strict=True):
                if when is not None:
                    fields.due = fields.due or when
                else:
                    fields.merge(read_note(segment, reference=reference))
    if (m := _BOLD_PRIORITY.match(text)) is not None:
        fields.priority = m["p"].upper()  # "**P1** — Add retries", "**[P2]**: ..."
        text = text[m.end():]
    # "**Strengthen intake protocols**               The Customer Response Center has ...": a
    # page's block flattened onto one line; the gap sets the bold title off as a colon would
    text = _WIDE_GAP.sub(r"\1: ", text, count=1)
    lead = _BOLD_LEAD.match(text)
    if lead and lead["rest"].strip() and lead["sep"] and \
            _PART_LEAD.fullmatch(lead["lead"].strip()) and (
                opens_with_imperative(lead["rest"]) or len(lead["rest"].split()) >= 4
                and (reads_as_task(head := first_sentence(lead["rest"]))
                     or _DUTY.search(head) is not None)):
        text = lead["rest"]  # "**API**: stop attaching tokens to email links"
    elif lead and lead["rest"].strip() and (lead["sep"] or lead["lead"].rstrip()[-1:] in ".:"):
        # "**Circuit breakers**: add ..." - the bold lead-in is the task; the rest explains it.
        if lead["state"]:
            _read_annotations(lead["state"].strip("*_"), fields, reference)
        _read_annotations(lead["rest"], fields, reference)
        text = lead["lead"]
    # The title is the first sentence; later sentences still state metadata ("Owner: Ana").
    head = first_sentence(text)
    title = _read_annotations(head, fields, reference)
    rest = text[len(head):]
    if rest.strip():
        _read_annotations(rest, fields, reference)
        fields.owner = fields.owner or owner_in_prose(rest)
        if re.match(r"(?i)\W*done\b", rest) and not fields.status:
            fields.status = "done"  # "Rotate the keys. Done in #12."
        _read_done_by(rest, fields)
    fields.title = clean_title(title)
    if already_done_lead(fields.title) or passive_done(fields.title):
        fields.status = fields.status or "done"
    fields.owner = fields.owner or subject_owner(fields.title, text,
                                                 done=fields.status == "done")
    if fields.owner and OWNER_PLACEHOLDER.fullmatch(fields.owner):
        fields.placeholder_owner, fields.owner = fields.owner, None
    fields.removed = removed_parts(original, fields.title)
    return fields


def _read_done_by(rest: str, fields: ItemFields) -> None:
    """ "Trim the paths. GK fixed this with this commit": a later sentence that says who did
    the work states both the status and the owner."""
    m = DONE_BY.search(rest)
    if m is None or not is_party(m["who"]):
        return
    fields.status = fields.status or "done"
    fields.owner = fields.owner or m["who"]


def _lead_label(text: str, fields: ItemFields) -> str:
    """ "Action point: create ...", "**Done**: Release ...", "TODO: ..." -> the task; the label
    says the status where it is one."""
    m = ACTION_LABEL.match(text)
    if m is None:
        if (labelled := status_label(text)) is not None:
            fields.status = fields.status or labelled[1]
            return labelled[0]
        return text
    fields.status = fields.status or label_status(text)
    return m["rest"]


def _read_annotations(text: str, fields: ItemFields, reference: dt.date | None) -> str:
    text = _read_parentheses(text, fields, reference)
    text = _read_labels(text, fields, reference)
    return _strip_annotations(text, fields, reference)


def read_note(text: str, *, reference: dt.date | None = None) -> ItemFields:
    """Metadata stated by a note under an item ("Owner: @kim", "Due: 2023-03-01", a link, a
    short status word). Prose notes give links and labelled fields only."""
    fields = ItemFields()
    rest = " ".join(_unbold_labels(_pull_links(text, fields)).split())
    if len(rest.split()) <= 3 or re.match(r"(?i)status\s*[:=]", rest):
        fields.merge(read_cell(re.sub(r"(?i)^status\s*[:=]\s*", "", rest)))
    if (m := OWNER_LABEL.search(rest)) is not None:
        fields.owner = owner_value(m)
    spans = dates.due_spans(rest, reference, bare=len(rest.split()) <= 3)
    if spans:
        fields.due = spans[0][2]
    else:
        _unreadable_due(rest, fields)
    if (m := PRIORITY.match(rest)) is not None:
        fields.priority = m["p"].upper() if m["p"] else m["w"].lower()
    if ALREADY_DONE.search(rest):
        fields.status = fields.status or "done"  # "This has been done."
    return fields


def read_cell(text: str, *, reference: dt.date | None = None) -> ItemFields:
    """Metadata stated by a table cell or a note: links, status words, dates."""
    fields = ItemFields()
    rest = strip_emphasis(_pull_links(text, fields))
    if (inner := re.fullmatch(r"\s*\((?P<w>[^()]{1,30})\)\s*", rest)) is not None:
        rest = inner["w"]  # "(Done)": a status in a parenthesis of its own
    for word in rest.split():
        if status_of_mark(word) is not None:
            fields.status = fields.status or status_of_mark(word)
    if STATUS_WORD.match(" ".join(rest.split())):
        _classify_annotation(rest, fields, reference)
    elif (lead := re.match(r"\s*([^.:;!?。：（(]{1,30})(?:[.:;!]\s|[。：（(])", rest + " ")) \
            is not None \
            and (m := STATUS_WORD.match(" ".join(lead[1].split()).lower())) is not None:
        # "**Resolved.** High-end assignment, verified ...": the status, then how
        fields.status = fields.status or status_of(m)
    return fields
