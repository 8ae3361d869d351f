"""The shipped backend contract suite, unchanged, against a real Redmine server.

Skipped, with the reason, when no Redmine is reachable (see `scripts/redmine-up`).
"""



from __future__ import annotations

import pytest

from actiontrack.backends.redmine import RedmineBackend
from actiontrack.config import Config
from actiontrack.retry import RetryPolicy
from actiontrack.testing import BackendContract
from tests.backends.redmine.server import REDMINE_ENV

# Failures in these tests are meant to surface fast, not to be waited out.
QUICK = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1, max_total_wait=0.5)


def backend_for(project: str, **env: str) -> RedmineBackend:
    return RedmineBackend(Config(), {**REDMINE_ENV, "REDMINE_PROJECT": project, **env},
                          retry_policy=QUICK)


class TestRedmineBackend(BackendContract):
    @pytest.fixture
    def backend(self, redmine_project: str) -> RedmineBackend:
        return backend_for(redmine_project)

    @pytest.fixture
    def unreachable_backend(self, redmine_project: str) -> RedmineBackend:
        import socket
        with socket.socket() as sock:  # a port nothing listens on once it is closed
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        return backend_for(redmine_project, REDMINE_URL=f"http://127.0.0.1:{port}")

    @pytest.fixture
    def bad_auth_backend(self, redmine_project: str) -> RedmineBackend:
        return backend_for(redmine_project, REDMINE_API_KEY="0" * 40)
