"""The bad-input table: every bad input and bad answer of issue 13, and every row of the
README's exit-code table, through the real console script in a subprocess. Each case asserts
the exit code, exactly one line on stderr (saying what to do; no traceback), and that no file
changed: the working folder is hashed before and after (a case that syncs the readable
postmortems of a folder leaves every input as it was and writes only the tracker).

A GitHub case talks to the fake GitHub in this process, over real HTTP.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, sigint_as_at_a_terminal
from tests.fakes.github import FakeGitHub, Fault, github_env

BIN = Path(sys.executable).parent / "actiontrack"
PM = "postmortems/2023-02-05-shopping-cart-outage.md"


@dataclass
class Folder:
    """A project folder for one case: a postmortem, and whatever the case adds."""

    path: Path
    fake: FakeGitHub
    env: dict[str, str] = field(default_factory=dict)
    prefix: list[str] = field(default_factory=list)  # runs the command as someone else

    def write(self, name: str, text: str | bytes) -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        return target

    def github(self, **extra: str) -> None:
        self.env.update(github_env(self.fake, **extra))
        self.write("config/actiontrack.toml", "[github]\nseconds_between_writes = 0\n"
                                              "timeout = 2\n")


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    code: int
    says: str                      # a part of the one stderr line (or of stdout, `check`)
    setup: Callable[[Folder], None] = lambda folder: None
    tracker_written: bool = False  # the case syncs readable postmortems: only .actiontrack
    interrupt_when: Callable[[FakeGitHub], bool] | None = None
    stream: str = "stderr"         # where the one line is (`check` findings are stdout)
    seconds: float = 30.0          # at most: nothing hangs (a pipe), some fail fast


def _sla(value: str) -> Callable[[Folder], None]:
    return lambda f: f.write("config/actiontrack.toml", f"[sla]\ncorrective = {value}\n")


def _other_application_db(folder: Folder) -> None:
    db = folder.path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.executescript("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);"
                           "INSERT INTO users VALUES (1, 'a@example.com');")
    folder.env["ACTIONTRACK_DB"] = str(db)


def _read_only_tracker(folder: Folder, *, read_only_folder: bool) -> None:
    """A tracker the command's user may not write. As root, the command runs without the
    capability that lets root write anyway (CAP_DAC_OVERRIDE), through util-linux's setpriv."""
    subprocess.run([str(BIN), "sync", PM], cwd=folder.path, env=_env(folder), check=True,
                   capture_output=True)
    folder.write("postmortems/2024-01-09-new-outage.md",
                 "# New outage\n\nDate: 2024-01-09\n\n## Action items\n\n"
                 + "".join(f"- [ ] Fix part {n}\n" for n in range(300)))
    (folder.path / ".actiontrack" / "tracker.db").chmod(0o444)
    if read_only_folder:
        (folder.path / ".actiontrack").chmod(0o555)
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root and no setpriv to drop CAP_DAC_OVERRIDE")
        folder.prefix = ["setpriv", "--inh-caps=-dac_override",
                         "--bounding-set=-dac_override"]


def _named_pipe(folder: Folder) -> None:
    os.mkfifo(folder.path / "postmortems" / "pipe.md")


def _unreadable_among_others(folder: Folder) -> None:
    folder.write("postmortems/pasted-log.txt", b"## Action items\n- [ ] Read \xff\xfe the log\n")


def _report_target_folder(folder: Folder) -> None:
    (folder.path / "out").mkdir()
    folder.write("out/keep.txt", "untouched")


def _refused_port(folder: Folder) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    folder.github(GITHUB_API_URL=f"http://127.0.0.1:{port}")


def _github_answers(data: bytes, content_type: str, status: int = 200,
                    headers: dict[str, str] | None = None) -> Callable[[Folder], None]:
    def setup(folder: Folder) -> None:
        folder.github()
        folder.fake.inject(Fault(status, 100, "GET", r"/issues$", raw=data,
                                 content_type=content_type, headers=headers or {}))
    return setup


def _github_fault(fault: Fault, **env: str) -> Callable[[Folder], None]:
    def setup(folder: Folder) -> None:
        folder.github(**env)
        folder.fake.inject(fault)
    return setup


def _disabled_issues(folder: Folder) -> None:
    folder.github()
    folder.fake.issues_enabled = False


def _no_token(folder: Folder) -> None:
    folder.github()
    del folder.env["GITHUB_TOKEN"]


def _lock_held_elsewhere(folder: Folder) -> None:
    """Another run holds the sync lock (a live lease of ten minutes); this one waits 1 s."""
    from actiontrack.backends.github_lock import RefLock
    from tests.fakes.github import backend_for
    folder.github()
    folder.write("config/actiontrack.toml", "[github]\nseconds_between_writes = 0\n"
                                            "timeout = 2\nlock_wait = 1\n")
    backend = backend_for(folder.fake)
    other = RefLock(backend._lock_request, backend._lock_commit, "the nightly sync",
                    backend.warn, lease=600)
    assert other._acquire() is not None


def _slow_github(folder: Folder) -> None:
    folder.github()
    folder.fake.slow(30, method="POST", path=r"/issues$")


