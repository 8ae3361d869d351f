"""The JSON shapes of the fake GitHub: users, labels, issues, comments and the repository,
field for field as GitHub sends them (checked against GitHub's OpenAPI description and
recorded responses in `tests/backends/github/test_fake.py`). Every URL is built from the API and web
bases of the request being answered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlsplit


def stamp(when: float) -> str:
    return dt.datetime.fromtimestamp(int(when), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class GitHubShapes:
    """Rendering for `FakeGitHub`, which holds the state these methods read."""

    owner: str
    name: str
    viewer: str
    issues_enabled: bool
    _issues: dict[int, dict[str, Any]]
    _labels: dict[str, dict[str, Any]]
    _comments: dict[int, list[dict[str, Any]]]

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def _user(self, login: str, api: str, web: str) -> dict[str, Any]:
        user = f"{api}/users/{login}"
        return {"login": login, "id": 1 + sum(map(ord, login)), "node_id": f"U_{login}",
                "avatar_url": f"{web}/avatars/u/{login}", "gravatar_id": "",
                "url": user, "html_url": f"{web}/{login}", "followers_url": f"{user}/followers",
                "following_url": f"{user}/following{{/other_user}}",
                "gists_url": f"{user}/gists{{/gist_id}}",
                "starred_url": f"{user}/starred{{/owner}}{{/repo}}",
                "subscriptions_url": f"{user}/subscriptions",
                "organizations_url": f"{user}/orgs", "repos_url": f"{user}/repos",
                "events_url": f"{user}/events{{/privacy}}",
                "received_events_url": f"{user}/received_events", "type": "User",
                "user_view_type": "public", "site_admin": False}

    def _label_json(self, label: dict[str, Any], api: str) -> dict[str, Any]:
        return {"id": label["id"], "node_id": f"LA_{label['id']}",
                "url": f"{api}/repos/{self.full_name}/labels/{quote(label['name'], safe='')}",
                "name": label["name"], "color": label["color"], "default": False,
                "description": label["description"]}

    def _issue_json(self, issue: dict[str, Any], api: str, web: str, *, single: bool = True
                    ) -> dict[str, Any]:
        """An issue as GitHub renders it; list items (`single=False`) lack `closed_by`."""
        url = f"{api}/repos/{self.full_name}/issues/{issue['number']}"
        assignees = [self._user(a, api, web) for a in issue["assignees"]]
        data = {
            "url": url, "repository_url": f"{api}/repos/{self.full_name}",
            "labels_url": f"{url}/labels{{/name}}", "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{web}/{self.full_name}/"
                        f"{'pull' if issue['pull'] else 'issues'}/{issue['number']}",
            "id": issue["id"], "node_id": f"I_{issue['id']}", "number": issue["number"],
            "title": issue["title"], "user": self._user(issue["user"], api, web),
            "labels": [self._label_json(self._labels[n.casefold()], api)
                       for n in issue["labels"]],
            "state": issue["state"], "locked": False,
            "assignee": assignees[0] if assignees else None, "assignees": assignees,
            "milestone": None, "comments": len(self._comments.get(issue["number"], [])),
            "created_at": stamp(issue["created_at"]), "updated_at": stamp(issue["updated_at"]),
            "closed_at": stamp(issue["closed_at"]) if issue["closed_at"] else None,
            "author_association": "MEMBER", "active_lock_reason": None, "body": issue["body"],
            "reactions": {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0,
                          "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0,
                          "eyes": 0},
            "timeline_url": f"{url}/timeline", "performed_via_github_app": None,
            "state_reason": issue["state_reason"],
        }
        if single:
            data["closed_by"] = (self._user(self.viewer, api, web)
                                 if issue["state"] == "closed" else None)
        if issue["pull"]:
            pull = f"{api}/repos/{self.full_name}/pulls/{issue['number']}"
            data["pull_request"] = {"url": pull, "html_url": data["html_url"],
                                    "diff_url": data["html_url"] + ".diff",
                                    "patch_url": data["html_url"] + ".patch", "merged_at": None}
            data["draft"] = False
        return data

    def _repo_json(self, api: str, web: str) -> dict[str, Any]:
        repo = f"{api}/repos/{self.full_name}"
        urls = {f"{k}_url": f"{repo}/{k}{tail}" for k, tail in (
            ("archive", "/{archive_format}{/ref}"), ("assignees", "{/user}"),
            ("blobs", "/git/blobs{/sha}"), ("branches", "{/branch}"),
            ("collaborators", "{/collaborator}"), ("comments", "{/number}"),
            ("commits", "{/sha}"), ("compare", "/compare/{base}...{head}"),
            ("contents", "/contents/{+path}"), ("contributors", ""), ("deployments", ""),
            ("downloads", ""), ("events", ""), ("forks", ""), ("git_commits", "{/sha}"),
            ("git_refs", "{/sha}"), ("git_tags", "{/sha}"), ("hooks", ""),
            ("issue_comment", "/issues/comments{/number}"),
            ("issue_events", "/issues/events{/number}"), ("issues", "{/number}"),
            ("keys", "{/key_id}"), ("labels", "{/name}"), ("languages", ""), ("merges", ""),
            ("milestones", "{/number}"), ("notifications", "{?since,all,participating}"),
            ("pulls", "{/number}"), ("releases", "{/id}"), ("stargazers", ""),
            ("statuses", "/{sha}"), ("subscribers", ""), ("subscription", ""),
            ("tags", ""), ("teams", ""), ("trees", "/git/trees{/sha}"))}
        host = urlsplit(web).netloc
        opened = sum(1 for i in self._issues.values() if i["state"] == "open")
        return {
            "id": 4242, "node_id": "R_4242", "name": self.name, "full_name": self.full_name,
            "private": True, "owner": self._user(self.owner, api, web),
            "html_url": f"{web}/{self.full_name}", "description": None, "fork": False,
            "url": repo, **urls, "git_url": f"git://{host}/{self.full_name}.git",
            "ssh_url": f"git@{host}:{self.full_name}.git",
            "clone_url": f"{web}/{self.full_name}.git", "svn_url": f"{web}/{self.full_name}",
            "mirror_url": None, "homepage": None, "language": None, "size": 1,
            "forks_count": 0, "forks": 0, "stargazers_count": 0, "watchers_count": 0,
            "watchers": 0, "subscribers_count": 1, "network_count": 0,
            "open_issues_count": opened, "open_issues": opened, "default_branch": "main",
            "has_issues": self.issues_enabled, "has_projects": False, "has_wiki": False,
            "has_pages": False, "has_downloads": False, "has_discussions": False,
            "archived": False, "disabled": False, "visibility": "private", "license": None,
            "topics": [], "is_template": False, "allow_forking": False,
            "web_commit_signoff_required": False,
            "pushed_at": "2024-01-01T00:00:00Z", "created_at": "2024-01-01T00:00:00Z",
            "updated_at": "2024-01-01T00:00:00Z",
            "permissions": {"admin": False, "maintain": False, "push": True, "triage": True,
                            "pull": True},
        }

    def _comment_json(self, number: int, comment: dict[str, Any], api: str, web: str):
        url = f"{api}/repos/{self.full_name}/issues/comments/{comment['id']}"
        return {"id": comment["id"], "node_id": f"IC_{comment['id']}", "url": url,
                "html_url": f"{web}/{self.full_name}/issues/{number}#issuecomment-"
                            f"{comment['id']}",
                "body": comment["body"], "user": self._user(self.viewer, api, web),
                "created_at": stamp(comment["at"]), "updated_at": stamp(comment["at"]),
                "issue_url": f"{api}/repos/{self.full_name}/issues/{number}",
                "author_association": "MEMBER", "performed_via_github_app": None,
                "reactions": {"url": f"{url}/reactions", "total_count": 0, "+1": 0, "-1": 0,
                              "laugh": 0, "hooray": 0, "confused": 0, "heart": 0,
                              "rocket": 0, "eyes": 0}}
