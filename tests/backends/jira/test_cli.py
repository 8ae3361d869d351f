"""`actiontrack sync PATH --backend jira` with nothing but environment variables, as a CI job
runs it, against the fake Jira; and the errors a user meets when a setting is missing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from actiontrack.cli import cli
from tests.fakes.jira import FakeJira


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param) as server:
        yield server


def run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args, env=env)
    return result.exit_code, result.output


def test_sync_with_env_only_then_resync_changes_nothing(fake: FakeJira, example: Path) -> None:
    env = fake.env()
    code, out = run(["sync", str(example), "--backend", "jira"], env)
    assert code == 0, out
    assert "created" in out and len(fake.issues()) == 4
    assert {s["fields"]["duedate"] for s in fake.issues()} == {"2023-02-12", "2023-03-07"}
    fake.reset_log()
    code, out = run(["sync", str(example), "--backend", "jira", "--format", "json"], env)
    assert code == 0 and '"unchanged": 4' in out and '"created": 0' in out
    assert fake.writes() == []
    code, out = run(["report", "--backend", "jira", "--as-of", "2023-06-01"], env)
    assert code == 0 and "Patch the shopping cart module" in out


def test_missing_setting_is_one_line_and_exit_2(example: Path) -> None:
    env = {"JIRA_PROJECT": "OPS", "JIRA_PAT": "secret-pat-value", "PATH": ""}
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "sync", str(example),
                           "--backend", "jira"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "error: JIRA_URL: no Jira server is set; set JIRA_URL or [jira] server"]
    assert "secret-pat-value" not in proc.stderr + proc.stdout


def test_bad_token_is_exit_1_and_never_printed(fake: FakeJira, example: Path) -> None:
    env = fake.env(**{"JIRA_API_TOKEN" if fake.cloud else "JIRA_PAT": "leaky-token-1"})
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "--debug", "sync",
                           str(example), "--backend", "jira"], env={**env, "PATH": ""},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "refused the credentials" in proc.stderr
    assert "leaky-token-1" not in proc.stderr + proc.stdout


def test_help_and_parse_do_not_import_jira(example: Path) -> None:
    code = ("import sys; from actiontrack.cli import main; "
            f"main(['parse', {str(example)!r}]); main(['--help']); "
            "print('jira' in sys.modules, 'actiontrack.backends.jira' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert proc.stdout.strip().splitlines()[-1] == "False False"
