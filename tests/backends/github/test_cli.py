"""The command line on GitHub, in a real subprocess with only the variables a GitHub Actions
job has (GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL pointing at the fake)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.github import FakeGitHub, github_env

TOKEN = "ghp_very_secret_token_1234567890"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(token=TOKEN) as fake:
        yield fake


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("GITHUB_", "GH_", "ACTIONTRACK_"))}
    return subprocess.run([sys.executable, "-m", "actiontrack", *args],
                          env={**clean, **env}, capture_output=True, text=True, timeout=60)


def test_sync_and_report_work_with_only_the_actions_environment(
        fake: FakeGitHub, example: Path) -> None:
    env = github_env(fake)
    first = run(env, "sync", str(example), "--backend", "github")
    assert first.returncode == 0, first.stderr
    assert len(fake.issues()) == 4 and "GitHub acme/incidents" in first.stdout
    fake.clear_log()
    second = run(env, "sync", str(example), "--backend", "github")
    assert second.returncode == 0, second.stderr
    assert fake.writes() == 0 and fake.count() <= 3
    report = run(env, "report", "--overdue", "--backend", "github", "--as-of", "2023-06-01",
                 "--format", "json")
    assert report.returncode == 0, report.stderr
    import json
    items = json.loads(report.stdout)["items"]
    assert sorted(i["title"] for i in items) == sorted(i["title"] for i in fake.issues())
    assert items[0]["kind"] == "corrective" and items[0]["due"] == "2023-02-12"
    assert items[0]["issue"]["url"].startswith("http://127.0.0.1:")


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_a_bad_token_is_one_clear_line_and_never_shown(fake: FakeGitHub, example: Path,
                                                       debug: bool) -> None:
    wrong = "ghp_wrong_but_secret_token_0987654321"
    args = ["--debug"] if debug else []
    result = run(github_env(fake, GITHUB_TOKEN=wrong), *args, "sync", str(example),
                 "--backend", "github")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == ("error: github: list issues: GitHub refused the credentials (HTTP 401: "
                         "Bad credentials); set GITHUB_TOKEN (or GH_TOKEN) to a valid token")
    if not debug:
        assert len(lines) == 1 and result.stdout == ""
    else:
        assert "Traceback" in result.stderr and "urllib3" in result.stderr
    assert wrong not in result.stdout + result.stderr
    assert fake.issues() == []


def test_debug_logs_of_pygithub_and_urllib3_never_show_the_token(
        fake: FakeGitHub, example: Path, tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()  # the working directory of the run
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[github]\nseconds_between_writes = 0\n")
    result = run(github_env(fake), "--debug", "sync", str(example), "--backend", "github")
    assert result.returncode == 0, result.stderr
    assert "DEBUG github.Requester" in result.stderr  # the HTTP log is really on
    assert "DEBUG urllib3.connectionpool" in result.stderr
    assert TOKEN not in result.stdout + result.stderr
    assert fake.requests[0].headers["authorization"] == f"token {TOKEN}"


def test_missing_repository_is_a_usage_error_naming_the_variable(fake: FakeGitHub,
                                                                 example: Path) -> None:
    env = {k: v for k, v in github_env(fake).items() if k != "GITHUB_REPOSITORY"}
    result = run(env, "sync", str(example), "--backend", "github")
    assert result.returncode == 2
    assert result.stderr.startswith("error: GitHub needs a repository: set GITHUB_REPOSITORY")
    assert fake.requests == []


def test_backends_lists_github() -> None:
    result = run({}, "backends")
    assert result.returncode == 0
    assert "actiontrack.backends.github:GitHubBackend" in result.stdout


def test_a_refused_item_fails_the_run_in_one_line_and_the_others_are_synced(
        fake: FakeGitHub, example: Path) -> None:
    fake.fail(422, times=1, method="POST", path=r"/issues$")
    env = github_env(fake)
    first = run(env, "sync", str(example), "--backend", "github")
    assert first.returncode == 1
    errors = [line for line in first.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "1 of 4 item(s) failed" in errors[0]
    assert "Traceback" not in first.stderr
    assert len(fake.issues()) == 3
    again = run(env, "sync", str(example), "--backend", "github")
    assert again.returncode == 0, again.stderr
    assert len(fake.issues()) == 4
