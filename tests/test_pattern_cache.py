"""The compiled patterns kept between runs (`pattern_cache`) make exactly the patterns
`re.compile` makes, and a file that is missing, damaged, written by another interpreter or
cannot be written only costs a compile."""

from __future__ import annotations

import importlib
import marshal
import os
import pkgutil
import re
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import actiontrack.parsing
from actiontrack import pattern_cache
from actiontrack.parsing.lazyre import LazyPattern
from actiontrack.pattern_cache import PatternCache, compile_pattern, file_name, kept_in

SAMPLES = ("- [ ] Add an alert on the billing queue (@okafor, due 2024-05-01) #12",
           "| Fix retry loop | Dana Whitfield | preventive | 2024-06-30 | OPS-7 |",
           "## Action items\n1. **Owner:** Marco. Status: done (2024-03-02)",
           "Within 2 weeks; won't do; P1; https://example.com/pull/3 İ ß")


def parser_patterns() -> list[tuple[str, int]]:
    """Every pattern the parser's modules compile on first use."""
    found: dict[tuple[str, int], None] = {}
    for info in pkgutil.iter_modules(actiontrack.parsing.__path__):
        module = importlib.import_module(f"actiontrack.parsing.{info.name}")
        for value in vars(module).values():
            for pattern in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(pattern, LazyPattern):
                    found[(pattern.pattern, int(pattern._flags))] = None
    return list(found)


