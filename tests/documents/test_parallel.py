"""Parsing many postmortems in worker processes gives what parsing them one by one gives, in
the same order, an unreadable file as its own error with its path and hint."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from actiontrack.config import ParserSettings
from actiontrack.documents.parallel import parse_files, parse_one, worker_count
from actiontrack.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import postmortem  # noqa: E402 - the benchmarks' generator, one shape per n


def corpus(folder: Path, n: int) -> list[Path]:
    paths = []
    for k in range(n):
        path = folder / f"pm-{k:03d}.md"
        path.write_text(postmortem(k), encoding="utf-8")
        paths.append(path)
    return paths


def test_workers_give_what_one_process_gives_in_order(tmp_path: Path) -> None:
    paths = corpus(tmp_path, 24)
    paths[5].write_bytes(b"\x00\x01binary")
    settings = ParserSettings(action_sections=["Lessons learned"])
    in_workers = parse_files(paths, settings, workers=2)
    one_by_one = [parse_one(p, p.read_bytes(), settings) for p in paths]
    assert [type(o) for o in in_workers] == [type(o) for o in one_by_one]
    error = in_workers[5]
    assert isinstance(error, InputError)
    assert (error.path, error.message, error.hint) == (
        str(paths[5]), f"{paths[5]}: is a binary file, not a postmortem",
        "pass Markdown or plain-text files")
    parsed = [o for o in in_workers if not isinstance(o, InputError)]
    assert parsed == [o for o in one_by_one if not isinstance(o, InputError)]
    docs = [o.document for o in parsed]
    assert [d.postmortem.source for d in docs] == [str(p) for n, p in enumerate(paths) if n != 5]
    # The settings reached the workers: "Lessons learned" counts as an action section there.
    assert all(any("Configuration changes need" in i.title for i in d.action_items)
               for d in docs)


def test_few_files_or_threads_running_mean_one_process() -> None:
    assert worker_count(150) == 1  # below two workers' worth
    probe = ("import threading, time\n"
             "from actiontrack.documents.parallel import worker_count\n"
             "alone = worker_count(10_000)\n"
             "threading.Thread(target=time.sleep, args=(1,), daemon=True).start()\n"
             "print(alone, worker_count(10_000))\n")
    alone, with_a_thread = subprocess.run([sys.executable, "-c", probe], capture_output=True,
                                          text=True, check=True).stdout.split()
    assert int(alone) == min(len(os.sched_getaffinity(0)), 100) and with_a_thread == "1"
