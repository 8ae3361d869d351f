"""The Redmine that `scripts/redmine-up` starts is usable: REST API on, the project there."""

from __future__ import annotations

import pytest

from tests.backends.redmine.server import REDMINE_ENV, admin_client, skip_reason


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
