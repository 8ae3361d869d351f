"""A pattern compiled on first use answers as `re.compile` would, from its first call on."""

from __future__ import annotations

import re

from actiontrack.parsing.lazyre import LazyPattern, lazy


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    text = "Owner: Dana, due 2024-05-01; Owner: marco"
    for flags in (0, re.I | re.M):
        eager = re.compile(r"owner:\s*(?P<who>\w+)", flags)
        late = lazy(r"owner:\s*(?P<who>\w+)", flags)
        assert isinstance(late, LazyPattern) and "search" not in vars(late)  # not compiled yet
        assert [m.group("who") for m in late.finditer(text)] == \
            [m.group("who") for m in eager.finditer(text)]
        assert late.sub("-", text) == eager.sub("-", text)
        assert late.findall(text) == eager.findall(text)
        assert late.split(text) == eager.split(text)
        assert (late.flags, late.groups, late.groupindex) == \
            (eager.flags, eager.groups, eager.groupindex)
        assert late.pattern == eager.pattern
        assert bool(late.match(text)) == bool(eager.match(text))
        assert bool(late.fullmatch("owner: x")) == bool(eager.fullmatch("owner: x"))


def test_a_lazy_pattern_equals_its_compiled_form_as_compiled_patterns_do() -> None:
    """`match.re in (PATTERN, ...)` (the date reader asks which pattern matched) holds for a
    pattern compiled on first use as for one compiled on import."""
    late = lazy(r"(?P<day>[0-3]?\d) March", re.I)
    found = late.search("on 11 March")
    assert found is not None and found.re in (late,) and found.re == late
    assert late == lazy(r"(?P<day>[0-3]?\d) March", re.I) != lazy(r"(?P<day>[0-3]?\d) March")
    assert hash(late) == hash(re.compile(r"(?P<day>[0-3]?\d) March", re.I))
    assert late != r"(?P<day>[0-3]?\d) March"
