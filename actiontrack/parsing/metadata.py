"""Incident metadata: id, title, incident date, severity, impact and root cause.

Incident date, most explicit first: a front-matter `incident_date`; a labelled date ("Incident
date:", "Started:"); a `Date:` line, Date table row or "Date" section, unless every event the
text dates is earlier (then the field dates the write-up, and the first event is the
incident); a date in the document's title; a date in the file name that the text mentions;
the first full date of the text if the front-matter `date` (usually the day the post was
published) is at most two weeks after it, else that front-matter date; the file name. Spans
of days count from their first day; numeric dates are read in the order the document's
unambiguous ones show.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence, Set
from pathlib import Path

from . import dates
from .frontmatter import FrontMatter
from .headings import Heading
from .lazyre import lazy
from .names import OTHER_NAME, is_action_name
from .text import heading_key, strip_markdown

_SUFFIXES = (".erb", ".md", ".markdown", ".mdx", ".txt", ".rst", ".html", ".htm")
_GENERIC_TITLE_WORDS = {
    "example", "issue", "incident", "summary", "postmortem", "post", "mortem", "report",
    "overview", "retrospective", "template", "the", "a", "an", "of", "analysis", "review", "rca",
    "draft", "public", "internal", "blameless"}
_DATE_LABEL = lazy(
    r"(?i)^\W*(?:incident\s+)?(?:date(?:\s+of\s+(?:the\s+)?incident)?|incident\s+date|when|day"
    r"|start(?:ed)?|began|occurred(?:\s+on)?|incident\s+start)(?:\s*\((?:utc|gmt|[a-z]{2,4}t)\))?"
    r"\W*\s*[:|-]\s*(?P<rest>.+)$")
_LABEL = r"^\W*(?:{})\W*\s*[:|]\s*(?P<rest>\S.*)$"


# An id becomes a tracker label (`pm:<id>`) and part of every item id: a slug, nothing else.
_SLUG = lazy(r"[A-Za-z0-9][\w.-]{0,99}")
_FRONT_DATES = ("incident_date", "incident", "date_of_incident", "incident_start", "date")


def postmortem_id(source: str, front: FrontMatter) -> str:
    """Front matter `id:` (or `slug:`) when it is slug-like, else the file name without its
    extensions."""
    given = front.get("id", "slug")
    return given if given and _SLUG.fullmatch(given) else file_stem(source)


def front_matter_warnings(source: str, front: FrontMatter) -> list[str]:
    """One line per front-matter value that was set aside, saying what is used instead."""
    warnings = []
    if front.broken:
        keys = ", ".join(front.broken)
        warnings.append(f"{source}: front matter is not valid YAML at {keys}; "
                        "those values are ignored (close the quote or bracket)")
    given = front.get("id", "slug")
    if given and not _SLUG.fullmatch(given):
        warnings.append(f"{source}: front matter id {given!r} is not a slug (letters, digits, "
                        f"'.', '_', '-'); using the file name {file_stem(source)!r}")
    for key in _FRONT_DATES:
        value = front.values.get(key)
        if value and dates.first_date(value) is None:
            warnings.append(f"{source}: front matter {key} {value!r} is not a valid date; "
                            "ignored, the date is taken from the text or the file name")
    return warnings


def file_stem(source: str) -> str:
    """`2023-01-05-incident.html.md.erb` -> `2023-01-05-incident`."""
    name = Path(source).name
    while True:
        lowered = name.lower()
        suffix = next((s for s in _SUFFIXES if lowered.endswith(s) and len(name) > len(s)), None)
        if suffix is None:
            return name
        name = name[: -len(suffix)]


def humanise_stem(stem: str) -> str:
    text = re.sub(r"^\d{4}[-_]?\d{2}[-_]?\d{2}[-_ ]*", "", stem)
    text = " ".join(re.split(r"[-_\s]+", text)).strip() or stem
    return text[:1].upper() + text[1:]


def _is_generic(text: str) -> bool:
    words = heading_key(text).split()
    return not words or all(w in _GENERIC_TITLE_WORDS for w in words)


def document_title(headings: list[Heading], front: FrontMatter, stem: str,
                   lines: Sequence[str] = ()) -> str:
    """Front-matter title, else a first line that stands alone before every heading (plain-text
    postmortems start so), else the first heading that names this incident, else the stem."""
    explicit = front.get("title")
    if explicit:
        return strip_markdown(explicit)
    first = _first_line_title(lines, headings[0].index if headings else len(lines))
    if first:
        return first
    for heading in headings:
        if heading.level > 2:
            continue
        text = heading.text.rstrip(":").strip()
        label = re.match(r"^([^:]{1,40}):\s+\S", text)
        if _is_generic(text):
            continue
        if label and heading.level == 1 and _is_generic(label[1]):
            return text  # "# Incident summary: expired client secret" names the incident
        if OTHER_NAME.match(heading.key) or is_action_name(heading.key) \
                or label and OTHER_NAME.match(heading_key(label[1])):
            continue  # "Duration of Outage: 10:00 AM ..." is a field, not the title
        return text
    return humanise_stem(stem)


def _first_line_title(lines: Sequence[str], before: int) -> str | None:
    """The document's first line, when it comes before every heading, stands alone (a blank
    line after it), and reads as a title: a few words, no sentence or label. A plain-text
    write-up that opens with `Label: value` lines titles itself with one ("Title: Outage of
    the build farm")."""
    labelled = _title_label(lines, before)
    if labelled:
        return labelled
    for n, line in enumerate(lines[:before]):
        if not line.strip():
            continue
        text = strip_markdown(line.strip())
        after = lines[n + 1].strip() if n + 1 < len(lines) else ""
        if after and _LABEL_LINE.match(strip_markdown(after)) and not _LABEL_LINE.match(text):
            after = ""  # "INCIDENT REPORT - Mail relay outage" over "Date of incident: ..."
        if after or not 2 <= len(text.split()) <= 12 or text.endswith((".", ":", "!", "?")) \
                or re.match(r"[^:]{1,30}:\s", text) or _is_generic(text) \
                or OTHER_NAME.match(heading_key(text)) or not text[:1].isalnum():
            return None
        return text
    return None


_LABEL_LINE = lazy(r"^\s*(?P<label>[A-Za-z][\w ]{0,24}?)\s*:\s+(?P<value>\S.*)$")
_TITLE_LABEL = lazy(r"(?i)^(?:title|subject|incident title|incident)$")


def _title_label(lines: Sequence[str], before: int) -> str | None:
    """The value of a "Title:" line among the `Label: value` lines a document opens with."""
    seen = 0
    for line in lines[:before]:
        if not line.strip():
            continue
        m = _LABEL_LINE.match(strip_markdown(line.strip()))
        if m is None or seen >= 8:
            return None
        seen += 1
        if _TITLE_LABEL.match(m["label"].strip()):
            value = m["value"].strip()
            return value if 2 <= len(value.split()) <= 20 else None
    return None


# Incident metadata sits at the top of a document; only this many lines are searched for it.
HEAD_LINES = 400
BODY_CHARS = 200_000


def _head(lines: list[str]) -> list[str]:
    return [line[:1000] for line in lines[:HEAD_LINES]]


def _labelled_date(lines: list[str], headings: list[Heading], day_first: bool | None,
                   around: dt.date | None = None) -> tuple[dt.date | None, bool, int]:
    """The date of a `Date:` line, a Date table row or a "Date" section, whether its label
    names the incident's start ("Incident date:", "Started:") rather than just "Date", and the
    line it stands on."""
    head = [strip_markdown(line.strip().strip("|").strip()) for line in _head(lines)]
    # "Duration: 10 days (June 20 - June 30, 2025)" states the start beside a "Date:".
    for pattern in (_WINDOW_LABEL, _DATE_LABEL):
        first = None
        for n, text in enumerate(head):
            if (m := pattern.match(text)) is not None and \
                    (found := next(dates.find_dates(m["rest"], day_first=day_first), None)):
                specific = pattern is _WINDOW_LABEL or bool(_SPECIFIC_LABEL.match(text)) \
                    or bool(_TIMED.search(m["rest"][found[1]:]))
                if specific:
                    # "Date: 2026-02-06" over "Start: 2026-02-05T06:07Z": the start is the
                    # incident's, the plain date the write-up's or the day it ended
                    if first is None or found[2] <= first[0]:
                        return found[2], specific, n
                    return first
                first = first or (found[2], specific, n)
        if first is not None and not first[1]:
            # "Date: February 27, 2026" beside "Duration: ~6 days (Feb 21 merge -> Feb 27
            # fix)": the window's first day, read in the year of the date, starts it
            for text in head:
                m = _WINDOW_LABEL.match(text)
                if m is None:
                    continue
                start = next(dates.find_dates(m["rest"], first[0], need_year=False,
                                              day_first=day_first), None)
                day = start[2] if start is not None else None
                if day is not None and day > first[0]:  # (read as the next such day)
                    day = dates.safe_date(day.year - 1, day.month, day.day)
                if day is not None and first[0] - dt.timedelta(days=60) <= day <= first[0]:
                    return day, True, first[2]
        if first is not None:
            if not first[1] and any(_TIMES_ONLY_WINDOW.match(text) for text in head):
                # "| Date | 2026-04-11 |" over "| Duration | 14:27 UTC to 14:52 UTC |": the
                # window gives the times of that day, so the date is the incident's
                return first[0], True, first[2]
            return first
    for heading in headings:
        if heading.key in _WHEN_HEADINGS:
            window = heading.key in _WINDOW_HEADINGS
            for n in range(heading.end_line, min(heading.index + 6, len(lines))):
                found = next(dates.find_dates(lines[n], day_first=day_first), None)
                if found:
                    return found[2], window or heading.key == "incident date", n
                # PagerDuty's "## Impact time" over "Sep 6 at 05:25 to Sep 6 at 10:48": the
                # window without a year, in the year of the dates the text gives
                if window and around is not None and lines[n].strip() and (
                        found := next(dates.find_dates(
                            lines[n], around - dt.timedelta(days=180), need_year=False,
                            day_first=day_first), None)):
                    return found[2], True, n
    return None, False, -1


# Sections that date the incident: "## Date", "## Incident date", and the windows of an
# export ("## Impact time" of a PagerDuty postmortem), read in the text's year when they give
# none.
_WINDOW_HEADINGS = {"impact time", "impact window", "incident time", "time of incident",
                    "incident window", "outage window"}
_WHEN_HEADINGS = {"date", "dates", "incident date", "when"} | _WINDOW_HEADINGS


_WINDOW_LABEL = lazy(r"(?i)^\W*(?:duration|period|impact window|outage window|window)"
                           r"\W*\s*[:|-]\s*(?P<rest>.+)$")
# "Duration: ~25 minutes (14:27 UTC to 14:52 UTC)": a window told in times of one day, no date
_TIMES_ONLY_WINDOW = lazy(r"(?i)^\W*(?:duration|period|impact window|outage window|window)\W*"
                          r"\s*[:|-]\s*(?!.*\d{4}-\d{2}|.*\b(?:19|20)\d\d\b)"
                          r".*\b\d{1,2}:\d{2}\b.*\b\d{1,2}:\d{2}\b")
_SPECIFIC_LABEL = lazy(r"(?i)^\W*(?:incident\s+date|date\s+of\s+(?:the\s+)?incident"
                             r"|incident\s+start|start(?:ed)?|began|occurred)")

# "Date: ~Fri 11 Nov 2016 (~1324) to Fri 11 Nov 2016 (~1452)": a span from one time to a
# later one times the incident, not the write-up (a time alone may be the meeting's: "Date:
# Mar 12, 2025, 18:00 UTC" above a call's notes).
_TIMED = lazy(r"(?i)^[^.;]{0,20}?\s(?:to|until|till|-|–)\s[^.;]{0,20}?\d{4}")


# Dates that say when the document was written or sent, or when a task is due, not when the
# incident happened: "_Published 2024-07-09._", "Sent: Tuesday, March 5, 2024", "Due: 2024-06-10".
_NOT_EVENT_LABEL = lazy(
    r"(?i)(?<![a-z])(?:published|posted|updated|modified|revised|written|sent|edited|reviewed"
    r"|drafted|created|held|due(?: date)?|deadline|eta|target(?: date)?|no later than"
    r"|report date|date of (?:the )?report)\b"
    r"(?:\s+(?:on|at|by))?\W{0,4}$")
# Dates that mark a later moment of the incident, when something earlier is known: "Detected:
# 2022-04-28" beside "failing since 2022-04-20".
_LATER_LABEL = lazy(r"(?i)(?<![a-z])(?:detected|discovered|noticed|reported|resolved"
                          r"|fixed|closed|mitigated|recovered|ended|end)\b\W{0,6}$")
# A byline: "_Shahul Hameed, Feb 09, 2021._", "By Dana Lee on 3 May 2023".
_BYLINE = lazy(r"^[\W_]*(?:[Bb]y\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}"
                     r"\s*(?:,|\bon\b)\s*$")


# "On 2021-03-05 the queue ...", "Between June 2 and ...": a sentence that opens by dating
# what it tells.
# "On August 16, ...", "**Summary** On Wednesday December 3rd ...": a sentence (or a bold
# field) that opens by dating what it tells.
_STATED = lazy(r"(?i)(?:^|[.!?]\s+|\n)\W*(?:<[a-z][^<>\n]{0,40}>\W*)*"
               r"(?:\*\*[^*\n]{1,30}\*\*:?\s*)?(?:on|between|from|since|starting"
               # "During the afternoon of May 6th we began ...", "In the early hours of ..."
               r"|(?:during|in|on) the (?:early |late )?(?:morning|afternoon|evening|night"
               r"|hours) of)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\W*$")


def _event_dates(text: str, day_first: bool | None
                 ) -> tuple[list[dt.date], list[dt.date], set[dt.date]]:
    """The full dates of the text that may date the incident, in reading order: not those
    labelled as the writing date, a due date or a byline; those labelled as a later moment
    (detected, resolved) come second, for when nothing else is dated. Also the dates that open
    a sentence ("On March 4, 2024, ...")."""
    first: list[dt.date] = []
    later: list[dt.date] = []
    stated: set[dt.date] = set()
    for start, _end, date in dates.find_dates(text, day_first=day_first):
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - 40): start]
        if _NOT_EVENT_LABEL.search(before) or _BYLINE.match(text[line_start:start]):
            continue
        (later if _LATER_LABEL.search(before) else first).append(date)
        if _STATED.search(text[max(0, start - 40): start]):
            stated.add(date)
    return first, later, stated


