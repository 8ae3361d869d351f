"""Who owns an item, as authors write it.

A label (`Owner: X`, `Assignee: @team/sre`, `Verantwortlich: X`, `Responsable: X`), a chat
handle (`@kim`, `@maria.g`, `@team/sre`), a mention of a full name (`@Sofia Lindgren`, as Notion
exports it), a trailing `(Name)` or `— Name`, and in prose, "Irina owns this". "— Unassigned"
says there is no owner.
"""

from __future__ import annotations

import re

from . import dates
from .text import search_tail

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
OWNER_LABEL = re.compile(r"(?i)\b(?:" + _LABEL_WORDS + r")\s*[:=]\s*(?P<who>@?[\w.\-]+"
                         r"(?:/[\w.\-]+)?(?:(?:[ ](?!" + _NOT_OWNER_WORD + r")[\w.\-]+){1,3}"
                         + _VALUE_END + r"|[ ](?!" + _NOT_OWNER_WORD + r")(?-i:[A-Z])[\w.\-]*)?)")
# An annotation that is only an owner: "(owner Kim)", "(who: @kim)".
OWNER_WORD = re.compile(r"(?i)(?:owners?|assignees?|assigned to|who)\s*[:=]?\s*(?P<who>\S.*)")
# Chat handles may hold dots ("@maria.g") and name a team ("@team/sre"); a full stop after
# one is not part of it.
HANDLE = re.compile(r"(?<![\w/`.])@(?P<h>[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?(?:/[\w.-]+)?)")
# A personal name: capitalised words, letters of any alphabet ("Tomás", "Ines Duarte").
NAME = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[ -][A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)?"
TRAILING_NAME_PAREN = re.compile(r"\s*\((?P<name>" + NAME + r")"
                                 r"(?P<rest>\s+[a-z][\w' -]*)?\)\s*$")
_TRAILING_DASH_OWNER = re.compile(r"\s+[—–-]{1,2}\s*(?P<who>@[\w.-]*\w|" + NAME + r")\s*$")
_TRAILING_HANDLE = re.compile(r"\s+@(?P<h>[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9])?(?:/[\w.-]+)?)\s*$")
# "@Sofia Lindgren": a mention of a person by full name (Notion, Confluence exports).
TRAILING_MENTION = re.compile(r"\s+@(?P<name>[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+ [A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+)"
                               r"\s*$")
_NO_OWNER = re.compile(r"(?i)\s+[—–-]{1,2}\s*(?:owner\s*:\s*)?(?:unassigned|unowned|no owner"
                       r"|nobody|tbd)\s*$")
# Prose that names the owner in a sentence after the task: "Irina owns this", "Owned by Kim".
_PROSE_OWNER = re.compile(
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
} | {m.capitalize() for m in dates.MONTHS} | {
    d.capitalize() for d in ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                             "sunday"]}


def owner_in(text: str) -> str | None:
    """The owner an annotation such as "owner: @dana" or "@dana" names."""
    m = OWNER_LABEL.search(text)
    if m:
        return m["who"].strip()
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
            return text[: m.start()], m["name"]
        if (m := search_tail(_TRAILING_HANDLE, text)) is not None and m.start() > 0:
            return text[: m.start()], "@" + m["h"]
    if text.endswith(")") and (m := search_tail(TRAILING_NAME_PAREN, text)) is not None \
            and m["name"].split()[0].split("-")[0] not in NOT_NAMES and m.start() > 0:
        return text[: m.start()], m["name"]
    if not any(dash in text for dash in "-–—"):
        return text, owner
    if (m := search_tail(_TRAILING_DASH_OWNER, text)) is not None and m.start() > 0 \
            and m["who"] not in NOT_NAMES:
        owner = m["who"]
        text = text[: m.start()]
    if (m := search_tail(_NO_OWNER, text)) is not None and m.start() > 0:
        text = text[: m.start()]
    return text, owner


def owner_in_prose(text: str) -> str | None:
    """The owner a sentence names ("Irina owns this and expects to finish it by June")."""
    m = _PROSE_OWNER.search(text)
    if m is None:
        return None
    name = m["name"] or m["by"]
    return name if name.split()[0].lstrip("@") not in NOT_NAMES else None
