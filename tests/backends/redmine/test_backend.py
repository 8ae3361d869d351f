"""Redmine's own rules, checked against a real Redmine (skipped when none answers), plus the
few failures a healthy server will not produce, injected by a proxy in front of it."""



from __future__ import annotations

import datetime as dt
import sys

import pytest

from actiontrack.backends.redmine import (
    RedmineBackend,
    compose_description,
    split_description,
    start_date_for,
)
from actiontrack.config import Config
from actiontrack.errors import AuthError, ConfigError, NotFound, Refused, Transient, UnknownOutcome
from actiontrack.issue_format import strip_marker
from actiontrack.logs import mask
from actiontrack.model import Action, CloseReason, IssueFields, Link
from actiontrack.retry import RetryPolicy
from actiontrack.sync import sync_documents
from actiontrack.testing import draft_for, make_document, unique_pm
from tests.backends.redmine.server import REDMINE_ENV, FaultProxy, admin_client, new_project

QUICK = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1, max_total_wait=0.5)
TODAY = dt.date(2026, 6, 1)


def backend_for(project: str, config: Config | None = None, **env: str) -> RedmineBackend:
    return RedmineBackend(config or Config(),
                          {**REDMINE_ENV, "REDMINE_PROJECT": project, **env},
                          retry_policy=QUICK, today=lambda: TODAY)


def raw_issue(key: str, **params: object) -> dict:
    return admin_client().issue.get(int(key), **params).raw()


# -- pure helpers: no server ------------------------------------------------------------------

def test_start_date_is_the_incident_or_the_due_date_when_earlier() -> None:
    incident, today = dt.date(2023, 2, 5), dt.date(2026, 6, 1)
    assert start_date_for(dt.date(2023, 2, 12), incident, today) == incident
    assert start_date_for(dt.date(2023, 1, 30), incident, today) == dt.date(2023, 1, 30)
    assert start_date_for(dt.date(2023, 3, 7), None, today) == dt.date(2023, 3, 7)
    assert start_date_for(dt.date(2027, 1, 1), None, today) == today
    assert start_date_for(None, incident, today) == incident


def test_description_keeps_labels_on_their_own_line_before_the_marker() -> None:
    link = Link(postmortem_id="pm-1", item_id="abc", synced={"title": "x"})
    stored = compose_description("Fix it.\n\nDetails.", ("actiontrack", "pm:pm-1"), link)
    assert stored.index("**Labels:** actiontrack, pm:pm-1") < stored.index("<!--")
    crlf = stored.replace("\n", "\r\n")  # as Redmine hands it back
    assert split_description(crlf) == ("Fix it.\n\nDetails.", ("actiontrack", "pm:pm-1"))
    assert split_description("No labels here.\n\n**Labels** a") == \
        ("No labels here.\n\n**Labels** a", ())


def test_missing_settings_name_the_variable() -> None:
    with pytest.raises(ConfigError, match="REDMINE_URL"):
        RedmineBackend(Config(), {"REDMINE_PROJECT": "p", "REDMINE_API_KEY": "k" * 40})
    with pytest.raises(ConfigError, match="REDMINE_API_KEY"):
        RedmineBackend(Config(), {"REDMINE_URL": "http://127.0.0.1:9", "REDMINE_PROJECT": "p"})
    config = Config(backends={"redmine": {"url": "http://127.0.0.1:9", "trackr": "Bug"}})
    with pytest.raises(ConfigError, match="redmine.trackr"):
        RedmineBackend(config, {"REDMINE_PROJECT": "p", "REDMINE_API_KEY": "k" * 40})


def test_missing_python_redmine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redminelib", None)  # as if it were not installed
    env = {"REDMINE_URL": "http://127.0.0.1:9", "REDMINE_PROJECT": "p",
           "REDMINE_API_KEY": "k" * 40}
    with pytest.raises(ConfigError, match=r"pip install 'actiontrack\[redmine\]'"):
        RedmineBackend(Config(), env)


