"""Front matter: the `---` YAML (or `+++` TOML) block some postmortems start with.

Only flat `key: value` pairs matter to actiontrack (id, title, date, severity ...), so this
reads them with a tolerant line reader instead of a YAML library: broken YAML still yields the
keys that are readable, and never an exception. Only plain scalars are values: a list, a map, a
block scalar or an anchor is set aside, and a value that is broken (an unclosed quote or
bracket: `title: "Outage`) is set aside and named in `broken` so the caller can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w .-]*?)\s*[:=]\s*(?P<value>.*)$")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str] = field(default_factory=dict)
    end_line: int = 0  # index of the first line after the block (0 when there is none)
    broken: tuple[str, ...] = ()  # keys whose value is not valid YAML

    def get(self, *names: str) -> str | None:
        for name in names:
            value = self.values.get(name)
            if value:
                return value
        return None


_CLOSERS = {"'": "'", '"': '"', "[": "]", "{": "}"}
# Valid YAML that is not a plain scalar: a block scalar (`|`, `>-`), an anchor, alias or tag.
_NOT_SCALAR = re.compile(r"^(?:[|>][+-]?\d*|[&*!]\S*)(?:\s|$)")


def _scalar(value: str) -> tuple[str | None, bool]:
    """The plain value written, or None; and whether what is written is broken YAML."""
    value = value.strip()
    opener = value[:1]
    if opener in _CLOSERS:
        if len(value) < 2 or not value.endswith(_CLOSERS[opener]):
            return None, True
        if opener in "[{":
            return None, False  # a list or a map: valid, but not a value actiontrack reads
        return value[1:-1].strip(), False
    if _NOT_SCALAR.match(value):
        return None, False
    return value, False


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The front matter at the top of the document, if it has one that is closed."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return FrontMatter()
    fence = lines[0].strip()
    # A front matter block is short; searching the whole of a huge file would be wasted work.
    for end in range(1, min(len(lines), 500)):
        if lines[end].strip() in (fence, "...") and end > 0:
            break
    else:
        return FrontMatter()
    values: dict[str, str] = {}
    broken: list[str] = []
    for line in lines[1:end]:
        if line[:1].isspace():
            continue  # nested values (lists, maps) are not metadata actiontrack reads
        match = _KEY.match(line.strip())
        if match:
            key = match["key"].strip().lower().replace(" ", "_").replace("-", "_")
            value, bad = _scalar(match["value"])
            if bad and key not in broken:
                broken.append(key)
            if value is not None:
                values.setdefault(key, value)
    return FrontMatter(values=values, end_line=end + 1, broken=tuple(broken))
