"""The Jira backend's done-when, against the fake Jira, Cloud and Data Center both: the example
syncs with native due dates and re-syncs without writing; 120 items in 3 bulk requests; a
required field without a value fails before any create; a lost create answer never yields a
second issue. Plus retries, workflow, users and priorities.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.errors import AuthError, ConfigError, RateLimited, Refused
from actiontrack.issue_format import postmortem_label
from actiontrack.model import Action, CloseReason, ParsedDocument
from actiontrack.parsing import parse_file
from actiontrack.reports.overdue import overdue_items
from actiontrack.sla import with_sla_due
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.fakes.jira import CustomField, FakeJira, Fault


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param) as server:
        yield server


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make_backend(fake: FakeJira, jira: dict[str, Any] | None = None, *,
                 owners: dict[str, str] | None = None, sleeps: Sleeps | None = None,
                 **env: str) -> tuple[JiraBackend, Config]:
    config = Config(owners=owners or {}, backends={"jira": jira or {}})
    return JiraBackend(config, fake.env(**env), sleep=sleeps if sleeps is not None
                       else Sleeps()), config


def example_doc(example: Path) -> ParsedDocument:
    config = Config()
    return with_sla_due(parse_file(example, config.parser), config.sla)


def stored_by_summary(fake: FakeJira) -> dict[str, dict[str, Any]]:
    return {i["fields"]["summary"]: i for i in fake.issues()}


# -- the example -------------------------------------------------------------------------------

@pytest.mark.parametrize("version", [2, 3])
def test_example_syncs_to_four_issues_with_native_due_dates(fake: FakeJira, example: Path,
                                                            version: int) -> None:
    if version == 3 and not fake.cloud:
        pytest.skip("Data Center has no REST v3")
    doc = example_doc(example)
    backend, config = make_backend(fake, {"rest_api_version": version})
    _, result = sync_documents([doc], backend, config)
    assert result.count(Action.CREATE) == 4 and not result.failures
    stored = stored_by_summary(fake)
    assert len(stored) == 4
    assert stored["Patch the shopping cart module"]["fields"]["duedate"] == "2023-02-12"
    others = [s for title, s in stored.items() if title != "Patch the shopping cart module"]
    assert [s["fields"]["duedate"] for s in others] == ["2023-03-07"] * 3
    for issue in stored.values():
        labels = issue["fields"]["labels"]
        assert "actiontrack" in labels and postmortem_label(doc.postmortem.id) in labels
        assert all(" " not in label for label in labels)
    # The marker survives the round trip, wiki markup (v2) or ADF (v3).
    found = backend.find_linked([doc.postmortem.id])
    assert sorted(i.link.item_id for i in found) == sorted(i.id for i in doc.action_items)
    assert {i.due for i in found} == {dt.date(2023, 2, 12), dt.date(2023, 3, 7)}
    description = next(iter(stored.values()))["fields"]["description"]
    assert isinstance(description, dict if version == 3 else str)

    fake.reset_log()
    again, _ = make_backend(fake, {"rest_api_version": version})
    plan, second = sync_documents([doc], again, config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 4
    assert fake.writes() == []
    # serverInfo, the window (keys created in the last minutes, the newest older one), the
    # label search, and the tail read by key: one bulkfetch (Cloud) or 3 missing keys (DC).
    assert fake.count() == (5 if fake.cloud else 7), [(r.method, r.route) for r in fake.requests]


def test_closed_in_jira_is_done_in_the_report(fake: FakeJira, example: Path) -> None:
    doc = example_doc(example)
    backend, config = make_backend(fake)
    sync_documents([doc], backend, config)
    patch = stored_by_summary(fake)["Patch the shopping cart module"]
    assert fake.world.move(patch, "31")  # someone resolves it in Jira
    issues = backend.find_linked(None)
    assert {i.key: i.is_closed for i in issues}[patch["key"]] is True
    late = overdue_items(issues, dt.date.today())  # resolved today: as of 2023 it was open
    assert len(late) == 3 and patch["key"] not in {o.issue_key for o in late}


# -- volume ------------------------------------------------------------------------------------

def test_120_new_items_take_three_bulk_requests(fake: FakeJira) -> None:
    doc = make_document("pm-volume", [f"Follow-up number {n}" for n in range(120)],
                        owners=["@alice"] * 120)
    backend, config = make_backend(fake)
    _, result = sync_documents([doc], backend, config)
    assert result.count(Action.CREATE) == 120 and not result.failures
    bulk = fake.count("POST", "/issue/bulk")
    assert bulk <= 3
    # serverInfo, createmeta (2), one user search, the postmortem's listing: window (2),
    # labels, and the tail (one bulkfetch on Cloud, 3 missing keys on Data Center); before
    # creating, the listing of every tracked issue (an issue that lost its pm: label, a
    # renamed postmortem): its labels and the tail again; and the listing after the creates,
    # where duplicates made beside them would show: the labels (Cloud: 2 pages of 100, Data
    # Center: 1 of 1000) and the tail again.
    assert fake.count() - bulk == (13 if fake.cloud else 18), [(r.method, r.route)
                                                               for r in fake.requests]
    assert fake.count("GET", "/user/search") == 1  # one owner, searched once
    stored = fake.issues()
    assert len(stored) == 120
    assert len({fake.link_of(s)["item_id"] for s in stored}) == 120
    assert all(s["fields"]["assignee"].name == "alice" for s in stored)


# -- preflight ---------------------------------------------------------------------------------

def test_required_field_without_a_default_fails_before_any_create(example: Path) -> None:
    for flavour in ("cloud", "dc"):
        with FakeJira(flavour, custom_fields=[CustomField("customfield_10010", "Team")]) as fake:
            backend, config = make_backend(fake)
            with pytest.raises(ConfigError) as info:
                sync_documents([example_doc(example)], backend, config)
            message = str(info.value)
            assert "Team" in message and "customfield_10010" in message
            assert "jira.fields.customfield_10010" in message
            assert info.value.exit_code == 2
            assert fake.issues() == [] and fake.writes() == []


@pytest.mark.parametrize("value", ["SRE", {"value": "SRE"}])
def test_required_field_filled_from_config(example: Path, value: Any) -> None:
    with FakeJira("cloud", custom_fields=[CustomField("customfield_10010", "Team")]) as fake:
        backend, config = make_backend(fake, {"fields": {"Team": value}})
        _, result = sync_documents([example_doc(example)], backend, config)
        assert result.count(Action.CREATE) == 4
        assert {s["fields"]["customfield_10010"]["value"] for s in fake.issues()} == {"SRE"}


def test_unknown_project_and_issue_type_name_the_setting(fake: FakeJira) -> None:
    backend, _ = make_backend(fake, JIRA_PROJECT="NOPE")
    with pytest.raises(ConfigError, match="JIRA_PROJECT"):
        backend.find_linked(["pm-x"])
    with pytest.raises(ConfigError, match="JIRA_PROJECT"):
        backend.preflight([draft_for("pm-x", "Something")])
    backend, _ = make_backend(fake, {"issue_type": "Epic"})
    with pytest.raises(ConfigError, match="jira.issue_type.*Bug, Task"):
        backend.preflight([draft_for("pm-x", "Something")])


# -- lost answers, 5xx, 429 --------------------------------------------------------------------

def _one_issue_per_item(fake: FakeJira, count: int) -> None:
    links = [fake.link_of(s) for s in fake.issues()]
    assert len(links) == count
    assert len({(link["postmortem_id"], link["item_id"]) for link in links}) == count


@pytest.mark.parametrize("items", [4, 70])
def test_lost_bulk_answer_never_makes_a_second_issue(fake: FakeJira, items: int) -> None:
    doc = make_document("pm-lost", [f"Task {n}" for n in range(items)])
    fake.faults.append(Fault("POST", "/issue/bulk", status=None, drop=True,
                             skip=1 if items > 50 else 0))
    backend, config = make_backend(fake)
    _, result = sync_documents([doc], backend, config, sleep=lambda s: None)
    assert not result.failures
    assert fake.faults[0].times == 0  # the answer was lost after the issues were stored
    assert [r.status for r in fake.requests if r.route == "/issue/bulk"][-1] is None
    _one_issue_per_item(fake, items)
    assert fake.count("POST", "/issue") == 0  # every lost item was found by the lookup


def test_lost_single_create_answer_is_looked_up(fake: FakeJira) -> None:
    from actiontrack.sync import create_once
    fake.faults.append(Fault("POST", "/issue", status=None, drop=True))
    backend, _ = make_backend(fake)
    issue = create_once(backend, draft_for("pm-single", "Rotate the keys"), sleep=lambda s: None)
    assert fake.faults[0].times == 0 and fake.count("POST", "/issue") == 1
    assert issue.title == "Rotate the keys"
    _one_issue_per_item(fake, 1)


def test_5xx_on_bulk_is_unknown_then_created_once(fake: FakeJira) -> None:
    doc = make_document("pm-5xx", ["Add a canary", "Shard the queue"])
    fake.faults.append(Fault("POST", "/issue/bulk", status=502))
    backend, config = make_backend(fake)
    _, result = sync_documents([doc], backend, config, sleep=lambda s: None)
    assert not result.failures
    _one_issue_per_item(fake, 2)
    # nothing was stored: looked up, then created again, in one bulk request
    assert fake.count("POST", "/issue/bulk") == 2 and fake.count("POST", "/issue") == 0


def test_partial_bulk_failure_is_reported_item_by_item(fake: FakeJira) -> None:
    backend, _ = make_backend(fake)
    bad = draft_for("pm-part", "Bad one").model_copy(update={"labels": ("two words",)})
    results = backend.create_many([draft_for("pm-part", "Good one"), bad,
                                   draft_for("pm-part", "Good two")])
    assert [type(r).__name__ for r in results] == ["Issue", "Refused", "Issue"]
    assert "two words" in str(results[1]) and "Bad one" in str(results[1])
    assert [r.title for r in results if not isinstance(r, Exception)] == ["Good one", "Good two"]
    assert len(fake.issues()) == 2


def _http_date(seconds_ahead: int) -> str:
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_ahead)
    return email.utils.format_datetime(when, usegmt=True)


@pytest.mark.parametrize("retry_after", ["7", "date"])
def test_429_waits_as_told_then_succeeds(fake: FakeJira, retry_after: str) -> None:
    header = _http_date(20) if retry_after == "date" else retry_after
    route = "/search/jql" if fake.cloud else "/search"
    fake.faults.append(Fault("GET", route, status=429, headers={"Retry-After": header},
                             times=2))
    sleeps = Sleeps()
    backend, _ = make_backend(fake, sleeps=sleeps)
    assert backend.find_linked(["pm-none"]) == []
    assert len(sleeps) == 2
    expected = 20 if retry_after == "date" else 7
    assert all(expected - 2 <= s <= expected for s in sleeps)


def test_429_on_bulk_create_is_retried_not_duplicated(fake: FakeJira) -> None:
    fake.faults.append(Fault("POST", "/issue/bulk", status=429, headers={"Retry-After": "1"}))
    sleeps = Sleeps()
    backend, _ = make_backend(fake, sleeps=sleeps)
    results = backend.create_many([draft_for("pm-429", "One"), draft_for("pm-429", "Two")])
    assert all(not isinstance(r, Exception) for r in results)
    assert sleeps == [1.0] and fake.count("POST", "/issue/bulk") == 2
    _one_issue_per_item(fake, 2)


def test_a_long_retry_after_fails_at_once(fake: FakeJira) -> None:
    fake.faults.append(Fault("GET", "/serverInfo", status=429,
                             headers={"Retry-After": _http_date(3600)}))
    sleeps = Sleeps()
    backend, _ = make_backend(fake, sleeps=sleeps)
    with pytest.raises(RateLimited):
        backend.find_linked(["pm-x"])
    assert sleeps == []


def test_bad_credentials_are_an_auth_error_with_a_hint(fake: FakeJira) -> None:
    env = {"JIRA_API_TOKEN": "nope-nope"} if fake.cloud else {"JIRA_PAT": "nope-nope"}
    backend, _ = make_backend(fake, **env)
    with pytest.raises(AuthError) as info:
        backend.get("OPS-1")
    assert ("JIRA_API_TOKEN" if fake.cloud else "JIRA_PAT") in str(info.value)
    assert "nope-nope" not in str(info.value)


# -- workflow ----------------------------------------------------------------------------------

def test_close_moves_into_the_done_category_with_a_comment(fake: FakeJira) -> None:
    backend, _ = make_backend(fake)
    issue = backend.create(draft_for("pm-wf", "Write the runbook"))
    fake.world.move(fake.world.find(issue.key), "21")  # someone started it
    closed = backend.close(issue, CloseReason.COMPLETED, "Marked done in the postmortem.")
    assert closed.is_closed and closed.state_reason == "Done"
    stored = fake.world.find(issue.key)
    assert stored["status"] == "10001" and stored["resolution"]["name"] == "Done"
    assert fake.comments(issue.key) == ["Marked done in the postmortem."]
    reopened = backend.reopen(closed, "Open again.")
    assert not reopened.is_closed and fake.world.find(issue.key)["status"] == "10000"


def test_closing_many_lists_transitions_once_and_writes_once_per_issue(fake: FakeJira) -> None:
    titles = [f"Item {n}" for n in range(6)]
    backend, config = make_backend(fake)
    sync_documents([make_document("pm-many", titles)], backend, config)
    first = stored_by_summary(fake)["Item 0"]
    fake.world.move(first, "21")  # someone started one: it is in another status
    fake.reset_log()
    done = make_document("pm-many", titles, done=set(range(6)))
    _, result = sync_documents([done], make_backend(fake)[0], config)
    assert result.count(Action.CLOSE) == 6 and not result.failures
    # one list per (issue type, status): "To Do" and "In Progress"; each close one write
    assert fake.count("GET", "/issue/{issueIdOrKey}/transitions") == 2
    assert fake.count("POST", "/issue/{issueIdOrKey}/transitions") == 6
    assert fake.count("POST", "/issue/{issueIdOrKey}/comment") == 0
    assert all(len(fake.comments(s["key"])) == 1 for s in fake.issues())  # with the transition
    assert all(s["status"] == "10001" for s in fake.issues())


def test_a_reused_transition_jira_refuses_sends_us_back_to_the_list(fake: FakeJira) -> None:
    backend, _ = make_backend(fake)
    one, two = (backend.create(draft_for("pm-wf3", t)) for t in ("One", "Two"))
    one, two = backend.get(one.key), backend.get(two.key)  # their states, as a listing has them
    backend.close(one, CloseReason.COMPLETED)
    fake.faults.append(Fault("POST", "/issue/{issueIdOrKey}/transitions", status=400))
    closed = backend.close(two, CloseReason.COMPLETED, "Done.")
    assert closed.is_closed and fake.world.find(two.key)["status"] == "10001"
    assert fake.count("GET", "/issue/{issueIdOrKey}/transitions") == 2


def test_configured_transition_name_and_a_missing_one(fake: FakeJira) -> None:
    backend, _ = make_backend(fake, {"done_transition": "start progress"})
    issue = backend.create(draft_for("pm-wf2", "Tidy the alerts"))
    backend.close(issue, CloseReason.COMPLETED)  # the configured name wins, whatever its target
    assert fake.world.find(issue.key)["status"] == "3"
    backend, _ = make_backend(fake, {"done_transition": "Archive"})
    with pytest.raises(Refused, match="done_transition"):
        backend.close(issue, CloseReason.COMPLETED)


# -- users and priorities ----------------------------------------------------------------------

def test_owners_resolve_once_each_and_unknown_ones_warn(fake: FakeJira) -> None:
    doc = make_document("pm-users", ["A", "B", "C", "D", "E"],
                        owners=["@alice", "@alice", "Bob Builder", "@nobody", "Sam"])
    backend, config = make_backend(fake)
    sync_documents([doc], backend, config)
    assert fake.count("GET", "/user/search") == 4
    assignees = {s["fields"]["summary"]: s["fields"]["assignee"] for s in fake.issues()}
    assert assignees["A"].name == "alice" and assignees["B"].name == "alice"
    assert assignees["C"].name == "bob"
    assert assignees["D"] is None and assignees["E"] is None  # unknown; ambiguous
    assert any("'nobody'" in w for w in backend.warnings)
    assert any("'Sam' (2 found)" in w for w in backend.warnings)


def test_owner_map_and_cloud_uses_account_ids(fake: FakeJira) -> None:
    doc = make_document("pm-map", ["Only item"], owners=["Al (SRE)"])
    backend, config = make_backend(fake, owners={"Al (SRE)": "alice@example.com"})
    sync_documents([doc], backend, config)
    bulk = next(r for r in fake.requests if r.route == "/issue/bulk")
    assert bulk.status == 201
    (stored,) = fake.issues()
    assert stored["fields"]["assignee"].name == "alice"
    issue = backend.find_linked(["pm-map"])[0]
    assert issue.assignee == ("Alice Example" if fake.cloud else "alice")


def test_priorities_are_mapped_and_unknown_ones_warn(fake: FakeJira) -> None:
    backend, _ = make_backend(fake, {"priorities": {"sev1": "Highest"}})
    drafts = [draft_for("pm-prio", t).model_copy(update={"priority": p})
              for t, p in (("a", "P1"), ("b", "sev1"), ("c", "whenever"), ("d", None))]
    results = backend.create_many(drafts)
    assert [r.priority for r in results] == ["High", "Highest", None, None]
    stored = {s["fields"]["summary"]: s["fields"]["priority"]["id"] for s in fake.issues()}
    assert stored == {"a": "2", "b": "1", "c": "3", "d": "3"}  # 3 = Jira's default, Medium
    assert backend.warnings == ["priority 'whenever' has no Jira priority; map it under "
                                "[jira.priorities] in the config"]


def test_reserved_word_project_key_is_quoted(example: Path) -> None:
    with FakeJira("cloud", project="IF") as fake:
        backend, config = make_backend(fake)
        _, result = sync_documents([example_doc(example)], backend, config)
        assert result.count(Action.CREATE) == 4
        assert len(backend.find_linked(None)) == 4


def test_data_center_with_basic_auth() -> None:
    from tests.fakes.jira import DC_PASSWORD, DC_USER
    with FakeJira("dc") as fake:
        env = {"JIRA_URL": fake.url, "JIRA_PROJECT": "OPS", "JIRA_EMAIL": DC_USER,
               "JIRA_API_TOKEN": DC_PASSWORD}
        backend = JiraBackend(Config(), env)
        created = backend.create(draft_for("pm-basic", "Via basic auth", assignee="alice"))
        assert backend.get(created.key).assignee == "alice"
        assert backend.describe().startswith("Jira Data Center")


def test_create_timing_out_is_an_unknown_outcome_and_is_settled_by_lookup(fake: FakeJira
                                                                          ) -> None:
    from actiontrack.errors import UnknownOutcome
    from actiontrack.sync import create_once
    fake.faults.append(Fault("POST", "/issue", status=None, delay=1.0))
    backend, _ = make_backend(fake, {"timeout": 0.3})
    draft = draft_for("pm-slow", "Slow create")
    with pytest.raises(UnknownOutcome):
        backend.create(draft)
    assert len(fake.issues()) == 1  # Jira did it; the answer came too late
    fake.faults.append(Fault("POST", "/issue", status=None, delay=1.0))
    other = create_once(backend, draft_for("pm-slow", "Another slow one"), sleep=lambda s: None)
    assert other.title == "Another slow one"
    assert fake.count("POST", "/issue") == 2  # one attempt each: the lookup found the second
    _one_issue_per_item(fake, 2)


def test_5xx_burst_on_reads_is_retried_with_backoff(fake: FakeJira) -> None:
    fake.faults.append(Fault("GET", "/issue/{issueIdOrKey}", status=503, times=2))
    sleeps = Sleeps()
    backend, _ = make_backend(fake, sleeps=sleeps)
    created = backend.create(draft_for("pm-burst", "Survive a burst"))
    assert backend.get(created.key).title == "Survive a burst"
    assert sleeps == [1.0, 2.0]


def test_refused_update_carries_jiras_field_message(fake: FakeJira) -> None:
    from actiontrack.model import IssueFields
    backend, _ = make_backend(fake)
    created = backend.create(draft_for("pm-refuse", "Label me"))
    with pytest.raises(Refused) as info:
        backend.update(created, IssueFields(labels=("not valid",)))
    assert "labels: The label 'not valid'" in str(info.value) and info.value.status == 400


def test_a_duplicate_link_that_times_out_does_not_stop_the_close(fake: FakeJira) -> None:
    from actiontrack.retry import RetryPolicy
    fake.faults.append(Fault("POST", "/issueLink", status=None, delay=0.5, times=10))
    backend = JiraBackend(Config(backends={"jira": {"timeout": 0.2}}), fake.env(),
                          sleep=lambda s: None,
                          policy=RetryPolicy(attempts=2, base_delay=0.0, max_total_wait=5.0))
    first, second = (backend.create(draft_for("pm-dup", "Same item")) for _ in range(2))
    closed = backend.close_duplicate(second, first, f"Duplicate of {first.key}.")
    assert closed.is_closed and fake.world.find(second.key)["status"] == "10001"
    assert fake.count("POST", "/issueLink") == 2  # retried like a read: a second is harmless
    assert any("was not linked" in w for w in backend.warnings)


# -- the managed block ------------------------------------------------------------------------

@pytest.mark.parametrize("version", [2, 3])
def test_a_note_around_the_managed_block_survives_a_postmortem_change(
        fake: FakeJira, version: int) -> None:
    """People write in Jira's own markup around the block; a sync replaces only the block, and
    a re-sync after it writes nothing."""
    if version == 3 and not fake.cloud:
        pytest.skip("Data Center has no REST v3")
    backend, config = make_backend(fake, {"rest_api_version": version})
    doc = make_document("pm-note", ["Add a cart timeout"])
    sync_documents([doc], backend, config)
    [stored] = fake.issues()
    with fake.world.lock:
        description = stored["fields"]["description"]
        if version == 2:
            stored["fields"]["description"] = "h3. Team note\n*Check* the proxy.\n\n" + description
        else:
            note = {"type": "paragraph", "content": [{"type": "text", "text": "Check the proxy."}]}
            stored["fields"]["description"] = {**description,
                                               "content": [note, *description["content"]]}
    moved = make_document("pm-note", ["Add a cart timeout"], kinds=["preventive"])
    plan, _ = sync_documents([moved], make_backend(fake, {"rest_api_version": version})[0],
                             config)
    assert [c.action for c in plan.changes] == [Action.UPDATE]
    after = stored["fields"]["description"]
    if version == 2:
        assert after.startswith("h3. Team note\n*Check* the proxy.\n\n")
        assert "* *Kind:* preventive" in after and "{anchor:actiontrack-begin}" in after
    else:
        assert after["content"][0]["content"][0]["text"] == "Check the proxy."
    fake.reset_log()
    plan, _ = sync_documents([moved], make_backend(fake, {"rest_api_version": version})[0],
                             config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED]
    assert fake.writes() == []
