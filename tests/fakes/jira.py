"""A fake Jira server, Cloud or Data Center flavour, for driving the unmodified `jira` client
over real HTTP on 127.0.0.1.

It serves what a tracker integration uses (apis.md B3): serverInfo, field, project,
createmeta, issue create / bulk / get / edit / bulkfetch (Cloud), issue entity properties,
transitions, comments, assignee, user search, and search — `/search/jql` with
`nextPageToken` on Cloud (the old `/search` answers 410), `/search` with `startAt`/`total` on
Data Center. Search goes through an index that lags writes by `search_index_delay_ms` on both
flavours (`jira_jql.py`); reads by key do not. Page sizes are capped as Jira caps them: Cloud
gives at most 100 issues a page with fields (5000 with ids only), Data Center at most 1000
(its default `jira.search.views.default.max`); both echo or page by what they really sent.
Errors have Jira's `{"errorMessages": [...], "errors": {...}}` shape. Auth is Basic on both
flavours, Bearer (a personal access token) on Data Center only.

Every request is logged (`requests`, `count`) and faults can be scripted: a status (5xx
bursts, 429 with an integer or HTTP-date Retry-After), a lost response after the request was
carried out (`drop`), a late answer (`delay`) or a late commit (`commit_delay`: the request is
carried out only after the client gave up), and answers that are not Jira's: an HTML page or
any other bytes (`body`, as a login wall or a proxy sends), JSON cut short (`truncate`), a
redirect to a login page (`redirect`).
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from .jira_jql import JqlError
from .jira_world import (
    ISSUE_TYPES,
    PRIORITIES,
    PROJECT_ID,
    STATUSES,
    WORKFLOW,
    CustomField,
    User,
    World,
    stamp,
)

CLOUD_EMAIL, CLOUD_TOKEN = "bot@example.com", "cloud-api-token-123"
DC_PAT = "dc-personal-access-token-456"
DC_USER, DC_PASSWORD = "bot", "dc-password-789"
BULK_CAP = 50
BULKFETCH_CAP = 100
CLOUD_PAGE, CLOUD_ID_PAGE, DC_PAGE = 100, 5000, 1000
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
    ("POST", r"/issue/bulkfetch", "/issue/bulkfetch"),
    ("POST", r"/issue", "/issue"),
    ("GET", r"/issue/(?P<k>[^/]+)", "/issue/{issueIdOrKey}"),
    ("PUT", r"/issue/(?P<k>[^/]+)", "/issue/{issueIdOrKey}"),
    ("GET", r"/issue/(?P<k>[^/]+)/transitions", "/issue/{issueIdOrKey}/transitions"),
    ("POST", r"/issue/(?P<k>[^/]+)/transitions", "/issue/{issueIdOrKey}/transitions"),
    ("GET", r"/issue/(?P<k>[^/]+)/comment", "/issue/{issueIdOrKey}/comment"),
    ("POST", r"/issue/(?P<k>[^/]+)/comment", "/issue/{issueIdOrKey}/comment"),
    ("PUT", r"/issue/(?P<k>[^/]+)/assignee", "/issue/{issueIdOrKey}/assignee"),
    ("GET", r"/issue/(?P<k>[^/]+)/properties/(?P<pk>[^/]+)",
     "/issue/{issueIdOrKey}/properties/{propertyKey}"),
    ("PUT", r"/issue/(?P<k>[^/]+)/properties/(?P<pk>[^/]+)",
     "/issue/{issueIdOrKey}/properties/{propertyKey}"),
    ("GET", r"/user/search", "/user/search"),
    ("POST", r"/issueLink", "/issueLink"),
    ("GET", r"/search/jql", "/search/jql"),
    ("POST", r"/search/jql", "/search/jql"),
    ("GET", r"/search", "/search"),
    ("POST", r"/search", "/search"),
]
_PREFIX = re.compile(r"^/rest/api/(?P<v>2|3|latest)(?P<rest>/.*)$")


LOGIN_PATH = "/login.jsp"
LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Log in - Jira</title></head>\n<body>"
              b"<form action=\"/login.jsp\" method=\"post\"><input name=\"os_username\">"
              b"<input name=\"os_password\" type=\"password\"></form></body></html>\n")
PROXY_PAGE = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
              b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
              b"</body>\r\n</html>\r\n")


@dataclass
class Fault:
    """A scripted misbehaviour for requests matching `method` and `route` (a route name)."""

    method: str
    route: str
    status: int | None = 503      # the answer instead of the real one (None with drop=True)
    drop: bool = False            # carry the request out, then close without answering
    delay: float = 0.0            # carry the request out, then wait this long to answer
    commit_delay: float = 0.0     # wait this long, then carry the request out and answer
    body: bytes | None = None     # answer these bytes with `status`, the request not carried out
    content_type: str = "text/html;charset=UTF-8"
    truncate: bool = False        # carry the request out, then answer its JSON cut in half
    redirect: str | None = None   # answer 302 to this path, the request not carried out
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1
    skip: int = 0                 # let this many matching requests through first

    @property
    def carried_out(self) -> bool:
        return self.body is None and self.redirect is None and (
            self.drop or self.delay > 0 or self.commit_delay > 0 or self.truncate)


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
                 custom_fields: list[CustomField] | None = None, page_cap: int | None = None,
                 search_index_delay_ms: int = 0, latency_ms: tuple[int, int] = (0, 0),
                 seed: int | None = None) -> None:
        assert flavour in ("cloud", "dc")
        self.flavour = flavour
        self.world = World(cloud=flavour == "cloud", project=project,
                           custom_fields=list(custom_fields or []))
        # The most issues a search page holds when fields are asked for.
        self.page_cap = page_cap or (CLOUD_PAGE if flavour == "cloud" else DC_PAGE)
        self.search_index_delay_ms = search_index_delay_ms
        # Each request waits a random time in this range before it is carried out (jitter,
        # so runs at once interleave differently from trial to trial).
        self.latency_ms = latency_ms
        self._random = random.Random(seed)
        self.faults: list[Fault] = []
        self.requests: list[Logged] = []
        self._server: ThreadingHTTPServer | None = None

    # -- lifecycle ---------------------------------------------------------------------
    def __enter__(self) -> FakeJira:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = _Server(("127.0.0.1", 0), handler)
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

    @property
    def search_index_delay_ms(self) -> int:
        """How long a write takes to reach search (both flavours); reads by key see it at once."""
        return round(self.world.index.delay * 1000)

    @search_index_delay_ms.setter
    def search_index_delay_ms(self, value: int) -> None:
        self.world.index.delay = value / 1000

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
                and "/search" not in r.route and r.route != "/issue/bulkfetch"]

    def reset_log(self) -> None:
        self.requests.clear()

    def issues(self) -> list[dict[str, Any]]:
        with self.world.lock:
            return list(self.world.issues.values())

    def link_of(self, stored: dict[str, Any]) -> dict[str, Any] | None:
        """The actiontrack link an issue's property holds (its JSON), if any."""
        value = (stored.get("properties") or {}).get("actiontrack")
        return value.get("link") if isinstance(value, dict) else None

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


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request (a killed run) is what the faults are about,
        not an error of the fake: only anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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
        if parts.path == LOGIN_PATH:  # where a login wall sends the client
            return self._raw(entry, 200, LOGIN_PAGE, "text/html;charset=UTF-8")
        base = f"http://{self.headers.get('Host')}"
        caller = fake.caller(self.headers.get("Authorization"))
        if caller is None:
            headers = {"WWW-Authenticate": 'Basic realm="protected-area"'}
            if not fake.cloud:
                headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
            return self._reply(entry, Reply(401, None, headers))
        if fake.latency_ms[1] > 0:
            time.sleep(fake._random.uniform(*fake.latency_ms) / 1000)
        fault = fake.fault_for(self.command, name)
        if fault is not None and not fault.carried_out:
            return self._stand_in(entry, fault, base)
        if fault is not None and fault.commit_delay:
            time.sleep(fault.commit_delay)  # Jira is slow to commit: the client gives up first
        reply = self._carry_out(found, raw, query, base, caller)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)  # the client has given up by now: an answer nobody reads
        if fault is not None and fault.drop:
            entry.status = None  # carried out; the answer is lost
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return None
        if fault is not None and fault.truncate and reply.body is not None:
            text = json.dumps(reply.body).encode()
            return self._raw(entry, reply.status, text[:len(text) // 2],
                             "application/json;charset=UTF-8")
        return self._reply(entry, reply)

    def _carry_out(self, found: tuple[str, dict[str, str], str] | None, raw: bytes,
                   query: dict[str, list[str]], base: str, caller: User) -> Reply:
        fake = self.fake
        if found is None:
            return errors(404, ["null for uri: " + urlsplit(self.path).path])
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return errors(400, ["Unexpected character in the request body"])
        try:
            with fake.world.lock:
                return fake.handle(self.command, found[0], found[1], found[2], query, body,
                                   base, caller)
        except Reply as answer:
            return answer
        except JqlError as exc:
            return errors(400, [str(exc)])

    def _stand_in(self, entry: Logged, fault: Fault, base: str) -> None:
        """An answer instead of Jira's, the request never carried out."""
        if fault.redirect is not None:
            location = base + fault.redirect + "?os_destination=" + quote(self.path, safe="")
            return self._raw(entry, 302, b"", None, {"Location": location})
        if fault.body is not None:
            return self._raw(entry, fault.status or 200, fault.body, fault.content_type,
                             fault.headers)
        status = fault.status or 503
        return self._reply(entry, errors(status, [f"scripted fault: HTTP {status}"]),
                           extra=fault.headers)

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

    def _raw(self, entry: Logged, status: int, payload: bytes, content_type: str | None,
             headers: dict[str, str] | None = None) -> None:
        entry.status, entry.body = status, None  # not Jira's JSON: nothing to validate
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


__all__ = ["FakeJira", "Fault", "CustomField", "ISSUE_TYPES", "PROJECT_ID", "PRIORITIES",
           "STATUSES", "WORKFLOW", "stamp", "GONE_SEARCH", "LOGIN_PAGE", "PROXY_PAGE"]
