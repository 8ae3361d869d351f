"""Finding our own issues without trusting a lagging index, and the link kept out of sight.

The fake's search index lags writes by `search_index_delay_ms` on Cloud and Data Center
alike; reads by key never lag. Each test below fails with a backend that lists by JQL alone:
the issues created seconds ago are invisible to it, so it creates them again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from actiontrack.backends.jira import JiraBackend
from actiontrack.config import Config
from actiontrack.issue_format import render_marker
from actiontrack.model import Action, IssueFields, Link
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import draft_for, make_document
from tests.fakes.jira import FakeJira, Fault

LAG_MS = 60_000  # far longer than any test: the index never catches up


@pytest.fixture(params=["cloud", "dc"])
def lagging(request: pytest.FixtureRequest) -> Iterator[FakeJira]:
    with FakeJira(request.param, search_index_delay_ms=LAG_MS) as server:
        yield server


def run(fake: FakeJira, titles: list[str], **kwargs: Any) -> tuple[Any, Any]:
    """One sync by a fresh process (a fresh backend), as a CI job runs it."""
    config = Config()
    backend = JiraBackend(config, fake.env(), sleep=lambda s: None)
    try:
        return sync_documents([make_document("pm-lag", titles)], backend, config,
                              sleep=lambda s: None, **kwargs)
    finally:
        backend.shutdown()


def per_item(fake: FakeJira) -> Counter[str]:
    links = [fake.link_of(s) for s in fake.issues()]
    return Counter(link["item_id"] for link in links if link)


TITLES = [f"Task {n}" for n in range(7)]


def test_a_second_run_while_the_index_lags_finds_every_issue(lagging: FakeJira) -> None:
    run(lagging, TITLES)
    assert len(lagging.issues()) == 7
    lagging.reset_log()
    plan, result = run(lagging, TITLES)  # a CI re-run right after the first
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 7
    assert set(per_item(lagging).values()) == {1} and len(lagging.issues()) == 7
    # The label search saw none of them; the reads by key saw all.
    searches = [r for r in lagging.requests if r.route in ("/search", "/search/jql")]
    assert all(r.body["issues"] == [] for r in searches)
    by_key = [r for r in lagging.requests if r.route in ("/issue/bulkfetch",
                                                            "/issue/{issueIdOrKey}")]
    assert sum(len(r.body["issues"]) if r.route == "/issue/bulkfetch" else r.status == 200
               for r in by_key) == 7


@pytest.mark.parametrize("items", [7, 60])
def test_a_lost_bulk_answer_while_the_index_lags_creates_nothing_twice(lagging: FakeJira,
                                                                      items: int) -> None:
    lagging.faults.append(Fault("POST", "/issue/bulk", status=None, drop=True,
                                skip=1 if items > 50 else 0))
    _, result = run(lagging, [f"Task {n}" for n in range(items)])
    assert not result.failures
    assert lagging.faults[0].times == 0  # the answer was lost after the issues were stored
    counts = per_item(lagging)
    assert len(counts) == items and set(counts.values()) == {1}
    assert lagging.count("POST", "/issue") == 0  # every lost item was found, none made again


def test_a_lookup_sees_what_another_run_created_after_the_listing(lagging: FakeJira) -> None:
    config = Config()
    ours = JiraBackend(config, lagging.env(), sleep=lambda s: None)
    other = JiraBackend(config, lagging.env(), sleep=lambda s: None)
    assert ours.find_linked(["pm-x"]) == []  # listed before anything exists
    created = other.create(draft_for("pm-x", "Made beside us"))
    found = ours.find_by_item("pm-x", created.link.item_id if created.link else "")
    assert found is not None and found.key == created.key
    assert ours.find_by_item("pm-x", "no-such-item") is None


def test_keys_missing_between_issues_do_not_end_the_tail(lagging: FakeJira) -> None:
    config = Config()
    maker = JiraBackend(config, lagging.env(), sleep=lambda s: None)
    made = [maker.create(draft_for("pm-gap", f"Item {n}")) for n in range(5)]
    with lagging.world.lock:  # two issues deleted in between: their keys stay unused
        for issue in made[1:3]:
            del lagging.world.issues[lagging.world.find(issue.key)["id"]]
    fresh = JiraBackend(config, lagging.env(), sleep=lambda s: None)
    assert sorted(i.key for i in fresh.find_linked(["pm-gap"])) == \
        sorted(i.key for i in made[:1] + made[3:])


def test_an_index_that_caught_up_costs_only_the_window_and_a_few_keys() -> None:
    for flavour in ("cloud", "dc"):
        with FakeJira(flavour) as fake:
            run(fake, TITLES)
            fake.reset_log()
            run(fake, TITLES)
            by_key = [r for r in fake.requests if r.route in ("/issue/bulkfetch",
                                                               "/issue/{issueIdOrKey}")]
            # Every key is in the index: only the keys past the newest are read (and missing).
            assert len(by_key) == (1 if fake.cloud else 3)
            assert all(r.status == 404 or r.body["issues"] == [] for r in by_key)


# -- the link, out of sight ---------------------------------------------------------------------

@pytest.mark.parametrize("version", [2, 3])
def test_no_description_carries_a_marker_and_a_resync_finds_every_issue(version: int) -> None:
    for flavour in ("cloud", "dc"):
        if version == 3 and flavour == "dc":
            continue
        with FakeJira(flavour) as fake:
            config = Config(backends={"jira": {"rest_api_version": version}})
            doc = make_document("pm-quiet", TITLES)
            sync_documents([doc], JiraBackend(config, fake.env()), config)
            for stored in fake.issues():
                text = str(stored["fields"]["description"])
                # the managed block's delimiters are paragraphs of their own in ADF (anchors
                # in wiki markup); no other comment, and never the marker
                outside = re.sub(r"<!-- actiontrack:(?:begin\b[^>]*|end )-->", "", text)
                assert "actiontrack:v1" not in text and "<!--" not in outside
                assert fake.link_of(stored)["postmortem_id"] == "pm-quiet"
            plan, _ = sync_documents([doc], JiraBackend(config, fake.env()), config)
            assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 7


OLD_WIKI = "Rotate the keys.\n\nPeople wrote this.\n\n{{noformat}}{marker}{{noformat}}"


@pytest.mark.parametrize("flavour, version", [("cloud", 2), ("cloud", 3), ("dc", 2)])
def test_an_old_visible_marker_moves_to_the_property_on_the_next_write(flavour: str,
                                                                     version: int) -> None:
    with FakeJira(flavour) as fake:
        config = Config(backends={"jira": {"rest_api_version": version}})
        backend = JiraBackend(config, fake.env())
        issue = backend.create(draft_for("pm-old", "Rotate the keys"))
        assert issue.link is not None
        stored = fake.world.find(issue.key)
        marker = render_marker(issue.link)
        # As an earlier version left it: no property, the marker visible in the description.
        stored["properties"].clear()
        stored["fields"]["description"] = OLD_WIKI.format(marker=marker) if version == 2 else {
            "type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "People wrote this."}]},
                {"type": "paragraph", "content": [{"type": "text", "text": marker}]}]}
        fresh = JiraBackend(config, fake.env())
        (found,) = fresh.find_linked(["pm-old"])
        assert found.link == issue.link and "actiontrack:v1" not in found.body
        new_link = Link(postmortem_id="pm-old", item_id=issue.link.item_id,
                        synced={"title": "changed"})
        fresh.update(found, IssueFields(title="Rotate the keys now", link=new_link))
        text = str(stored["fields"]["description"])
        assert "actiontrack:v1" not in text and "People wrote this." in text
        assert fake.link_of(stored)["synced"] == {"title": "changed"}
        (again,) = JiraBackend(config, fake.env()).find_linked(["pm-old"])
        assert again.link == new_link and again.title == "Rotate the keys now"
