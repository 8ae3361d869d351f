"""Postmortem documents -> `ParsedDocument` (postmortem metadata and action items).

`parse_file` reads a path (refusing binary or non-UTF-8 files with one clear error) and
`parse_text` does the work on a string; `read_file` / `read_text` also return the `Trace` of
why each section, line and title was read as it was (`parse --explain`, `check`). None of
them imports a tracker client.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from .explain import Doubt, Trace

if TYPE_CHECKING:
    from ..model import ParsedDocument
    from .document import Reading, Settings, parse_text, read_text

# The parser itself is imported on first use (its rules compile some 240 regular expressions,
# a fifth of a second): a sync or check whose postmortems all come from the parse cache, or
# that only reads files, never needs it.
_PARSER = ("Reading", "parse_text", "read_text")


def __getattr__(name: str) -> Any:
    if name in _PARSER:
        from . import document
        return getattr(document, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["parse_text", "parse_file", "read_text", "read_file", "read_postmortem",
           "postmortem_bytes", "decode_postmortem", "Reading", "Trace", "Doubt",
           "POSTMORTEM_SUFFIXES"]

POSTMORTEM_SUFFIXES = (".md", ".markdown", ".txt", ".mdx", ".rst", ".erb")


def read_postmortem(path: Path) -> str:
    """The text of a postmortem file, or an `InputError` saying why it cannot be read."""
    return decode_postmortem(path, postmortem_bytes(path))


def postmortem_bytes(path: Path) -> bytes:
    """The bytes of a postmortem file, or an `InputError` saying why they cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path), hint="check the path") from None
    except IsADirectoryError:
        raise InputError("is a folder", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read it ({exc.strerror})", path=str(path)) from None


def decode_postmortem(path: Path, data: bytes) -> str:
    """The text of a postmortem file's bytes, or an `InputError` saying why it is not text
    (a cache keyed on the bytes parses exactly these)."""
    if b"\x00" in data[:8192]:
        raise InputError("is a binary file, not a postmortem", path=str(path),
                         hint="pass Markdown or plain-text files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("is not UTF-8 text", path=str(path), line=line,
                         hint="save the file as UTF-8") from None
    return text


def parse_file(path: str | Path, settings: Settings | None = None) -> ParsedDocument:
    return read_file(path, settings).document


def read_file(path: str | Path, settings: Settings | None = None) -> Reading:
    from .document import read_text
    path = Path(path)
    return read_text(read_postmortem(path), source=str(path), settings=settings)
