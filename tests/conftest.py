"""Shared fixtures: a fresh working directory and parse cache per test, and no stray config or
tracker env."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "postmortems" / "2023-02-05-shopping-cart-outage.md"


def sigint_as_at_a_terminal() -> None:
    """`preexec_fn` for a child a test will Ctrl-C: SIGINT at its default, as a shell at a
    terminal starts a command. A test run started in the background (`make test &`, a job
    of a script without job control) hands its children SIGINT ignored; Python then installs
    no KeyboardInterrupt handler, and the sync waited out the fake's slow answer (30 s)
    instead of stopping, which looked like a slow machine."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)

_ENV = ("ACTIONTRACK_CONFIG", "ACTIONTRACK_BACKEND", "ACTIONTRACK_DB", "ACTIONTRACK_DEBUG",
        "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL", "JIRA_URL",
        "JIRA_PROJECT", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT", "REDMINE_URL",
        "REDMINE_PROJECT", "REDMINE_API_KEY", "NO_COLOR", "FORCE_COLOR",
        # set in every GitHub Actions step (ci.yml runs these tests there): errors would be
        # `::error::` annotations instead of the `error:` lines the tests expect
        "GITHUB_ACTIONS")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ACTIONTRACK_CACHE_DIR", raising=False)
    # The parse cache of this test alone, beside (not in) its folder; subprocesses inherit it.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path.with_name(tmp_path.name + "-cache")))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def example() -> Path:
    return EXAMPLE


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run the CLI in-process as the console script does; return (exit code, stdout, stderr)."""
    from actiontrack.cli import main

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return invoke
