"""The Jira backend against a real Jira, skipped unless one is configured:

    ACTIONTRACK_LIVE_JIRA_URL      https://your-site.atlassian.net (or a Data Center URL)
    ACTIONTRACK_LIVE_JIRA_PROJECT  a project key you may create issues in (a scratch project)
    ACTIONTRACK_LIVE_JIRA_EMAIL + ACTIONTRACK_LIVE_JIRA_API_TOKEN   (Cloud), or
    ACTIONTRACK_LIVE_JIRA_PAT                                       (Data Center)

It creates two issues labelled with a fresh `pm:live-...` label, re-syncs at once from a new
backend (a new run: Jira Cloud's search index has not caught up yet, so this is the read by
key), closes them, and leaves them.
"""

from __future__ import annotations

import os
import uuid

import pytest

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document

PREFIX = "ACTIONTRACK_LIVE_JIRA_"
URL = os.environ.get(PREFIX + "URL")
HAS_CREDENTIALS = bool(os.environ.get(PREFIX + "PAT") or (
    os.environ.get(PREFIX + "EMAIL") and os.environ.get(PREFIX + "API_TOKEN")))

pytestmark = [pytest.mark.live, pytest.mark.skipif(
    not (URL and HAS_CREDENTIALS and os.environ.get(PREFIX + "PROJECT")),
    reason="set ACTIONTRACK_LIVE_JIRA_URL, _PROJECT and credentials to run against a real Jira")]


def test_sync_resync_and_close_on_a_real_jira() -> None:
    env = {name: os.environ[PREFIX + name.removeprefix("JIRA_")]
           for name in ("JIRA_URL", "JIRA_PROJECT", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT")
           if os.environ.get(PREFIX + name.removeprefix("JIRA_"))}
    config = Config()
    backend = JiraBackend(config, env)
    pm = f"live-{uuid.uuid4().hex[:8]}"
    doc = make_document(pm, ["Check the live sync", "Check the live close"],
                        kinds=["corrective", "preventive"])
    try:
        _, first = sync_documents([doc], backend, config)
        assert first.count(Action.CREATE) == 2 and not first.failures
        rerun = JiraBackend(config, env)  # a second run right after the first
        plan, _ = sync_documents([doc], rerun, config)
        rerun.shutdown()
        assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 2
        assert all("actiontrack:v1" not in i.body for i in backend.find_linked([pm]))
        done = make_document(pm, ["Check the live sync", "Check the live close"],
                             kinds=["corrective", "preventive"], done={0, 1})
        sync_documents([done], backend, config)
        assert all(i.is_closed for i in backend.find_linked([pm]))
    finally:
        backend.shutdown()
