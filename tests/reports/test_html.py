"""The HTML weekly report: one self-contained page (no script, nothing fetched), escaped, and
rendered by a real browser (headless Chromium) into a screenshot that shows the charts."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.cli import main
from actiontrack.config import Config
from actiontrack.model import IssueFields
from actiontrack.reports import render_weekly, weekly_report
from actiontrack.reports.html import BUCKET_COLOURS, SLA_COLOURS

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["sync", str(example)]) == 0
    assert main(["report", "--as-of", "2023-06-01", "--format", "html", "-o", "report.html"]) \
        == 0
    capsys.readouterr()
    return tmp_path / "report.html"


def test_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    lowered = html.casefold()
    for banned in ("<script", "<link", "<img", "<iframe", "@import", "url(", " src="):
        assert banned not in lowered, banned
    assert lowered.count("<svg") == 2
    assert "Overdue preventive measures (" in html and "4 overdue" in html
    assert html.index("Overdue preventive") < html.index("Overdue corrective")


def test_tracker_text_is_escaped(tmp_path: Path) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text("# Outage on May 1, 2023\n\n## Tasks\n\n- Fix the parser\n",
                   encoding="utf-8")
    assert main(["sync", str(doc)]) == 0
    tracker = LocalBackend(Config(), {})
    # Titles are tracker text: anyone can edit them there, markup included.
    [issue] = tracker.find_linked(None)
    tracker.update(issue, IssueFields(title='Fix <script>alert(1)</script> & "quotes"'))
    html = render_weekly(weekly_report(tracker.find_linked(None), dt.date(2023, 6, 1),
                                       Config()), "html")
    tracker.shutdown()
    assert "<script>" not in html
    assert "Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in html


def read_png_rgb(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the rows of RGB pixels of an 8-bit RGB/RGBA PNG (no Pillow)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None
    width, height, depth, colour, _c, _f, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        base = y * (stride + 1)
        kind, line = raw[base], bytearray(raw[base + 1:base + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)
                           ) & 0xFF
        rows.append(bytes(line) if bpp == 3 else bytes(
            v for i in range(0, stride, 4) for v in line[i:i + 3]))
        prev = line
    return width, height, rows


def colours_in(rows: list[bytes]) -> set[tuple[int, int, int]]:
    found = set()
    for row in rows:
        for i in range(0, len(row), 3):
            found.add((row[i], row[i + 1], row[i + 2]))
    return found


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@pytest.mark.skipif(CHROMIUM is None, reason="needs headless Chromium (Debian package "
                                              "`chromium`) to render the page")
def test_chromium_renders_the_charts(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1200,900", page.as_uri()],
        check=True, capture_output=True, timeout=120)
    width, height, rows = read_png_rgb(shot.read_bytes())
    assert (width, height) == (1200, 900)
    colours = colours_in(rows)
    assert len(colours) > 20  # a blank page has one
    # The bars' fills, exactly as the SVG states them: the charts were drawn.
    assert rgb(SLA_COLOURS["breached"]) in colours  # every item is open past its SLA
    assert rgb(BUCKET_COLOURS[3]) in colours  # the >90 days bar (the corrective item)
