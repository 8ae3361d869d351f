"""Shapes of real postmortems the parser generalises to (round 2 of issue 12): section names
in Chinese, Japanese, Korean and Russian, instructions addressed to readers, subjects that are
verbs, and which of a document's dates is the incident's. Every document is written for its
test."""

from __future__ import annotations

import datetime as dt

import pytest

from actiontrack.model import ActionItem, ItemStatus
from actiontrack.parsing import parse_text


def _items(text: str) -> list[ActionItem]:
    return list(parse_text(text, source="pm.md").action_items)


def _titles(text: str) -> list[str]:
    return [i.title for i in _items(text)]


@pytest.mark.parametrize(("action", "other"), [
    ("预防措施", "经验教训"),  # prevention measures / lessons learned
    ("後續行動", "時間線"),  # follow-up actions / timeline (traditional)
    ("再発防止策", "時系列"),  # measures against recurrence / timeline
    ("후속 조치", "교훈"),  # follow-up measures / lessons
    ("Дальнейшие шаги", "Хронология"),  # next steps / chronology
])
def test_action_sections_named_in_other_languages(action: str, other: str) -> None:
    text = (f"# 事故\n\n## {other}\n\n- 10:00 restarted the proxy\n\n## {action}\n\n"
            "- Add an alert on proxy restarts\n- 更新 runbook\n")
    assert _titles(text) == ["Add an alert on proxy restarts", "更新 runbook"]


def test_a_recurrence_heading_under_the_fix_holds_follow_ups_in_chinese() -> None:
    text = ("# 数据盘被格式化\n\n## 根因\n\n- 脚本没有检查磁盘\n\n## 修复\n\n### 数据恢复\n\n"
            "- 从备份恢复\n\n### 防复发变更\n\n- 格式化前检查文件系统标签\n\n## 预防\n\n"
            "- 新磁盘必须先挂载到隔离节点\n")
    assert _titles(text) == ["格式化前检查文件系统标签", "新磁盘必须先挂载到隔离节点"]


def test_cause_and_countermeasures_in_one_japanese_heading() -> None:
    text = "# 障害\n\n## 原因と対策\n\n- 監視を追加する\n"
    assert _titles(text) == ["監視を追加する"]


def test_action_required_of_readers_is_instructions_not_team_work() -> None:
    text = ("# Security notice\n\n## What happened\n\nTokens were exposed.\n\n"
            "## Action required\n\nIf you created a token before March:\n\n"
            "- Go to your account settings.\n- Click on the Tokens tab.\n"
            "- Revoke every token you do not recognise.\n")
    assert _titles(text) == []


def test_action_required_of_the_team_is_its_tasks() -> None:
    text = ("# Queue outage\n\n## Actions required\n\n- Add an alert on queue depth\n"
            "- Rotate the broker credentials\n")
    assert _titles(text) == ["Add an alert on queue depth", "Rotate the broker credentials"]


def test_a_verb_opening_an_item_is_no_owner() -> None:
    text = "# Outage\n\n## Action items\n\n- Go to the vendor about rate limits\n"
    assert [(i.title, i.owner) for i in _items(text)] == [
        ("Go to the vendor about rate limits", None)]


def test_recommendations_beside_a_named_follow_up_section_address_others() -> None:
    text = ("# Release 2.1 published by mistake\n\n## Recommendations\n\n- Use 2.0.4 for now\n"
            "- We are preparing 2.1.1 as the next release\n\n"
            "## How do we stop it from repeating?\n\nWe adopt these measures:\n\n"
            "- Require two approvals for release tags\n- Add a dry-run step to the release job\n")
    assert _titles(text) == ["Require two approvals for release tags",
                             "Add a dry-run step to the release job"]


def test_recurrence_as_a_template_question_is_not_follow_up_work() -> None:
    text = ("# Outage\n\n## Recurrence\n\n- This happened before in 2021 (see the report)\n\n"
            "## Preventing recurrence\n\n- Pin the driver version\n")
    assert _titles(text) == ["Pin the driver version"]


def test_containment_actions_are_the_response_not_follow_ups() -> None:
    text = ("# Intrusion\n\n## Containment actions\n\n- Disable the compromised account\n\n"
            "## Recomendaciones\n\n- Activar MFA para todas las cuentas\n")
    assert _titles(text) == ["Activar MFA para todas las cuentas"]


def _incident(text: str) -> dt.date | None:
    return parse_text(text, source="notes.md").postmortem.incident_date


def test_a_date_field_after_the_day_the_summary_opens_with_dates_the_write_up() -> None:
    text = ("# Stuck withdrawals\n\nDate: 2024-05-10\n\n## Summary\n\nOn May 6th, 2024 three "
            "withdrawals stalled.\n\n## Timeline\n\n- 2024-05-07 reported by a user\n"
            "- 2024-05-13 the last withdrawal completed\n")
    assert _incident(text) == dt.date(2024, 5, 6)


def test_a_date_field_the_morning_after_the_evening_it_opens_with_is_the_incident() -> None:
    text = ("# Halt\n\nDate: 2024-05-10\n\n## Summary\n\nOn May 9th, 2024 around 11pm the "
            "chain halted.\n\n## Timeline\n\n- 2024-05-12 upgrade released\n")
    assert _incident(text) == dt.date(2024, 5, 10)


def test_a_narrative_date_without_its_year_takes_the_year_of_the_write_up() -> None:
    text = ("# Malware uploaded\n\n## Summary\n\nOn August 16, the team was told of nine "
            "typosquatting packages.\n\n## Actions taken\n\nThe account was locked on "
            "August 18, 2023.\n")
    assert _incident(text) == dt.date(2023, 8, 16)


def test_a_templates_filler_row_is_not_an_item() -> None:
    text = ("# Outage\n\n## Action items\n\n| Action | Owner |\n|---|---|\n"
            "| Add a release checklist | Ana |\n| ... another item | ?? |\n\n"
            "## Follow-ups\n\n- Pin the base image\n- …\n")
    assert _titles(text) == ["Add a release checklist", "Pin the base image"]


def test_a_task_written_as_a_top_level_label_stays_in_the_action_section() -> None:
    text = ("# Certificate expiry\n\n## Corrective and preventive measures\n\n"
            "# Improve certificate monitoring:\n\n    Alert two weeks before a certificate "
            "expires.\n    Add expiry checks to the daily report.\n\n# Other notes\n\n"
            "- The outage lasted two hours\n")
    assert _titles(text) == ["Alert two weeks before a certificate expires",
                             "Add expiry checks to the daily report"]


def test_a_status_word_in_capitals_at_the_end_states_the_status() -> None:
    text = ("# Audit\n\n## Action items\n\n- Patch the parser library "
            "[FIXED](https://github.com/example/app/commit/0a1b2c3d)\n- Rotate the tokens MERGED\n"
            "- Review the firewall rules\n")
    got = [(i.title, i.status) for i in _items(text)]
    assert got == [("Patch the parser library", ItemStatus.DONE),
                   ("Rotate the tokens", ItemStatus.DONE),
                   ("Review the firewall rules", ItemStatus.OPEN)]


def test_recommendations_count_when_the_named_section_lists_nothing() -> None:
    text = ("# Outage\n\n## Action items\n\nSee the recommendations below.\n\n"
            "## Recommendations\n\n- Add a canary stage to deploys\n")
    assert _titles(text) == ["Add a canary stage to deploys"]
