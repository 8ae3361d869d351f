"""The newest commit a local clone has from GitHub, so the sync lock's lease can point at a
commit without asking GitHub for one (a request less per creating sync, run from a clone).

The clone is the folder the sync runs in (or one above it). A remote whose URL names the
repository the sync writes to (`https://github.com/owner/name.git`, `git@github.com:owner/
name`, a GitHub Enterprise host) gives its `HEAD` (or its newest remote-tracking branch):
a commit fetched from GitHub, so GitHub has it, unless it was force-pushed away since. GitHub
answers 422 to a lease on a commit it does not know, and the lock then asks for the newest
(see `github_lock.RefLock.fallback`). Without git, a clone or a matching remote: None.

Only `git config` and `git rev-parse`/`for-each-ref` run, with the repository's hooks and
`core.fsmonitor` never involved, a two-second limit, and no network.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

_TIMEOUT = 2.0
_SHA = re.compile(r"[0-9a-f]{40}")


def _git(workdir: Path, *args: str) -> str | None:
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(workdir), *args], capture_output=True,
                              text=True, timeout=_TIMEOUT, env=env, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return done.stdout if done.returncode == 0 else None


def _names_repo(url: str, repo_name: str) -> bool:
    """The remote URL's path is the repository's `owner/name` (any host, `.git` or not)."""
    url = url.strip()
    if "://" in url:  # https://[user@]host[:port]/owner/name, ssh://git@host:22/owner/name
        rest = url.split("://", 1)[1].split("@", 1)[-1]
        path = rest.split("/", 1)[1] if "/" in rest else ""
    else:  # git@host:owner/name (a local path has no host)
        rest = url.split("@", 1)[-1]
        path = rest.split(":", 1)[1] if ":" in rest else ""
    path = re.sub(r"\.git$", "", path.strip("/")).strip("/")
    return path.casefold() == repo_name.casefold()


def clone_commit(workdir: Path | None, repo_name: str) -> str | None:
    """The newest commit the clone at `workdir` (the current folder by default) has fetched
    from `repo_name`'s remote; None when there is no such clone or remote."""
    where = workdir or Path.cwd()
    remotes = _git(where, "config", "--get-regexp", r"^remote\..*\.url$")
    if not remotes:
        return None
    for line in remotes.splitlines():
        key, _, url = line.partition(" ")
        remote = key.removeprefix("remote.").removesuffix(".url")
        if not remote or not _names_repo(url, repo_name):
            continue
        for args in (("rev-parse", "--verify", "--quiet", f"refs/remotes/{remote}/HEAD^{{commit}}"),
                     ("for-each-ref", "--count=1", "--sort=-committerdate",
                      "--format=%(objectname)", f"refs/remotes/{remote}/")):
            out = (_git(where, *args) or "").strip()
            if _SHA.fullmatch(out):
                return out
    return None
