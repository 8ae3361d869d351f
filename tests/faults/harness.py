"""The fault suite's harness: trials of real syncs against a tracker that misbehaves, and the
one figure that matters after the runs settle: how many items have not exactly one open issue.

A trial writes a 20-item postmortem, starts a fresh tracker (the fake GitHub on 127.0.0.1, or
the local SQLite tracker), injects the case's faults, runs the case's syncs through the real
command line — in threads calling `actiontrack.cli.main.main` when they only run side by side,
in real processes when one of them is interrupted (SIGINT or SIGKILL at a random moment) —
then, for cases whose runs may fail by design (an answer that is not the API, an interrupt),
one clean sync, as a user or the next CI run would. It then counts, per item, the open issues
that carry its marker, straight from the tracker's own state:

- a duplicate: an item with more than one open issue;
- a lost item: an item with none.

A tracker target (`GitHubTarget`, `LocalTarget`) says how to start the tracker, how the CLI
reaches it (config and environment), how to inject faults and how to read its state, so other
trackers (the fake Jira) join with a target of their own.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from actiontrack.issue_format import parse_marker
from actiontrack.model import item_id_for
from tests.fakes.github import FakeGitHub, github_env

ITEMS = 20
BIN = Path(sys.executable).parent / "actiontrack"
PM_ID = "2024-03-05-queue-outage"


def postmortem_text(items: int = ITEMS) -> str:
    lines = ["# Queue outage", "", "Date: 2024-03-05", "", "## Action items", ""]
    lines += [f"- [ ] Follow-up number {n}: harden queue stage {n} — @alice" for n in
              range(items)]
    return "\n".join(lines) + "\n"


def item_ids(items: int = ITEMS) -> list[str]:
    return [item_id_for(PM_ID, f"Follow-up number {n}: harden queue stage {n}")
            for n in range(items)]


class Target(Protocol):
    """A tracker under test, for one trial."""

    name: str  # the --backend name

    def config_toml(self) -> str: ...
    def env(self) -> dict[str, str]: ...
    def open_issues(self) -> list[str]: ...   # the item id of every open issue
    def check(self) -> None: ...              # the tracker's own state is sound


@dataclass
class GitHubTarget:
    """The fake GitHub. `timeout` is the client's and `unanswered_wait` how long the engine
    waits out a create without an answer: late commits are timed against both."""

    fake: FakeGitHub
    timeout: int = 1
    unanswered_wait: float = 2.0
    lock: bool = True
    lock_lease: float = 600.0
    lock_wait: float = 60.0
    name: str = "github"

    def config_toml(self) -> str:
        return ("[github]\nseconds_between_writes = 0\n"
                f"timeout = {self.timeout}\nunanswered_wait = {self.unanswered_wait}\n"
                f"lock = {str(self.lock).lower()}\n"
                f"lock_lease = {self.lock_lease}\nlock_wait = {self.lock_wait}\n")

    def env(self) -> dict[str, str]:
        return github_env(self.fake)

    def open_issues(self) -> list[str]:
        links = (parse_marker(i["body"] or "") for i in self.fake.issues()
                 if i["state"] == "open")
        return [link.item_id for link in links if link is not None]

    def check(self) -> None:
        pass


@dataclass
class LocalTarget:
    """The local SQLite tracker, in a file of the trial's own."""

    path: Path
    name: str = "local"

    def config_toml(self) -> str:
        return f'[local]\npath = "{self.path}"\n'

    def env(self) -> dict[str, str]:
        return {}

    def open_issues(self) -> list[str]:
        if not self.path.exists():
            return []
        with contextlib.closing(sqlite3.connect(self.path)) as conn:
            bodies = [r[0] for r in conn.execute("SELECT body FROM issues WHERE state = 'open'")]
        links = (parse_marker(body) for body in bodies)
        return [link.item_id for link in links if link is not None]

    def check(self) -> None:
        if self.path.exists():
            with contextlib.closing(sqlite3.connect(self.path)) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@dataclass(frozen=True)
