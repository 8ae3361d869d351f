"""Round 7: a title that opens with the report's date ("2024-03-21 Incident report: ...")
dates the write-up when a sentence opens with an earlier day. Written for the test."""

from __future__ import annotations

import datetime as dt

from actiontrack.parsing import parse_text


def _date(text: str) -> dt.date | None:
    return parse_text(text, source="pm.md").postmortem.incident_date


def test_a_dated_report_title_gives_way_to_the_day_the_story_opens_with() -> None:
    text = ("# 2024-03-21 Incident report: uploads failing\n\n## Detection\n\n"
            "On Thursday March 14th 2024, an alert reported failed downloads.\n\n"
            "## Next steps\n\n- Move the files to the production bucket\n")
    assert _date(text) == dt.date(2024, 3, 14)


def test_a_title_naming_the_incident_with_its_date_keeps_that_date() -> None:
    text = ("# Chain split 2021-08-27 post mortem\n\n"
            "On August 17, 2021 the fix was released.\n\n## Action items\n\n- Add a test\n")
    assert _date(text) == dt.date(2021, 8, 27)
