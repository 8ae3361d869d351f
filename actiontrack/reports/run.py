"""The `report` command's work: read the tracker once, build the overdue list or the weekly
report, publish the rolling report issue if asked, and hand back a renderer per format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..backends.base import Backend
from ..config import Config
from ..errors import UsageError
from ..issue_format import kind_from_labels
from ..model import Issue
from . import WEEKLY_ONLY_FORMATS, format_for_path, render_weekly, weekly_report
from .overdue import RENDERERS, overdue_items
from .publish import Published, publish_report

Style = Callable[[str, str], str]


@dataclass(frozen=True)
class ReportRun:
    overdue: int                       # how many items are overdue
    render: Callable[[str, Style | None], str]  # format, terminal style -> text
    published: Published | None = None
    notes: tuple[str, ...] = ()        # warnings for the user


def wants_weekly(weekly: bool, publish: bool, fmt: str, outputs: Sequence[str | Path]) -> bool:
    """The weekly report was asked for, explicitly or by a format only it has."""
    return weekly or publish or fmt in WEEKLY_ONLY_FORMATS or any(
        format_for_path(p, fmt) in WEEKLY_ONLY_FORMATS for p in outputs)


def unknown_kinds(kinds: Sequence[str], issues: Sequence[Issue], config: Config) -> list[str]:
    """A --kind no item has is most likely a typo: an empty report would hide it."""
    known = {k for k in ("corrective", "preventive", *config.sla.kinds,
                         *(kind_from_labels(i.labels) for i in issues)) if k}
    folded = {k.casefold() for k in known}
    return [f"no item has kind '{kind}' (kinds: {', '.join(sorted(known))})"
            for kind in kinds if kind.casefold() not in folded]


def run_report(tracker: Backend, config: Config, *, as_of: dt.date, kinds: Sequence[str],
               weekly: bool, publish: bool) -> ReportRun:
    issues = tracker.find_linked(None)
    notes = tuple(unknown_kinds(kinds, issues, config))
    if weekly or publish:
        data = weekly_report(issues, as_of, config, kinds)
        published = publish_report(tracker, render_weekly(data, "markdown"),
                                   label_prefix=config.label_prefix) if publish else None
        return ReportRun(len(data.overdue), lambda fmt, style: render_weekly(data, fmt, style),
                         published, notes)
    items = overdue_items(issues, as_of, kinds or None)

    def render(fmt: str, style: Style | None) -> str:
        if fmt not in RENDERERS:
            raise UsageError(f"the overdue list has no {fmt} format",
                             hint="add --weekly, or use text, markdown or json")
        return RENDERERS[fmt](items, as_of)
    return ReportRun(len(items), render, None, notes)
