"""Who owns an item, as authors write it.

A label (`Owner: X`, `Assignee: @team/sre`, `Verantwortlich: X`, `Responsable: X`), a chat
handle (`@kim`, `@maria.g`, `@team/sre`), a mention of a full name (`@Sofia Lindgren`, as Notion
exports it), a trailing `(Name)` or `— Name`, and in prose, "Irina owns this". "— Unassigned"
says there is no owner.
"""

from __future__ import annotations

import re

from . import dates
from .lazyre import lazy
from .status import past_tense_lead
from .text import search_tail
from .wording import opens_with_imperative

_LABEL_WORDS = (r"owners?|assignees?|assigned(?: to)?|responsible|dri|who"
                # German, Spanish, French, Portuguese, Dutch
                r"|verantwortlich(?:er|e)?|zuständig(?:er|e)?|responsables?|encargad[oa]"
                r"|propriétaire|responsável|eigenaar|verantwoordelijke")
_NOT_OWNER_WORD = (r"(?:due|priority|status|eta|type|kind|deadline|target|by|until|before"
                   r"|bis|hasta|fecha|to|and|for|will|is|was)\b")
# Where the value of a label ends: punctuation, a dash, a full stop, or the next label.
_VALUE_END = (r"(?=\s*(?:$|[,;()\[\]|·—–]|-\s|\.(?:\s|$)"
              r"|(?:due|by|priority|status|eta|bis|hasta|fecha)\b))")
# "Owner: Ines Duarte", "Owner: platform team, due ...", "Assignee: @team/sre": up to four
# words when the value ends there, else one word and a capitalised second one.
# "Owner: Platform Engineering + AI Engineering": parties joined by "+" or "&" are one value.
_JOINED_PARTY = (r"(?:[ ][+&][ ]@?[\w.\-]+(?:[ ](?!" + _NOT_OWNER_WORD + r")[\w.\-]+){0,3})*")
OWNER_LABEL = lazy(r"(?i)\b(?:" + _LABEL_WORDS + r")\s*[:=]\s*(?P<who>@?[\w.\-]+"
                         r"(?:/[\w.\-]+)?(?:(?:[ ](?!" + _NOT_OWNER_WORD + r")[\w.\-]+){0,3}"
                         + _JOINED_PARTY
                         + _VALUE_END + r"|[ ](?!" + _NOT_OWNER_WORD + r")(?-i:[A-Z])[\w.\-]*)?)")
