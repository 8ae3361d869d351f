"""Reports from what the tracker holds: the overdue list (`overdue`) and the weekly report
(`weekly`, rendered by `render` and `html`), the rolling report issue (`publish`).

The tracker is the truth for status (closed = done), assignee and due date: people change
those there. Kind comes from the kind label, the postmortem from the link marker. Reports use
only `Backend.find_for_report` (by default `find_linked`), so they work on every backend;
the rolling weekly report issue is never counted as an action item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Issue, TrackedIssue
    from .weekly import WeeklyReport


WEEKLY_FORMATS = ("text", "markdown", "json", "html", "csv")
# Formats only the weekly report has: asking for one asks for the weekly report.
WEEKLY_ONLY_FORMATS = ("html", "csv")
_SUFFIX_FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
                   ".csv": "csv", ".json": "json", ".txt": "text"}


def format_for_path(path: str | Path, default: str) -> str:
    """The format an output file's suffix asks for (report.html -> html), else `default`."""
    return _SUFFIX_FORMATS.get(Path(path).suffix.casefold(), default)


def weekly_report(issues: Iterable[Issue | TrackedIssue], as_of: dt.date, config: Config,
                  kinds: Sequence[str] = ()) -> WeeklyReport:
    from .items import tracked_items
    from .weekly import build_weekly
    items = tracked_items(issues, as_of, config.sla, kinds or None)
    return build_weekly(items, as_of, config, kinds)


def render_weekly(report: WeeklyReport, fmt: str,
                  style: Callable[[str, str], str] | None = None, *,
                  published: Mapping[str, object] | None = None) -> str:
    """The report in one of WEEKLY_FORMATS; JSON also names the rolling issue `published`."""
    from . import render as report_render
    if fmt == "html":
        from .html import render_html
        return render_html(report)
    if fmt == "text":
        return report_render.render_text(report, style or report_render.plain)
    if fmt == "json":
        return report_render.render_json(report, published=published)
    return {"markdown": report_render.render_markdown, "csv": report_render.render_csv}[fmt](
        report)
