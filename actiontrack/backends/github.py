"""GitHub Issues as a tracker, on PyGithub.

Zero config inside a GitHub Actions job: the token comes from `GH_TOKEN` or `GITHUB_TOKEN`
(held as `SecretStr`, masked in every log), the repository from `GITHUB_REPOSITORY`, the API
base from `GITHUB_API_URL` (GitHub Enterprise Server works the same way). The `[github]`
config section (`repo`, `api_url`, `server_url`, `seconds_between_writes`, `timeout`) wins
over those ambient variables, which Actions sets in every job whatever the project wants; no
flag of the CLI is specific to GitHub.

Few requests, no duplicates:
- linked issues are found by listing `/repos/{o}/{r}/issues?labels=…&state=all&per_page=100`,
  which is strongly consistent, never through search, whose index lags writes by minutes. One
  postmortem lists by its `pm:<id>` label; several list once by the base label.
- the repository object is lazy, so a no-op re-sync costs only the listing. Labels are left
  to GitHub, which creates them grey with the first issue that has them; with `style_labels`
  actiontrack's own are created once, with colours and descriptions (`github_labels`), and
  the labels of listed issues are known to exist, so only a label no listed issue carries
  costs a request.
- PyGithub's own retry is off (it replays a POST after a 5xx). Reads and PATCHes go through
  the shared `_http.Calls` (one retry policy); a create whose outcome is unknown (5xx,
  timeout, reset) raises `UnknownOutcome` and the engine looks the item up before creating again.
- writes are paced to GitHub's limits (`pacing.WritePacer`, on an injectable clock): one
  every `seconds_between_writes` (default 1 s, GitHub's advice), at most `writes_per_minute`
  (80) and `writes_per_hour` (500, counting this repository's issues created in the last hour
  by earlier runs), and none while `x-ratelimit-remaining` is 0. A write GitHub refuses for a
  rate limit was not carried out: it is sent again after the wait GitHub asks for. A wait
  longer than `max_wait` (default 120 s) stops the creates cleanly, saying how many remain and
  when to run again; the next run carries on without duplicates. A long run says how far it
  is and how long the rest will take. PyGithub's own throttle is off: it sleeps on the real
  clock and knows nothing of the per-minute and hourly limits.
- every answer is checked before it is read (`_request`): an HTML page, an empty or truncated
  body, a redirect or JSON of another shape is `BadAnswer`, named on one line ("GitHub
  answered with an HTML page, not JSON: is GITHUB_API_URL behind a login?"), never read as
  "no issues". A create answered that way may have happened: the engine looks it up.
- titles are cut to GitHub's 256 characters, the full title kept as the body's first line.
- a sync that creates holds a lock across runs, a git ref (`github_lock`; needs
  `contents: write`, and goes on without it; a live holder past `lock_wait` stops the sync
  with nothing written), its first lease as long as the creates will take at GitHub's pace;
  held beyond doubt, the engine lists nothing after the creates (`lock_held_throughout`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote, urlsplit

import requests
from github import Auth, Github, GithubException
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from ..errors import (
    ActiontrackError,
    AuthError,
    BadAnswer,
    ConfigError,
    Interrupted,
    NotFound,
    RateLimited,
    Refused,
    Transient,
    UnknownOutcome,
)
from ..issue_format import (
    base_label,
    belongs_to,
    body_with_marker,
    due_from_body,
    parse_marker,
    postmortem_label,
    strip_marker,
    with_due,
)
from ..logs import adopt_library_logger, register_secret
from ..model import CloseReason, Issue, IssueDraft, IssueFields, IssueState
from ..retry import DEFAULT_POLICY, RetryPolicy
from ._http import (
    Answer,
    Calls,
    Failure,
    Wording,
    error_for,
    expect_shape,
    json_of,
    parse_retry_after,
    parse_timestamp,
)
from .base import Backend, fit_title
from .github_labels import KnownLabels, label_style
from .github_lock import RefLock, holder_name
from .local_git import clone_commit
from .pacing import CreateProgress, WriteLimits, WritePacer

if TYPE_CHECKING:
    from ..config import Config

adopt_library_logger("github")  # PyGithub's own stderr handler would bypass the mask

TOKEN_VARS = ("GH_TOKEN", "GITHUB_TOKEN")  # the order the gh CLI reads them in
DEFAULT_API = "https://api.github.com"
UNKNOWN_OUTCOMES_BEFORE_STOP = 3  # creates in a row with no answer: GitHub is failing
T = TypeVar("T")
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_SECONDARY = ("secondary rate limit", "please retry your request again later",
              "please wait a few minutes before you try again")
_NEXT_PAGE = re.compile(r'<([^>]+)>;\s*rel="next"')
TITLE_LIMIT = 256  # GitHub answers 422 to a longer title
GITHUB_PROCESSING_LIMIT = 10  # seconds: GitHub ends a request's processing after that


# Content-creating writes a first sync makes besides its creates: the lock's lease and ref
# (its release is a DELETE, which GitHub does not pace); with `style_labels`, actiontrack's
# label and one per kind (corrective, preventive, mitigation, process, other).
_LOCK_WRITES = 2
_LABEL_WRITES = 6


class GitHubSettings(BaseModel):
    """The `[github]` section of the config file."""

    model_config = ConfigDict(extra="forbid")
    repo: str | None = Field(None, pattern=_REPO.pattern, description="owner/name")
    api_url: str | None = Field(None, pattern=r"^https?://")
    server_url: str | None = Field(None, pattern=r"^https?://",
                                   description="web address, for links to issues and files")
    seconds_between_writes: float = Field(1.0, ge=0, le=60)
    # GitHub's secondary limits on content-creating requests (GHES admins may set others).
    writes_per_minute: int = Field(80, ge=1)
    writes_per_hour: int = Field(500, ge=1)
    # Seconds a sync waits for a limit before it stops (the next run carries on).
    max_wait: float = Field(120.0, ge=0, le=86400)
    # Seconds; PyGithub takes an int. Above GitHub's own 10 s processing limit, a create that
    # timed out here has settled on GitHub by the time the engine looks it up.
    timeout: int = Field(15, ge=1, le=300)
    # Seconds the engine waits, after a create got no answer, before its last look for it
    # (then it creates again). None: the timeout, at least GitHub's 10 s processing limit.
    unanswered_wait: float | None = Field(None, ge=0, le=600)
    # The lock across runs (a git ref; needs `contents: write`): on or off, how long a holder
    # keeps it before others may take it over, and how long a sync waits for a live holder.
    lock: bool = True
    lock_lease: float = Field(600.0, ge=1, le=86400)
    lock_wait: float = Field(600.0, ge=0, le=86400)
    # Create actiontrack's own labels with a colour and a description (one write each, once
    # per repository). Off: GitHub creates them with the first issue that carries them, grey
    # and undescribed, and a first sync costs no write beyond its creates and the lock.
    style_labels: bool = False


def _settings(config: Config) -> GitHubSettings:
    return config.backend_settings("github", GitHubSettings,
                                   hint="see the GitHub section of the README")


def _repo_name(repo: str | None) -> str:
    if not repo:
        raise ConfigError("GitHub needs a repository: set GITHUB_REPOSITORY=owner/name "
                          "or `repo` in the [github] section of the config")
    if not _REPO.fullmatch(repo):
        raise ConfigError(f"'{repo}' is not owner/name", key="GITHUB_REPOSITORY",
                          hint="set it (or [github] repo) to the repository, e.g. acme/ops")
    return repo


def _server_from_api(api_url: str) -> str:
    parts = urlsplit(api_url)
    if parts.netloc.casefold() == "api.github.com":
        return "https://github.com"
    return f"{parts.scheme}://{parts.netloc}"


class GitHubBackend(Backend):
    name = "github"
    title_limit = TITLE_LIMIT
    due_in_body = True  # GitHub has no due-date field

    def __init__(self, config: Config, env: Mapping[str, str] | None = None, *,
                 policy: RetryPolicy = DEFAULT_POLICY,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.time,
                 workdir: Path | None = None) -> None:
        super().__init__(config, env)
        self.workdir = workdir  # where a local clone may be (the current folder by default)
        settings = _settings(config)
        token = next((self.env[v] for v in TOKEN_VARS if self.env.get(v)), None)
        if not token:
            raise ConfigError("GitHub needs a token: set GITHUB_TOKEN (or GH_TOKEN) to a token "
                              "that can write issues (in Actions: `permissions: issues: write`)")
        self.token = SecretStr(token)
        register_secret(token)
        # The [github] section wins over the variables Actions sets in every job.
        self.repo_name = _repo_name(settings.repo or self.env.get("GITHUB_REPOSITORY"))
        self.api_url = (settings.api_url or self.env.get("GITHUB_API_URL")
                        or DEFAULT_API).rstrip("/")
        ambient_server = None if settings.api_url else self.env.get("GITHUB_SERVER_URL")
        self.server_url = (settings.server_url or ambient_server
                           or _server_from_api(self.api_url)).rstrip("/")
        self.settings = settings
        self.policy = policy
        self._calls = Calls(self._translate, (GithubException, requests.RequestException),
                            backend=self.name, policy=policy, sleep=sleep)
        self._words = Wording(
            "GitHub", auth_hint="set GITHUB_TOKEN (or GH_TOKEN) to a valid token",
            forbidden_hint="give the token write access to issues (in Actions: "
                           "`permissions: issues: write`)",
            unreachable_hint="check the network or GITHUB_API_URL; nothing was lost",
            not_found_hint=f"check that {self.repo_name} exists and the token can see it",
            url_setting="GITHUB_API_URL",
            gone_hint=f"issues are disabled in {self.repo_name} (or it was deleted): enable "
                      "them under Settings > General > Features")
        self._sleep = sleep
        self._ref_lock: RefLock | None = None
        self._expected_creates = 0  # what the plan that asks for the lock will create
        self._clock = clock  # the pacer's and the lease's: one time for both
        self._client: Github | None = None
        self._repository: Any = None
        self._assignable: dict[str, bool] = {}
        self._labels = KnownLabels(config.label_prefix)
        self._pacer = self._make_pacer(clock, sleep)
        self._seen_created: set[str] = set()  # issues whose creation the pacer has counted

    # -- the client ----------------------------------------------------------------------
    @property
    def _repo(self) -> Any:
        if self._client is None:
            # lazy: no request until one is needed; retry=None: retries happen here, where a
            # POST is never replayed blindly.
            self._client = Github(
                auth=Auth.Token(self.token.get_secret_value()), base_url=self.api_url,
                timeout=self.settings.timeout, per_page=100, lazy=True, retry=None,
                seconds_between_requests=None, seconds_between_writes=None)  # see _paced
            self._repository = self._client.get_repo(self.repo_name)
        return self._repository

    def shutdown(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = self._repository = None

    def describe(self) -> str:
        where = "" if self.api_url == DEFAULT_API else f" at {self.api_url}"
        return f"GitHub {self.repo_name}{where}"

    # -- failures ------------------------------------------------------------------------
    def _translate(self, exc: BaseException, what: str) -> ActiontrackError:
        """A PyGithub or requests failure as one of our errors, saying what to do."""
        if not isinstance(exc, GithubException):
            return error_for(Failure(transport=type(exc).__name__), what, backend=self.name,
                             words=self._words)
        status = exc.status
        data = exc.data if isinstance(exc.data, dict) else {}
        message = str(data.get("message") or exc.message or "").strip()
        headers = {str(k).casefold(): str(v) for k, v in (exc.headers or {}).items()}
        if status in (403, 429) and (status == 429 or "retry-after" in headers
                                     or headers.get("x-ratelimit-remaining") == "0"
                                     or "rate limit" in message.casefold()):
            return self._rate_limited(status, message, headers)
        details = "; ".join(
            str(e.get("message") or f"{e.get('field')} {e.get('code')}")
            for e in data.get("errors") or [] if isinstance(e, dict))
        return error_for(Failure(status, message + (f" - {details}" if details else ""),
                                 headers), what, backend=self.name, words=self._words)

    def _rate_limited(self, status: int, message: str, headers: dict[str, str]) -> Transient:
        """GitHub's rule: wait Retry-After; else until x-ratelimit-reset when none remain;
        else a minute. A primary limit resetting far away fails now, saying when to retry."""
        now = time.time()
        hinted = parse_retry_after(headers.get("retry-after"))
        if hinted is not None:
            wait = hinted
        elif headers.get("x-ratelimit-remaining") == "0" and "x-ratelimit-reset" in headers:
            wait = max(0.0, float(headers["x-ratelimit-reset"]) - now) + 1
        else:
            wait = 60.0
        if headers.get("x-ratelimit-remaining") == "0" and wait > self.policy.max_total_wait:
            reset = dt.datetime.fromtimestamp(now + wait, dt.UTC).strftime("%H:%M UTC")
            return RateLimited(
                f"GitHub API rate limit exhausted (x-ratelimit-limit "
                f"{headers.get('x-ratelimit-limit', '?')}); it resets at {reset}, in "
                f"{wait / 60:.0f} min", backend=self.name, status=status, retry_after=wait,
                hint="run again after that; nothing was lost")
        return Transient(f"GitHub asks to slow down ({status}: {message or 'rate limited'})",
                         backend=self.name, status=status, retry_after=wait)

    # -- talking to GitHub ----------------------------------------------------------------
    def _request(self, verb: str, url: str, what: str, *,
                 parameters: dict[str, Any] | None = None,
                 payload: Any = None) -> tuple[dict[str, str], Any]:
        """One request through PyGithub's requester, the answer checked before it is read:
        (headers, JSON). A status of 400 or more is a GithubException (translated by the
        calls); anything that is not GitHub's JSON is `BadAnswer`."""
        repo = self._repo
        try:
            status, raw_headers, output = repo.requester.requestJson(
                verb, url, parameters=parameters, input=payload)
        except (RuntimeError, AssertionError) as exc:  # PyGithub refusing where it was sent
            reason = str(exc).split(", please")[0] or "to another address"
            raise BadAnswer(f"{what}: GitHub redirected the request elsewhere ({reason}): set "
                            "GITHUB_API_URL to the API address", backend=self.name,
                            status=301) from None  # PyGithub follows 301s on the same host
        headers = {str(k).casefold(): str(v) for k, v in (raw_headers or {}).items()}
        if status >= 400:
            raise GithubException(status, _json(output), headers)
        if status == 204:
            return headers, None
        answer = Answer(status, headers, output or "", url)
        return headers, json_of(answer, what, backend=self.name, words=self._words)

    def _repo_url(self) -> str:
        return str(self._repo.url)

    # -- pacing (see actiontrack.backends.pacing) ------------------------------------------
    def _make_pacer(self, clock: Callable[[], float],
                    sleep: Callable[[float], None]) -> WritePacer:
        limits = WriteLimits(per_minute=self.settings.writes_per_minute,
                             per_hour=self.settings.writes_per_hour,
                             min_interval=self.settings.seconds_between_writes)
        return WritePacer(limits, max_wait=self.settings.max_wait, backend=self.name,
                          clock=clock, sleep=sleep, notify=self.notify)

    def _paced(self, send: Callable[[], T], what: str) -> T:
        """One write at GitHub's pace: wait for its slot, send it. A write GitHub refuses for
        a rate limit (403 or 429) was not carried out, so it is sent again after the wait
        GitHub asks for; `PaceStop` when that wait is longer than `max_wait`."""
        while True:
            self._pacer.before_write()
            self._pacer.wrote()
            try:
                sent = send()
            except GithubException as exc:
                error = self._translate(exc, what)
                if not (isinstance(error, Transient) and error.status in (403, 429)):
                    raise
                self._pacer.refused(error.retry_after, f"GitHub refused a write: {error.detail}")
                continue
            finally:
                self._observe_primary_limit()
            self._pacer.accepted()
            return sent

    def _observe_primary_limit(self) -> None:
        """`x-ratelimit-remaining` of the last answer (PyGithub keeps it): at 0, no request
        may go before `x-ratelimit-reset`."""
        if self._client is None:
            return
        requester = self._repo.requester
        remaining, limit = requester.rate_limiting
        if remaining == 0 and requester.rate_limiting_resettime:
            self._pacer.exhausted_until(float(requester.rate_limiting_resettime),
                                        f"GitHub's API rate limit ({limit} requests an hour)")

    def _count_recent_creates(self, issues: Sequence[Issue]) -> None:
        """The hourly limit is shared with earlier runs: issues created in the last hour
        count against it (each once)."""
        fresh = [i for i in issues if i.key not in self._seen_created and i.created_at]
        self._seen_created.update(i.key for i in fresh)
        self._pacer.seed(i.created_at.timestamp() for i in fresh if i.created_at)

    def _stopped(self, exc: RateLimited, results: Sequence[Issue | Exception],
                 total: int) -> RateLimited:
        """The creates stopped at a limit: say why, how many remain and that the next run
        carries on."""
        created = sum(1 for r in results if isinstance(r, Issue))
        return RateLimited(f"{exc.detail}; {created} of {total} new issues created, "
                           f"{total - created} remain", backend=self.name, status=exc.status,
                           retry_after=exc.retry_after,
                           hint="sync again then (or raise [github] max_wait): it creates the "
                                "rest, without duplicates")

    def _interrupted(self, results: Sequence[Issue | Exception], total: int) -> Interrupted:
        created = sum(1 for r in results if isinstance(r, Issue))
        return Interrupted(f"{self.name}: {created} of {total} new issues were created, "
                           f"{total - created} remain")

    # -- mapping -------------------------------------------------------------------------
    def _issue(self, data: Any, what: str = "read an issue") -> Issue:
        """An issue from GitHub's JSON; JSON of another shape is `BadAnswer`, not a crash."""
        expect_shape(data, dict, what, expected="an issue", backend=self.name,
                     words=self._words)
        try:
            self._labels.saw(data.get("labels") or [])
            body = data.get("body") or ""
            assignees = data.get("assignees") or (
                [data["assignee"]] if data.get("assignee") else [])
            return Issue(
                backend=self.name, key=str(int(data["number"])), url=data.get("html_url"),
                title=data.get("title") or "", body=body, state=IssueState(data["state"]),
                state_reason=data.get("state_reason"),
                assignee=assignees[0]["login"] if assignees else None,
                due=due_from_body(body),
                labels=tuple(lbl["name"] for lbl in data.get("labels") or []),
                link=parse_marker(body), created_at=parse_timestamp(data.get("created_at")),
                updated_at=parse_timestamp(data.get("updated_at")),
                closed_at=parse_timestamp(data.get("closed_at")))
        except (KeyError, TypeError, ValueError) as exc:
            raise BadAnswer(f"{what}: GitHub answered an issue without its fields ({exc!r}): "
                            "is GITHUB_API_URL the API address?", backend=self.name) from None

    def _number(self, key: str) -> int:
        number = self.issue_key_from_link(str(key)) or str(key)
        if not number.isdigit():
            raise NotFound(f"'{key}' is not an issue number of {self.repo_name}",
                           backend=self.name, hint="use the number sync printed, e.g. 12")
        return int(number)

    # -- reading -------------------------------------------------------------------------
    def _pages(self, path: str, parameters: dict[str, Any], what: str,
               expected: str) -> list[dict[str, Any]]:
        """Every page of a listing (`Link: rel="next"`). Each page must be a JSON list of
        objects: an empty body, an HTML page or an object is "could not ask", never empty."""
        url: str | None = f"{self._repo_url()}{path}"
        query: dict[str, Any] | None = parameters
        items: list[dict[str, Any]] = []
        while url:
            headers, data = self._request("GET", url, what, parameters=query)
            page = expect_shape(data, list, what, expected=expected, backend=self.name,
                                words=self._words)
            if not all(isinstance(item, dict) for item in page):
                expect_shape(None, dict, what, expected=expected, backend=self.name,
                             words=self._words)
            items.extend(page)
            found = _NEXT_PAGE.search(headers.get("link", ""))
            url, query = (found[1] if found else None), None
        return items

    def _listing(self, label: str) -> list[dict[str, Any]]:
        """Every issue with the label, open or closed."""
        return self._pages("/issues", {"labels": label, "state": "all", "per_page": 100},
                           "list issues", "a list of issues")

    def find_linked(self, postmortem_ids: Sequence[str] | None = None) -> list[Issue]:
        if postmortem_ids is not None and not postmortem_ids:
            return []
        if postmortem_ids is not None and len(postmortem_ids) == 1:
            label = postmortem_label(postmortem_ids[0])
        else:  # all of them, or several: one listing, filtered here
            label = base_label(self.config.label_prefix)
        raw = self._calls.read(lambda: self._listing(label), "list issues")  # page 1 on retry
        wanted = None if postmortem_ids is None else set(postmortem_ids)
        issues = [self._issue(data, "list issues") for data in raw
                  if "pull_request" not in data]
        self._count_recent_creates(issues)
        return sorted((i for i in issues if belongs_to(i, wanted, self.config.label_prefix)),
                      key=lambda i: int(i.key))

    def get(self, key: str) -> Issue:
        number = self._number(key)
        what = f"read issue #{number}"
        try:
            _, data = self._calls.read(lambda: self._request(
                "GET", f"{self._repo_url()}/issues/{number}", what), what)
        except (NotFound, Refused, BadAnswer) as exc:
            if exc.status not in (404, 410):
                raise
            raise NotFound(f"issue #{number} does not exist in {self.repo_name}",
                           backend=self.name, status=exc.status) from None
        if isinstance(data, dict) and "pull_request" in data:
            raise NotFound(f"#{number} is a pull request, not an issue", backend=self.name)
        return self._issue(data, what)

    def can_assign(self, login: str) -> bool:
        """Whether GitHub accepts this login as an assignee here; asked once per run."""
        key = login.casefold()
        if key not in self._assignable:
            if not _LOGIN.fullmatch(login):
                self._assignable[key] = False
            else:
                what = f"check assignee {login}"

                def check() -> bool:
                    try:
                        self._request("GET", f"{self._repo_url()}/assignees/"
                                      f"{quote(login, safe='')}", what)
                    except GithubException as exc:
                        if exc.status == 404:
                            return False
                        raise
                    return True
                self._assignable[key] = self._calls.read(check, what)
        return self._assignable[key]

    def _assignees(self, login: str | None) -> list[str]:
        if not login:
            return []
        if self.can_assign(login):
            return [login]
        self.warn(f"'{login}' cannot be assigned issues in {self.repo_name}: left unassigned "
                  "(map the owner to a GitHub login under [owners] in the config)")
        return []

    # -- labels --------------------------------------------------------------------------
    def _ensure_labels(self, names: Sequence[str]) -> None:
        """Create the labels among `names` that actiontrack styles (`github_labels`) and the
        repository lacks. A label no listed issue carries is created, once a run: GitHub
        answers 422 `already_exists` for one the repository has, which is left as it is (one
        request either way, where a look-up first cost two for a missing label). A label that
        cannot be created is a warning: GitHub still creates it (grey) with the issue. Only
        with `style_labels`: otherwise every label is left to GitHub."""
        if not self.settings.style_labels:
            return
        for name in self._labels.missing(names):
            try:
                self._create_label(name)
            except Transient as exc:  # GitHub is struggling: the issues matter more
                self.warn(f"labels were not created ({exc}); GitHub adds them without a colour")
                self._labels.saw(names)
                return
            except Refused as exc:
                if "already_exists" not in str(exc):  # the repository has it: kept as it is
                    self.warn(f"the label '{name}' was not created ({exc}); GitHub adds it "
                              "without a colour")
            self._labels.saw([name])

    def _create_label(self, name: str) -> None:
        style = label_style(name, self.config.label_prefix)
        assert style is not None  # missing() keeps only the labels actiontrack styles
        payload = {"name": name, "color": style.color, "description": style.description}
        what = f"create the label {name}"
        self._calls.write(lambda: self._paced(lambda: self._request(
            "POST", f"{self._repo_url()}/labels", what, payload=payload), what), what)

    # -- writing -------------------------------------------------------------------------
    @property
    def settle_seconds(self) -> float:
        """A create the client gave up on may still land: GitHub ends its own work after 10 s
        (so a short client timeout is no shorter wait), a slow GHES or a proxy up to about the
        timeout later; the engine waits this long before its last look."""
        if self.settings.unanswered_wait is not None:
            return self.settings.unanswered_wait
        return float(max(self.settings.timeout, GITHUB_PROCESSING_LIMIT))

    def preflight(self, drafts: Sequence[IssueDraft]) -> None:
        for login in dict.fromkeys(d.assignee for d in drafts if d.assignee):
            self._assignees(login)  # warnings before anything is written

    def create(self, draft: IssueDraft) -> Issue:
        assignees = self._assignees(draft.assignee)
        title, body = fit_title(draft.title, draft.body, self.title_limit)
        if draft.due and due_from_body(body) != draft.due:
            body = with_due(body, draft.due)  # the body is the only place a due date lives
        body = body_with_marker(body, draft.link)
        self._ensure_labels(draft.labels)
        what = f"create the issue '{title}'"
        if self._ref_lock is not None:
            self._ref_lock.renew_if_due()  # a long first sync keeps the lock it holds
        payload = {"title": title, "body": body, "labels": list(draft.labels),
                   "assignees": assignees}
        # The answer is read inside the write: a 201 with a body that is not an issue is an
        # unknown outcome (it probably happened), which the engine settles by a lookup.
        issue = self._calls.write(lambda: self._issue(self._paced(lambda: self._request(
            "POST", f"{self._repo_url()}/issues", what, payload=payload), what)[1], what), what)
        self._seen_created.add(issue.key)  # counted by the pacer when it was sent
        return issue

    def create_many(self, drafts: Sequence[IssueDraft]) -> list[Issue | Exception]:
        """One by one, at GitHub's pace, saying how far it is on a long run. Stops at a
        failure every later create would meet too: bad auth, a limit that asks for a longer
        wait than `max_wait`, GitHub unreachable after the retries, an interrupt; the error
        says how many remain. An unknown outcome goes back to the engine, which looks the
        item up; several in a row mean GitHub is failing, and the run stops there (the next
        run's listing settles them)."""
        results: list[Issue | Exception] = []
        unknown_in_a_row = 0
        progress = CreateProgress(self._pacer, len(drafts), self.notify)
        if self._ref_lock is not None:  # a lease for as long as the limits make the creates
            # (written so when the lock was taken; renewed only if the plan under it grew)
            self._ref_lock.renew_if_due(self._creates_take(len(drafts)))
        for draft in drafts:
            try:
                results.append(self.create(draft))
                unknown_in_a_row = 0
            except UnknownOutcome as exc:
                unknown_in_a_row += 1
                if unknown_in_a_row >= UNKNOWN_OUTCOMES_BEFORE_STOP:
                    raise
                results.append(exc)
            except RateLimited as exc:
                raise self._stopped(exc, results, len(drafts)) from exc
            except (AuthError, Transient):
                raise
            except ActiontrackError as exc:
                results.append(exc)
            except KeyboardInterrupt:
                raise self._interrupted(results, len(drafts)) from None
            progress.step()
        return results

    def _patch(self, issue: Issue, payload: dict[str, Any], what: str) -> Issue:
        number = self._number(issue.key)
        what = f"{what} #{number}"
        _, data = self._calls.read(lambda: self._paced(lambda: self._request(
            "PATCH", f"{self._repo_url()}/issues/{number}", what, payload=payload), what), what)
        return self._issue(data, what)

    def held_value(self, name: str, value: object) -> object:
        return None if name == "priority" else value  # GitHub issues have no priority

    def update(self, issue: Issue, fields: IssueFields) -> Issue:
        payload = self._payload(issue, fields)
        if not payload:
            return issue
        return self._patch(issue, payload, "update issue")

    def _payload(self, issue: Issue, fields: IssueFields) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        body: str | None = None
        if fields.body is not None or fields.link is not None or fields.due is not None:
            body = strip_marker(issue.body) if fields.body is None else fields.body
        if fields.title is not None:
            payload["title"], fitted = fit_title(
                fields.title, strip_marker(issue.body) if body is None else body,
                self.title_limit)
            if body is not None or fitted != strip_marker(issue.body):
                body = fitted  # the full title line added, replaced or dropped
        if body is not None:
            if fields.due is not None:
                body = with_due(body, fields.due)
            payload["body"] = body_with_marker(body, fields.link or issue.link)
        if fields.labels is not None:
            self._ensure_labels(fields.labels)
            payload["labels"] = list(fields.labels)
        if fields.assignee is not None:
            assignees = self._assignees(fields.assignee)
            if assignees or fields.assignee == "":
                payload["assignees"] = assignees
        return payload

    def _comment(self, issue: Issue, comment: str | None) -> bool:
        """A comment after a state change. Never retried (a replay could post it twice); if
        it fails, the state change stands and the run goes on with a warning."""
        if not comment:
            return False
        number = self._number(issue.key)
        what = f"comment on #{number}"
        try:
            self._calls.write(lambda: self._paced(lambda: self._request(
                "POST", f"{self._repo_url()}/issues/{number}/comments", what,
                payload={"body": comment}), what), what)
        except (Transient, Refused) as exc:
            self.warn(f"#{number}: the comment was not posted ({exc})")
            return False
        return True

    def comment(self, issue: Issue, text: str) -> bool:
        return self._comment(issue, text)

    def close(self, issue: Issue, reason: CloseReason, comment: str | None = None) -> Issue:
        closed = self._patch(issue, {"state": "closed",
                                     "state_reason": CloseReason(reason).value}, "close issue")
        self._comment(closed, comment)
        return closed

    def close_duplicate(self, duplicate: Issue, original: Issue, comment: str) -> Issue:
        """Closed as GitHub's own `duplicate`; the comment starts "Duplicate of #N", which
        GitHub shows as a link in both issues' timelines."""
        closed = self._patch(duplicate, {"state": "closed", "state_reason": "duplicate"},
                             "close duplicate issue")
        self._comment(closed, f"Duplicate of #{self._number(original.key)}\n\n{comment}")
        return closed

    def reopen(self, issue: Issue, comment: str | None = None) -> Issue:
        reopened = self._patch(issue, {"state": "open"}, "reopen issue")
        self._comment(reopened, comment)
        return reopened

    def change_state(self, issue: Issue, *, close: bool, reason: CloseReason,
                     comment: str | None = None, fields: IssueFields | None = None) -> Issue:
        """The state and the fields (the marker recording it) in one PATCH, then the comment."""
        payload = self._payload(issue, fields) if fields is not None else {}
        payload.update({"state": "closed", "state_reason": CloseReason(reason).value}
                       if close else {"state": "open"})
        changed = self._patch(issue, payload, "close issue" if close else "reopen issue")
        self._comment(changed, comment)
        return changed

    # -- the lock across runs ------------------------------------------------------------
    def expect_creates(self, count: int) -> None:
        self._expected_creates = count

    def create_lock(self) -> AbstractContextManager[bool]:
        if not self.settings.lock:
            return nullcontext(False)
        self._ref_lock = RefLock(self._lock_request, self._lock_commit,
                                 holder_name(self.env), self.warn,
                                 lease=self.settings.lock_lease,
                                 wait=self.settings.lock_wait, sleep=self._sleep,
                                 clock=self._clock, fallback=self._newest_commit)
        # the first lease lasts as long as the creates will at GitHub's pace: no renewal
        return self._ref_lock.held(self._creates_take(self._expected_creates))

    def lock_held_throughout(self) -> bool:
        return self._ref_lock is not None and self._ref_lock.held_throughout()

    def _creates_take(self, count: int) -> float:
        """How long `count` creates take at GitHub's pace (a run that stops at the first
        wait over max_wait needs the lock no longer than that)."""
        if count <= 0:
            return 0.0
        # the lease, the ref and actiontrack's labels are content-creating writes too
        count += _LOCK_WRITES + (_LABEL_WRITES if self.settings.style_labels else 0)
        return min(self._pacer.time_for(count),
                   self.settings.max_wait + count * self.settings.seconds_between_writes)

    def _lock_request(self, verb: str, path: str, what: str, payload: Any) -> Any:
        def send() -> Any:
            return self._request(verb, f"{self._repo_url()}{path}", what, payload=payload)[1]
        if verb in ("GET", "DELETE"):
            # The release goes at once, even when the creates stopped at a limit: deleting
            # creates no content, and a lock left behind holds up the next run for its lease.
            return self._calls.read(send, what)
        # The lease and the ref are content like the issues: at GitHub's pace, in its limits.
        return self._calls.write(lambda: self._paced(send, what), what)

    def _lock_commit(self) -> str:
        """A commit to point the lease at, with no request where one is known: the job's own
        in Actions, the newest the local clone of this repository has from GitHub (a commit
        GitHub does not know is answered 422, and then the newest is asked for), else the
        newest GitHub has."""
        if self.env.get("GITHUB_SHA") and (self.env.get("GITHUB_REPOSITORY") or "").casefold() \
                == self.repo_name.casefold():
            return self.env["GITHUB_SHA"]
        return clone_commit(self.workdir, self.repo_name) or self._newest_commit()

    def _newest_commit(self) -> str:
        commits = self._calls.read(lambda: self._request(
            "GET", f"{self._repo_url()}/commits", "find a commit for the sync lock",
            parameters={"per_page": 1})[1], "find a commit for the sync lock")
        if not isinstance(commits, list) or not commits or not isinstance(commits[0], dict) \
                or not isinstance(commits[0].get("sha"), str):
            raise Refused("the repository has no commits to hold a lock on", backend=self.name)
        return str(commits[0]["sha"])

    # -- links ---------------------------------------------------------------------------
    def issue_key_from_link(self, link: str) -> str | None:
        """`#12`, `owner/repo#12` or an issue URL of this repository (web or API) -> "12"."""
        text = link.strip()
        match = re.fullmatch(r"(?:([\w.-]+/[\w.-]+))?#(\d+)", text)
        if match:
            if match[1] is None or match[1].casefold() == self.repo_name.casefold():
                return match[2]
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https"):
            return None
        repo = re.escape(self.repo_name)
        for base, pattern in ((self.server_url, rf"/{repo}/issues/(\d+)/?"),
                              (self.api_url, rf"/repos/{repo}/issues/(\d+)/?")):
            home = urlsplit(base)
            prefix = home.path.rstrip("/")
            if parts.netloc.casefold() != home.netloc.casefold():
                continue
            found = re.fullmatch(re.escape(prefix) + pattern, parts.path, re.IGNORECASE)
            if found:
                return found[1]
        return None


def _json(output: Any) -> Any:
    """An error answer's JSON; text that is not JSON (an HTML error page) as its message,
    which the error line names instead of pasting."""
    try:
        return json.loads(output) if output else None
    except (TypeError, ValueError):
        return {"message": str(output)}
