"""How long `actiontrack check` takes over a folder of 50 postmortems, as a whole process
(interpreter start-up, imports, parsing, rendering): what a pull-request check pays.

usage: python benchmarks/bench_check.py [--runs N] [--docs N]
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHAPES = (
    "## Action items\n\n{bullets}\n",
    "##Tasks:\n{plain}\n",
    "## Follow-ups\n\n### Immediate actions (completed)\n\n{checked}\n\n### Planned\n\n{boxes}\n",
    "## Action items\n\n| Action | Owner | Type | Due |\n|---|---|---|---|\n{rows}\n",
)


def postmortem(n: int) -> str:
    tasks = [f"Add an alert on queue {n}-{k} for the billing service" for k in range(8)]
    parts = {
        "bullets": "\n".join(f"- {t} @owner{k} due 2024-0{1 + k % 9}-15"
                             for k, t in enumerate(tasks)),
        "plain": "\n".join(tasks),
        "checked": "\n".join(f"- [x] {t}" for t in tasks[:3]),
        "boxes": "\n".join(f"- [ ] {t} (in progress)" for t in tasks[3:]),
        "rows": "\n".join(f"| {t} | @owner{k} | prevent | 2024-03-01 |"
                          for k, t in enumerate(tasks)),
    }
    timeline = "\n".join(f"- 10:{m:02d} Something happened on host {m}" for m in range(40))
    return (f"---\nid: pm-{n}\n---\n# Incident {n}: queue backlog\n\nOn 2024-01-{1 + n % 28:02d} "
            f"the billing queue backed up.\n\n## Impact\n\nPayments were late.\n\n"
            f"## Timeline\n\n{timeline}\n\n" + SHAPES[n % len(SHAPES)].format(**parts)
            + "\n## Lessons learned\n\n- Queues need alerts\n")


def command() -> list[str]:
    script = Path(sys.executable).parent / "actiontrack"
    return [str(script)] if script.exists() else [sys.executable, "-m", "actiontrack"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--docs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "postmortems"
        folder.mkdir()
        for n in range(args.docs):
            (folder / f"2024-01-{n:03d}-incident.md").write_text(postmortem(n))
        cmd = command() + ["check", str(folder), "--format", "json"]
        subprocess.run(cmd, capture_output=True, check=False)  # warm the file cache
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
        summary = proc.stdout.count('"rule"')
    print(f"actiontrack check over {args.docs} postmortems ({summary} findings), whole process, "
          f"{args.runs} runs: median {statistics.median(times) * 1000:.0f} ms, "
          f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
