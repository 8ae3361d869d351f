"""A Jira that answers nonsense, as a login wall or a proxy in front of it does, or that does
not answer at all: each is named on one line for what it is, is never read as "no issues",
and a create answered that way is looked up, not made twice. Cloud and Data Center alike."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.errors import BadAnswer, Transient, Unreachable
from actiontrack.retry import RetryPolicy
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.jira import LOGIN_PAGE, PROXY_PAGE, FakeJira, Fault

NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, max_delay=1.0, max_total_wait=60.0)


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param) as server:
        yield server


def backend(fake: FakeJira, jira: dict[str, object] | None = None,
            sleeps: list[float] | None = None) -> JiraBackend:
    return JiraBackend(Config(backends={"jira": jira or {}}), fake.env(),
                       sleep=(sleeps.append if sleeps is not None else lambda s: None),
                       policy=NO_WAIT)


def search_route(fake: FakeJira) -> str:
    return "/search/jql" if fake.cloud else "/search"


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and "<" not in text, text  # named, never pasted
    return text


@pytest.mark.parametrize("body, content_type, expected", [
    (LOGIN_PAGE, "text/html;charset=UTF-8",
     "Jira answered with an HTML page ('Log in - Jira'), not JSON: is JIRA_URL behind a login?"),
    (b"", "application/json", "Jira answered HTTP 200 with an empty body where JSON was "
                              "expected: is JIRA_URL the API address, or is a proxy in the way?"),
    (b'{"issues": [{"id": "10001", "key": "OP', "application/json",
     "Jira answered with truncated or malformed JSON (HTTP 200, 38 characters)"),
    (b'{"total": 3}', "application/json",
     "Jira answered JSON of an unexpected shape (null, not a list of issues)"),
], ids=["html-login", "empty", "truncated", "other-shape"])
def test_a_search_that_is_not_jiras_json_is_named_and_never_read_as_empty(
        fake: FakeJira, body: bytes, content_type: str, expected: str) -> None:
    jira = backend(fake)
    fake.faults.append(Fault("GET", search_route(fake), status=200, body=body,
                             content_type=content_type, skip=2))  # after the window scan
    with pytest.raises(BadAnswer) as info:
        jira.find_linked(["pm-x"])
    assert expected in one_line(info.value)
    assert fake.faults[0].times == 0 and fake.count("GET", search_route(fake)) == 3  # no retry


def test_an_html_502_page_is_named_not_pasted(fake: FakeJira) -> None:
    sleeps: list[float] = []
    jira = backend(fake, sleeps=sleeps)
    fake.faults.append(Fault("GET", "/serverInfo", status=502, body=PROXY_PAGE, times=10))
    with pytest.raises(Transient) as info:
        jira.find_linked(["pm-x"])
    assert "Jira answered HTTP 502: an HTML page titled '502 Bad Gateway'" in one_line(
        info.value)
    assert len(sleeps) == 2  # a 5xx is worth a retry (3 attempts here), the page never shown


def test_a_redirect_to_a_login_page_is_named_as_one(fake: FakeJira) -> None:
    fake.faults.append(Fault("GET", "/serverInfo", redirect="/login.jsp"))
    with pytest.raises(BadAnswer) as info:
        backend(fake).find_linked(["pm-x"])
    text = one_line(info.value)
    assert "Jira redirected to a login page (" in text and "/login.jsp?os_destination=" in text
    assert "not its API: is JIRA_URL behind a login?" in text
    assert fake.count("GET", "/login.jsp") == 0  # never followed: the redirect is the answer


def test_410_gone_is_named_with_what_to_check() -> None:
    """A Cloud site whose serverInfo does not say Cloud gets the old search, which Cloud
    removed: 410 Gone, named, with Jira's own words."""
    with FakeJira("cloud") as fake:
        info = {"baseUrl": fake.url, "version": "9.12.2", "versionNumbers": [9, 12, 2],
                "deploymentType": "Server"}
        fake.faults.append(Fault("GET", "/serverInfo", status=200, body=json.dumps(info).encode(),
                                 content_type="application/json"))
        with pytest.raises(BadAnswer) as error:
            backend(fake).find_linked(["pm-x"])
        text = one_line(error.value)
        assert "Jira answered 410 Gone (The requested API has been removed." in text
        assert "check that JIRA_URL is the site itself" in text


@pytest.mark.parametrize("fault", [
    Fault("POST", "/issue/bulk", truncate=True),
    Fault("POST", "/issue/bulk", status=200, body=LOGIN_PAGE, content_type="text/html"),
], ids=["201-truncated", "html-not-carried-out"])
def test_a_create_answered_with_nonsense_is_looked_up_not_made_twice(fake: FakeJira,
                                                                     fault: Fault) -> None:
    fake.faults.append(fault)
    jira = backend(fake)
    config = Config()
    _, result = sync_documents([make_document("pm-bad", ["One", "Two", "Three"])], jira,
                               config, sleep=lambda s: None)
    assert not result.failures
    links = [fake.link_of(s) for s in fake.issues()]
    assert sorted(link["item_id"] for link in links) == sorted(
        i.id for i in make_document("pm-bad", ["One", "Two", "Three"]).action_items)


# -- no answer at all ---------------------------------------------------------------------------

def _dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_refused_connection_is_known_at_once_without_retries() -> None:
    sleeps: list[float] = []
    env = {"JIRA_URL": f"http://127.0.0.1:{_dead_port()}", "JIRA_PROJECT": "OPS",
           "JIRA_PAT": "x" * 10}
    jira = JiraBackend(Config(), env, sleep=sleeps.append)  # the default policy
    with pytest.raises(Unreachable) as info:
        jira.find_linked(["pm-x"])
    assert sleeps == []  # no retry at all, nested or not
    assert "could not reach Jira" in one_line(info.value)


def test_a_jira_that_answers_after_the_timeout_is_given_up_within_the_bound(
        fake: FakeJira) -> None:
    """Every answer comes just after the client's timeout: attempts are made while one more
    could still end within the bound (here 1 s, at 0.2 s an attempt), never five."""
    fake.faults.append(Fault("GET", "/serverInfo", status=None, delay=0.4, times=20))
    jira = JiraBackend(Config(backends={"jira": {"timeout": 0.2}}), fake.env(),
                       sleep=lambda s: None,
                       policy=RetryPolicy(attempts=5, base_delay=0.0, max_total_wait=1.0))
    with pytest.raises(Transient, match="Timeout"):
        jira.find_linked(["pm-x"])
    assert 2 <= fake.count("GET", "/serverInfo") <= 4


def test_a_login_page_through_the_cli_is_one_line_exit_1_and_nothing_written(
        fake: FakeJira, example: Path) -> None:
    fake.faults.append(Fault("GET", "/serverInfo", status=200, body=LOGIN_PAGE, times=5))
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "sync", str(example),
                           "--backend", "jira"], env={**fake.env(), "PATH": ""},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "Jira answered with an HTML page ('Log in - Jira'), not JSON: is JIRA_URL behind a " \
           "login?" in lines[0]
    assert fake.issues() == [] and fake.count("GET", "/serverInfo") == 1
