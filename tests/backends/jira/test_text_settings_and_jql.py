"""The Jira backend's pure parts: descriptions (wiki markup, ADF), settings from config and
environment, Retry-After parsing and JQL quoting. No server involved."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actiontrack.backends._http import parse_retry_after
from actiontrack.backends.jira.http import jql_in, jql_string
from actiontrack.backends.jira.settings import load_settings
from actiontrack.backends.jira.text import (
    adf_to_markdown,
    body_from_description,
    description_for,
    description_with_link,
    markdown_to_wiki,
)
from actiontrack.errors import ConfigError
from actiontrack.issue_format import parse_marker, render_body, strip_marker
from actiontrack.logs import mask
from actiontrack.model import ActionItem, Link, Postmortem

LINK = Link(postmortem_id='pm-"odd"_*id*', item_id="abc123", synced={"title": "x1"})
PM = Postmortem(id="2023-02-05-cart", title="Cart outage", incident_date=dt.date(2023, 2, 5),
                source="postmortems/cart.md", root_cause="A bug in the `cart` module.")
ITEM = ActionItem(id="abc123", postmortem_id=PM.id, title="Patch the cart [urgent] {now}",
                  kind="corrective", owner="@alice", due=dt.date(2023, 2, 12), line=24,
                  links=("https://example.com/x",), rationale="So it _never_ happens again.")


# -- descriptions ------------------------------------------------------------------------------

def test_wiki_markup_from_the_body() -> None:
    wiki = markdown_to_wiki(render_body(ITEM, PM))
    assert "* *Kind:* corrective" in wiki
    assert "{{postmortems/cart.md}}" in wiki  # code
    assert "\\[urgent\\] \\{now\\}" in wiki  # no accidental link, mention or macro
    assert "_never_" in wiki and "**" not in wiki


@pytest.mark.parametrize("adf", [False, True])
def test_marker_survives_both_formats(adf: bool) -> None:
    body = render_body(ITEM, PM)
    stored = description_for(body, LINK, adf=adf)
    back = body_from_description(stored)
    assert parse_marker(back) == LINK
    if adf:  # ADF reads back as the very Markdown that was written
        assert strip_marker(back) == body


@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="*_`[]\n\r",
                                                blacklist_categories=("Cs", "Cc")),
                        min_size=1).map(str.strip).filter(bool), min_size=1, max_size=4))
def test_plain_paragraphs_round_trip_through_adf(paragraphs: list[str]) -> None:
    body = "\n\n".join(paragraphs)
    assert strip_marker(body_from_description(description_for(body, LINK, adf=True))) == body


def test_link_only_update_keeps_what_people_added_in_adf() -> None:
    stored = description_for("Original text.", LINK, adf=True)
    assert isinstance(stored, dict)
    table = {"type": "table", "content": [{"type": "tableRow", "content": [
        {"type": "tableCell", "content": [{"type": "paragraph", "content": [
            {"type": "text", "text": "cell"}]}]}]}]}
    mention = {"type": "paragraph", "content": [
        {"type": "mention", "attrs": {"id": "5b10", "text": "@Alice"}}]}
    stored["content"][:0] = [table, mention]
    new = LINK.model_copy(update={"synced": {"title": "y2"}})
    updated = description_with_link(stored, new)
    assert updated["content"][:2] == [table, mention]  # untouched nodes
    text = adf_to_markdown(updated)
    assert parse_marker(text) == new and text.count("actiontrack:v1") == 1
    assert "cell" in text and "@Alice" in text


def test_link_only_update_in_wiki_replaces_only_the_marker() -> None:
    stored = description_for("Edited *in Jira*.", LINK, adf=False)
    new = LINK.model_copy(update={"synced": {}})
    updated = description_with_link(stored, new)
    body = body_from_description(updated)
    assert strip_marker(body) == strip_marker(body_from_description(stored)) != ""
    assert parse_marker(updated) == new and parse_marker(body) == new
    # Wiki markup has no comments: the marker sits in one {noformat} block, never as bare
    # braces Jira would render as an unknown macro.
    assert updated.count("{noformat}") == 2
    assert updated.rstrip().endswith("-->{noformat}")


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
