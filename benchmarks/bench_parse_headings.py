"""Parse time against the number of headings: `python benchmarks/bench_parse_headings.py`.

Each shape is built in memory at 10k, 20k, 40k and 100k headings and parsed once with
`parse_text`; the script prints the seconds and the microseconds per heading, which stay flat
when parsing is linear. Figures, not assertions (speed is never a test).

Shapes: bare ATX headings; `Tasks` lines one after another, the shape issue 13 measured
(finding where each section ends used to slice the rest of the heading list: 10k/20k/40k
took 0.7/2.4/7.7 s and 100k 42-49 s; a line that does not stand alone is no heading now, so
after the first they are the items of one section); `Tasks N:` lines each opening a section
with one item; one action section with a sub-heading and an item per group; setext headings
with a paragraph each.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from actiontrack.parsing import parse_text

SHAPES: dict[str, Callable[[int], str]] = {
    "bare ATX headings": lambda n: "".join(f"## Heading {i}\n" for i in range(n)),
    "'Tasks' lines": lambda n: "Tasks\n" * n,
    "'Tasks N:' sections": lambda n: "".join(f"Tasks {i}:\n\n- Add alert {i}\n\n"
                                             for i in range(n)),
    "one section, n groups": lambda n: "# Action items\n\n" + "".join(
        f"### Group {i}\n\n- Add alert number {i}\n\n" for i in range(n)),
    "setext headings + text": lambda n: "".join(
        f"Part {i}\n-------\n\nSome text about part {i}.\n\n" for i in range(n)),
}
SIZES = (10_000, 20_000, 40_000, 100_000)


def main() -> None:
    print(f"{'shape':26} {'headings':>9} {'seconds':>8} {'us/heading':>11}")
    for name, make in SHAPES.items():
        for n in SIZES:
            text = make(n)
            t0 = time.perf_counter()
            parse_text(text, source="many-headings.md")
            seconds = time.perf_counter() - t0
            print(f"{name:26} {n:>9,} {seconds:8.2f} {seconds / n * 1e6:11.1f}", flush=True)


if __name__ == "__main__":
    main()
