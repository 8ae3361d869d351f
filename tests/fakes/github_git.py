"""The git database of the fake GitHub: commits, annotated tag objects and refs, as far as a
lock across runs needs them, with GitHub's rules (checked against GitHub's REST description):

- `POST /git/refs` creates a ref atomically: 201, or 422 "Reference already exists"; the name
  must start with `refs/` and hold at least two slashes; the sha must name an object;
- `GET /git/ref/{ref}` (singular) reads one, 404 when absent; `DELETE /git/refs/{ref}` 204, or
  422 "Reference does not exist";
- `PATCH /git/refs/{ref}` `{sha, force}` moves one: 200; 422 "Reference does not exist";
  without `force`, 422 "Update is not a fast forward" unless the new sha is a commit whose
  history holds the old one (never the case for the tag objects a lease uses);
- `POST /git/tags` creates a tag object (no ref), `GET /git/tags/{sha}` reads it;
- `GET /commits` lists the default branch's commits, newest first;
- writes need `contents: write`: without it (`contents_writable = False`) GitHub answers 403
  "Resource not accessible by integration", as it does to an Actions token without it.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from tests.fakes.github_json import stamp

DOCS = "https://docs.github.com/rest/git"
HEAD_SHA = hashlib.sha1(b"the first commit").hexdigest()


class GitApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message

    def answer(self) -> tuple[int, dict[str, Any], dict[str, str]]:
        return self.status, {"message": self.message, "documentation_url": DOCS,
                             "status": str(self.status)}, {}


class GitDatabase:
    """Mixed into `FakeGitHub`, whose lock guards every route (so creates are atomic)."""

    full_name: str
    contents_writable: bool
    _refs: dict[str, str]
    _tags: dict[str, dict[str, Any]]

    def _git_init(self) -> None:
        self.contents_writable = True
        self._refs = {"refs/heads/main": HEAD_SHA}
        self._tags = {}
        self.known_commits: set[str] = set()  # pushed besides HEAD_SHA (a clone's, in a test)

    def refs(self) -> dict[str, str]:
        return dict(self._refs)

    def git_routes(self) -> list[tuple[str, str, Any]]:
        return [("/commits", "GET", self._list_commits),
                ("/git/tags", "POST", self._create_tag),
                (r"/git/tags/([0-9a-f]{40})", "GET", self._get_tag),
                ("/git/refs", "POST", self._create_ref),
                (r"/git/ref/(.+)", "GET", self._get_ref),
                (r"/git/refs/(.+)", "PATCH", self._update_ref),
                (r"/git/refs/(.+)", "DELETE", self._delete_ref)]

    def _writable(self) -> None:
        if not self.contents_writable:
            raise GitApiError(403, "Resource not accessible by integration")

    def _object_type(self, sha: str) -> str | None:
        if sha == HEAD_SHA or sha in self.known_commits:
            return "commit"
        return "tag" if sha in self._tags else None

    def _object_json(self, sha: str, api: str) -> dict[str, Any]:
        kind = self._object_type(sha) or "commit"
        return {"sha": sha, "type": kind,
                "url": f"{api}/repos/{self.full_name}/git/{kind}s/{sha}"}

    def _list_commits(self, *, api: str, web: str, **_: Any):
        url = f"{api}/repos/{self.full_name}/commits/{HEAD_SHA}"
        return 200, [{"sha": HEAD_SHA, "node_id": "C_1", "url": url,
                      "html_url": f"{web}/{self.full_name}/commit/{HEAD_SHA}",
                      "commit": {"message": "the first commit", "url": url},
                      "parents": []}], {}

    def _create_tag(self, *, data: Any, api: str, **_: Any):
        self._writable()
        if not isinstance(data, dict) or not data.get("tag") or not data.get("object"):
            raise GitApiError(422, "Invalid request.")
        if self._object_type(str(data["object"])) is None:
            raise GitApiError(422, "Object does not exist")
        now = time.time()
        sha = hashlib.sha1(f"{data}{now}{len(self._tags)}".encode()).hexdigest()
        tag = {"node_id": f"TAG_{sha[:8]}", "tag": str(data["tag"]), "sha": sha,
               "url": f"{api}/repos/{self.full_name}/git/tags/{sha}",
               "message": str(data.get("message") or ""),
               "tagger": {"name": "actiontrack-bot", "email": "bot@example.com",
                          "date": stamp(now)},
               "object": self._object_json(str(data["object"]), api),
               "verification": {"verified": False, "reason": "unsigned", "signature": None,
                                "payload": None}}
        self._tags[sha] = tag
        return 201, tag, {"location": tag["url"]}

    def _get_tag(self, sha: str, **_: Any):
        if sha not in self._tags:
            raise GitApiError(404, "Not Found")
        return 200, self._tags[sha], {}

    def _ref_json(self, ref: str, api: str) -> dict[str, Any]:
        return {"ref": ref, "node_id": f"REF_{abs(hash(ref)) % 10**8}",
                "url": f"{api}/repos/{self.full_name}/git/{ref}",
                "object": self._object_json(self._refs[ref], api)}

    def _create_ref(self, *, data: Any, api: str, **_: Any):
        self._writable()
        ref = str((data or {}).get("ref") or "") if isinstance(data, dict) else ""
        if not ref.startswith("refs/") or ref.count("/") < 2:
            raise GitApiError(422, "Reference name is invalid")
        sha = str(data.get("sha") or "")
        if self._object_type(sha) is None:
            raise GitApiError(422, "Object does not exist")
        if ref in self._refs:
            raise GitApiError(422, "Reference already exists")
        self._refs[ref] = sha
        body = self._ref_json(ref, api)
        return 201, body, {"location": body["url"]}

    def _get_ref(self, name: str, *, api: str, **_: Any):
        ref = f"refs/{name}"
        if ref not in self._refs:
            raise GitApiError(404, "Not Found")
        return 200, self._ref_json(ref, api), {}

    def _update_ref(self, name: str, *, data: Any, api: str, **_: Any):
        self._writable()
        ref = f"refs/{name}"
        if ref not in self._refs:
            raise GitApiError(422, "Reference does not exist")
        sha = str(data.get("sha") or "") if isinstance(data, dict) else ""
        if self._object_type(sha) is None:
            raise GitApiError(422, "Object does not exist")
        if not data.get("force") and sha != self._refs[ref]:
            raise GitApiError(422, "Update is not a fast forward")
        self._refs[ref] = sha
        return 200, self._ref_json(ref, api), {}

    def _delete_ref(self, name: str, **_: Any):
        self._writable()
        ref = f"refs/{name}"
        if ref not in self._refs:
            raise GitApiError(422, "Reference does not exist")
        del self._refs[ref]
        return 204, None, {}
