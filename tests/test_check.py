"""`actiontrack check`: findings, formats, exit codes; `parse`/`check` stay light on imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from actiontrack.cli import cli, main

GOOD = ("# Disk full\n\nDate: 2023-05-01\n\n## Action items\n\n"
        "- Add a disk alert @dana due 2023-05-15\n- [x] Clear the old logs\n")
SLOPPY = ("# Queue stuck\n\nDate: 2023-06-01\n\n## Action items\n\n"
          "- Add a queue alert\n- Add a queue alert\n- Fix the consumer @ghost due 2023-06-09\n")
EMPTY = "# Blip\n\nOn 2023-07-01 nothing much happened.\n"


def _write(folder: Path, **docs: str) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in docs.items():
        (folder / f"{name}.md").write_text(text)
    return folder


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_clean_postmortem_passes(tmp_path: Path) -> None:
    folder = _write(tmp_path / "pm", good=GOOD)
    code, out = _run("check", str(folder))
    assert code == 0
    assert out.strip().endswith("1 postmortem(s), 2 item(s): 0 error(s), 0 warning(s)")


def test_findings_as_json(tmp_path: Path) -> None:
    folder = _write(tmp_path / "pm", sloppy=SLOPPY, empty=EMPTY)
    (tmp_path / "actiontrack.toml").write_text('[owners]\n"@dana" = "dana-gh"\n')
    code, out = _run("--config", str(tmp_path / "actiontrack.toml"), "check", str(folder),
                     "--format", "json")
    assert code == 1  # errors: a duplicate item, a postmortem with no action section
    data = json.loads(out)
    found = {(Path(f["path"]).name, f["line"], f["severity"], f["rule"])
             for f in data["findings"]}
    assert found == {
        ("empty.md", None, "error", "no-action-section"),
        ("sloppy.md", 7, "warning", "missing-owner"), ("sloppy.md", 7, "warning", "missing-due"),
        ("sloppy.md", 8, "error", "duplicate-item"),
        ("sloppy.md", 8, "warning", "missing-owner"), ("sloppy.md", 8, "warning", "missing-due"),
        ("sloppy.md", 9, "warning", "unknown-owner"),
    }
    assert (data["files"], data["errors"], data["warnings"]) == (2, 2, 5)


def test_github_annotations_and_strict(tmp_path: Path) -> None:
    text = ("# Slow, odd: page\n\nDate: 2023-05-01\n\n## Tasks\n\n"
            "- Add a disk alert due 2023-06-01\n")
    folder = _write(tmp_path / "pm,1", warn=text)
    code, out = _run("check", str(folder), "--format", "github")
    assert code == 0  # warnings alone pass ...
    first = out.splitlines()[0]
    assert first.startswith("::warning file=")
    assert "pm%2C1/warn.md,line=7,title=missing-owner::'Add a disk alert' has no owner" in first
    code, _ = _run("check", str(folder), "--strict")
    assert code == 1  # ... unless --strict


def test_unreadable_file_is_an_error_finding_and_other_files_are_still_checked(
        tmp_path: Path) -> None:
    folder = _write(tmp_path / "pm", good=GOOD)
    (folder / "bad.md").write_bytes(b"caf\xe9\n")
    code, out = _run("check", str(folder))
    assert code == 1
    assert "bad.md:1: error: is not UTF-8 text; save the file as UTF-8 [unreadable]" in out
    assert "2 postmortem(s), 2 item(s): 1 error(s)" in out


def test_duplicate_postmortem_ids_across_files(tmp_path: Path) -> None:
    text = "---\nid: same\n---\n" + GOOD
    folder = _write(tmp_path / "pm", a=text, b=text)
    code, out = _run("check", str(folder))
    assert code == 1 and "[duplicate-postmortem-id]" in out


def test_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nope.md")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_parse_warns_in_one_line_when_there_is_no_action_section(tmp_path: Path) -> None:
    path = tmp_path / "blip.md"
    path.write_text(EMPTY)
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["action_items"] == []
    warning = result.stderr.strip().splitlines()
    assert len(warning) == 1 and "blip.md" in warning[0] and "no action section" in warning[0]


@pytest.mark.parametrize("command", ["parse", "check"])
def test_parse_and_check_do_not_import_tracker_clients(command: str, example: Path) -> None:
    code = ("import sys\nfrom actiontrack.cli import main\n"
            f"main([{command!r}, {str(example)!r}])\n"
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('github', 'jira')\n"
            "               or m.startswith(('actiontrack.backends.github',\n"
            "                                'actiontrack.backends.jira')))\n"
            "print('HEAVY', heavy)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "HEAVY []" in out
    assert "Patch the shopping cart module" in out


def test_check_passes_on_what_the_parser_noticed_about_the_file(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.md"
    broken.write_text('---\ntitle: "unclosed\n---\n# Outage\n\nDate: 2024-02-01\n\n'
                      "## Action items\n- Fix the cache @dana due 2024-03-01\n")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    code, out, _ = run("check", str(broken), str(empty), "--format", "json")
    assert code == 1
    findings = {(f["path"].rsplit("/", 1)[-1], f["rule"], f["severity"]): f["message"]
                for f in json.loads(out)["findings"]}
    assert "front matter" in findings[("broken.md", "document", "warning")]
    assert findings[("empty.md", "no-action-section", "error")].startswith("the file is empty")


UNSURE = ("# Cache outage\n\nDate: 2024-03-10\n\n## Action items\n\n"
          "- Add a cache alert due 03/04/2024\n- Rotate the cache keys by 2024-02-30\n"
          "- Fix the eviction loop (owner: TBD)\n- Why did the alert not fire?\n"
          "- Patch the client due 2024-03-01\n\n## Lessons learned\n\n"
          "Action point: write a runbook for cache failovers and link it from the alert.\n")


def test_check_warns_where_the_parser_is_unsure(tmp_path: Path) -> None:
    folder = _write(tmp_path / "pm", unsure=UNSURE)
    code, out = _run("check", str(folder), "--format", "json")
    assert code == 0  # uncertainty is a warning; --strict makes it fail
    found = {(f["line"], f["rule"]) for f in json.loads(out)["findings"]}
    assert {(7, "unreadable-due"), (8, "unreadable-due"), (9, "owner-placeholder"),
            (10, "question-item"), (11, "due-before-incident"),
            (15, "weak-section")} <= found
    # an owner written as a placeholder is named once, not also as a missing owner
    assert (9, "missing-owner") not in found


def test_check_names_no_uncertainty_in_a_clean_postmortem(tmp_path: Path) -> None:
    folder = _write(tmp_path / "pm", good=GOOD)
    code, out = _run("check", str(folder), "--format", "json")
    assert json.loads(out)["findings"] == []


def test_parse_explain_says_why_sections_lines_and_titles_were_read(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("# Outage\n\n## Ideas\n\n- Rewrite it\n\n## Action items\n\n"
                    "We will do these things to prevent it:\n\n- Add a disk alert @kim\n"
                    "  - see OPS-12\n")
    code, out = _run("parse", str(path), "--explain")
    assert code == 0
    explained = out.split("Sections:", 1)[1]
    assert "left   ## Ideas  -- 'ideas' names something other than follow-up work" in explained
    assert "TAKEN  ## Action items  -- the name says it holds actions ('action items')" \
        in explained
    assert "We will do these things to prevent it:  -> left: commentary beside the list" \
        in explained
    assert "- see OPS-12  -> a note on the item of line 11" in explained
    assert "Add a disk alert  (removed: @kim)" in explained


def test_parse_json_explain_adds_the_explanation_and_keeps_the_shape(tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text("## Action items\n\n- Add a disk alert\n")
    _, plain = _run("parse", str(path), "--format", "json")
    _, explained = _run("parse", str(path), "--format", "json", "--explain")
    data = json.loads(explained)
    assert {k: v for k, v in data.items() if k != "explain"} == json.loads(plain)
    assert data["explain"]["sections"][0]["taken"] is True
    assert data["explain"]["lines"] == [{"line": 3, "what": "item 1: Add a disk alert"}]


def test_parse_explain_of_an_html_page_numbers_the_files_own_lines(tmp_path: Path) -> None:
    path = tmp_path / "export.html"
    path.write_text("<!DOCTYPE html>\n<html><head><title>t</title></head>\n<body>\n"
                    "<h1>Outage</h1><h2>Action items</h2>\n"
                    "<ul><li>Add a disk alert</li><li>Rotate the keys</li></ul>\n"
                    "</body></html>\n")
    _, explained = _run("parse", str(path), "--format", "json", "--explain")
    data = json.loads(explained)
    assert [i["line"] for i in data["action_items"]] == [5, 5]
    assert [s["line"] for s in data["explain"]["sections"]] == [4, 4]
    assert [(x["line"], x["what"]) for x in data["explain"]["lines"]] == [
        (5, "item 1: Add a disk alert"), (5, "item 2: Rotate the keys")]