# An annotation that is only an owner: "(owner Kim)", "(who: @kim)".
OWNER_WORD = lazy(r"(?i)(?:owners?|assignees?|assigned to|who)\s*[:=]?\s*(?P<who>\S.*)")
# Chat handles may hold dots ("@maria.g") and name a team ("@team/sre"); a full stop after
# one is not part of it.
HANDLE = lazy(r"(?<![\w/`.])@(?P<h>[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?(?:/[\w.-]+)?)")
# A personal name: capitalised words, letters of any alphabet ("Tomás", "Ines Duarte").
NAME = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[ -][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
# "(Will/Aisha)", "(Scott, Paul)": two or three people share the item.
TRAILING_NAME_PAREN = lazy(r"\s*\((?P<name>" + NAME + r"(?:\s*(?:/|,|&)\s*" + NAME + r"){0,2})"
                                 # ("(Rasmus call for meeting)"; "(Prismic is on the
                                 # Platinum plan)" says how a thing stands, and names no one)
                                 r"(?P<rest>\s+(?!(?:is|are|was|were|has|have|had|does)\b)"
                                 r"[a-z][\w' -]*)?\)\s*$")
_TRAILING_DASH_OWNER = lazy(r"\s+[—–-]{1,2}\s*(?P<who>@[\w.-]*\w|" + NAME + r")\s*$")
_ONE_HANDLE = r"`?@[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?(?:/[\w.-]+)?`?"
# One or more handles at the end, in backticks or not: "@kim", "`@kim`", "@alice @bob",
# "@alice, @bob and @carol".
TRAILING_HANDLES = lazy(r"(?:^|\s+|(?<=[(,]))(?P<all>" + _ONE_HANDLE
                              + r"(?:\s*(?:,|&|\band\b)?\s*" + _ONE_HANDLE + r")*)\s*$")
# "@Sofia Lindgren": a mention of a person by full name (Notion, Confluence exports).
TRAILING_MENTION = lazy(r"\s+@(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)"
                               r"\s*$")
_NO_OWNER = lazy(r"(?i)\s+[—–-]{1,2}\s*(?:owner\s*:\s*)?(?:unassigned|unowned|no owner"
                       r"|nobody|tbd)\s*$")
# Prose that names the owner in a sentence after the task: "Irina owns this", "Owned by Kim".
_PROSE_OWNER = lazy(
    r"\b(?P<name>" + NAME + r") (?:owns|will own|is the owner of|is responsible for"
    r"|is driving|will drive|has picked up|took|has taken) (?:this|it|that|the work)\b"
    r"|\b(?:owned|driven|led) by (?P<by>@?" + NAME + r")\b")

# Capitalised words that open a parenthesis without naming a person.
NOT_NAMES = {
    "Done", "Completed", "Complete", "Optional", "If", "See", "Note", "Maybe", "Ongoing",
    "Planned", "Blocked", "Open", "Closed", "Priority", "High", "Low", "Medium", "Critical",
    "Started", "Pending", "Needs", "Also", "Was", "Not", "Partially", "Already", "The", "This",
    "That", "For", "To", "In", "On", "At", "By", "With", "And", "Or", "But", "Only", "Some",
    "All", "Any", "Each", "Every", "No", "Yes", "Due", "Owner", "Status", "Issue", "Ticket",
    "Bug", "Fixed", "Resolved", "Merged", "Shipped", "Deployed", "Implemented", "Proposed",
    "Approved", "Long", "Short", "Later", "Soon", "Now", "Today", "Tomorrow", "Next",
    "Previously", "Again", "Until", "Including", "Excluding", "Ideally", "Possibly", "Probably",
    "Required", "Recommended", "Nice", "Stretch", "Tbd", "Todo", "Wip", "Postponed", "Deferred",
    "Follow", "Followup", "Related", "Internal", "External", "Public", "Private", "Staging",
    "Production", "Prod", "Dev", "Test", "Testing", "Manual", "Automated", "Unassigned", "Nobody",
    "Unowned", "None", "Anyone", "Team", "It", "We", "They", "Finally", "Then", "Once",
    # verbs that take "to" ("Had to use Slack search ...", "Wanted to ..."): no one's name
    "Had", "Has", "Have", "Need", "Needed", "Want", "Wanted", "Used", "Tried", "Going", "Got",
    "Ought", "Seems", "Seemed", "Decided", "Able", "Unable", "Failed", "Forgot",
    "Managed", "Chose", "Hoped", "Plan", "Intend", "Intended", "Remember",
} | {m.capitalize() for m in dates.MONTHS} | {
    d.capitalize() for d in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                             "sunday"]}


# What authors write where the owner is not known yet: never an owner.
OWNER_PLACEHOLDER = lazy(r"(?i)\W*(?:tbd|tba|tbc|n/?a|none|nobody|unassigned|unowned|no one"
                               r"|\?+|-+|—|todo|\(?owner\)?|someone|anyone|x+)\W*")
# A proper name or a team: "Hypha", "ICL", "Dana", "Payments team", "Sam K", "GitHub".
_PARTY = (r"(?:[A-ZÀ-ÖØ-Þ][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){0,2}(?:\s+(?:team|squad|crew"
          r"|group|folks|on-?call))?)")
