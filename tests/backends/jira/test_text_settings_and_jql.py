"""The Jira backend's pure parts: descriptions and the weekly report (wiki markup, ADF), the
link property and old visible markers, settings from config and environment, Retry-After
parsing and JQL quoting. No server involved."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from actiontrack.backends._http import parse_retry_after
from actiontrack.backends.jira.http import jql_in, jql_string
from actiontrack.backends.jira.link import PROPERTY, link_from_property, link_of, link_property
from actiontrack.backends.jira.markup import markdown_to_adf, markdown_to_wiki
from actiontrack.backends.jira.settings import load_settings
from actiontrack.backends.jira.text import (
    body_from_description,
    description_for,
    legacy_text,
    without_marker,
)
from actiontrack.errors import ConfigError
from actiontrack.issue_format import render_block, render_block_inner, render_marker
from actiontrack.logs import mask
from actiontrack.model import ActionItem, Link, Postmortem

LINK = Link(postmortem_id='pm-"odd"_*id*', item_id="abc123", synced={"title": "x1"})
PM = Postmortem(id="2023-02-05-cart", title="Cart outage", incident_date=dt.date(2023, 2, 5),
                source="postmortems/cart.md", root_cause="A bug in the `cart` module.")
ITEM = ActionItem(id="abc123", postmortem_id=PM.id, title="Patch the cart [urgent] {now}",
                  kind="corrective", owner="@alice", due=dt.date(2023, 2, 12), line=24,
                  links=("https://example.com/x",), rationale="So it _never_ happens again.")


def render_body(item: ActionItem, pm: Postmortem) -> str:
    """The body the engine writes for an item: its managed block."""
    return render_block(render_block_inner(item, pm), pm.id, item.id, pm.source)


# -- descriptions: what people read, and nothing else ----------------------------------------

def test_wiki_markup_from_the_body() -> None:
    odd = ITEM.model_copy(update={"rationale": "So it _never_ happens again [urgent] {now}."})
    wiki = markdown_to_wiki(render_body(odd, PM))
    assert wiki.startswith("{anchor:actiontrack-begin}")  # the block's delimiters: invisible
    assert wiki.endswith("{anchor:actiontrack-end}")
    assert "* *Kind:* corrective" in wiki
    assert "{{postmortems/cart.md}}" in wiki  # code
    assert "\\[urgent\\] \\{now\\}" in wiki  # no accidental link, mention or macro
    assert "_never_" in wiki and "**" not in wiki


@pytest.mark.parametrize("adf", [False, True])
def test_a_description_carries_no_marker_and_reads_back_as_written(adf: bool) -> None:
    body = render_body(ITEM, PM) + "\n\n" + render_marker(LINK)  # as the engine may hand it
    stored = description_for(body, adf=adf)
    assert "actiontrack:v1" not in str(stored)
    # in wiki markup the begin anchor reads back without what it names (the link property
    # names the item); in ADF the delimiters are paragraphs read back as written
    expected = render_body(ITEM, PM) if adf else re.sub(
        r"^<!-- actiontrack:begin [^\n]*-->", "<!-- actiontrack:begin -->", render_body(ITEM, PM))
    assert body_from_description(stored) == expected


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1)
                .map(str.strip).filter(bool), min_size=1, max_size=3))
@example(["\\|"]).via("a backslash before a pipe read back as the pipe alone")
@example(["a \\\\ b", "\\\\|"]).via("backslashes before backslashes and pipes")
def test_text_with_wiki_characters_reads_back_from_wiki(lines: list[str]) -> None:
    """`{`, `[`, `|`, `*` in a postmortem's text never become a macro, link or bold."""
    body = "\n".join(f"- **Owner:** {line}" for line in lines)
    assume(all("**" not in line and "`" not in line and not re.search(r"\[.*\]\(", line)
               and not re.search(r"(?<!\w)_.*_(?!\w)", line) for line in lines))
    assert body_from_description(description_for(body, adf=False)) == body


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="*_`[]|#\n\r",
                                                blacklist_categories=("Cs", "Cc")),
                        min_size=1).map(str.strip).filter(bool), min_size=1, max_size=4))
def test_plain_paragraphs_round_trip_through_adf(paragraphs: list[str]) -> None:
    body = "\n\n".join(p for p in paragraphs if not p.startswith(("-", "```", "~~~"))
                        and not p[0].isdigit()) or "x"
    assert body_from_description(description_for(body, adf=True)) == body