# A report dated after every event it describes was written later; its incident began at
# the first event, if that is this close before the report (and not just the evening before:
# "Date: 16/03 3am" after "On 15 Mar, around 9pm" dates the incident itself).
WRITE_UP_WINDOW = dt.timedelta(days=60)
# A post published within this time after the first date its text gives is about that day.
PUBLISHED_WINDOW = dt.timedelta(days=14)


def incident_date(lines: list[str], headings: list[Heading], front: FrontMatter,
                  title: str, stem: str, tasks: Sequence[tuple[int, int]] = ()) -> dt.date | None:
    """The incident date (see the module docstring for the order); `tasks` are the line
    ranges of the action sections, whose dates are due dates, not the incident's."""
    # A `Date:` below every action section signs the write-up off ("**Date:** 15 February
    # 2025" after the tasks); a field above them may date the incident.
    signed = max((end for _start, end in tasks), default=len(lines))
    lines = _without(lines, tasks)
    explicit = front.get("incident_date", "incident", "date_of_incident", "incident_start")
    if explicit and (found := dates.first_date(explicit)):
        return found
    day_first = dates.numeric_order("\n".join(lines)[:BODY_CHARS])
    around = next((d for _s, _e, d in dates.find_dates("\n".join(lines)[:BODY_CHARS],
                                                       day_first=day_first)), None) \
        if any(h.key in _WINDOW_HEADINGS for h in headings) else None
    labelled, specific, at = _labelled_date(lines[:signed], headings, day_first, around)
    if labelled is not None:
        lines = lines[:at] + [""] + lines[at + 1:]  # the other dates, to compare it with
    # The summary states the date near the top; a huge log pasted below is not searched whole.
    events, later, stated = _event_dates("\n".join(_head(lines)), day_first)
    if not events and not later:
        events, later, stated = _event_dates("\n".join(lines)[:BODY_CHARS], day_first)
    head = "\n".join(_head(lines))
    if labelled is not None:
        if specific:
            return labelled
        stated |= _yearless_stated(head, labelled, day_first)
        return _unless_written_later(labelled, events + later, stated)
    found = None if _AS_OF.search(title) else dates.first_date(title)
    if found and _NAMES_WRITE_UP.search(title):
        # "2024-03-21 Incident report: ...": the title may date the report, as a field does.
        return _unless_written_later(found, events + later, stated)
    if found:
        # "... Degradation - February 6, 2026" over "Between February 2-6, 2026, ...": the
        # title dates the end of a span its opening gives whole, first day first
        opening = _opening_span("\n".join(line for line in head.splitlines()
                                          if title not in line), day_first)
        if opening is not None and opening < found <= opening + dt.timedelta(days=14):
            return opening
        return found
    named = dates.stem_date(stem)
    if named is not None and named in events + later:
        return named  # the file is named after a day the text mentions
    candidates = events or later
    first = candidates[0] if candidates else None
    published = dates.first_date(front.get("date", "timestamp", "published", "pubdate",
                                           "publish_date") or "")
    # ("modified_at: 2025-03-28" bounds the days a post without its own date tells of, though
    # it is no date of the incident)
    written = published or dates.first_date(front.get("modified_at", "modified", "updated",
                                                      "last_modified") or "")
    reference = written or first or named
    if reference is not None:
        # "On August 16, the team was notified": a narrative that opens by dating the
        # incident without its year, in a post written soon after.
        yearless = _yearless_stated(head, reference, day_first)
        if not yearless and not candidates and written is not None:
            # A post whose text gives its days without a year, none opening a sentence: the
            # first of them just before the post is the incident's.
            yearless = _yearless_stated(head, written, day_first, opening=False)
        if yearless and (first is None or min(yearless) < first or written is not None
                         and not written - PUBLISHED_WINDOW <= first <= written):
            # (the summary's "On Wednesday December 3rd ..." over a timeline that opens
            # weeks before the post with the first signs of trouble)
            first = min(yearless)
            stated.add(first)
    if published is not None and _TODAY.search(head[:1500]):
        # "At ~11:30am today we became aware of an issue": the post is dated the day it tells
        return published
    if published is not None and first is None and _YESTERDAY.match(_head_text(head)):
        # "Yesterday esm.sh deployed breaking changes ...": the post opens with the day before
        return published - dt.timedelta(days=1)
    if published is not None:
        window = WRITE_UP_WINDOW if first in stated else PUBLISHED_WINDOW
        return first if first and published - window <= first <= published else published
    # A date without a year ("On Sunday, October 31") is of no use without one.
    return first or named


