"""How long the weekly report takes over many tracked items: build, then each format.

    .venv/bin/python benchmarks/bench_report.py [N ...]

Issues are built in memory (as a backend returns them), so this measures the report alone,
not a tracker's listing.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from actiontrack.config import Config
from actiontrack.issue_format import base_label, kind_label, postmortem_label
from actiontrack.model import Issue, IssueState, Link
from actiontrack.reports import render_weekly, weekly_report

AS_OF = dt.date(2024, 6, 1)


def issues(n: int) -> list[Issue]:
    found = []
    for i in range(n):
        incident = AS_OF - dt.timedelta(days=i % 400)
        kind = ("corrective", "preventive", "detection")[i % 3]
        closed = i % 4 == 0
        found.append(Issue(
            backend="bench", key=str(i + 1), title=f"Action item {i}", url=f"https://t/{i + 1}",
            state=IssueState.CLOSED if closed else IssueState.OPEN,
            assignee=None if i % 5 == 0 else f"owner{i % 37}",
            due=incident + dt.timedelta(days=7 if kind == "corrective" else 30),
            labels=(base_label(), postmortem_label(f"pm-{i // 8}"), kind_label(kind)),
            link=Link(postmortem_id=f"pm-{i // 8}", item_id=f"{i:010d}", incident_date=incident),
            closed_at=dt.datetime.combine(incident + dt.timedelta(days=i % 60), dt.time(12),
                                          dt.UTC) if closed else None))
    return found


def main(sizes: list[int]) -> None:
    config = Config()
    print(f"{'items':>7} {'build':>9} " + " ".join(f"{f:>9}" for f in
                                                     ("text", "markdown", "json", "html", "csv")))
    for n in sizes:
        data = issues(n)
        start = time.perf_counter()
        report = weekly_report(data, AS_OF, config)
        timings = [time.perf_counter() - start]
        for fmt in ("text", "markdown", "json", "html", "csv"):
            start = time.perf_counter()
            render_weekly(report, fmt)
            timings.append(time.perf_counter() - start)
        print(f"{n:>7} " + " ".join(f"{t * 1000:>7.1f}ms" for t in timings))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1_000, 10_000])
