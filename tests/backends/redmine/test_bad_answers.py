"""A Redmine that answers nonsense, as a proxy or a login wall in front of it does: each answer
is named on one line for what it is, never read as "no issues", and a create answered that
way is looked up, not made twice. The real Redmine stands behind the proxy."""

from __future__ import annotations

import json
import socket
import time

import pytest

from actiontrack.config import Config
from actiontrack.errors import BadAnswer, Unreachable
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing import make_document, unique_pm
from tests.backends.redmine.server import Canned, FaultProxy
from tests.backends.redmine.test_backend import backend_for

LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in - Acme SSO</title></head>"
              b"<body><form action=/login>...</form></body></html>")
LISTING = r"^/issues\.json"


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and "<" not in text, text  # named, never pasted
    return text


@pytest.mark.parametrize("canned, expected", [
    (Canned(200, LOGIN_PAGE, path=LISTING),
     "Redmine answered with an HTML page ('Sign in - Acme SSO'), not JSON: is REDMINE_URL "
     "behind a login?"),
    (Canned(200, b"[]", path=LISTING),
     "Redmine answered with an HTML page, not JSON: is REDMINE_URL behind a login?"),
    (Canned(200, b'{"issues": [{"id": 1, "subj', "application/json", path=LISTING),
     "Redmine answered with truncated or malformed JSON (HTTP 200, 27 characters)"),
    (Canned(200, b'{"total": 3}', "application/json", path=LISTING),
     "Redmine answered an empty body or JSON of an unexpected shape, not its API: is "
     "REDMINE_URL the Redmine root URL?"),
    (Canned(200, b"", "application/json", path=LISTING),
     "Redmine answered HTTP 200 with an empty body where JSON was expected: is REDMINE_URL "
     "the API address, or is a proxy in the way?"),
    (Canned(410, b'{"errors": ["gone"]}', "application/json", path=LISTING),
     "Redmine answered 410 Gone"),
], ids=["html-login", "list-as-html", "truncated", "object", "empty", "gone"])
def test_a_listing_that_is_not_redmines_json_is_named_and_never_read_as_empty(
        redmine_project: str, fault_proxy: FaultProxy, canned: Canned, expected: str) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    backend.find_linked([unique_pm()])  # the project, statuses... are read once, for real
    fault_proxy.canned.append(canned)
    seen = len(fault_proxy.seen)
    with pytest.raises(BadAnswer) as info:
        backend.find_linked([unique_pm()])
    assert expected in one_line(info.value)
    assert canned.times == 0
    assert fault_proxy.seen[seen:] == [fault_proxy.seen[seen]]  # one request: not retried


def test_a_redirect_to_a_login_page_is_named_as_one(redmine_project: str,
                                                    fault_proxy: FaultProxy) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    backend.find_linked([unique_pm()])
    login = f"{fault_proxy.url}/login?back_url=%2Fissues.json"  # Redmine's own login page
    fault_proxy.canned.append(Canned(302, b"", headers={"Location": login}, path=LISTING))
    with pytest.raises(BadAnswer) as info:
        backend.find_linked([unique_pm()])
    assert one_line(info.value).endswith(
        f"Redmine redirected to a login page ({login}), not its API: is REDMINE_URL behind a "
        "login?; nothing was read as missing; run again once it answers properly")
    assert info.value.status == 302


def test_a_create_answered_201_with_a_truncated_body_is_looked_up_not_made_twice(
        redmine_project: str, fault_proxy: FaultProxy) -> None:
    """Redmine created the issue; the answer is cut off. The engine looks, finds it, and
    creates the next items."""
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    doc = make_document(unique_pm(), ["First item", "Second item", "Third item"])
    fault_proxy.drop_after_forward = None
    fault_proxy.truncate_after_forward = "POST"
    _, result = sync_documents([doc], backend, Config(), sleep=lambda s: None)
    assert not result.failures and result.count(Action.CREATE) == 3
    titles = sorted(i.title for i in backend.find_linked([doc.postmortem.id]))
    assert titles == ["First item", "Second item", "Third item"], fault_proxy.seen
    assert sum(1 for method, path in fault_proxy.seen
               if method == "POST" and path.endswith("/issues.json")) == 3, fault_proxy.seen


def test_a_create_redirected_to_a_login_page_was_not_made_and_stops_the_run(
        redmine_project: str, fault_proxy: FaultProxy) -> None:
    backend = backend_for(redmine_project, REDMINE_URL=fault_proxy.url)
    doc = make_document(unique_pm(), ["Only item"])
    login = f"{fault_proxy.url}/login"
    fault_proxy.canned.append(Canned(302, b"", headers={"Location": login}, method="POST",
                                     times=5))
    with pytest.raises(BadAnswer, match="redirected to a login page"):
        sync_documents([doc], backend, Config(), sleep=lambda s: None)
    assert backend_for(redmine_project).find_linked([doc.postmortem.id]) == []


def test_a_refused_connection_fails_at_once_without_retries(redmine_project: str) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    backend = backend_for(redmine_project, REDMINE_URL=f"http://127.0.0.1:{port}")
    started = time.monotonic()
    with pytest.raises(Unreachable) as info:
        backend.find_linked([unique_pm()])
    assert time.monotonic() - started < 2
    assert "could not reach Redmine (ConnectionError); check REDMINE_URL" in one_line(info.value)


def test_canned_answers_are_what_the_client_receives(fault_proxy: FaultProxy) -> None:
    """The proxy itself: a canned answer goes out as given, once, then Redmine answers."""
    import urllib.request
    fault_proxy.canned.append(Canned(200, b'{"a": 1}', "application/json", path="^/x"))
    with urllib.request.urlopen(f"{fault_proxy.url}/x") as answer:
        assert json.loads(answer.read()) == {"a": 1}
        assert answer.headers["Content-Type"] == "application/json"
    assert fault_proxy.canned[0].times == 0
