"""What a user sees from the real console script, where a process is the only honest way to
look: Ctrl-C in the middle of a sync, a tracker the user may not write, `make demo` as the
README tells a newcomer to run it, and tokens that must never be printed, `--debug` included.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import ROOT, sigint_as_at_a_terminal
from tests.fakes.github import FakeGitHub, github_env
from tests.fakes.jira import FakeJira

BIN = Path(sys.executable).parent / "actiontrack"


def clean_env(**extra: str) -> dict[str, str]:
    """The test's environment without any tracker settings or tokens, plus `extra`."""
    prefixes = ("ACTIONTRACK_", "GITHUB_", "GH_", "JIRA_", "REDMINE_")
    return {**{k: v for k, v in os.environ.items() if not k.startswith(prefixes)}, **extra}


def wait_for(condition, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never came true"
        time.sleep(0.02)


# -- a typo, as the shell shows it -----------------------------------------------------------

def test_a_mistyped_command_is_one_line_from_the_real_script(tmp_path: Path) -> None:
    proc = subprocess.run([str(BIN), "repot", "--overdue"], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "error: No such command 'repot'. Did you mean 'report'? See `actiontrack --help`."]


# -- Ctrl-C --------------------------------------------------------------------------------

def test_ctrl_c_during_a_sync_is_one_line_and_the_next_sync_finishes_without_duplicates(
        tmp_path: Path, example: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[github]\nseconds_between_writes = 0\n")
    with FakeGitHub() as fake:
        # The first create is stored at once and answered 30 s later: Ctrl-C lands while
        # the client waits, so whether that issue exists is unknown to it.
        fake.slow(30, method="POST", path=r"/issues$", times=1)
        env = clean_env(**github_env(fake))
        proc = subprocess.Popen([str(BIN), "sync", str(example), "--backend", "github"],
                                cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True,
                                preexec_fn=sigint_as_at_a_terminal)
        try:
            wait_for(lambda: len(fake.issues()) == 1)
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 130
        assert err.strip().splitlines() == [
            "interrupted; run the command again to finish (a sync picks up where it stopped, "
            "without duplicates): github: 0 of 4 new issues were created, 4 remain"]
        assert "Traceback" not in out + err
        assert len(fake.issues()) == 1  # the interrupted create happened
        again = subprocess.run([str(BIN), "sync", str(example), "--backend", "github"],
                               cwd=tmp_path, env=env, capture_output=True, text=True,
                               timeout=60)
        assert again.returncode == 0, again.stderr
        titles = [i["title"] for i in fake.issues()]
        assert len(titles) == 4 and len(set(titles)) == 4


def test_ctrl_c_while_the_command_starts_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    """A SIGINT that lands before the command has started (its imports) or after it has
    finished: the console script's own handler, not Python's traceback. The signal is sent
    from inside the process at the first moment the handler can see it, so the test does not
    depend on timing."""
    probe = (
        "import os, signal, sys\n"
        "from actiontrack import console\n"
        "signal.signal(signal.SIGINT, console._before_start)\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "import actiontrack.cli\n"
        "print('not reached')\n")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "interrupted before the command started; nothing was done"]
    entry = next(e for e in importlib.metadata.entry_points(group="console_scripts")
                 if e.name == "actiontrack")
    assert entry.value == "actiontrack.console:run"


def _python_starting(err: str) -> bool:
    """The interrupt landed in the interpreter's own start-up: its core initialisation
    ("Fatal Python error: init_sys_streams"), its `site`, or only its frozen modules."""
    frames = re.findall(r'File "([^"]+)", line \d+', err)
    # (a bare "KeyboardInterrupt" with no frame at all: the interrupt landed in the
    # interpreter's C start-up, before any Python code ran, ours or `site`'s; seen once in 2
    # fresh-clone runs at a 20 ms delay)
    return "Fatal Python error: init_" in err or "init_import_site" in err \
        or err.strip() == "KeyboardInterrupt" or (
            bool(frames) and all(path.startswith("<frozen") for path in frames))


def _in_entry_import(err: str) -> bool:
    """The traceback of an interrupt that landed while the script pip generates imported
    `actiontrack.console` (`from actiontrack.console import run`): module bodies only."""
    frames = re.findall(r'File "([^"]+)", line \d+, in (\S+)', err)
    stdlib = sysconfig.get_paths()["stdlib"]
    return bool(frames) and "from actiontrack.console import run" in err and all(
        name == "<module>" and (path == str(BIN)
                                or path.endswith(("actiontrack/__init__.py",
                                                  "actiontrack/console.py")))
        # or in the import machinery itself (`_find_and_load`, `get_code`, `get_data`: the
        # interrupt can land while a module's file is read), or inside the standard library
        # that console.py's first imports load (`import signal` builds its enums: an
        # interrupt can land in enum.py's code, before `run`)
        or path.startswith("<frozen") or path.startswith(stdlib + os.sep)
        for path, name in frames)


def test_ctrl_c_at_any_moment_of_a_short_command_never_prints_a_traceback(
        tmp_path: Path) -> None:
    """The real script, interrupted at moments spread over its start-up and its run."""
    reached = 0  # samples interrupted once Python itself had started
    for delay in (0.0, 0.02, 0.05, 0.08, 0.12, 0.18, 0.25, 0.4):
        proc = subprocess.Popen([str(BIN), "report", "--overdue", "--backend", "local"],
                                cwd=tmp_path, env=clean_env(), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        if _python_starting(err) or _in_entry_import(err):
            continue  # Python itself was still starting (its streams, its `site`), or the
            # generated script was importing its entry module: before `run` could install a
            # handler
        reached += 1
        assert "Traceback" not in out + err, (delay, err)
        assert proc.returncode in (0, 130, -signal.SIGINT), (delay, proc.returncode, err)
    assert reached >= 3  # else every sample hit Python's own start-up and nothing was shown


# -- a tracker the user may not write ------------------------------------------------------

def _unreachable_by(prefix: list[str]) -> str | None:
    """Why the console script cannot run as the other user, or None when it can. A checkout
    inside a private folder (mode 700, such as root's home) holds a venv nobody else may
    enter; the read-only cases then cannot be shown this way, and say so."""
    probe = subprocess.run([*prefix, str(BIN), "--version"], capture_output=True, text=True,
                           timeout=60, env=clean_env())
    if probe.returncode == 0:
        return None
    return (f"the console script {BIN} cannot be run as another user (it lies in a folder "
            f"only its owner may enter: {probe.stderr.strip()[-120:]}); the read-only tracker "
            "cases need a checkout other users can read")


@pytest.fixture
def read_only_tracker(example: Path) -> Iterator[tuple[Path, list[str]]]:
    """A folder with a synced tracker whose `.actiontrack` folder and database are read-only,
    and the command prefix that runs a process as someone who cannot write them (root can
    write anything, so as root the process runs as nobody, through util-linux's setpriv)."""
    folder = Path(tempfile.mkdtemp(prefix="actiontrack-ro-"))
    try:
        folder.chmod(0o755)
        subprocess.run([str(BIN), "sync", str(example)], cwd=folder, env=clean_env(),
                       check=True, capture_output=True)
        # Every file, the lock file too: a user who owns it could otherwise still take it.
        for path in (folder / ".actiontrack").iterdir():
            path.chmod(0o444)
        (folder / ".actiontrack").chmod(0o555)
        prefix: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("running as root and no setpriv to run as another user")
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            reason = _unreachable_by(prefix)
            if reason:
                pytest.skip(reason)
        yield folder, prefix
    finally:
        (folder / ".actiontrack").chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("args, message", [
    (["sync", "EXAMPLE"], "error: local: cannot create .actiontrack/tracker.db.lock "
                          "(Permission denied: .actiontrack/tracker.db.lock)"),
    (["issues", "close", "1"], "error: local: cannot write to {folder}/.actiontrack/tracker.db "
                               "(attempt to write a readonly database)"),
])
def test_a_read_only_tracker_is_one_line_and_exit_1(
        read_only_tracker: tuple[Path, list[str]], example: Path, args: list[str],
        message: str) -> None:
    folder, prefix = read_only_tracker
    before = (folder / ".actiontrack" / "tracker.db").read_bytes()
    args = [str(example) if a == "EXAMPLE" else a for a in args]
    proc = subprocess.run([*prefix, str(BIN), *args], cwd=folder, env=clean_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(message.format(folder=folder.resolve())), lines[0]
    assert "writable" in lines[0]
    assert (folder / ".actiontrack" / "tracker.db").read_bytes() == before


def test_a_tracker_path_under_a_file_is_one_line(tmp_path: Path, example: Path) -> None:
    (tmp_path / "notes").write_text("a file, not a folder")
    proc = subprocess.run([str(BIN), "sync", str(example)], cwd=tmp_path, capture_output=True,
                          text=True, env=clean_env(ACTIONTRACK_DB="notes/tracker.db"),
                          timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: local: cannot create notes/tracker.db.lock (File exists: notes); make its "
        "folder writable, or point ACTIONTRACK_DB or [local] path at a writable place"]


# -- make demo -----------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")
def test_make_demo_shows_the_loop(tmp_path: Path) -> None:
    """The demo's commands, run by make with this test's installed environment (`-o` keeps
    make from reinstalling it) and a tracker of its own."""
    venv = Path(sys.executable).parent.parent
    proc = subprocess.run(["make", "-s", "--no-print-directory", "-C", str(ROOT), "demo",
                           f"VENV={venv}",
                           f"DEMO_DIR={tmp_path}/demo", "-o", f"{venv}/.installed"],
                          capture_output=True, text=True, env=clean_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    sections = proc.stdout.split("\n== ")
    assert sections[0].startswith("== actiontrack parse") and "\n4 action items\n" in sections[0]
    by_title = {s.split("\n", 1)[0]: s.split("\n", 1)[1] for s in sections[1:]}
    titles = list(by_title)
    assert [t.split(" (")[0] for t in titles] == [
        "actiontrack sync", "actiontrack sync",
        "actiontrack report --overdue --as-of 2023-06-01", "actiontrack issues close 2",
        "actiontrack report --overdue"]
    first, second = by_title[titles[0]], by_title[titles[1]]
    assert first.count("created ") == 4 and "4 created, 0 updated, 0 unchanged" in first
    assert second.count("unchanged ") == 4 and "0 created, 0 updated, 4 unchanged" in second
    assert "2023-02-05" in titles[2]
    assert by_title[titles[2]].startswith("4 overdue action items as of 2023-06-01")
    assert by_title[titles[3]].startswith("2 closed: Implement monitoring on server memory")
    last = by_title[titles[4]]
    assert last.startswith("3 overdue action items as of ")
    assert "Implement monitoring" not in last


# -- secrets -------------------------------------------------------------------------------

def test_a_github_token_without_a_repository_is_never_shown(tmp_path: Path,
                                                           example: Path) -> None:
    token = "ghp_no_repo_but_secret_0123456789"
    for debug in ([], ["--debug"]):
        proc = subprocess.run([str(BIN), *debug, "sync", str(example), "--backend", "github"],
                              cwd=tmp_path, env=clean_env(GITHUB_TOKEN=token),
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines()[-1].startswith(
            "error: GitHub needs a repository: set GITHUB_REPOSITORY=owner/name")
        assert token not in proc.stdout + proc.stderr
    assert not (tmp_path / ".actiontrack").exists()


@pytest.mark.parametrize("flavour", ["cloud", "dc"])
def test_jira_debug_logs_of_a_successful_sync_never_show_the_token(
        tmp_path: Path, example: Path, flavour: str) -> None:
    with FakeJira(flavour) as fake:
        env = fake.env()
        secret = env.get("JIRA_API_TOKEN") or env["JIRA_PAT"]
        proc = subprocess.run([str(BIN), "--debug", "sync", str(example), "--backend", "jira"],
                              cwd=tmp_path, env=clean_env(**env), capture_output=True,
                              text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        assert len(fake.issues()) == 4
    assert "DEBUG urllib3.connectionpool" in proc.stderr  # the HTTP log is really on
    assert secret not in proc.stdout + proc.stderr


class _Refusing(BaseHTTPRequestHandler):
    """A Redmine that refuses every API key, as a real one answers a wrong key."""

    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("X-Redmine-API-Key", ""))
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_a_refused_redmine_key_is_never_shown(tmp_path: Path, example: Path,
                                              debug: list[str]) -> None:
    pytest.importorskip("redminelib")
    key = "f00dfeedbeef" * 3
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = clean_env(REDMINE_URL=f"http://127.0.0.1:{server.server_address[1]}",
                        REDMINE_PROJECT="ops", REDMINE_API_KEY=key)
        proc = subprocess.run([str(BIN), *debug, "sync", str(example), "--backend", "redmine"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    finally:
        server.shutdown()
        server.server_close()
    assert proc.returncode == 1
    assert key in _Refusing.seen  # the key really went to the server
    assert proc.stderr.strip().splitlines()[-1].startswith("error: ")
    assert ("Traceback" in proc.stderr) == bool(debug)
    assert key not in proc.stdout + proc.stderr


# -- the machine -------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this machine")
def test_a_full_disk_is_one_line_and_exit_1(example: Path) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run([str(BIN), "parse", str(example)], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=clean_env(), timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "error: [Errno 28] No space left on device; check the path, its permissions and "
        "free space"]
