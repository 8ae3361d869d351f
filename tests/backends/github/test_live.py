"""Against real GitHub: skipped unless ACTIONTRACK_LIVE_GITHUB_REPO (owner/name of a scratch
repository) and GITHUB_TOKEN (issues: write on it) are set. It creates two issues under a
fresh postmortem id, checks a re-sync changes nothing, asks GitHub's own Markdown renderer
whether the neutralised body would ping or cross-link, and closes the issues as not planned."""

from __future__ import annotations

import os

import pytest

from actiontrack.backends.github import GitHubBackend
from actiontrack.config import Config
from actiontrack.model import Action, ActionItem, ParsedDocument, Postmortem
from actiontrack.sync import SyncOptions, sync_documents
from actiontrack.testing.contract import unique_pm

REPO = os.environ.get("ACTIONTRACK_LIVE_GITHUB_REPO")
TOKEN = os.environ.get("GITHUB_TOKEN")

pytestmark = [pytest.mark.live, pytest.mark.skipif(
    not (REPO and TOKEN), reason="set ACTIONTRACK_LIVE_GITHUB_REPO and GITHUB_TOKEN")]


@pytest.fixture
def live_env() -> dict[str, str]:
    # Read before conftest's isolation clears them from os.environ.
    env = {"GITHUB_TOKEN": TOKEN or "", "GITHUB_REPOSITORY": REPO or ""}
    if os.environ.get("ACTIONTRACK_LIVE_GITHUB_API_URL"):
        env["GITHUB_API_URL"] = os.environ["ACTIONTRACK_LIVE_GITHUB_API_URL"]
    return env


def test_sync_resync_and_prune_on_real_github(live_env: dict[str, str]) -> None:
    config = Config()
    pm = Postmortem(id=unique_pm("live"), title="actiontrack live test", source="live.md",
                    root_cause="@github changed something, see #1")
    items = tuple(ActionItem(id=f"item{n}", postmortem_id=pm.id, title=title)
                  for n, title in enumerate(["Check the live create", "Check the live re-sync"]))
    doc = ParsedDocument(postmortem=pm, action_items=items)
    backend = GitHubBackend(config, live_env)
    try:
        _, first = sync_documents([doc], backend, config)
        assert first.count(Action.CREATE) == 2 and not first.failures
        plan, _ = sync_documents([doc], backend, config)
        assert {c.action for c in plan.changes} == {Action.UNCHANGED}
        issue = backend.find_linked([pm.id])[0]
        _, html = backend._repo.requester.requestJsonAndCheck(  # GitHub renders the body
            "POST", "/markdown", input={"text": issue.body, "mode": "gfm", "context": REPO})
        rendered = html.get("data", html) if isinstance(html, dict) else html
        assert "user-mention" not in str(rendered) and "issue-link" not in str(rendered)
    finally:
        empty = doc.model_copy(update={"action_items": ()})
        sync_documents([empty], backend, config, options=SyncOptions(prune=True))
        assert all(i.is_closed for i in backend.find_linked([pm.id]))
        backend.shutdown()
