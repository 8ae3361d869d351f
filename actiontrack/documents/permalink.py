"""Permalinks to postmortems that live in a GitHub repository.

In a GitHub Actions job the working copy is a GitHub repository, and the job's environment
says which: `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`, `GITHUB_WORKSPACE`. A
postmortem file under the workspace then has a permalink,
`{server}/{repository}/blob/{commit}/{path}`, which the issue body links to.

The commit is the last one that changed the file when git can tell, so that a commit touching
other files does not change the link, and with it every issue body (one write per issue per
run). Where git cannot tell (no git, a shallow checkout: `fetch-depth: 1` is the default of
actions/checkout), it is `GITHUB_SHA`, and each new commit rewrites the link once.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from ..model import ParsedDocument


def _last_commit(path: Path) -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(path.parent), "log", "-1", "--format=%H", "--",
                              path.name], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    sha = out.stdout.strip()
    return sha if out.returncode == 0 and len(sha) == 40 else None


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
        return None  # not in the job's repository
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