class Case:
    """One scenario of the issue's table. `prepare` injects faults into the target before
    the runs (with the trial's random source and the number of items); `interrupt` kills one
    of the runs at a random point (a real process, SIGINT or SIGKILL)."""

    name: str
    tracker: str                      # "github", "local", "jira-cloud" or "jira-dc"
    runs: int = 2                     # syncs started together
    sequential: bool = False          # the runs one after another (a CI re-run), not together
    start_jitter: float = 0.05        # each run starts up to this many seconds late
    prepare: Callable[[Target, random.Random, int], None] | None = None
    interrupt: bool = False
    may_fail: bool = False            # runs may exit non-zero by design: a clean sync follows
    settings: dict[str, object] = field(default_factory=dict)  # GitHubTarget fields


@dataclass
class Outcome:
    duplicated: int      # items with more than one open issue
    lost: int            # items with no open issue
    exit_codes: list[int]
    problems: list[str]  # crashes (a run that raised), and the error lines runs printed

    @property
    def crashes(self) -> list[str]:
        return [p for p in self.problems if not p.startswith("error:")]


@dataclass
class Figures:
    trials: int = 0
    trials_with_duplicates: int = 0
    duplicated_items: int = 0
    lost_items: int = 0
    crashes: int = 0
    failed_runs: int = 0  # runs that exited non-zero without a fault meant to fail them

    def add(self, case: Case, outcome: Outcome) -> None:
        self.trials += 1
        self.trials_with_duplicates += bool(outcome.duplicated)
        self.duplicated_items += outcome.duplicated
        self.lost_items += outcome.lost
        self.crashes += len(outcome.crashes)
        self.failed_runs += len(unexpected_failures(case, outcome))


def unexpected_failures(case: Case, outcome: Outcome) -> list[int]:
    """Exit codes that should have been 0: every run's, or, when runs may fail by design
    (a fault that is not the API, an interrupt), the clean run's after them."""
    codes = outcome.exit_codes[-1:] if case.interrupt or case.may_fail else outcome.exit_codes
    return [code for code in codes if code != 0]


# -- running syncs ----------------------------------------------------------------------------

