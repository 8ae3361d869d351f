"""Dates as people write them in postmortems.

ISO (`2023-03-01`), prose (`February 5, 2023`, `5th Feb 2023`, `5. January 2021`), day-first
or month-first numbers where only one reading is a valid date, quarters (`Q2 2023` = the last
day of that quarter), and dates without a year, read relative to the incident date; and the
phrases that state a due date ("due 2023-03-01", "by March 3", "by end of Q3").
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from .lazyre import lazy

MONTHS = {name: n for n, name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
# Month names of other languages (German, Spanish, French, Portuguese, Italian, Dutch,
# Norwegian and Danish, Polish in its two cases: "12 kwiecień", "12 kwietnia"), written in lower
# case in most of them; "mars" is left out of the lower-case ones (it is a word too).
_FOREIGN_MONTHS = {name: n for n, names in enumerate((
    "januar enero janvier janeiro gennaio januari styczeń stycznia",
    "februar febrero février fevrier fevereiro febbraio februari luty lutego",
    "märz maerz marzo mars março maart marzec marca",
    "abril avril aprile kwiecień kwietnia",
    "mai mayo maio maggio mei maj maja",
    "juni junio juin junho giugno czerwiec czerwca",
    "juli julio juillet julho luglio lipiec lipca",
    "agosto août aout augustus sierpień sierpnia",
    "septiembre setiembre septembre setembro settembre wrzesień września",
    "oktober octubre octobre outubro ottobre październik października",
    "noviembre novembre novembro listopad listopada",
    "dezember diciembre décembre dezembro dicembre desember grudzień grudnia"), start=1)
    for name in names.split()}
_LOWER_CASE_MONTHS = set(_FOREIGN_MONTHS) - {"mars"}
_MONTH_ALIASES = {name[:3]: n for name, n in MONTHS.items()} | {"sept": 9} | MONTHS \
    | _FOREIGN_MONTHS
_MONTH = r"(?P<mon>" + "|".join(sorted(_MONTH_ALIASES, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\.?"
# A year; four digits before a time zone are a time ("May 9 1924 UTC" is 19:24), and "’24" is
# 2024.
_YEAR = (r"(?:(?P<year>(?:19|20)\d\d)(?!\s*(?:UTC|GMT|CES?T|[PMCE][SD]T|Z\b|hrs?\b|h\b))"
         r"|['’](?P<yy>\d\d)\b)")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"

ISO = lazy(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<mon>[01]?\d)-(?P<day>[0-3]?\d)(?![\d-])")
# "2024-Mar-05", "2024-March-5"
ISO_MONTH_NAME = lazy(r"(?<![\d-])(?P<year>(?:19|20)\d\d)-(?P<mon>[A-Za-z]{3,9})-"
                            r"(?P<day>[0-3]?\d)(?![\d-])")
SLASH_ISO = lazy(r"(?<![\d/])(?P<year>(?:19|20)\d\d)/(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)"
                       r"(?![\d/])")
# "February 5, 2023", "Feb 5th 2023", "Sunday, October 31"; the year is optional.
MONTH_FIRST = lazy(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r"(?:,?\s+" + _YEAR
                         + r")?(?![\d:])", re.I)
# "5 February 2023", "18th April 2021", "5. January", "6th Nov 2023", "3 de junio de 2024".
DAY_FIRST = lazy(r"\b" + _WEEKDAY + _DAY + r"\s+(?:(?:of|de)\s+)?" + _MONTH
                       + r"(?:,?\s+(?:de\s+)?" + _YEAR + r")?\b", re.I)
# A span of days, read as its first day: "March 3-5, 2025", "June 20 - June 30, 2025", "between
# June 2 and June 4, 2024", "11/12 March 2013", "3-5 March 2025". Matched around a date found
# (its year comes after the span's end), not scanned for on their own: cheaper on long texts.
_TO = r"\s*(?:-|–|—|/|to|and|&|through|until)\s*"
_RANGE_TAIL = lazy(_TO + r"(?:" + _WEEKDAY + r"[A-Za-z]{3,9}\.?\s+)?[0-3]?\d(?:st|nd|rd|th)?"
                         r",?\s+" + _YEAR, re.I)
_RANGE_HEAD = lazy(r"(?<![\d/.-])(?P<first>[0-3]?\d)(?:st|nd|rd|th)?\.?" + _TO + r"$", re.I)
def _lower_form(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern for lower-cased text (its literals lower-cased, its group syntax kept)."""
    return lazy(pattern.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P="))


_LOWER_FORMS = (_lower_form(MONTH_FIRST), _lower_form(DAY_FIRST))
_DAY_FIRST_FORMS = (DAY_FIRST, _LOWER_FORMS[1])
# 06-11-2023 or 11/06/2023: read only when one of the two readings is impossible.
NUMERIC = lazy(r"(?<![\d/-])(?P<a>[0-3]?\d)[-/.](?P<b>[0-3]?\d)[-/.](?P<year>(?:19|20)\d\d)"
                     r"(?![\d/-])")
QUARTER = lazy(r"\b(?:Q(?P<q>[1-4])\s*[/'-]?\s*(?P<year>(?:19|20)\d\d)"
                     r"|(?P<year2>(?:19|20)\d\d)\s*[/-]?\s*Q(?P<q2>[1-4]))\b", re.I)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None where there is no such day (February 30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year_for(month: int, day: int, reference: dt.date | None) -> dt.date | None:
    """A date without a year: the first such day on or after the reference (the incident):
    a due date written in January of a December incident is next year's."""
    if reference is None:
        return None
    found = safe_date(reference.year, month, day)
    if found is not None and found < reference:
        found = safe_date(reference.year + 1, month, day)
    return found


def _numeric(match: re.Match[str], day_first: bool | None = None) -> dt.date | None:
    """06-11-2023 or 11/06/2023, read only when one reading is impossible, unless the document
    shows its order elsewhere (`day_first`, from its unambiguous dates)."""
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    as_day_first, as_month_first = safe_date(year, b, a), safe_date(year, a, b)
    if "." in match.group(0):
        return as_day_first  # 12.03.2024: dots are the day-first (European) way of writing it
    if as_day_first and as_month_first and a != b:
        if day_first is None:
            return None  # ambiguous: 06-11-2023 may be June or November
        return as_day_first if day_first else as_month_first
    return as_day_first or as_month_first


def numeric_order(text: str) -> bool | None:
    """Whether the text writes numeric dates day first (True) or month first (False), as its
    unambiguous ones show (29-09-2021, 08/13/2020); None when they do not say, or disagree."""
    firsts = set()
    for m in NUMERIC.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 >= b:
            firsts.add(True)
        elif b > 12 >= a:
            firsts.add(False)
    return firsts.pop() if len(firsts) == 1 else None


def _year_of(m: re.Match[str]) -> int | None:
    if m["year"]:
        return int(m["year"])
    return 2000 + int(m["yy"]) if m["yy"] else None


def _named_month(text: str, m: re.Match[str], reference: dt.date | None, need_year: bool
                 ) -> tuple[int, int, dt.date] | None:
    """The date a month-name match states, with its span; a span of days gives its first day
    and the year written after its end."""
    if not text[m.start("mon")].isupper() and m["mon"].lower() not in _LOWER_CASE_MONTHS:
        return None  # "may" and "mar" are words too; English month names are capitalised
    month = _MONTH_ALIASES.get(m["mon"].lower())
    if month is None:
        return None
    start, end = m.start(), m.end()
    day, year = int(m["day"]), _year_of(m)
    if year is None and (tail := _RANGE_TAIL.match(text, end)) is not None:
        year, end = _year_of(tail), tail.end()  # "March 3-5, 2025"
    if m.re in _DAY_FIRST_FORMS and (head := _RANGE_HEAD.search(text, max(0, start - 16),
                                                                 start)):
        day, start = int(head["first"]), head.start()  # "11/12 March 2013"
    if year is not None:
        date = safe_date(year, month, day)
    elif need_year and reference is None:
        return None
    else:
        date = _year_for(month, day, reference)
    return (start, end, date) if date else None


_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})