_PARTIES = _PARTY + r"(?:\s*(?:\+|&|,|\band\b|/)\s*" + _PARTY + r")*"
# "ICL to build 22.0.3", "GitHub are also working on ...", "Payments team to add ...": the
# subject of the sentence is the owner (the title keeps the sentence whole).
SUBJECT_OWNER = lazy(r"^(?P<who>" + _PARTIES + r")\s+(?:to(?!\s+be\b)|is going to"
                           r"|are going to|(?:is|are)\s+(?:(?:also|currently|now|still)\s+)*"
                           r"(?:working on|investigating|looking into)|has agreed to"
                           r"|have agreed to|needs? to|owns)\s+(?=[a-z])")
# "Dana will ...", "Dana Lee will ...", "K Sweeney will ...", "Sam K. will ...", "SRE will
# ...", "The payments team will ...": "will" follows things as often as people ("Deploys will
# pause"), so only a name (not a plural; an initial may stand for a first or last name), an
# acronym or a team counts.
WILL_OWNER = lazy(r"^(?:[Tt]he\s+)?(?P<who>(?:[A-Z]\.?\s+)?[A-Z][a-z]+(?<!s)"
                        r"(?:\s+[A-Z][a-z]+|\s+[A-Z]\.?(?=\s))?|[A-Z]{2,6}"
                        r"|[\w&-]+(?:\s+[\w&-]+)?\s+(?:team|squad|crew|group|on-?call))"
                        r"\s+will(?!\s+be\b)\s+(?=[a-z])")
# "Devops is monitoring the thread that announces ...": a party at work on the task now.
# ("is": a name in "-s" is one party, "Devops is"; "Alerts are firing" names none)
PROGRESSIVE_OWNER = lazy(r"^(?:[Tt]he\s+)?(?P<who>(?:[A-Z]\.?\s+)?[A-Z][a-z]+"
                         r"(?:\s+[A-Z][a-z]+)?|[A-Z]{2,6}"
                         r"|[\w&-]+(?:\s+[\w&-]+)?\s+(?:team|squad|crew|group|on-?call))"
                         r"\s+is\s+(?:now\s+|also\s+|already\s+)?(?!being\b|going\b)"
                         r"[a-z]{3,}ing\b")
# The subject of a sentence, before its verb: "Alex added ...".
DOER = lazy(r"^(?P<who>" + _PARTIES + r")\s+(?=[a-z])")
# "Fix the gap: Sam K to file a ticket": a clause after a colon that names who does it.
CLAUSE_OWNER = lazy(r":\s+(?P<who>" + _PARTY + r")\s+(?:to|will)\s+[a-z]")
# "[ICL] Removed ...", "Add retries [Payments]": a bracketed party before or after the text.
BRACKET_LEAD = lazy(r"^\[(?P<who>" + _PARTIES + r")\]\s*[:\-–—]?\s+(?=\S)")
BRACKET_TRAIL = lazy(r"\s+\[(?P<who>" + _PARTIES + r")\]\s*$")
# "Add a healthcheck [CF to write story]": the party and what it will do about the item.
_BRACKET_TRAIL_TASK = lazy(r"\s+\[(?P<who>" + _PARTIES + r")\s+(?:to|will)\s+[a-z][^\]]{0,40}"
                           r"\]\s*$")
# "Define acceptance tests : Chris F create story", "Pin modules : Existing story in backlog":
# a note set off by a spaced colon after the task, naming who takes it, or where it stands.
_SPACED_COLON_NOTE = lazy(r"(?<=\S)\s+:\s+(?P<note>[^:\s][^:]{0,50})$")
_NOTE_PARTY = lazy(r"^(?P<who>" + _PARTY + r")(?:\s+(?:to\s+)?(?:create|write|raise|file|open"
                   r"|add|make|own|take|do|draft|lead)s?\b.*)?$")
# "(tc team) add ...", "(aki) bring ...": a parenthesis of names before a lower-case task.
PAREN_LEAD = lazy(r"^\((?P<who>[\w@][\w@.' -]{0,30}(?:,\s*[\w@][\w@.' -]{0,30}){0,4})\)"
                        r"\s+(?=[a-z])")
