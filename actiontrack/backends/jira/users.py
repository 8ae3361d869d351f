"""Owners as postmortems write them -> Jira users, for the Jira backend.

Each owner (after the config's owners map) is searched once per run through Jira's user search
(`query=` on Cloud, `username=` on Data Center) and cached, so 120 items with one owner cost one
request. An owner no single active user matches stays unassigned, with a warning.

An issue names its assignee by display name on Cloud (accountIds mean nothing to a reader) and
by user name on Data Center; writes use `{"accountId": ...}` / `{"name": ...}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

User = dict[str, Any]


class UserDirectory:
    def __init__(self, search: Callable[[str], list[User]], *, cloud: bool,
                 warn: Callable[[str], None]) -> None:
        self._search, self.cloud, self._warn = search, cloud, warn
        self._known: dict[str, User | None] = {}  # search term or identity -> user

    def identity(self, user: User | None) -> str | None:
        if not user:
            return None
        return user.get("displayName") if self.cloud else (user.get("name") or user.get("key"))

    def find(self, term: str) -> User | None:
        """The Jira user for an owner or an identity; None (and a warning) if unknown."""
        key = term.casefold()
        if key in self._known:
            return self._known[key]
        found = self._search(term)
        user = pick_user(found, term)
        if user is None:
            self._warn(f"no single Jira user matches owner '{term}' ({len(found)} found); "
                       "left unassigned — map it under [owners] in the config")
        self._known[key] = user
        if user is not None:
            self._known[str(self.identity(user)).casefold()] = user
        return user

    def reference(self, identity: str) -> dict[str, str] | None:
        """The assignee value Jira takes for a user named by `identity`."""
        user = self.find(identity)
        if user is None:
            return None
        return {"accountId": user["accountId"]} if self.cloud else {"name": user["name"]}


def pick_user(users: list[User], term: str) -> User | None:
    """The one user a search term means: an exact match on a name, e-mail, e-mail local part or
    display name; else the only active result; else nobody (ambiguous or unknown)."""
    wanted = term.casefold()
    active = [u for u in users if u.get("active", True)]
    for user in active:
        email = str(user.get("emailAddress") or "")
        names = {user.get("accountId"), user.get("name"), user.get("key"),
                 user.get("displayName"), email, email.split("@")[0] if email else None}
        if wanted in {str(n).casefold() for n in names if n}:
            return user
    return active[0] if len(active) == 1 else None
