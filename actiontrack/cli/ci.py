"""How the command line's errors and warnings look in a CI log.

In a GitHub Actions job (`GITHUB_ACTIONS=true`, which the runner sets in every step) an error
is a workflow command, `::error file=...,line=...,title=actiontrack::message`: the run page
shows it as an annotation with the one-line message, instead of only "Process completed with
exit code 1". Warnings become `::warning::` annotations. Anywhere else they stay the plain
`error: ...` / `warning: ...` lines the README documents.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

TITLE = "actiontrack"


def in_github_actions(env: Mapping[str, str] | None = None) -> bool:
    return (os.environ if env is None else env).get("GITHUB_ACTIONS") == "true"


def error_line(message: str, *, path: str | None = None, line: int | None = None) -> str:
    """The line that reports an error: an annotation in Actions, else `error: ...`."""
    if in_github_actions():
        from ..check import annotation  # only here: `--help` never imports the parser
        return annotation("error", message, path=path, line=line, title=TITLE)
    return f"error: {message}"


def warning_line(message: str) -> str:
    if in_github_actions():
        from ..check import annotation
        return annotation("warning", message, title=TITLE)
    return f"warning: {message}"
