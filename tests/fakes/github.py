"""A fake GitHub REST API on 127.0.0.1, for driving the unmodified PyGithub over real HTTP.

It serves one repository's issues, labels, comments and assignees as GitHub does (the JSON
shapes live in `github_json.py`; both are checked against GitHub's OpenAPI description and
recorded responses in `tests/backends/github/test_fake.py`):
- every absolute URL is built from the exact scheme, `Host` and path prefix the client used
  (PyGithub refuses URLs on its own host with another port or prefix);
- listings page with `Link` headers in GitHub's exact spacing, repeating every query parameter
  (PyGithub follows `rel="next"`, re-sorting its query); `labels=` is an AND filter,
  case-insensitive;
  pull requests are mixed into `/issues` like on GitHub;
- creates answer 201, unknown labels are created on issue create (colour ededed);
- every response carries the `x-ratelimit-*` headers; errors carry GitHub's bodies;
- a request log (`requests`, `count`, `writes`) lets tests prove request budgets;
- faults can be injected: a status for the next matching requests (5xx bursts, secondary
  and primary rate limits), a response lost after the write was stored (the connection
  closes without an answer), slow answers, a write that commits late (after the client has
  given up), answers that are not GitHub's JSON (an empty body, HTML, truncated JSON, a
  redirect), and latency with random jitter on everything;
- the git database a lock across runs needs (refs, tag objects, commits; `github_git.py`),
  with `contents_writable` for a token without `contents: write`.
- with `limits`, GitHub's secondary limits on content creation are enforced on `clock` (see
  `github_limits.py`): a write beyond them is refused with 403 and `Retry-After`.
"""

from __future__ import annotations

import json
import random
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from tests.fakes.github_git import GitApiError, GitDatabase
from tests.fakes.github_json import GitHubShapes
from tests.fakes.github_limits import CONTENT_METHODS, ContentLimits

DOCS = "https://docs.github.com/rest"
SECONDARY_MESSAGE = ("You have exceeded a secondary rate limit. Please wait a few minutes before "
                     "you try again. If you reach out to GitHub Support for help, please include "
                     "the request ID 0000:0000:0000000:0000000:00000000.")
PRIMARY_MESSAGE = ("API rate limit exceeded for user ID 1. If you reach out to GitHub Support "
                   "for help, please include the request ID 0000:0000:0000000:0000000:00000000.")
RATE_LIMIT = 5000


@dataclass
class Recorded:
    """One request as the fake saw it. `status` is 0 when the connection was dropped."""

    method: str
    path: str  # without the API prefix and the query
    query: dict[str, str]
    status: int = 0
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """A failure served instead of the next `times` requests that match method and path.
    `status=None` answers normally, after `delay` seconds (a slow GitHub)."""

    status: int | None = 502
    times: int = 1
    method: str | None = None
    path: str | None = None  # a regex searched in the path
    drop: bool = False       # close the connection without answering
    stored: bool = False     # carry the request out first: the write happens, the answer fails
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    raw: bytes | None = None          # the answer's body exactly, instead of `body` as JSON
    content_type: str | None = None   # with `raw`: its content type (None: GitHub's JSON one)
    skip: int = 0                     # let this many matching requests through first

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or re.search(self.path, path) is not None))


class ApiError(Exception):
    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def _error(status: int, message: str, **extra: Any) -> ApiError:
    return ApiError(status, {"message": message, "documentation_url": DOCS, "status": str(status),
                             **extra})


def _invalid(resource: str, field_name: str, code: str, **extra: Any) -> ApiError:
    return ApiError(422, {"message": "Validation Failed", "errors": [
        {"resource": resource, "code": code, "field": field_name, **extra}],
        "documentation_url": DOCS, "status": "422"})


@dataclass(frozen=True)
class RawBody:
    """An answer body sent as these bytes, with this content type: what a proxy, a login
    page or a broken server sends instead of GitHub's JSON."""

    data: bytes
    content_type: str | None = None


