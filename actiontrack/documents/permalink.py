"""Permalinks to postmortems that live in a GitHub repository.

In a GitHub Actions job the working copy is a GitHub repository, and the job's environment
says which: `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`, `GITHUB_WORKSPACE`. A
postmortem file under the workspace then has a permalink,
`{server}/{repository}/blob/{commit}/{path}`, which the issue body links to.

The commit is the last one that changed the file when git can tell, so that a commit touching
other files does not change the link, and with it every issue body (one write per issue per
run). Where git cannot tell (no git, a shallow checkout: `fetch-depth: 1` is the default of
actions/checkout), it is `GITHUB_SHA`, and each new commit rewrites the link once.

A job may check out other repositories too (an organisation's sync of several repositories,
one matrix job each): a file in a clone of another repository on the same server links to
that repository, at its own commit, by its path there.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from ..model import ParsedDocument


def _git(folder: Path, *args: str) -> str | None:
    import subprocess  # here: only a job in GitHub Actions asks git (a sync elsewhere never)
    try:
        out = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _last_commit(path: Path) -> str | None:
    sha = _git(path.parent, "log", "-1", "--format=%H", "--", path.name)
    return sha if sha and len(sha) == 40 else None


@lru_cache(maxsize=256)
def _clone_of(folder: Path, server: str) -> tuple[Path, str] | None:
    """The top folder of the git checkout `folder` is in and the repository (owner/name) its
    `origin` is on `server`; None when it is not a clone of a repository there. Once a
    folder: postmortems share a few."""
    top, origin = _git(folder, "rev-parse", "--show-toplevel"), _git(
        folder, "config", "--get", "remote.origin.url")
    if not top or not origin:
        return None
    found = re.fullmatch(re.escape(server.rstrip("/")) + r"/([\w.-]+/[\w.-]+?)(?:\.git)?/?",
                         origin, re.IGNORECASE)
    return (Path(top).resolve(), found[1]) if found else None


def github_permalink(source: str | Path, env: Mapping[str, str]) -> str | None:
    """The permalink of a file in the repository of a GitHub Actions job, or None."""
    server, repo, sha = (env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY",
                                              "GITHUB_SHA"))
    if not (server and repo and sha):
        return None
    path = Path(source).resolve()
    root = Path(env.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    try:
        relative = path.relative_to(root)
    except ValueError:
        return None  # not in the job's checkouts
    clone = _clone_of(path.parent, server)
    if clone is not None and clone[1].casefold() != repo.casefold():  # another repository's
        top, repo = clone
        commit = _last_commit(path) or _git(top, "rev-parse", "HEAD")
        if not commit:
            return None
        relative = path.relative_to(top)
    else:
        commit = _last_commit(path) or sha
    return f"{server.rstrip('/')}/{repo}/blob/{commit}/{quote(relative.as_posix())}"


def with_permalink(doc: ParsedDocument, env: Mapping[str, str]) -> ParsedDocument:
    """The document with `postmortem.url` set to its permalink, unless it has a URL already."""
    if doc.postmortem.url:
        return doc
    url = github_permalink(doc.postmortem.source, env)
    if url is None:
        return doc
    return doc.model_copy(update={"postmortem": doc.postmortem.model_copy(update={"url": url})})
