"""Fixtures for the tests against a real Redmine (see `server`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.backends.redmine.server import REDMINE_ENV, FaultProxy, new_project


@pytest.fixture(scope="session")
def redmine_project() -> Iterator[str]:
    """One project shared by a session's tests: they use unique postmortem ids."""
    with new_project() as identifier:
        yield identifier


@pytest.fixture
def fault_proxy() -> Iterator[FaultProxy]:
    proxy = FaultProxy(REDMINE_ENV["REDMINE_URL"])
    yield proxy
    proxy.close()
