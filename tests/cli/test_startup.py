"""Start-up, in a fresh process each: `actiontrack --help`, `parse` and the local backend
never import PyGithub or jira (0.2-0.4 s each, paid on every run otherwise); `parse` and
`check` import only the document and parsing code; `report` imports no parser and no engine."""

from __future__ import annotations

import json
import os
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


MODULES = """
import json, sys
from actiontrack.cli import main
code = main(sys.argv[1:])
print(json.dumps({'code': code, 'modules': sorted(m for m in sys.modules
                                                  if m.startswith('actiontrack.'))}),
      file=sys.stderr)
"""


def loaded(args: list[str], cwd: Path) -> tuple[int, list[str]]:
    proc = subprocess.run([sys.executable, "-c", MODULES, *args], capture_output=True,
                          text=True, cwd=cwd)
    data = json.loads(proc.stderr.strip().splitlines()[-1])
    return data["code"], data["modules"]


def under(modules: list[str], *packages: str) -> list[str]:
    return [m for m in modules if m in packages or m.startswith(tuple(p + "." for p in packages))]


@pytest.mark.parametrize("command", ["parse", "check"])
def test_parse_and_check_import_only_the_document_and_parsing_code(
        command: str, example: Path, tmp_path: Path) -> None:
    """A pre-commit hook or an editor runs these on every save: no engine, no tracker, no
    report code is imported."""
    code, modules = loaded([command, str(example)], tmp_path)
    assert code == 0
    assert "actiontrack.parsing" in modules
    assert under(modules, "actiontrack.sync", "actiontrack.backends", "actiontrack.reports",
                 "actiontrack.issue_format") == []


def test_report_imports_neither_the_parser_nor_the_engine(example: Path, tmp_path: Path) -> None:
    code, _ = loaded(["sync", str(example)], tmp_path)
    assert code == 0
    code, modules = loaded(["report", "--overdue", "--as-of", "2023-06-01"], tmp_path)
    assert code == 0 and "actiontrack.reports.overdue" in modules
    assert under(modules, "actiontrack.parsing", "actiontrack.sync",
                 "actiontrack.reports.publish") == []


PYDANTIC = """
import json, sys
from actiontrack.cli import main
code = main(sys.argv[1:])
print(json.dumps({'code': code, 'pydantic': 'pydantic' in sys.modules,
                  'model': 'actiontrack.model' in sys.modules}), file=sys.stderr)
"""


def test_parse_without_a_config_file_imports_no_pydantic(example: Path, tmp_path: Path) -> None:
    """`parse` prints the parser's plain records: without a config file to validate, the
    process never imports pydantic (more than a bare start-up costs); with one, it does, and
    the settings apply."""
    def run(cwd: Path, *args: str) -> tuple[dict[str, object], str]:
        proc = subprocess.run([sys.executable, "-c", PYDANTIC, "parse", str(example), *args],
                              capture_output=True, text=True, cwd=cwd)
        return json.loads(proc.stderr.strip().splitlines()[-1]), proc.stdout

    plain, plain_out = run(tmp_path, "--format", "json")
    assert plain == {"code": 0, "pydantic": False, "model": False}
    project = tmp_path / "project"
    (project / "config").mkdir(parents=True)
    (project / "config" / "actiontrack.toml").write_text("[sla]\ncorrective = 2\n")
    configured, configured_out = run(project, "--format", "json")
    assert configured["code"] == 0 and configured["pydantic"] is True
    (project / "config" / "actiontrack.toml").write_text("")  # a file, the defaults in it
    same, same_out = run(project, "--format", "json")
    assert same["pydantic"] is True and same_out == plain_out != configured_out


SYNC_MODULES = """
import json, sys
from actiontrack.cli import main
code = main(sys.argv[1:])
print(json.dumps({'code': code, 'writeback': 'actiontrack.documents.writeback' in sys.modules,
                  'subprocess': 'subprocess' in sys.modules}), file=sys.stderr)
"""


def test_a_sync_imports_the_write_back_only_for_write_links_and_no_subprocess(
        example: Path, tmp_path: Path) -> None:
    """A sync outside GitHub Actions runs no git (the permalinks are GitHub's), so it does not
    import `subprocess`; the code that writes links into postmortems is imported only for
    `--write-links`, which still writes them."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    pm = tmp_path / example.name
    pm.write_text(example.read_text(encoding="utf-8"), encoding="utf-8")

    def run(*args: str) -> dict[str, object]:
        proc = subprocess.run([sys.executable, "-c", SYNC_MODULES, "sync", str(pm), *args],
                              capture_output=True, text=True, cwd=tmp_path, env=env)
        return json.loads(proc.stderr.strip().splitlines()[-1])

    assert run() == {"code": 0, "writeback": False, "subprocess": False}
    assert pm.read_text(encoding="utf-8") == example.read_text(encoding="utf-8")
    assert run("--write-links") == {"code": 0, "writeback": True, "subprocess": False}
    assert "](file:" in pm.read_text(encoding="utf-8")  # the issues' links, written
