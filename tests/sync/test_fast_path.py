"""A re-sync decides an item the merge would leave alone from the digests of an earlier run
(`plan._unchanged`), without the merge: the plan it makes is the plan the merge makes, whatever
people did to the issues (markers removed, mangled, moved, behind, of format 1; fields, labels
and states edited) and whatever changed in the postmortem; only untouched items take it."""

from __future__ import annotations

from pathlib import Path

import pytest

from actiontrack.backends.local import LocalBackend
from actiontrack.config import Config
from actiontrack.documents.cache import DigestCache
from actiontrack.issue_format import MARKER_PREFIX
from actiontrack.model import Action, IssueFields, ParsedDocument, Plan
from actiontrack.sync import SyncOptions, plan_sync, sync_documents
from actiontrack.sync.plan import Gone, _unchanged, match_items
from actiontrack.sync.run import memo_for
from actiontrack.testing import make_document
from tests.backends.local.rows import edit

PM = "pm-fast"
TITLES = [f"Fix the thing number {n}" for n in range(16)]


def plans(docs: list[ParsedDocument], tracker: LocalBackend, config: Config,
          cache: DigestCache, options: SyncOptions) -> tuple[Plan, Plan]:
    """The plan with the memo (which takes the fast path) and without it (the merge only).
    `pm-gone` is a postmortem gone from the scope whose file the loaded one is: a rename."""
    tracked = tracker.find_tracked()
    gone = Gone(sources={"pm-gone": docs[0].postmortem.source})
    memo = memo_for(tracker, config, cache)
    assert memo is not None
    return (plan_sync(docs, tracked, config, tracker, options, gone=gone, memo=memo),
            plan_sync(docs, tracked, config, tracker, options, gone=gone))


def fast_keys(doc: ParsedDocument, tracker: LocalBackend, config: Config,
              cache: DigestCache) -> set[str]:
    """The issues whose item the fast path decides."""
    memo = memo_for(tracker, config, cache)
    assert memo is not None
    memo.prefetch(memo.document_keys(doc, [() for _ in doc.action_items]))
    matched, _ = match_items(doc.action_items, tracker.find_linked([PM]), tracker)
    items = {item.id: item for item in doc.action_items}
    return {issue.key for item_id, issue in matched.items()
            if _unchanged(items[item_id], issue, doc.postmortem, tracker, memo) is not None}


@pytest.mark.parametrize("options", [SyncOptions(), SyncOptions(prune=True, reopen=True),
                                     SyncOptions(force_state=True)])
