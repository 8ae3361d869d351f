"""Parse time of one very long paragraph in an action section, at 1, 2, 4 and 8 MB:
`python benchmarks/bench_parse_long_paragraph.py`. The time should double with the size (it
grew fourfold before continuation lines were collected in a list and joined once).
Figures, not assertions (speed is never a test).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from actiontrack.parsing import parse_text

LINE = "investigate why the replica lag grows when the batch job runs overnight, and "
SHAPES: dict[str, Callable[[int], str]] = {
    "one line": lambda n: "Check the lag: " + LINE * n,
    "bullet wrapped over lines": lambda n: "- Check the lag: " + "\n  ".join([LINE] * n),
    "paragraph wrapped over lines": lambda n: "Check the lag: " + "\n".join([LINE] * n),
    # a note paragraph indented under a bullet after a blank line (its lines were once
    # appended to one string, each copying the note so far)
    "note paragraph under a bullet": lambda n: "- Check the lag\n\n  " + "\n  ".join([LINE] * n),
}


def main() -> None:
    for name, make in SHAPES.items():
        for mb in (1, 2, 4, 8):
            text = "# Outage\n\n## Action items\n\n" + make(mb * 2**20 // len(LINE)) + "\n"
            start = time.perf_counter()
            doc = parse_text(text, source="big.md")
            took = time.perf_counter() - start
            print(f"{name:30} {mb} MB  {took:6.2f} s  {len(doc.action_items)} item(s)")


if __name__ == "__main__":
    main()
