"""The composite action (action.yml): its structure, and its run script driven for real on the
embedded tracker, including an attempt to smuggle shell code through an input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
ACTION = ROOT / "action.yml"
SCRIPT = ROOT / "scripts" / "action-run.sh"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


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
    assert set(action["outputs"]) == {"created", "updated", "unchanged", "closed", "orphaned",
                                      "overdue", "report-path", "exit-code"}
    for name, output in action["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
        assert output["description"]
        assert re.search(rf"\b{re.escape(name)}\b", script), f"{name} is never written"
    assert set(run["env"]) >= {"AT_COMMAND", "AT_PATHS", "AT_CONFIG", "AT_BACKEND", "AT_ARGS"}


def run_action(tmp_path: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str],
                                                       dict[str, str], str]:
    outputs, summary = tmp_path / "outputs", tmp_path / "summary"
    outputs.write_text("")
    summary.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AT_", "ACTIONTRACK_"))}
    env.update({f"AT_{k.upper()}": v for k, v in inputs.items()})
    env.update(GITHUB_OUTPUT=str(outputs), GITHUB_STEP_SUMMARY=str(summary),
               RUNNER_TEMP=str(tmp_path), ACTIONTRACK_BIN=str(Path(sys.executable).parent
                                                              / "actiontrack"))
    done = subprocess.run(["bash", str(SCRIPT)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=120)
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    return done, values, summary.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's script needs bash")
def test_sync_then_weekly_report_through_the_action(tmp_path: Path, example: Path) -> None:
    shutil.copy(example, tmp_path / "pm.md")
    done, out, summary = run_action(tmp_path, command="sync", paths="pm.md\n", args="")
    assert done.returncode == 0, done.stderr
    assert out == {"created": "4", "updated": "0", "unchanged": "0", "closed": "0",
                   "orphaned": "0", "exit-code": "0"}
    assert "| 4 | 0 | 0 | 0 | 0 |" in summary

    done, out, summary = run_action(tmp_path, command="report",
                                    args="--as-of 2023-06-01\n--fail-on-overdue",
                                    html_path=str(tmp_path / "r.html"))
    assert done.returncode == 3  # --fail-on-overdue, passed through
    assert out["overdue"] == "4" and out["exit-code"] == "3"
    assert Path(out["report-path"]).read_text(encoding="utf-8") in summary
    assert summary.startswith("# Postmortem action items — weekly report, 2023-06-01")
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.skipif(shutil.which("bash") is None, reason="the action's script needs bash")
def test_inputs_are_never_run_as_shell(tmp_path: Path) -> None:
    done, out, _ = run_action(tmp_path, command="sync", paths="$(touch pwned-1); touch pwned-2",
                              args="`touch pwned-3` *")
    assert not list(tmp_path.glob("pwned*"))
    assert done.returncode == 2 and out["exit-code"] == "2"
    assert "no such file or folder" in done.stderr

    done, out, _ = run_action(tmp_path, command="rm -rf /")
    assert done.returncode == 2
    assert "must be sync, report or check" in done.stdout
