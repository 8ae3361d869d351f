"""The `report` command's work: read the tracker once, build the overdue list or the weekly
report, publish the rolling report issue if asked, and hand back a renderer per format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..backends.base import Backend
from ..config import Config
from ..errors import UsageError
from ..issue_format import kind_from_labels
from ..lasting import lasting
from ..model import Issue, TrackedIssue
from . import WEEKLY_ONLY_FORMATS, format_for_path, render_weekly, weekly_report
from .overdue import RENDERERS, overdue_items
from .render import render_comment

if TYPE_CHECKING:
    from .publish import Published

Style = Callable[[str, str], str]
STDOUT = "-"


@dataclass(frozen=True)
class ReportRun:
    overdue: int                       # how many items are overdue
    render: Callable[[str, Style | None], str]  # format, terminal style -> text
    published: Published | None = None


def wants_weekly(overdue: bool, weekly: bool, publish: bool, fmt: str,
                 outputs: Sequence[str | Path]) -> bool:
    """The weekly report was asked for, explicitly or by what only it has (--publish, html,
    csv). Asking for the overdue list as well is a usage error, not a silent choice."""
    asked = [name for name, on in (("--weekly", weekly), ("--publish", publish),
                                   (f"--format {fmt}", fmt in WEEKLY_ONLY_FORMATS)) if on]
    asked += [f"--output {p}" for p in outputs
              if str(p) != STDOUT and format_for_path(p, fmt) in WEEKLY_ONLY_FORMATS]
    if overdue and asked:
        raise UsageError(f"--overdue and {asked[0]} ask for two different reports",
                         hint="drop --overdue for the weekly report, or the other for the "
                              "overdue list")
    return bool(asked)


def check_kinds(kinds: Sequence[str], issues: Sequence[Issue | TrackedIssue],
                config: Config) -> None:
    """A --kind no item has is most likely a typo, and an empty report would hide it (and keep
    a `--fail-on-overdue` job green): a usage error."""
    if not kinds:
        return
    known = {k for k in ("corrective", "preventive", *config.sla.kinds,
                         *(kind_from_labels(i.labels) for i in issues)) if k}
    folded = {k.casefold() for k in known}
    unknown = [kind for kind in kinds if kind.casefold() not in folded]
    if unknown:
        raise UsageError(f"--kind {unknown[0]}: no item has that kind (kinds: "
                         f"{', '.join(sorted(known))})", hint="check its spelling")


def run_report(tracker: Backend, config: Config, *, as_of: dt.date, kinds: Sequence[str],
               weekly: bool, publish: bool, mention_owners: bool = False) -> ReportRun:
    with lasting():  # the issues read and the report made of them live until it ends
        issues = tracker.find_for_report()
        check_kinds(kinds, issues, config)
        if weekly or publish:
            data = weekly_report(issues, as_of, config, kinds)
        else:
            items = overdue_items(issues, as_of, kinds or None)
    if weekly or publish:
        published = None
        if publish:
            from .publish import publish_report  # it writes, through the sync engine
            published = publish_report(
                tracker, render_weekly(data, "markdown"), label_prefix=config.label_prefix,
                comment=render_comment(data, mention_owners=mention_owners), as_of=as_of)
        ref = None if published is None else {
            "key": published.issue.key, "url": published.issue.url,
            "created": published.created, "commented": published.commented}
        return ReportRun(len(data.overdue),
                         lambda fmt, style: render_weekly(data, fmt, style, published=ref),
                         published)

    def render(fmt: str, style: Style | None) -> str:
        if fmt not in RENDERERS:
            raise UsageError(f"the overdue list has no {fmt} format",
                             hint="add --weekly, or use text, markdown or json")
        return RENDERERS[fmt](items, as_of)
    return ReportRun(len(items), render, None)
