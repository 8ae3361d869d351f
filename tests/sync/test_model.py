"""A model-based test of the sync's promise: one issue per item, never two, and what people
change in the tracker stays.

A hypothesis state machine plays three parts at random against one tracker (the local one,
the fake GitHub, the fake Jira), through the real engine and the real backends:
- the author edits postmortem files: adds, removes, rewords, reorders, ticks and unticks
  items, changes owners, adds prose above the items, renames or deletes a file, gives one a
  front-matter id;
- the team edits the tracker by hand: titles, notes in the description, the managed block
  itself, assignees, due dates, labels (its own, or removing a managed one), closes,
  reopens, deletes the managed block or the marker, rewrites the description;
- syncs run on the folder, some with `--prune`, some stopped after k writes (Ctrl-C), some
  losing the answer to a create.

After every sync it checks:
1. at most one issue per item: an item keeps the issue it got, no two items share one, and
   every issue is some item's or is reported orphaned;
2. every tracker edit made since the last sync is still there (the tracker wins when both
   changed; only `--prune` closes an orphan people reopened);
3. every postmortem change reached the tracker where the tracker had not been edited;
4. every open issue without an item is reported orphaned (closed with `--prune`);
5. a sync right after a completed sync writes nothing.

What the model allows the team is what a tracker lets actiontrack find again: on GitHub and
Jira issues are found by label listings, so the team never removes the `actiontrack` label
(removing `pm:` is fine); an issue whose marker and managed block are both gone is found by
its `pm:` label and title, so the team does not also retitle it or remove that label; the
block names the item as it was (and, in Jira's wiki markup, nothing), so an issue people
retitled keeps its marker; and a postmortem renamed, or given a front-matter id, while its
issues lose their markers is not followed; an issue left with nothing naming its
postmortem's file (no marker; in Jira no block that names it) cannot be reported once that
file is deleted. When a marker is lost, what actiontrack wrote last is unknown: the next
sync keeps every field in which tracker and postmortem differ, and the model counts those as
the team's from then on.

A stop after k writes counts each request (each SQLite write) the backend makes, so it can
land between any two writes of one change where a backend makes two: on Jira between the
fields of a close and its transition; on the local tracker between a state change and its
marker, which one transaction keeps or undoes together (before it did, this is where
the soak found a close the marker did not know of). GitHub's state and marker are one PATCH.

A team edit that sets a field to the value it already has is no edit the tracker can tell
(`_owns`): it is not counted as the team's, so a postmortem change made in the same window is
expected to be written over it.

`make test` runs a bounded number of steps; `make soak-sync` runs many
(`ACTIONTRACK_SOAK_STEPS` per backend) and prints the figure.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from actiontrack.documents.load import load_documents
from actiontrack.errors import Interrupted as CreatesInterrupted
from actiontrack.issue_format import postmortem_label
from actiontrack.model import Action
from actiontrack.sync import SyncOptions, sync_documents
from tests.sync.model_trackers import TRACKERS, FaultPlan, Interrupted, Seen, Tracker

VERBS = ("Harden", "Rotate", "Document", "Automate", "Audit", "Patch", "Replace", "Monitor",
         "Split", "Cache", "Throttle", "Shard", "Index", "Vendor", "Encrypt", "Mirror")
NOUNS = ("zorblat", "quenfix", "marvello", "tupkin", "glimmerd", "brastow", "pelvane",
         "yorrick", "snodgel", "cavendro", "fribble", "whistane", "dunmarch", "ostreli",
         "krellop", "vantosh", "plimbur", "iskander", "morrowen", "taskell")
PARTS = ("queue", "proxy", "ledger", "gateway", "cron", "mailer", "vault", "scheduler")
SUFFIXES = ("", " carefully", " fully", " gradually")
COMBINATIONS = [f"{v} {n} {p}" for v in VERBS for n in NOUNS for p in PARTS]
OWNERS = (None, "alice", "bob")
# Titles of different items are never this alike (the engine pairs a reworded item with its
# issue from 0.6 up; a rewording stays above 0.75).
DISTINCT = 0.55

STEPS = {"examples": 0, "steps": 0, "syncs": 0}


@dataclass
class Item:
    uid: int
    base: str
    suffix: str = ""
    done: bool = False
    owner: str | None = None
    key: str | None = None
    removed: bool = False
    file_gone: bool = False  # removed with its whole file

    @property
    def title(self) -> str:
        return self.base + self.suffix


@dataclass
class Doc:
    name: str
    items: list[Item]
    front_id: str | None = None
    prose: int = 0
    deleted: bool = False

    def render(self) -> str:
        front = f"id: {self.front_id}\n" if self.front_id else ""
        lines = [f"---\nincident_date: 2024-03-01\n{front}---", f"# Outage {self.name}", ""]
        lines += [f"Note {n} about the outage." for n in range(self.prose)]
        lines += ["", "## Action items", ""]
        for item in self.items:
            owner = f" (owner: @{item.owner})" if item.owner else ""
            lines.append(f"- [{'x' if item.done else ' '}] {item.title}{owner}")
        return "\n".join(lines) + "\n"


@dataclass
class Owned:
    """What the team did to one issue since the fields became theirs."""

    fields: dict[str, Any] = field(default_factory=dict)  # title/state/assignee/due -> value
    notes: list[str] = field(default_factory=list)  # text added around the block
    block_edit: str | None = None  # text added inside the block
    block_gone: bool = False
    body_frozen: bool = False  # the block is no longer actiontrack's to rewrite
    marker_lost: bool = False  # the marker is gone, or the whole description
    labels_added: set[str] = field(default_factory=set)
    labels_removed: set[str] = field(default_factory=set)
    touched: bool = False  # anything since the last completed sync


class SyncMachine(RuleBasedStateMachine):
    tracker_name = "local"

    def __init__(self) -> None:
        super().__init__()
        self.cwd = Path.cwd()
        self.root = Path(tempfile.mkdtemp(prefix="at-model-"))
        (self.root / ".git").mkdir()
        (self.root / "postmortems").mkdir()
        os.chdir(self.root)
        self.tracker: Tracker = TRACKERS[self.tracker_name](self.root)
        self.docs: list[Doc] = []
        self.items: list[Item] = []
        self.titles: list[str] = []
        self.owned: dict[str, Owned] = {}
        self.next_uid = 0
        self.next_doc = 0
        self.dirty: set[str] = set()  # docs changed since the last completed sync
        self.renamed: set[str] = set()  # issues whose postmortem was renamed since then
        self.note = 0
        STEPS["examples"] += 1

    def teardown(self) -> None:
        self.tracker.close()
        os.chdir(self.cwd)
        shutil.rmtree(self.root, ignore_errors=True)

    # -- helpers ---------------------------------------------------------------------------
    def _new_title(self, data: st.DataObject) -> str | None:
        """A title unlike every title so far (a different item, never a rewording); None
        once they run out."""
        start = data.draw(st.integers(0, len(COMBINATIONS) - 1))
        for n in range(len(COMBINATIONS)):
            title = COMBINATIONS[(start + n * 7919) % len(COMBINATIONS)]
            if all(difflib.SequenceMatcher(None, title.casefold(), t.casefold()).ratio()
                   < DISTINCT for t in self.titles):
                self.titles.append(title)
                return title
        return None

    def _item(self, data: st.DataObject) -> Item | None:
        title = self._new_title(data)
        if title is None:
            return None
        self.next_uid += 1
        item = Item(self.next_uid, title, owner=data.draw(st.sampled_from(OWNERS)))
        self.items.append(item)
        return item

    def _write(self, doc: Doc) -> None:
        (self.root / "postmortems" / doc.name).write_text(doc.render(), encoding="utf-8")
        self.dirty.add(doc.name)

    def _live_docs(self) -> list[Doc]:
        return [d for d in self.docs if not d.deleted]

    def _keys(self) -> list[str]:
        return sorted({i.key for i in self.items if i.key} & set(self.tracker.issues()))

    def _owned(self, key: str) -> Owned:
        owned = self.owned.setdefault(key, Owned())
        owned.touched = True
        return owned

    # -- the author ------------------------------------------------------------------------
    @initialize(data=st.data())
    def first_postmortem(self, data: st.DataObject) -> None:
        self.add_postmortem(data)

    @precondition(lambda self: len(self._live_docs()) < 3)
    @rule(data=st.data())
    def add_postmortem(self, data: st.DataObject) -> None:
        items = [i for _ in range(data.draw(st.integers(1, 3))) if (i := self._item(data))]
        if not items:
            return
        self.next_doc += 1
        doc = Doc(f"2024-03-0{self.next_doc % 9 + 1}-outage-{self.next_doc}.md", items)
        self.docs.append(doc)
        self._write(doc)

    @precondition(lambda self: self._live_docs())
    @rule(data=st.data())
    def add_item(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from(self._live_docs()))
        if len(doc.items) < 5 and (item := self._item(data)) is not None:
            doc.items.insert(data.draw(st.integers(0, len(doc.items))), item)
            self._write(doc)

    @precondition(lambda self: any(d.items for d in self._live_docs()))
    @rule(data=st.data())
    def remove_item(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from([d for d in self._live_docs() if d.items]))
        item = doc.items.pop(data.draw(st.integers(0, len(doc.items) - 1)))
        item.removed = True
        self._write(doc)

    @precondition(lambda self: any(d.items for d in self._live_docs()))
    @rule(data=st.data(), change=st.sampled_from(["reword", "tick", "owner", "reorder",
                                                  "prose"]))
    def edit_postmortem(self, data: st.DataObject, change: str) -> None:
        doc = data.draw(st.sampled_from([d for d in self._live_docs() if d.items]))
        item = data.draw(st.sampled_from(doc.items))
        if change == "reword":
            item.suffix = data.draw(st.sampled_from([s for s in SUFFIXES if s != item.suffix]))
        elif change == "tick":
            item.done = not item.done
        elif change == "owner":
            item.owner = data.draw(st.sampled_from([o for o in OWNERS if o != item.owner]))
        elif change == "reorder":
            doc.items = data.draw(st.permutations(doc.items))
        else:
            doc.prose += 1
        self._write(doc)

    @precondition(lambda self: any(d.name not in self.dirty and d.items
                                   and self._renamable(d) for d in self._live_docs()))
    @rule(data=st.data())
    def rename_postmortem(self, data: st.DataObject) -> None:
        """`git mv`: only for a postmortem unchanged since the last sync (a rename is found
        by its items) whose issues all still carry their identity."""
        doc = data.draw(st.sampled_from([d for d in self._live_docs() if d.name not in
                                         self.dirty and d.items and self._renamable(d)]))
        old = self.root / "postmortems" / doc.name
        doc.name = doc.name.replace(".md", "-renamed.md")
        old.rename(self.root / "postmortems" / doc.name)
        self.dirty.add(doc.name)
        self.renamed |= {i.key for i in doc.items if i.key}

    def _can_get_an_id(self, doc: Doc) -> bool:
        return doc.front_id is None and not any(
            self.owned.get(i.key, Owned()).marker_lost for i in doc.items if i.key)

    def _renamable(self, doc: Doc) -> bool:
        return all(i.key is not None and not self.owned.get(i.key, Owned()).marker_lost
                   for i in doc.items)

    @precondition(lambda self: any(self._can_get_an_id(d) for d in self._live_docs()))
    @rule(data=st.data())
    def give_an_id(self, data: st.DataObject) -> None:
        """A new identity is a rename, followed by the markers: only for a postmortem whose
        issues all still carry theirs (one without is known by the old id's `pm:` label)."""
        doc = data.draw(st.sampled_from([d for d in self._live_docs()
                                         if self._can_get_an_id(d)]))
        self.next_doc += 1
        doc.front_id = f"pm-incident-{self.next_doc}"
        self._write(doc)
        self.renamed |= {i.key for i in doc.items if i.key}  # a new id: known by markers

    @precondition(lambda self: len(self._live_docs()) > 1)
    @rule(data=st.data())
    def delete_postmortem(self, data: st.DataObject) -> None:
        doc = data.draw(st.sampled_from(self._live_docs()))
        doc.deleted = True
        for item in doc.items:
            item.removed = item.file_gone = True
        (self.root / "postmortems" / doc.name).unlink()

    # -- the team ----------------------------------------------------------------------------
    @precondition(lambda self: self._keys())
    @rule(data=st.data(), what=st.sampled_from(
        ["title", "note", "block", "assignee", "due", "label", "unlabel", "close", "reopen",
         "drop_block", "drop_marker", "rewrite"]))
    def team_edits(self, data: st.DataObject, what: str) -> None:
        key = data.draw(st.sampled_from(self._keys()))
        seen = self.tracker.issues()[key]
        owned = self._owned(key)
        body = self.tracker.stored_body(key)
        has_block = self.tracker.begin_delimiter.search(body) is not None
        has_marker = self.tracker.marker.search(body) is not None
        named_by_block = has_block and self.tracker.block_names_item
        self.note += 1
        if what == "title" and has_marker:
            title = f"Team title {self.note}"
            self.tracker.edit(key, title=title)
            owned.fields["title"] = title
        elif what == "note":
            note = f"Team note {self.note}."
            self.tracker.edit(key, body=f"{note}\n\n{body}")
            owned.notes.append(note)
        elif what == "block" and has_block:
            edit = f"Team edit {self.note}."
            end = self.tracker.end_delimiter
            self.tracker.edit(key, body=body.replace(end, f"{edit}\n\n{end}", 1))
            owned.block_edit, owned.body_frozen = edit, True
        elif what == "assignee":
            who = data.draw(st.sampled_from(["alice", "bob"]))
            self.tracker.edit(key, assignee=who)
            self._owns(owned, seen, "assignee", who)
        elif what == "due" and (has_block or self.tracker.name != "github"):
            due = data.draw(st.dates())
            self.tracker.edit(key, due=due)
            self._owns(owned, seen, "due", due)
        elif what == "label":
            self.tracker.edit(key, labels=seen.labels | {"team:web"})
            owned.labels_added.add("team:web")
        elif what == "unlabel":
            self._unlabel(data, key, seen.labels, owned, has_block or has_marker)
        elif what in ("close", "reopen"):
            state = "closed" if what == "close" else "open"
            self.tracker.edit(key, state=state)
            self._owns(owned, seen, "state", state)
        elif what == "drop_block" and has_block and (has_marker or self._findable(owned, seen)):
            self.tracker.edit(key, body=_without_block(body, self.tracker))
            owned.block_gone = owned.body_frozen = True
            owned.block_edit = None
            self._due_went_with_the_block(owned)
        elif what == "drop_marker" and self.tracker.marker_in_body and has_marker and \
                key not in self.renamed and \
                "title" not in owned.fields and (named_by_block or self._findable(owned, seen)):
            self.tracker.edit(key, body=self.tracker.marker.sub("", body))
            owned.marker_lost = True
        elif what == "rewrite" and self._findable(owned, seen):
            self.tracker.edit(key, body=f"Rewritten by the team {self.note}.")
            owned.notes = [f"Rewritten by the team {self.note}."]
            owned.block_gone = owned.body_frozen = owned.marker_lost = True
            owned.block_edit = None
            self._due_went_with_the_block(owned)

    @staticmethod
    def _owns(owned: Owned, seen: Seen, name: str, value: Any) -> None:
        """The team set a field: theirs from now on, unless it already held that value (a
        close of a closed issue changes nothing the tracker can tell, so actiontrack rightly
        writes a postmortem change over it; an earlier edit of theirs to it stays theirs)."""
        if getattr(seen, name) != value:
            owned.fields[name] = value

    def _due_went_with_the_block(self, owned: Owned) -> None:
        if self.tracker.name == "github":  # GitHub's due date is the block's Due line
            owned.fields["due"] = None

    def _findable(self, owned: Owned, seen: Any) -> bool:
        """Found without marker and block: by the pm: label and the title it was given, in
        a postmortem that kept its file (a renamed one is known by its issues' markers)."""
        return "title" not in owned.fields and seen.key not in self.renamed and \
            any(lbl.startswith("pm:") for lbl in seen.labels)

    def _unlabel(self, data: st.DataObject, key: str, labels: frozenset[str], owned: Owned,
                 identity: bool) -> None:
        removable = [lbl for lbl in labels if lbl.startswith("kind:")
                     or (lbl.startswith("pm:") and identity)
                     or (lbl == "actiontrack" and not self.tracker.lists_by_label)]
        if removable:
            label = data.draw(st.sampled_from(sorted(removable)))
            self.tracker.edit(key, labels=labels - {label})
            owned.labels_removed.add(label)

    # -- syncs ---------------------------------------------------------------------------------
    @rule(prune=st.booleans())
    def sync(self, prune: bool) -> None:
        self._sync(FaultPlan(), prune)

    @precondition(lambda self: self.items)
    @rule(k=st.integers(0, 4))
    def sync_stopped_after_k_writes(self, k: int) -> None:
        plan = FaultPlan(stop_after=k)
        try:
            self._run(plan, prune=False)
        # A stop among GitHub's creates comes out as the backend's own Interrupted, which
        # says how many were created (the Ctrl-C of the CLI's one line).
        except (Interrupted, CreatesInterrupted):
            self._check_team_edits(pruned=False)
            return
        self._after_complete(prune=False)

    @precondition(lambda self: self.items)
    @rule()
    def sync_losing_a_create_answer(self) -> None:
        plan = FaultPlan()
        self.tracker.lose_next_create(plan)
        self._sync(plan, prune=False)
        if self.tracker.name == "github":
            self.tracker.fake.faults.clear()  # type: ignore[attr-defined]
        if self.tracker.name == "jira":
            self.tracker.fake.faults.clear()  # type: ignore[attr-defined]

    def _run(self, plan: FaultPlan, *, prune: bool) -> Any:
        STEPS["syncs"] += 1
        config = self.tracker.config
        loaded = load_documents(["postmortems"], config, {}, warn=lambda _m: None)
        self.loaded = loaded
        with self.tracker.backend(plan) as backend:
            self.plan, self.result = sync_documents(
                loaded.to_sync, backend, config, options=SyncOptions(prune=prune),
                scope=loaded.scope, sleep=_no_pause)
        return self.result

    def _sync(self, plan: FaultPlan, prune: bool) -> None:
        self._run(plan, prune=prune)
        self._after_complete(prune=prune)

    # -- the checks ----------------------------------------------------------------------------
    def _after_complete(self, *, prune: bool) -> None:
        assert not self.result.failures, [str(a.error) for a in self.result.failures]
        self._map_items()
        self._settle_lost_markers()
        self._check_one_issue_per_item()
        self._check_team_edits(pruned=prune)
        self._check_postmortem_reached()
        self._check_orphans(prune)
        if prune:  # the orphans it closed are closed, whatever the team did to them
            current = {i.key for i in self.items if i.key and not i.removed}
            for key, owned in self.owned.items():
                if key not in current:
                    owned.fields.pop("state", None)
        before = self.tracker.writes()
        plan, _ = self._rerun(prune)
        assert self.tracker.writes() == before, [
            (c.action, c.item.title if c.item else c.issue and c.issue.key, c.changed_fields)
            for c in plan.changes if c.action not in (Action.UNCHANGED, Action.ORPHANED)]
        self._release()

    def _rerun(self, prune: bool) -> Any:
        config = self.tracker.config
        loaded = load_documents(["postmortems"], config, {}, warn=lambda _m: None)
        with self.tracker.backend(FaultPlan()) as backend:
            return sync_documents(loaded.to_sync, backend, config,
                                  options=SyncOptions(prune=prune), scope=loaded.scope,
                                  sleep=_no_pause)

    def _map_items(self) -> None:
        by_item = self.result.issues_by_item()
        by_source = {Path(d.postmortem.source).name: d for d in self.loaded.to_sync}
        for doc in self._live_docs():
            parsed = by_source.get(doc.name)
            if parsed is None:
                assert not doc.items, f"{doc.name} was not loaded"
                continue
            assert [i.title for i in parsed.action_items] == [i.title for i in doc.items]
            for model, item in zip(doc.items, parsed.action_items, strict=True):
                issue = by_item.get(item.id)
                assert issue is not None, f"no issue for {model.title}"
                if model.key is None:
                    assert all(o.key != issue.key for o in self.items), \
                        f"{model.title} got {issue.key}, which is another item's"
                    model.key = issue.key
                assert model.key == issue.key, \
                    f"{model.title}: a second issue {issue.key} (it has {model.key})" \
                    + self._trace()

    def _trace(self) -> str:
        """What the last sync planned and what the tracker holds, for a failure message."""
        lines = [f"\nplan notes: {list(self.plan.notes)}; loaded "
                 f"{[(d.postmortem.id, len(d.action_items)) for d in self.loaded.to_sync]}"]
        lines += [f"  {c.action.value} {c.postmortem_id} "
                  f"{c.item.title if c.item else ''} -> {c.issue.key if c.issue else '-'} "
                  f"{c.changed_fields} {c.kept} {c.notes}" for c in self.plan.changes]
        for key, seen in sorted(self.tracker.issues().items()):
            lines.append(f"  #{key} {seen.state} {seen.title!r} {sorted(seen.labels)}")
            lines.append("     " + seen.body.replace("\n", " | ")[-300:])
        lines += [f"  model {d.name} id={d.front_id} deleted={d.deleted} "
                  f"{[(i.title, i.key) for i in d.items]}" for d in self.docs]
        return "\n".join(lines)

    def _check_one_issue_per_item(self) -> None:
        keys = {i.key for i in self.items if i.key}
        reported = {c.issue.key for c in self.plan.changes
                    if c.issue is not None and c.action in (Action.ORPHANED, Action.PRUNE)}
        for key, seen in self.tracker.issues().items():
            if key not in keys:  # made for an item removed before a sync could report it
                assert key in reported or seen.state == "closed", \
                    f"issue {key} ({seen.title}) belongs to no item and is not reported"

    def _desired(self, item: Item) -> dict[str, Any]:
        return {"title": item.title, "state": "closed" if item.done else "open",
                "assignee": item.owner}

    def _settle_lost_markers(self) -> None:
        """A sync that finds an issue without its marker keeps what differs: the team's now."""
        issues = self.tracker.issues()
        for item in self.items:
            owned = self.owned.get(item.key or "")
            if owned is None or not owned.marker_lost or item.removed:
                continue
            seen = issues[item.key]  # type: ignore[index]
            for name, wanted in self._desired(item).items():
                if name not in owned.fields and getattr(seen, name) != wanted:
                    owned.fields[name] = getattr(seen, name)
            if not owned.block_gone and self.tracker.owner_line(item.owner) not in seen.body:
                owned.body_frozen = True
            owned.marker_lost = False

    def _check_team_edits(self, *, pruned: bool) -> None:
        issues = self.tracker.issues()
        current = {i.key for i in self.items if i.key and not i.removed}
        for key, owned in self.owned.items():
            seen = issues[key]
            for name, value in owned.fields.items():
                if name == "state" and pruned and key not in current:
                    continue  # --prune closes orphans, reopened or not
                assert getattr(seen, name) == value, \
                    f"{key}: the team's {name} {value!r} became {getattr(seen, name)!r}"
            for note in owned.notes:
                assert note in seen.body, f"{key}: the team's note {note!r} is gone"
            if owned.block_edit:
                assert owned.block_edit in seen.body, f"{key}: the team's block edit is gone"
            if owned.block_gone:
                assert self.tracker.begin_delimiter.search(self.tracker.stored_body(key)) is \
                    None, f"{key}: the managed block people removed came back"
            assert owned.labels_added <= seen.labels, f"{key}: the team's label is gone"
            assert not (owned.labels_removed & seen.labels), \
                f"{key}: a label the team removed came back"

    def _check_postmortem_reached(self) -> None:
        issues = self.tracker.issues()
        for item in self.items:
            if item.removed or item.key is None:
                continue
            seen, owned = issues[item.key], self.owned.get(item.key, Owned())
            for name, wanted in self._desired(item).items():
                if name not in owned.fields:
                    assert getattr(seen, name) == wanted, \
                        f"{item.key}: {name} is {getattr(seen, name)!r}, the postmortem says " \
                        f"{wanted!r}"
            if not owned.body_frozen:
                assert self.tracker.owner_line(item.owner) in seen.body, \
                    f"{item.key}: the managed block does not say the owner"

    def _check_orphans(self, prune: bool) -> None:
        issues = self.tracker.issues()
        reported = {c.issue.key for c in self.plan.changes
                    if c.issue is not None and c.action in (Action.ORPHANED, Action.PRUNE)}
        for item in self.items:
            if not item.removed or item.key is None:
                continue
            body = self.tracker.stored_body(item.key)
            identified = self.tracker.marker.search(body) or (
                self.tracker.block_names_item and self.tracker.begin_delimiter.search(body))
            if prune and identified:
                assert issues[item.key].state == "closed", f"{item.key}: not pruned" + \
                    self._trace()
            elif not identified and (item.file_gone or not self._labelled_as_loaded(item.key)):
                continue  # nothing names its postmortem any more: it cannot be found
            elif issues[item.key].state == "open":
                assert item.key in reported, \
                    f"{item.key}: open without an item, not reported" + self._trace()

    def _labelled_as_loaded(self, key: str) -> bool:
        labels = self.tracker.issues()[key].labels
        return any(postmortem_label(d.postmortem.id) in labels for d in self.loaded.to_sync)

    def _release(self) -> None:
        """After a completed sync the window closes: a team value the postmortem now agrees
        with is no longer only the team's."""
        issues = self.tracker.issues()
        for item in self.items:
            owned = self.owned.get(item.key or "")
            if owned is None or item.removed:
                continue
            desired = self._desired(item)
            for name in [n for n in owned.fields if n in desired]:
                if owned.fields[name] == desired[name] == getattr(issues[item.key], name):
                    del owned.fields[name]  # type: ignore[index]
            owned.touched = False
        self.dirty.clear()
        self.renamed.clear()

    @invariant()
    def files_are_what_the_model_says(self) -> None:
        STEPS["steps"] += 1  # runs after every step
        on_disk = {p.name for p in (self.root / "postmortems").glob("*.md")}
        assert on_disk == {d.name for d in self._live_docs()}


def _no_pause(_seconds: float) -> None:
    """The engine's waits for late creates: the fakes land a create before its answer is
    lost, so there is nothing to wait for."""


def _without_block(body: str, tracker: Tracker) -> str:
    begin = tracker.begin_delimiter.search(body)
    end = body.find(tracker.end_delimiter)
    assert begin is not None and end > begin.start()
    return (body[: begin.start()] + body[end + len(tracker.end_delimiter):]).strip("\n") \
        or "(emptied by the team)"


def _machine(name: str) -> type[SyncMachine]:
    return type(f"SyncMachine_{name}", (SyncMachine,), {"tracker_name": name})


# Bounded in `make test`; `ACTIONTRACK_SOAK_STEPS` (per backend) for the soak.
BOUNDED = {"local": (12, 25), "github": (5, 20), "jira": (4, 20)}


@pytest.mark.parametrize("name", sorted(TRACKERS))
def test_the_promise_holds_at_random(name: str) -> None:
    soak = int(os.environ.get("ACTIONTRACK_SOAK_STEPS", "0"))
    examples, steps = BOUNDED[name]
    if soak:
        steps = 50
        examples = max(1, soak // steps)
    STEPS.update(examples=0, steps=0, syncs=0)
    phases = [Phase.explicit, Phase.generate] if os.environ.get("ACTIONTRACK_NO_SHRINK") \
        else list(Phase)
    while True:  # a soak goes on until it has run its steps (runs may end early)
        run_state_machine_as_test(_machine(name), settings=settings(
            max_examples=examples, stateful_step_count=steps, deadline=None, phases=phases,
            suppress_health_check=list(HealthCheck), derandomize=not soak, database=None))
        if STEPS["steps"] >= soak:
            break
    if soak:
        print(f"\nsoak {name}: {STEPS['steps']} steps ({STEPS['syncs']} syncs) in "
              f"{STEPS['examples']} runs, 0 violations")
