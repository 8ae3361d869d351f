"""`report --publish --backend jira`: the weekly report as real Jira content — ADF on REST v3,
wiki markup on v2 and Data Center — with headings, tables and the aging figures, no raw
Markdown, no Mermaid, no marker; the ADF validated against the ADF JSON schema (subset)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from actiontrack.cli import cli
from tests.fakes.jira import FakeJira

ADF_SCHEMA = json.loads((Path(__file__).parents[2] / "schemas" / "jira" / "adf-subset.json")
                        .read_text(encoding="utf-8"))
AS_OF = "2023-06-01"  # the example's incident was on 2023-02-05: its items are overdue


def publish(fake: FakeJira, example: Path, tmp_path: Path, version: int) -> dict[str, Any]:
    config = tmp_path / "actiontrack.toml"
    config.write_text(f"[jira]\nrest_api_version = {version}\n", encoding="utf-8")
    env = fake.env()
    runner = CliRunner()
    for args in (["sync", str(example)], ["report", "--publish", "--as-of", AS_OF],
                 ["report", "--publish", "--as-of", AS_OF]):  # published twice: one issue
        result = runner.invoke(cli, ["--config", str(config), *args, "--backend", "jira"],
                               env=env)
        assert result.exit_code == 0, result.output
    reports = [s for s in fake.issues() if "weekly report" in s["fields"]["summary"]]
    assert len(reports) == 1
    return reports[0]


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if node.get("type") == "text" else []
        return own + _texts(node.get("content"))
    if isinstance(node, list):
        return [t for child in node for t in _texts(child)]
    return []


def test_the_adf_report_has_headings_tables_and_the_aging_figures(example: Path,
                                                                  tmp_path: Path) -> None:
    with FakeJira("cloud") as fake:
        stored = publish(fake, example, tmp_path, 3)
    doc = stored["fields"]["description"]
    jsonschema.Draft4Validator(ADF_SCHEMA).validate(doc)
    kinds = [block["type"] for block in doc["content"]]
    assert kinds[0] == "heading" and kinds.count("table") >= 3
    headings = ["".join(_texts(b)) for b in doc["content"] if b["type"] == "heading"]
    assert any(h.startswith("Aging of overdue items") for h in headings)
    aging = doc["content"][_after(doc, "Aging of overdue items")]
    header = ["".join(_texts(cell)) for cell in aging["content"][0]["content"]]
    assert all(name.endswith("days") for name in header)
    figures = ["".join(_texts(cell)) for cell in aging["content"][1]["content"]]
    assert sum(int(n) for n in figures) == 4  # the example's four items, all overdue
    text = json.dumps(doc)
    for raw in ("```", "mermaid", "|---", "## ", "**", "actiontrack:v1", "<!--"):
        assert raw not in text, raw


def _after(doc: dict[str, Any], heading: str) -> int:
    """The index of the first table after the heading that starts with `heading`."""
    blocks = doc["content"]
    start = next(n for n, b in enumerate(blocks)
                 if b["type"] == "heading" and "".join(_texts(b)).startswith(heading))
    return next(n for n in range(start, len(blocks)) if blocks[n]["type"] == "table")


@pytest.mark.parametrize("flavour", ["cloud", "dc"])
def test_the_wiki_report_has_headings_and_tables(flavour: str, example: Path,
                                                 tmp_path: Path) -> None:
    with FakeJira(flavour) as fake:
        stored = publish(fake, example, tmp_path, 2)
    wiki = stored["fields"]["description"]
    assert isinstance(wiki, str) and wiki.startswith("h1. ")
    assert re.search(r"^h2\. Aging of overdue items", wiki, re.MULTILINE)
    assert re.search(r"^\|\|.*days\|\|$", wiki, re.MULTILINE)  # the aging table's header
    assert not re.search(r"^#", wiki, re.MULTILINE)  # a Markdown heading is a numbered list
    for raw in ("```", "mermaid", "|---", "**", "actiontrack:v1", "<!--"):
        assert raw not in wiki, raw
