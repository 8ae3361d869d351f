"""The command line as a shell user meets it: `python -m actiontrack`, `--format json` on every
command that reads, global options on either side of the command, `-o -`, usage errors for
what cannot be meant (an unknown --kind, two reports at once), FORCE_COLOR, shell completion,
and backends whose client library is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent / "actiontrack"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def shell(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
          ) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ACTIONTRACK_", "GITHUB_"))}
    return subprocess.run(list(args), capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**base, **(env or {})})


# -- python -m, the version --------------------------------------------------------------

def test_python_dash_m_is_the_actiontrack_command(tmp_path: Path, example: Path) -> None:
    done = shell(sys.executable, "-m", "actiontrack", "parse", str(example), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == shell(str(BIN), "parse", str(example), cwd=tmp_path).stdout
    assert "\n4 action items\n" in done.stdout
    bad = shell(sys.executable, "-m", "actiontrack", "repot", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("error: No such command 'repot'")


def test_the_version_has_one_source(run) -> None:  # type: ignore[no-untyped-def]
    import actiontrack
    assert actiontrack.__version__ == version("actiontrack") == PYPROJECT["project"]["version"]
    expected = f"actiontrack, version {PYPROJECT['project']['version']}\n"
    for args in (["--version"], ["report", "--version"], ["issues", "list", "--version"]):
        assert run(*args) == (0, expected, ""), args


# -- --format json on the commands that read ---------------------------------------------

def test_issues_list_and_show_and_backends_speak_json(run, example: Path) -> None:  # type: ignore[no-untyped-def]
    run("sync", str(example))
    assert run("report", "--publish", "--as-of", "2023-06-01", "-o", "r.md")[0] == 0
    code, out, _ = run("issues", "list", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and [i["key"] for i in listed] == ["1", "2", "3", "4"]  # no report issue
    assert listed[0]["title"] == "Patch the shopping cart module"
    assert listed[0]["kind"] == "corrective" and listed[0]["due"] == "2023-02-12"
    assert listed[0]["postmortem"] == "2023-02-05-shopping-cart-outage"
    assert "actiontrack:v1" not in listed[0]["body"]
    code, out, _ = run("issues", "show", "#2", "--format", "json")
    assert code == 0 and json.loads(out) == listed[1]
    code, out, _ = run("issues", "list", "--state", "closed", "--format", "json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run("backends", "--format", "json")
    local = next(b for b in json.loads(out) if b["name"] == "local")
    assert code == 0 and local == {
        "name": "local", "entry_point": "actiontrack.backends.local:LocalBackend",
        "package": "actiontrack", "usable": True, "error": None, "missing": [],
        "install": None}


# -- global options after the command -----------------------------------------------------

def test_config_and_debug_work_after_the_command(run, example: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "other.toml").write_text('[local]\npath = "elsewhere.db"\n')
    assert run("sync", str(example), "--config", "other.toml")[0] == 0
    assert (tmp_path / "elsewhere.db").exists()
    assert not (tmp_path / ".actiontrack" / "tracker.db").exists()
    assert run("issues", "list", "--config=other.toml")[1].count("\n") == 5
    assert run("--config", "other.toml", "issues", "list")[1].count("\n") == 5
    for args in (["issues", "show", "99", "--debug"], ["--debug", "issues", "show", "99"]):
        code, _, err = run(*args, "--config", "other.toml")
        assert code == 1 and "Traceback" in err and err.rstrip().splitlines()[-1].startswith(
            "error: local: issue 99 does not exist"), args
    code, _, err = run("issues", "show", "99", "--config", "other.toml")
    assert code == 1 and "Traceback" not in err


def test_a_global_option_after_a_double_dash_is_an_argument(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("check", "--", "--debug")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("error: --debug: no such file or folder")


# -- -o -, and the reports one cannot have at once ----------------------------------------

def test_dash_is_stdout_beside_files(run, example: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("sync", str(example), "-o", "-", "-o", "sync.json")
    assert code == 0 and out.splitlines()[-1].startswith("4 created, 0 updated")
    assert json.loads((tmp_path / "sync.json").read_text())["created"] == 4
    assert not (tmp_path / "-").exists()
    code, out, err = run("report", "--as-of", "2023-06-01", "-o", "-")
    assert code == 0 and out.startswith("4 overdue action items as of 2023-06-01")
    code, out, err = run("report", "--weekly", "--as-of", "2023-06-01", "--format", "json",
                         "-o", "-", "-o", "r.md")
    assert code == 0 and json.loads(out)["counts"]["overdue"] == 4
    assert (tmp_path / "r.md").read_text().startswith("# Postmortem action items")
    assert not (tmp_path / "-").exists()
    code, out, _ = run("check", str(example), "-o", "-", "-o", "check.md")
    assert code == 0 and out.startswith(f"{example}:")
    assert (tmp_path / "check.md").read_text().startswith("### actiontrack check: 1 postmortem")


def test_a_format_a_command_lacks_is_a_usage_error_and_writes_nothing(  # type: ignore[no-untyped-def]
        run, example: Path, tmp_path: Path) -> None:
    code, out, err = run("check", str(example), "-o", "a.md", "-o", "b.html")
    assert (code, out) == (2, "")
    assert err == "error: b.html: no html format here; use one of text, json, github, markdown\n"
    assert not (tmp_path / "a.md").exists()


@pytest.mark.parametrize("extra", [["--weekly"], ["--publish"], ["--format", "html"],
                                   ["-o", "r.csv"]])
def test_the_overdue_list_and_the_weekly_report_at_once_is_a_usage_error(  # type: ignore[no-untyped-def]
        run, example: Path, tmp_path: Path, extra: list[str]) -> None:
    run("sync", str(example))
    code, out, err = run("report", "--overdue", *extra, "--as-of", "2023-06-01")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: --overdue and {' '.join(extra[:2]).replace('-o', '--output')}"
                          " ask for two different reports; ")
    assert not (tmp_path / "r.csv").exists()
    code, _, _ = run("report", *extra, "--as-of", "2023-06-01")
    assert code == 0  # each alone is fine


def test_mention_owners_needs_publish(run) -> None:  # type: ignore[no-untyped-def]
    assert run("report", "--mention-owners") == (
        2, "", "error: --mention-owners is for the weekly comment; add --publish\n")


# -- colour --------------------------------------------------------------------------------

def test_force_color_colours_a_pipe_and_no_color_wins(run, example: Path,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    run("sync", str(example))
    args = ("report", "--weekly", "--as-of", "2023-06-01")
    assert "\x1b[" not in run(*args)[1]  # captured output is no terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = run(*args)[1]
    assert out.startswith("\x1b[1mWeekly report, 2023-06-01\x1b[0m") and "\x1b[31m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run(*args)[1]


# -- completion ----------------------------------------------------------------------------

def test_shell_completion_as_the_readme_shows_it(tmp_path: Path) -> None:
    script = shell(str(BIN), env={"_ACTIONTRACK_COMPLETE": "bash_source"})
    assert script.returncode == 0 and "_actiontrack_completion()" in script.stdout
    words = shell(str(BIN), env={"_ACTIONTRACK_COMPLETE": "bash_complete",
                                 "COMP_WORDS": "actiontrack rep", "COMP_CWORD": "1"})
    assert words.stdout.split() == ["plain,report"]
    options = shell(str(BIN), env={"_ACTIONTRACK_COMPLETE": "bash_complete",
                                   "COMP_WORDS": "actiontrack report --fail", "COMP_CWORD": "2"})
    assert options.stdout.split() == ["plain,--fail-on-overdue"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "_ACTIONTRACK_COMPLETE=bash_source actiontrack" in readme


# -- a backend whose client library is missing --------------------------------------------

def test_redmine_declares_the_extra_it_needs() -> None:
    [redmine] = [ep for ep in entry_points(group="actiontrack.backends") if ep.name == "redmine"]
    assert redmine.extras == ["redmine"]
    assert "python-redmine>=2.5" in PYPROJECT["project"]["optional-dependencies"]["redmine"]


def test_a_backend_whose_extra_is_not_installed_is_unusable_with_the_install_hint(
        tmp_path: Path) -> None:
    """A distribution (made here, as pip would lay it out) whose backend needs an extra that
    is not installed: it imports fine, and `backends` says what to install."""
    info = tmp_path / "site" / "tracker_plus-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tracker-plus\nVersion: 1.0\nProvides-Extra: fancy\n"
        'Requires-Dist: no-such-client-library>=1; extra == "fancy"\n')
    (info / "entry_points.txt").write_text(
        "[actiontrack.backends]\nplus = actiontrack.backends.local:LocalBackend [fancy]\n")
    env = {"PYTHONPATH": str(tmp_path / "site")}
    done = shell(str(BIN), "backends", env=env)
    assert done.returncode == 0, done.stderr
    plus = next(line for line in done.stdout.splitlines() if line.startswith("plus "))
    assert plus.endswith("needs no-such-client-library: pip install 'tracker-plus[fancy]'")
    assert "redmine " in done.stdout  # the others are listed as before
    data = json.loads(shell(str(BIN), "backends", "--format", "json", env=env).stdout)
    assert next(b for b in data if b["name"] == "plus") == {
        "name": "plus", "entry_point": "actiontrack.backends.local:LocalBackend",
        "package": "tracker-plus", "usable": False, "error": None,
        "missing": ["no-such-client-library"], "install": "pip install 'tracker-plus[fancy]'"}


# -- in GitHub Actions ---------------------------------------------------------------------

def test_in_actions_errors_and_warnings_are_annotations(run, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "odd.toml").write_text("[nosuchtracker]\nurl = 'x'\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, _, err = run("issues", "list", "--config", "odd.toml")
    assert code == 0 and err.startswith("::warning title=actiontrack::") and "nosuchtracker" in err
    assert run("report", "--as-of", "June") == (
        2, "", "::error title=actiontrack::--as-of 'June' is not a date; use YYYY-MM-DD\n")
    code, _, err = run("sync", "missing.md")
    assert code == 2 and err.startswith(
        "::error file=missing.md,title=actiontrack::missing.md: no such file or folder")
    code, _, err = run("repot")  # click's own usage errors too
    assert code == 2 and err.startswith("::error title=actiontrack::No such command 'repot'")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run("report", "--as-of", "June")[2].startswith("error: --as-of")
