"""What a first-time user meets: the mistakes people really make get one line that says what
to do, nothing is written, and help and listings read well. In-process through the console
script's `main` (the `run` fixture); `test_ux_process.py` has the cases that need a process.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from actiontrack.cli import cli

Run = Callable[..., tuple[int, str, str]]  # the `run` fixture: (exit code, stdout, stderr)


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0]


def nothing_written(folder: Path) -> bool:
    return not (folder / ".actiontrack").exists()


# -- typos on the command line -----------------------------------------------------------

@pytest.mark.parametrize("args, expected, helps", [
    (["synk", "x.md"], "Did you mean 'sync'?", "`actiontrack --help`"),
    (["sync", "--dryrun", "x.md"], "'--dry-run'", "`actiontrack sync --help`"),
    (["sync"], "Missing argument 'PATH...'", "`actiontrack sync --help`"),
    (["report", "--format", "xml"], "'xml' is not one of", "`actiontrack report --help`"),
    (["issues", "clos", "2"], "Did you mean 'close'?", "`actiontrack issues --help`"),
])
def test_a_typo_on_the_command_line_is_one_line_naming_the_help(
        run: Run, tmp_path: Path, args: list[str], expected: str, helps: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    line = one_error_line(err)
    assert expected in line and line.endswith(f" See {helps}.")
    assert nothing_written(tmp_path)


def test_debug_is_accepted_after_the_command_too(run: Run) -> None:
    code, _, err = run("sync", "missing.md", "--debug")
    assert code == 2
    assert "Traceback" in err and err.strip().endswith(
        "error: missing.md: no such file or folder; check the path")


def test_debug_after_a_double_dash_is_left_alone(run: Run, tmp_path: Path) -> None:
    code, _, err = run("sync", "--", "--debug")  # a file named --debug
    assert code == 2 and "Traceback" not in err
    assert "--debug: no such file or folder" in one_error_line(err)


# -- paths ---------------------------------------------------------------------------------

def test_parse_of_a_folder_says_to_name_a_file_or_use_check(run: Run, tmp_path: Path) -> None:
    (tmp_path / "postmortems").mkdir()
    code, _, err = run("parse", "postmortems")
    assert code == 2
    line = one_error_line(err)
    assert "postmortems: is a folder" in line and "actiontrack check postmortems" in line


def test_an_empty_file_is_skipped_and_the_tracker_left_alone(run: Run, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_text("")
    code, out, err = run("sync", "empty.md")
    assert code == 0
    assert out.splitlines() == ["skipped empty.md: no action items",
                                "nothing to sync: no action items found"]
    assert err.startswith("warning: empty.md: ")
    code, out, _ = run("sync", "empty.md", "--format", "json")
    assert code == 0 and json.loads(out)["items"] == [] and json.loads(out)["created"] == 0
    assert nothing_written(tmp_path)


def test_a_large_postmortem_with_a_pasted_log_syncs(run: Run, tmp_path: Path) -> None:
    log = "".join(f"2023-01-02T10:{i % 60:02d}:00Z worker-{i % 7} retrying job {i}\n"
                  for i in range(60_000))  # about 3.5 MB
    (tmp_path / "big.md").write_text(f"# Queue outage on 2023-01-02\n\n## Logs\n\n{log}\n"
                                      "## Action items\n\n- Fix the retry storm\n"
                                      "- Add an alert on queue depth\n")
    code, out, err = run("sync", "big.md")
    assert code == 0, err
    assert out.count("created") == 3  # two items and the summary line


# -- the config file -----------------------------------------------------------------------

@pytest.mark.parametrize("toml, expected", [
    ("[sla]\ncorective = 3\n", "key 'sla.corective': unknown setting; did you mean 'corrective'?"),
    ("backnd = \"github\"\n", "key 'backnd': unknown setting; did you mean 'backend'?"),
    ("[slas]\ncorrective = 3\n", "key 'slas': unknown setting; did you mean 'sla'?"),
    ("[local]\npth = \"t.db\"\n", "key 'local.pth': unknown setting; did you mean 'path'?"),
    ("[githb]\nrepo = \"a/b\"\n", "key 'githb': unknown setting; did you mean 'github'?"),
    ("[sla]\ncorrective = \"7 days\"\n", "key 'sla.corrective': should be a valid integer "
                                          "(got '7 days')"),
    ("sla = 7\n", "key 'sla': should be a table: [sla] with its settings on the lines below"),
    ("github = \"acme/ops\"\n", "key 'github': should be a table: [github]"),
    ("[sla]\npreventive = -1\n", "key 'sla.preventive': should be greater than or equal to 0 "
                                 "(got -1)"),
])
def test_a_config_mistake_names_the_key_and_the_fix(
        run: Run, tmp_path: Path, example: Path, toml: str, expected: str) -> None:
    (tmp_path / "at.toml").write_text(toml)
    code, out, err = run("--config", "at.toml", "sync", str(example))
    assert code == 2 and out == ""
    line = one_error_line(err)
    assert line.startswith(f"error: at.toml, {expected}"), line
    assert "pydantic" not in line and "Input should" not in line
    assert nothing_written(tmp_path)


def test_a_table_for_a_backend_not_installed_is_a_warning(run: Run, tmp_path: Path,
                                                         example: Path) -> None:
    (tmp_path / "at.toml").write_text("[servicenow]\ninstance = \"acme\"\n")
    code, _, err = run("--config", "at.toml", "sync", str(example))
    assert code == 0
    from actiontrack.backends import installed_backend_names
    installed = installed_backend_names()
    assert {"github", "jira", "local"} <= set(installed)
    assert err.splitlines() == [
        "warning: at.toml: [servicenow] is ignored: it is not a setting and no installed "
        f"backend is named 'servicenow' (installed: {', '.join(installed)})"]


def test_environment_variables_are_named_bare_not_as_keys(run: Run, example: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret_value_123456")
    monkeypatch.setenv("GITHUB_REPOSITORY", "just-a-name")
    code, _, err = run("sync", str(example), "--backend", "github")
    assert code == 2
    assert one_error_line(err) == ("error: GITHUB_REPOSITORY: 'just-a-name' is not owner/name; "
                                   "set it (or [github] repo) to the repository, e.g. acme/ops")
    assert "ghp_secret_value_123456" not in err


# -- working from another folder -----------------------------------------------------------

def project(root: Path, example: Path) -> Path:
    """A repository with its config and postmortems, as a team keeps it."""
    (root / ".git").mkdir(parents=True)
    (root / "config").mkdir()
    (root / "config" / "actiontrack.toml").write_text("[sla]\ncorrective = 5\n")
    (root / "postmortems").mkdir()
    (root / "postmortems" / example.name).write_bytes(example.read_bytes())
    return root


def test_a_sub_folder_uses_the_projects_config_and_tracker(
        run: Run, tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, example)
    assert run("sync", "postmortems")[0] == 0
    monkeypatch.chdir(root / "postmortems")
    code, out, _ = run("sync", ".", "--format", "json")
    assert code == 0
    result = json.loads(out)
    assert (result["unchanged"], result["updated"], result["created"]) == (4, 0, 0)
    assert not (root / "postmortems" / ".actiontrack").exists()
    code, out, _ = run("parse", example.name, "--format", "json")
    assert json.loads(out)["action_items"][0]["due"] == "2023-02-10"  # corrective = 5


def test_an_explicit_config_from_elsewhere_finds_the_same_tracker(
        run: Run, tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "repo", example)
    monkeypatch.chdir(root)
    run("sync", "postmortems")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("--config", str(root / "config" / "actiontrack.toml"),
                       "sync", str(root / "postmortems"), "--format", "json")
    assert code == 0 and json.loads(out)["unchanged"] == 4
    assert not (tmp_path / ".actiontrack").exists()


def test_links_are_written_back_from_a_sub_folder_inside_and_outside_the_project(
        run: Run, tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path / "repo", example)
    outside = tmp_path / "elsewhere" / "other.md"
    outside.parent.mkdir()
    outside.write_text("# Disk full on 2023-03-01\n\n## Action items\n\n- Add a disk alert\n")
    monkeypatch.chdir(root / "postmortems")
    code, out, err = run("sync", ".", "../../elsewhere/other.md", "--write-links")
    assert code == 0, err
    assert f"{example.name}: 4 link(s) added" in out and "other.md: 1 link(s) added" in out
    assert outside.read_text().count("tracker.db#5") == 1
    code, out, _ = run("issues", "show", "5")
    assert f"(`{outside}`)" in out  # outside the project: named by its absolute path


def test_a_report_where_nothing_was_synced_says_so(run: Run, tmp_path: Path) -> None:
    code, out, err = run("report", "--as-of", "2023-06-01")
    assert code == 0 and out.startswith("No overdue action items")
    assert err.startswith(f"warning: no tracker at {tmp_path}/.actiontrack/tracker.db: nothing "
                          "has been synced to it yet")
    assert nothing_written(tmp_path)


# -- the tracker by hand, and the report ---------------------------------------------------

def test_issues_list_has_a_header_and_the_kind(run: Run, example: Path) -> None:
    run("sync", str(example))
    code, out, _ = run("issues", "list")
    header, first, *rest = out.splitlines()
    assert header.split() == ["KEY", "STATE", "DUE", "ASSIGNEE", "KIND", "TITLE"]
    assert first.split()[:5] == ["1", "open", "2023-02-12", "-", "corrective"]
    assert len(rest) == 3 and all(line.index("preventive") == header.index("KIND")
                                  for line in rest)
    code, out, _ = run("issues", "list", "--state", "closed")
    assert out == "No closed tracked issues.\n"


def test_closing_twice_says_it_is_already_closed(run: Run, example: Path) -> None:
    run("sync", str(example))
    assert run("issues", "close", "#2") == (0, "2 closed: Implement monitoring on server memory\n",
                                            "")
    code, out, _ = run("issues", "close", "2", "-m", "again")
    assert code == 0 and out == "2 is already closed: Implement monitoring on server memory\n"
    from actiontrack.backends.local import LocalBackend
    from actiontrack.config import Config
    assert LocalBackend(Config()).comments("2") == []  # the second close wrote nothing


@pytest.mark.parametrize("key, message", [
    ("abc", "'abc' is not an issue number; use the number `actiontrack issues list` shows"),
    ("99", "issue 99 does not exist"),
])
def test_a_wrong_key_is_one_line(run: Run, example: Path, key: str, message: str) -> None:
    run("sync", str(example))
    code, _, err = run("issues", "close", key)
    assert code == 1 and message in one_error_line(err)


def test_a_kind_no_item_has_is_a_usage_error(run: Run, example: Path) -> None:
    """A typo in --kind must not give an empty report that keeps a CI job green."""
    run("sync", str(example))
    for extra in ([], ["--fail-on-overdue"], ["--weekly"]):
        code, out, err = run("report", "--as-of", "2023-06-01", "--kind", "preventative", *extra)
        assert (code, out) == (2, "")
        assert err == ("error: --kind preventative: no item has that kind (kinds: corrective, "
                       "preventive); check its spelling\n")
    code, _, err = run("report", "--as-of", "2023-06-01", "--kind", "Preventive")
    assert code == 0 and err == ""


@pytest.mark.parametrize("value", ["2023/06/01", "01-06-2023", "yesterday"])
def test_as_of_in_another_format(run: Run, value: str) -> None:
    code, _, err = run("report", "--as-of", value)
    assert code == 2
    assert one_error_line(err) == f"error: --as-of '{value}' is not a date; use YYYY-MM-DD"


# -- help ----------------------------------------------------------------------------------

def all_commands() -> list[tuple[str, ...]]:
    import click
    found: list[tuple[str, ...]] = [()]
    for name, command in cli.commands.items():  # type: ignore[attr-defined]
        found.append((name,))
        if isinstance(command, click.Group):
            found += [(name, sub) for sub in command.commands]
    return found


def test_every_option_of_every_command_says_what_it_does() -> None:
    import click
    for path in all_commands():
        command: click.Command = cli
        for name in path:
            command = command.commands[name]  # type: ignore[attr-defined]
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"actiontrack {' '.join(path)} {param.opts[0]} has no help"


def test_the_command_list_is_not_cut_off(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == 0
    commands = out.split("Commands:")[1].strip().splitlines()
    assert len(commands) == len(cli.commands)  # type: ignore[attr-defined]
    assert not any(line.rstrip().endswith("...") for line in commands), commands
    assert "actiontrack issues list" in out


def test_version(run: Run) -> None:
    from actiontrack import __version__
    assert run("--version") == (0, f"actiontrack, version {__version__}\n", "")


def test_backends_has_a_header_over_its_columns(run: Run) -> None:
    code, out, _ = run("backends")
    header, *rows = out.splitlines()
    assert code == 0 and header.split() == ["NAME", "ENTRY", "POINT", "PACKAGE", "STATUS"]
    local = next(row for row in rows if row.startswith("local "))
    assert local.index("actiontrack.backends.local") == header.index("ENTRY POINT")
    assert local.endswith(" ok") and local.index("ok") == header.index("STATUS")
