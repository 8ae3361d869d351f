"""actiontrack's GitHub labels. By default every label is left to GitHub, which creates it grey
with the first issue that carries it: a first sync writes nothing beyond its creates and the
lock. With `style_labels`, its own few are created once with a colour and a description (kind
labels by kind), a postmortem's label is still left to GitHub (no request per postmortem),
labels people changed are never restyled, and a re-sync pays nothing (the labels of listed
issues are known to exist). Counted at the fake, driven by PyGithub over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.config import Config
from actiontrack.parsing import parse_file
from actiontrack.sla import with_sla_due
from actiontrack.sync import sync_documents
from actiontrack.testing.contract import make_document
from tests.fakes.github import FakeGitHub, backend_for

CONFIG = Config(backends={"github": {"seconds_between_writes": 0, "style_labels": True}})
PLAIN = Config(backends={"github": {"seconds_between_writes": 0}})


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def sync(fake: FakeGitHub, path: Path, config: Config = CONFIG) -> None:
    doc = with_sla_due(parse_file(path, config.parser), config.sla)
    _, result = sync_documents([doc], backend_for(fake, config), config)
    assert not result.failures


def test_by_default_github_makes_every_label_and_no_label_request_is_sent(
        fake: FakeGitHub, example: Path) -> None:
    sync(fake, example, PLAIN)
    labels = fake.labels()
    assert set(labels) == {"actiontrack", "pm:2023-02-05-shopping-cart-outage",
                           "kind:corrective", "kind:preventive"}
    assert {(lbl["color"], lbl["description"]) for lbl in labels.values()} == {("ededed", None)}
    assert fake.count(path="/labels") == 0
    assert all(r.method in ("GET", "DELETE") or r.path.endswith(("/issues", "/git/tags",
                                                                 "/git/refs"))
               for r in fake.requests)
    made_by_github = fake.labels()["kind:corrective"]
    fake.clear_log()
    sync(fake, example, PLAIN)
    assert fake.count() == 1 and fake.labels()["kind:corrective"] == made_by_github


def test_the_first_sync_creates_its_own_labels_styled_and_a_resync_pays_nothing(
        fake: FakeGitHub, example: Path) -> None:
    sync(fake, example)
    labels = fake.labels()
    pm = "pm:2023-02-05-shopping-cart-outage"
    assert set(labels) == {"actiontrack", pm, "kind:corrective", "kind:preventive"}
    assert {n: (lbl["color"], lbl["description"]) for n, lbl in labels.items()} == {
        "actiontrack": ("5319e7", "Tracked by actiontrack: an action item from a postmortem"),
        pm: ("ededed", None),  # made by GitHub with the first issue: no request of ours
        "kind:corrective": ("d93f0b", "Corrective action from a postmortem: fixes what broke"),
        "kind:preventive": ("0e8a16", "Preventive measure from a postmortem: stops a repeat"),
    }
    # once: each of actiontrack's labels created, before the issues (no look-up first)
    assert fake.count("GET", r"/labels/") == 0 and fake.count("POST", r"/labels$") == 3
    assert fake.count("GET", r"/labels$") == 0  # the repository's labels are never listed
    first_issue = next(n for n, r in enumerate(fake.requests) if r.path.endswith("/issues")
                       and r.method == "POST")
    # (before the first create come the lock across runs and the listing again, too)
    assert all("/labels" in r.path for r in fake.requests[1:first_issue]
               if "/git/" not in r.path and not r.path.endswith(("/issues", "/commits")))
    fake.clear_log()
    sync(fake, example)
    assert fake.count(path="/labels") == 0 and fake.count() == 1  # the issue listing only


def test_postmortems_cost_no_label_request_of_their_own(fake: FakeGitHub, example: Path,
                                                        tmp_path: Path) -> None:
    for k in range(40):  # a repository with many postmortems' labels already
        fake.add_label(f"pm:2022-old-{k}", "ededed")
    sync(fake, example)
    other = tmp_path / "2023-04-01-db.md"
    other.write_text("# DB outage on April 1, 2023\n\n## Action items\n\n- Fix the pool\n",
                     encoding="utf-8")
    fake.clear_log()
    sync(fake, other)
    # Its issues are new, but a sync that creates reads every tracked issue first: the two
    # labels its issue carries besides its own are on the first postmortem's issues, so they
    # cost no request at all; nothing is created.
    assert fake.count("GET", r"/labels/") == 0 and fake.count("POST", r"/labels$") == 0
    assert fake.count("GET", r"/labels$") == 0
    assert fake.labels()["pm:2023-04-01-db"]["color"] == "ededed"  # made with the issue


def test_labels_people_restyled_are_kept(fake: FakeGitHub, example: Path) -> None:
    fake.add_label("kind:corrective", "000000", "Our own words")
    fake.add_label("Actiontrack", "ffffff")  # names are case-insensitive on GitHub
    sync(fake, example)
    labels = fake.labels()
    assert labels["kind:corrective"]["color"] == "000000"
    assert labels["kind:corrective"]["description"] == "Our own words"
    assert labels["Actiontrack"]["color"] == "ffffff"
    # each tried once; the two the repository has answer 422 and stay as people made them
    assert fake.count("POST", r"/labels$") == 3 and fake.count(path="/labels") == 3
    assert len(labels) == 4 and labels["kind:preventive"]["color"] == "0e8a16"


def test_a_kind_of_its_own_gets_a_label_that_says_so(fake: FakeGitHub) -> None:
    doc = make_document("pm-kinds", ["Write the runbook"])
    doc = doc.model_copy(update={"action_items": [
        doc.action_items[0].model_copy(update={"kind": "mitigation"})]})
    sync_documents([doc], backend_for(fake, CONFIG), CONFIG)
    label = fake.labels()["kind:mitigation"]
    assert (label["color"], label["description"]) == (
        "fbca04", "Action item from a postmortem, of kind mitigation")


def test_a_label_github_refuses_is_a_warning_and_the_issue_is_still_made(
        fake: FakeGitHub, example: Path) -> None:
    fake.fail(422, method="POST", path=r"/labels$", times=10)
    backend = backend_for(fake, CONFIG)
    doc = with_sla_due(parse_file(example, CONFIG.parser), CONFIG.sla)
    _, result = sync_documents([doc], backend, CONFIG)
    assert not result.failures and len(fake.issues()) == 4
    assert any("the label 'actiontrack' was not created" in w for w in backend.warnings)