def test_the_link_is_a_property_that_reads_back() -> None:
    entry = link_property(LINK)
    assert entry["key"] == PROPERTY
    assert link_from_property({PROPERTY: entry["value"]}) == LINK
    # A later version's extra fields do not unlink the issue; a mangled value does.
    later = {**entry["value"], "link": {**entry["value"]["link"], "new_field": 1}}
    assert link_from_property({PROPERTY: later}) == LINK
    assert link_from_property({PROPERTY: {"link": {"pm": 3}}}) is None
    assert link_of({"properties": {}}, "") is None


LEGACY_WIKI = ("Edited *in Jira*.\n\n{noformat}" + render_marker(LINK) + "{noformat}")
LEGACY_ADF = {"type": "doc", "version": 1, "content": [
    {"type": "paragraph", "content": [{"type": "text", "text": "Original text."}]},
    {"type": "table", "content": [{"type": "tableRow", "content": [
        {"type": "tableCell", "content": [{"type": "paragraph", "content": [
            {"type": "text", "text": "cell"}]}]}]}]},
    {"type": "paragraph", "content": [{"type": "text", "text": render_marker(LINK)}]}]}


@pytest.mark.parametrize("stored", [LEGACY_WIKI, LEGACY_ADF], ids=["wiki", "adf"])
def test_an_old_visible_marker_is_read_then_removed(stored: object) -> None:
    assert "actiontrack:v1" in legacy_text(stored)  # type: ignore[arg-type]
    assert link_of({}, legacy_text(stored)) == LINK  # type: ignore[arg-type]
    cleaned = without_marker(stored)  # type: ignore[arg-type]
    assert "actiontrack:v1" not in str(cleaned) + legacy_text(cleaned)
    text = body_from_description(cleaned)
    assert "Edited **in Jira**." in text or ("Original text." in text and "cell" in text)
    assert "actiontrack:v1" not in body_from_description(stored)  # type: ignore[arg-type]


REPORT = """# Weekly report, 2023-06-01

**2 overdue (2 corrective)**

## Overdue corrective actions (2)

### alice (2)

| Days overdue | Action item | Issue |
|---:|---|---|
| 12 | Patch the \\| cart | [OPS-1](https://jira.test/browse/OPS-1) |
| 3 | Add a canary | OPS-2 |

## Aging of overdue items

| 1-7 days | 8-30 days |
|---:|---:|
| 1 | 1 |

```mermaid
pie showData title Overdue items by days overdue
    "1-7 days" : 1
```

_On time = closed within the SLA._
"""


def test_the_report_becomes_wiki_headings_and_tables() -> None:
    wiki = markdown_to_wiki(REPORT)
    assert wiki.startswith("h1. Weekly report, 2023-06-01")
    assert "h3. alice (2)" in wiki and "#" not in wiki.replace("h1.", "")
    assert "||Days overdue||Action item||Issue||" in wiki
    assert "|12|Patch the \\| cart|[OPS-1|https://jira.test/browse/OPS-1]|" in wiki
    assert "||1-7 days||8-30 days||" in wiki and "|1|1|" in wiki
    assert "mermaid" not in wiki and "```" not in wiki


def test_the_report_becomes_adf_headings_and_tables() -> None:
    doc = markdown_to_adf(REPORT)
    kinds = [b["type"] for b in doc["content"]]
    assert kinds == ["heading", "paragraph", "heading", "heading", "table", "heading",
                     "table", "paragraph"]
    table = doc["content"][4]
    header, first = table["content"][0]["content"], table["content"][1]["content"]
    assert [c["type"] for c in header] == ["tableHeader"] * 3
    assert first[1]["content"][0]["content"] == [{"type": "text", "text": "Patch the | cart"}]
    assert first[0]["content"][0]["marks"] == [{"type": "alignment", "attrs": {"align": "end"}}]
    assert "mermaid" not in str(doc)


# -- settings ----------------------------------------------------------------------------------

CLOUD_ENV = {"JIRA_URL": "https://acme.atlassian.net/", "JIRA_PROJECT": "OPS",
             "JIRA_EMAIL": "bot@acme.test", "JIRA_API_TOKEN": "tok-123456"}


