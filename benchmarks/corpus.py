"""Generated postmortems of realistic shape, for the benchmarks: written to a temporary folder,
never committed.

Each document has what real ones have around the action items (front matter or a metadata
table, a summary, a timeline, a root cause, lessons learned) and five action items in one of
six shapes teams use: checkbox bullets with `@owner`, an action table with owner/type/due/
ticket columns, numbered bold lead-ins with `Owner:` lines, "Immediate (completed)" and
"Longer term" groups, follow-ups with Jira keys and pull-request links, and a plain `Tasks:`
section. Owners, due dates (written, relative, or left to the SLA), done and dropped items and
links vary from item to item, and incident dates spread over two and a half years, so a
report as of `AS_OF` has overdue, due-soon and closed items of every kind.

    python benchmarks/corpus.py DIR ITEMS    # write ITEMS / 5 postmortems into DIR
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

ITEMS_PER_DOC = 5
AS_OF = dt.date(2024, 6, 1)  # the report day of the benchmarks
FIRST_INCIDENT = dt.date(2022, 1, 3)

_SYSTEMS = ("billing queue", "checkout API", "search index", "auth gateway", "DNS resolver",
            "object store", "payments worker", "CI runners", "Kafka cluster", "CDN edge",
            "session cache", "mail relay", "feature flags", "ledger database", "image resizer")
_OWNERS = ("@okafor", "@lene", "@dana-w", "@marco", "@sre-team", "@priya", "@jlee", "@tomas")
_NAMES = ("Dana Whitfield", "Marco Ruiz", "Lena Park", "Irina Volkova", "Sam Osei")
_VERBS = ("Add an alert on", "Fix the retry loop in", "Document the failover of",
          "Load test", "Remove the manual step from", "Automate the restart of",
          "Review the capacity plan for", "Patch the client library of", "Monitor the lag of",
          "Write a runbook for", "Add a dashboard for", "Rotate the credentials of")
_WHY = ("so on-call sees it before customers do", "within two minutes of the first error",
        "for the next quarter's peak", "with the steps tried during this incident",
        "and page the owning team", "behind a feature flag")


def incident_date(n: int) -> dt.date:
    return FIRST_INCIDENT + dt.timedelta(days=(n * 7) % 880)


def _title(n: int, k: int) -> str:
    system = _SYSTEMS[(n + k * 3) % len(_SYSTEMS)]
    return f"{_VERBS[(n * 5 + k) % len(_VERBS)]} the {system} {n}-{k}"


def _due(n: int, k: int, incident: dt.date) -> str:
    """A written due date, a relative one, or none (the SLA dates it)."""
    choice = (n + k) % 4
    if choice == 0:
        return f" due {(incident + dt.timedelta(days=10 + 9 * k)).isoformat()}"
    if choice == 1:
        return " within 2 weeks"
    return ""


def _checkboxes(n: int, incident: dt.date) -> str:
    lines = ["## Action items", ""]
    for k in range(ITEMS_PER_DOC):
        box = "x" if k == 0 and n % 3 == 0 else " "
        ref = f" ([PR](https://github.com/acme/svc-{n % 40}/pull/{100 + k}))" if k == 2 else ""
        lines.append(f"- [{box}] {_title(n, k)} {_OWNERS[(n + k) % len(_OWNERS)]}"
                     f"{_due(n, k, incident)}{ref}")
    return "\n".join(lines)


def _table(n: int, incident: dt.date) -> str:
    lines = ["## Action items", "", "| Action | Owner | Type | Due | Ticket |",
             "|---|---|---|---|---|"]
    for k in range(ITEMS_PER_DOC):
        kind = ("corrective", "preventive", "detection")[(n + k) % 3]
        due = (incident + dt.timedelta(days=14 * (k + 1))).isoformat() if k != 3 else ""
        lines.append(f"| {_title(n, k)} | {_NAMES[(n + k) % len(_NAMES)]} | {kind} | {due} | "
                     f"OPS-{n * 10 + k} |")
    return "\n".join(lines)


def _numbered(n: int, incident: dt.date) -> str:
    lines = ["## Corrective and preventive measures", ""]
    for k in range(ITEMS_PER_DOC):
        lines.append(f"{k + 1}. **{_title(n, k)}** {_WHY[(n + k) % len(_WHY)]}."
                     f" Owner: {_NAMES[(n * 3 + k) % len(_NAMES)]}.{_due(n, k, incident)}")
    return "\n".join(lines)


def _groups(n: int, incident: dt.date) -> str:
    lines = ["## Follow-ups", "", "### Immediate actions (completed)", ""]
    lines += [f"- {_title(n, k)} {_OWNERS[k % len(_OWNERS)]}" for k in range(2)]
    lines += ["", "### Longer term", ""]
    for k in range(2, ITEMS_PER_DOC):
        status = " (won't do: replaced by the platform migration)" if k == 4 and n % 5 == 0 \
            else ""
        lines.append(f"- {_title(n, k)}{status} {_OWNERS[(n + k) % len(_OWNERS)]}"
                     f"{_due(n, k, incident)}")
    return "\n".join(lines)


def _jira_followups(n: int, incident: dt.date) -> str:
    lines = ["## Next steps", ""]
    for k in range(ITEMS_PER_DOC):
        done = " (done)" if k == 1 and n % 2 == 0 else ""
        lines.append(f"* {_title(n, k)} (INC-{n}{k}){done} — {_NAMES[(n + k) % len(_NAMES)]}"
                     f"{_due(n, k, incident)}")
    return "\n".join(lines)


def _plain_tasks(n: int, incident: dt.date) -> str:
    return "\n".join(["Tasks:"] + [f"{_title(n, k)}{_due(n, k, incident)}"
                                   for k in range(ITEMS_PER_DOC)])


SHAPES: tuple[Callable[[int, dt.date], str], ...] = (
    _checkboxes, _table, _numbered, _groups, _jira_followups, _plain_tasks)


def postmortem(n: int) -> str:
    """Postmortem number n: five action items, in the shape n picks."""
    incident = incident_date(n)
    system = _SYSTEMS[n % len(_SYSTEMS)]
    if n % 2:
        head = (f"---\nid: pm-{n:05d}\nincident_date: {incident.isoformat()}\nseverity: "
                f"SEV{1 + n % 3}\n---\n\n# {system.capitalize()} outage {n}\n")
    else:
        head = (f"# Postmortem: {system} degraded ({n})\n\n| Field | Value |\n|---|---|\n"
                f"| Incident date | {incident.isoformat()} |\n| Severity | {1 + n % 3} |\n"
                f"| Postmortem owner | {_NAMES[n % len(_NAMES)]} |\n")
    timeline = "\n".join(f"- {9 + m // 6:02d}:{(m * 7) % 60:02d} {_timeline(n, m)}"
                         for m in range(12 + n % 9))
    body = (f"\n## Summary\n\nFor {40 + n % 90} minutes the {system} answered slowly or not at "
            f"all; about {(n * 37) % 5000} requests failed. The on-call was paged by the "
            f"latency alert.\n\n## Impact\n\nCustomers saw errors in checkout and the "
            f"status page was updated twice.\n\n## Timeline\n\n{timeline}\n\n## Root cause"
            f"\n\nA configuration change raised the connection limit of the {system} above "
            f"what the database allows, so new connections queued until they timed out.\n\n")
    lessons = ("\n\n## Lessons learned\n\n- Configuration changes need the same review as "
               "code\n- Alerts on saturation catch this earlier than alerts on errors\n")
    return head + body + SHAPES[n % len(SHAPES)](n, incident) + lessons


def _timeline(n: int, m: int) -> str:
    events = ("latency alert fired", "on-call acknowledged the page",
              "rolled back the last deploy, no change", "found the connection limit change",
              "reverted the configuration", "error rate back to normal",
              "status page updated", "customer support informed")
    return f"{events[(n + m) % len(events)]} (host {m})"


def write_corpus(folder: Path, items: int) -> list[Path]:
    """`items // 5` postmortems in `folder/postmortems/`, one sub-folder per year."""
    paths = []
    for n in range(items // ITEMS_PER_DOC):
        incident = incident_date(n)
        path = folder / "postmortems" / str(incident.year) / f"{incident.isoformat()}-{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(postmortem(n), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write_corpus(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"{len(written)} postmortems in {sys.argv[1]}/postmortems")
