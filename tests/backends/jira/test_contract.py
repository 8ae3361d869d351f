"""The shipped backend contract suite, run unchanged against the fake Jira, Cloud and DC."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.retry import RetryPolicy
from actiontrack.testing import BackendContract
from tests.fakes.jira import FakeJira, Fault

NO_WAIT = RetryPolicy(attempts=2, base_delay=0.0, max_delay=1.0, max_total_wait=1.0)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(params=["cloud", "dc"])
def fake(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param) as server:
        yield server


class TestJiraBackend(BackendContract):
    @pytest.fixture
    def backend(self, fake: FakeJira) -> Iterator[JiraBackend]:
        # Cloud names assignees by display name, Data Center by user name.
        self.assignable_user = "Alice Example" if fake.cloud else "alice"
        backend = JiraBackend(Config(), fake.env(), sleep=lambda s: None, policy=NO_WAIT)
        yield backend
        backend.shutdown()

    @pytest.fixture
    def unreachable_backend(self, fake: FakeJira) -> JiraBackend:
        # A Jira that answers serverInfo, then only 503s (with no Retry-After).
        backend = JiraBackend(Config(), fake.env(), sleep=lambda s: None, policy=NO_WAIT)
        route = "/search/jql" if fake.cloud else "/search"
        fake.faults.append(Fault("GET", route, status=503, times=1000))
        return backend

    @pytest.fixture
    def bad_auth_backend(self, fake: FakeJira) -> JiraBackend:
        env = fake.env(JIRA_API_TOKEN="wrong-token") if fake.cloud else fake.env(
            JIRA_PAT="wrong-pat")
        return JiraBackend(Config(), env, sleep=lambda s: None, policy=NO_WAIT)


def test_a_jira_that_is_down_is_could_not_ask() -> None:
    """Nothing listening at all: the contract's unreachable case with a dead port."""
    from actiontrack.errors import Transient
    env = {"JIRA_URL": f"http://127.0.0.1:{_free_port()}", "JIRA_PROJECT": "OPS",
           "JIRA_PAT": "x" * 10}
    backend = JiraBackend(Config(), env, sleep=lambda s: None, policy=NO_WAIT)
    with pytest.raises(Transient):
        backend.find_linked(["pm-1"])
