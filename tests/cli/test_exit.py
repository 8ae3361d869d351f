"""The console script ends without the interpreter's teardown once the command has returned
(`console._end`), and still does what an exit must: the same exit code and output, the
`atexit` functions run once, and a thread still running is waited for (then the exit is the
usual one)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from actiontrack.cli import main

PROBE = """
import atexit, sys, threading, time
from actiontrack.console import run

class TornDown:  # says so when the interpreter's teardown frees it
    def __del__(self):
        sys.stderr.write("torn down\\n")

kept = TornDown()
mode = sys.argv.pop(1)
if mode == "atexit":
    atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
if mode == "thread":
    def late():  # until the main thread has ended: the interpreter's exit waits for it
        while threading.main_thread().is_alive():
            time.sleep(0.01)
        sys.stdout.write("thread finished\\n")
    threading.Thread(target=late).start()
sys.argv[0] = "actiontrack"
sys.exit(run())
"""


def console(mode: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROBE, mode, *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60)


def test_the_output_and_exit_code_are_the_commands_without_the_teardown(
        example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["parse", str(example), "--format", "json", "--explain"]
    proc = console("plain", *args, cwd=tmp_path)
    assert proc.returncode == main(args) == 0
    assert proc.stdout == capsys.readouterr().out  # every byte through the pipe
    assert json.loads(proc.stdout)["action_items"]
    assert proc.stderr == ""  # nothing was torn down

    missing = console("plain", "parse", "missing.md", cwd=tmp_path)
    assert missing.returncode == main(["parse", "missing.md"]) == 2
    assert missing.stderr == capsys.readouterr().err and missing.stderr.startswith("error: ")


def test_the_atexit_functions_run_once(example: Path, tmp_path: Path) -> None:
    proc = console("atexit", "parse", str(example), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout
    assert proc.stderr == "atexit ran\n"


def test_a_thread_still_running_is_waited_for_by_the_usual_exit(example: Path,
                                                                 tmp_path: Path) -> None:
    proc = console("thread", "parse", str(example), cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.endswith("thread finished\n")
    assert proc.stderr == "torn down\n"  # the usual exit, teardown and all
