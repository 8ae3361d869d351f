"""The composite action (action.yml): its structure, and its run script driven for real, with
the step's env as action.yml declares it and the variables a runner sets, on the embedded
tracker and on the fake GitHub: the human log, the annotations, the outputs and the summary."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.fakes.github import FakeGitHub

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
SCRIPT = ROOT / "scripts" / "action-run.sh"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
JOB_TOKEN = "ghs_the_jobs_own_token_000000000000"
needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="the script needs bash")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def test_composite_with_inputs_passed_through_env(action: dict[str, Any]) -> None:
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    text = ACTION.read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"inputs.{name}" in text, f"input {name} is never used"
    for step in steps:
        if "run" in step:
            assert step.get("shell") == "bash", f"{step.get('name')}: shell must be set"
            assert "${{" not in step["run"], f"{step.get('name')}: pass values via env:"
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
    install = next(s for s in steps if s.get("name") == "Install actiontrack")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"


def test_every_output_is_defined_and_written(action: dict[str, Any]) -> None:
    script = SCRIPT.read_text(encoding="utf-8")
    run = next(s for s in action["runs"]["steps"] if s.get("id") == "run")
    assert set(action["outputs"]) == {
        "created", "updated", "unchanged", "closed", "orphaned", "overdue", "report-path",
        "report-issue", "report-issue-url", "errors", "warnings", "result-path", "exit-code"}
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
        assert output["description"]
        assert re.search(rf"\b{re.escape(name)}=", script), f"{name} is never written"
    assert set(run["env"]) >= {"AT_COMMAND", "AT_PATHS", "AT_CONFIG", "AT_BACKEND", "AT_ARGS"}


def test_the_action_installs_from_the_hash_checked_lock_with_a_pip_cache(
        action: dict[str, Any]) -> None:
    steps = action["runs"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install actiontrack")["run"]
    assert '--require-hashes --no-deps -r "$ACTION_PATH/requirements/action.txt"' in install
    # actiontrack itself: built with the locked setuptools, nothing fetched
    assert '--no-deps --no-build-isolation --no-index "$ACTION_PATH"' in install
    assert install.count("install ") == 2
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "${{ steps.pip.outputs.dir }}"
    assert "steps.pip.outputs.key" in cache["with"]["key"]
    assert steps.index(cache) < steps.index(next(s for s in steps
                                                 if s.get("name") == "Install actiontrack"))


def test_the_action_keeps_actiontracks_cache_between_runs(action: dict[str, Any]) -> None:
    steps = action["runs"]["steps"]
    name = next(s for s in steps if s.get("id") == "atcache")
    restore = next(s for s in steps if s.get("name") == "Restore actiontrack's cache")
    run = next(s for s in steps if s.get("id") == "run")
    assert steps.index(name) < steps.index(restore) < steps.index(run)
    assert name["if"] == restore["if"] == "inputs.cache == 'true'"
    assert action["inputs"]["cache"]["default"] == "true"
    assert PINNED.match(restore["uses"]) and restore["uses"].startswith("actions/cache@")
    assert restore["with"] == {"path": "${{ steps.atcache.outputs.dir }}",
                               "key": "${{ steps.atcache.outputs.key }}",
                               "restore-keys": "${{ steps.atcache.outputs.prefix }}"}
    assert run["env"]["AT_CACHE_DIR"] == "${{ steps.atcache.outputs.dir }}"


def name_the_cache(action: dict[str, Any], tmp_path: Path, what: str,
                   **runner: str) -> dict[str, str]:
    """The outputs of the step that names the cache, its script run as the runner runs it."""
    step = next(s for s in action["runs"]["steps"] if s.get("id") == "atcache")
    outputs = tmp_path / "cache-outputs"
    outputs.write_text("")
    env = {"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(outputs), "AT_WHAT": what,
           "RUNNER_TEMP": str(tmp_path), "RUNNER_OS": "Linux", "GITHUB_WORKFLOW": "sync",
           "GITHUB_JOB": "sync", "GITHUB_RUN_ID": "7", "GITHUB_RUN_ATTEMPT": "1", **runner}
    subprocess.run(["bash", "-c", step["run"]], env=env, check=True, timeout=30)
    return dict(line.split("=", 1) for line in outputs.read_text().splitlines())


@needs_bash
def test_each_run_saves_its_own_entry_and_restores_the_last_of_the_same_job(
        action: dict[str, Any], tmp_path: Path) -> None:
    first = name_the_cache(action, tmp_path, "sync postmortems")
    assert first["dir"] == str(tmp_path / "actiontrack-cache")
    assert first["key"] == first["prefix"] + "7-1"
    assert first["prefix"].startswith("actiontrack-cache-1-Linux-")
    again = name_the_cache(action, tmp_path, "sync postmortems", GITHUB_RUN_ID="8")
    assert again["prefix"] == first["prefix"] and again["key"] == first["prefix"] + "8-1"
    # another job of a matrix, or another command, has entries of its own
    other = {name_the_cache(action, tmp_path, "sync team-b/postmortems")["prefix"],
             name_the_cache(action, tmp_path, "check postmortems")["prefix"],
             name_the_cache(action, tmp_path, "sync postmortems", GITHUB_JOB="b")["prefix"]}
    assert first["prefix"] not in other and len(other) == 3


# -- the run step, as the runner runs it ----------------------------------------------------

@dataclass
class Run:
    code: int
    log: str  # stdout and stderr, as the run page shows them
    outputs: dict[str, str]
    summary: str


def step_env(action: dict[str, Any], inputs: dict[str, str], cache_dir: str = "") -> dict[str, str]:
    """The run step's `env:` with its expressions evaluated as the runner would: inputs (with
    their defaults), the job's token, the action's path and the cache folder the cache steps
    named (`cache_dir`; empty when they did not run)."""
    values = {name: spec.get("default", "") for name, spec in action["inputs"].items()}
    assert set(inputs) <= set(values), f"no such input: {set(inputs) - set(values)}"
    values.update(inputs)
    context = {f"inputs.{k}": v for k, v in values.items()}
    context.update({"github.token": JOB_TOKEN, "github.action_path": str(ROOT),
                    "steps.atcache.outputs.dir": cache_dir if values["cache"] == "true" else ""})
    run = next(s for s in action["runs"]["steps"] if s.get("id") == "run")

    def evaluate(text: str) -> str:
        return re.sub(r"\$\{\{\s*([\w.-]+)\s*\}\}", lambda m: context[m[1]], str(text))
    return {name: evaluate(value) for name, value in run["env"].items()}


@pytest.fixture
def run_action(action: dict[str, Any], tmp_path: Path):  # type: ignore[no-untyped-def]
    """Run the script as one step of a job (same RUNNER_TEMP each time, a fresh GITHUB_OUTPUT
    and GITHUB_STEP_SUMMARY per step). `job_env` is what the workflow's env: adds."""
    steps = iter(range(1000))

    def invoke(job_env: dict[str, str] | None = None, **inputs: str) -> Run:
        n = next(steps)
        outputs, summary = tmp_path / f"outputs-{n}", tmp_path / f"summary-{n}"
        outputs.write_text("")
        summary.write_text("")
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("AT_", "ACTIONTRACK_", "GITHUB_", "GH_"))}
        env.update(GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(outputs),
                   GITHUB_STEP_SUMMARY=str(summary), GITHUB_WORKSPACE=str(tmp_path),
                   RUNNER_TEMP=str(tmp_path / "runner-temp"),
                   ACTIONTRACK_BIN=str(Path(sys.executable).parent / "actiontrack"))
        (tmp_path / "runner-temp").mkdir(exist_ok=True)
        env.update(job_env or {})
        env.update(step_env(action, {k.replace("_", "-"): v for k, v in inputs.items()},
                            str(tmp_path / "runner-temp" / "actiontrack-cache")))
        done = subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
        return Run(done.returncode, done.stdout, values, summary.read_text(encoding="utf-8"))
    return invoke