class FakeGitHub(GitHubShapes, GitDatabase):
    """One repository on a fake GitHub. Use as a context manager, or start()/stop()."""

    def __init__(self, repo: str = "acme/incidents", *, token: str = "ghp_fake_token_0123456789",
                 assignable: set[str] = frozenset({"alice", "bob"}), prefix: str = "",
                 viewer: str = "actiontrack-bot", clock: Any = time.time,
                 limits: ContentLimits | None = None) -> None:
        self.owner, self.name = repo.split("/")
        self.clock = clock  # issue timestamps and the windows of `limits`
        self.limits = limits
        self.token = token
        self.assignable = {a.casefold() for a in assignable}
        self.prefix = prefix.rstrip("/")
        self.viewer = viewer
        self.issues_enabled = True
        self.latency = 0.0
        self.jitter = 0.0  # every answer waits latency + a random 0..jitter seconds
        self.rng = random.Random(0)
        self.faults: list[Fault] = []
        self.requests: list[Recorded] = []
        self._issues: dict[int, dict[str, Any]] = {}
        self._labels: dict[str, dict[str, Any]] = {}
        self._comments: dict[int, list[dict[str, Any]]] = {}
        self._deleted: set[int] = set()
        self._ids = 1000
        self._reset = int(clock()) + 3600
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._git_init()

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeGitHub:
        fake = self

        class Handler(_Handler):
            github = fake

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.prefix}"

    # -- faults --------------------------------------------------------------------------
    def inject(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def fail(self, status: int = 502, *, times: int = 1, method: str | None = None,
             path: str | None = None, stored: bool = False) -> Fault:
        body = {"message": "Server Error"} if status >= 500 else None
        return self.inject(Fault(status, times, method, path, stored=stored, body=body))

    def lose_response(self, *, method: str = "POST", path: str = r"/issues$",
                      times: int = 1) -> Fault:
        """The write is stored, then the connection closes with no answer."""
        return self.inject(Fault(0, times, method, path, drop=True, stored=True))

    def slow(self, seconds: float, *, method: str | None = None, path: str | None = None,
             times: int = 1, stored: bool = True) -> Fault:
        """Answer the next matching requests normally, `seconds` late: a client that times
        out meanwhile does not know the write happened. `stored`: the write is done before
        the wait (GitHub ends its own processing after 10 s); else after it."""
        return self.inject(Fault(None, times, method, path, stored=stored, delay=seconds))

    def late_commit(self, seconds: float, *, method: str = "POST", path: str = r"/issues$",
                    times: int = 1) -> Fault:
        """The write is carried out `seconds` after it arrived, and only then answered: a
        client whose timeout is shorter has given up and does not know it happened."""
        return self.slow(seconds, method=method, path=path, times=times, stored=False)

    def garbage(self, data: bytes, *, status: int = 200, content_type: str | None = "text/html",
                method: str | None = "GET", path: str | None = r"/issues$", times: int = 1,
                stored: bool = False, headers: dict[str, str] | None = None) -> Fault:
        """Answer the next matching requests with `data` instead of GitHub's JSON (an empty
        body, an HTML page, truncated JSON); `stored`: the write is carried out first."""
        return self.inject(Fault(status, times, method, path, stored=stored, raw=data,
                                 content_type=content_type, headers=headers or {}))

    def redirect(self, status: int, location: str, *, method: str | None = None,
                 path: str | None = None, times: int = 1) -> Fault:
        """Answer with a redirect (a login page, a moved repository), carrying out nothing."""
        return self.inject(Fault(status, times, method, path, raw=b"", content_type="text/html",
                                 headers={"location": location}))

    def secondary_limit(self, *, retry_after: int | None = 60, status: int = 403,
                        times: int = 1, method: str | None = None,
                        path: str | None = None) -> Fault:
        headers = {"retry-after": str(retry_after)} if retry_after is not None else {}
        return self.inject(Fault(status, times, method, path, headers=headers, body={
            "message": SECONDARY_MESSAGE, "documentation_url":
            "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}))

    def primary_limit(self, *, reset_in: int = 3600, status: int = 403, times: int = 1) -> Fault:
        return self.inject(Fault(status, times, headers={
            "x-ratelimit-remaining": "0", "x-ratelimit-reset": str(int(self.clock()) + reset_in)},
            body={"message": PRIMARY_MESSAGE, "documentation_url":
                  "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"}))

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(method, path):
                    if fault.skip > 0:
                        fault.skip -= 1
                        continue
                    fault.times -= 1
                    return fault
        return None

    # -- the request log -----------------------------------------------------------------
    def count(self, method: str | None = None, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if (method is None or r.method == method)
                       and (path is None or re.search(path, r.path)))

    def writes(self) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.method != "GET")

    def clear_log(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- direct access for tests ---------------------------------------------------------
    def issues(self, *, pulls: bool = False) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(i) for i in self._issues.values() if pulls or not i["pull"]]

    def labels(self) -> dict[str, dict[str, Any]]:
        """The repository's labels by name: colour and description."""
        with self._lock:
            return {lbl["name"]: dict(lbl) for lbl in self._labels.values()}

    def add_label(self, name: str, color: str, description: str | None = None) -> None:
        """A label made by a person on GitHub."""
        with self._lock:
            self._label(name, color, description)

    def comments(self, number: int) -> list[str]:
        with self._lock:
            return [c["body"] for c in self._comments.get(number, [])]

    def add_issue(self, title: str, *, body: str | None = None, labels: tuple[str, ...] = (),
                  pull: bool = False, state: str = "open") -> int:
        """An issue (or a pull request) made by a person, outside actiontrack."""
        with self._lock:
            issue = self._store_issue({"title": title, "body": body, "labels": list(labels)},
                                      user="someone")
            issue["pull"], issue["state"] = pull, state
            return issue["number"]

    def edit_issue(self, number: int, **changes: Any) -> None:
        """An edit made by a person on GitHub (title, body, state, labels, assignees...)."""
        with self._lock:
            if "labels" in changes:  # a label people add is created, as on GitHub
                changes["labels"] = [self._label(str(n))["name"] for n in changes["labels"]]
            self._issues[number].update(changes)
            self._issues[number]["updated_at"] = self.clock()

    def delete_issue(self, number: int) -> None:
        with self._lock:
            del self._issues[number]
            self._deleted.add(number)

    # -- state changes -------------------------------------------------------------------
    def _next_id(self) -> int:
        self._ids += 1
        return self._ids

    def _label(self, name: str, color: str = "ededed", description: str | None = None
               ) -> dict[str, Any]:
        if len(name) > 50:
            raise _invalid("Label", "name", "invalid")
        label = self._labels.get(name.casefold())
        if label is None:
            label = {"id": self._next_id(), "name": name, "color": color,
                     "description": description}
            self._labels[name.casefold()] = label
        return label

    def _assignees(self, logins: Any) -> list[str]:
        if not isinstance(logins, list):
            raise _invalid("Issue", "assignees", "invalid")
        for login in logins:
            if str(login).casefold() not in self.assignable:
                raise _invalid("Issue", "assignees", "invalid", value=login)
        return [str(login) for login in logins]

    def _check_text(self, data: dict[str, Any]) -> None:
        if "title" in data and not str(data["title"] or "").strip():
            raise _invalid("Issue", "title", "missing_field")
        if len(str(data.get("title") or "")) > 256:
            raise _invalid("Issue", "title", "custom",
                           message="title is too long (maximum is 256 characters)")
        if len(data.get("body") or "") > 65536:
            raise _invalid("Issue", "body", "custom",
                           message="body is too long (maximum is 65536 characters)")

    def _store_issue(self, data: dict[str, Any], *, user: str) -> dict[str, Any]:
        if "title" not in data:
            raise _invalid("Issue", "title", "missing_field")
        self._check_text(data)
        assignees = self._assignees(data.get("assignees") or [])
        labels = [self._label(str(n))["name"] for n in data.get("labels") or []]
        number = max([*self._issues, *self._deleted, 0]) + 1
        now = self.clock()
        issue = {"number": number, "id": self._next_id(), "title": str(data["title"]),
                 "body": data.get("body"), "state": "open", "state_reason": None,
                 "labels": list(dict.fromkeys(labels)), "assignees": assignees, "user": user,
                 "created_at": now, "updated_at": now, "closed_at": None, "pull": False}
        self._issues[number] = issue
        return issue

    def _edit(self, issue: dict[str, Any], data: dict[str, Any]) -> None:
        self._check_text(data)
        changes: dict[str, Any] = {k: data[k] for k in ("title", "body") if k in data}
        if "assignees" in data:
            changes["assignees"] = self._assignees(data["assignees"])
        if "labels" in data:
            changes["labels"] = list(dict.fromkeys(self._label(str(n))["name"]
                                                   for n in data["labels"]))
        state = data.get("state")
        if state not in (None, "open", "closed"):
            raise _invalid("Issue", "state", "invalid")
        reason = data.get("state_reason")
        if reason not in (None, "completed", "not_planned", "duplicate", "reopened"):
            raise _invalid("Issue", "state_reason", "invalid")
        if state == "closed" and issue["state"] != "closed":
            changes.update(state="closed", closed_at=self.clock(),
                           state_reason=reason or "completed")
        elif state == "closed" and reason:
            changes["state_reason"] = reason
        elif state == "open" and issue["state"] != "open":
            changes.update(state="open", closed_at=None, state_reason="reopened")
        issue.update(changes)
        issue["updated_at"] = self.clock()

    # -- routes --------------------------------------------------------------------------
    def route(self, method: str, path: str, query: dict[str, str], data: Any, api: str,
              web: str) -> tuple[int, Any, dict[str, str]]:
        """Answer one authenticated request: (status, JSON body or None, extra headers)."""
        if path == "/rate_limit" and method == "GET":
            core = {"limit": RATE_LIMIT, "remaining": RATE_LIMIT - len(self.requests),
                    "reset": self._reset, "used": len(self.requests)}
            search = {"limit": 30, "remaining": 30, "reset": int(self.clock()) + 60, "used": 0}
            return 200, {"resources": {"core": core, "search": search}, "rate": core}, {}
        match = re.fullmatch(r"/repos/([^/]+)/([^/]+)(/.*)?", path)
        if not match or (match[1].casefold(), match[2].casefold()) != (
                self.owner.casefold(), self.name.casefold()):
            raise _error(404, "Not Found")
        rest = match[3] or ""
        if rest == "" and method == "GET":
            return 200, self._repo_json(api, web), {}
        if rest.startswith("/issues") and not self.issues_enabled:
            raise _error(410, "Issues are disabled for this repo")
        for pattern, verb, handler in self._routes():
            found = re.fullmatch(pattern, rest)
            if found and verb == method:
                return handler(*found.groups(), query=query, data=data, api=api, web=web)
        raise _error(404, "Not Found")

    def _routes(self) -> list[tuple[str, str, Any]]:
        return [
            ("/issues", "GET", self._list_issues), ("/issues", "POST", self._create_issue),
            (r"/issues/(\d+)", "GET", self._get_issue), (r"/issues/(\d+)", "PATCH", self._patch),
            (r"/issues/(\d+)/comments", "GET", self._list_comments),
            (r"/issues/(\d+)/comments", "POST", self._comment),
            (r"/assignees/([^/]+)", "GET", self._check_assignee),
            ("/labels", "GET", self._list_labels), ("/labels", "POST", self._create_label),
            (r"/labels/([^/]+)", "GET", self._get_label),
            *self.git_routes(),
        ]

    def _find(self, number: str) -> dict[str, Any]:
        issue = self._issues.get(int(number))
        if issue is None:
            if int(number) in self._deleted:
                raise _error(410, "This issue was deleted")
            raise _error(404, "Not Found")
        return issue

    def _list_issues(self, *, query: dict[str, str], api: str, web: str, **_: Any):
        state = query.get("state", "open")
        if state not in ("open", "closed", "all"):
            raise _invalid("Issue", "state", "invalid")
        wanted = {n.strip().casefold() for n in query.get("labels", "").split(",") if n.strip()}
        found = [i for i in self._issues.values()
                 if (state == "all" or i["state"] == state)
                 and wanted <= {n.casefold() for n in i["labels"]}]
        found.sort(key=lambda i: (i["created_at"], i["number"]),
                   reverse=query.get("direction", "desc") == "desc")
        return self._page([self._issue_json(i, api, web, single=False) for i in found], query,
                          api, "/issues")

    def _page(self, items: list[Any], query: dict[str, str], api: str, rest: str):
        per_page = max(1, min(int(query.get("per_page", 30)), 100))
        page = max(1, int(query.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        body = items[(page - 1) * per_page: page * per_page]
        base = f"{api}/repos/{self.full_name}{rest}"
        keep = [(k, v) for k, v in query.items() if k != "page"]

        def link(n: int, rel: str) -> str:
            return f'<{base}?{urlencode([*keep, ("page", n)])}>; rel="{rel}"'

        rels = []
        if page > 1:
            rels.append(link(page - 1, "prev"))
        if page < last:
            rels += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            rels.append(link(1, "first"))
        return 200, body, ({"link": ", ".join(rels)} if rels else {})

    def _create_issue(self, *, data: Any, api: str, web: str, **_: Any):
        issue = self._store_issue(data if isinstance(data, dict) else {}, user=self.viewer)
        body = self._issue_json(issue, api, web)
        return 201, body, {"location": body["url"]}

    def _get_issue(self, number: str, *, api: str, web: str, **_: Any):
        return 200, self._issue_json(self._find(number), api, web), {}

    def _patch(self, number: str, *, data: Any, api: str, web: str, **_: Any):
        issue = self._find(number)
        self._edit(issue, data if isinstance(data, dict) else {})
        return 200, self._issue_json(issue, api, web), {}

    def _list_comments(self, number: str, *, query: dict[str, str], api: str, web: str,
                       **_: Any):
        self._find(number)
        items = [self._comment_json(int(number), c, api, web)
                 for c in self._comments.get(int(number), [])]
        return self._page(items, query, api, f"/issues/{number}/comments")

    def _comment(self, number: str, *, data: Any, api: str, web: str, **_: Any):
        issue = self._find(number)
        if not isinstance(data, dict) or not data.get("body"):
            raise _invalid("IssueComment", "body", "missing_field")
        comment = {"id": self._next_id(), "body": str(data["body"]), "at": self.clock()}
        self._comments.setdefault(issue["number"], []).append(comment)
        body = self._comment_json(issue["number"], comment, api, web)
        return 201, body, {"location": body["url"]}

    def _check_assignee(self, login: str, **_: Any):
        if unquote(login).casefold() in self.assignable:
            return 204, None, {}
        raise _error(404, "Not Found")

    def _list_labels(self, *, query: dict[str, str], api: str, **_: Any):
        return self._page([self._label_json(lbl, api) for lbl in self._labels.values()],
                          query, api, "/labels")

    def _create_label(self, *, data: Any, api: str, **_: Any):
        if not isinstance(data, dict) or not data.get("name"):
            raise _invalid("Label", "name", "missing_field")
        if str(data["name"]).casefold() in self._labels:
            raise _invalid("Label", "name", "already_exists")
        if not re.fullmatch(r"[0-9a-fA-F]{6}", str(data.get("color", "ededed"))):
            raise _invalid("Label", "color", "invalid")
        label = self._label(str(data["name"]), str(data.get("color", "ededed")),
                            data.get("description"))
        body = self._label_json(label, api)
        return 201, body, {"location": body["url"]}

    def _get_label(self, name: str, *, api: str, **_: Any):
        label = self._labels.get(unquote(name).casefold())
        if label is None:
            raise _error(404, "Not Found")
        return 200, self._label_json(label, api), {}


class _QuietServer(ThreadingHTTPServer):
    """A client that gave up (its timeout) before a slow answer is no server error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    github: FakeGitHub

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, delayed ACKs add 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        fake = self.github
        url = urlsplit(self.path)
        path = url.path[len(fake.prefix):] if url.path.startswith(fake.prefix) else url.path
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        record = Recorded(method, path, query, body=data,
                          headers={k.casefold(): v for k, v in self.headers.items()})
        with fake._lock:
            fake.requests.append(record)
        if fake.latency or fake.jitter:
            with fake._lock:
                extra = fake.rng.uniform(0, fake.jitter) if fake.jitter else 0.0
            time.sleep(fake.latency + extra)
        # Every URL in an answer uses the exact address the client used (PyGithub checks it).
        api = f"http://{self.headers['Host']}{fake.prefix}"
        web = f"http://{self.headers['Host']}"
        fault = fake._take_fault(method, path)
        if fault is not None and fault.delay and not fault.stored:
            time.sleep(fault.delay)  # slow to start: the write lands late
        with fake._lock:
            status, body, headers = self._answer(method, path, query, data, api, web,
                                                 None if fault and fault.status is None
                                                 else fault)
        if fault is not None and fault.delay and fault.stored:
            time.sleep(fault.delay)  # done at once, the answer is slow to come back
        record.status = status
        if status == 0:
            self.close_connection = True  # the answer is lost
            return
        self._send(status, body, headers)

    def _answer(self, method: str, path: str, query: dict[str, str], data: Any, api: str,
                web: str, fault: Fault | None) -> tuple[int, Any, dict[str, str]]:
        fake = self.github
        auth = self.headers.get("Authorization", "")
        scheme, _, given = auth.partition(" ")
        if not auth:
            return 401, {"message": "Requires authentication", "documentation_url": DOCS,
                         "status": "401"}, {}
        if scheme.casefold() not in ("token", "bearer") or given != fake.token:
            return 401, {"message": "Bad credentials", "documentation_url": DOCS,
                         "status": "401"}, {}
        if fault is not None and not fault.stored:
            return fault.status, self._fault_body(fault), fault.headers
        if fake.limits is not None and method in CONTENT_METHODS:
            wait = fake.limits.admit(fake.clock())
            if wait is not None:
                return 403, {"message": SECONDARY_MESSAGE, "documentation_url": DOCS}, {
                    "retry-after": ContentLimits.retry_after(wait)}
        try:
            answer = fake.route(method, path, query, data, api, web)
        except ApiError as exc:
            answer = (exc.status, exc.body, exc.headers)
        except GitApiError as exc:
            answer = exc.answer()
        if fault is not None:
            return fault.status, self._fault_body(fault), fault.headers
        return answer

    @staticmethod
    def _fault_body(fault: Fault) -> Any:
        return RawBody(fault.raw, fault.content_type) if fault.raw is not None else fault.body

    def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
        fake = self.github
        if isinstance(body, RawBody):
            payload = body.data
            if body.content_type is not None:
                headers = {**headers, "content-type": body.content_type}
        else:
            payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        used = len(fake.requests)
        base = {"content-type": "application/json; charset=utf-8",
                "x-github-media-type": "github.v3; format=json",
                "x-github-api-version-selected": "2022-11-28",
                "x-github-request-id": f"0000:0000:{used:07d}:0000000:00000000",
                "x-ratelimit-limit": str(RATE_LIMIT),
                "x-ratelimit-remaining": str(max(0, RATE_LIMIT - used)),
                "x-ratelimit-reset": str(fake._reset), "x-ratelimit-used": str(used),
                "x-ratelimit-resource": "core"}
        base.update({k.casefold(): v for k, v in headers.items()})
        for name, value in base.items():
            if status != 204 or name != "content-type":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if payload:
            self.wfile.write(payload)


# Retries in tests wait milliseconds, not seconds; the waits asked for are still checked.
FAST_RETRY = {"attempts": 3, "base_delay": 0.01, "max_delay": 5.0, "max_total_wait": 10.0}


def github_env(fake: FakeGitHub, **extra: str) -> dict[str, str]:
    """The environment a GitHub Actions job would give, pointed at the fake."""
    return {"GITHUB_TOKEN": fake.token, "GITHUB_REPOSITORY": fake.full_name,
            "GITHUB_API_URL": fake.base_url, **extra}


def backend_for(fake: FakeGitHub, config: Any = None, *, env: dict[str, str] | None = None,
                sleep: Any = time.sleep, clock: Any = time.time, workdir: Any = None,
                **retry: float) -> Any:
    """A GitHubBackend on the fake with no write throttling and fast retries (`clock` and
    `sleep`: a `FakeClock`'s, to run GitHub's limits without waiting)."""
    from actiontrack.backends.github import GitHubBackend
    from actiontrack.config import Config
    from actiontrack.retry import RetryPolicy
    if config is None:
        config = Config(backends={"github": {"seconds_between_writes": 0}})
    return GitHubBackend(config, github_env(fake) if env is None else env,
                         policy=RetryPolicy(**{**FAST_RETRY, **retry}), sleep=sleep, clock=clock,
                         workdir=workdir)