def _cli_args(workdir: Path, target: Target) -> list[str]:
    return ["--config", str(workdir / "actiontrack.toml"), "sync",
            str(workdir / f"{PM_ID}.md"), "--backend", target.name, "--format", "json"]


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_in_threads(workdir: Path, target: Target, runs: int, rng: random.Random,
                   start_jitter: float) -> tuple[list[int], list[str]]:
    """`runs` syncs side by side, each through the real CLI entry point in a thread. Returns
    their exit codes, and what went wrong: crashes and the error lines they printed."""
    from actiontrack.cli.main import main
    codes: list[int] = [0] * runs
    crashes: list[str] = []
    delays = [rng.uniform(0, start_jitter) for _ in range(runs)]

    def one(n: int) -> None:
        time.sleep(delays[n])
        try:
            codes[n] = main(_cli_args(workdir, target))
        except BaseException as exc:  # noqa: BLE001 - a crash is what the suite looks for
            crashes.append(f"{type(exc).__name__}: {exc}")
            codes[n] = -1

    sink = io.StringIO()
    with _environment(target.env()), contextlib.redirect_stdout(sink), \
            contextlib.redirect_stderr(sink):
        threads = [threading.Thread(target=one, args=(n,)) for n in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
    errors = [line for line in sink.getvalue().splitlines() if line.startswith("error:")]
    return codes, crashes + errors


def _process_env(target: Target) -> dict[str, str]:
    prefixes = ("ACTIONTRACK_", "GITHUB_", "GH_", "JIRA_", "REDMINE_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(prefixes)},
            **target.env()}


def run_with_interrupt(workdir: Path, target: Target, runs: int, rng: random.Random,
                       progress: Callable[[], int], items: int) -> tuple[list[int], list[str]]:
    """`runs` syncs as real processes; the first is sent SIGINT or SIGKILL once `progress()`
    (issues written so far) reaches a random point of its work."""
    env = _process_env(target)
    procs = []
    for _ in range(runs):
        procs.append(subprocess.Popen([str(BIN), *_cli_args(workdir, target)], cwd=workdir,
                                      env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True))
        time.sleep(rng.uniform(0, 0.05))
    when = rng.randint(1, items - 1)
    how = rng.choice([signal.SIGINT, signal.SIGKILL])
    deadline = time.monotonic() + 30
    while progress() < when and procs[0].poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    if procs[0].poll() is None:
        procs[0].send_signal(how)
    codes, crashes = [], []
    for proc in procs:
        try:
            _, err = proc.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        codes.append(proc.returncode)
        if "Traceback" in err:
            crashes.append(err.strip().splitlines()[-1])
        crashes += [line for line in err.splitlines() if line.startswith("error:")]
    return codes, crashes


# -- one trial ---------------------------------------------------------------------------------

@contextlib.contextmanager
def started(case: Case, workdir: Path) -> Iterator[tuple[Target, Callable[[], int]]]:
    """The case's tracker, fresh, and a way to count the issues written so far."""
    if case.tracker.startswith("jira"):  # "jira-cloud", "jira-dc": the Jira tests' target
        from tests.backends.jira.fault_cases import started_jira
        with started_jira(case) as started_target:
            yield started_target
    elif case.tracker == "github":
        with FakeGitHub() as fake:
            target = GitHubTarget(fake, **case.settings)  # type: ignore[arg-type]
            yield target, lambda: len(fake.issues())
    else:
        target_local = LocalTarget(workdir / "tracker.db")
        yield target_local, lambda: _count_rows(target_local.path)


def _count_rows(path: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=0.1)) as conn:
            return int(conn.execute("SELECT count(*) FROM issues").fetchone()[0])
    except sqlite3.Error:
        return 0


def run_trial(case: Case, seed: int, items: int = ITEMS) -> Outcome:
    """One trial of a case: its runs on a fresh tracker, settled, then counted."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="actiontrack-fault-") as tmp:
        workdir = Path(tmp)
        (workdir / f"{PM_ID}.md").write_text(postmortem_text(items), encoding="utf-8")
        with started(case, workdir) as (target, progress):
            (workdir / "actiontrack.toml").write_text(target.config_toml(), encoding="utf-8")
            if case.prepare is not None:
                case.prepare(target, rng, items)
            if case.interrupt:
                codes, crashes = run_with_interrupt(workdir, target, case.runs, rng, progress,
                                                    items)
            elif case.sequential:
                codes, crashes = [], []
                for _ in range(case.runs):
                    one_codes, one_crashes = run_in_threads(workdir, target, 1, rng, 0.0)
                    codes, crashes = codes + one_codes, crashes + one_crashes
            else:
                codes, crashes = run_in_threads(workdir, target, case.runs, rng,
                                                case.start_jitter)
            _settle(target)
            if case.interrupt or case.may_fail:
                if isinstance(target, GitHubTarget):
                    target.fake.faults.clear()  # the trouble is over; the next run is clean
                again, again_crashes = run_in_threads(workdir, target, 1, rng, 0.0)
                codes, crashes = codes + again, crashes + again_crashes
            target.check()
            counts = Counter(target.open_issues())
            wanted = item_ids(items)
            return Outcome(duplicated=sum(1 for i in wanted if counts[i] > 1),
                           lost=sum(1 for i in wanted if counts[i] == 0),
                           exit_codes=codes, problems=crashes)


def _settle(target: Target) -> None:
    """Let writes the fake still holds (a late commit whose client gave up) land before the
    issues are counted."""
    if isinstance(target, GitHubTarget):
        time.sleep(max((f.delay for f in target.fake.faults), default=0.0))
    elif callable(settle := getattr(target, "settle", None)):
        settle()
