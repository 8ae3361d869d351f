"""Write-back: `sync --write-links` puts each issue's link next to its item and ticks the box
of items closed in the tracker, leaving every other byte of the postmortem as it was."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.cli import main
from actiontrack.config import Config
from actiontrack.documents.writeback import WriteBack, link_text, rewrite_text, write_links
from actiontrack.model import ActionItem, CloseReason, Issue, IssueState
from actiontrack.parsing import parse_file, parse_text

# CRLF line endings, a BOM, no final newline, unicode, a hard line break (two trailing
# spaces), checkboxes: all must survive byte for byte.
POSTMORTEM = ("\ufeff# Checkout outage — 3 March 2023\r\n"
              "\r\n"
              "Incident on March 3, 2023. Café payments failed.\r\n"
              "\r\n"
              "## Action items\r\n"
              "\r\n"
              "- [ ] Fix the retry storm in the payment client  \r\n"
              "- [ ] Add an alert on checkout error rate\r\n"
              "- [ ] Document the failover runbook for café terminals\r\n"
              "\r\n"
              "## Timeline\r\n"
              "\r\n"
              "- 10:02 alerts fired")

LINK = re.compile(r" \(\[#\d+\]\(file://[^)\s]+#\d+\)\)")


def tracker() -> LocalBackend:
    return LocalBackend(Config(), {})


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    path = tmp_path / "2023-03-03-checkout.md"
    path.write_bytes(POSTMORTEM.encode("utf-8"))
    return path


def test_round_trip_changes_only_links_and_the_closed_box(
        doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(doc)]) == 0
    backend = tracker()
    alert = next(i for i in backend.find_linked(None) if i.title.startswith("Add an alert"))
    backend.close(alert, CloseReason.COMPLETED)
    backend.shutdown()
    capsys.readouterr()

    assert main(["sync", str(doc), "--write-links"]) == 0
    out = capsys.readouterr().out
    assert "3 link(s) added, 1 box(es) ticked" in out

    after = doc.read_bytes()
    text = after.decode("utf-8")
    assert len(LINK.findall(text)) == 3
    assert f"- [x] Add an alert on checkout error rate ([#{alert.key}]" in text
    assert text.count("\r\n") == POSTMORTEM.count("\r\n") and "\n" not in text.replace("\r\n", "")
    # Byte-identical outside the written links and the one ticked box.
    restored = LINK.sub("", text).replace("- [x] Add an alert", "- [ ] Add an alert")
    assert restored.encode("utf-8") == POSTMORTEM.encode("utf-8")
    # The link goes before the hard line break, not after it.
    assert "payment client ([#" in text and ")  \r\n" in text
    assert not [p for p in doc.parent.iterdir() if p.name.endswith(".tmp")]


def test_writing_again_adds_nothing(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(doc), "--write-links"]) == 0
    once = doc.read_bytes()
    backend = tracker()
    issues = {i.title: i for i in backend.find_linked(None)}
    backend.shutdown()
    items = parse_text(POSTMORTEM, source=str(doc)).action_items
    pairs = [(item, issues[item.title]) for item in items]
    result = write_links(doc, pairs)
    assert (result.links_added, result.boxes_ticked) == (0, 0) and not result.changed
    assert doc.read_bytes() == once


def test_dry_run_writes_nothing(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(doc), "--write-links", "--dry-run"]) == 0
    assert doc.read_bytes() == POSTMORTEM.encode("utf-8")
    assert "links not written back: dry run" in capsys.readouterr().out


def test_file_mode_is_kept(doc: Path, capsys: pytest.CaptureFixture[str]) -> None:
    os.chmod(doc, 0o640)
    assert main(["sync", str(doc), "--write-links"]) == 0
    assert doc.stat().st_mode & 0o777 == 0o640


def issue(key: str, *, closed: bool = False, reason: str | None = None,
          url: str | None = "https://tracker.example/issues/") -> Issue:
    return Issue(backend="test", key=key, title="t", url=f"{url}{key}" if url else None,
                 state=IssueState.CLOSED if closed else IssueState.OPEN, state_reason=reason)


def item(title: str, line: int) -> ActionItem:
    return ActionItem(id=title[:10], postmortem_id="pm", title=title, line=line)


def test_table_rows_get_the_link_in_the_item_cell() -> None:
    text = ("| Action | Owner | Due |\n|---|---|---|\n"
            "| Rotate the TLS keys | @ana | 2023-04-01 |\n"
            "|Add canary deploys|bo|2023-05-01|\n")
    result = WriteBack(Path("pm.md"))
    new = rewrite_text(text, [(item("Rotate the TLS keys", 3), issue("7")),
                              (item("Add canary deploys", 4), issue("OPS-9"))],
                       result, lambda i, s: False)
    assert new.splitlines()[2] == ("| Rotate the TLS keys ([#7](https://tracker.example/issues/7))"
                                   " | @ana | 2023-04-01 |")
    assert new.splitlines()[3] == ("|Add canary deploys ([OPS-9](https://tracker.example/issues/"
                                   "OPS-9))|bo|2023-05-01|")
    assert result.links_added == 2


def test_stale_lines_and_not_planned_closes_are_left_alone() -> None:
    text = "- [ ] Fix the cache\n- [ ] Drop the old queue\n"
    result = WriteBack(Path("pm.md"))
    new = rewrite_text(text, [(item("Rewrite the scheduler", 1), issue("1")),
                              (item("Drop the old queue", 2),
                               issue("2", closed=True, reason=CloseReason.NOT_PLANNED.value))],
                       result, lambda i, s: False)
    assert new == "- [ ] Fix the cache\n- [ ] Drop the old queue ([#2](https://tracker.example/" \
                  "issues/2))\n"
    assert result.boxes_ticked == 0 and len(result.warnings) == 1
    assert "pm.md:1: line no longer holds 'Rewrite the scheduler'" in result.warnings[0]


def test_already_linked_items_get_no_second_link() -> None:
    text = "- Fix the cache (see #4)\r"
    result = WriteBack(Path("pm.md"))
    new = rewrite_text(text, [(item("Fix the cache", 1), issue("4"))], result,
                       lambda i, s: s.key == "4")
    assert new == text and result.links_added == 0


def test_link_text_without_url() -> None:
    assert link_text(issue("12", url=None)) == "#12"
    assert link_text(issue("OPS-3")) == "[OPS-3](https://tracker.example/issues/OPS-3)"


def test_local_tracker_reads_the_links_it_writes(tmp_path: Path) -> None:
    backend = LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    uri = (tmp_path / "t.db").resolve().as_uri()
    assert backend.issue_key_from_link(f"{uri}#12") == "12"
    assert backend.issue_key_from_link("#12") == "12"
    assert backend.issue_key_from_link((tmp_path / "other.db").as_uri() + "#12") is None
    assert backend.issue_key_from_link(f"{uri}#x") is None
    assert backend.issue_key_from_link("https://github.com/o/r/issues/12") is None


def test_local_tracker_links_are_told_by_their_fragment(tmp_path: Path) -> None:
    """A link without `#` names no local issue, and is not parsed as a URL to say so; one with
    it is read as before, in every spelling `urlsplit` takes (its scheme in capitals, a tab or
    a line end inside, spaces around)."""
    backend = LocalBackend(Config(), {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    uri = (tmp_path / "t.db").resolve().as_uri()
    path = uri.removeprefix("file://")
    for link in (f"  {uri}#12 ", f"FILE://{path}#12", f"fi\tle://{path}#12",
                 f"file://{path}#1\n2", f"{uri}?x=1#12"):
        assert backend.issue_key_from_link(link) == "12", repr(link)
    for link in (uri, f"{uri}12", f"file://{path}/12", "https://example.com/issues/12",
                 "12", "", f"{uri}#", f"{uri}#12a", f"https://example.com/{path}#12"):
        assert backend.issue_key_from_link(link) is None, repr(link)


def test_the_parser_reads_written_links_back() -> None:
    line = "- [ ] Fix the cache ([#3](file:///tmp/t.db#3))"
    items = parse_text(f"# PM\n\n## Action items\n\n{line}\n", source="pm.md").action_items
    assert [(i.title, i.links) for i in items] == [("Fix the cache", ("file:///tmp/t.db#3",))]


def test_reworded_items_resync_to_the_same_issues(doc: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sync", str(doc), "--write-links"]) == 0
    capsys.readouterr()
    backend = tracker()
    before = {i.key: i.title for i in backend.find_linked(None)}
    backend.shutdown()
    assert main(["sync", str(doc), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["created"] == 0
    text = doc.read_bytes().decode("utf-8")
    text = text.replace("Fix the retry storm in the payment client",
                        "Stop retry storms in every payment client")
    doc.write_bytes(text.encode("utf-8"))
    assert main(["sync", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "0 created" in out
    backend = tracker()
    after = {i.key: i.title for i in backend.find_linked(None)}
    assert after.keys() == before.keys()
    assert "Stop retry storms in every payment client" in after.values()
    parsed = parse_file(doc)
    assert all(i.links for i in parsed.action_items)


def test_an_asciidoc_cell_line_and_an_html_cell_get_the_link_inside_the_cell() -> None:
    adoc = ("== Action items\n\n[cols=\"3,1\"]\n|===\n|Action |Owner\n\n"
            "|Rotate the TLS keys\n|@ana\n|===\n")
    found = parse_text(adoc, source="pm.adoc").action_items
    result = WriteBack(Path("pm.adoc"))
    new = rewrite_text(adoc, [(found[0], issue("7"))], result, lambda i, s: False)
    assert new.splitlines()[6] == "|Rotate the TLS keys ([#7](https://tracker.example/issues/7))"
    assert [i.title for i in parse_text(new, source="pm.adoc").action_items] == [
        "Rotate the TLS keys"]
    html = ("<h2>Action items</h2>\n<table>\n<tr><th>Action</th><th>Owner</th></tr>\n"
            "<tr><td>Rotate the TLS keys</td><td>Ana</td></tr>\n</table>\n")
    found = parse_text(html, source="pm.html").action_items
    result = WriteBack(Path("pm.html"))
    new = rewrite_text(html, [(found[0], issue("7"))], result, lambda i, s: False)
    assert new.splitlines()[3] == ('<tr><td>Rotate the TLS keys (<a href="https://tracker.'
                                   'example/issues/7">#7</a>)</td><td>Ana</td></tr>')
    again = parse_text(new, source="pm.html").action_items
    assert [(i.title, i.links) for i in again] == [
        ("Rotate the TLS keys", ("https://tracker.example/issues/7",))]
    assert result.links_added == 1


def test_an_html_page_is_read_but_its_markup_is_never_edited(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html><head><title>Export</title></head><body>\n"
            "<h2>Action Items</h2>\n<p><span>- Renew the credentials<br>- Alert before the "
            "next expiry</span></p>\n</body></html>\n")
    path = tmp_path / "export.html"
    path.write_bytes(page.encode("utf-8"))
    items = parse_file(path).action_items
    assert [i.title for i in items] == ["Renew the credentials", "Alert before the next expiry"]
    result = write_links(path, [(items[0], issue("7")), (items[1], issue("8"))])
    assert path.read_bytes() == page.encode("utf-8")
    assert result.links_added == 0
    assert result.warnings == [f"{path}: an HTML page; its issue links are not written into it "
                               "(the links are in the tracker)"]