def test_environment_alone_is_enough() -> None:
    settings, creds = load_settings({}, CLOUD_ENV)
    assert settings.server == "https://acme.atlassian.net" and settings.project == "OPS"
    assert creds.api_token is not None and not creds.uses_pat
    assert mask("token tok-123456 here") == "token *** here"
    _, dc = load_settings({"server": "https://jira.acme.test", "project": "OPS"},
                          {"JIRA_PAT": "pat-abcdef"})
    assert dc.uses_pat and "pat-abcdef" not in repr(dc)


def test_environment_wins_over_the_file() -> None:
    settings, _ = load_settings({"server": "https://old.test", "project": "OLD",
                                 "rest_api_version": "3"}, CLOUD_ENV)
    assert (settings.server, settings.project, settings.rest_api_version) == \
        ("https://acme.atlassian.net", "OPS", 3)


@pytest.mark.parametrize("section, env, key", [
    ({}, {"JIRA_PROJECT": "OPS", "JIRA_PAT": "p" * 8}, "JIRA_URL"),
    ({}, {"JIRA_URL": "https://x.test", "JIRA_PAT": "p" * 8}, "JIRA_PROJECT"),
    ({}, {"JIRA_URL": "https://x.test", "JIRA_PROJECT": "P"}, "JIRA_API_TOKEN"),
    ({}, {"JIRA_URL": "https://x.test", "JIRA_PROJECT": "P", "JIRA_API_TOKEN": "t" * 8},
     "JIRA_EMAIL"),
    ({"rest_api_version": 4}, CLOUD_ENV, "jira.rest_api_version"),
    ({"colour": "red"}, CLOUD_ENV, "jira.colour"),
    ({}, {**CLOUD_ENV, "JIRA_URL": "acme.atlassian.net"}, "JIRA_URL"),
])
def test_missing_or_bad_settings_name_what_to_set(section: dict, env: dict, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(section, env)
    assert info.value.key == key and info.value.exit_code == 2
    assert key in str(info.value)


def test_priority_table() -> None:
    settings, _ = load_settings({"priorities": {"Sev1": "Blocker"}}, CLOUD_ENV)
    assert settings.jira_priority("p0") == "Highest"
    assert settings.jira_priority("SEV1") == "Blocker"
    assert settings.jira_priority("someday") is None


# -- HTTP details ------------------------------------------------------------------------------

def test_retry_after_seconds_or_http_date() -> None:
    now = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
    assert parse_retry_after("5", now=now) == 5.0
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Wed, 01 Jan 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_jql_values_are_quoted_and_escaped() -> None:
    assert jql_string('a"b\\c') == '"a\\"b\\\\c"'
    assert jql_in("labels", ["pm:x"]) == 'labels = "pm:x"'
    assert jql_in("labels", ["a", "b", "a"]) == 'labels in ("a", "b")'


@given(st.text(min_size=1, max_size=120))
def test_label_helpers_make_jira_valid_labels(postmortem_id: str) -> None:
    from actiontrack.issue_format import base_label, kind_label, postmortem_label
    for label in (base_label(), postmortem_label(postmortem_id), kind_label(postmortem_id)):
        assert label and len(label) <= 255
        assert not any(ch.isspace() for ch in label)


def test_issue_keys_from_links_in_a_postmortem() -> None:
    from actiontrack.backends.jira import JiraBackend
    from actiontrack.config import Config
    backend = JiraBackend(Config(), CLOUD_ENV)  # connects on first use only: no server here
    assert backend.issue_key_from_link("https://acme.atlassian.net/browse/ops-12") == "OPS-12"
    assert backend.issue_key_from_link("OPS-7") == "OPS-7"
    assert backend.issue_key_from_link("https://other.example/browse/OPS-12") is None
    assert backend.issue_key_from_link("INFRA-3") is None


def test_a_managed_blocks_delimiters_are_invisible_anchors_in_wiki_and_read_back() -> None:
    body = ("People wrote this.\n\n<!-- actiontrack:begin pm=\"pm-1\" item=\"i1\" · kept in "
            "sync -->\nPatch the cart\n\n- **Kind:** corrective\n<!-- actiontrack:end -->\n\n"
            "And this.")
    wiki = description_for(body, adf=False)
    assert isinstance(wiki, str) and "<!--" not in wiki
    assert "{anchor:actiontrack-begin}" in wiki and "{anchor:actiontrack-end}" in wiki
    back = body_from_description(wiki)
    assert back.startswith("People wrote this.\n\n<!-- actiontrack:begin -->\n\nPatch the cart")
    assert back.endswith("<!-- actiontrack:end -->\n\nAnd this.")
