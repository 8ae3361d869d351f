"""The settings `parse` reads without a config file (`config_files.PLAIN_PARSER`,
`PLAIN_SLA`) are the config model's defaults."""

from __future__ import annotations

import pytest

from actiontrack.config import ParserSettings, SlaPolicy
from actiontrack.config_files import PLAIN_PARSER, PLAIN_SLA
from actiontrack.model import KNOWN_KINDS


def test_the_plain_parser_settings_are_the_defaults() -> None:
    defaults = ParserSettings()
    assert list(PLAIN_PARSER.action_sections) == defaults.action_sections
    assert PLAIN_PARSER.default_kind == defaults.default_kind


@pytest.mark.parametrize("kind", [*KNOWN_KINDS, "custom", None])
@pytest.mark.parametrize("priority", [None, "P1", "high"])
def test_the_plain_sla_policy_is_the_default_one(kind: str | None, priority: str | None
                                                  ) -> None:
    defaults = SlaPolicy()
    assert PLAIN_SLA.days_for(kind, priority) == defaults.days_for(kind, priority)
    assert PLAIN_SLA.business_days == defaults.business_days
    assert (PLAIN_SLA.corrective, PLAIN_SLA.preventive, PLAIN_SLA.default) == \
        (defaults.corrective, defaults.preventive, defaults.default)
    assert not defaults.kinds and not defaults.priority  # what the plain policy leaves out
