"""Real git repositories for the tests of a sync run from a clone (`backends/local_git.py`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="no git on this machine")


def git(path: Path, *args: str) -> str:
    """Run git in `path` (as a committer named t); its output."""
    return subprocess.run(["git", "-C", str(path), "-c", "user.name=t", "-c",
                           "user.email=t@example.com", *args], check=True,
                          capture_output=True, text=True).stdout.strip()


def one_commit(path: Path) -> str:
    """A git repository at `path` with one commit; its sha."""
    git(path, "init", "-q")
    (path / "pm.md").write_text("# A postmortem\n")
    git(path, "add", "pm.md")
    git(path, "commit", "-q", "-m", "a postmortem")
    return git(path, "rev-parse", "HEAD")
