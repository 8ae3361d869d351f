"""The rolling weekly report issue: one issue per tracker, found by its marker, rewritten each
week — never a new issue each week — plus one short comment a week.

An edit notifies nobody, so each week's first run also posts a comment (what became overdue,
what was closed; optionally @mentioning the owners), which notifies everyone watching the
issue. The week of the last comment is kept in the issue's own marker, so a second run in the
same week (a manual re-run) rewrites the body and stays quiet, with no state anywhere else.

It is built on the generic Backend API, so it works on every tracker: the issue carries the
link marker of a reserved postmortem id, `find_by_item` finds it, `create` makes it the first
time and `update(body=...)` rewrites it after; `comment` posts where the tracker takes
comments. Reports and `issues list` leave it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..backends.base import Backend
from ..issue_format import (
    REPORT_ITEM_ID,
    REPORT_POSTMORTEM_ID,
    base_label,
    postmortem_label,
    report_link,
)
from ..model import Issue, IssueDraft, IssueFields, Link
from ..sync.apply import create_once

REPORT_TITLE = "Overdue postmortem action items (weekly report)"
# GitHub refuses bodies over 65,536 characters; leave room for the marker.
MAX_BODY = 60_000
_TRUNCATED = ("\n\n_The report is longer than a tracker issue can hold and was cut here; "
              "the workflow run keeps the full report as an artifact._\n")
COMMENTED = "commented"  # marker key: the ISO week of the last weekly comment


def fit_body(markdown: str, limit: int = MAX_BODY) -> str:
    """The report cut at a line break so that it fits in an issue body."""
    if len(markdown) <= limit:
        return markdown
    cut = markdown.rfind("\n", 0, limit - len(_TRUNCATED))
    return markdown[: max(cut, 0)] + _TRUNCATED


def report_week(day: dt.date) -> str:
    """The ISO week a report day falls in, e.g. 2023-W22: one comment per week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Published:
    issue: Issue
    created: bool
    reopened: bool
    commented: bool = False


def publish_report(backend: Backend, markdown: str, *, label_prefix: str = "actiontrack",
                   title: str = REPORT_TITLE, comment: str | None = None,
                   as_of: dt.date | None = None) -> Published:
    """Create the rolling report issue, or rewrite the one that exists (reopening it when
    someone closed it: the report is rolling, so a closed copy would go unseen). `comment`
    is posted once per week of `as_of` (default: today)."""
    body = fit_body(markdown)
    week = report_week(as_of or dt.date.today())
    existing = backend.find_by_item(REPORT_POSTMORTEM_ID, REPORT_ITEM_ID)
    last = existing.link.synced.get(COMMENTED) if existing and existing.link else None
    wants_comment = comment is not None and last != week
    link = _link(week if wants_comment else last)
    if existing is None:
        draft = IssueDraft(title=title, body=body, link=link,
                           labels=(base_label(label_prefix),
                                   postmortem_label(REPORT_POSTMORTEM_ID)))
        # create_once: after an unknown outcome it looks the issue up before trying again.
        issue, created, reopened = create_once(backend, draft), True, False
    else:
        issue = backend.update(existing, IssueFields(title=title, body=body, link=link))
        created, reopened = False, issue.is_closed
        if reopened:
            issue = backend.reopen(issue, "Reopened by actiontrack: this is the rolling weekly "
                                          "report, rewritten every week.")
    commented = bool(wants_comment and comment and backend.comment(issue, comment))
    return Published(issue, created=created, reopened=reopened, commented=commented)


def _link(commented_week: str | None) -> Link:
    link = report_link()
    if commented_week is None:
        return link
    return link.model_copy(update={"synced": {COMMENTED: commented_week}})
