"""Front matter: the `---` YAML (or `+++` TOML) block some postmortems start with.

Only flat `key: value` pairs matter to actiontrack (id, title, date, severity ...), so this
reads them with a tolerant line reader instead of a YAML library: broken YAML still yields the
keys that are readable, and never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w .-]*?)\s*[:=]\s*(?P<value>.*)$")


@dataclass(frozen=True)
class FrontMatter:
    values: dict[str, str] = field(default_factory=dict)
    end_line: int = 0  # index of the first line after the block (0 when there is none)

    def get(self, *names: str) -> str | None:
        for name in names:
            value = self.values.get(name)
            if value:
                return value
        return None


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


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
    for line in lines[1:end]:
        if line[:1].isspace():
            continue  # nested values (lists, maps) are not metadata actiontrack reads
        match = _KEY.match(line.strip())
        if match:
            key = match["key"].strip().lower().replace(" ", "_").replace("-", "_")
            values.setdefault(key, _unquote(match["value"]))
    return FrontMatter(values=values, end_line=end + 1)