# "At ~11:30am today we became aware ...", "Earlier today, ...": the day the post tells
_TODAY = lazy(r"(?i)\bat\s+~?\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s+(?:today|this (?:morning"
              r"|afternoon|evening))\b|\bearlier today\b|\b(?:today|this (?:morning|afternoon"
              r"|evening)),? (?:at|around|from|between) ~?\d{1,2}")


# The text opens with the day before the post ("Yesterday, ...", "Yesterday at 14:00 ...").
_YESTERDAY = lazy(r"(?i)\W*(?:\w+\s+){0,2}yesterday\b")


def _head_text(head: str) -> str:
    """The first line of prose of the head: no front matter, heading, import or blank."""
    for line in head.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "---", "import ", "<", "!", "|")) \
                and ":" not in line[:20]:
            return line
    return ""


# "Outage of the login, as of 27.08.2022 10:00", "Störung LernSax, Stand 27.08.2022": the
# title dates the latest update of a running status report, not the incident.
_AS_OF = lazy(r"(?i)(?:\bas of|\bstand|\bupdated?|\blast update|\bétat au|\bestado a"
                    r"|\bactualizado|\baggiornamento)\s*:?\s*(?:the\s+)?\d")


# A title that opens with a date, then names the document: "2024-03-21 Incident report: ...",
# "2023/05/02 Postmortem - ...": the date heads the report, as in a journal.
_NAMES_WRITE_UP = lazy(r"(?i)^\W*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s*[:\-–—]?\s*(?:incident"
                             r" report|outage report|post[- ]?mortem|retrospective|write[- ]?up"
                             r"|rca)\b")


