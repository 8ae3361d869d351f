"""Permalinks to postmortems kept in the GitHub repository of an Actions job, and the issue
bodies that link to them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.documents.permalink import github_permalink
from tests.fakes.github import FakeGitHub, github_env

SHA = "0123456789abcdef0123456789abcdef01234567"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c",
                           "user.email=t@example.com", *args], check=True, capture_output=True,
                          text=True).stdout.strip()


@pytest.fixture
def workspace(tmp_path: Path, example: Path) -> Path:
    repo = tmp_path / "checkout"
    (repo / "postmortems").mkdir(parents=True)
    shutil.copy(example, repo / "postmortems" / "cart outage.md")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "postmortem")
    return repo


def actions_env(workspace: Path) -> dict[str, str]:
    return {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/postmortems",
            "GITHUB_SHA": SHA, "GITHUB_WORKSPACE": str(workspace)}


def test_the_link_pins_the_commit_that_last_changed_the_file(workspace: Path) -> None:
    path = workspace / "postmortems" / "cart outage.md"
    first = git(workspace, "rev-parse", "HEAD")
    expected = (f"https://github.com/acme/postmortems/blob/{first}/postmortems/"
                "cart%20outage.md")
    assert github_permalink(path, actions_env(workspace)) == expected
    (workspace / "other.md").write_text("unrelated\n")
    git(workspace, "add", ".")
    git(workspace, "commit", "-qm", "another file")
    assert github_permalink(path, actions_env(workspace)) == expected  # no churn


def test_without_git_history_the_jobs_commit_is_used(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("x")
    assert github_permalink(path, actions_env(tmp_path)) == \
        f"https://github.com/acme/postmortems/blob/{SHA}/pm.md"


def test_no_link_outside_actions_or_outside_the_checkout(tmp_path: Path,
                                                         workspace: Path) -> None:
    path = workspace / "postmortems" / "cart outage.md"
    assert github_permalink(path, {}) is None
    assert github_permalink(path, actions_env(tmp_path / "elsewhere")) is None


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def test_synced_issue_bodies_link_to_the_postmortem(fake: FakeGitHub, workspace: Path) -> None:
    (workspace / "config").mkdir()
    (workspace / "config" / "actiontrack.toml").write_text(
        '[github]\nrepo = "acme/incidents"\nseconds_between_writes = 0\n')  # tracker repo
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("GITHUB_", "GH_", "ACTIONTRACK_"))}
    env = {**clean, **github_env(fake), **actions_env(workspace)}
    result = subprocess.run([sys.executable, "-m", "actiontrack", "sync", "postmortems",
                             "--backend", "github"], cwd=workspace, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    commit = git(workspace, "rev-parse", "HEAD")
    link = f"(https://github.com/acme/postmortems/blob/{commit}/postmortems/cart%20outage.md#L"
    bodies = [i["body"] for i in fake.issues()]
    assert len(bodies) == 4 and all(f"- **From:** [Cart outage]{link}" in b for b in bodies)


def test_a_clone_of_another_repository_links_to_that_repository(workspace: Path) -> None:
    """An organisation's matrix job checks out a team's repository inside its own: the link
    names the team's repository, its commit and the path there, not the job's."""
    team = workspace / "repos" / "payments"
    (team / "postmortems").mkdir(parents=True)
    shutil.copy(workspace / "postmortems" / "cart outage.md", team / "postmortems" / "db.md")
    git(team, "init", "-q")
    git(team, "remote", "add", "origin", "https://github.com/acme/payments")
    git(team, "add", ".")
    git(team, "commit", "-qm", "team postmortem")
    commit = git(team, "rev-parse", "HEAD")
    assert github_permalink(team / "postmortems" / "db.md", actions_env(workspace)) == \
        f"https://github.com/acme/payments/blob/{commit}/postmortems/db.md"
    # The job's own repository, when its checkout says so, is linked as before.
    git(workspace, "remote", "add", "origin", "https://github.com/acme/postmortems.git")
    own = git(workspace, "rev-parse", "HEAD")
    assert github_permalink(workspace / "postmortems" / "cart outage.md",
                            actions_env(workspace)) == \
        f"https://github.com/acme/postmortems/blob/{own}/postmortems/cart%20outage.md"
