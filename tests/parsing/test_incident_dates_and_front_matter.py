"""The incident date as real write-ups state it, and front matter read by the libraries
(PyYAML `safe_load`, `tomllib`), the tolerant reader only for YAML that does not parse. Each
test is a document written for it."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.parsing import parse_text
from actiontrack.parsing.dates import find_dates

ITEMS = "\n\n## Action items\n\n- Add an alert\n"


def _date(text: str, source: str = "pm.md") -> dt.date | None:
    return parse_text(text + ITEMS, source=source).postmortem.incident_date


@pytest.mark.parametrize(("head", "date"), [
    ("The outage ran March 3-5, 2025.", dt.date(2025, 3, 3)),
    ("Between June 2 and June 4, 2024 the API failed.", dt.date(2024, 6, 2)),
    ("# 11/12 March 2013 chain fork", dt.date(2013, 3, 11)),
    # a letter whose lower case is longer ("İ"): the dates are read in the text as written
    ("# İstanbul region: 11/12 March 2013 chain fork", dt.date(2013, 3, 11)),
    ("**Duration**: 10 days (June 20 - June 30, 2025)\n**Date**: June 30, 2025",
     dt.date(2025, 6, 20)),
])
def test_a_multi_day_incident_is_dated_by_its_first_day(head: str, date: dt.date) -> None:
    assert _date(head) == date


def test_a_date_with_the_month_as_a_word_between_dashes() -> None:
    assert _date("- Date: 2024-Mar-05\n- Authors: SRE") == dt.date(2024, 3, 5)


def test_a_twenty_four_hour_time_after_a_date_is_not_its_year() -> None:
    dates = [d for _, _, d in find_dates("May 9 1924 UTC: the validator reported it")]
    assert dates == []  # no year given: not the year 1924
    assert _date("Date: 2025-05-07\n\n## Timeline\n\n- May 9 1924 UTC: reported") == \
        dt.date(2025, 5, 7)


def test_a_write_up_date_after_every_event_gives_way_to_the_first_event() -> None:
    text = ("Date: 08/13/2020\n\n## Summary\n\nThe sidebar broke on June 19th, 2020 and was "
            "fixed on August 12, 2020.")
    assert _date(text) == dt.date(2020, 6, 19)


def test_a_date_field_stays_when_the_text_names_the_same_day_or_the_evening_before() -> None:
    assert _date("Date: 2024-03-05\n\nOn 2024-03-05 at 10:00 the API failed.") == \
        dt.date(2024, 3, 5)
    assert _date("**Date:** 16/03/2020 3am UTC\n\nOn the 15 Mar 2020, around 9pm, a node "
                 "stopped.") == dt.date(2020, 3, 16)


def test_an_explicit_incident_date_label_wins_over_other_dates() -> None:
    assert _date("Incident date: 2024-03-01\nDate: 2024-03-09\n\nOn 2024-02-20 we shipped.") == \
        dt.date(2024, 3, 1)


def test_an_ambiguous_numeric_date_is_read_in_the_order_the_document_uses() -> None:
    text = ("**Date**: 03/10/2021\n\n## Timeline\n\n#### 29-09-2021\n\n- a config change\n\n"
            "#### 03-10-2021\n\n- the link went down")
    assert _date(text) == dt.date(2021, 10, 3)


def test_a_day_first_title_date_is_read_day_first_when_the_document_shows_it() -> None:
    text = "# Outage of 05-03-2024\n\n## Timeline\n\n- 13-03-2024: review held"
    assert _date(text) == dt.date(2024, 3, 5)


def test_a_file_name_date_the_text_mentions_beats_an_earlier_timeline_row() -> None:
    text = ("# Checkout outage\n\n## Timeline\n\n- 2024-03-03 10:00 release 2.3 shipped\n"
            "- 2024-03-05 09:00 errors begin")
    assert _date(text, source="2024-03-05-checkout.md") == dt.date(2024, 3, 5)


def test_a_byline_is_not_the_incident_date() -> None:
    text = "# Exploit\n\n_Dana Lee, Feb 09, 2021._\n\n## Timeline\n\n- Feb-08-2021 14:00 UTC attack"
    assert _date(text, source="exploit.md") != dt.date(2021, 2, 9)


def test_a_detected_row_gives_way_to_when_the_failure_began() -> None:
    text = ("| Field | Value |\n|---|---|\n| **Detected** | `2022-04-28 10:34` |\n\n"
            "The listener had been failing since `2022-04-20 19:48`.")
    assert _date(text, source="listener.md") == dt.date(2022, 4, 20)


@pytest.mark.parametrize(("front", "body", "date"), [
    # published shortly after the day its first sentence dates: that day
    ("date: 2021-07-01", "On June 25, 2021 the endpoint was open.", dt.date(2021, 6, 25)),
    # the text's only other date is an unrelated earlier one: the front-matter date
    ("date: 2021-07-13", "The snapshot of June 19, 2021 lacked the list.", dt.date(2021, 7, 13)),
    # a date years before is a typo in a timeline, a later one another event
    ("date: 2019-08-15", "## Timeline\n\n2015-08-15 (UTC)", dt.date(2019, 8, 15)),
    ("date: 2024-02-01", "### 2024-03-05 second outage", dt.date(2024, 2, 1)),
])
def test_the_front_matter_date_against_the_dates_of_the_text(front: str, body: str,
                                                             date: dt.date) -> None:
    assert _date(f"---\n{front}\n---\n{body}", source="post.md") == date


@pytest.mark.parametrize(("front", "pm_id", "title"), [
    ('id: "pm-8" # the incident number', "pm-8", None),
    ("id: pm-9\ntitle: \"Disk \\\"full\\\" on db\"", "pm-9", 'Disk "full" on db'),
    ("id: pm-10\ntitle: 'It''s down'", "pm-10", "It's down"),
    ("id: pm-11\ntitle: >\n  Cache\n  outage", "pm-11", "Cache outage"),
])
def test_valid_yaml_front_matter_means_what_yaml_says(front: str, pm_id: str,
                                                      title: str | None) -> None:
    doc = parse_text(f"---\n{front}\n---\n# Heading title{ITEMS}", source="file.md")
    assert doc.postmortem.id == pm_id
    assert doc.postmortem.title == (title or "Heading title")
    assert not doc.warnings


def test_toml_front_matter_is_read_with_tomllib() -> None:
    doc = parse_text(f'+++\nid = "pm-12"\ntitle = "Queue stall"\nincident_date = 2024-01-02\n'
                     f"+++\n{ITEMS}", source="file.md")
    assert (doc.postmortem.id, doc.postmortem.title, doc.postmortem.incident_date) == (
        "pm-12", "Queue stall", dt.date(2024, 1, 2))


def test_yaml_that_does_not_parse_keeps_its_readable_keys_and_warns() -> None:
    doc = parse_text(f'---\nid: pm-13\ntitle: "never closed\ndate: 2024-01-02\n---\n{ITEMS}',
                     source="file.md")
    assert (doc.postmortem.id, doc.postmortem.incident_date) == ("pm-13", dt.date(2024, 1, 2))
    assert "front matter is not valid YAML at title" in doc.warnings[0]
