"""The one error hierarchy of actiontrack.

Every error a user can cause or meet carries a message that says what went wrong and what to
do, and an exit code. The CLI catches `ActiontrackError` once, prints `error: <message>` on a
single line and exits with the code; `--debug` shows the traceback as well.

The exit codes are `ExitCode`, the one list the CLI, this module and the README use.
Commands raise (or return an `ExitCode`); only `actiontrack.cli.main` exits.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `actiontrack` exits with (the README's table is this list)."""

    OK = 0
    TRACKER = 1       # a tracker failed or refused; the machine failed (disk, permissions)
    FINDINGS = 1      # `check` found errors (or warnings, with --strict); no tracker involved
    USAGE = 2         # bad usage, bad config or bad input
    OVERDUE = 3       # `report --fail-on-overdue` found overdue items
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as the shell reports it


class ActiontrackError(Exception):
    exit_code: int = ExitCode.TRACKER  # an ExitCode; int so a subclass or instance may set one

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}; {self.hint}"
        return self.message


class UsageError(ActiontrackError):
    exit_code: int = ExitCode.USAGE


class ConfigError(UsageError):
    """The config file or an option is invalid. `key` names the setting to fix."""

    def __init__(self, message: str, *, key: str | None = None, source: str | None = None,
                 hint: str | None = None) -> None:
        where = ", ".join(p for p in (source, _setting_name(key)) if p)
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.key = key
        self.source = source


def _setting_name(key: str | None) -> str | None:
    """`key 'sla.corrective'` for a config key; an environment variable by its bare name."""
    if not key:
        return None
    return key if key.isupper() else f"key '{key}'"


class InputError(UsageError):
    """A postmortem path cannot be read or holds no postmortem."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message, hint=hint)
        self.path = path
        self.line = line


ParseError = InputError


class BackendError(ActiontrackError):
    """A tracker could not do what was asked."""

    exit_code: int = ExitCode.TRACKER

    def __init__(self, message: str, *, backend: str | None = None, hint: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(f"{backend}: {message}" if backend else message, hint=hint)
        self.detail = message  # the message without the backend's name in front
        self.backend = backend
        self.status = status


class AuthError(BackendError):
    """The tracker refused our credentials or our permissions."""


class NotFound(BackendError):
    """The tracker answered, and the thing is definitely not there."""


class Transient(BackendError):
    """The tracker could not be asked (timeout, reset, 5xx). Never read this as "absent".

    `retry_after` is the wait in seconds the tracker asked for, when it said."""

    def __init__(self, message: str, *, backend: str | None = None, hint: str | None = None,
                 status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message, backend=backend, hint=hint, status=status)
        self.retry_after = retry_after


class RateLimited(Transient):
    """The tracker asked us to slow down for longer than we are willing to wait."""


class Unreachable(Transient):
    """No connection could be made (refused, no such host, connect timeout): the request never
    left this machine. Not retried: a refused connection is known at once, and nothing was
    written."""


class BadAnswer(Transient):
    """The tracker answered, but not with its API: an HTML page (a login or proxy page), an
    empty or truncated body, JSON of another shape, a redirect. Could not ask, never "absent";
    not retried, since the same address gives the same page again."""


class Unwritable(BackendError):
    """The tracker refuses every write, not only this one (a read-only tracker file, a token
    that may only read): the run stops at the first, before any other item is tried."""


class Busy(BackendError):
    """Another run holds the tracker's lock across runs and kept it past the wait: nothing
    was changed, so that two runs never create the same items side by side."""


class Refused(BackendError):
    """The tracker understood the request and refused it (validation, required field...)."""


class UnknownOutcome(Transient):
    """A write was sent and no answer came back: it may or may not have happened."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C (or the SIGINT of a cancelled CI job) in the middle of a tracker's writes, with
    what was done and what remains, for the one line the command line prints. A
    KeyboardInterrupt still: nothing on the way catches it as a tracker failure."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail
