"""Links to existing issues in an item's text: tracker URLs, `owner/repo#123`, `#123`, and Jira
keys such as `OPS-123`. General documentation links are not issue links; their text is kept.
"""

from __future__ import annotations

import re

from .lazyre import lazy

# URLs that name one issue, pull/merge request or commit in a tracker or forge.
TRACKER_URL = lazy(
    r"https?://[^\s)>\]]*?(?:"
    r"/(?:issues?|pulls?|merge_requests|commit|commits|tickets?|bugs?|browse|tasks?)/[\w.-]*\d"
    r"|/show_bug\.cgi\?id=\d+|/projects/[^/\s]+/issues/\d+|/(?:b|bug)/\d+|[?&]selectedIssue=\w+"
    r"|crbug\.com/\d+|bugzil\.la/\d+|bugs?\.[\w.-]+/\d+|/-/(?:issues|merge_requests)/\d+"
    # cards and tasks of the planning tools teams track follow-ups in: Trello, ClickUp,
    # Shortcut, Asana, Azure Boards, Pivotal Tracker
    r"|trello\.com/c/\w{6,}|app\.clickup\.com/t/\w+|app\.shortcut\.com/[\w-]+/story/\d+"
    r"|app\.asana\.com/0/\d+/\d+|/_workitems/edit/\d+|pivotaltracker\.com/(?:n/projects/\d+/)?"
    r"stor(?:y|ies)/(?:show/)?\d+)[^\s)>\]]*", re.I)
URL = lazy(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
REPO_REF = lazy(r"(?<![\w/.-])(?P<ref>[A-Za-z0-9][\w.-]*/[\w.-]+#\d+)\b")
HASH_REF = lazy(r"(?<![\w&/#])#(?P<num>\d{1,9})\b")
# A Jira-style key: project letters, a dash, a number. Standards and algorithms look the same
# ("UTF-8", "SHA-256", "CVE-2021-1234"), so those prefixes are not keys.
JIRA_KEY = lazy(r"(?<![\w/-])(?P<key>[A-Z][A-Z0-9]{1,9}-\d{1,7})(?![\w-]|\.\d)")
_NOT_KEYS = {"UTF", "SHA", "ISO", "AES", "RFC", "CVE", "CWE", "HTTP", "TLS", "SSL", "MD", "IPV",
             "GPT", "COVID", "SARS", "RSA", "ECDSA", "X", "PEP", "GHSA", "H", "A", "B", "US", "EU",
             "ID", "N", "T", "UTC", "GMT", "PST", "PDT", "EST", "EDT", "CET", "CEST", "IST", "WAT",
             "TOP", "LEVEL", "TIER", "SEV", "P", "Q", "V", "K8S", "EC", "S"}
# Link texts that only say "here is the issue": dropped from the title with their link.
GENERIC_LINK_TEXT = lazy(
    r"^(?:(?:github |gitlab |jira )?(?:issue|bug|ticket|pr|pull request|jira|link|tracking"
    r"|tracking issue|jira link|jira ticket|here|follow along here|details|story|task|epic)s?"
    r"(?:\s*#?\d+)?|#?\d+|[A-Z][A-Z0-9]+-\d+)$", re.I)


def is_tracker_url(url: str) -> bool:
    return bool(TRACKER_URL.fullmatch(url.rstrip("/")))


def url_in(text: str) -> list[str]:
    return [m.group(0) for m in URL.finditer(text)]


def jira_keys(text: str) -> list[str]:
    keys = []
    for m in JIRA_KEY.finditer(text):
        key = m["key"]
        if key.split("-", 1)[0] not in _NOT_KEYS:
            keys.append(key)
    return keys


# "bug 1604925", "Bug #1587511": a Bugzilla-style bug number.
BUG_REF = lazy(r"(?i)(?<![\w/-])(?P<ref>bug\s+#?\d{4,9})\b")


def references(text: str) -> list[str]:
    """Issue references written without a URL: `owner/repo#12`, `#12`, `OPS-12`, `bug 1234`."""
    refs = [" ".join(m["ref"].split()) for m in BUG_REF.finditer(text)]
    if refs:
        text = BUG_REF.sub(" ", text)
    refs += [m["ref"] for m in REPO_REF.finditer(text)]
    without_repo_refs = REPO_REF.sub(" ", text)
    refs += [f"#{m['num']}" for m in HASH_REF.finditer(without_repo_refs)]
    refs += jira_keys(text)
    if "ommit" in text:
        refs += [m["sha"] for m in COMMIT_REF.finditer(text)
                 if re.search(r"\d", m["sha"]) and re.search(r"[a-f]", m["sha"])]
    return refs


# "landed in commit `a3f291`", "commits 3917ffb and a0f4a4a": a commit named by its hash.
COMMIT_REF = lazy(r"(?i)\bcommits?\s*:?\s+`?(?P<sha>(?-i:[0-9a-f]{6,40}))`?(?![\w-])")
