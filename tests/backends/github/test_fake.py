"""Keeping the fake GitHub honest.

Its answers are validated against the response schemas of GitHub's published OpenAPI
description (extracted by `scripts/extract-github-schemas` into `tests/schemas/github/`), and
compared with responses GitHub really sent, recorded in `@octokit/fixtures`: same fields, same
`Link` format, same paging. The recordings are also replayed to PyGithub, rewritten to a local
address, to show the client reads real pages the way it reads the fake's.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
import requests
from github import Auth, Github
from jsonschema import Draft202012Validator

from tests.fakes.github import FakeGitHub

SCHEMAS = Path(__file__).parents[2] / "schemas" / "github"
SUBSET = json.loads((SCHEMAS / "openapi-subset.json").read_text())
OPERATIONS: dict[str, dict[str, Any]] = SUBSET["operations"]
RECORDED_API = "https://api.github.com"


def recorded(scenario: str) -> list[dict[str, Any]]:
    return json.loads((SCHEMAS / "fixtures" / f"{scenario}.json").read_text())


def validate(operation: str, status: int, body: Any) -> None:
    """Validate a body against the schema the description gives for this status; statuses it
    does not list (401, 5xx...) against GitHub's basic error."""
    schema = OPERATIONS[operation].get(str(status), {"$ref": "#/$defs/basic-error"})
    if schema is None:
        assert body is None, f"{operation} {status} has no body on GitHub"
        return
    Draft202012Validator({"$defs": SUBSET["$defs"], "allOf": [schema]}).validate(body)


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    with FakeGitHub(assignable={"alice"}) as fake:
        yield fake


@pytest.fixture
def http(fake: FakeGitHub) -> requests.Session:
    session = requests.Session()
    session.headers["Authorization"] = f"token {fake.token}"
    return session


def _call(http: requests.Session, fake: FakeGitHub, method: str, path: str,
          body: Any = None) -> requests.Response:
    return http.request(method, fake.base_url + path, json=body, timeout=5)


def test_the_extracted_description_covers_every_operation_the_fake_serves() -> None:
    assert SUBSET["source"].startswith("@octokit/openapi@")
    assert {"issue", "label", "issue-comment", "full-repository", "basic-error",
            "validation-error"} <= set(SUBSET["$defs"])
    # The schemas are strict enough to catch a wrong fake: a missing field fails.
    with pytest.raises(Exception, match="required"):
        validate("GET /repos/{owner}/{repo}/issues/{issue_number}", 200, {"number": 1})


def test_every_success_answer_matches_the_openapi_description(
        fake: FakeGitHub, http: requests.Session) -> None:
    repo = f"/repos/{fake.full_name}"
    fake.add_issue("A pull request", labels=("x",), pull=True)
    steps = [
        ("POST /repos/{owner}/{repo}/issues", "POST", f"{repo}/issues",
         {"title": "T", "body": "B", "labels": ["actiontrack", "pm:a"], "assignees": ["alice"]},
         201),
        ("GET /repos/{owner}/{repo}/issues", "GET", f"{repo}/issues?state=all", None, 200),
        ("GET /repos/{owner}/{repo}/issues/{issue_number}", "GET", f"{repo}/issues/2", None,
         200),
        ("PATCH /repos/{owner}/{repo}/issues/{issue_number}", "PATCH", f"{repo}/issues/2",
         {"state": "closed", "state_reason": "not_planned", "labels": ["y"]}, 200),
        ("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", "POST",
         f"{repo}/issues/2/comments", {"body": "hello"}, 201),
        ("GET /repos/{owner}/{repo}", "GET", repo, None, 200),
        ("GET /repos/{owner}/{repo}/labels", "GET", f"{repo}/labels", None, 200),
        ("POST /repos/{owner}/{repo}/labels", "POST", f"{repo}/labels",
         {"name": "needs triage", "color": "ff0000"}, 201),
        ("GET /repos/{owner}/{repo}/labels/{name}", "GET", f"{repo}/labels/needs%20triage",
         None, 200),
        ("GET /repos/{owner}/{repo}/assignees/{assignee}", "GET", f"{repo}/assignees/alice",
         None, 204),
        ("GET /rate_limit", "GET", "/rate_limit", None, 200),
    ]
    for operation, method, path, body, status in steps:
        response = _call(http, fake, method, path, body)
        assert response.status_code == status, (operation, response.text)
        validate(operation, status, response.json() if response.content else None)
    listed = _call(http, fake, "GET", f"{repo}/issues?state=all").json()
    assert [("pull_request" in i) for i in listed] == [False, True]  # PRs are mixed in