def find_dates(text: str, reference: dt.date | None = None, *, need_year: bool = True,
               day_first: bool | None = None) -> Iterator[tuple[int, int, dt.date]]:
    """Every date in the text with its span (start, end), in reading order; a span of days
    is its first day.

    Without a year a date is read relative to `reference`; with `need_year` and no reference,
    it is skipped."""
    found: list[tuple[int, int, dt.date]] = []
    # "2026‑01‑22" written with non-breaking hyphens (U+2011) or other hyphen signs; one
    # character for one, so the spans stay those of the text (an en dash joins a range).
    text = text.translate(_HYPHENS)
    for pattern in (ISO, SLASH_ISO):
        for m in pattern.finditer(text):
            date = safe_date(int(m["year"]), int(m["mon"]), int(m["day"]))
            if date:
                found.append((m.start(), m.end(), date))
    for m in ISO_MONTH_NAME.finditer(text):
        month = _MONTH_ALIASES.get(m["mon"].lower())
        if month and (date := safe_date(int(m["year"]), month, int(m["day"]))):
            found.append((m.start(), m.end(), date))
    # Month names are matched in a lower-cased copy: a case-insensitive alternation of a
    # hundred names is ten times slower (the case is checked on the text itself).
    lower = text.lower()
    patterns = _LOWER_FORMS if len(lower) == len(text) else (MONTH_FIRST, DAY_FIRST)
    for pattern in patterns:
        for m in pattern.finditer(lower if pattern in _LOWER_FORMS else text):
            if (span := _named_month(text, m, reference, need_year)) is not None:
                found.append(span)
    for m in NUMERIC.finditer(text):
        date = _numeric(m, day_first)
        if date:
            found.append((m.start(), m.end(), date))
    return iter(_without_overlaps(found))


