"""Start-up time of the actiontrack command, as a user pays it.

Runs each command N times as a whole process and prints the median wall time, plus the cost
of importing PyGithub and jira for comparison (what `--help` would pay if it imported them).
Usage: python benchmarks/bench_startup.py [N]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent / "actiontrack"
EXAMPLE = ROOT / "examples" / "postmortems" / "2023-02-05-shopping-cart-outage.md"


def timed(cmd: list[str], runs: int, cwd: str) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, cwd=cwd)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    with tempfile.TemporaryDirectory() as work:
        rows = [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"]),
            ("actiontrack --help", [str(BIN), "--help"]),
            ("actiontrack parse EXAMPLE", [str(BIN), "parse", str(EXAMPLE)]),
            ("actiontrack sync EXAMPLE (local)", [str(BIN), "sync", str(EXAMPLE)]),
            ("actiontrack report (local)", [str(BIN), "report", "--as-of", "2023-06-01"]),
            ("import github (PyGithub)", [sys.executable, "-c", "import github"]),
            ("import jira", [sys.executable, "-c", "import jira"]),
        ]
        print(f"median of {runs} runs, whole process")
        for label, cmd in rows:
            print(f"  {label:<36} {timed(cmd, runs, work) * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