def test_the_fast_path_plans_what_the_merge_plans(tmp_path: Path, cache: DigestCache,
                                                  options: SyncOptions) -> None:
    db = tmp_path / "t.db"
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(db)})
    doc = make_document(PM, TITLES, owners=["@ana", None] * 8, done={3},
                        kinds=["corrective", "preventive"] * 8)
    memo = memo_for(tracker, config, cache)
    sync_documents([doc], tracker, config, memo=memo)
    assert memo is not None
    cache.put_many(memo.new_entries())
    tracker.shutdown()
    assert fast_keys(doc, tracker, config, cache) == {str(n) for n in range(1, 17)}

    marker = f"<!-- {MARKER_PREFIX} "
    # the marker removed (the block still names the item), mangled, moved above the block
    edit(db, 1, f"UPDATE issues SET body = substr(body, 1, instr(body, '{marker}') - 1) "
         "WHERE number = ?")
    edit(db, 2, "UPDATE issues SET body = replace(body, '\"item\"', '\"itme\"') "
         "WHERE number = ?")
    edit(db, 5, f"UPDATE issues SET body = substr(body, instr(body, '{marker}')) || "
         f"'\n' || substr(body, 1, instr(body, '{marker}') - 1) WHERE number = ?")
    # a marker behind the tracker or the postmortem: a digest, the state, of format 1, empty
    edit(db, 6, "UPDATE issues SET body = replace(body, '\"title\":\"', '\"title\":\"0') "
         "WHERE number = ?")
    edit(db, 7, "UPDATE issues SET body = replace(body, '\"state\":\"open\"', "
         "'\"state\":\"closed\"') WHERE number = ?")
    edit(db, 8, "UPDATE issues SET body = replace(body, '\"v\":2,', '') WHERE number = ?")
    edit(db, 9, "UPDATE issues SET body = replace(replace(body, '\"synced\":{', "
         "'\"old\":{'), '\"held\":{', '\"older\":{') WHERE number = ?")
    # people's edits: text above the block, the title, a label, closed and reopened here
    edit(db, 10, "UPDATE issues SET body = 'Notes of ours.\n\n' || body WHERE number = ?")
    edit(db, 11, "UPDATE issues SET title = 'Retitled by people' WHERE number = ?")
    edit(db, 12, "DELETE FROM labels WHERE issue = ? AND name LIKE 'kind:%'")
    edit(db, 13, "UPDATE issues SET state = 'closed', state_reason = 'completed', "
         "closed_at = '2023-03-01T10:00:00Z' WHERE number = ?")
    edit(db, 4, "UPDATE issues SET state = 'open', state_reason = 'reopened', closed_at = NULL "
         "WHERE number = ?")
    # the marker names another postmortem (a rename a stopped run left half done)
    edit(db, 14, "UPDATE issues SET body = replace(body, '\"pm\":\"pm-fast\"', "
         "'\"pm\":\"pm-gone\"') WHERE number = ?")
    # a marker moved above the block still reads whole: the merge leaves it where it is too
    untouched = {"3", "5", "10", "11", "12", "15", "16"}
    assert fast_keys(doc, tracker, config, cache) == untouched

    with_fast, merge_only = plans([doc], tracker, config, cache, options)
    assert with_fast == merge_only
    assert {c.action for c in merge_only.changes} >= {Action.UNCHANGED, Action.UPDATE}
    if not options.force_state:  # the close made in the tracker is kept, and reported
        assert any(c.kept for c in merge_only.changes if c.action == Action.UNCHANGED)
    assert merge_only.notes == (f"postmortem id pm-gone -> {PM} ({doc.postmortem.source})",)

    # and the postmortem changes too: reworded, done, reopened, an owner, an item removed
    titles = [*TITLES[:15]]
    titles[10] = TITLES[10] + " and its twin"
    changed = make_document(PM, titles, owners=["@ana", "@lee"] * 7 + ["@ana"], done={12},
                            kinds=["corrective", "preventive"] * 7 + ["corrective"])
    with_fast, merge_only = plans([changed], tracker, config, cache, options)
    assert with_fast == merge_only
    assert {Action.UNCHANGED, Action.UPDATE} <= {c.action for c in merge_only.changes}


def test_a_tracker_edit_alone_stays_unchanged_by_the_fast_path(tmp_path: Path,
                                                                cache: DigestCache) -> None:
    """A field people edited while the postmortem did not change it is theirs: the fast path
    writes nothing, as the merge writes nothing."""
    config = Config()
    tracker = LocalBackend(config, {"ACTIONTRACK_DB": str(tmp_path / "t.db")})
    doc = make_document(PM, TITLES[:3], owners=["@ana", None, None])
    memo = memo_for(tracker, config, cache)
    sync_documents([doc], tracker, config, memo=memo)
    assert memo is not None
    cache.put_many(memo.new_entries())
    issue = tracker.find_linked([PM])[0]
    tracker.update(issue, IssueFields(assignee="someone-else", title="Their own title"))
    assert fast_keys(doc, tracker, config, cache) == {"1", "2", "3"}
    plan, _ = sync_documents([doc], tracker, config, memo=memo_for(tracker, config, cache))
    assert [c.action for c in plan.changes] == [Action.UNCHANGED] * 3
    kept = tracker.get(issue.key)
    assert (kept.assignee, kept.title) == ("someone-else", "Their own title")
