"""Parser throughput: documents per second and MB per second, in process (no start-up).

Reuses the generated postmortems of bench_check.py (several shapes: bullets, plain lines,
grouped checkboxes, tables, each with a long timeline that is not an action section).
usage: python benchmarks/bench_parse.py [--docs N]
Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import postmortem

from actiontrack.parsing import parse_text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=500)
    args = parser.parse_args()
    docs = [postmortem(n) for n in range(args.docs)]
    size = sum(len(d.encode()) for d in docs)
    parse_text(docs[0], source="warm-up.md")
    start = time.perf_counter()
    items = sum(len(parse_text(d, source=f"pm-{n}.md").action_items)
                for n, d in enumerate(docs))
    elapsed = time.perf_counter() - start
    print(f"{args.docs} documents, {size / 1e6:.2f} MB, {items} action items, "
          f"in {elapsed:.2f} s")
    print(f"  {args.docs / elapsed:,.0f} documents/s   {size / 1e6 / elapsed:.2f} MB/s   "
          f"{elapsed / args.docs * 1000:.2f} ms/document")


if __name__ == "__main__":
    main()