def _overdue(folder: Folder) -> None:
    subprocess.run([str(BIN), "sync", PM], cwd=folder.path, env=_env(folder), check=True,
                   capture_output=True)


def _no_items(folder: Folder) -> None:
    folder.write("postmortems/prose.md", "# Incident\n\nWe restarted it and it recovered.\n")


LOGIN = b"<!DOCTYPE html><html><head><title>Sign in - Acme</title></head><body></body></html>"
GITHUB_SYNC = ("sync", PM, "--backend", "github")

CASES = [
    # -- bad config (2) ------------------------------------------------------------------
    Case("sla 100000000, parse", ("parse", PM), 2,
         "config/actiontrack.toml, key 'sla.corrective': should be less than or equal to "
         "3650 (got 100000000)", _sla("100000000")),
    Case("sla 100000000, sync", ("sync", PM), 2, "key 'sla.corrective'", _sla("100000000")),
    Case("sla 100000000, report", ("report", "--overdue"), 2, "key 'sla.corrective'",
         _sla("100000000")),
    Case("sla 1e9", ("sync", PM), 2, "should be less than or equal to 3650 (got 1000000000.0)",
         _sla("1e9")),
    Case("sla negative", ("sync", PM), 2, "key 'sla.corrective'", _sla("-3")),
    Case("broken toml", ("sync", PM), 2, "not valid TOML", _sla("[7")),
    Case("misspelt setting", ("sync", PM), 2, "did you mean 'corrective'?",
         lambda f: f.write("config/actiontrack.toml", "[sla]\ncorective = 7\n")),
    Case("another application's sqlite file", ("sync", PM), 2,
         "is another application's SQLite database (tables: users), not an actiontrack "
         "tracker; nothing was written to it", _other_application_db),
    Case("another application's sqlite file, report", ("report", "--overdue"), 2,
         "ACTIONTRACK_DB: ", _other_application_db),
    Case("github without a token", GITHUB_SYNC, 2, "GitHub needs a token: set GITHUB_TOKEN",
         _no_token),
    Case("unknown backend", ("sync", PM, "--backend", "trello"), 2, "trello"),
    # -- bad usage and bad input (2) -------------------------------------------------------
    Case("mistyped command", ("repot", "--overdue"), 2, "Did you mean 'report'?"),
    Case("unknown option", ("sync", PM, "--dry"), 2, "No such option"),
    Case("missing file", ("sync", "postmortems/nope.md"), 2,
         "postmortems/nope.md: no such file or folder; check the path"),
    Case("bad --as-of", ("report", "--as-of", "2023/06/01"), 2, "use YYYY-MM-DD"),
    Case("binary postmortem", ("parse", "postmortems/image.md"), 2, "is a binary file",
         lambda f: f.write("postmortems/image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
    Case("named pipe, sync", ("sync", "postmortems/pipe.md"), 2,
         "postmortems/pipe.md: is a named pipe, not a regular file; name a postmortem file",
         _named_pipe),
    Case("named pipe, parse", ("parse", "postmortems/pipe.md"), 2, "is a named pipe",
         _named_pipe),
    Case("one non-UTF-8 file among the postmortems", ("sync", "postmortems"), 2,
         "postmortems/pasted-log.txt:2: is not UTF-8 text; save the file as UTF-8 (skipped; "
         "the other postmortems are synced)", _unreadable_among_others, tracker_written=True),
    Case("report -o a folder", ("report", "--overdue", "-o", "out"), 2,
         "out: is a folder; name a file to write to", _report_target_folder),
    # -- a tracker failed or refused (1) ---------------------------------------------------
    Case("read-only tracker file", ("sync", "postmortems"), 1,
         "local: cannot write to ", lambda f: _read_only_tracker(f, read_only_folder=False)),
    Case("read-only tracker folder", ("sync", "postmortems"), 1,
         "or point ACTIONTRACK_DB or [local] path at a writable place",
         lambda f: _read_only_tracker(f, read_only_folder=True)),
    Case("bad token", GITHUB_SYNC, 1, "GitHub refused the credentials (HTTP 401: Bad "
         "credentials); set GITHUB_TOKEN", lambda f: f.github(GITHUB_TOKEN="ghp_wrong_0123")),
    Case("no permission", GITHUB_SYNC, 1, "give the token write access to issues",
         _github_fault(Fault(403, 100, "POST", r"/issues$",
                             body={"message": "Resource not accessible by integration"}))),
    Case("primary rate limit", GITHUB_SYNC, 1, "GitHub API rate limit exhausted",
         _github_fault(Fault(403, 100, headers={"x-ratelimit-remaining": "0",
                                                "x-ratelimit-reset": str(2**31 - 1)},
                             body={"message": "API rate limit exceeded for user ID 1."}))),
    Case("another sync holds the lock", GITHUB_SYNC, 1,
         "github: another sync holds the lock on this repository (the nightly sync, until ",
         _lock_held_elsewhere),
    Case("server error", GITHUB_SYNC, 1, "GitHub answered HTTP 503",
         _github_fault(Fault(503, 100, "GET", body={"message": "Service Unavailable"},
                             headers={"retry-after": "0"}))),
    Case("refused connection", GITHUB_SYNC, 1,
         "could not reach GitHub (ConnectionError); check the network or GITHUB_API_URL",
         _refused_port, seconds=10),  # retried, it would sleep 15 s (1 + 2 + 4 + 8)
    Case("listing: 200 with an empty body", GITHUB_SYNC, 1,
         "GitHub answered HTTP 200 with an empty body where JSON was expected",
         _github_answers(b"", "application/json; charset=utf-8")),
    Case("listing: [] served as HTML", GITHUB_SYNC, 1,
         "GitHub answered with an HTML page, not JSON: is GITHUB_API_URL behind a login?",
         _github_answers(b"[]", "text/html")),
    Case("listing: a login page", ("report", "--overdue", "--backend", "github"), 1,
         "GitHub answered with an HTML page ('Sign in - Acme'), not JSON",
         _github_answers(LOGIN, "text/html")),
    Case("listing: malformed JSON", GITHUB_SYNC, 1,
         "GitHub answered with truncated or malformed JSON",
         _github_answers(b'[{"number": 1', "application/json")),
    Case("listing: an object", GITHUB_SYNC, 1,
         "GitHub answered JSON of an unexpected shape (an object, not a list of issues)",
         _github_answers(b'{"message": "ok"}', "application/json")),
    Case("listing: redirected to a login page", GITHUB_SYNC, 1,
         "GitHub redirected to a login page (https://sso.example/login), not its API",
         _github_answers(b"", "text/html", 302, {"location": "https://sso.example/login"})),
    Case("issues disabled: 410 Gone", GITHUB_SYNC, 1,
         "GitHub answered 410 Gone (Issues are disabled for this repo)", _disabled_issues),
    Case("create redirected (307)", GITHUB_SYNC, 1,
         "GitHub redirected the request (HTTP 307) to https://elsewhere.example/x",
         _github_fault(Fault(307, 100, "POST", r"/issues$", raw=b"",
                             headers={"location": "https://elsewhere.example/x"}))),
    # -- check, overdue, Ctrl-C ------------------------------------------------------------
    Case("check finds an error", ("check", "postmortems/prose.md"), 1, "no action items",
         _no_items, stream="stdout"),
    Case("report --fail-on-overdue", ("report", "--fail-on-overdue", "--as-of", "2023-06-01"),
         3, "Patch the shopping cart module", _overdue, tracker_written=True,
         stream="stdout"),
    Case("interrupted (Ctrl-C)", GITHUB_SYNC, 130,
         "interrupted; run the command again to finish (a sync picks up where it stopped, "
         "without duplicates): github: ", _slow_github,  # then what was made, what remains
         interrupt_when=lambda fake: len(fake.issues()) == 1),
]


def _env(folder: Folder) -> dict[str, str]:
    prefixes = ("ACTIONTRACK_", "GITHUB_", "GH_", "JIRA_", "REDMINE_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(prefixes)},
            "NO_COLOR": "1", **folder.env}


def snapshot(root: Path) -> dict[str, tuple[str, int]]:
    """Every entry under `root`: its content's digest (files) and mode bits."""
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(root.rglob("*")):
        mode = path.lstat().st_mode
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(mode) else ""
        found[str(path.relative_to(root))] = (digest, stat.S_IMODE(mode))
    return found


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[Folder]:
    with FakeGitHub() as fake:
        project = Folder(tmp_path / "project", fake)
        project.write(PM, EXAMPLE.read_text(encoding="utf-8"))
        yield project
        for path in (project.path / ".actiontrack", project.path / ".actiontrack/tracker.db"):
            if path.exists():
                path.chmod(0o755 if path.is_dir() else 0o644)


def run(case: Case, folder: Folder) -> subprocess.CompletedProcess[str]:
    proc = subprocess.Popen([*folder.prefix, str(BIN), *case.args], cwd=folder.path,
                            env=_env(folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=sigint_as_at_a_terminal)
    if case.interrupt_when is not None:
        deadline = time.monotonic() + 30
        while not case.interrupt_when(folder.fake) and time.monotonic() < deadline:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_a_documented_code_and_no_file_changed(
        case: Case, folder: Folder) -> None:
    case.setup(folder)
    before = snapshot(folder.path)
    started = time.monotonic()
    proc = run(case, folder)
    assert time.monotonic() - started < case.seconds
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert proc.returncode == case.code, proc.stderr
    if case.stream == "stderr":
        lines = [line for line in proc.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith(("error: ", "interrupted; ")), lines[0]
        assert case.says in lines[0], lines[0]
        assert "\x1b" not in lines[0] and ".tmp" not in lines[0]
        if not case.tracker_written:  # stopped before any item: no line per item either
            assert proc.stdout == "", proc.stdout
    else:
        assert proc.stderr == "" and case.says in proc.stdout
    after = snapshot(folder.path)
    if case.tracker_written:  # the tracker may change; nothing else
        before = {k: v for k, v in before.items() if not k.startswith(".actiontrack")}
        after = {k: v for k, v in after.items() if not k.startswith(".actiontrack")}
    assert after == before