_DATE_LINE_REST = lazy(r"(?i)^[\W\d_]*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|at|utc|gmt"
                       r"|am|pm|h|st|nd|rd|th|[\W\d_])*$")


def is_date_line(text: str) -> bool:
    """The text is a date and nothing more ("June 2, 2022", "2022-06-02 14:00 UTC",
    "Monday, 3 March 2025")."""
    if len(text) > 40:
        return False
    spans = list(find_dates(text, need_year=True))
    if not spans:
        return False
    rest = "".join(text[a:b] for a, b in zip([0] + [e for _, e, _ in spans],
                                              [s for s, _, _ in spans] + [len(text)],
                                              strict=True))
    return bool(_DATE_LINE_REST.match(rest))


def _without_overlaps(found: list[tuple[int, int, dt.date]]) -> list[tuple[int, int, dt.date]]:
    """The spans in reading order, a span inside one found first (a range) left out."""
    kept: list[tuple[int, int, dt.date]] = []
    for span in sorted(found, key=lambda f: (f[0], -f[1])):
        if kept and span[0] < kept[-1][1]:
            continue
        kept.append(span)
    return kept


def first_date(text: str, reference: dt.date | None = None) -> dt.date | None:
    for _start, _end, date in find_dates(text, reference):
        return date
    return None


def find_quarter(text: str) -> tuple[int, int, dt.date] | None:
    """The end of the quarter named in the text and its span, unless the text names a range
    of quarters ("Q4 2025 - Q1 2026" is a plan, not a due date)."""
    matches = list(QUARTER.finditer(text))
    if len(matches) != 1:
        return None
    m = matches[0]
    quarter = int(m["q"] or m["q2"])
    return m.start(), m.end(), quarter_end(int(m["year"] or m["year2"]), quarter)


_YEARLESS_QUARTER = lazy(r"\bQ(?P<q>[1-4])\b(?!\s*[/'-]?\s*(?:19|20)\d\d)", re.I)
_BARE_MONTH = lazy(_MONTH + r"(?:,?\s+" + _YEAR + r")?(?![\w-])", re.I)


def yearless_quarter(text: str, reference: dt.date | None) -> tuple[int, int, dt.date] | None:
    """A quarter without a year ("by end of Q3"): the first such quarter end on or after the
    reference (the incident)."""
    m = _YEARLESS_QUARTER.search(text)
    if m is None or reference is None or len(QUARTER.findall(text)) or \
            len(_YEARLESS_QUARTER.findall(text)) != 1:
        return None
    end = quarter_end(reference.year, int(m["q"]))
    if end < reference:
        end = quarter_end(reference.year + 1, int(m["q"]))
    return m.start(), m.end(), end


