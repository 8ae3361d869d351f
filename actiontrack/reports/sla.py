"""SLA figures: how many action items of each kind were closed within their SLA, and how long
closing takes (median and p90 days from the incident).

Definitions, so the figures can be checked by hand:
- an item is *decided* once it is closed, or still open after its SLA deadline (incident date
  + the policy's days for its kind/priority, calendar or business days as configured);
- **on time** = closed within the SLA / decided items. Items still inside their SLA are
  *pending* and left out; items closed as "not planned" are *dropped* and left out; items
  whose incident date is unknown are counted as *unknown* and left out; items already done
  when first synced whose postmortem states no date are *undated*: done, but left out (their
  close date in the tracker is the sync's, not the work's);
- days to close = incident date -> close date, in the policy's days; median is the usual
  median, p90 the nearest-rank 90th percentile (the smallest value that at least 90% of the
  closed items do not exceed).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..config import SlaPolicy
from .items import ReportItem

SLA_STATES = ("on_time", "late", "breached", "pending", "dropped", "undated", "unknown")


def percentile(values: Sequence[int], share: float) -> int | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


@dataclass(frozen=True)
class SlaFigures:
    kind: str | None  # None: every kind together
    counts: dict[str, int] = field(default_factory=dict)
    median_days: float | None = None
    p90_days: int | None = None

    @property
    def decided(self) -> int:
        return sum(self.counts.get(s, 0) for s in ("on_time", "late", "breached"))

    @property
    def on_time_share(self) -> float | None:
        return self.counts.get("on_time", 0) / self.decided if self.decided else None

    def as_json(self) -> dict[str, object]:
        share = self.on_time_share
        return {"kind": self.kind or "all", **{s: self.counts.get(s, 0) for s in SLA_STATES},
                "decided": self.decided,
                "on_time_share": round(share, 4) if share is not None else None,
                "median_days_to_close": self.median_days, "p90_days_to_close": self.p90_days}


def sla_figures(items: Sequence[ReportItem], as_of: dt.date, kind: str | None) -> SlaFigures:
    counts = dict.fromkeys(SLA_STATES, 0)
    for item in items:
        counts[item.sla_state(as_of)] += 1
    closing = [i.days_to_close for i in items
               if i.days_to_close is not None and not i.not_planned]
    return SlaFigures(kind=kind, counts=counts, median_days=median(closing),
                      p90_days=percentile(closing, 0.9))


def sla_by_kind(items: Sequence[ReportItem], as_of: dt.date,
                kinds: Sequence[str | None]) -> list[SlaFigures]:
    """One row per kind, in the order given, then one for every kind together."""
    rows = [sla_figures([i for i in items if i.kind == k], as_of, k) for k in kinds]
    if len(kinds) > 1:
        rows.append(sla_figures(items, as_of, None))
    return rows


def describe_policy(policy: SlaPolicy) -> str:
    unit = "business days" if policy.business_days else "calendar days"
    parts = [f"corrective {policy.corrective}", f"preventive {policy.preventive}"]
    parts += [f"{k} {v}" for k, v in sorted(policy.kinds.items())]
    parts.append(f"other kinds {policy.default}")
    text = f"SLA: {', '.join(parts)} {unit} from the incident date"
    if policy.priority:
        text += "; by priority " + ", ".join(f"{k} {v}" for k, v in policy.priority.items())
        text += " (wins over the kind)"
    return text + "."
