"""The fake Jira against the published Jira Cloud OpenAPI description, and its fidelity on the
behaviours the backend depends on (search removal, pagination, JQL escaping, auth).

Every JSON answer the fake gives while the unmodified `jira` client works it is validated
against the response schema extracted by `scripts/extract-jira-schemas`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from jira import JIRA
from jira.exceptions import JIRAError

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.model import CloseReason, IssueFields
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.fakes.jira import (
    CLOUD_EMAIL,
    CLOUD_TOKEN,
    DC_PASSWORD,
    DC_PAT,
    DC_USER,
    CustomField,
    FakeJira,
    Logged,
)

BUNDLE = json.loads((Path(__file__).parents[2] / "schemas" / "jira" / "responses.json")
                    .read_text(encoding="utf-8"))


def _schema_key(entry: Logged) -> str | None:
    if entry.status is None or entry.body is None:
        return None
    exact = f"{entry.method} {entry.route} {entry.status}"
    if exact in BUNDLE["responses"]:
        return exact
    return "error" if entry.status >= 400 else None


def _validate(entry: Logged) -> None:
    key = _schema_key(entry)
    assert key is not None, f"no schema for {entry.method} {entry.route} {entry.status}"
    schema: dict[str, Any] = {**BUNDLE["responses"][key], "components": BUNDLE["components"]}
    jsonschema.Draft7Validator(schema).validate(entry.body)


def _client(fake: FakeJira, version: str = "2") -> JIRA:
    auth: dict[str, Any] = ({"basic_auth": (CLOUD_EMAIL, CLOUD_TOKEN)} if fake.cloud
                            else {"token_auth": DC_PAT})
    return JIRA(server=fake.url, max_retries=0, timeout=5,
                options={"rest_api_version": version}, **auth)


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param, custom_fields=[CustomField("customfield_10010", "Team")],
                  page_cap=7) as server:
        yield server


def _exercise(fake: FakeJira, version: int) -> None:
    """Every endpoint the backend uses, successes and refusals, through the real client."""
    config = Config(owners={"al": "alice"},
                    backends={"jira": {"rest_api_version": version,
                                       "fields": {"Team": "SRE"}}})
    backend = JiraBackend(config, fake.env(), sleep=lambda s: None)
    doc = make_document("pm-schema", [f"Item {n}" for n in range(10)], owners=["@al"] * 10)
    sync_documents([doc], backend, config)
    issue = backend.find_linked(["pm-schema"])[0]
    backend.update(issue, IssueFields(title="Item renamed", due=issue.due))
    closed = backend.close(issue, CloseReason.COMPLETED, "Done in the postmortem.")
    backend.reopen(closed, "Not done after all.")
    bad = draft_for("pm-schema", "Bad label").model_copy(update={"labels": ("has space",)})
    assert "labels" in str(backend.create_many([bad])[0])
    client = _client(fake, str(version))
    client.project(fake.world.project, expand="issueTypes")
    client.comments(issue.key)
    client._get_json(f"issue/{issue.key}/properties/actiontrack")
    client.myself()
    with pytest.raises(JIRAError):
        client.issue("OPS-999")
    backend.shutdown()


@pytest.mark.parametrize("version", [2, 3])
def test_every_answer_matches_the_published_schema(fake: FakeJira, version: int) -> None:
    if version == 3 and not fake.cloud:
        pytest.skip("Data Center has no REST v3")
    _exercise(fake, version)
    checked = [e for e in fake.requests if _schema_key(e) is not None]
    routes = {e.route for e in checked}
    assert {"/serverInfo", "/issue/bulk", "/issue/{issueIdOrKey}", "/user/search",
            "/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}",
            "/issue/{issueIdOrKey}/transitions"} <= routes
    assert ("/search/jql" if fake.cloud else "/search") in routes
    assert "/issue/{issueIdOrKey}/properties/{propertyKey}" in routes
    if fake.cloud:
        assert "/issue/bulkfetch" in routes
    for entry in checked:
        _validate(entry)


def test_the_schema_check_can_fail() -> None:
    bad = Logged("GET", "/serverInfo", "/rest/api/2/serverInfo", {}, 200,
                 {"versionNumbers": "nine"}, "2")
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad)


# -- fidelity on what the backend relies on ----------------------------------------------------

def _fill(fake: FakeJira, count: int) -> None:
    client = _client(fake)
    client.create_issues([{"project": {"key": "OPS"}, "issuetype": {"id": "10001"},
                           "summary": f"S{n}", "labels": ["lbl"], "customfield_10010":
                           {"value": "SRE"}} for n in range(count)], prefetch=False)


def test_search_pages_through_everything(fake: FakeJira) -> None:
    _fill(fake, 20)
    client = _client(fake)
    found = client.search_issues('project = "OPS" AND labels = "lbl"', maxResults=False,
                                 fields=["summary"])
    assert sorted(i.fields.summary for i in found) == sorted(f"S{n}" for n in range(20))
    route = "/search/jql" if fake.cloud else "/search"
    assert fake.count("GET", route) == 3  # 7 + 7 + 6: the cap is echoed / a token is given


def test_cloud_removed_the_old_search_and_dc_has_no_search_jql(fake: FakeJira) -> None:
    client = _client(fake)
    with pytest.raises(JIRAError) as info:
        client._get_json("search" if fake.cloud else "search/jql", params={"jql": "key = X"})
    assert info.value.status_code == (410 if fake.cloud else 404)


@pytest.mark.parametrize("jql, message", [
    ('project = "OPS" AND labels = "a\\-b"', "illegal JQL escape"),
    ("project = OPS AND labels = pm.x", "reserved JQL character"),
    ('project = "OPS" AND labels = and', "reserved JQL word"),
    ('project = "NOPE"', "does not exist for the field 'project'"),
])
def test_jql_is_parsed_as_strictly_as_jira(fake: FakeJira, jql: str, message: str) -> None:
    with pytest.raises(JIRAError) as info:
        _client(fake).search_issues(jql, maxResults=False, fields=["summary"])
    assert info.value.status_code == 400 and message in info.value.text


def test_quoted_values_with_quotes_and_backslashes_match(fake: FakeJira) -> None:
    client = _client(fake)
    client.create_issues([{"project": {"key": "OPS"}, "issuetype": {"id": "10001"},
                           "summary": "odd", "labels": ['we"ird\\label'],
                           "customfield_10010": {"value": "SRE"}}], prefetch=False)
    found = client.search_issues('project = "OPS" AND labels = "we\\"ird\\\\label"',
                                 maxResults=False, fields=["summary"])
    assert [i.fields.summary for i in found] == ["odd"]


def test_auth_rules_per_flavour(fake: FakeJira) -> None:
    if fake.cloud:
        with pytest.raises(JIRAError) as info:  # an API token is not a Bearer token on Cloud
            JIRA(server=fake.url, token_auth=CLOUD_TOKEN, max_retries=0, timeout=5)
        assert info.value.status_code == 401
    else:
        client = JIRA(server=fake.url, basic_auth=(DC_USER, DC_PASSWORD), max_retries=0,
                      timeout=5)
        assert client.deploymentType == "Server"


def test_required_custom_field_and_bulk_partial_failure(fake: FakeJira) -> None:
    client = _client(fake)
    good = {"project": {"key": "OPS"}, "issuetype": {"id": "10001"}, "summary": "ok",
            "customfield_10010": {"value": "SRE"}}
    missing = {"project": {"key": "OPS"}, "issuetype": {"id": "10001"}, "summary": "no team"}
    results = client.create_issues([good, missing, good], prefetch=False)
    assert [r["status"] for r in results] == ["Success", "Error", "Success"]
    assert results[1]["error"] == {"customfield_10010": "Team is required."}
    assert len(fake.issues()) == 2


# -- the lagging index, properties, reads by key -----------------------------------------------

def _create(client: JIRA, summary: str, **extra: Any) -> dict[str, Any]:
    fields = {"project": {"key": "OPS"}, "issuetype": {"id": "10001"}, "summary": summary,
              "labels": ["lbl"], "customfield_10010": {"value": "SRE"}}
    result: dict[str, Any] = client._get_json("issue", use_post=True,
                                              params={"fields": fields, **extra})
    return result


def _search_keys(client: JIRA, fake: FakeJira, jql: str) -> list[str]:
    path = "search/jql" if fake.cloud else "search"
    answer = client._get_json(path, params={"jql": jql, "fields": "id"})
    return [i["key"] for i in answer["issues"]]


def test_search_lags_writes_on_both_flavours_but_reads_by_key_do_not(fake: FakeJira) -> None:
    import time
    fake.search_index_delay_ms = 300
    client = _client(fake)
    created = _create(client, "fresh")
    assert _search_keys(client, fake, 'project = "OPS" AND labels = "lbl"') == []
    assert client.issue(created["key"]).fields.summary == "fresh"  # by key: at once
    time.sleep(0.35)
    assert _search_keys(client, fake, 'project = "OPS" AND labels = "lbl"') == [created["key"]]
    # An edit reaches search late too: the old label still matches, the new one not yet.
    client.issue(created["key"]).update(fields={"labels": ["other"]})
    assert _search_keys(client, fake, 'project = "OPS" AND labels = "lbl"') == [created["key"]]
    assert _search_keys(client, fake, 'project = "OPS" AND labels = "other"') == []
    time.sleep(0.35)
    assert _search_keys(client, fake, 'project = "OPS" AND labels = "other"') == [created["key"]]
    if fake.cloud:  # reconcileIssues makes the named ids current
        client.issue(created["key"]).update(fields={"labels": ["third"]})
        answer = client._get_json("search/jql", params={
            "jql": 'project = "OPS" AND labels = "third"', "reconcileIssues": created["id"]})
        assert [i["key"] for i in answer["issues"]] == [created["key"]]


def test_created_window_and_key_order(fake: FakeJira) -> None:
    client = _client(fake)
    keys = [_create(client, f"S{n}")["key"] for n in range(3)]
    assert _search_keys(client, fake, 'project = "OPS" AND created >= "-10m" '
                                      "ORDER BY key DESC") == keys[::-1]
    assert _search_keys(client, fake, 'project = "OPS" AND created < "-10m"') == []
    assert _search_keys(client, fake, 'project = "OPS" AND created >= "2000-01-01"') == keys


def test_properties_come_with_the_create_and_back_where_asked(fake: FakeJira) -> None:
    client = _client(fake)
    value = {"schema": 1, "link": {"postmortem_id": "pm", "item_id": "i1"}}
    key = _create(client, "linked", properties=[{"key": "actiontrack", "value": value}])["key"]
    one = client._get_json(f"issue/{key}", params={"properties": "actiontrack"})
    assert one["properties"] == {"actiontrack": value}
    assert "properties" not in client._get_json(f"issue/{key}")
    path = "search/jql" if fake.cloud else "search"
    page = client._get_json(path, params={"jql": 'project = "OPS"', "fields": "summary",
                                          "properties": "actiontrack"})
    assert page["issues"][0]["properties"] == {"actiontrack": value}
    assert client._get_json(f"issue/{key}/properties/actiontrack")["value"] == value
    with pytest.raises(JIRAError) as info:
        _create(client, "too big", properties=[{"key": "x", "value": "v" * 40000}])
    assert info.value.status_code == 400


def test_bulkfetch_reads_by_key_on_cloud_only(fake: FakeJira) -> None:
    fake.search_index_delay_ms = 60_000
    client = _client(fake)
    keys = [_create(client, f"S{n}")["key"] for n in range(3)]
    if not fake.cloud:
        with pytest.raises(JIRAError) as info:
            client._get_json("issue/bulkfetch", use_post=True, params={"issueIdsOrKeys": keys})
        assert info.value.status_code == 404
        return
    answer = client._get_json("issue/bulkfetch", use_post=True, params={
        "issueIdsOrKeys": [keys[2], "OPS-99", keys[0]], "fields": ["summary"]})
    assert [i["key"] for i in answer["issues"]] == [keys[0], keys[2]]  # id order; unknown out
    with pytest.raises(JIRAError):
        client._get_json("issue/bulkfetch", use_post=True,
                         params={"issueIdsOrKeys": [f"OPS-{n}" for n in range(101)]})


def test_page_caps_are_jiras() -> None:
    for flavour, with_fields, ids_only in (("cloud", 100, 250), ("dc", 250, 250)):
        with FakeJira(flavour) as fake:
            client = _client(fake)
            for _ in range(5):
                client.create_issues([{"project": {"key": "OPS"}, "issuetype": {"id": "10001"},
                                       "summary": "one of many"}] * 50, prefetch=False)
            path = "search/jql" if fake.cloud else "search"
            full = client._get_json(path, params={"jql": 'project = "OPS"', "fields": "summary",
                                                  "maxResults": 5000 if fake.cloud else 1000})
            keys = client._get_json(path, params={"jql": 'project = "OPS"', "fields": "id",
                                                  "maxResults": 5000 if fake.cloud else 1000})
            assert (len(full["issues"]), len(keys["issues"])) == (with_fields, ids_only)
            if not fake.cloud:
                assert full["maxResults"] == 1000  # the cap is echoed
