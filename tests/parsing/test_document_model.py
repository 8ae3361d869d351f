"""The document model (parsing/blocks.py, headings.py): every heading syntax, lists with their
nesting, tables, paragraphs and code are read once, in one pass; the later passes only read
the blocks. Each test is a document written for it, in the shape that went wrong on a real
postmortem."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ItemStatus
from actiontrack.parsing import parse_text
from actiontrack.parsing.blocks import CODE, HEADING, ITEM, PARAGRAPH, TABLE, read_document
from actiontrack.parsing.headings import BOLD_LEVEL, LABEL_LEVEL, PLAIN_LEVEL


def _titles(text: str, source: str = "pm.md") -> list[str]:
    return [i.title for i in parse_text(text, source=source).action_items]


@pytest.mark.parametrize(("text", "level", "syntax"), [
    ("## Action items ##\n", 2, "atx"),
    ("Action items\n============\n", 1, "setext"),
    ("Action items\n~~~~~~~~~~~~\n", 3, "setext"),
    ("************\nAction items\n************\n", 1, "setext"),
    ("<h2 id='x'>Action items</h2>\n", 2, "html"),
    ("== Action items\n", 2, "asciidoc"),
    ("h2. Action items\n", 2, "atx"),  # Confluence wiki markup, rewritten as ATX
    ("**Action items:**\n", BOLD_LEVEL, "bold"),
    ("Action items:\n", PLAIN_LEVEL, "plain"),
])
def test_every_heading_syntax_is_one_heading(text: str, level: int, syntax: str) -> None:
    doc = read_document("\n" + text + "\n- Add a disk alert\n")
    heading, = doc.headings
    assert (heading.text, heading.level, heading.syntax) == ("Action items", level, syntax)
    assert [b.kind for b in doc.blocks] == [HEADING, ITEM]


def test_mediawiki_headings_bold_labels_and_numbered_lists() -> None:
    text = ("==Summary==\nThe chain forked.\n\n==Action items==\n\n===Immediately===\n\n"
            "'''Done''': Release a patched version with these rules:\n"
            "# Reject blocks that take too many locks\n# Cap the block size\n\n"
            "===Testing===\n\nStart running load bots on the testnet.\n")
    items = parse_text(text, source="bip.mediawiki").action_items
    assert [(i.title, i.status) for i in items] == [
        ("Release a patched version with these rules", ItemStatus.DONE),
        ("Reject blocks that take too many locks", ItemStatus.DONE),
        ("Cap the block size", ItemStatus.DONE),
        ("Start running load bots on the testnet", ItemStatus.OPEN)]


def test_a_restructuredtext_tilde_underline_is_a_heading_not_a_code_fence() -> None:
    # A fence would hide the rest of the document, action items included.
    text = ("Outage\n======\n\nWhat happened\n~~~~~~~~~~~~~\n\nThe cache failed.\n\n"
            "Follow-up tasks\n~~~~~~~~~~~~~~~\n\n- Add a cache alert\n- Rotate the cache keys\n")
    doc = read_document(text)
    assert [h.text for h in doc.headings] == ["Outage", "What happened", "Follow-up tasks"]
    assert not any(b.kind == CODE for b in doc.blocks)
    assert _titles(text, "pm.rst") == ["Add a cache alert", "Rotate the cache keys"]


def test_restructuredtext_styles_rank_by_first_use() -> None:
    text = ("####\nTitle\n####\n\nPart\n****\n\nSub\n^^^\n\nOther part\n****\n")
    levels = [(h.text, h.level) for h in read_document(text).headings]
    assert levels == [("Title", 1), ("Part", 3), ("Sub", 4), ("Other part", 3)]


def test_restructuredtext_directives_and_their_bodies_are_not_text() -> None:
    text = ("Follow-up tasks\n---------------\n\n.. code:: python\n\n    - not an item\n\n"
            ".. image:: ./graph.png\n\n- Add a memory limit\n")
    assert _titles(text, "pm.rst") == ["Add a memory limit"]


def test_an_indented_label_line_in_plain_text_opens_its_own_list() -> None:
    text = ("Database outage\n\nWhat happened:\n  The primary ran out of disk.\n"
            "  Next:\n    - Add a disk alert on the primary\n    - Move the WAL to its own volume\n"
            "\nTimeline:\n  - 10:00 paged\n")
    doc = read_document(text)
    label = next(h for h in doc.headings if h.level == LABEL_LEVEL)
    assert (label.text, label.indent) == ("Next", 2)
    assert _titles(text, "pm.txt") == ["Add a disk alert on the primary",
                                       "Move the WAL to its own volume"]


def test_html_paragraph_tags_separate_paragraphs_and_each_is_an_item() -> None:
    text = ("<h2>How will we do better in the future?</h2>\n\n<p>\n  We will deploy large "
            "refactors on their own.\n</p>\n\n<p>\nWe will test every attribute of the event "
            "classes.\n</p>\n")
    assert _titles(text) == ["We will deploy large refactors on their own",
                             "We will test every attribute of the event classes"]


def test_mdx_imports_and_exports_are_not_text() -> None:
    text = ("import { Layout } from '@/components/Layout'\n\nexport const post = {\n"
            "  date: '2024-11-19',\n  title: 'Relay outage',\n}\n\n"
            "## What happened\n\nOn November 5th ’24 the relays went down.\n\n"
            "## The following 2 weeks\n\n- Add load shedding to the relays\n")
    doc = parse_text(text, source="post.mdx")
    assert doc.postmortem.incident_date == dt.date(2024, 11, 5)  # not the export's date
    assert [i.title for i in doc.action_items] == ["Add load shedding to the relays"]


def test_blocks_keep_nesting_wrapped_lines_notes_and_tables() -> None:
    text = ("## Action items\n\n- Add a disk alert\n  on the primary\n  - Alert at 80%\n\n"
            "  Owner: kim\n\nClosing words.\n\n| Action | Owner |\n|---|---|\n"
            "| Rotate keys | lee |\n"
            "\n```\n- not an item\n```\n")
    doc = read_document(text)
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [HEADING, ITEM, ITEM, PARAGRAPH, TABLE, CODE]
    first, child = doc.blocks[1], doc.blocks[2]
    assert first.text == "Add a disk alert on the primary"
    assert child.parent == 1 and child.text == "Alert at 80%"
    # indented under the entry's text, after a blank line: a paragraph of the entry itself
    assert first.notes == ["Owner: kim"] and not child.notes
    assert doc.blocks[4].rows[0][1]["title"] == "Rotate keys"


def test_a_thematic_break_is_no_paragraph_and_ends_the_list() -> None:
    text = "## Action items\n\n- Add a disk alert\n\n---\n\nWritten by the SRE team.\n"
    assert [b.kind for b in read_document(text).blocks] == [HEADING, ITEM, PARAGRAPH]
    assert _titles(text) == ["Add a disk alert"]


def test_a_bullet_that_is_a_checkbox_link_is_never_a_label() -> None:
    # "- [x] [Follow up on ticket at\n  Linode](url)": a task whose link text wraps.
    text = ("## Follow-up tasks\n\n- [x] [Follow up on ticket at\n  the provider](https://notes."
            "example.com/incident)\n- [ ] Investigate the connection surge\n")
    items = parse_text(text, source="pm.md").action_items
    assert [(i.title, i.status) for i in items] == [
        ("Follow up on ticket at the provider", ItemStatus.DONE),
        ("Investigate the connection surge", ItemStatus.OPEN)]


def test_a_short_line_of_a_wrapped_paragraph_is_not_a_plain_heading() -> None:
    # "task" is an action word, but this line only wraps a sentence of the summary.
    text = ("# Cursor errors\n\n## Summary\n\nThe nightly expiry task failed in\n"
            "production on two nights.\n\n## Action items\n\n- Alert on failed tasks\n")
    assert _titles(text) == ["Alert on failed tasks"]


def test_a_plain_text_postmortem_is_titled_by_its_first_line() -> None:
    text = ("Checkout outage on the EU cluster\n\nWhat happened\n=============\n\n"
            "The checkout timed out.\n\nNext steps\n==========\n\n- Add a checkout probe\n")
    doc = parse_text(text, source="2024-03-05.txt")
    assert doc.postmortem.title == "Checkout outage on the EU cluster"
