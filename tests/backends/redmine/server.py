"""Test helpers for the real Redmine that `scripts/redmine-up` starts.

The environment is read once, at import, because the autouse fixture in conftest clears
REDMINE_* for every test. Each test session gets its own throw-away project (with alice as an
assignable member), so tests never see each other's issues and the server's database does not
grow run after run.
"""

from __future__ import annotations

import contextlib
import functools
import http.client
import os
import re
import socket
import threading
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

REDMINE_ENV = {name: os.environ.get(name, "") for name in
               ("REDMINE_URL", "REDMINE_PROJECT", "REDMINE_API_KEY")}
HOW_TO = 'start one with: eval "$(scripts/redmine-up)"'


@functools.cache
def skip_reason() -> str | None:
    """Why the Redmine tests cannot run here, or None when a server answers."""
    if not (REDMINE_ENV["REDMINE_URL"] and REDMINE_ENV["REDMINE_API_KEY"]):
        return f"no Redmine: REDMINE_URL and REDMINE_API_KEY are not set ({HOW_TO})"
    try:
        import redminelib  # noqa: F401
    except ImportError:
        return "python-redmine is not installed (pip install 'actiontrack[redmine]')"
    try:
        admin_client().user.get("current")
    except Exception as exc:  # noqa: BLE001 - any failure means: no usable server
        return f"Redmine at {REDMINE_ENV['REDMINE_URL']} does not answer ({exc}; {HOW_TO})"
    return None


def admin_client():  # -> redminelib.Redmine
    from redminelib import Redmine
    return Redmine(REDMINE_ENV["REDMINE_URL"], key=REDMINE_ENV["REDMINE_API_KEY"],
                   requests={"timeout": 30})


@contextlib.contextmanager
def new_project() -> Iterator[str]:
    """A fresh Redmine project with every tracker and alice and bob as Developers; deleted
    afterwards. Skips the test when no Redmine answers."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    client = admin_client()
    identifier = f"at-test-{uuid.uuid4().hex[:10]}"
    trackers = [t.id for t in client.tracker.all()]
    project = client.project.create(name=identifier, identifier=identifier, is_public=False,
                                    tracker_ids=trackers, enabled_module_names=["issue_tracking"])
    try:
        role = next(r.id for r in client.role.all() if r.name == "Developer")
        for login in ("alice", "bob"):
            user = next(u for u in client.user.filter(name=login) if u.login == login)
            client.project_membership.create(project_id=project.id, user_id=user.id,
                                             role_ids=[role])
        yield identifier
    finally:
        client.project.delete(project.id)


@dataclass
class Canned:
    """An answer the proxy gives instead of Redmine's to the next `times` requests whose
    method and path match: an HTML login page, truncated JSON, a redirect, 410 Gone..."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    method: str | None = None
    path: str | None = None  # a regex searched in the request's path
    times: int = 1

    def matches(self, method: str, path: str) -> bool:
        return (self.times > 0 and (self.method is None or self.method == method)
                and (self.path is None or re.search(self.path, path) is not None))


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 in front of the real Redmine that adds the faults a test asks
    for: answer every request with one status (`status`), answer matching requests with a
    canned answer (`canned`), or pass one request of a method on to Redmine and hang up
    without answering (`drop_after_forward`): Redmine did the work, the client never hears
    of it."""

    def __init__(self, upstream: str) -> None:
        self.upstream = urllib.parse.urlsplit(upstream)
        self.status: int | None = None
        self.canned: list[Canned] = []
        self.drop_after_forward: str | None = None
        self.truncate_after_forward: str | None = None  # this method's answer, cut short
        self.seen: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _forward(self, method: str, path: str, headers: dict[str, str],
                 body: bytes | None) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port,
                                          timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return response.status, response.getheaders(), response.read()
        finally:
            conn.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy.seen.append((self.command, self.path))
                if proxy.status is not None:
                    self._answer(proxy.status, [("Content-Type", "text/html")], b"injected")
                    return
                canned = next((c for c in proxy.canned if c.matches(self.command, self.path)),
                              None)
                if canned is not None:
                    canned.times -= 1
                    self._answer(canned.status, [("Content-Type", canned.content_type),
                                                 *canned.headers.items()], canned.body)
                    return
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection")}
                status, upstream_headers, data = proxy._forward(self.command, self.path,
                                                                headers, body)
                if proxy.drop_after_forward == self.command:
                    proxy.drop_after_forward = None
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if proxy.truncate_after_forward == self.command:
                    proxy.truncate_after_forward = None
                    data = data[: len(data) // 2]
                self._answer(status, upstream_headers, data)

            def _answer(self, status: int, headers: list[tuple[str, str]], data: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    if name.lower() not in ("transfer-encoding", "connection",
                                            "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
