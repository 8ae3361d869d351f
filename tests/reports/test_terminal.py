"""Progress bar and colour: only on a terminal, never with NO_COLOR, plain in pipes and files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from actiontrack.cli import main
from actiontrack.cli.terminal import ProgressBar, colour_status_column, styler


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_bar_waits_a_moment_then_draws_and_clears() -> None:
    stream, clock = Terminal(), Clock()
    with ProgressBar(4, stream, clock=clock) as bar:
        bar.advance(note="first")
        assert stream.getvalue() == ""  # a quick sync shows nothing
        clock.now += 1.0
        bar.advance(note="second")
        assert stream.getvalue().startswith("\r[") and " 2/4  syncing: second" in stream.getvalue()
        bar.advance(2)
        assert "[" + "#" * 28 + "] 4/4" in stream.getvalue()
    assert stream.getvalue().endswith("\r\x1b[K")  # the line is cleared for what follows


def test_bar_is_silent_when_not_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    bar = ProgressBar(3, stream, clock=clock)
    clock.now += 5
    bar.advance()
    bar.finish()
    assert stream.getvalue() == ""


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    assert styler(Terminal(), {})("late", "alert") == "\x1b[31mlate\x1b[0m"
    assert styler(Terminal(), {"NO_COLOR": "1"})("late", "alert") == "late"
    assert styler(Terminal(), {"TERM": "dumb"})("late", "alert") == "late"
    assert styler(io.StringIO(), {})("late", "alert") == "late"


def test_status_column_colouring() -> None:
    style = styler(Terminal(), {})
    text = "created       Fix it  -> 1\nFAILED: boom  Add x\n1 created, 0 updated"
    lines = colour_status_column(text, style).split("\n")
    assert lines[0].startswith("\x1b[32mcreated\x1b[0m ")
    assert lines[1].startswith("\x1b[31mFAILED:\x1b[0m ")
    assert lines[2] == "1 created, 0 updated"


def test_cli_output_is_plain_in_a_pipe(example: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    assert main(["sync", str(example)]) == 0
    captured = capsys.readouterr()
    assert "\x1b[" not in captured.out and captured.err == ""
