"""The shipped backend contract suite, unchanged, run against GitHub (the fake, over HTTP)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from actiontrack.backends.github import GitHubBackend
from actiontrack.testing import BackendContract
from tests.fakes.github import FakeGitHub, backend_for, github_env


class TestGitHubBackend(BackendContract):
    @pytest.fixture
    def fake(self) -> Iterator[FakeGitHub]:
        with FakeGitHub() as fake:
            yield fake

    @pytest.fixture
    def backend(self, fake: FakeGitHub) -> Iterator[GitHubBackend]:
        backend = backend_for(fake)
        yield backend
        backend.shutdown()

    @pytest.fixture
    def unreachable_backend(self, fake: FakeGitHub) -> GitHubBackend:
        fake.fail(503, times=1000)
        return backend_for(fake)

    @pytest.fixture
    def bad_auth_backend(self, fake: FakeGitHub) -> GitHubBackend:
        return backend_for(fake, env=github_env(fake, GITHUB_TOKEN="ghp_not_the_right_one"))