def month_end_at_start(text: str, reference: dt.date | None) -> tuple[int, dt.date] | None:
    """A month name opening the text ("March", "March 2024") read as the month's last day;
    without a year, the first such day on or after the reference."""
    m = _BARE_MONTH.match(text)
    if m is None or not m["mon"][0].isupper():
        return None
    month = _MONTH_ALIASES[m["mon"].lower()]
    if m["year"]:
        year = int(m["year"])
    elif reference is not None:
        year = reference.year + (month < reference.month)
    else:
        return None
    return m.end(), dt.date(year, month, calendar.monthrange(year, month)[1])


def stem_date(stem: str) -> dt.date | None:
    """A date at the start or inside a file name such as `2023-02-05-shopping-cart`."""
    m = re.search(r"((?:19|20)\d\d)[-_]?([01]\d)[-_]?([0-3]\d)", stem)
    return safe_date(int(m[1]), int(m[2]), int(m[3])) if m else None


# A date phrase: "due 2023-03-01", "due: March 3", "by March 3", "by end of Q2 2023".
DUE_LEAD = lazy(r"(?i)(?:\b(?:due(?:\s+date)?|deadline|eta|target(?:\s+date)?"
                      # German, Spanish, French, Portuguese
                      r"|fällig(?:\s+am)?|frist|termin|fecha(?:\s+l[ií]mite)?|plazo"
                      r"|échéance|prazo)\s*[:=]?"
                      # "due in 2 weeks": the "in" belongs to the span (see _WITHIN)
                      r"\s*(?:on|by|in(?!\s+(?:\d+|an?|one|two|three|four|five|six|eight|ten"
                      r"|twelve)\s+(?:day|week|month)))?|\bby|\bbefore|\bno later than"
                      r"|\bbis(?:\s+zum)?"
                      r"|\bhasta(?:\s+el)?|\bavant\s+le|\baté)\s+(?:the\s+)?(?:end\s+of\s+)?")


def due_in(text: str, reference: dt.date | None, *, whole: bool = False) -> dt.date | None:
    """The due date stated by a phrase ("due March 3", "by Q2 2023"); with `whole`, the text
    may also be a bare date or quarter."""
    spans = due_spans(text, reference, bare=whole)
    if not spans:
        return None
    start, _end, date = spans[0]
    if whole and text[:start].strip(" :-"):
        return None  # "(deploy by March 3)" is prose, not an annotation
    return date


def due_spans(text: str, reference: dt.date | None, *, bare: bool
              ) -> list[tuple[int, int, dt.date]]:
    """Every due phrase of the text with its span; with `bare`, a text that is only a date."""
    found = []
    for lead in DUE_LEAD.finditer(text):
        rest = text[lead.end():]
        hit = date_at_start(rest, reference, month_end="end" in lead.group(0).casefold())
        if hit is not None:
            found.append((lead.start(), lead.end() + hit[0], hit[1]))
    if not found and ("within" in text or "for " in text):
        # "... within 2 weeks", "coordinate ... for Wednesday Feb 12": a span or a day
        # without "due" or "by".
        for lead in _DUE_WITHOUT_LEAD.finditer(text):
            hit = date_at_start(text[lead.end():], reference)
            if hit is not None:
                found.append((lead.start(), lead.end() + hit[0], hit[1]))
        if not found and _PLANNED_FOR.search(text):
            for lead in _FOR_DAY.finditer(text):
                hit = date_at_start(text[lead.end():], reference)
                if hit is not None:
                    found.append((lead.start(), lead.end() + hit[0], hit[1]))
    if not found and bare:
        hit = date_at_start(text.strip(), reference)
        if hit is not None and hit[0] >= len(text.strip()) - 1:
            found.append((0, len(text), hit[1]))
    return found


