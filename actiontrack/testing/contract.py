"""The backend contract suite: the behaviour every actiontrack backend must have.

Shipped in the package so a third-party backend proves itself with the same tests as the
built-in ones. Use it from a pytest module:

    from actiontrack.testing import BackendContract

    class TestMyTracker(BackendContract):
        @pytest.fixture
        def backend(self, tmp_path):
            return MyBackend(Config(), {...})          # a fresh, empty tracker

        @pytest.fixture
        def unreachable_backend(self):                 # optional
            return MyBackend(...)                      # its tracker answers 5xx or is down

        @pytest.fixture
        def bad_auth_backend(self):                    # optional
            return MyBackend(...)                      # wrong credentials

Optional fixtures that are not overridden skip their tests with a reason. `assignable_user`
names a user the tracker accepts as assignee (default "alice").
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from ..backends.base import FULL_TITLE_PREFIX, Backend
from ..config import Config
from ..errors import AuthError, NotFound, Transient
from ..issue_format import base_label, kind_label, postmortem_label, strip_marker
from ..model import (
    Action,
    ActionItem,
    CloseReason,
    IssueDraft,
    IssueFields,
    ItemStatus,
    Link,
    ParsedDocument,
    Postmortem,
    item_id_for,
)
from ..sync import SyncOptions, sync_documents


def make_document(pm_id: str, titles: list[str], *, incident: dt.date = dt.date(2023, 2, 5),
                  kinds: list[str] | None = None, done: frozenset[int] | set[int] = frozenset(),
                  owners: list[str | None] | None = None) -> ParsedDocument:
    """A parsed postmortem built directly, so backend tests do not depend on the parser."""
    pm = Postmortem(id=pm_id, title=f"Postmortem {pm_id}", incident_date=incident,
                    source=f"postmortems/{pm_id}.md")
    items = []
    for n, title in enumerate(titles):
        kind = (kinds or ["corrective"] * len(titles))[n]
        items.append(ActionItem(
            id=item_id_for(pm_id, title), postmortem_id=pm_id, title=title, kind=kind,
            owner=(owners or [None] * len(titles))[n],
            due=incident + dt.timedelta(days=7 if kind == "corrective" else 30),
            status=ItemStatus.DONE if n in done else ItemStatus.OPEN, line=10 + n))
    return ParsedDocument(postmortem=pm, action_items=tuple(items))


def draft_for(pm_id: str, title: str, *, due: dt.date | None = dt.date(2023, 3, 7),
              assignee: str | None = None, kind: str = "preventive") -> IssueDraft:
    labels = (base_label(), postmortem_label(pm_id), kind_label(kind) or "kind:other")
    return IssueDraft(title=title, body=f"Body of {title}\n\nSecond paragraph.",
                      labels=labels, assignee=assignee, due=due,
                      link=Link(postmortem_id=pm_id, item_id=item_id_for(pm_id, title),
                                synced={"title": "x"}))


def unique_pm(prefix: str = "pm") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class BackendContract:
    """Behaviour every backend must have. Subclass and provide a `backend` fixture."""

    assignable_user = "alice"

    @pytest.fixture
    def backend(self) -> Backend:  # pragma: no cover - always overridden
        raise NotImplementedError("provide a `backend` fixture returning a fresh tracker")

    @pytest.fixture
    def unreachable_backend(self) -> Backend:
        pytest.skip("this backend's tests give no unreachable tracker")

    @pytest.fixture
    def bad_auth_backend(self) -> Backend:
        pytest.skip("this backend has no credentials to get wrong")

    @pytest.fixture
    def config(self, backend: Backend) -> Config:
        return backend.config

    # -- create, read, find ------------------------------------------------------------
    def test_create_then_get_returns_what_was_written(self, backend: Backend) -> None:
        pm = unique_pm()
        draft = draft_for(pm, "Add alerting on connection pool saturation",
                          assignee=self.assignable_user)
        created = backend.create(draft)
        fetched = backend.get(created.key)
        for issue in (created, fetched):
            assert issue.title == draft.title
            assert issue.key == created.key
            assert not issue.is_closed
            assert set(draft.labels) <= {lbl.casefold() for lbl in issue.labels}
            assert issue.due == draft.due
            assert issue.assignee == self.assignable_user
            assert issue.link is not None
            assert (issue.link.postmortem_id, issue.link.item_id) == (pm, draft.link.item_id)
            assert issue.link.synced == draft.link.synced
            assert "Second paragraph." in strip_marker(issue.body)

    def test_find_linked_returns_only_the_named_postmortems(self, backend: Backend) -> None:
        pm_a, pm_b = unique_pm("a"), unique_pm("b")
        a1 = backend.create(draft_for(pm_a, "Patch the cart module"))
        a2 = backend.create(draft_for(pm_a, "Train the on-call engineers"))
        b1 = backend.create(draft_for(pm_b, "Rotate the leaked credentials"))
        backend.close(a2, CloseReason.COMPLETED)
        found_a = backend.find_linked([pm_a])
        assert sorted(i.key for i in found_a) == sorted([a1.key, a2.key])  # closed ones too
        found_both = {i.key for i in backend.find_linked([pm_a, pm_b])}
        assert found_both == {a1.key, a2.key, b1.key}
        assert {a1.key, a2.key, b1.key} <= {i.key for i in backend.find_linked(None)}
        assert backend.find_linked([unique_pm("none")]) == []

    def test_find_by_item_tells_present_from_absent(self, backend: Backend) -> None:
        pm = unique_pm()
        draft = draft_for(pm, "Document the failover runbook")
        created = backend.create(draft)
        found = backend.find_by_item(pm, draft.link.item_id)
        assert found is not None and found.key == created.key
        assert backend.find_by_item(pm, "0000000000") is None

    def test_get_of_a_missing_issue_raises_not_found(self, backend: Backend) -> None:
        with pytest.raises(NotFound):
            backend.get("987654")

    def test_unicode_round_trips(self, backend: Backend) -> None:
        pm = unique_pm()
        title = "Réviser l’alerte “disk full” — 監視を追加 🚨"
        created = backend.create(draft_for(pm, title))
        assert backend.get(created.key).title == title
        assert backend.find_by_item(pm, item_id_for(pm, title)) is not None

    # -- update, close, reopen ---------------------------------------------------------
    def test_update_writes_only_the_given_fields(self, backend: Backend) -> None:
        pm = unique_pm()
        created = backend.create(draft_for(pm, "Add a canary stage", due=dt.date(2023, 3, 1)))
        updated = backend.update(created, IssueFields(title="Add a canary deploy stage"))
        again = backend.get(created.key)
        for issue in (updated, again):
            assert issue.title == "Add a canary deploy stage"
            assert issue.due == dt.date(2023, 3, 1)
            assert issue.link == created.link
            assert strip_marker(issue.body) == strip_marker(created.body)
            assert {lbl.casefold() for lbl in issue.labels} == \
                {lbl.casefold() for lbl in created.labels}

    def test_update_of_the_link_alone_keeps_body_edits(self, backend: Backend) -> None:
        pm = unique_pm()
        created = backend.create(draft_for(pm, "Load-test the search tier"))
        edited = backend.update(created, IssueFields(body="A person rewrote this body."))
        assert created.link is not None
        new_link = created.link.model_copy(update={"synced": {"title": "y", "due": "z"}})
        relinked = backend.update(edited, IssueFields(link=new_link))
        fetched = backend.get(created.key)
        for issue in (relinked, fetched):
            assert strip_marker(issue.body) == "A person rewrote this body."
            assert issue.link == new_link

    def test_due_date_update_round_trips(self, backend: Backend) -> None:
        created = backend.create(draft_for(unique_pm(), "Automate certificate renewal"))
        backend.update(created, IssueFields(due=dt.date(2024, 1, 31)))
        assert backend.get(created.key).due == dt.date(2024, 1, 31)

    def test_close_and_reopen(self, backend: Backend) -> None:
        pm = unique_pm()
        created = backend.create(draft_for(pm, "Remove the manual failover step"))
        closed = backend.close(created, CloseReason.COMPLETED, "Done in the postmortem.")
        assert closed.is_closed and backend.get(created.key).is_closed
        assert created.link is not None
        found = backend.find_by_item(pm, created.link.item_id)
        assert found is not None and found.is_closed
        reopened = backend.reopen(closed, "Not done after all.")
        assert not reopened.is_closed and not backend.get(created.key).is_closed

    def test_close_as_not_planned(self, backend: Backend) -> None:
        created = backend.create(draft_for(unique_pm(), "Migrate to the new queue"))
        closed = backend.close(created, CloseReason.NOT_PLANNED, "Dropped.")
        assert closed.is_closed

    # -- the engine on this backend ----------------------------------------------------
    def test_sync_creates_once_and_resync_changes_nothing(self, backend: Backend,
                                                          config: Config) -> None:
        doc = make_document(unique_pm(), ["Patch the shopping cart module",
                                          "Implement monitoring on server memory"],
                            kinds=["corrective", "preventive"])
        _, first = sync_documents([doc], backend, config)
        assert first.count(Action.CREATE) == 2 and not first.failures
        plan, second = sync_documents([doc], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.UNCHANGED]
        assert len(backend.find_linked([doc.postmortem.id])) == 2
        dues = {i.title: i.due for i in backend.find_linked([doc.postmortem.id])}
        assert dues == {"Patch the shopping cart module": dt.date(2023, 2, 12),
                        "Implement monitoring on server memory": dt.date(2023, 3, 7)}

    def test_three_way_update_keeps_tracker_edits(self, backend: Backend,
                                                  config: Config) -> None:
        pm = unique_pm()
        doc = make_document(pm, ["Add disk alerts"], kinds=["preventive"])
        sync_documents([doc], backend, config)
        issue = backend.find_linked([pm])[0]
        backend.update(issue, IssueFields(title="Add disk alerts (edited in tracker)"))
        plan, _ = sync_documents([doc], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED]
        # The postmortem now moves the due date: only the due date is written.
        item = doc.action_items[0].model_copy(update={"due": dt.date(2023, 4, 1)})
        moved = doc.model_copy(update={"action_items": (item,)})
        plan, result = sync_documents([moved], backend, config)
        assert [c.action for c in plan.changes] == [Action.UPDATE]
        assert "due" in plan.changes[0].changed_fields
        assert "title" not in plan.changes[0].changed_fields
        after = backend.find_linked([pm])[0]
        assert after.title == "Add disk alerts (edited in tracker)"
        assert after.due == dt.date(2023, 4, 1)
        plan, _ = sync_documents([moved], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED]

    def test_retitled_item_updates_its_issue(self, backend: Backend, config: Config) -> None:
        pm = unique_pm()
        sync_documents([make_document(pm, ["Add monitring on server memory"])], backend, config)
        fixed = make_document(pm, ["Add monitoring on server memory"])
        plan, _ = sync_documents([fixed], backend, config)
        assert [c.action for c in plan.changes] == [Action.UPDATE]
        issues = backend.find_linked([pm])
        assert len(issues) == 1 and issues[0].title == "Add monitoring on server memory"
        plan, _ = sync_documents([fixed], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED]

    def test_done_item_closes_its_issue_and_orphans_need_prune(self, backend: Backend,
                                                                config: Config) -> None:
        pm = unique_pm()
        sync_documents([make_document(pm, ["Fix the retry loop", "Write the runbook"])],
                       backend, config)
        done = make_document(pm, ["Fix the retry loop"], done={0})
        plan, _ = sync_documents([done], backend, config)
        assert sorted(c.action.value for c in plan.changes) == ["close", "orphaned"]
        by_title = {i.title: i for i in backend.find_linked([pm])}
        assert by_title["Fix the retry loop"].is_closed
        assert not by_title["Write the runbook"].is_closed
        plan, _ = sync_documents([done], backend, config, options=SyncOptions(prune=True))
        assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.PRUNE]
        assert all(i.is_closed for i in backend.find_linked([pm]))

    def test_closed_issue_is_not_reopened_without_reopen(self, backend: Backend,
                                                         config: Config) -> None:
        pm = unique_pm()
        doc = make_document(pm, ["Add a kill switch"])
        sync_documents([doc], backend, config)
        backend.close(backend.find_linked([pm])[0], CloseReason.COMPLETED, "done by hand")
        plan, _ = sync_documents([doc], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED]
        assert backend.find_linked([pm])[0].is_closed
        plan, _ = sync_documents([doc], backend, config, options=SyncOptions(reopen=True))
        assert [c.action for c in plan.changes] == [Action.REOPEN]
        assert not backend.find_linked([pm])[0].is_closed

    # -- convergence: one open issue per item ------------------------------------------
    def test_close_duplicate_closes_it_and_keeps_the_original(self, backend: Backend) -> None:
        pm = unique_pm()
        draft = draft_for(pm, "Rotate the signing keys")
        first, second = backend.create(draft), backend.create(draft)  # two runs at once
        closed = backend.close_duplicate(second, first, f"Duplicate of {first.key}.")
        assert closed.is_closed and backend.get(second.key).is_closed
        assert not backend.get(first.key).is_closed
        assert {i.key for i in backend.find_linked([pm])} == {first.key, second.key}

    def test_a_sync_collapses_two_issues_of_one_item_into_the_oldest(
            self, backend: Backend, config: Config) -> None:
        pm = unique_pm()
        doc = make_document(pm, ["Add a circuit breaker", "Write the runbook"])
        sync_documents([doc], backend, config)
        [breaker] = [i for i in backend.find_linked([pm]) if i.title == "Add a circuit breaker"]
        assert breaker.link is not None
        again = backend.create(IssueDraft(  # what a second run made beside the first
            title=breaker.title, body=strip_marker(breaker.body), labels=breaker.labels,
            link=breaker.link))
        plan, result = sync_documents([doc], backend, config)
        assert [c.action for c in plan.changes] == \
            [Action.DUPLICATE, Action.UNCHANGED, Action.UNCHANGED]
        assert plan.changes[0].issue is not None and plan.changes[0].issue.key == again.key
        assert not result.failures and result.count(Action.DUPLICATE) == 1
        open_ = [i for i in backend.find_linked([pm]) if not i.is_closed]
        assert sorted(i.title for i in open_) == ["Add a circuit breaker", "Write the runbook"]
        assert breaker.key in {i.key for i in open_} and backend.get(again.key).is_closed
        plan, _ = sync_documents([doc], backend, config)  # settled: nothing left to do
        assert [c.action for c in plan.changes] == [Action.UNCHANGED, Action.UNCHANGED]

    def test_a_title_over_the_trackers_limit_is_cut_and_kept_whole_in_the_body(
            self, backend: Backend, config: Config) -> None:
        limit = backend.title_limit
        if limit is None:
            pytest.skip("this tracker takes titles of any length")
        pm = unique_pm()
        title = "Make the failover " + " ".join(["really"] * (limit // 6)) + " automatic"
        doc = make_document(pm, [title])
        _, result = sync_documents([doc], backend, config)
        assert not result.failures
        [issue] = backend.find_linked([pm])
        assert len(issue.title) <= limit and issue.title.endswith("…")
        assert f"{FULL_TITLE_PREFIX}{title}" in issue.body
        plan, _ = sync_documents([doc], backend, config)
        assert [c.action for c in plan.changes] == [Action.UNCHANGED]

    def test_control_characters_are_not_sent(self, backend: Backend, config: Config) -> None:
        pm = unique_pm()
        doc = make_document(pm, ["Fix the \x1b[31mred\x1b[0m alert\x07 \u202eeman"])
        sync_documents([doc], backend, config)
        [issue] = backend.find_linked([pm])
        assert issue.title == "Fix the red alert eman"
        assert not any(ch in issue.body for ch in "\x1b\x07\u202e\x00")

    # -- failures ----------------------------------------------------------------------
    def test_unreachable_tracker_is_could_not_ask_not_absent(
            self, unreachable_backend: Backend) -> None:
        with pytest.raises(Transient):
            unreachable_backend.find_linked([unique_pm()])
        with pytest.raises(Transient):
            unreachable_backend.find_by_item(unique_pm(), "0000000000")

    def test_bad_credentials_raise_auth_error(self, bad_auth_backend: Backend) -> None:
        with pytest.raises(AuthError):
            bad_auth_backend.find_linked([unique_pm()])
        # Some trackers answer a wrong key as if it were no key at all (anonymous), so a
        # missing issue must still say "your credentials", not "no such issue".
        with pytest.raises(AuthError):
            bad_auth_backend.get("987654")
        with pytest.raises(AuthError):
            bad_auth_backend.find_by_item(unique_pm(), "0000000000")
