"""The weekly report as ONE self-contained HTML page: inline CSS and inline SVG charts, no
JavaScript, nothing fetched from the network, so it can be mailed, attached to a workflow run
or opened from disk. Every piece of tracker text is HTML-escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from .items import ReportItem
from .render import headline, kind_heading, scope_line
from .sla import SlaFigures
from .weekly import WeeklyReport

# Colour-blind-safe palette (Okabe-Ito); the SLA states keep one colour each everywhere.
SLA_COLOURS = {"on_time": "#009E73", "late": "#E69F00", "breached": "#D55E00",
               "pending": "#9AA5B1"}
SLA_NAMES = {"on_time": "closed within SLA", "late": "closed late",
             "breached": "open past SLA", "pending": "open, within SLA"}
BUCKET_COLOURS = ("#F0E442", "#E69F00", "#D55E00", "#8B1E00")

CSS = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
.headline{font-weight:600;font-size:1.05rem}.muted{color:#59636e}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #d0d7de;padding:.3rem .55rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:2rem}.chart{flex:1 1 420px}
.late{color:#b42318;font-weight:600}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _issue_cell(item: ReportItem) -> str:
    label = f"#{item.key}" if item.key.isdigit() else item.key
    if item.url and item.url.startswith(("http://", "https://")):
        return f'<a href="{_e(item.url)}">{_e(label)}</a>'
    return _e(label)


_COLUMNS: dict[str, tuple[str, Callable[[ReportItem], str]]] = {
    "days": ("Days overdue", lambda i: f'<td class="n late">{i.days_overdue or ""}</td>'),
    "item": ("Action item", lambda i: f"<td>{_e(i.title)}</td>"),
    "kind": ("Kind", lambda i: f"<td>{_e(i.kind or '')}</td>"),
    "owner": ("Owner", lambda i: f"<td>{_e(i.owner or '—')}</td>"),
    "pm": ("Postmortem", lambda i: f"<td>{_e(i.postmortem)}</td>"),
    "issue": ("Issue", lambda i: f"<td>{_issue_cell(i)}</td>"),
    "due": ("Due", lambda i: f"<td>{_e(i.due.isoformat() if i.due else '—')}</td>"),
    "closed": ("Closed", lambda i: f"<td>{_e(i.closed_on.isoformat() if i.closed_on else '')}"
                                   "</td>"),
}


def _table(items: Sequence[ReportItem], columns: Sequence[str]) -> str:
    if not items:
        return '<p class="muted">None.</p>'
    head = "".join(f"<th>{_COLUMNS[c][0]}</th>" for c in columns)
    rows = "".join("<tr>" + "".join(_COLUMNS[c][1](i) for c in columns) + "</tr>"
                   for i in items)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def aging_chart(buckets: dict[str, int], width: int = 460, height: int = 240) -> str:
    """Vertical bars, one per aging bucket, with the count above each bar."""
    top = max(buckets.values(), default=0) or 1
    pad, base = 40, height - 40
    slot = (width - 2 * pad) / len(buckets)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Overdue items by days '
             f'overdue">',
             f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="#57606a"/>']
    for n, ((name, count), colour) in enumerate(zip(buckets.items(), BUCKET_COLOURS,
                                                    strict=False)):
        bar = (base - 30) * count / top
        x = pad + n * slot + slot * 0.15
        w = slot * 0.7
        parts.append(f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{w:.1f}" '
                     f'height="{bar:.1f}" fill="{colour}" stroke="#57606a"/>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base - bar - 6:.1f}" '
                     f'text-anchor="middle" font-size="14" font-weight="600">{count}</text>')
        parts.append(f'<text x="{x + w / 2:.1f}" y="{base + 20}" text-anchor="middle" '
                     f'font-size="13">{_e(name)} days</text>')
    parts.append("</svg>")
    return "".join(parts)


def sla_chart(rows: Sequence[SlaFigures], width: int = 560) -> str:
    """One stacked horizontal bar per kind: within SLA, late, open past SLA, pending."""
    states = list(SLA_COLOURS)
    label_w, bar_w, row_h = 110, width - 130, 34
    height = row_h * len(rows) + 50
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="SLA by kind">']
    for n, row in enumerate(rows):
        y = 10 + n * row_h
        total = sum(row.counts.get(s, 0) for s in states)
        parts.append(f'<text x="0" y="{y + 18}" font-size="13">{_e(row.kind or "all kinds")}'
                     "</text>")
        x = float(label_w)
        if not total:
            parts.append(f'<rect x="{x}" y="{y}" width="{bar_w}" height="24" fill="#f6f8fa" '
                         'stroke="#d0d7de"/>')
        for state in states:
            count = row.counts.get(state, 0)
            if not count:
                continue
            w = bar_w * count / total
            parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="24" '
                         f'fill="{SLA_COLOURS[state]}"><title>{SLA_NAMES[state]}: {count}'
                         "</title></rect>")
            if w > 18:
                parts.append(f'<text x="{x + w / 2:.1f}" y="{y + 17}" text-anchor="middle" '
                             f'font-size="12" fill="#fff">{count}</text>')
            x += w
    legend_y, lx = height - 14, 0.0
    for state in states:
        parts.append(f'<rect x="{lx:.0f}" y="{legend_y - 10}" width="12" height="12" '
                     f'fill="{SLA_COLOURS[state]}"/><text x="{lx + 16:.0f}" y="{legend_y}" '
                     f'font-size="11">{SLA_NAMES[state]}</text>')
        lx += 16 + 6.2 * len(SLA_NAMES[state]) + 14
    parts.append("</svg>")
    return "".join(parts)


def _sla_table(rows: Sequence[SlaFigures]) -> str:
    def cell(v: object) -> str:
        return f'<td class="n">{_e("n/a" if v is None else v)}</td>'
    body = ""
    for row in rows:
        share = row.on_time_share
        body += (f"<tr><td>{_e(row.kind or 'all kinds')}</td>"
                 + "".join(cell(row.counts[s]) for s in SLA_COLOURS)
                 + cell(f"{share:.0%}" if share is not None else None)
                 + cell(f"{row.median_days:g}" if row.median_days is not None else None)
                 + cell(row.p90_days) + "</tr>")
    head = "".join(f"<th>{_e(SLA_NAMES[s])}</th>" for s in SLA_COLOURS)
    return (f"<table><thead><tr><th>Kind</th>{head}<th>On time</th><th>Median days to close"
            f"</th><th>p90 days to close</th></tr></thead><tbody>{body}</tbody></table>")


def _postmortem_table(report: WeeklyReport) -> str:
    head = "".join(f"<th>{_e((k or 'unclassified').capitalize())}</th>" for k in report.kinds)
    rows = "".join(
        f"<tr><td>{_e(r.postmortem)}</td><td class=\"n\">{r.overdue}</td>"
        + "".join(f'<td class="n">{r.overdue_by_kind.get(k, 0)}</td>' for k in report.kinds)
        + f'<td class="n">{r.oldest_days}</td></tr>' for r in report.by_postmortem)
    return (f"<table><thead><tr><th>Postmortem</th><th>Overdue</th>{head}"
            f"<th>Most days overdue</th></tr></thead><tbody>{rows}</tbody></table>")


def render_html(report: WeeklyReport) -> str:
    title = f"Postmortem action items — weekly report, {report.as_of.isoformat()}"
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{_e(title)}</h1>", f'<p class="headline">{_e(headline(report))}</p>',
           f'<p class="muted">{_e(scope_line(report))}</p>',
           '<div class="charts"><div class="chart"><h2>Aging of overdue items</h2>',
           aging_chart(report.buckets), '</div><div class="chart"><h2>SLA by kind</h2>',
           sla_chart(report.sla), "</div></div>"]
    for kind in report.kinds:
        items = report.overdue_of_kind(kind)
        out.append(f"<h2>Overdue {_e(kind_heading(kind))} ({len(items)})</h2>")
        if not items:
            out.append('<p class="muted">Nothing overdue.</p>')
        for owner, group in report.by_owner(items).items():
            out.append(f"<h3>{_e(owner)} ({len(group)})</h3>")
            out.append(_table(group, ("days", "item", "pm", "issue", "due")))
    if report.by_postmortem:
        out.append("<h2>Overdue by postmortem</h2>")
        out.append(_postmortem_table(report))
    for heading, items, columns in (
            ("Due in the next 7 days", report.due_soon, ("due", "item", "kind", "owner", "issue")),
            ("Open items with no owner", report.no_owner, ("due", "item", "kind", "pm", "issue")),
            ("Newly overdue in the last 7 days", report.newly_overdue,
             ("days", "item", "kind", "owner", "issue")),
            ("Closed in the last 7 days", report.closed_recently,
             ("closed", "item", "kind", "owner", "issue"))):
        out.append(f"<h2>{_e(heading)} ({len(items)})</h2>")
        out.append(_table(items, columns))
    out += ["<h2>SLA</h2>", _sla_table(report.sla), f'<p class="muted">{_e(report.sla_policy)} '
            "On time = closed within the SLA, out of the items closed or past their SLA.</p>",
            "</body></html>"]
    return "\n".join(out) + "\n"