_SPAN_WORDS = lazy(r"(?i)\d\s*[-–—]\s*\d|\s[-–—]\s|\b(?:to|and|through|thru|until|till)\b")


def _opening_span(head: str, day_first: bool | None) -> dt.date | None:
    """The first day of a span of days the head's first dated words give ("Between February
    2-6, 2026", "From March 3 to March 5"), if its first date is one."""
    found = next(dates.find_dates(head[:800], day_first=day_first), None)
    if found is None or not _SPAN_WORDS.search(re.sub(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}", "D",
                                                      head[found[0]: found[1]])):
        return None
    return found[2]


def _yearless_stated(text: str, reference: dt.date, day_first: bool | None, *,
                     opening: bool = True) -> set[dt.date]:
    """The dates without a year that open a sentence ("On August 16, ..."), each the latest
    such day on or before `reference` and at most `WRITE_UP_WINDOW` before it: a write-up
    tells of days just past. With `opening` False, wherever they stand ("At 14:37 UTC, Nov
    17th, the network halted")."""
    with_year = {start for start, _end, _date in dates.find_dates(text, day_first=day_first)}
    back = reference - dt.timedelta(days=364)  # from here, the first such day is within a year
    found: set[dt.date] = set()
    for start, end, date in dates.find_dates(text, back, need_year=False, day_first=day_first):
        if start not in with_year and date <= reference \
                and reference - WRITE_UP_WINDOW <= date \
                and (not opening or _STATED.search(text[max(0, start - 40): start])
                     or _DAY_HEADING.match(_line_at(text, start, end))):
            found.add(date)
    return found


