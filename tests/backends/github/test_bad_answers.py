"""A GitHub that answers nonsense, as a proxy, a login wall or a broken GHES does: each answer
is named on one line for what it is, a listing that is not a list of issues is "could not
ask" (never "no issues", so nothing is created again), and a create answered that way is
looked up instead of made twice. PyGithub, unmodified, talks to the fake over real HTTP."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from actiontrack.config import Config
from actiontrack.errors import BadAnswer, UnknownOutcome, Unreachable
from actiontrack.model import Action
from actiontrack.sync import sync_documents
from actiontrack.testing import draft_for, make_document
from tests.fakes.github import FakeGitHub, backend_for, github_env

CONFIG = Config(backends={"github": {"seconds_between_writes": 0, "timeout": 1,
                                     "unanswered_wait": 0.5}})
LOGIN_PAGE = (b"<!DOCTYPE html><html><head><title>Sign in to Acme SSO</title></head>"
              b"<body><form action='/login'></form></body></html>")


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def one_line(error: BaseException) -> str:
    text = str(error)
    assert "\n" not in text and "<" not in text, text  # named, never pasted
    return text


@pytest.mark.parametrize("data, content_type, expected", [
    (b"", "application/json; charset=utf-8",
     "GitHub answered HTTP 200 with an empty body where JSON was expected: is GITHUB_API_URL "
     "the API address, or is a proxy in the way?"),
    (b"[]", "text/html",
     "GitHub answered with an HTML page, not JSON: is GITHUB_API_URL behind a login?"),
    (LOGIN_PAGE, "text/html; charset=utf-8",
     "GitHub answered with an HTML page ('Sign in to Acme SSO'), not JSON: is GITHUB_API_URL "
     "behind a login?"),
    (b'[{"number": 1, "tit', "application/json",
     "GitHub answered with truncated or malformed JSON (HTTP 200, 19 characters)"),
    (b'{"message": "hello"}', "application/json",
     "GitHub answered JSON of an unexpected shape (an object, not a list of issues): is "
     "GITHUB_API_URL the API address?"),
    (b'["not an issue"]', "application/json",
     "GitHub answered JSON of an unexpected shape (null, not a list of issues)"),
], ids=["empty", "list-as-html", "login-page", "truncated", "object", "list-of-strings"])
def test_a_listing_that_is_not_githubs_json_is_could_not_ask(
        fake: FakeGitHub, data: bytes, content_type: str, expected: str) -> None:
    doc = make_document("pm-listing", ["Add alerting", "Write the runbook"])
    sync_documents([doc], backend_for(fake, CONFIG), CONFIG)
    fake.garbage(data, content_type=content_type)
    with pytest.raises(BadAnswer) as info:
        sync_documents([doc], backend_for(fake, CONFIG), CONFIG)
    assert one_line(info.value).startswith("github: list issues: ")
    assert expected in str(info.value)
    # two listings for the first sync (none after its creates: it held the lock), one now:
    # never retried
    assert len(fake.issues()) == 2 and fake.count("GET", r"/issues$") == 3


def test_a_redirect_to_a_login_page_is_named_and_creates_nothing(fake: FakeGitHub) -> None:
    doc = make_document("pm-login", ["Add alerting"])
    fake.redirect(302, "https://sso.acme.example/login?next=/api/v3", method="GET")
    with pytest.raises(BadAnswer) as info:
        sync_documents([doc], backend_for(fake, CONFIG), CONFIG)
    assert one_line(info.value) == (
        "github: list issues: GitHub redirected to a login page "
        "(https://sso.acme.example/login?next=/api/v3), not its API: is GITHUB_API_URL behind "
        "a login?; nothing was read as missing; run again once it answers properly")
    assert fake.issues() == []


def test_issues_disabled_410_is_named_for_what_it_is(fake: FakeGitHub) -> None:
    fake.issues_enabled = False
    with pytest.raises(BadAnswer) as info:
        backend_for(fake, CONFIG).find_linked(["pm-gone"])
    assert one_line(info.value) == (
        "github: list issues: GitHub answered 410 Gone (Issues are disabled for this repo); "
        "issues are disabled in acme/incidents (or it was deleted): enable them under "
        "Settings > General > Features")


def test_a_create_answered_201_with_a_truncated_body_is_found_and_the_run_goes_on(
        fake: FakeGitHub) -> None:
    """GitHub created the issue; its answer is cut off. The engine looks, finds it, and
    creates the items after it: no duplicate, nothing lost, no traceback."""
    doc = make_document("pm-201", ["First item", "Second item", "Third item"])
    fake.garbage(b'{"url": "http://x", "numb', content_type="application/json", status=201,
                 method="POST", stored=True)
    _, result = sync_documents([doc], backend_for(fake, CONFIG), CONFIG, sleep=lambda s: None)
    assert not result.failures and result.count(Action.CREATE) == 3
    assert sorted(i["title"] for i in fake.issues()) == ["First item", "Second item",
                                                         "Third item"]
    assert fake.count("POST", r"/issues$") == 3


def test_a_create_answered_201_with_the_wrong_shape_is_an_unknown_outcome(
        fake: FakeGitHub) -> None:
    fake.garbage(b'{"message": "ok"}', content_type="application/json", status=201,
                 method="POST", stored=True)
    with pytest.raises(UnknownOutcome) as info:
        backend_for(fake, CONFIG).create(draft_for("pm-shape", "Shapeless"))
    assert "GitHub answered an issue without its fields" in one_line(info.value)
    assert len(fake.issues()) == 1


@pytest.mark.parametrize("status", [307, 308])
def test_a_create_redirected_was_not_made_and_stops_the_run(fake: FakeGitHub,
                                                            status: int) -> None:
    doc = make_document("pm-moved", ["Only item", "Second item"])
    fake.redirect(status, "https://elsewhere.example/api/v3/repos/acme/incidents/issues",
                  method="POST", path=r"/issues$", times=10)
    with pytest.raises(BadAnswer) as info:
        sync_documents([doc], backend_for(fake, CONFIG), CONFIG, sleep=lambda s: None)
    assert not isinstance(info.value, UnknownOutcome)
    assert f"GitHub redirected the request (HTTP {status}) to https://elsewhere.example" \
        in one_line(info.value)
    assert fake.issues() == [] and fake.count("POST", r"/issues$") == 1


def test_a_301_to_another_host_is_named_not_a_traceback(fake: FakeGitHub) -> None:
    fake.redirect(301, "https://moved.example/api/v3/repositories/42/issues", method="POST",
                  path=r"/issues$")
    with pytest.raises(BadAnswer) as info:
        backend_for(fake, CONFIG).create(draft_for("pm-301", "Moved"))
    assert one_line(info.value).startswith(
        "github: create the issue 'Moved': GitHub redirected the request elsewhere (Github "
        "server redirected from http protocol to https): set GITHUB_API_URL")
    assert fake.issues() == []


def test_an_html_error_page_is_named_by_its_title_not_pasted(fake: FakeGitHub) -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    fake.garbage(page, status=502, method="GET", times=10)
    with pytest.raises(BadAnswer.__mro__[1]) as info:  # Transient: could not ask
        backend_for(fake, CONFIG, attempts=1).find_linked(["pm-502"])
    assert one_line(info.value) == (
        "github: list issues: GitHub answered HTTP 502: an HTML page titled '502 Bad "
        "Gateway'; GitHub is having trouble; run again later")


def test_a_refused_connection_fails_at_once_without_retries(fake: FakeGitHub) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = github_env(fake, GITHUB_API_URL=f"http://127.0.0.1:{port}")
    backend = backend_for(fake, CONFIG, env=env, attempts=5)
    started = time.monotonic()
    with pytest.raises(Unreachable) as info:
        backend.find_linked(["pm-refused"])
    assert time.monotonic() - started < 2
    assert one_line(info.value) == (
        "github: list issues: could not reach GitHub (ConnectionError); check the network or "
        "GITHUB_API_URL; nothing was lost")
