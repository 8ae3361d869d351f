"""The rolling weekly report issue: one issue per tracker, found by its marker, rewritten each
week — never a new issue each week.

It is built on the generic Backend API, so it works on every tracker: the issue carries the
link marker of a reserved postmortem id, `find_by_item` finds it, `create` makes it the first
time and `update(body=...)` rewrites it after. Reports and `issues list` leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..backends.base import Backend
from ..issue_format import (
    REPORT_ITEM_ID,
    REPORT_POSTMORTEM_ID,
    base_label,
    postmortem_label,
    report_link,
)
from ..model import Issue, IssueDraft, IssueFields
from ..sync.apply import create_once

REPORT_TITLE = "Overdue postmortem action items (weekly report)"
# GitHub refuses bodies over 65,536 characters; leave room for the marker.
MAX_BODY = 60_000
_TRUNCATED = ("\n\n_The report is longer than a tracker issue can hold and was cut here; "
              "the workflow run keeps the full report as an artifact._\n")


def fit_body(markdown: str, limit: int = MAX_BODY) -> str:
    """The report cut at a line break so that it fits in an issue body."""
    if len(markdown) <= limit:
        return markdown
    cut = markdown.rfind("\n", 0, limit - len(_TRUNCATED))
    return markdown[: max(cut, 0)] + _TRUNCATED


@dataclass(frozen=True)
class Published:
    issue: Issue
    created: bool
    reopened: bool


def publish_report(backend: Backend, markdown: str, *, label_prefix: str = "actiontrack",
                   title: str = REPORT_TITLE) -> Published:
    """Create the rolling report issue, or rewrite the one that exists (reopening it when
    someone closed it: the report is rolling, so a closed copy would go unseen)."""
    body = fit_body(markdown)
    link = report_link()
    existing = backend.find_by_item(REPORT_POSTMORTEM_ID, REPORT_ITEM_ID)
    if existing is None:
        draft = IssueDraft(title=title, body=body, link=link,
                           labels=(base_label(label_prefix),
                                   postmortem_label(REPORT_POSTMORTEM_ID)))
        # create_once: after an unknown outcome it looks the issue up before trying again.
        return Published(create_once(backend, draft), created=True, reopened=False)
    issue = backend.update(existing, IssueFields(title=title, body=body, link=link))
    if issue.is_closed:
        issue = backend.reopen(issue, "Reopened by actiontrack: this is the rolling weekly "
                                      "report, rewritten every week.")
        return Published(issue, created=False, reopened=True)
    return Published(issue, created=False, reopened=False)