def date_at_start(text: str, reference: dt.date | None, *, month_end: bool = False
                  ) -> tuple[int, dt.date] | None:
    """The date the text opens with; `month_end` after "end of" also reads a bare month
    ("end of March" = March 31)."""
    quarter = find_quarter(text[:20]) or yearless_quarter(text[:20], reference)
    if quarter is not None and quarter[0] == 0:
        return quarter[1], quarter[2]
    for start, end, date in find_dates(text[:40], reference):
        if start == 0:
            return end, date  # a calendar date first: "Wednesday Feb 12" is Feb 12
        break
    if (relative := relative_date_at_start(text[:40], reference)) is not None:
        return relative
    if month_end and (month := month_end_at_start(text[:20], reference)) is not None:
        return month
    return None


_DUE_WITHOUT_LEAD = lazy(r"(?i)\b(?=within\s+(?:the\s+next\s+)?(?:\d|a\b|an\b|one|two"
                               r"|three|four|five|six|eight|ten|twelve))|\bfor\s+(?=(?:mon|tue"
                               r"|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d"
                               r"|\d))")
# "Scheduled onsite assessment for 2025-06-20": work planned for a day
_PLANNED_FOR = lazy(r"(?i)\b(?:scheduled|planned|booked)\b")
_FOR_DAY = lazy(r"\bfor\s+(?=\d{4}-\d{2}-\d{2}\b)")


# "2024-W33": the ISO week, due at its end (Sunday), as a quarter is due on its last day.
_ISO_WEEK = lazy(r"(?P<year>(?:19|20)\d\d)-?W(?P<week>[0-5]\d)\b")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "eight": 8, "ten": 10, "twelve": 12}
# "within 2 weeks", "in three days": counted from the incident.
_WITHIN = lazy(r"(?i)(?:within|in)\s+(?:the\s+next\s+)?(?P<n>\d{1,3}|"
                     + "|".join(_NUMBER_WORDS) + r")\s+(?P<unit>day|week|month)s?\b")
# "by Fri", "by Friday": the first such day after the incident.
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEKDAY_NAME = lazy(r"(?P<day>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?"
                           r"|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)"
                           r"\.?(?![\w-])", re.I)


def relative_date_at_start(text: str, reference: dt.date | None
                           ) -> tuple[int, dt.date] | None:
    """A date the text opens with that is not a calendar date: an ISO week, a span from the
    incident ("within 2 weeks"), or a weekday after it ("Fri")."""
    if (m := _ISO_WEEK.match(text)) is not None:
        try:
            return m.end(), dt.date.fromisocalendar(int(m["year"]), int(m["week"]), 7)
        except ValueError:
            return None
    if reference is None:
        return None
    if (m := _MONTH_DAY.match(text)) is not None:
        return _month_day(m, reference)
    if (m := _WITHIN.match(text)) is not None:
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
        unit = m["unit"].lower()
        if unit == "month":
            return m.end(), _add_months(reference, n)
        return m.end(), reference + dt.timedelta(days=n * (7 if unit == "week" else 1))
    if (m := _WEEKDAY_NAME.match(text)) is not None and m["day"][0].isupper():
        ahead = (_WEEKDAYS.index(m["day"][:3].lower()) - reference.weekday() - 1) % 7 + 1
        return m.end(), reference + dt.timedelta(days=ahead)
    return None


# "due 03/15", "(ETA 15/03)": a day and month without a year, read only when one order is a
# date and the other is not (03/04 could be either); the first such day on or after the
# incident.
_MONTH_DAY = lazy(r"(?P<a>[0-3]?\d)/(?P<b>[0-3]?\d)(?![/\d.]|\s*[ap]\.?m\b)")


def _month_day(m: re.Match[str], reference: dt.date) -> tuple[int, dt.date] | None:
    a, b = int(m["a"]), int(m["b"])
    if 1 <= a <= 12 < b <= 31:
        month, day = a, b
    elif 1 <= b <= 12 < a <= 31:
        month, day = b, a
    else:
        return None
    for year in (reference.year, reference.year + 1):
        date = safe_date(year, month, day)
        if date is not None and date >= reference:
            return m.end(), date
    return None


def _add_months(date: dt.date, months: int) -> dt.date:
    month = date.month - 1 + months
    year, month = date.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))
