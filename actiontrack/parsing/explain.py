"""Why the parser read a document as it did: the record behind `actiontrack parse --explain`
and behind the `check` warnings about uncertain extraction.

Each pass writes into one `Trace`: the section pass a verdict per heading, the item pass what
each line of an action section became (an item, a field of one, part of one, or nothing, and
why), the field pass what it removed from each title, and every pass the doubts it has (a
section taken on a weak signal, an owner placeholder, a due date it could not read).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Doubt:
    line: int | None  # 1-based
    rule: str  # the check rule it becomes: weak-section, prose-item, owner-placeholder ...
    message: str


@dataclass
class Trace:
    sections: list[tuple[int, bool, str]] = field(default_factory=list)  # line, taken, why
    lines: dict[int, str] = field(default_factory=dict)  # 0-based line -> what it became
    doubts: list[Doubt] = field(default_factory=list)

    def line(self, index: int, what: str) -> None:
        """Record what a line became; the first pass to say so is the one that decided."""
        self.lines.setdefault(index, what)

    def overrule(self, index: int, what: str) -> None:
        """A later pass decided otherwise about the line (its earlier record is replaced)."""
        self.lines[index] = what

    def doubt(self, line: int | None, rule: str, message: str) -> None:
        self.doubts.append(Doubt(line, rule, message))


def _one_based(index: int) -> int:
    return index + 1


def render(trace: Trace, lines: list[str], items: list[tuple[int, str, tuple[str, ...]]],
           number: Callable[[int], int] = _one_based) -> str:
    """The explanation as text: each heading's verdict, then what each line of the action
    sections became, then each item with what was removed from its title. `number` gives the
    file's line of a 0-based line of `lines` (an HTML page's text has lines of its own)."""
    out = ["Sections:"]
    for line, taken, why in trace.sections:
        text = lines[line].strip() if 0 <= line < len(lines) else ""
        out.append(f"  {number(line):>4}  {'TAKEN' if taken else 'left '}  {_short(text)}  "
                   f"-- {why}")
    out.append("Lines of the action sections:")
    for index in sorted(trace.lines):
        out.append(f"  {number(index):>4}  {_short(lines[index].strip())}  -> "
                   f"{trace.lines[index]}")
    out.append("Items:")
    for line, title, removed in items:
        extra = f"  (removed: {'; '.join(removed)})" if removed else ""
        out.append(f"  {line:>4}  {title}{extra}")
    if trace.doubts:
        out.append("Uncertain:")
        for doubt in trace.doubts:
            where = f"{doubt.line:>4}" if doubt.line else "   -"
            out.append(f"  {where}  [{doubt.rule}] {doubt.message}")
    return "\n".join(out)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def trace_json(trace: Trace, lines: list[str], number: Callable[[int], int] = _one_based
               ) -> dict[str, object]:
    """The explanation as data (`parse --format json --explain`); line numbers are 1-based,
    the file's own (see `render`)."""
    return {
        "sections": [{"line": number(line), "text": lines[line].strip(), "taken": taken,
                      "why": why}
                     for line, taken, why in trace.sections if 0 <= line < len(lines)],
        "lines": [{"line": number(index), "what": what}
                  for index, what in sorted(trace.lines.items())],
        "uncertain": [{"line": d.line, "rule": d.rule, "message": d.message}
                      for d in trace.doubts],
    }
