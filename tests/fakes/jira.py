"""A fake Jira server, Cloud or Data Center flavour, for driving the unmodified `jira` client
over real HTTP on 127.0.0.1.

It serves what a tracker integration uses (apis.md B3): serverInfo, field, project,
createmeta, issue create / bulk / get / edit, transitions, comments, assignee, user search,
and search — `/search/jql` with `nextPageToken` on Cloud (the old `/search` answers 410),
`/search` with `startAt`/`total` on Data Center. Errors have Jira's
`{"errorMessages": [...], "errors": {...}}` shape. Auth is Basic on both flavours, Bearer (a
personal access token) on Data Center only.

Every request is logged (`requests`, `count`) and faults can be scripted: a status (5xx
bursts, 429 with an integer or HTTP-date Retry-After), a lost response after the request was
carried out (`drop`), as when a connection dies after Jira stored a create, or a late one
(`delay`), past the client's timeout.
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .jira_world import (
    ISSUE_TYPES,
    PRIORITIES,
    PROJECT_ID,
    STATUSES,
    WORKFLOW,
    CustomField,
    JqlError,
    User,
    World,
    stamp,
)

CLOUD_EMAIL, CLOUD_TOKEN = "bot@example.com", "cloud-api-token-123"
DC_PAT = "dc-personal-access-token-456"
DC_USER, DC_PASSWORD = "bot", "dc-password-789"
BULK_CAP = 50
GONE_SEARCH = ("The requested API has been removed. Please migrate to the /rest/api/3/search/jql "
               "API. A full migration guideline is available at "
               "https://developer.atlassian.com/changelog/#CHANGE-2046")

# (method, route pattern on the path after /rest/api/{2,3,latest}, route name as in the spec)
ROUTES = [
    ("GET", r"/serverInfo", "/serverInfo"),
    ("GET", r"/myself", "/myself"),
    ("GET", r"/field", "/field"),
    ("GET", r"/project/(?P<p>[^/]+)", "/project/{projectIdOrKey}"),
    ("GET", r"/issue/createmeta/(?P<p>[^/]+)/issuetypes",
     "/issue/createmeta/{projectIdOrKey}/issuetypes"),
    ("GET", r"/issue/createmeta/(?P<p>[^/]+)/issuetypes/(?P<t>[^/]+)",
     "/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}"),
    ("POST", r"/issue/bulk", "/issue/bulk"),
    ("POST", r"/issue", "/issue"),
    ("GET", r"/issue/(?P<k>[^/]+)", "/issue/{issueIdOrKey}"),
    ("PUT", r"/issue/(?P<k>[^/]+)", "/issue/{issueIdOrKey}"),
    ("GET", r"/issue/(?P<k>[^/]+)/transitions", "/issue/{issueIdOrKey}/transitions"),
    ("POST", r"/issue/(?P<k>[^/]+)/transitions", "/issue/{issueIdOrKey}/transitions"),
    ("GET", r"/issue/(?P<k>[^/]+)/comment", "/issue/{issueIdOrKey}/comment"),
    ("POST", r"/issue/(?P<k>[^/]+)/comment", "/issue/{issueIdOrKey}/comment"),
    ("PUT", r"/issue/(?P<k>[^/]+)/assignee", "/issue/{issueIdOrKey}/assignee"),
    ("GET", r"/user/search", "/user/search"),
    ("GET", r"/search/jql", "/search/jql"),
    ("POST", r"/search/jql", "/search/jql"),
    ("GET", r"/search", "/search"),
    ("POST", r"/search", "/search"),
]
_PREFIX = re.compile(r"^/rest/api/(?P<v>2|3|latest)(?P<rest>/.*)$")


@dataclass
class Fault:
    """A scripted misbehaviour for requests matching `method` and `route` (a route name)."""

    method: str
    route: str
    status: int | None = 503      # the answer instead of the real one (None with drop=True)
    drop: bool = False            # carry the request out, then close without answering
    delay: float = 0.0            # carry the request out, then wait this long to answer
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    skip: int = 0                 # let this many matching requests through first


@dataclass
class Logged:
    method: str
    route: str
    path: str
    query: dict[str, list[str]]
    status: int | None
    body: Any
    version: str


class Reply(Exception):
    """Raised by a route to answer at once with a status and a JSON body."""

    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        super().__init__(status)
        self.status, self.body, self.headers = status, body, headers or {}


def errors(status: int, messages: list[str] | None = None, fields: dict[str, str] | None = None
           ) -> Reply:
    return Reply(status, {"errorMessages": messages or [], "errors": fields or {}})


class FakeJira:
    """`with FakeJira("cloud") as jira: jira.url ...`; flavour is "cloud" or "dc"."""

    def __init__(self, flavour: str = "cloud", *, project: str = "OPS",
                 custom_fields: list[CustomField] | None = None, page_cap: int = 100,
                 index_lag: int = 0) -> None:
        assert flavour in ("cloud", "dc")
        self.flavour = flavour
        self.world = World(cloud=flavour == "cloud", project=project,
                           custom_fields=list(custom_fields or []))
        self.page_cap = page_cap
        # Cloud's search index lags writes: a new issue shows up in /search/jql only after
        # this many later searches, unless a search names it in reconcileIssues.
        self.index_lag = index_lag
        self.searches = 0
        self.faults: list[Fault] = []
        self.requests: list[Logged] = []
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> FakeJira:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def cloud(self) -> bool:
        return self.flavour == "cloud"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment a CI job would set for this flavour."""
        env = {"JIRA_URL": self.url, "JIRA_PROJECT": self.world.project}
        env.update({"JIRA_EMAIL": CLOUD_EMAIL, "JIRA_API_TOKEN": CLOUD_TOKEN} if self.cloud
                   else {"JIRA_PAT": DC_PAT})
        env.update(extra)
        return env

    # -- inspection --------------------------------------------------------------------
    def count(self, method: str | None = None, route: str | None = None) -> int:
        return sum(1 for r in self.requests
                   if (method is None or r.method == method)
                   and (route is None or r.route == route))

    def writes(self) -> list[Logged]:
        return [r for r in self.requests if r.method in ("POST", "PUT", "DELETE")
                and "/search" not in r.route]

    def reset_log(self) -> None:
        self.requests.clear()

    def issues(self) -> list[dict[str, Any]]:
        with self.world.lock:
            return list(self.world.issues.values())

    def comments(self, key: str) -> list[Any]:
        stored = self.world.find(key)
        return [c["body"] for c in stored["comments"]] if stored else []

    # -- answering ---------------------------------------------------------------------
    def caller(self, header: str | None) -> User | None:
        """The account these credentials belong to, or None (401)."""
        if not header:
            return None
        scheme, _, value = header.partition(" ")
        bot = User("bot", "actiontrack bot", CLOUD_EMAIL, "557058:bot")
        if scheme.lower() == "bearer":
            return bot if not self.cloud and value == DC_PAT else None
        if scheme.lower() != "basic":
            return None
        try:
            user, _, secret = base64.b64decode(value).decode().partition(":")
        except ValueError:
            return None
        good = (CLOUD_EMAIL, CLOUD_TOKEN) if self.cloud else (DC_USER, DC_PASSWORD)
        return bot if (user, secret) == good else None

    def fault_for(self, method: str, route: str) -> Fault | None:
        with self.world.lock:
            for fault in self.faults:
                if fault.method == method and fault.route == route and fault.times > 0:
                    if fault.skip > 0:
                        fault.skip -= 1
                        return None
                    fault.times -= 1
                    return fault
        return None

    def route(self, method: str, path: str) -> tuple[str, dict[str, str], str] | None:
        m = _PREFIX.match(path)
        if not m or (m.group("v") == "3" and not self.cloud):  # Data Center has no REST v3
            return None
        for verb, pattern, name in ROUTES:
            hit = re.fullmatch(pattern, m.group("rest"))
            if verb == method and hit:
                return name, hit.groupdict(), m.group("v")
        return None

    def handle(self, method: str, name: str, args: dict[str, str], version: str,
               query: dict[str, list[str]], body: Any, base: str, caller: User) -> Reply:
        from . import jira_routes
        return jira_routes.dispatch(self, method, name, args, version, query, body, base, caller)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One segment per answer, sent at once: no 40 ms delayed-ACK stall per request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True
    fake: FakeJira

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def _serve(self) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        found = fake.route(self.command, parts.path)
        name = found[0] if found else parts.path
        version = found[2] if found else "?"
        entry = Logged(self.command, name, parts.path, query, None, None, version)
        fake.requests.append(entry)
        base = f"http://{self.headers.get('Host')}"
        caller = fake.caller(self.headers.get("Authorization"))
        if caller is None:
            headers = {"WWW-Authenticate": 'Basic realm="protected-area"'}
            if not fake.cloud:
                headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
            return self._reply(entry, Reply(401, None, headers))
        fault = fake.fault_for(self.command, name)
        if fault is not None and not fault.drop and not fault.delay:
            status = fault.status or 503
            return self._reply(entry, errors(status, [f"scripted fault: HTTP {status}"]),
                               extra=fault.headers)
        if found is None:
            reply = errors(404, ["null for uri: " + parts.path])
        else:
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
                reply = errors(400, ["Unexpected character in the request body"])
            else:
                try:
                    with fake.world.lock:
                        reply = fake.handle(self.command, name, found[1], version, query, body,
                                            base, caller)
                except Reply as answer:
                    reply = answer
                except JqlError as exc:
                    reply = errors(400, [str(exc)])
        if fault is not None and fault.delay:
            time.sleep(fault.delay)  # the client has given up by now: an answer nobody reads
        if fault is not None and fault.drop:
            entry.status = None  # carried out; the answer is lost
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return None
        return self._reply(entry, reply)

    def _reply(self, entry: Logged, reply: Reply, extra: dict[str, str] | None = None) -> None:
        entry.status, entry.body = reply.status, reply.body
        payload = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        headers = {**reply.headers, **(extra or {})}
        if payload:
            self.send_header("Content-Type", "application/json;charset=UTF-8")
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


__all__ = ["FakeJira", "Fault", "CustomField", "ISSUE_TYPES", "PROJECT_ID", "PRIORITIES",
           "STATUSES", "WORKFLOW", "stamp", "GONE_SEARCH"]
