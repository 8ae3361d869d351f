"""A user's mistake gets one clear line, a documented exit code, and nothing written.

Some cases run the real console script in a subprocess, so what a user sees (no traceback,
one line on stderr) is checked exactly as they would see it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "actiontrack"


def one_error_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    return lines[0]


def test_missing_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("sync", "nope/missing.md")
    assert code == 2
    line = one_error_line(err)
    assert "nope/missing.md" in line and "no such file" in line
    assert not (tmp_path / ".actiontrack").exists()


def test_folder_with_no_postmortems(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.json").write_text("{}")
    code, _, err = run("sync", str(tmp_path / "empty"))
    assert code == 2
    assert "holds no postmortems" in one_error_line(err)


def test_binary_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blob = tmp_path / "image.md"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    code, _, err = run("parse", str(blob))
    assert code == 2
    assert "binary" in one_error_line(err)


def test_non_utf8_file_names_the_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    latin = tmp_path / "latin1.md"
    latin.write_bytes("# Panne\n\n## Actions\n- Réparer le cache\n".encode("latin-1"))
    code, _, err = run("sync", str(latin))
    assert code == 2
    line = one_error_line(err)
    assert f"{latin}:4" in line and "UTF-8" in line
    assert not (tmp_path / ".actiontrack").exists()


@pytest.mark.parametrize("toml, key", [
    ("[sla]\ncorrective = -3\n", "sla.corrective"),
    ("[sla]\npreventive = \"soon\"\n", "sla.preventive"),
    ("backend = \"no such thing!\"\n", "backend"),
    ("[parser]\nunknown_setting = 1\n", "parser.unknown_setting"),
])
def test_invalid_config_value_names_the_key(run, tmp_path: Path, example: Path,  # type: ignore[no-untyped-def]
                                            toml: str, key: str) -> None:
    config = tmp_path / "at.toml"
    config.write_text(toml)
    code, _, err = run("--config", str(config), "sync", str(example))
    assert code == 2
    line = one_error_line(err)
    assert str(config) in line and f"'{key}'" in line
    assert not (tmp_path / ".actiontrack").exists()


def test_broken_toml(run, tmp_path: Path, example: Path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "at.toml"
    config.write_text("[sla\ncorrective = 7\n")
    code, _, err = run("--config", str(config), "parse", str(example))
    assert code == 2 and "not valid TOML" in one_error_line(err)


def test_unknown_backend_lists_the_installed_ones(run, example: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("sync", str(example), "--backend", "trello")
    assert code == 2
    line = one_error_line(err)
    assert "trello" in line and "local" in line


def test_config_from_environment_variable(run, tmp_path: Path, example: Path,  # type: ignore[no-untyped-def]
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "custom.toml"
    config.write_text("[sla]\ncorrective = 1\npreventive = 2\n")
    monkeypatch.setenv("ACTIONTRACK_CONFIG", str(config))
    code, out, _ = run("parse", str(example), "--format", "json")
    assert [i["due"] for i in json.loads(out)["action_items"]] == \
        ["2023-02-06", "2023-02-07", "2023-02-07", "2023-02-07"]


def test_default_config_file_is_found(run, tmp_path: Path, example: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(
        "[local]\npath = \"elsewhere/t.db\"\n")
    run("sync", str(example))
    assert (tmp_path / "elsewhere" / "t.db").is_file()


def test_no_action_section_is_a_warning_not_an_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pm = tmp_path / "prose.md"
    pm.write_text("# Incident\n\nWe restarted the service and it recovered.\n")
    code, out, err = run("parse", str(pm), "--format", "json")
    assert code == 0
    assert json.loads(out)["action_items"] == []
    assert len(err.strip().splitlines()) == 1 and str(pm) in err and "warning" in err
    code, out, err = run("sync", str(pm))
    assert code == 0
    assert str(pm) in err
    assert f"skipped {pm}" in out


def test_bad_as_of_date(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("report", "--as-of", "June 1st")
    assert code == 2 and "YYYY-MM-DD" in one_error_line(err)


def test_closing_an_unknown_issue(run, example: Path) -> None:  # type: ignore[no-untyped-def]
    run("sync", str(example))
    code, _, err = run("issues", "close", "99")
    assert code == 1 and "99" in one_error_line(err)


def test_corrupt_tracker_database(run, tmp_path: Path, example: Path,  # type: ignore[no-untyped-def]
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("ACTIONTRACK_DB", str(db))
    code, _, err = run("sync", str(example))
    assert code == 1
    assert "not a usable tracker database" in one_error_line(err)


def test_real_process_shows_no_traceback_and_debug_does(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTIONTRACK")}
    plain = subprocess.run([str(BIN), "sync", "missing.md"], capture_output=True, text=True,
                           cwd=tmp_path, env=env)
    assert plain.returncode == 2
    assert plain.stdout == ""
    assert plain.stderr.strip().splitlines() == [
        "error: missing.md: no such file or folder; check the path"]
    debug = subprocess.run([str(BIN), "--debug", "sync", "missing.md"], capture_output=True,
                           text=True, cwd=tmp_path, env=env)
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr and "InputError" in debug.stderr


def test_usage_error_exits_2(tmp_path: Path) -> None:
    proc = subprocess.run([str(BIN), "sync"], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2 and "Missing argument" in proc.stderr
