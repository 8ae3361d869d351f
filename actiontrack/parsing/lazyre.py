"""Regular expressions compiled on first use, not on import.

The parser's modules hold some 200 patterns; compiling them all was nine tenths of importing
the parser (about 0.1 s CPU), and one postmortem uses about half of them (a table, a checkbox
list and a numbered list each need their own). `parse` of one file, run by an editor or a
pre-commit hook on every save, pays for the ones it uses; from the command line, made from
their compiled form kept between runs (`actiontrack.pattern_cache`).
"""

from __future__ import annotations

import re
from typing import Any, cast

from ..pattern_cache import compile_pattern

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer",
            "scanner")


class LazyPattern:
    """A pattern that compiles itself the first time one of its methods is asked for, then
    hands out the compiled pattern's own methods (no indirection on later calls)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = compile_pattern(self.pattern, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        for attribute in ("flags", "groups", "groupindex"):
            setattr(self, attribute, getattr(compiled, attribute))
        self.compiled = compiled
        return compiled if name == "compiled" else getattr(compiled, name)

    def __eq__(self, other: object) -> bool:
        """Equal as compiled patterns are (same pattern, same flags), to a compiled one too:
        `match.re in (LAZY, ...)` asks the compiled pattern a match came from."""
        if isinstance(other, LazyPattern):
            other = other.compiled
        return isinstance(other, re.Pattern) and self.compiled == other

    def __hash__(self) -> int:
        return hash(self.compiled)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r}, {self._flags})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