@needs_bash
def test_sync_then_weekly_report_through_the_action(run_action, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    example: Path) -> None:
    shutil.copy(example, tmp_path / "pm.md")
    sync = run_action(command="sync", paths="pm.md\n")
    assert sync.code == 0, sync.log
    # The log is the human summary a terminal shows, not JSON.
    assert "4 created, 0 updated, 0 unchanged, 0 closed, 0 orphaned" in sync.log
    assert sync.log.count("\ncreated ") + sync.log.startswith("created ") == 4
    assert "{" not in sync.log
    result = sync.outputs.pop("result-path")
    assert json.loads(Path(result).read_text())["created"] == 4
    assert sync.outputs == {"created": "4", "updated": "0", "unchanged": "0", "closed": "0",
                            "orphaned": "0", "exit-code": "0"}
    assert "| 4 | 0 | 0 | 0 | 0 |" in sync.summary
    assert "| created | Patch the shopping cart module | corrective | #1 |" not in sync.summary
    assert "| created | Patch the shopping cart module | corrective |" in sync.summary

    report = run_action(command="report", args="--as-of 2023-06-01\n--fail-on-overdue",
                        html_path=str(tmp_path / "r.html"))
    assert report.code == 3  # --fail-on-overdue, passed through
    assert report.outputs["overdue"] == "4" and report.outputs["exit-code"] == "3"
    assert report.log.startswith("Weekly report, 2023-06-01\n4 overdue")
    assert Path(report.outputs["report-path"]).read_text(encoding="utf-8") == report.summary
    assert report.summary.startswith("# Postmortem action items — weekly report, 2023-06-01")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "report-issue" not in report.outputs  # nothing was published