def same_pattern(made: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert made == expected and hash(made) == hash(expected)
    assert (made.pattern, made.flags, made.groups, made.groupindex) == \
        (expected.pattern, expected.flags, expected.groups, expected.groupindex)
    for text in SAMPLES:
        assert [m.span() for m in made.finditer(text)] == \
            [m.span() for m in expected.finditer(text)]
        assert made.sub("~", text) == expected.sub("~", text)


def test_every_parser_pattern_made_from_the_file_is_the_one_re_compiles(tmp_path: Path
                                                                         ) -> None:
    patterns = parser_patterns()
    assert len(patterns) > 150
    with kept_in(tmp_path) as first:
        assert first is not None
        for pattern, flags in patterns:
            same_pattern(compile_pattern(pattern, flags), pattern, flags)
        assert first.hits == 0
    assert (tmp_path / file_name()).is_file()
    again = PatternCache(tmp_path / file_name())
    for pattern, flags in patterns:
        same_pattern(again.compile(pattern, flags), pattern, flags)
    assert again.hits == len(patterns)  # none compiled again


def test_outside_kept_in_patterns_are_compiled_as_before(tmp_path: Path) -> None:
    with kept_in(None) as none:
        assert none is None
        assert compile_pattern(r"(?i)due\s+(\d+)") == re.compile(r"(?i)due\s+(\d+)")
    assert pattern_cache._current.get() is None
    with kept_in(tmp_path) as cache:
        assert pattern_cache._current.get() is cache is not None
    assert pattern_cache._current.get() is None and (tmp_path / file_name()).exists() is False


def test_commands_side_by_side_in_threads_each_keep_their_own(tmp_path: Path) -> None:
    """The fault suite runs syncs at once in threads of one process: the first to finish
    must not end the other's cache (it did: the second found none to save)."""
    both_in, first_out = threading.Barrier(2), threading.Event()
    failures: list[BaseException] = []

    def command(name: str, leaves_first: bool) -> None:
        try:
            with kept_in(tmp_path / name) as cache:
                both_in.wait(timeout=10)
                if not leaves_first:
                    assert first_out.wait(timeout=10)
                assert pattern_cache._current.get() is cache
                compile_pattern(rf"\b{name}-(\d+)\b")
        except BaseException as exc:  # noqa: BLE001 - reported by the test thread below
            failures.append(exc)
        finally:
            first_out.set()

    threads = [threading.Thread(target=command, args=(name, name == "a")) for name in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert failures == []
    for name in "ab":
        _stamp, entries = marshal.loads((tmp_path / name / file_name()).read_bytes())
        assert list(entries) == [(rf"\b{name}-(\d+)\b", 0)]


def test_a_file_another_interpreter_wrote_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / file_name()
    entry = pattern_cache.compiled_entry(r"owner:\s*(?P<who>\w+)", re.I)
    assert entry is not None
    path.write_bytes(marshal.dumps(("cpython 2.7 sre 1 4", {(r"owner:\s*(?P<who>\w+)", 2):
                                                           entry})))
    cache = PatternCache(path)
    same_pattern(cache.compile(r"owner:\s*(?P<who>\w+)", re.I), r"owner:\s*(?P<who>\w+)", 2)
    assert cache.hits == 0
    cache.save()
    stamp, entries = marshal.loads(path.read_bytes())
    assert stamp == pattern_cache.interpreter() and list(entries) == [
        (r"owner:\s*(?P<who>\w+)", 2)]


@pytest.mark.parametrize("damage", ["not marshal data", "truncated code", "wrong shape"])
def test_a_damaged_file_or_entry_costs_a_compile(tmp_path: Path, damage: str) -> None:
    path = tmp_path / file_name()
    pattern = r"^(?P<indent>\s*)[-*+]\s+\[(?P<box>[ xX])\]"
    entry = pattern_cache.compiled_entry(pattern, 0)
    assert entry is not None
    if damage == "not marshal data":
        path.write_bytes(b"\x00garbage" * 10)
    else:
        broken: object = (entry[0], entry[1][:-3], *entry[2:]) if damage == "truncated code" \
            else ("code", None)
        path.write_bytes(marshal.dumps((pattern_cache.interpreter(), {(pattern, 0): broken})))
    cache = PatternCache(path)
    same_pattern(cache.compile(pattern), pattern, 0)
    assert cache.hits == 0
    cache.save()  # written again, right this time
    again = PatternCache(path)
    same_pattern(again.compile(pattern), pattern, 0)
    assert again.hits == 1


def test_a_folder_that_cannot_be_written_is_left_alone(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    with kept_in(blocked / "sub"):
        same_pattern(compile_pattern(r"\bP[0-4]\b"), r"\bP[0-4]\b", 0)
    assert blocked.read_text() == "a file where the folder would be"
    assert list(tmp_path.iterdir()) == [blocked]


COUNT = """
import re._compiler, sys
from actiontrack.cli import main
compiled = []
real = re._compiler.compile
re._compiler.compile = lambda p, flags=0: compiled.append(p) or real(p, flags)
code = main(sys.argv[1:])
print(code, len(compiled), file=sys.stderr)
"""


def test_parse_compiles_the_parser_patterns_once_per_machine(example: Path, tmp_path: Path
                                                             ) -> None:
    """The first `parse` compiles the patterns it uses and keeps them in the cache folder;
    the next one makes them from there, with the same output. `ACTIONTRACK_CACHE_DIR=off`
    keeps none."""
    def parse(*env: tuple[str, str]) -> tuple[str, int]:
        proc = subprocess.run([sys.executable, "-c", COUNT, "parse", str(example), "--explain"],
                              capture_output=True, text=True, cwd=tmp_path,
                              env={**os.environ, **dict(env)})
        code, compiled = proc.stderr.split()
        assert code == "0"
        return proc.stdout, int(compiled)

    cache = tmp_path / "cache"
    first, compiled_first = parse(("ACTIONTRACK_CACHE_DIR", str(cache)))
    assert (cache / file_name()).is_file()
    second, compiled_second = parse(("ACTIONTRACK_CACHE_DIR", str(cache)))
    assert second == first
    assert compiled_first - compiled_second > 100  # the parser's patterns, not compiled again
    off, compiled_off = parse(("ACTIONTRACK_CACHE_DIR", "off"))
    assert off == first and compiled_off == compiled_first


def test_a_file_too_full_of_old_patterns_keeps_only_what_its_run_used(tmp_path: Path) -> None:
    """Patterns of earlier versions of the parser are left behind by upgrades: once the file
    would hold more than MAX_ENTRIES, it keeps the ones its run used and the new ones."""
    path = tmp_path / file_name()
    old = {(rf"old pattern {n}", 0): pattern_cache.compiled_entry(rf"old pattern {n}", 0)
           for n in range(pattern_cache.MAX_ENTRIES)}
    path.write_bytes(marshal.dumps((pattern_cache.interpreter(), old)))
    cache = PatternCache(path)
    same_pattern(cache.compile("old pattern 7"), "old pattern 7", 0)
    same_pattern(cache.compile(r"new (pattern)"), r"new (pattern)", 0)
    assert cache.hits == 1
    cache.save()
    _stamp, entries = marshal.loads(path.read_bytes())
    assert sorted(entries) == [(r"new (pattern)", 0), ("old pattern 7", 0)]
