"""The commit a local clone has from GitHub, for the sync lock's lease (no request for one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actiontrack.backends.local_git import _names_repo, clone_commit

from .gitrepo import git, needs_git, one_commit


@pytest.mark.parametrize("url", [
    "https://github.com/acme/postmortems.git", "https://github.com/acme/postmortems",
    "https://github.com/Acme/PostMortems/", "git@github.com:acme/postmortems.git",
    "ssh://git@github.example.com:22/acme/postmortems.git",
    "https://token@github.example.com/acme/postmortems"])
def test_remote_urls_that_name_the_repository(url: str) -> None:
    assert _names_repo(url, "acme/postmortems")


@pytest.mark.parametrize("url", [
    "https://github.com/acme/postmortems-old.git", "git@github.com:other/postmortems.git",
    "/srv/git/acme/postmortems", "https://github.com/acme"])
def test_remote_urls_of_other_repositories(url: str) -> None:
    assert not _names_repo(url, "acme/postmortems")


def test_outside_a_clone_there_is_no_commit(tmp_path: Path) -> None:
    assert clone_commit(tmp_path, "acme/postmortems") is None


@needs_git
def test_a_clone_without_a_fetched_head_gives_its_newest_remote_branch(tmp_path: Path) -> None:
    sha = one_commit(tmp_path)
    git(tmp_path, "remote", "add", "upstream", "https://github.com/acme/postmortems.git")
    assert clone_commit(tmp_path, "acme/postmortems") is None  # nothing fetched from it
    git(tmp_path, "update-ref", "refs/remotes/upstream/main", "HEAD")
    assert clone_commit(tmp_path, "acme/postmortems") == sha