@needs_bash
def test_the_run_parses_into_the_cache_the_action_restores(run_action, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           example: Path) -> None:
    shutil.copy(example, tmp_path / "pm.md")
    kept = tmp_path / "runner-temp" / "actiontrack-cache" / "parsed.db"
    assert run_action(command="sync", paths="pm.md").code == 0
    assert kept.stat().st_size > 0
    # the workflow's own ACTIONTRACK_CACHE_DIR wins; cache "false" leaves the folder alone
    kept.unlink()
    own = tmp_path / "own-cache"
    assert run_action({"ACTIONTRACK_CACHE_DIR": str(own)}, command="check",
                      paths="pm.md").code == 0
    assert (own / "parsed.db").exists() and not kept.exists()
    assert run_action(command="check", paths="pm.md", cache="false").code == 0
    assert not kept.exists()


@needs_bash
def test_a_failed_run_reports_nothing_an_earlier_run_left(run_action, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                          example: Path) -> None:
    shutil.copy(example, tmp_path / "pm.md")
    assert run_action(command="sync", paths="pm.md").code == 0
    good = run_action(command="report", args="--as-of 2023-06-01")
    assert good.code == 0 and good.outputs["overdue"] == "4" and good.summary
    bad = run_action(command="report", args="--as-of 2023/06/01")
    assert bad.code == 2
    assert bad.outputs == {"exit-code": "2"}
    assert bad.summary == ""
    assert bad.log.strip() == ("::error title=actiontrack::--as-of '2023/06/01' is not a date; "
                               "use YYYY-MM-DD")


@needs_bash
def test_check_annotates_and_writes_a_summary_table(run_action, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "pm.md").write_text("# Outage on 2023-03-01\n\n## Action items\n\n"
                                    "- Fix the pool\n- Fix the pool\n", encoding="utf-8")
    done = run_action(command="check", paths="pm.md")
    assert done.code == 1
    assert "::error file=pm.md,line=6,title=duplicate-item::'Fix the pool' is listed twice" \
        in done.log
    assert "\n1 postmortem(s) checked: 1 error(s), 4 warning(s)\n" in done.log
    assert done.outputs["errors"] == "1" and done.outputs["warnings"] == "4"
    assert done.summary.startswith("### actiontrack check: 1 postmortem(s), 2 item(s), "
                                   "1 error(s), 4 warning(s)")
    assert "| ❌ error | pm.md | 6 | duplicate-item | 'Fix the pool' is listed twice" \
        in done.summary


