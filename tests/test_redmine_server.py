"""Test helpers for the real Redmine that `scripts/redmine-up` starts.

The environment is read once, at import, because the autouse fixture in conftest clears
REDMINE_* for every test. Each test session gets its own throw-away project (with alice as an
assignable member), so tests never see each other's issues and the server's database does not
grow run after run.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator

import pytest

REDMINE_ENV = {name: os.environ.get(name, "") for name in
               ("REDMINE_URL", "REDMINE_PROJECT", "REDMINE_API_KEY")}
HOW_TO = 'start one with: eval "$(scripts/redmine-up)"'


@functools.cache
def skip_reason() -> str | None:
    """Why the Redmine tests cannot run here, or None when a server answers."""
    if not (REDMINE_ENV["REDMINE_URL"] and REDMINE_ENV["REDMINE_API_KEY"]):
        return f"no Redmine: REDMINE_URL and REDMINE_API_KEY are not set ({HOW_TO})"
    try:
        import redminelib  # noqa: F401
    except ImportError:
        return "python-redmine is not installed (pip install 'actiontrack[redmine]')"
    try:
        admin_client().user.get("current")
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable server
        return f"Redmine at {REDMINE_ENV['REDMINE_URL']} does not answer ({exc}; {HOW_TO})"
    return None


def admin_client():  # -> redminelib.Redmine
    from redminelib import Redmine
    return Redmine(REDMINE_ENV["REDMINE_URL"], key=REDMINE_ENV["REDMINE_API_KEY"],
                   requests={"timeout": 30})


@pytest.fixture(scope="session")
def redmine_project() -> Iterator[str]:
    """A fresh Redmine project with every tracker and alice (Developer) as a member."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    client = admin_client()
    identifier = f"at-test-{uuid.uuid4().hex[:10]}"
    trackers = [t.id for t in client.tracker.all()]
    project = client.project.create(name=identifier, identifier=identifier, is_public=False,
                                    tracker_ids=trackers, enabled_module_names=["issue_tracking"])
    role = next(r.id for r in client.role.all() if r.name == "Developer")
    for login in ("alice", "bob"):
        user = next(u for u in client.user.filter(name=login) if u.login == login)
        client.project_membership.create(project_id=project.id, user_id=user.id,
                                         role_ids=[role])
    yield identifier
    client.project.delete(project.id)


# -- what scripts/redmine-up promises about the server it starts ----------------------------


def test_redmine_up_server_has_the_rest_api_and_the_project() -> None:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    if not REDMINE_ENV["REDMINE_PROJECT"]:
        pytest.skip("REDMINE_PROJECT is not set")
    client = admin_client()
    project = client.project.get(REDMINE_ENV["REDMINE_PROJECT"], include=["trackers"])
    assert project.identifier == REDMINE_ENV["REDMINE_PROJECT"]
    assert len(project.trackers) >= 1
    members = {m.user.name for m in client.project_membership.filter(project_id=project.id)
               if hasattr(m, "user")}
    assert {"Alice Example", "Bob Example"} <= members
    assert any(s.is_closed for s in client.issue_status.all())