def test_the_api_key_is_masked() -> None:
    key = "f00dfeed" * 5
    RedmineBackend(Config(), {"REDMINE_URL": "http://127.0.0.1:9", "REDMINE_PROJECT": "p",
                              "REDMINE_API_KEY": key})
    assert mask(f"key={key}") == "key=***"


# -- dates ------------------------------------------------------------------------------------

def test_backdated_due_dates_are_accepted_with_the_incident_as_start(
        redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    doc = make_document(unique_pm(), ["Patch the cart", "Add memory alerts"],
                        kinds=["corrective", "preventive"])
    _, result = sync_documents([doc], backend, backend.config)
    assert not result.failures
    for issue in backend.find_linked([doc.postmortem.id]):
        raw = raw_issue(issue.key)
        assert raw["start_date"] == "2023-02-05"
        assert raw["due_date"] in ("2023-02-12", "2023-03-07")


def test_moving_the_due_date_before_the_start_moves_the_start(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    draft = draft_for(unique_pm(), "Rotate keys", due=dt.date(2023, 3, 7))
    created = backend.create(draft.model_copy(update={"start": dt.date(2023, 2, 5)}))
    assert backend.update(created, IssueFields(due=dt.date(2023, 1, 20))).due == \
        dt.date(2023, 1, 20)
    assert raw_issue(created.key)["start_date"] == "2023-01-20"


# -- description, labels ---------------------------------------------------------------------

def test_crlf_descriptions_read_back_as_written(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    created = backend.create(draft_for(unique_pm(), "Split the cart service"))
    assert "\r\n" in raw_issue(created.key)["description"]
    assert "\r" not in backend.get(created.key).body
    assert strip_marker(backend.get(created.key).body) == \
        "Body of Split the cart service\n\nSecond paragraph."


def test_labels_edited_in_redmine_are_read_back_and_kept(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    pm = unique_pm()
    created = backend.create(draft_for(pm, "Add a cart timeout"))
    description = raw_issue(created.key)["description"]
    admin_client().issue.update(int(created.key), description=description.replace(
        "kind:preventive", "kind:preventive, team:web"))
    issue = backend.get(created.key)
    assert "team:web" in issue.labels and f"pm:{pm}" in issue.labels
    updated = backend.update(issue, IssueFields(body="Rewritten by a person."))
    assert "team:web" in updated.labels
    assert strip_marker(updated.body) == "Rewritten by a person."


# -- assignee, priority, statuses -------------------------------------------------------------

def test_owners_map_to_members_and_strangers_stay_unassigned(redmine_project: str) -> None:
    config = Config(owners={"Carol": "bob"})
    backend = backend_for(redmine_project, config)
    doc = make_document(unique_pm(), ["Fix A", "Fix B", "Fix C", "Fix D"],
                        owners=["@alice", "Bob Example", "Carol", "mallory"])
    _, result = sync_documents([doc], backend, config)
    assert not result.failures
    assignees = {i.title: i.assignee for i in backend.find_linked([doc.postmortem.id])}
    assert assignees == {"Fix A": "alice", "Fix B": "bob", "Fix C": "bob", "Fix D": None}
    assert any("mallory" in w and "unassigned" in w for w in backend.warnings)
    plan, _ = sync_documents([doc], backend, config)
    assert {c.action for c in plan.changes} == {Action.UNCHANGED}


def test_priorities_map_to_redmine_names(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    pm = unique_pm()
    urgent = backend.create(draft_for(pm, "P1 task").model_copy(update={"priority": "P1"}))
    high = backend.create(draft_for(pm, "high task").model_copy(update={"priority": "high"}))
    odd = backend.create(draft_for(pm, "odd task").model_copy(update={"priority": "sev-9"}))
    assert (urgent.priority, high.priority, odd.priority) == ("Urgent", "High", "Normal")
    assert any("sev-9" in w for w in backend.warnings)


def test_closing_uses_the_servers_closed_statuses_and_leaves_a_note(
        redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    pm = unique_pm()
    done = backend.close(backend.create(draft_for(pm, "Done task")), CloseReason.COMPLETED,
                         "Marked done in the postmortem.")
    dropped = backend.close(backend.create(draft_for(pm, "Dropped task")),
                            CloseReason.NOT_PLANNED)
    assert (done.state_reason, dropped.state_reason) == ("Closed", "Rejected")
    notes = [j.get("notes") for j in raw_issue(done.key, include=["journals"])["journals"]]
    assert "Marked done in the postmortem." in notes
    reopened = backend.reopen(done, "Again.")
    assert not reopened.is_closed and raw_issue(done.key)["status"]["name"] == "New"


def test_a_done_status_that_is_open_on_the_server_is_a_config_error(
        redmine_project: str) -> None:
    backend = backend_for(redmine_project,
                          Config(backends={"redmine": {"done_status": "Resolved"}}))
    issue = backend.create(draft_for(unique_pm(), "Half done"))
    with pytest.raises(ConfigError, match="'Resolved' is open"):
        backend.close(issue, CloseReason.COMPLETED)
    backend = backend_for(redmine_project, Config(backends={"redmine": {"done_status": "Fin"}}))
    with pytest.raises(ConfigError, match="Closed, Rejected"):
        backend.close(issue, CloseReason.COMPLETED)


def test_a_tracker_by_name(redmine_project: str) -> None:
    backend = backend_for(redmine_project, Config(backends={"redmine": {"tracker": "feature"}}))
    created = backend.create(draft_for(unique_pm(), "A feature"))
    assert raw_issue(created.key)["tracker"]["name"] == "Feature"
    wrong = backend_for(redmine_project, Config(backends={"redmine": {"tracker": "Epic"}}))
    with pytest.raises(ConfigError, match="no tracker 'Epic'.*Bug"):
        wrong.preflight([draft_for(unique_pm(), "x")])


# -- finding linked issues --------------------------------------------------------------------

def test_find_linked_reads_every_page_of_the_project(fault_proxy: FaultProxy) -> None:
    with new_project() as project:
        backend = backend_for(project)
        pm, other = unique_pm(), unique_pm()
        for n in range(103):
            backend.create(draft_for(pm if n % 2 else other, f"Item {n}"))
        backend.close(backend.find_by_item(pm, draft_for(pm, "Item 1").link.item_id),
                      CloseReason.COMPLETED)
        admin_client().issue.create(project_id=project, subject="Not ours", description="x")
        listing = backend_for(project, REDMINE_URL=fault_proxy.url)
        found = listing.find_linked([pm])
        assert sorted(int(i.title.split()[1]) for i in found) == list(range(1, 103, 2))
        assert len(listing.find_linked(None)) == 103
        pages = [path for method, path in fault_proxy.seen if path.startswith("/issues.json")]
        assert all("status_id=%2A" in p for p in pages)
        assert "limit=100&offset=0" in pages[0] and "offset=100" in pages[1]  # 100 a page
        assert not any("search" in p for _, p in fault_proxy.seen)


# -- refusals and failures --------------------------------------------------------------------

def test_redmine_validation_errors_are_refused_with_its_message(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    with pytest.raises(Refused, match="Subject cannot be blank"):
        backend.create(draft_for(unique_pm(), ""))


def test_unknown_project_is_a_config_error(redmine_project: str) -> None:
    backend = backend_for("no-such-project-here")
    with pytest.raises(ConfigError, match="redmine.project"):
        backend.find_linked(None)


def test_get_of_a_non_number_is_not_found(redmine_project: str) -> None:
    with pytest.raises(NotFound):
        backend_for(redmine_project).get("ABC-1")


def test_bad_key_is_an_auth_error_without_the_key(redmine_project: str) -> None:
    key = "badbadbad0" * 4
    # Redmine answers an unknown key as it answers no key: a missing issue is a 404 then,
    # not a 401. The backend checks the key first, so a wrong key never reads as "absent".
    with pytest.raises(AuthError, match="401") as caught:
        backend_for(redmine_project, REDMINE_API_KEY=key).get("987654")
    assert key not in str(caught.value)


def test_bad_key_on_a_public_project_is_not_an_anonymous_reader(redmine_project: str) -> None:
    client = admin_client()
    with new_project() as public:
        client.project.update(public, is_public=True)
        backend_for(public).create(draft_for(unique_pm(), "Visible to anyone"))
        with pytest.raises(AuthError):
            backend_for(public, REDMINE_API_KEY="0" * 40).find_linked(None)


def test_5xx_is_could_not_ask_after_retries(redmine_project: str,
                                            fault_proxy: FaultProxy) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    fault_proxy.status = 503
    with pytest.raises(Transient) as caught:
        backend.find_linked([unique_pm()])
    assert caught.value.status == 503 and not isinstance(caught.value, UnknownOutcome)
    assert len(fault_proxy.seen) == QUICK.attempts


def test_a_create_whose_answer_is_lost_is_found_not_duplicated(
        redmine_project: str, fault_proxy: FaultProxy) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    doc = make_document(unique_pm(), ["Add a circuit breaker"])
    backend.find_linked([doc.postmortem.id])  # warm up: the project is known
    fault_proxy.drop_after_forward = "POST"
    with pytest.raises(UnknownOutcome):
        backend.create(draft_for(doc.postmortem.id, "Probe"))
    fault_proxy.drop_after_forward = "POST"
    waits: list[float] = []  # the wait for a late create, before the last listing: skipped
    _, result = sync_documents([doc], backend, backend.config, sleep=waits.append)
    assert not result.failures and result.count(Action.CREATE) == 1
    assert len(waits) == 1 and 0 < waits[0] <= 30  # what is left of Redmine's 30 s timeout
    posts = [path for method, path in fault_proxy.seen if method == "POST"]
    assert len(posts) == 2  # the probe and the item's one create: no second attempt
    linked = backend_for(redmine_project).find_linked([doc.postmortem.id])
    assert sorted(i.title for i in linked) == ["Add a circuit breaker", "Probe"]


def test_a_create_that_never_reached_redmine_is_not_unknown(
        redmine_project: str, fault_proxy: FaultProxy) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    backend.find_linked(None)
    fault_proxy.close()  # the port now refuses connections
    backend.shutdown()  # and no kept-alive connection is left to reuse
    with pytest.raises(Transient) as caught:
        backend.create(draft_for(unique_pm(), "Never sent"))
    assert not isinstance(caught.value, UnknownOutcome)


def test_links_to_this_servers_issues_name_their_key(redmine_project: str) -> None:
    backend = backend_for(redmine_project)
    url = REDMINE_ENV["REDMINE_URL"].rstrip("/")
    assert backend.issue_key_from_link(f"{url}/issues/42") == "42"
    assert backend.issue_key_from_link(f"{url}/issues/42#note-3") == "42"
    assert backend.issue_key_from_link("https://elsewhere.example/issues/42") is None


# -- a member's key, not an admin's: Redmine's default Developer role and workflow -------------

@pytest.fixture
def developer_backend(redmine_project: str) -> RedmineBackend:
    client = admin_client()
    alice = next(u for u in client.user.filter(name="alice") if u.login == "alice")
    key = client.user.get(alice.id).raw()["api_key"]  # an admin may read it
    return backend_for(redmine_project, REDMINE_API_KEY=key)


def test_a_developer_key_syncs_and_assigns_through_the_project_members(
        developer_backend: RedmineBackend) -> None:
    doc = make_document(unique_pm(), ["Fix A", "Fix B"], owners=["@bob", "Alice Example"])
    _, result = sync_documents([doc], developer_backend, developer_backend.config)
    assert not result.failures
    issues = developer_backend.find_linked([doc.postmortem.id])
    assert sorted(i.assignee for i in issues) == ["alice", "bob"]
    closed = developer_backend.close(issues[0], CloseReason.COMPLETED, "done")
    assert closed.is_closed


def test_a_status_the_workflow_forbids_is_refused_not_silently_ignored(
        developer_backend: RedmineBackend) -> None:
    issue = developer_backend.create(draft_for(unique_pm(), "Drop this"))
    # Developers may not set "Rejected": Redmine answers 204 and keeps the status.
    with pytest.raises(Refused, match="workflow"):
        developer_backend.close(issue, CloseReason.NOT_PLANNED, "dropped")
    assert not developer_backend.get(issue.key).is_closed
    closed = developer_backend.close(issue, CloseReason.COMPLETED)
    with pytest.raises(Refused, match="workflow"):  # nor reopen a closed issue
        developer_backend.reopen(closed)


def test_the_managed_block_round_trips_and_notes_around_it_stay(redmine_project: str) -> None:
    """A note people add around the block in Redmine, and their own label, survive a
    postmortem change; the block alone is rewritten; a re-sync after it writes nothing."""
    backend = backend_for(redmine_project)
    pm = unique_pm()
    doc = make_document(pm, ["Add a cart timeout"], owners=[None])
    sync_documents([doc], backend, backend.config)
    [issue] = backend.find_linked([pm])
    description = raw_issue(issue.key)["description"].replace("\r\n", "\n")
    admin_client().issue.update(int(issue.key), description=(
        "Note from the team: see the load test.\n\n" + description).replace(
        "kind:corrective", "kind:corrective, team:web"))
    moved = make_document(pm, ["Add a cart timeout"], kinds=["preventive"])
    plan, _ = sync_documents([moved], backend, backend.config)
    assert [c.action for c in plan.changes] == [Action.UPDATE]
    after = backend.get(issue.key)
    assert after.body.startswith("Note from the team: see the load test.")
    assert "- **Kind:** preventive" in after.body and "team:web" in after.labels
    plan, _ = sync_documents([moved], backend, backend.config)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] and plan.changes[0].changes \
        is None


# -- a state change and the marker that records it ----------------------------------------

def _journal_details(key: str) -> list[list[str]]:
    """Per journal entry of the issue, the names of what it changed."""
    return [[d["name"] for d in j.get("details") or []]
            for j in raw_issue(key, include=["journals"])["journals"]]


def test_a_close_and_the_marker_that_records_it_are_one_update(redmine_project: str) -> None:
    """The status, its note and the description holding the marker of the close go in one
    update (one journal entry): no stopped run can leave a close the marker does not know
    of, which the next sync would take for one made by people (and keep against the
    postmortem once the item is unticked)."""
    backend = backend_for(redmine_project)
    pm = unique_pm()
    sync_documents([make_document(pm, ["Rotate the keys"])], backend, backend.config)
    [issue] = backend.find_linked([pm])
    before = _journal_details(issue.key)
    sync_documents([make_document(pm, ["Rotate the keys"], done={0})], backend, backend.config)
    [entry] = _journal_details(issue.key)[len(before):]
    assert sorted(entry) == ["description", "status_id"]
    closed = backend.get(issue.key)
    assert closed.is_closed and closed.link is not None
    assert closed.link.synced["state"] == "closed"
    plan, _ = sync_documents([make_document(pm, ["Rotate the keys"])], backend,
                             backend.config)  # unticked: reopened, in one update again
    assert [c.action for c in plan.changes] == [Action.REOPEN]
    assert not backend.get(issue.key).is_closed
    assert len(_journal_details(issue.key)) == len(before) + 2


def test_a_status_the_workflow_ignores_leaves_the_marker_recording_the_old_one(
        developer_backend: RedmineBackend) -> None:
    """Redmine keeps the status its workflow forbids but takes the rest of the update: the
    marker written with it is put back to the status the issue kept."""
    backend = developer_backend
    pm = unique_pm()
    sync_documents([make_document(pm, ["Drop this"])], backend, backend.config)
    [issue] = backend.find_linked([pm])
    assert issue.link is not None
    refused = issue.link.model_copy(update={"synced": {**issue.link.synced, "state": "closed"}})
    with pytest.raises(Refused, match="workflow"):  # Developers may not set "Rejected"
        backend.change_state(issue, close=True, reason=CloseReason.NOT_PLANNED,
                             comment="dropped", fields=IssueFields(link=refused))
    after = backend.get(issue.key)
    assert not after.is_closed and after.link is not None
    assert after.link.synced["state"] == "open"
