"""The parser's regular expressions kept compiled between runs, as Python keeps bytecode.

`actiontrack parse` of one postmortem compiled about 150 patterns on every run, 60-90 ms CPU
of its 0.25 s: the same work each time, since what `re` compiles a pattern to depends only on
the pattern, its flags and the interpreter. So the command line keeps that compiled form (the
code `re` hands to `_sre.compile`) in one file in the parse cache's folder
(`patterns.<interpreter>.bin`; `$XDG_CACHE_HOME/actiontrack`, `ACTIONTRACK_CACHE_DIR`, `off`
turns both off), and the parser's patterns (`parsing.lazyre`) are made from it when first
used: about 150 in 2 ms.

No entry gives another pattern than `re.compile` would: one is written only after the
pattern made of it was found equal to `re.compile`'s (the same code, flags and groups); the
file names the interpreter that wrote it (`sys.version`, the version of `_sre`) and is not
read by another; `_sre` validates the code it is handed; and anything unexpected (a Python
without these internals, a file that cannot be read or written, an entry `_sre` refuses)
falls back to `re.compile`. The file is marshal data, as `.pyc` files are, written whole and
atomically at the end of a run that compiled patterns it lacked. Outside the command line
(`kept_in` not called) patterns are compiled by `re.compile`, as before.
"""

from __future__ import annotations

import contextlib
import importlib
import marshal
import os
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

# What `_sre.compile` takes after the pattern: its flags, its code, the number of groups,
# the group names by index and the other way round.
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
Key = tuple[str, int]
# The parser has about 250 patterns. A file that would hold more than this (patterns of
# earlier versions of the parser, which upgrades leave behind) keeps only the ones its run
# used and the new ones: it is read whole by every run (2 ms for 250).
MAX_ENTRIES = 600
# What `_sre` may raise for an entry it will not take, and `marshal` for a file it cannot read.
_REFUSED = (TypeError, ValueError, RuntimeError, OverflowError, EOFError, AttributeError,
            ImportError, IndexError, KeyError, re.error)


_SRE: Any = importlib.import_module("_sre")  # built in, and imported by `re` already


def interpreter() -> str:
    """What the compiled code depends on besides the pattern: the interpreter's build and
    the version of its regular expression engine."""
    return f"{sys.implementation.name} {sys.version} sre {_SRE.MAGIC} {_SRE.CODESIZE}"


def file_name() -> str:
    return f"patterns.{sys.implementation.cache_tag or sys.implementation.name}.bin"


def compiled_entry(pattern: str, flags: int) -> Entry | None:
    """What `re` hands to `_sre.compile` for `pattern` (as `re._compiler.compile` computes
    it), or None when the pattern made of it is not the one `re.compile` makes."""
    try:
        parser = importlib.import_module("re._parser")
        compiler = importlib.import_module("re._compiler")
        parsed = parser.parse(pattern, flags)
        code = [int(op) for op in compiler._code(parsed, flags)]
        groupindex = {str(name): int(index) for name, index in parsed.state.groupdict.items()}
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        entry: Entry = (int(flags | parsed.state.flags), code, int(parsed.state.groups - 1),
                        groupindex, tuple(indexgroup))
        made = _SRE.compile(pattern, *entry)
    except _REFUSED:
        return None
    expected = re.compile(pattern, flags)
    same = (made == expected and made.flags == expected.flags
            and made.groups == expected.groups and made.groupindex == expected.groupindex)
    return entry if same else None


class PatternCache:
    """The compiled patterns of one file: read when the first pattern is asked for, written
    back by `save` when patterns were compiled that it lacked."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._entries: dict[Key, Entry] | None = None
        self._used: set[Key] = set()
        self._new: list[Key] = []
        self.hits = 0

    def _loaded(self) -> dict[Key, Entry]:
        if self._entries is None:
            self._entries = {}
            try:
                stamp, entries = marshal.loads(self.path.read_bytes())
                if stamp == interpreter() and isinstance(entries, dict):
                    self._entries = entries
            except (OSError, *_REFUSED):
                pass  # no file yet, or not one this interpreter wrote: compile
        return self._entries

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        """`re.compile(pattern, flags)`, made from the file's entry when it has one."""
        key = (pattern, int(flags))
        entry = self._loaded().get(key)
        if entry is not None:
            try:
                made: re.Pattern[str] = _SRE.compile(pattern, *entry)
            except _REFUSED:
                pass  # an entry `_sre` will not take: compiled afresh, written again
            else:
                self._used.add(key)
                self.hits += 1
                return made
        self._new.append(key)
        return re.compile(pattern, flags)

    def save(self) -> None:
        """Write the file again with the patterns this run compiled, if there were any. A
        file that cannot be written is left as it is: the next run compiles them again."""
        if not self._new:
            return
        entries = dict(self._loaded())
        if len(entries) + len(self._new) > MAX_ENTRIES:
            entries = {key: entries[key] for key in self._used}
        for key in self._new:
            entry = compiled_entry(*key)
            if entry is not None:
                entries[key] = entry
            else:
                entries.pop(key, None)
        self._new = []
        # a name of this process and this cache: commands side by side in threads save apart
        partial = self.path.with_name(f"{self.path.name}.{os.getpid()}-{id(self)}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(marshal.dumps((interpreter(), entries)))
            os.replace(partial, self.path)
        except OSError:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)


# The cache of the block `kept_in` runs, in this thread (the fault suite runs commands side by
# side in threads of one process; a thread of its own compiles with `re.compile`).
_current: ContextVar[PatternCache | None] = ContextVar("pattern_cache", default=None)


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the pattern cache `kept_in` opened if there is one."""
    cache = _current.get()
    if cache is not None:
        return cache.compile(pattern, flags)
    return re.compile(pattern, flags)


@contextlib.contextmanager
def kept_in(folder: Path | None) -> Iterator[PatternCache | None]:
    """For the block: patterns compiled by `compile_pattern` are made from the cache in
    `folder` (None: none is kept), and the ones it lacked are written to it at the end."""
    if folder is None:
        yield None
        return
    cache = PatternCache(folder / file_name())
    token = _current.set(cache)
    try:
        yield cache
    finally:
        _current.reset(token)
        cache.save()
