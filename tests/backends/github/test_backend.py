"""The GitHub backend on its own: configuration from the environment and the `[github]`
section, failures translated into actiontrack's errors, assignees, links and issue bodies.
Everything runs against the fake over real HTTP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from actiontrack.backends.github import GitHubBackend, with_due
from actiontrack.config import Config
from actiontrack.errors import (
    AuthError,
    BadAnswer,
    ConfigError,
    NotFound,
    Refused,
    Transient,
    UnknownOutcome,
)
from actiontrack.issue_format import strip_marker
from actiontrack.model import ActionItem, IssueFields, Postmortem
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.fakes.github import FakeGitHub, backend_for, github_env

TOKEN = "ghp_fake_token_0123456789"


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def test_inside_actions_the_environment_is_enough(fake: FakeGitHub) -> None:
    backend = GitHubBackend(Config(), github_env(fake))
    assert (backend.repo_name, backend.api_url) == ("acme/incidents", fake.base_url)
    assert backend.settings.seconds_between_writes == 1.0  # GitHub's advice, by default
    assert backend.describe() == f"GitHub acme/incidents at {fake.base_url}"
    assert fake.requests == []  # nothing is asked before it is needed


def test_defaults_to_github_com() -> None:
    backend = GitHubBackend(Config(), {"GITHUB_TOKEN": TOKEN, "GITHUB_REPOSITORY": "o/r"})
    assert (backend.api_url, backend.server_url) == ("https://api.github.com",
                                                     "https://github.com")
    assert backend.describe() == "GitHub o/r"


def test_the_config_section_wins_over_the_ambient_actions_variables(fake: FakeGitHub) -> None:
    config = Config(backends={"github": {"repo": "acme/tracker",
                                         "api_url": "https://ghe.example.com/api/v3/"}})
    backend = GitHubBackend(config, github_env(fake, GITHUB_SERVER_URL="https://github.com"))
    assert backend.repo_name == "acme/tracker"
    assert backend.api_url == "https://ghe.example.com/api/v3"
    assert backend.server_url == "https://ghe.example.com"  # derived from its own API URL


def test_gh_token_is_read_like_the_gh_cli_does(fake: FakeGitHub) -> None:
    env = github_env(fake, GH_TOKEN="ghp_from_gh_token_99")
    assert GitHubBackend(Config(), env).token.get_secret_value() == "ghp_from_gh_token_99"
    env = {k: v for k, v in github_env(fake).items() if k != "GITHUB_TOKEN"}
    env["GH_TOKEN"] = TOKEN
    assert GitHubBackend(Config(), env).token.get_secret_value() == TOKEN
    assert TOKEN not in repr(GitHubBackend(Config(), env).token)


@pytest.mark.parametrize("missing, names", [("GITHUB_TOKEN", "GITHUB_TOKEN (or GH_TOKEN)"),
                                            ("GITHUB_REPOSITORY", "GITHUB_REPOSITORY")])
def test_missing_token_or_repo_names_the_variable_to_set(fake: FakeGitHub, missing: str,
                                                         names: str) -> None:
    env = {k: v for k, v in github_env(fake).items() if k != missing}
    with pytest.raises(ConfigError) as err:
        GitHubBackend(Config(), env)
    assert names in str(err.value) and err.value.exit_code == 2


@pytest.mark.parametrize("section, key", [({"repo": "not a repo"}, "github.repo"),
                                          ({"seconds_between_writes": -1},
                                           "github.seconds_between_writes"),
                                          ({"tokne": "x"}, "github.tokne")])
def test_a_bad_config_section_is_one_clear_error(fake: FakeGitHub, section: dict,
                                                 key: str) -> None:
    with pytest.raises(ConfigError, match=f"key '{key}'"):
        GitHubBackend(Config(backends={"github": section}), github_env(fake))


def test_ghes_under_an_api_prefix_works_the_same() -> None:
    with FakeGitHub(prefix="/api/v3") as fake:
        backend = backend_for(fake)
        created = backend.create(draft_for("pm-ghes", "Add alerting"))
        assert [i.key for i in backend.find_linked(["pm-ghes"])] == [created.key]
        assert all(r.headers["host"].startswith("127.0.0.1") for r in fake.requests)
        assert backend.issue_key_from_link(created.url) == created.key


def test_a_bad_token_is_an_auth_error_and_never_shows_the_token(fake: FakeGitHub) -> None:
    secret = "ghp_wrong_secret_token_42"
    backend = backend_for(fake, env=github_env(fake, GITHUB_TOKEN=secret))
    with pytest.raises(AuthError, match="HTTP 401: Bad credentials") as err:
        backend.create(draft_for("pm-auth", "Anything"))
    assert secret not in str(err.value) and err.value.exit_code == 1
    assert fake.count() == 1  # not retried


def test_403_without_a_rate_limit_is_a_permission_error(fake: FakeGitHub) -> None:
    from tests.fakes.github import Fault
    fake.inject(Fault(403, body={"message": "Resource not accessible by integration",
                                 "documentation_url": "https://docs.github.com/rest"}))
    with pytest.raises(AuthError, match="Resource not accessible.*issues: write"):
        backend_for(fake).find_linked(["pm-x"])


def test_absent_is_not_found_and_a_5xx_is_could_not_ask(fake: FakeGitHub) -> None:
    backend = backend_for(fake)
    with pytest.raises(NotFound, match="#41 does not exist"):
        backend.get("41")
    created = backend.create(draft_for("pm-gone", "Deleted later"))
    fake.delete_issue(int(created.key))
    with pytest.raises(NotFound):  # 410 Gone
        backend.get(created.key)
    fake.fail(503, times=10)
    with pytest.raises(Transient) as err:
        backend.get("41")
    assert not isinstance(err.value, NotFound) and err.value.status == 503


def test_a_pull_request_number_is_not_an_issue(fake: FakeGitHub) -> None:
    number = fake.add_issue("Bump deps", pull=True)
    with pytest.raises(NotFound, match="pull request"):
        backend_for(fake).get(str(number))


def test_disabled_issues_and_validation_errors_are_refusals(fake: FakeGitHub) -> None:
    backend = backend_for(fake)
    too_long = draft_for("pm-long", "Long body").model_copy(update={"body": "x" * 70000})
    with pytest.raises(Refused, match="body is too long"):
        backend.create(too_long)
    fake.issues_enabled = False
    with pytest.raises(BadAnswer, match="410 Gone .*Issues are disabled.*enable them") as gone:
        backend.create(draft_for("pm-off", "Anything"))
    assert not isinstance(gone.value, UnknownOutcome)  # refused: nothing was created


def test_an_unreachable_github_is_transient_and_a_dropped_create_is_unknown(
        fake: FakeGitHub) -> None:
    backend = backend_for(fake)
    fake.lose_response()
    with pytest.raises(UnknownOutcome):
        backend.create(draft_for("pm-drop", "Lost answer"))
    assert len(fake.issues()) == 1 and fake.count("POST", r"/issues$") == 1
    fake.stop()
    with pytest.raises(Transient, match="could not reach") as err:
        backend.create(draft_for("pm-down", "Nobody home"))
    assert not isinstance(err.value, UnknownOutcome)  # never connected: never sent


def test_unknown_owners_are_left_unassigned_with_one_warning_and_one_check_each(
        fake: FakeGitHub) -> None:
    config = Config(owners={"Alice Smith": "alice"},
                    backends={"github": {"seconds_between_writes": 0}})
    doc = make_document("pm-owners", ["Task one", "Task two", "Task three", "Task four"],
                        owners=["Alice Smith", "@mallory", "@mallory", "Bob the Builder"])
    backend = backend_for(fake, config)
    _, result = sync_documents([doc], backend, config)
    assert not result.failures
    assignees = {i["title"]: i["assignees"] for i in fake.issues()}
    assert assignees == {"Task one": ["alice"], "Task two": [], "Task three": [],
                         "Task four": []}
    assert fake.count("GET", "/assignees/") == 2  # alice and mallory, once each
    assert sorted(w.split("'")[1] for w in backend.warnings) == ["Bob the Builder", "mallory"]
    fake.clear_log()
    _, again = sync_documents([doc], backend_for(fake, config), config)
    assert fake.writes() == 0 and fake.count() == 1  # no retry of the assignment every run


def test_update_moves_the_due_date_inside_the_body(fake: FakeGitHub) -> None:
    backend = backend_for(fake)
    created = backend.create(draft_for("pm-due", "Renew certificates"))
    assert created.due == dt.date(2023, 3, 7)
    moved = backend.update(created, IssueFields(due=dt.date(2024, 1, 31)))
    assert moved.due == dt.date(2024, 1, 31)
    assert strip_marker(moved.body).startswith("Body of Renew certificates")
    assert with_due("a\n- **Due:** 2023-01-01\nb", dt.date(2024, 2, 3)) == \
        "a\n- **Due:** 2024-02-03\nb"


def test_links_to_this_repositorys_issues_name_their_key(fake: FakeGitHub) -> None:
    backend = backend_for(fake, env=github_env(fake, GITHUB_SERVER_URL="https://github.com"))
    key = backend.issue_key_from_link
    assert key("#123") == "123"
    assert key("acme/incidents#45") == "45" and key("ACME/Incidents#45") == "45"
    assert key("other/repo#45") is None
    assert key(f"{fake.base_url}/repos/acme/incidents/issues/7") == "7"
    assert key("https://github.com/acme/incidents/issues/8#issuecomment-1") == "8"
    assert key("https://github.com/acme/other/issues/8") is None
    assert key("https://github.com/acme/incidents/pull/8") is None
    assert key("https://gitlab.com/acme/incidents/issues/8") is None
    assert key("JIRA-12") is None


def test_generated_bodies_neither_ping_nor_cross_link_except_the_owner(
        fake: FakeGitHub) -> None:
    config = Config(backends={"github": {"seconds_between_writes": 0}})
    pm = Postmortem(id="pm-mention", title="DB outage", source="pm.md",
                    root_cause="@dba-team changed the pool size, see #12 and acme/web#3")
    item = ActionItem(id="i1", postmortem_id=pm.id, title="Ask @carol about #99",
                      owner="@alice", links=("#7",), rationale="as @dave said in #8")
    from actiontrack.model import ParsedDocument
    sync_documents([ParsedDocument(postmortem=pm, action_items=(item,))],
                   backend_for(fake, config), config)
    [issue] = fake.issues()
    body = issue["body"]
    for pinged in ("@dba-team", "@carol", "@dave", "#12", "acme/web#3", "#99", "#8"):
        assert pinged not in body, pinged
    assert "@\u200ddba-team" in body and "#\u200d12" in body  # still readable
    assert "- **Owner:** @alice" in body  # the owner is meant
    assert "- **Related:** #7" in body  # and so are the item's own links
    assert issue["assignees"] == ["alice"]