# "### 12 kwiecień", "## Monday, 4 September": a heading that is a day of a log, nothing else.
_DAY_HEADING = lazy(r"^\s*#{1,6}\s+\W*\{\}\W*$")


def _line_at(text: str, start: int, end: int) -> str:
    """The line of the date at text[start:end], the date itself written as "{}"."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right < 0 else right
    line = text[left:start] + "{}" + text[end:right]
    return re.sub(r"(?i)^(\s*#{1,6}\s+)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)",
                  r"\1", line)


def _unless_written_later(labelled: dt.date, events: list[dt.date],
                          stated: Set[dt.date] = frozenset()) -> dt.date:
    """A `Date:` field, unless the text dates the incident earlier (the field dates the
    write-up): every event of the text is earlier (then the first of them), or a sentence
    opens with an earlier day ("On February 9th, two users ...", then that day) while later
    events tell the follow-up. The evening before the field's day is still its incident."""
    def earlier(day: dt.date) -> bool:
        return labelled - WRITE_UP_WINDOW <= day <= labelled - dt.timedelta(days=2)

    if events and all(d < labelled for d in events) and earlier(min(events)):
        return min(events)
    opening = [d for d in stated if earlier(d)]
    return min(opening) if opening else labelled


def _without(lines: list[str], ranges: Sequence[tuple[int, int]]) -> list[str]:
    if not ranges:
        return lines
    kept = list(lines)
    for start, end in ranges:
        kept[start:end] = [""] * (end - start)
    return kept


