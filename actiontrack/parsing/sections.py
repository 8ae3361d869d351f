"""Headings and action sections.

A heading is whatever an author uses as one: ATX (`## Tasks`, `##Tasks:`, `#Tasks`), setext
(a line underlined with `===` or `---`), an HTML `<h2>`, a bold line (`**Action items:**`), a
bullet that is only a bold label with sub-items under it (`- **Review actions**:`), or a plain
line that is nothing but a section name (`Tasks:`). Levels: ATX/setext 1-6, bold line 7, plain
line 8; a section runs to the next heading of the same or a higher level (a lower number).

An action section is a heading whose name says it holds follow-up work (see `ACTION_NAME`,
extendable through `ParserSettings.action_sections`). Plain-line sections are the weakest
signal: they count only when no marked heading in the document names an action section, since
a document with a real `## Tasks` heading uses plain lines to introduce prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .links import GENERIC_LINK_TEXT, is_tracker_url
from .tables import is_table_start
from .text import LIST_MARKER, heading_key
from .text import strip_markdown as _strip_markdown

# Marked heading levels below ATX's 1-6.
BOLD_LEVEL = 7
PLAIN_LEVEL = 8
LABEL_LEVEL = 9  # a bullet label; its section is the bullet's sub-items

ACTION_NAME = re.compile(
    r"\b(?:action items?|actions?|action plan|tasks?|follow ?ups?|followups?|corrective"
    r"|prevent(?:ive|ative|ion)|remediations?|remedial|next steps|to ?dos?|future work"
    r"|improvements?|what we (?:re|are|will|ll) (?:be )?(?:doing|changing|fixing|improving)"
    r"|what we (?:will|ll) (?:do|change|fix|improve)|what s next|moving forward|going forward"
    r"|work items|changes we (?:re |are |will |ll )?mak(?:e|ing)"
    r"|how we (?:will|ll|re going to|are going to|plan to) (?:prevent|avoid|fix)"
    r"|ais|action points|actionables|repair items?|preventing"
    r"|what (?:are|will) we (?:be )?(?:doing|changing|fixing|improving|do|change|fix)"
    # German, Spanish, French, Portuguese, Italian, Dutch
    r"|(?:folge|gegen|korrektur|verbesserungs)?massnahmen|aufgaben|nächste schritte"
    r"|offene punkte|acciones|tareas|próximos pasos|seguimiento|medidas(?: correctivas)?"
    r"|mesures|prochaines étapes|tâches|ações|tarefas|próximos passos|azioni"
    r"|prossimi passi|(?:vervolg|verbeter)?acties|actiepunten)\b")
# Names that are never action sections even when they contain an action word, e.g.
# "Actions taken during the incident".
NOT_ACTION_NAME = re.compile(
    r"\b(?:lessons?|learn(?:ed|t|ings)|timeline|what went|lucky|root causes?|during the"
    r"|during incident|supporting|appendix|glossary|key events|chronology"
    r"|lecciones|aprendid\w*|erkenntnisse|gelernt\w*|durante|während|pendant|cronolog\w*"
    r"|zeitverlauf|chronologie)\b")
# Known section names that close an action section even when written at a deeper level
# (a plain "Lessons learned:" line after the task list).
CLOSING_NAME = re.compile(
    r"^(?:lessons? learn\w*|timeline|what went (?:well|wrong|right)|where we got lucky"
    r"|supporting information|appendix|glossary|references|root causes?|contributing factors"
    r"|stats|statistics|thanks|acknowledge?ments|(?:open |unanswered )?questions|discussion"
    r"|out of scope|non goals|lecciones|erkenntnisse|lektionen|leçons|lições|cronolog\w*"
    r"|zeitverlauf|anhang|anexo|annexe|preguntas abiertas|offene fragen)\b")
# Common section names that may be written as a plain line ("Root Cause and Resolution:").
OTHER_NAME = re.compile(
    r"^(?:timeline|lessons? learn\w*|root causes?|impact|summary|issue summary|incident summary"
    r"|resolution|detection|trigger|background|what went (?:well|wrong|right)"
    r"|where we got lucky|supporting information|appendix|contributing factors|references"
    r"|glossary|participants|authors?|status|stats|duration|escalation|incident escalation"
    r"|recovery|causes?|leadup|overview|investigation|conclusion|takeaways|thanks"
    r"|acknowledge?ments|response|mitigation|misleading)\b")

# A sibling heading that only names a time horizon ("### Longer term" after "### Immediate
# actions" under "## Response") continues the action section before it as another group.
HORIZON_NAME = re.compile(r"^(?:(?:short|medium|mid|long|longer)(?: term)?(?: (?:actions?|work"
                          r"|fixes|items|improvements))?|later|future|in the future)$")

# `#.` followed by a space is a reStructuredText auto-numbered item, not a heading.
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?)|(?!\.\s)([^\s#\d].*?))?[ \t]*(?:[ \t]#+)?[ \t]*$")
_HTML = re.compile(r"^\s*<h([1-6])[^>]*>(.*?)</h\1>\s*$", re.I)
# AsciiDoc: `= Title`, `== Section` (a line of `=` alone is a setext underline instead).
_ASCIIDOC = re.compile(r"^(={1,6})[ \t]+(\S.*?)[ \t]*$")
# The visible line of a collapsed block (`<details><summary>Action items</summary>`), which
# Notion and GitHub use as a heading for what it hides.
_SUMMARY = re.compile(r"^\s*(?:<details[^>]*>\s*)?<summary[^>]*>(.*?)</summary>\s*$", re.I)
_SETEXT = re.compile(r"^ {0,3}(=+|-+|~+|\^+)[ \t]*$")
_SETEXT_LEVEL = {"=": 1, "-": 2, "~": 3, "^": 4}
_BOLD_LINE = re.compile(r"^ {0,3}(\*\*|__)(?P<t>[^*_\s].*?)(?::\s*)?\1\s*:?\s*$")
_LABEL_ITEM = re.compile(r"^(?P<indent>\s*)(?:[-*+•]|\d{1,3}[.)])\s+(?:\*\*|__)?(?P<t>[^*_:]+?)"
                         r"(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$")


@dataclass(frozen=True)
class Heading:
    index: int  # 0-based line index
    level: int
    text: str  # as written, markdown stripped
    key: str  # normalised for matching
    marked: bool  # a heading by its markup, not only by its words
    span: int = 1  # lines the heading takes (2 for setext)
    indent: int = -1  # for a bullet label: the bullet's indent
    raw: str = ""  # the heading text with its Markdown (links) kept


@dataclass
class Section:
    heading: Heading
    start: int  # first content line index
    end: int  # exclusive
    groups: list[Heading] = field(default_factory=list)

    @property
    def weak(self) -> bool:
        return not self.heading.marked


def strip_markdown(text: str) -> str:
    """Heading text: Markdown reduced to text, and a "(Follow along [here](issue))" link that
    only points at the tracking issue dropped (the link still applies to the group)."""
    def link(m: re.Match[str]) -> str:
        generic = GENERIC_LINK_TEXT.match(m["text"].strip()) and is_tracker_url(m["url"])
        return "" if generic else m.group(0)

    text = re.sub(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)", link, text)
    return _strip_markdown(re.sub(r"\(\s*\)", "", text))


def is_action_name(key: str, extra: tuple[str, ...] = ()) -> bool:
    if any(name and name in key for name in extra):
        return True
    return bool(ACTION_NAME.search(key)) and not NOT_ACTION_NAME.search(key)


# "Lessons learned / Action items", "Root cause & next steps": two names in one heading.
_NAME_JOINER = re.compile(r"\s*(?:/|&|\+)\s*|\s+(?:and|und|y|et|e)\s+", re.I)
# Work done during the incident, not follow-up work: "Timeline and actions taken".
_PAST_WORK = re.compile(r"\b(?:taken|performed|executed|during|so far)\b")


def is_action_heading(text: str, extra: tuple[str, ...] = ()) -> bool:
    """A heading that names an action section, alone or joined to another name."""
    if is_action_name(heading_key(text), extra):
        return True
    parts = [heading_key(part) for part in _NAME_JOINER.split(text)]
    return len(parts) > 1 and any(
        is_action_name(part, extra) and not _PAST_WORK.search(part) for part in parts)


def _short(text: str, words: int) -> bool:
    return 0 < len(text.split()) <= words


# A heading is short; longer lines are not tried (and cannot make the patterns slow).
MAX_HEADING_LINE = 300


def _heading_at(lines: list[str], i: int, extra: tuple[str, ...]) -> Heading | None:
    line = lines[i]
    if len(line) > MAX_HEADING_LINE or not line.strip():
        return None
    m = _ATX.match(line)
    if m and (m.group(2) or m.group(3)):
        raw = (m.group(2) or m.group(3)).strip()
        text = strip_markdown(raw)
        return Heading(i, len(m.group(1)), text, heading_key(text), True, raw=raw)
    m = _HTML.match(line)
    if m:
        text = strip_markdown(re.sub(r"<[^>]+>", "", m.group(2)))
        return Heading(i, int(m.group(1)), text, heading_key(text), True, raw=text)
    m = _ASCIIDOC.match(line)
    if m:
        text = strip_markdown(m.group(2))
        return Heading(i, len(m.group(1)), text, heading_key(text), True, raw=m.group(2))
    m = _SUMMARY.match(line)
    if m and _short(strip_markdown(m.group(1)), 10):
        text = strip_markdown(re.sub(r"<[^>]+>", "", m.group(1)))
        return Heading(i, BOLD_LEVEL, text, heading_key(text), True, raw=text)
    stripped = line.strip()
    if not stripped:
        return None
    if i + 1 < len(lines) and _SETEXT.match(lines[i + 1]) and not LIST_MARKER.match(line) \
            and (i == 0 or not lines[i - 1].strip() or _SETEXT.match(lines[i - 1])) \
            and not stripped.startswith("|") \
            and _short(stripped, 15):
        level = _SETEXT_LEVEL[lines[i + 1].strip()[0]]
        text = strip_markdown(stripped)
        return Heading(i, level, text, heading_key(text), True, span=2, raw=stripped)
    m = _BOLD_LINE.match(line)
    if m and _short(m["t"], 10) and not re.search(r"[.!?]\s", m["t"]):
        text = strip_markdown(m["t"])
        return Heading(i, BOLD_LEVEL, text, heading_key(text), True, raw=m["t"])
    m = _LABEL_ITEM.match(line)
    if m and _short(m["t"], 8) and is_action_name(heading_key(m["t"]), extra) \
            and _has_children(lines, i, len(m["indent"])):
        text = strip_markdown(m["t"])
        return Heading(i, LABEL_LEVEL, text, heading_key(text), "**" in line or "__" in line,
                       indent=len(m["indent"]), raw=m["t"])
    if LIST_MARKER.match(line) or line[:1].isspace() or not _short(stripped, 8) \
            or is_table_start(lines, i):
        return None  # a list item, an indented line, prose, or a table's header row
    if stripped[-1] not in ":" and not stripped[-1].isalnum() and stripped[-1] != ")":
        return None
    if re.match(r"(?:\*\*|__)?[^:]{1,40}:(?:\*\*|__)?\s+\S", stripped) \
            and is_action_name(heading_key(stripped.split(":", 1)[0])):
        return None  # "**Action:** Add an alert" is a labelled field, not a section name
    text = strip_markdown(stripped.rstrip(":").strip())
    key = heading_key(text)
    # A known section name, or any short "Label:" line: both start a new part of the text.
    if is_action_heading(text, extra) or OTHER_NAME.match(key) or (
            stripped.endswith(":") and _short(text, 5) and text[:1].isupper()):
        return Heading(i, PLAIN_LEVEL, text, key, False, raw=text)
    return None


def _has_children(lines: list[str], i: int, indent: int) -> bool:
    for line in lines[i + 1: i + 50]:
        if not line.strip():
            continue
        return len(line) - len(line.lstrip()) > indent
    return False


def find_headings(lines: list[str], extra: tuple[str, ...] = ()) -> list[Heading]:
    headings: list[Heading] = []
    i = 0
    while i < len(lines):
        heading = _heading_at(lines, i, extra)
        if heading is not None:
            headings.append(heading)
            i += heading.span
        else:
            i += 1
    return headings


def _label_end(lines: list[str], heading: Heading, limit: int) -> int:
    """Where the sub-items of a bullet label end: the first line indented no deeper."""
    end = heading.index + 1
    for j in range(heading.index + 1, limit):
        line = lines[j]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip()) <= heading.indent:
            return end
        end = j + 1
    return end


def _section_end(headings: list[Heading], n: int, limit: int) -> int:
    """Where the section of `headings[n]` ends: the next heading of the same or a higher
    level, except a sibling that only names a later time horizon."""
    level = headings[n].level
    for h in headings[n + 1:]:
        if h.level < level or (h.level == level and not HORIZON_NAME.match(h.key)):
            return h.index
    return limit


def find_action_sections(lines: list[str], headings: list[Heading],
                         extra: tuple[str, ...] = ()) -> list[Section]:
    """Every action section, with its sub-headings as groups. Sections never overlap."""
    sections: list[Section] = []
    current: Section | None = None
    for n, heading in enumerate(headings):
        if current is not None:
            if heading.index < current.end and (
                    heading.level > current.heading.level or HORIZON_NAME.match(heading.key)) \
                    and not CLOSING_NAME.match(heading.key):
                current.groups.append(heading)
                continue
            current.end = min(current.end, heading.index)
            current = None
        if heading.level != LABEL_LEVEL and not is_action_heading(heading.text, extra):
            continue
        if heading.level == LABEL_LEVEL:
            nxt = headings[n + 1].index if n + 1 < len(headings) else len(lines)
            end = _label_end(lines, heading, nxt)
        else:
            end = _section_end(headings, n, len(lines))
        current = Section(heading, heading.index + heading.span, end)
        sections.append(current)
    if any(s.heading.marked for s in sections):
        sections = [s for s in sections if s.heading.marked]
    return sections


def weak_sections(lines: list[str], headings: list[Heading],
                  extra: tuple[str, ...] = ()) -> list[Section]:
    """Plain-line action sections that `find_action_sections` set aside (their prose explains
    the tasks: it becomes each task's rationale)."""
    kept = find_action_sections(lines, headings, extra)
    if not any(s.heading.marked for s in kept):
        return []
    found = []
    for n, heading in enumerate(headings):
        if heading.marked or not is_action_heading(heading.text, extra):
            continue
        end = headings[n + 1].index if n + 1 < len(headings) else len(lines)
        found.append(Section(heading, heading.index + 1, end))
    return found
