"""`actiontrack --help`, `parse` and the local backend never import PyGithub or jira: those
cost 0.2-0.4 s each, paid on every run otherwise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
from actiontrack.cli import main
code = main(sys.argv[1:])
loaded = {m.split('.')[0] for m in sys.modules}
heavy = sorted(loaded & {'github', 'jira', 'requests', 'redminelib'})
print(json.dumps({'code': code, 'heavy': heavy}), file=sys.stderr)
"""


def probe(args: list[str], cwd: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          cwd=cwd)
    return json.loads(proc.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [
    ["--help"],
    ["parse", "{example}", "--format", "json"],
    ["sync", "{example}"],
    ["report", "--as-of", "2023-06-01"],
])
def test_no_tracker_client_is_imported(args: list[str], example: Path, tmp_path: Path) -> None:
    result = probe([a.format(example=example) for a in args], tmp_path)
    assert result["code"] == 0
    assert [m for m in result["heavy"] if m in ("github", "jira")] == []  # type: ignore[union-attr]
