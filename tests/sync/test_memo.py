"""The digests a sync keeps between runs (`sync.memo`): a plan made from them is the plan made
without them, whatever changed since (the postmortem, the tracker, the config), and an item
whose inputs did not change is not rendered."""

from __future__ import annotations

from pathlib import Path

import pytest

import actiontrack.sync.plan as plan_module
from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.documents.cache import DigestCache
from actiontrack.model import Action, IssueFields, ParsedDocument, Plan
from actiontrack.sync import SyncOptions, plan_sync, sync_documents
from actiontrack.sync.memo import DigestMemo
from actiontrack.sync.run import memo_for
from actiontrack.testing import make_document

TITLES = ["Patch the cart module", "Add memory alerts", "Train the on-call engineers"]


def planned(docs: list[ParsedDocument], tracker: LocalBackend, config: Config,
            cache: DigestCache) -> tuple[Plan, Plan]:
    """The plan with the memo (whose new digests are then kept) and without it."""
    tracked = tracker.find_linked([d.postmortem.id for d in docs])
    memo = memo_for(tracker, config, cache)
    assert memo is not None
    with_memo = plan_sync(docs, tracked, config, tracker, SyncOptions(), memo=memo)
    cache.put_many(memo.new_entries())
    return with_memo, plan_sync(docs, tracked, config, tracker, SyncOptions())


def sync(docs: list[ParsedDocument], tracker: LocalBackend, config: Config,
         cache: DigestCache) -> Plan:
    memo = memo_for(tracker, config, cache)
    plan, _ = sync_documents(docs, tracker, config, memo=memo)
    assert memo is not None
    cache.put_many(memo.new_entries())
    return plan


def test_a_plan_from_the_memo_is_the_plan_without_it(tmp_path: Path,
                                                      cache: DigestCache) -> None:
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-memo", TITLES, owners=["@dana", None, "@erin"])
    sync([doc], tracker, config, cache)
    with_memo, without = planned([doc], tracker, config, cache)  # unchanged
    assert with_memo == without
    assert [c.action for c in with_memo.changes] == [Action.UNCHANGED] * 3
    # the postmortem changes: a kind, an owner, a done item
    changed = make_document("pm-memo", TITLES, owners=["@dana", "@lee", "@erin"],
                            kinds=["corrective", "preventive", "corrective"], done={2})
    with_memo, without = planned([changed], tracker, config, cache)
    assert with_memo == without
    assert [c.action for c in with_memo.changes] == [Action.UNCHANGED, Action.UPDATE,
                                                     Action.CLOSE]
    # people edit the tracker: the merge keeps their edit, with the memo as without it
    issue = next(i for i in tracker.find_linked(["pm-memo"]) if i.title == TITLES[0])
    tracker.update(issue, IssueFields(assignee="someone-else"))
    with_memo, without = planned([doc], tracker, config, cache)
    assert with_memo == without
    # the config changes (the owners map): the memo's digests of the old one do not apply
    mapped = Config(owners={"@dana": "dana.w"})
    tracker = LocalBackend(mapped, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    with_memo, without = planned([doc], tracker, mapped, cache)
    assert with_memo == without


def test_an_unchanged_item_is_not_rendered(tmp_path: Path, cache: DigestCache,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document("pm-quiet", TITLES)
    sync([doc], tracker, config, cache)
    rendered: list[str] = []
    real = plan_module.render_block_inner

    def counting(*args: object, **kwargs: object) -> str:
        rendered.append("block")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_module, "render_block_inner", counting)
    plan = sync([doc], tracker, config, cache)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 3
    assert rendered == []
    reworded = make_document("pm-quiet", [TITLES[0], TITLES[1] + " on disk", TITLES[2]])
    plan = sync([reworded], tracker, config, cache)
    assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.UPDATE,
                                                Action.UNCHANGED]
    assert rendered  # the reworded item, and only what the merge needed of it


def test_no_memo_for_a_tracker_that_does_not_say_what_it_answers_from(
        tmp_path: Path, cache: DigestCache) -> None:
    class Plugin(LocalBackend):
        def digest_context(self) -> str | None:
            return None

    config = Config()
    tracker = Plugin(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    assert memo_for(tracker, config, cache) is None
    assert memo_for(LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")}), config,
                    None) is None


def test_an_items_key_stands_for_its_whole_postmortem() -> None:
    """Keys from one serialisation of each document (`DigestMemo.document_keys`): the same
    for the same inputs in every run, `key`'s for the same item and links, and different when
    anything they stand for differs: any item of the postmortem, the links shown, the
    context (config, tracker, code)."""
    doc = make_document("pm-keys", TITLES, owners=["@dana", None, None])
    none: list[tuple[str, ...]] = [(), (), ()]
    keys = DigestMemo("context").document_keys(doc, none)
    assert keys == DigestMemo("context").document_keys(doc, none)
    assert len(set(keys)) == 3
    memo = DigestMemo("context")
    memo.document_keys(doc, none)
    assert [memo.key(item, doc.postmortem, ()) for item in doc.action_items] == keys
    other_item = make_document("pm-keys", TITLES, owners=["@dana", None, "@erin"])
    assert set(DigestMemo("context").document_keys(other_item, none)).isdisjoint(keys)
    linked = DigestMemo("context").document_keys(doc, [(), ("#7",), ()])
    assert linked[1] != keys[1] and (linked[0], linked[2]) == (keys[0], keys[2])
    assert set(DigestMemo("other config").document_keys(doc, none)).isdisjoint(keys)
    # a key asked for other links than the document's is the item's own, not theirs
    assert memo.key(doc.action_items[1], doc.postmortem, ("#7",)) not in (*keys, *linked)
