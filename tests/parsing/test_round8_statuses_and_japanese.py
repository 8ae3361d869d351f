"""Round 8: a section whose entries each state where they stand ("Implemented:", "Suggested:")
under a name that is not an action name; sub-items of a Japanese list; measures decided
against. Every document here is written for the test."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return parse_text(text, source="pm.md").action_items


def test_entries_labelled_with_their_status_make_an_action_section() -> None:
    text = ("# Bad deploy\n\n## Root causes\n\n  * The wrong context was used.\n\n"
            "## Mitigations\n\n  * Implemented: A second cluster is ready.\n"
            "  * Planned: Warn before commands on production.\n"
            "  * Suggested: Train the team on the chart tool.\n")
    assert [(i.title, i.status) for i in _items(text)][:2] == [
        ("A second cluster is ready", "done"), ("Warn before commands on production", "open")]
    assert [i.title for i in _items(text)][2] == "Train the team on the chart tool"


def test_one_status_label_among_plain_entries_makes_no_action_section() -> None:
    text = ("# Bad deploy\n\n## Impact\n\n- Implemented: nothing changed for users.\n"
            "- Users waited four days.\n- The cluster was rebuilt.\n")
    assert list(_items(text)) == []


def test_japanese_sub_items_that_end_with_a_verb_of_work_are_tasks() -> None:
    text = ("# 障害報告\n\n## 今後の対応\n\n* ユニットテストを整備する\n"
            "    * コードカバレッジを計測する\n* ベータ版を配布する\n"
            "    * 多くの課題の発見が想定される\n")
    assert [i.title for i in _items(text)] == [
        "ユニットテストを整備する", "コードカバレッジを計測する", "ベータ版を配布する"]


def test_measures_decided_against_are_not_actions() -> None:
    text = ("# 障害報告\n\n## 今後の対応\n\n### 再発防止策\n\n* ユニットテストを整備する\n\n"
            "#### 再発防止策として取り上げないこと\n\nレビュー人数を増やすことは含めない。\n\n"
            "# Outage\n\n## Follow-up\n\n- Add a canary\n\n## What we will not do\n\n"
            "- Freeze all deploys\n")
    assert [i.title for i in _items(text)] == ["ユニットテストを整備する", "Add a canary"]