def test_every_error_answer_matches_the_openapi_description(
        fake: FakeGitHub, http: requests.Session) -> None:
    repo = f"/repos/{fake.full_name}"
    cases = [
        ("GET /repos/{owner}/{repo}/issues/{issue_number}", "GET", f"{repo}/issues/99", None,
         404),
        ("GET /repos/{owner}/{repo}/assignees/{assignee}", "GET", f"{repo}/assignees/mallory",
         None, 404),
        ("POST /repos/{owner}/{repo}/issues", "POST", f"{repo}/issues",
         {"title": "T", "assignees": ["mallory"]}, 422),
        ("POST /repos/{owner}/{repo}/issues", "POST", f"{repo}/issues",
         {"title": "T", "body": "x" * 65537}, 422),
        ("POST /repos/{owner}/{repo}/labels", "POST", f"{repo}/labels",
         {"name": "foo", "color": "invalid"}, 422),
        ("GET /repos/{owner}/{repo}", "GET", "/repos/acme/elsewhere", None, 404),
    ]
    for operation, method, path, body, status in cases:
        response = _call(http, fake, method, path, body)
        assert response.status_code == status, (operation, response.text)
        validate(operation, status, response.json())
    fake.issues_enabled = False
    gone = _call(http, fake, "POST", f"{repo}/issues", {"title": "T"})
    assert gone.status_code == 410
    validate("POST /repos/{owner}/{repo}/issues", 410, gone.json())
    bad = requests.get(fake.base_url + repo, headers={"Authorization": "token nope"}, timeout=5)
    assert bad.status_code == 401 and bad.json()["message"] == "Bad credentials"
    validate("GET /repos/{owner}/{repo}", 401, bad.json())


def _missing_or_mistyped(ours: Any, theirs: Any, where: str = "") -> list[str]:
    """Fields of a recorded GitHub body that ours lacks or types differently (newer fields
    that GitHub added since the recording may be extra in ours)."""
    if isinstance(theirs, dict):
        if not isinstance(ours, dict):
            return [where or "."]
        return [problem for key, value in theirs.items()
                for problem in ([f"{where}.{key} missing"] if key not in ours
                                else _missing_or_mistyped(ours[key], value, f"{where}.{key}"))]
    if theirs is not None and type(ours) is not type(theirs):
        return [f"{where}: {type(ours).__name__} != {type(theirs).__name__}"]
    return []


def test_issue_label_and_error_bodies_have_the_fields_github_sends(
        fake: FakeGitHub, http: requests.Session) -> None:
    real_issue = next(r for r in recorded("add-labels-to-issue") if r["method"] == "post"
                      and r["path"].endswith("/issues"))["response"]
    real_label = recorded("labels")[1]["response"]
    real_error = recorded("errors")[0]["response"]
    repo = f"/repos/{fake.full_name}"
    issue = _call(http, fake, "POST", f"{repo}/issues", {"title": "T", "labels": ["Foo"]}).json()
    label = issue["labels"][0]
    error = _call(http, fake, "POST", f"{repo}/labels", {"name": "x", "color": "invalid"}).json()
    # Every field GitHub sent is there with the same JSON type, nested objects included.
    assert _missing_or_mistyped(issue, real_issue) == []
    listed = _call(http, fake, "GET", f"{repo}/issues").json()[0]
    real_listed = recorded("paginate-issues")[0]["response"][0]
    assert _missing_or_mistyped(listed, real_listed) == []
    assert "closed_by" not in listed and "closed_by" not in real_listed  # as on GitHub
    assert _missing_or_mistyped(label, real_label) == []
    assert set(label) == set(real_label)
    assert label["color"] == "ededed"  # auto-created labels get GitHub's grey
    assert error["message"] == real_error["message"] == "Validation Failed"
    assert error["errors"] == real_error["errors"]
    assert set(real_error) <= set(error)


