"""The weekly report as Markdown (with a Mermaid bar chart: GitHub renders it), plain text,
JSON and CSV. HTML lives in `html`.

Titles come from postmortems, so they are untrusted text: in Markdown, `@mentions` and `#refs`
are neutralised (a weekly issue must not ping people or cross-link unrelated issues), HTML is
escaped (a `<details>` or `<!--` in a title would swallow the rest of the report) and table
pipes escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence

from ..issue_format import neutralise
from .items import ReportItem
from .sla import SlaFigures
from .weekly import WeeklyReport

Style = Callable[[str, str], str]  # (text, role) -> text; roles: heading, alert, dim
_DAY = dt.timedelta(days=1)


def plain(text: str, _role: str) -> str:
    return text


def kind_heading(kind: str | None) -> str:
    return {"preventive": "preventive measures", "corrective": "corrective actions",
            None: "unclassified items"}.get(kind, f"{kind} items")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _pct(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"


def _num(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:g}" if isinstance(value, float) else str(value)


def headline(report: WeeklyReport) -> str:
    per_kind = ", ".join(f"{len(report.overdue_of_kind(k))} {k or 'unclassified'}"
                         for k in report.kinds if report.overdue_of_kind(k))
    return (f"{len(report.overdue)} overdue" + (f" ({per_kind})" if per_kind else "")
            + f" · {len(report.due_soon)} due in the next 7 days"
            + f" · {len(report.no_owner)} open without an owner"
            + f" · {len(report.newly_overdue)} newly overdue"
            + f" · {len(report.closed_recently)} closed in the last 7 days")


def scope_line(report: WeeklyReport) -> str:
    line = f"As of {report.as_of.isoformat()}; \"last 7 days\" = {report.week_start + _DAY}" \
           f" to {report.as_of}."
    if report.kind_filter:
        line += f" Only kinds: {', '.join(report.kind_filter)}."
    return line


# ---------------------------------------------------------------------------------------------
# Markdown

def md_cell(text: str) -> str:
    """Untrusted text as inert Markdown that fits in a table cell: no mention, no reference,
    no HTML, no pipe, one line."""
    return html.escape(neutralise(text), quote=False).replace("|", "\\|").replace("\n", " ")


def _md_issue(item: ReportItem) -> str:
    label = f"#{item.key}" if item.key.isdigit() else item.key
    if item.url and item.url.startswith(("http://", "https://")):
        return f"[{label}]({item.url})"
    return label


def _md_table(items: Sequence[ReportItem], columns: Sequence[str]) -> list[str]:
    cells: dict[str, tuple[str, str, Callable[[ReportItem], str]]] = {
        "days": ("Days overdue", "---:", lambda i: str(i.days_overdue or "")),
        "item": ("Action item", "---", lambda i: md_cell(i.title)),
        "kind": ("Kind", "---", lambda i: i.kind or ""),
        "owner": ("Owner", "---", lambda i: md_cell(i.owner or "—")),
        "pm": ("Postmortem", "---", lambda i: md_cell(i.postmortem)),
        "issue": ("Issue", "---", _md_issue),
        "due": ("Due", "---", lambda i: i.due.isoformat() if i.due else "—"),
        "closed": ("Closed", "---", lambda i: i.closed_on.isoformat() if i.closed_on else ""),
    }
    head = [cells[c] for c in columns]
    lines = ["| " + " | ".join(h[0] for h in head) + " |",
             "|" + "|".join(h[1] for h in head) + "|"]
    lines += ["| " + " | ".join(h[2](i) for h in head) + " |" for i in items]
    return lines


def mermaid_aging(buckets: dict[str, int]) -> list[str]:
    """A bar per aging bucket, in bucket order (an ordinal scale, which a pie hides), as a
    Mermaid `xychart-beta` that GitHub draws; nothing when nothing is overdue."""
    if not any(buckets.values()):
        return []
    names = ", ".join(f'"{name} days"' for name in buckets)
    top = max(buckets.values())
    return ["```mermaid", "xychart-beta", '    title "Overdue items by days overdue"',
            f"    x-axis [{names}]", f'    y-axis "Items" 0 --> {top + max(1, top // 10)}',
            f"    bar [{', '.join(str(n) for n in buckets.values())}]", "```", ""]


def _md_sla(rows: Sequence[SlaFigures]) -> list[str]:
    lines = ["| Kind | Closed within SLA | Closed late | Open past SLA | Within SLA, open "
             "| On time | Median days to close | p90 days to close |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for row in rows:
        c = row.counts
        name = row.kind or "all kinds"
        lines.append(f"| {name} | {c['on_time']} | {c['late']} | {c['breached']} | "
                     f"{c['pending']} | **{_pct(row.on_time_share)}** | "
                     f"{_num(row.median_days)} | {_num(row.p90_days)} |")
    undated = rows[-1].counts.get("undated", 0) if rows else 0  # the all-kinds row is last
    if undated:
        lines += ["", f"{undated} item(s) were already done when first synced, with no date in "
                      "the postmortem: counted as done, left out of the shares above."]
    return lines


def render_markdown(report: WeeklyReport) -> str:
    out = [f"# Postmortem action items — weekly report, {report.as_of.isoformat()}", "",
           f"**{headline(report)}**", "", scope_line(report), ""]
    for kind in report.kinds:
        items = report.overdue_of_kind(kind)
        out += [f"## Overdue {kind_heading(kind)} ({len(items)})", ""]
        if not items:
            out += ["Nothing overdue.", ""]
            continue
        for owner, group in report.by_owner(items).items():
            out += [f"### {md_cell(owner)} ({len(group)})", ""]
            out += _md_table(group, ("days", "item", "pm", "issue", "due")) + [""]
    if report.by_postmortem:
        out += ["## Overdue by postmortem", "",
                "| Postmortem | Overdue | " + " | ".join(
                    (k or "unclassified").capitalize() for k in report.kinds)
                + " | Most days overdue |",
                "|---|---:|" + "---:|" * len(report.kinds) + "---:|"]
        for row in report.by_postmortem:
            out.append(f"| {md_cell(row.postmortem)} | {row.overdue} | " + " | ".join(
                str(row.overdue_by_kind.get(k, 0)) for k in report.kinds)
                + f" | {row.oldest_days} |")
        out.append("")
    out += ["## Aging of overdue items", "",
            "| " + " | ".join(f"{name} days" for name in report.buckets) + " |",
            "|" + "---:|" * len(report.buckets),
            "| " + " | ".join(str(n) for n in report.buckets.values()) + " |", ""]
    out += mermaid_aging(report.buckets)
    out += _md_section("Due in the next 7 days", report.due_soon,
                       ("due", "item", "kind", "owner", "issue"))
    out += _md_section("Open items with no owner", report.no_owner,
                       ("due", "item", "kind", "pm", "issue"))
    out += ["## Since last week", ""]
    out += _md_section("Newly overdue", report.newly_overdue,
                       ("days", "item", "kind", "owner", "issue"), level=3)
    out += _md_section("Closed", report.closed_recently,
                       ("closed", "item", "kind", "owner", "issue"), level=3)
    out += ["## SLA", ""] + _md_sla(report.sla) + ["", f"_{report.sla_policy} "
            "On time = closed within the SLA, out of the items closed or past their SLA; "
            "p90 is nearest-rank._", ""]
    return "\n".join(out).rstrip() + "\n"


def _md_section(title: str, items: Sequence[ReportItem], columns: Sequence[str],
                level: int = 2) -> list[str]:
    lines = [f"{'#' * level} {title} ({len(items)})", ""]
    if not items:
        return lines + ["None.", ""]
    return lines + _md_table(items, columns) + [""]


# ---------------------------------------------------------------------------------------------
# The weekly comment: short, so that the notification it sends is read

COMMENT_ITEMS = 10  # per list; the issue body has the rest
_HANDLE = re.compile(r"@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))")


def _owner(owner: str | None, mention: bool) -> str:
    """The owner, @mentioned only when asked and only when it is a handle."""
    if not owner:
        return "no owner"
    handle = _HANDLE.fullmatch(owner)
    return f"@{handle[1]}" if mention and handle else md_cell(owner)


def _comment_list(title: str, items: Sequence[ReportItem], mention: bool,
                  detail: Callable[[ReportItem], str]) -> list[str]:
    if not items:
        return []
    lines = [f"**{title} ({len(items)})**"]
    lines += [f"- {_md_issue(i)} {md_cell(i.title)} — {_owner(i.owner, mention)}, {detail(i)}"
              for i in items[:COMMENT_ITEMS]]
    if len(items) > COMMENT_ITEMS:
        lines.append(f"- … and {len(items) - COMMENT_ITEMS} more (see the report above)")
    return lines + [""]


def render_comment(report: WeeklyReport, *, mention_owners: bool = False) -> str:
    """This week's news for the rolling report issue: what became overdue and what was closed
    in the last 7 days. With `mention_owners`, the owners of those items are @mentioned."""
    out = [f"**Weekly report, {report.as_of.isoformat()}:** {headline(report)}.", ""]
    out += _comment_list("Newly overdue", report.newly_overdue, mention_owners,
                         lambda i: f"due {i.due.isoformat() if i.due else '—'}")
    out += _comment_list("Closed", report.closed_recently, mention_owners,
                         lambda i: f"closed {i.closed_on.isoformat() if i.closed_on else '—'}")
    if not report.newly_overdue and not report.closed_recently:
        out += ["Nothing became overdue and nothing was closed in the last 7 days.", ""]
    out.append("The full report is the issue description, rewritten each week.")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Plain text (the terminal)


def _text_item(item: ReportItem, style: Style) -> str:
    days = style(f"{item.days_overdue:>4}d", "alert") if item.days_overdue else "     "
    due = item.due.isoformat() if item.due else "no due date"
    return f"  {days}  {item.title}  [{item.postmortem}, issue {item.key}, due {due}]"


def render_text(report: WeeklyReport, style: Style = plain) -> str:
    out = [style(f"Weekly report, {report.as_of.isoformat()}", "heading"), headline(report),
           style(scope_line(report), "dim")]
    for kind in report.kinds:
        items = report.overdue_of_kind(kind)
        out += ["", style(f"Overdue {kind_heading(kind)} ({len(items)})", "heading")]
        for owner, group in report.by_owner(items).items():
            out.append(f" {owner} ({len(group)})")
            out += [_text_item(i, style) for i in group]
    out += ["", style("Aging", "heading"),
            "  " + "   ".join(f"{name}d: {n}" for name, n in report.buckets.items())]
    for title, items in (("Due in the next 7 days", report.due_soon),
                         ("Open items with no owner", report.no_owner),
                         ("Newly overdue (last 7 days)", report.newly_overdue),
                         ("Closed in the last 7 days", report.closed_recently)):
        out += ["", style(f"{title} ({len(items)})", "heading")]
        out += [_text_item(i, style) for i in items] or ["  none"]
    out += ["", style("SLA", "heading")]
    for row in report.sla:
        c = row.counts
        out.append(f"  {(row.kind or 'all kinds'):<12} on time {_pct(row.on_time_share):>4} "
                   f"({c['on_time']} of {row.decided} decided; {c['late']} closed late, "
                   f"{c['breached']} open past SLA, {c['pending']} pending"
                   + (f", {c['undated']} done on an unknown date" if c.get("undated") else "")
                   + ")  "
                   f"days to close: median {_num(row.median_days)}, p90 {_num(row.p90_days)}")
    out.append(style(f"  {report.sla_policy}", "dim"))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# JSON and CSV


def item_json(item: ReportItem, as_of: dt.date) -> dict[str, object]:
    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None
    return {
        "id": item.item_id, "title": item.title, "kind": item.kind, "owner": item.owner,
        "postmortem": item.postmortem, "issue": {"key": item.key, "url": item.url,
                                                 "state": "closed" if item.closed else "open"},
        "due": day(item.due), "days_overdue": item.days_overdue, "aging_bucket": item.bucket,
        "incident_date": day(item.incident_date), "sla_days": item.sla_days,
        "sla_deadline": day(item.sla_deadline), "closed_on": day(item.closed_on),
        "closed_on_source": item.close_source, "days_to_close": item.days_to_close,
        "sla_state": item.sla_state(as_of),
    }


def render_json(report: WeeklyReport, *, published: Mapping[str, object] | None = None) -> str:
    def keys(items: Sequence[ReportItem]) -> list[str]:
        return [i.key for i in items]
    data = {
        "as_of": report.as_of.isoformat(), "kinds": report.kinds,
        "kind_filter": list(report.kind_filter),
        "counts": {"overdue": len(report.overdue), "due_soon": len(report.due_soon),
                   "no_owner": len(report.no_owner), "newly_overdue": len(report.newly_overdue),
                   "closed_recently": len(report.closed_recently),
                   "tracked": len(report.items)},
        "aging_buckets": report.buckets,
        "overdue": [item_json(i, report.as_of) for i in report.overdue],
        "due_soon": keys(report.due_soon), "no_owner": keys(report.no_owner),
        "newly_overdue": keys(report.newly_overdue),
        "closed_recently": keys(report.closed_recently),
        "by_postmortem": [{"postmortem": r.postmortem, "overdue": r.overdue,
                           "by_kind": {k or "unclassified": n
                                       for k, n in r.overdue_by_kind.items()},
                           "most_days_overdue": r.oldest_days} for r in report.by_postmortem],
        "sla": [row.as_json() for row in report.sla], "sla_policy": report.sla_policy,
        "items": [item_json(i, report.as_of) for i in report.items],
    }
    if published is not None:  # the rolling report issue this run created or rewrote
        data["published"] = dict(published)
    return json.dumps(data, indent=2, ensure_ascii=False)


CSV_COLUMNS = ("postmortem", "item_id", "kind", "title", "owner", "issue", "url", "state",
               "due", "days_overdue", "aging_bucket", "due_in_next_7_days", "incident_date",
               "sla_days", "sla_deadline", "closed_on", "closed_on_source", "days_to_close",
               "sla_state")


def render_csv(report: WeeklyReport) -> str:
    """One row per tracked item in scope, overdue first: a spreadsheet can redo any figure."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    soon = {i.key for i in report.due_soon}
    overdue_keys = {i.key for i in report.overdue}
    rest = sorted((i for i in report.items if i.key not in overdue_keys),
                  key=lambda i: (i.postmortem, i.due or dt.date.max, i.title))
    for item in [*report.overdue, *rest]:
        data = item_json(item, report.as_of)
        issue = data["issue"]
        assert isinstance(issue, dict)
        writer.writerow([item.postmortem, item.item_id, item.kind or "", _csv_safe(item.title),
                         _csv_safe(item.owner or ""), item.key, item.url or "", issue["state"],
                         data["due"] or "", _blank(item.days_overdue), item.bucket or "",
                         "yes" if item.key in soon else "", data["incident_date"] or "",
                         _blank(item.sla_days), data["sla_deadline"] or "",
                         data["closed_on"] or "", item.close_source or "",
                         _blank(item.days_to_close),
                         data["sla_state"]])
    return buffer.getvalue()


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _csv_safe(text: str) -> str:
    """Stop a spreadsheet from running a postmortem's text as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
