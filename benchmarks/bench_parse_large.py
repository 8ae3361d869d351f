"""Parse time of very large list-heavy postmortems: `python benchmarks/bench_parse_large.py`.

Each shape is built in memory and parsed once with `parse_text`; the script prints the size,
the seconds and the number of items. Figures, not assertions (speed is never a test).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from actiontrack.parsing import parse_text


def rich(n: int) -> str:
    """n annotated checkbox items (owner, due date, Jira key), every tenth with a link note."""
    parts = ["# Big incident\n\nOn 2023-01-01 the API slowed down.\n\n## Action items\n\n"]
    for i in range(n):
        parts.append(f"- [ ] Add a latency alert for endpoint number {i} of the public API "
                     f"@ops{i % 50} (due 2023-03-01) OPS-{i}\n")
        if i % 10 == 0:
            parts.append(f"  - see https://github.com/acme/api/issues/{i}\n")
    return "".join(parts)


SHAPES: dict[str, Callable[[], str]] = {
    "80,000 annotated items": lambda: rich(80_000),
    "80,000 plain bullets": lambda: "## Action items\n\n" + "".join(
        f"- Add alert number {i} for the public API endpoints\n" for i in range(80_000)),
    "one parent, 20,000 sub-tasks": lambda: "## Action items\n\n- Review the rollout:\n"
    + "".join(f"  - Add alert number {i} for the API\n" for i in range(20_000)),
    "2,000 nested levels": lambda: "## Action items\n\n" + "".join(
        " " * i + f"- Add alert number {i}\n" for i in range(2_000)),
    # an HTML page (see actiontrack/parsing/htmlpage.py): blocks on one line each, and tags
    # never closed, which must not make each one search the rest of the page
    "HTML page, 50,000 blocks": lambda: "<!DOCTYPE html><html><body>" + "".join(
        f"<div><p>Line {i} of the timeline</p></div>\n" for i in range(50_000))
    + "<h2>Action items</h2><ul><li>Add an alert</li></ul>",
    "HTML page, 20,000 unclosed tags": lambda: "<!DOCTYPE html><html><body>"
    + "<script>x\n<!-- y\n<a href=z>\n<table>\n" * 5_000
    + "<h2>Action items</h2><ul><li>Add an alert</li></ul>",
}


def main() -> None:
    for name, make in SHAPES.items():
        text = make()
        t0 = time.perf_counter()
        found = len(parse_text(text, source="big.md").action_items)
        print(f"{name:32} {len(text) / 1e6:5.1f} MB {time.perf_counter() - t0:7.2f} s  "
              f"{found} items", flush=True)


if __name__ == "__main__":
    main()
