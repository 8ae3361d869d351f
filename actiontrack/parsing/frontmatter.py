"""Front matter: the `---` YAML (or `+++` TOML) block some postmortems start with.

YAML is read with PyYAML's `safe_load`, TOML with `tomllib`, so every valid document means
what its author wrote (`id: "pm-8" # comment`, `\\"`, `'it''s'`, folded scalars). Only scalar
values matter to actiontrack (id, title, date, severity ...); lists and maps are set aside.

YAML that does not parse (an unclosed quote, a Jekyll `{{ }}` template) is read by a tolerant
line reader instead, so the readable keys still count; the keys it could not read are named
in `broken` so the caller can warn. A block that does not parse and reads as text (a heading,
more lines of prose than of `key: value`) is the document between two horizontal rules, not
front matter. Nothing here raises.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from .lazyre import lazy

_KEY = lazy(r"^(?P<key>[A-Za-z_][\w .-]*?)\s*[:=]\s*(?P<value>.*)$")


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


def read_front_matter(lines: list[str]) -> FrontMatter:
    """The front matter at the top of the document, if it has one that is closed."""
    if lines and _METADATA_KEY.match(lines[0]):
        return _metadata_block(lines)
    if not lines or lines[0].strip() not in ("---", "+++"):
        return FrontMatter()
    fence = lines[0].strip()
    # A front matter block is short; searching the whole of a huge file would be wasted work.
    for end in range(1, min(len(lines), 500)):
        if lines[end].strip() in (fence, "...") and end > 0:
            break
    else:
        return FrontMatter()
    body = lines[1:end]
    parsed, error_line = _load_toml(body) if fence == "+++" else _load_yaml(body)
    if parsed is not None:
        return FrontMatter(values=_scalars(parsed), end_line=end + 1)
    if _reads_as_the_document(body):
        return FrontMatter()  # two `---` rules around the text itself: no front matter
    values, broken = _tolerant(body)
    if not broken and error_line is not None:
        broken = [f"line {error_line}"]
    return FrontMatter(values=values, end_line=end + 1, broken=tuple(broken))


_HEADING = lazy(r"^#{1,6}\s+\S")


def _reads_as_the_document(body: list[str]) -> bool:
    """A block between two `---` lines that does not parse and reads as the postmortem
    itself (a heading, or fewer `key: value` lines than lines of text) is no front matter:
    a writer opened and closed the document with horizontal rules."""
    text = [line.strip() for line in body if line.strip() and not line[:1].isspace()]
    headings = sum(1 for line in text if _HEADING.match(line))  # or YAML comments
    keys = sum(1 for line in text if not _HEADING.match(line) and _KEY.match(line))
    prose = len(text) - headings - keys
    return bool(headings and prose) or keys * 2 < len(text)


def _load_yaml(body: list[str]) -> tuple[dict[Any, Any] | None, int | None]:
    """The YAML as a map, or None; and the line of a syntax error (None when the syntax is
    valid but a value is not, as in `date: 2023-13-45`)."""
    import yaml  # only documents with front matter pay for the import

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load("\n".join(body), Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, (int(mark.line) + 2 if mark is not None else 2)  # `---` is line 1
    except (ValueError, TypeError, OverflowError):
        return None, None
    if data is None:
        return {}, None
    return (data, None) if isinstance(data, dict) else (None, None)


# Pelican and MultiMarkdown metadata: `Title: ...`, `Date: ...` lines that open the file, up
# to the first blank line, with no fence around them.
_METADATA_KEY = lazy(r"(?i)^(?:title|date|author|authors|slug|tags|category|summary"
                     r"|description|modified|status|lang)\s*:\s*\S")


def _metadata_block(lines: list[str]) -> FrontMatter:
    values: dict[str, str] = {}
    end = next((n for n, line in enumerate(lines[:60]) if not line.strip()), None)
    if end is None:
        return FrontMatter()
    for line in lines[:end]:
        m = _KEY.match(line)
        if m is None or not _METADATA_KEY.match(line):
            return FrontMatter()
        values[m["key"].strip().casefold()] = m["value"].strip()
    if len(values) < 2 or not ({"title", "date"} & values.keys()):
        return FrontMatter()
    return FrontMatter(values=values, end_line=end + 1)


def _load_toml(body: list[str]) -> tuple[dict[str, Any] | None, int | None]:
    import tomllib

    try:
        return tomllib.loads("\n".join(body)), None
    except tomllib.TOMLDecodeError:
        return None, None


def _normal_key(key: str) -> str:
    return key.strip().lower().replace(" ", "_").replace("-", "_")


def _scalars(data: dict[Any, Any]) -> dict[str, str]:
    """The scalar values as text (a date as ISO); lists, maps and nulls are left out."""
    values: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool) or value is None or isinstance(value, dict | list):
            continue
        if isinstance(value, dt.date):  # a datetime is a date too
            text = value.isoformat()
        elif isinstance(value, str | int | float):
            text = str(value).strip()
        else:
            continue
        values.setdefault(_normal_key(str(key)), text)
    return values


_CLOSERS = {"'": "'", '"': '"', "[": "]", "{": "}"}
# Valid YAML that is not a plain scalar: a block scalar (`|`, `>-`), an anchor, alias or tag.
_NOT_SCALAR = lazy(r"^(?:[|>][+-]?\d*|[&*!]\S*)(?:\s|$)")


def _scalar(value: str) -> tuple[str | None, bool]:
    """The plain value written, or None; and whether what is written is broken YAML."""
    value = re.sub(r"\s+#.*$", "", value.strip())
    opener = value[:1]
    if opener in _CLOSERS:
        if len(value) < 2 or not value.endswith(_CLOSERS[opener]):
            return None, True
        if opener in "[{":
            return None, False  # a list or a map: not a value actiontrack reads
        return value[1:-1].strip(), False
    if _NOT_SCALAR.match(value):
        return None, False
    return value, False


def _tolerant(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """The `key: value` lines that can be read from YAML that does not parse as a whole."""
    values: dict[str, str] = {}
    broken: list[str] = []
    for line in body:
        if line[:1].isspace():
            continue  # nested values (lists, maps) are not metadata actiontrack reads
        match = _KEY.match(line.strip())
        if match:
            key = _normal_key(match["key"])
            value, bad = _scalar(match["value"])
            if bad and key not in broken:
                broken.append(key)
            if value is not None:
                values.setdefault(key, value)
    return values, broken