# "(SRE) Write a runbook", "(DBA/SRE) Tune the pool": a team's short name in capitals.
_PAREN_TEAM_LEAD = lazy(r"^\((?P<who>[A-Z][A-Z0-9]{1,5}(?:\s*[/&+]\s*[A-Z][A-Z0-9]{1,5}){0,2}"
                        r"(?: [Tt]eam)?)\)\s+(?=[A-Z][a-z])")
# "Hypha: Make proposal ...", "Hypha + ICL: Investigate ...": a party before a colon.
COLON_LEAD = lazy(r"^(?P<who>" + _PARTIES + r")\s*:\s+(?=\S)")
_JOINED = lazy(r"\s(?:\+|&|and)\s|,|/")
# Capitalised words that name no party even before a colon: labels, horizons, components.
_NOT_PARTY = lazy(r"(?i)^(?:long|short|medium|mid|near|longer)[ -]term|^(?:note|update|fix"
                        r"|bug|status|action|task|todo|done|next|phase|step|part|goal|why|what"
                        r"|how|where|when|issue|problem|root cause|cause|impact|summary|idea"
                        r"|question|answer|follow[ -]?up|result|outcome|option|warning|info"
                        r"|background|context|details?|owner|due|eta|priority|type|kind|link"
                        r"|ticket|pr|jira|example|e\.g|i\.e|ps|nb)\b")


# "Chris - explore enabling ...", "Chris C - write an issue ...": a person's given name (an
# initial or a surname after it) before a spaced dash, as notes taken in a review meeting
# write who takes each task.
PERSON_DASH_LEAD = lazy(r"^(?P<who>[A-Z][a-zà-ÿ]{2,14}(?:\s+(?:[A-Z]\.?|[A-Z][a-zà-ÿ]{1,20}))?)"
                         r"\s+[-—–]\s+(?=\S)")


def is_party(who: str) -> bool:
    """A bracket or subject that names a person or team, not a status, label or marker."""
    first = who.split()[0].rstrip(",:") if who.split() else ""
    if not first or _NOT_PARTY.match(who) or OWNER_PLACEHOLDER.fullmatch(who) \
            or opens_with_imperative(first, romance=not (first[:1].isupper()
                                                         and first.endswith("er"))) \
            or _verb_form(first):
        return False  # "Move to the new cluster": a verb, not someone
    words = [w for w in re.split(r"\s*(?:\+|&|,|\band\b|/)\s*|\s+", who) if w]
    if len(words) == 1 and not words[0].isupper() and _THING.search(words[0]):
        return False  # "Migration to complete by Q3", "Alerting to cover ...": a thing
    return all(w not in NOT_NAMES and w.upper() not in STATUS_CAPS for w in words)