def _section_text(lines: list[str], heading: Heading, limit: int = 400) -> str | None:
    parts: list[str] = []
    for line in lines[heading.index + heading.span: heading.index + heading.span + 40]:
        line = line[:2000]
        if not line.strip():
            if parts:
                break
            continue
        if line.lstrip().startswith("#"):
            break
        text = strip_markdown(re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line))
        bulleted = text != strip_markdown(line)
        parts.append(text + (";" if bulleted and not text.endswith((".", ";", ":")) else ""))
    return _shorten(" ".join(parts).rstrip(";"), limit) if parts else None


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    return cut[: end + 1] if end > limit // 3 else cut.rstrip() + "…"


# A root cause section kept as Markdown stops at this many characters (an issue body is
# not the place for a whole analysis; the postmortem link is there for the rest).
MARKDOWN_LIMIT = 4000


def labelled_markdown(lines: list[str], headings: list[Heading], front: FrontMatter,
                      names: str, keys: tuple[str, ...]) -> str | None:
    """A field as its author wrote it, Markdown kept: front matter `keys`, the rest of a
    `Name: value` line, or the whole section with that name (up to the next heading of the
    same or a higher level), for issue bodies."""
    explicit = front.get(*keys)
    if explicit:
        return explicit.strip()
    pattern = re.compile(_LABEL.format(names), re.I)
    for line in _head(lines):
        bare = re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", line).strip().strip("|")
        if pattern.match(strip_markdown(bare)):
            m = re.match(r"^[^:|]*[:|]\s*(?:\*\*|__)?\s*(?P<rest>.*)$", bare)
            return m["rest"].strip("| ") if m and m["rest"].strip() else None
    for n, heading in enumerate(headings):
        if re.fullmatch(rf"(?:{names})(?: analysis)?", heading.key):
            end = next((h.index for h in headings[n + 1:] if h.level <= heading.level),
                       len(lines))
            text = "\n".join(lines[heading.index + heading.span: end]).strip("\n")
            text = re.sub(r"\n{3,}", "\n\n", text).strip()
            if len(text) > MARKDOWN_LIMIT:
                cut = text.rfind("\n\n", 0, MARKDOWN_LIMIT)
                text = text[: cut if cut > 0 else MARKDOWN_LIMIT].rstrip() + "\n\n…"
            return text or None
    return None


def labelled_field(lines: list[str], headings: list[Heading], front: FrontMatter,
                   names: str, keys: tuple[str, ...], limit: int = 400) -> str | None:
    """A field such as impact: front matter `keys`, a `Name: value` line (names is a regex
    alternation), or the first paragraph of a section with that name."""
    explicit = front.get(*keys)
    if explicit:
        return _shorten(explicit, limit)
    pattern = re.compile(_LABEL.format(names), re.I)
    for line in _head(lines):
        bare = re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", line).strip().strip("|")
        m = pattern.match(strip_markdown(bare))
        if m:
            return _shorten(m["rest"].strip("| "), limit)
    for heading in headings:
        if re.fullmatch(rf"(?:{names})(?: analysis)?", heading.key):
            text = _section_text(lines, heading, limit)
            if text:
                return text
    return None
