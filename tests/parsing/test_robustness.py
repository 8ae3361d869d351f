"""Any input gives items or one clear error, never a crash; nothing outside action sections."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actiontrack.errors import InputError
from actiontrack.model import ItemStatus
from actiontrack.parsing import parse_file, parse_text
from actiontrack.parsing.names import action_name_match

BASE = ("---\ntitle: Cache outage\n---\n# Cache outage\n\nOn 2022-04-01 the cache failed.\n\n"
        "## Action items\n\n- [x] Restore the cache nodes @kim\n- Add a cache hit-rate alert\n")


def _titles(text: str) -> list[str]:
    return [i.title for i in parse_text(text, source="x.md").action_items]


@pytest.mark.parametrize("variant", [
    lambda t: t.replace("\n", "\r\n"),
    lambda t: t.replace("\n", "\r"),
    lambda t: "\ufeff" + t,
    lambda t: t.replace(" ", "\u00a0"),
    lambda t: t.replace("- ", "-\t").replace("## ", "##\t"),
    lambda t: t.replace("Restore", "🔥 Restore"),
    lambda t: t.replace("\n- Add", "\n<!-- a comment -->\n- Add"),
])
def test_encodings_and_whitespace_variants_give_the_same_items(variant) -> None:  # type: ignore[no-untyped-def]
    got = parse_text(variant(BASE), source="x.md")
    titles = [i.title.replace("🔥 ", "") for i in got.action_items]
    assert titles == ["Restore the cache nodes", "Add a cache hit-rate alert"]
    assert got.action_items[0].status == ItemStatus.DONE
    assert got.postmortem.title == "Cache outage"


def test_nothing_inside_code_blocks_or_comments_is_an_item() -> None:
    text = ("## Action items\n```\n- inside a fence\n## Tasks\n```\n~~~md\n- tilde fence\n~~~\n"
            "<!--\n- commented out\n-->\n- Add a real alert <!-- inline note -->\n")
    assert _titles(text) == ["Add a real alert"]


@pytest.mark.parametrize("front", [
    "---\ntitle: [unclosed\n: : :\n  - nested\n---\n",
    "---\ntitle: never closed\n",
    "---\n---\n",
    "+++\ntitle = \"toml\"\n+++\n",
])
def test_broken_front_matter_is_tolerated(front: str) -> None:
    text = front + "## Action items\n- Add a cache alert\n"
    assert _titles(text) == ["Add a cache alert"]


def test_a_ten_megabyte_document(tmp_path: Path) -> None:
    log = "2023-01-01T00:00:00Z worker-3 INFO handled /api/v1/items in 12ms status=200\n"
    text = ("# Big incident\n\nOn 2023-01-01 the API slowed down.\n\n## Logs\n\n"
            + log * (10_000_000 // len(log))
            + "\n## Action items\n\n- [ ] Rotate worker logs @ops\n- Add a latency alert\n")
    path = tmp_path / "big.md"
    path.write_text(text)
    doc = parse_file(path)
    assert [i.title for i in doc.action_items] == ["Rotate worker logs", "Add a latency alert"]
    assert str(doc.postmortem.incident_date) == "2023-01-01"


def test_a_huge_single_line_of_unmatched_markup() -> None:
    text = "## Action items\n- " + "(a [b *c _d `e " * 20_000 + "\n- Add an alert\n"
    assert _titles(text)[-1] == "Add an alert"


@pytest.mark.parametrize(("data", "message"), [
    (b"\x00\x01binary", "binary"), (b"## Tasks\n- caf\xe9\n", "not UTF-8")])
def test_unreadable_files_are_one_clear_error(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "pm.md"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        parse_file(path)


# ---------------------------------------------------------------------------------------------
# Properties

_MARKDOWN_BITS = st.sampled_from([
    "# ", "## ", "###", "- ", "* ", "1. ", "a) ", "[ ] ", "[x] ", "[]", "**", "__", "`", "```",
    "~~~", "<!--", "-->", "|", "| --- |", "---", "===", ":", "(", ")", "[", "](", "http://x/1",
    "@who", "#12", "OPS-1", "by March 3", "Q2 2023", "P1", "(done)", "✅", "\n", "\n\n", "\t",
    "\r\n", "\u00a0", "\ufeff", " ", "Action items", "Tasks:", "Lessons learned", "Timeline",
])
_ARBITRARY = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(_MARKDOWN_BITS, st.text(max_size=12)), max_size=60).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_ARBITRARY)
def test_the_parser_never_raises(text: str) -> None:
    doc = parse_text(text, source="fuzz.md")
    for item in doc.action_items:
        assert item.title.strip() and item.id and item.line >= 1


def _no_action_words(line: str) -> bool:
    return action_name_match(line) is None and "`" not in line and "~~~" not in line \
        and "<!--" not in line and "-->" not in line and not line.startswith(("---", "+++"))


_NOISE_LINE = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
            max_size=40),
    st.lists(_MARKDOWN_BITS.filter(lambda b: "\n" not in b and "\r" not in b),
             max_size=6).map("".join),
).filter(_no_action_words)
_ITEM_LINE = st.text(alphabet=st.characters(blacklist_categories=("Cs",),
                                            blacklist_characters="\r\n`~"), min_size=1,
                     max_size=40).filter(_no_action_words)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.filter_too_much])
@given(st.lists(_NOISE_LINE, max_size=15), st.lists(_ITEM_LINE, max_size=8),
       st.lists(_NOISE_LINE, max_size=15))
def test_items_come_only_from_the_action_section(before: list[str], inside: list[str],
                                                 after: list[str]) -> None:
    lines = ["# Incident", *before, "", "## Action items", *[f"- {t}" for t in inside], "",
             "## Timeline", *after]
    # 1-based line numbers of the action heading and of the heading after the section (the
    # noise may hold headings of the same names, so they are counted, not searched for)
    start = 1 + len(before) + 2
    end = start + len(inside) + 2
    doc = parse_text("\n".join(lines), source="prop.md")
    for item in doc.action_items:
        assert start < item.line < end, (item, lines)


def test_deeply_nested_lists_do_not_exhaust_the_stack() -> None:
    depth = 1_500  # deeper than Python's default recursion limit
    text = "## Action items\n\n" + "".join(" " * n + f"- Add alert {n}\n" for n in range(depth))
    titles = _titles(text)
    assert len(titles) == depth
    assert titles[0] == "Add alert 0" and titles[-1] == f"Add alert {depth - 1}"


def test_a_parent_with_thousands_of_sub_tasks_keeps_them_all_in_order() -> None:
    text = "## Action items\n\n- Review the rollout\n" + "".join(
        f"  - Add alert number {n} for the API\n" for n in range(5_000))
    titles = _titles(text)
    assert titles[:2] == ["Review the rollout", "Add alert number 0 for the API"]
    assert len(titles) == 5_001 and titles[-1] == "Add alert number 4999 for the API"


_HTML_PIECE = st.sampled_from([
    "<div>", "</div>", "<p>", "</p>", "<br>", "<li>", "</li>", "<ul>", "</ul>", "<script>",
    "</script>", "<!--", "-->", "<table><tr><td>", "</td></tr></table>", "<h2>", "</h2>",
    "<a href=https://example.org/1>", "</a>", "<pre>", "</pre>", "\n", " ", "text",
    "Add an alert", "Action items", "- ", "<time datetime=2031-01-01>", "</time>"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(_HTML_PIECE, max_size=60))
def test_an_html_page_of_any_markup_gives_items_on_lines_of_the_file(pieces: list[str]) -> None:
    text = "<!DOCTYPE html><html><body>\n" + "".join(pieces) + "\n</body></html>\n"
    lines = text.count("\n") + 1
    doc = parse_text(text, source="page.html")
    for item in doc.action_items:
        assert item.title.strip() and 1 <= item.line <= lines, (item, text)
        assert "<" not in item.title or ">" not in item.title, item