def _verb_form(word: str) -> bool:
    """A verb's -ing or past form ("Improving Fastly-tools to ...", "Switched to pnpm 10"),
    which opens a task or a deed, never a name: its stem is a verb in its base form."""
    lower = word.lower()
    for ending in ("ing", "ed"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            stem = lower[: -len(ending)]
            stems = {stem, stem + "e"}  # "switch-ed", "improv-ing"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.add(stem[:-1])  # "stopp-ed"
            if stem.endswith("i"):
                stems.add(stem[:-1] + "y")  # "appli-ed"
            if any(opens_with_imperative(s) for s in stems):
                return True
    return False


# Endings of nouns that name things or activities, not people or teams.
_THING = lazy(r"(?i)(?:ing|tion|sion|ment|ness|ity|ance|ence|ure|ism)$")


# Bracketed tags that mark a status, a priority or the kind of work, not who does it.
STATUS_CAPS = {"DONE", "TODO", "WIP", "FIXED", "OPEN", "CLOSED", "BLOCKED", "P0", "P1", "P2",
               "P3", "P4", "NEW", "IN PROGRESS", "X", "BUG", "FEATURE", "CHORE", "DOCS", "TEST",
               "FIX", "HOTFIX", "EPIC", "STORY", "TASK", "SPIKE", "OPTIONAL", "STRETCH"}


def joined_parties(who: str) -> bool:
    return bool(_JOINED.search(who))


def known_owner_lead(title: str, known: dict[str, list[str]]) -> str | None:
    """The known owner whose name opens the title before a lower-case word ("ICL check how
    ..." when "ICL" owns another item of the document). `known` maps each owner's first word
    to the owners it starts (see `index_owners`), so each title costs one look-up."""
    for who in known.get(title.split(" ", 1)[0], []):
        if title.startswith(who + " ") and title[len(who) + 1: len(who) + 2].islower():
            return who
    return None


def index_owners(owners: set[str]) -> dict[str, list[str]]:
    """Owners by their first word, the longest name first."""
    index: dict[str, list[str]] = {}
    for who in sorted(owners, key=len, reverse=True):
        index.setdefault(who.split(" ", 1)[0], []).append(who)
    return index


def owner_value(m: re.Match[str]) -> str:
    """The owner a label match names, without the full stop that ends the label's value
    ("Owner: Tom Becker. Due ..." is "Tom Becker")."""
    # (not after an initial: "J. Doe", "Maria K. Lund")
    who = re.split(r"(?<!\b[A-Z])\.\s", m["who"], maxsplit=1)[0]
    return who.strip().rstrip(".,;:").strip()


def owner_in(text: str) -> str | None:
    """The owner an annotation such as "owner: @dana" or "@dana" names."""
    m = OWNER_LABEL.search(text)
    if m:
        return owner_value(m)
    m = HANDLE.search(text)
    if m:
        return "@" + m["h"]
    m = OWNER_WORD.fullmatch(text)
    return m["who"].strip() if m else None


def strip_trailing_people(text: str) -> tuple[str, str | None]:
    """The text without a trailing owner annotation, and the owner it names: `@handle`,
    `@First Last`, "— Name", "(Name)"; "— Unassigned" is removed and names nobody."""
    owner = None
    if "@" in text:
        if (m := search_tail(TRAILING_MENTION, text)) is not None and m.start() > 0:
            return without_owner_words(text[: m.start()]), m["name"]
        if (m := search_tail(TRAILING_HANDLES, text)) is not None and m.start() > 0:
            return without_owner_words(text[: m.start()]), handles_owner(m["all"])
    if text.endswith(")") and (m := search_tail(TRAILING_NAME_PAREN, text)) is not None \
            and m.start() > 0:
        names = re.split(r"\s*[/,&]\s*", m["name"])
        if not any(name.split()[0].split("-")[0] in NOT_NAMES for name in names):
            return text[: m.start()], ", ".join(names)
    if not any(dash in text for dash in "-–—"):
        return text, owner
    if (m := search_tail(_TRAILING_DASH_OWNER, text)) is not None and m.start() > 0 \
            and m["who"] not in NOT_NAMES:
        owner = m["who"]
        text = text[: m.start()]
    if (m := search_tail(_NO_OWNER, text)) is not None and m.start() > 0:
        text = text[: m.start()]
    return text, owner


# ", assigned to" / "- owner:" / "owned by" left before the handle they introduced
# ("Notify the service owners @platform": a noun of the task, unless set off by a comma)
_OWNER_WORDS_TAIL = lazy(r"(?i)(?:\s*[,;:\-–—(]\s*(?:owners?|assignees?|dri|responsible)"
                         r"|(?:\s*[,;:\-–—(]\s*|\s+)(?:assigned to|owned by))\s*:?\s*$")


def without_owner_words(text: str) -> str:
    if (m := search_tail(_OWNER_WORDS_TAIL, text)) is not None and m.start() > 0:
        return text[: m.start()]
    return text


def handles_owner(text: str) -> str:
    """ "@alice @bob" / "`@kim`" -> "@alice, @bob" / "@kim"."""
    return ", ".join(re.findall(r"@[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?(?:/[\w.-]+)?", text))


# "[jhford] Try ...", "[garndt?] more clarity on ...": a nickname in brackets before the task
# (the "?" of a guess is not part of it).
_NICK_LEAD = lazy(r"^\[(?P<who>[a-z][a-z0-9_.-]{2,23})\??\]\s*[:\-–—]?\s+(?=\S)")
# Lower-case tags that sort tasks, never a person: "[docs] Update the runbook".
TAGS = {
    "docs", "doc", "infra", "ci", "cd", "test", "tests", "testing", "bug", "bugs", "fix", "feat",
    "feature", "chore", "ops", "security", "sec", "perf", "ui", "ux", "api", "backend",
    "frontend", "db", "database", "monitoring", "alerting", "alerts", "process", "meta",
    "optional", "stretch", "done", "todo", "wip", "followup", "follow-up", "idea", "question",
    "short-term", "long-term", "mid-term", "now", "next", "later", "high", "low", "medium",
    "urgent", "critical", "major", "minor", "prod", "staging", "dev", "network", "networking",
    "deploy", "deployment", "release", "build", "tooling", "runbook", "observability", "logging",
    "metrics", "oncall", "on-call", "team", "tbd", "n/a", "none", "new", "open", "closed",
    "blocked", "pending", "draft", "note", "info", "update", "mitigation", "prevention",
    "corrective", "preventive", "detection", "repair", "other", "p0", "p1", "p2", "p3", "p4"}


def _nick_lead(text: str) -> re.Match[str] | None:
    m = _NICK_LEAD.match(text)
    if m is None or m["who"] in TAGS or opens_with_imperative(m["who"]) \
            or m["who"].capitalize() in NOT_NAMES or _verb_form(m["who"]):
        return None
    return m


def lead_owner(text: str) -> tuple[str, str | None]:
    """A party in brackets or parentheses before the task, or in brackets after it:
    "[ICL] Removed ...", "(tc team) add ...", "Add retries [Payments]" -> the text without it,
    and the party."""
    for pattern in (BRACKET_LEAD, PAREN_LEAD):
        m = pattern.match(text)
        if m is not None and (is_party(m["who"]) or pattern is PAREN_LEAD
                              and m["who"][:1].islower()):
            return text[m.end():], m["who"].strip()
    if text.startswith("[") and (m := _nick_lead(text)) is not None:
        return text[m.end():], m["who"]
    if text.startswith("(") and (m := _PAREN_TEAM_LEAD.match(text)) is not None \
            and m["who"].casefold() not in TAGS and not _NOT_PARTY.match(m["who"]) \
            and not OWNER_PLACEHOLDER.fullmatch(m["who"]) \
            and not re.fullmatch(r"(?i)p[0-4]|sev\d|wip|fyi|eta|new|opt|tbd|tba|tbc|asap",
                                 m["who"]) \
            and opens_with_imperative(text[m.end():]):
        return text[m.end():], m["who"]  # "(SRE) Write a runbook ...": the team in capitals
    m = search_tail(BRACKET_TRAIL, text)
    if m is not None and m.start() > 0 and is_party(m["who"]):
        return text[: m.start()], m["who"].strip()
    return text, None


def trailing_note_owner(text: str) -> tuple[str, str | None]:
    """A party in brackets at the end, perhaps with what it will do ("... [IBG]", "...
    [CF to write story]"), or a note after a spaced colon ("... : Shared", "... : Chris F
    create story", "... : Existing story in backlog") -> the text without it, and the party
    it names (None for a note that names none)."""
    if text.endswith("]"):
        for pattern in (BRACKET_TRAIL, _BRACKET_TRAIL_TASK):
            m = search_tail(pattern, text)
            if m is not None and m.start() > 0 and is_party(m["who"]):
                return text[: m.start()], m["who"].strip()
    if " : " in text and (m := _SPACED_COLON_NOTE.search(text)) is not None \
            and len(text[: m.start()].split()) >= 2 and len(m["note"].split()) <= 6:
        party = _NOTE_PARTY.match(m["note"].strip())
        who = party["who"].strip() if party is not None and is_party(party["who"]) else None
        return text[: m.start()], who
    return text, None


def subject_owner(title: str, text: str, *, done: bool) -> str | None:
    """The owner a sentence names as the one who acts: "ICL to build 22.0.3", "Dana will
    ...", "... : Sam K to file a ticket", and for a finished task its doer ("Alex added the
    sites to monitoring"). The title keeps the sentence whole."""
    m = SUBJECT_OWNER.match(title) or WILL_OWNER.match(title) or CLAUSE_OWNER.search(text) \
        or PROGRESSIVE_OWNER.match(title)
    if m is None and done:
        m = DOER.match(title)
        m = m if m is not None and past_tense_lead(title[m.end("who"):]) else None
    return m["who"].strip() if m is not None and is_party(m["who"]) else None


def owner_in_prose(text: str) -> str | None:
    """The owner a sentence names ("Irina owns this and expects to finish it by June")."""
    m = _PROSE_OWNER.search(text)
    if m is None:
        return None
    name = m["name"] or m["by"]
    return name if name.split()[0].lstrip("@") not in NOT_NAMES else None


# "As a next step, @olistic is going to produce two documents:", "Going forward, the SRE team
# will:": a lead-in whose subject commits to the list after it owns its entries.
_LEAD_OPENER = lazy(r"(?i)^\W*(?:as (?:a|the) (?:next|first|follow[- ]?up) steps?|next"
                    r"|going forward|moving forward|from now on|in (?:the )?(?:coming|next)"
                    r" \w+)\s*,\s*")
_HANDLES_LEAD = lazy(r"^(?P<who>@[\w.-]+(?:\s*(?:\+|&|,|\band\b)\s*@[\w.-]+)*)\s+(?:will"
                     r"|is going to|are going to|to|has agreed to|have agreed to|plans? to)\s+")


def lead_in_owner(lead: str) -> str | None:
    """The owner the last sentence of a list's lead-in names as its subject, if any."""
    text = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", lead.strip())  # "[@olistic][]"
    last = re.split(r"(?<=[.!?])\s+", text)[-1]
    last = _LEAD_OPENER.sub("", last, count=1)
    if (m := _HANDLES_LEAD.match(last)) is not None:
        return m["who"]
    m = SUBJECT_OWNER.match(last) or WILL_OWNER.match(last)
    return m["who"].strip() if m is not None and is_party(m["who"]) else None



def states_owner(text: str) -> bool:
    """The entry's text names who does it, in any of the ways an item states its owner: a
    label ("owner: kim"), a handle, a trailing "(Name)" or "— Name", a party in brackets or
    before a dash."""
    if OWNER_LABEL.search(text) or HANDLE.search(text):
        return True
    if lead_owner(text)[1] is not None or strip_trailing_people(text)[1] is not None:
        return True
    return person_dash_lead(text) is not None


# "**Robert** Turn on 2FA ...", "**Natalie** to cc ...": a name in bold, then the task.
BOLD_PERSON_LEAD = lazy(r"^\s*(\*\*|__)(?P<who>[A-Z][a-zà-ÿ]{2,14}(?:\s+[A-Z][a-zà-ÿ]{1,20})?)"
                        r"\1\s+(?=[A-Za-z])")


def person_dash_lead(text: str, *, bold: bool = False) -> re.Match[str] | None:
    """ "Chris - explore ...": a person's name before a spaced dash (with `bold`, also a name
    in bold before the task: "**Robert** Turn on ..."); a tag or a word that is no party
    ("Database - add ...", "Monitoring - ...") is none."""
    m = PERSON_DASH_LEAD.match(text) or (BOLD_PERSON_LEAD.match(text) if bold else None)
    if m is None or m["who"].split()[0].casefold() in TAGS or not is_party(m["who"]):
        return None
    return m