def test_paging_matches_githubs_recorded_link_headers(
        fake: FakeGitHub, http: requests.Session) -> None:
    pages = recorded("paginate-issues")  # 13 issues, per_page=3, 5 pages
    for n in range(13):
        fake.add_issue(f"Test issue {n + 1}")
    url = f"{fake.base_url}/repos/{fake.full_name}/issues?per_page=3"
    for number, page in enumerate(pages, start=1):
        response = http.get(url, timeout=5)
        theirs, ours = page["headers"]["link"], response.headers["Link"]
        shape = re.compile(r'<[^>]+>; rel="(\w+)"')
        assert shape.sub("L", theirs) == shape.sub("L", ours)  # same ", " separators
        rels = lambda link: [(rel, re.search(r"[?&]page=(\d+)", u)[1])  # noqa: E731
                             for u, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', link)]
        assert rels(ours) == rels(theirs), number
        assert len(response.json()) == len(page["response"])
        # every query parameter is repeated in the links (PyGithub follows them verbatim)
        assert all("per_page=3" in u for u in re.findall(r"<([^>]+)>", ours))
        assert all(u.startswith(fake.base_url) for u in re.findall(r"<([^>]+)>", ours))
        url = dict((rel, u) for u, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', ours)).get(
            "next", url)


def test_rate_limit_headers_are_epoch_seconds_on_every_answer(
        fake: FakeGitHub, http: requests.Session) -> None:
    real = recorded("paginate-issues")[0]["headers"]
    assert len(real["x-ratelimit-reset"]) == 13  # the fixtures normalise it to milliseconds
    for response in (_call(http, fake, "GET", f"/repos/{fake.full_name}"),
                     _call(http, fake, "GET", f"/repos/{fake.full_name}/issues/7"),
                     requests.get(fake.base_url + "/rate_limit", timeout=5)):
        headers = response.headers
        assert {"x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset",
                "x-ratelimit-used", "x-ratelimit-resource"} <= {h.lower() for h in headers}
        assert time.time() < int(headers["x-ratelimit-reset"]) < time.time() + 3700


def _request_key(target: str) -> str:
    # PyGithub re-encodes the query of a `next` link with its parameters sorted.
    path, _, query = target.partition("?")
    return f"{path}?{urlencode(sorted(parse_qsl(query)))}"


class _Replay(BaseHTTPRequestHandler):
    """Serves recorded responses by path and query, api.github.com rewritten to itself."""

    protocol_version = "HTTP/1.1"
    answers: dict[str, dict[str, Any]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        record = self.answers.get(_request_key(self.path))
        base = f"http://{self.headers['Host']}"
        if record is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        payload = json.dumps(record["response"]).replace(RECORDED_API, base).encode()
        self.send_response(record["status"])
        for name, value in record["headers"].items():
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, str(value).replace(RECORDED_API, base))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def test_pygithub_reads_recorded_github_pages_like_the_fakes() -> None:
    answers = {_request_key(r["path"]): r for r in recorded("paginate-issues")}
    handler = type("Replay", (_Replay,), {"answers": answers})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        client = Github(auth=Auth.Token("0" * 40), base_url=base, per_page=3, lazy=True,
                        retry=None, seconds_between_requests=None)
        issues = list(client.get_repo("octokit-fixture-org/paginate-issues").get_issues())
        assert [i.number for i in issues] == list(range(13, 0, -1))
        assert client.rate_limiting == (4999, 5000)
    finally:
        server.shutdown()
        server.server_close()
    with FakeGitHub(repo="octokit-fixture-org/paginate-issues") as fake:
        for n in range(13):
            fake.add_issue(f"Test issue {n + 1}")
        client = Github(auth=Auth.Token(fake.token), base_url=fake.base_url, per_page=3,
                        lazy=True, retry=None, seconds_between_requests=None)
        ours = list(client.get_repo(fake.full_name).get_issues())
        assert [i.number for i in ours] == [i.number for i in issues]
        assert fake.count("GET") == len(answers) == 5