@needs_bash
def test_inputs_are_never_run_as_shell(run_action, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    done = run_action(command="sync", paths="$(touch pwned-1); touch pwned-2",
                      args="`touch pwned-3` *")
    assert not list(tmp_path.glob("pwned*"))
    assert done.code == 2 and done.outputs == {"exit-code": "2"}
    # the path is text, even inside the annotation's file property
    assert done.log == ("::error file=$(touch pwned-1); touch pwned-2,title=actiontrack::"
                        "$(touch pwned-1); touch pwned-2: no such file or folder; check the "
                        "path\n")

    done = run_action(command="rm -rf /")
    assert done.code == 2
    assert "must be sync, report or check" in done.log


# -- on the fake GitHub ---------------------------------------------------------------------

@pytest.fixture
def github(tmp_path: Path, example: Path) -> Iterator[tuple[FakeGitHub, dict[str, str]]]:
    """The fake GitHub, and the variables a runner sets for it (the token is the input's);
    the example postmortem is pm.md in the workspace."""
    shutil.copy(example, tmp_path / "pm.md")
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[github]\nseconds_between_writes = 0\n")
    with FakeGitHub(token="ghp_the_input_token_0123456789") as fake:
        yield fake, {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_API_URL": fake.base_url,
                     "GITHUB_SERVER_URL": fake.base_url}


@needs_bash
def test_the_action_on_github_writes_log_annotations_outputs_and_summary(  # type: ignore[no-untyped-def]
        run_action, github: tuple[FakeGitHub, dict[str, str]]) -> None:
    fake, runner = github
    # A job-level GH_TOKEN (for `gh` steps) must not beat the github-token input.
    job = {**runner, "GH_TOKEN": "ghp_some_other_token_for_gh_steps"}
    sync = run_action(job, command="sync", paths="pm.md", backend="github",
                      github_token=fake.token)
    assert sync.code == 0, sync.log
    assert len(fake.issues()) == 4
    assert f"4 created, 0 updated, 0 unchanged, 0 closed, 0 orphaned (GitHub {fake.full_name}" \
        in sync.log
    assert sync.outputs["created"] == "4"
    assert ("| created | Patch the shopping cart module | corrective | "
            f"[#1]({fake.base_url}/{fake.full_name}/issues/1) |") in sync.summary

    report = run_action(job, command="report", backend="github", github_token=fake.token,
                        args="--publish --as-of 2023-06-01")
    assert report.code == 0, report.log
    number = report.outputs["report-issue"]
    assert number == "5"
    assert report.outputs["report-issue-url"].endswith(f"/{fake.full_name}/issues/5")
    assert "created the weekly report issue 5" in report.log
    assert fake.comments(5) and fake.comments(5)[0].startswith("**Weekly report, 2023-06-01:**")

    # A bad token: one annotation with the one-line message, and only the exit code as output.
    failed = run_action({**runner, "GH_TOKEN": "ghp_wrong_0123456789"}, command="sync",
                        paths="pm.md", backend="github")
    assert failed.code == 1
    assert failed.log.strip() == ("::error title=actiontrack::github: list issues: GitHub "
                                  "refused the credentials (HTTP 401: Bad credentials); set "
                                  "GITHUB_TOKEN (or GH_TOKEN) to a valid token")
    assert failed.outputs == {"exit-code": "1"} and failed.summary == ""


@needs_bash
def test_token_precedence_input_then_workflow_env_then_the_job_token(  # type: ignore[no-untyped-def]
        run_action, github: tuple[FakeGitHub, dict[str, str]]) -> None:
    fake, runner = github
    sync = {"command": "sync", "paths": "pm.md", "backend": "github"}
    wrong = "ghp_wrong_0123456789"
    # the input wins over GH_TOKEN and GITHUB_TOKEN
    assert run_action({**runner, "GH_TOKEN": wrong, "GITHUB_TOKEN": wrong},
                      github_token=fake.token, **sync).code == 0
    # no input: the workflow's GH_TOKEN, then its GITHUB_TOKEN, win over the job's token
    assert run_action({**runner, "GH_TOKEN": fake.token}, **sync).code == 0
    assert run_action({**runner, "GITHUB_TOKEN": fake.token}, **sync).code == 0
    assert run_action({**runner, "GH_TOKEN": wrong, "GITHUB_TOKEN": fake.token},
                      **sync).code == 1
    # nothing set: the job's own token (github.token) is used
    used = fake.requests[-1].headers["authorization"]
    assert run_action(runner, **sync).code == 1  # the fake knows only the input's token
    assert fake.requests[-1].headers["authorization"].endswith(JOB_TOKEN)
    assert used != fake.requests[-1].headers["authorization"]
