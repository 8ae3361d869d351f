"""Logging set-up with a formatter that masks every registered secret.

Backends call `register_secret` with each token they hold (and `register_basic_auth` for a
user:token pair, whose base64 form is what the Authorization header carries); from then on
every log line — messages, arguments and tracebacks (`exc_info`) alike, PyGithub's, jira's,
urllib3's and requests' under --debug included — shows `***` instead, and so does every
error line and `--debug` traceback the CLI prints (`mask`).
"""

from __future__ import annotations

import base64
import logging
import sys

_SECRETS: set[str] = set()
MASK = "***"
# Secrets shorter than this are not masked: masking "abc" would garble ordinary text.
_MIN_SECRET = 4


def register_secret(value: str | None) -> None:
    """Mask `value` from now on, in its plain form and its `repr` (a traceback may show
    either)."""
    if value and len(value) >= _MIN_SECRET:
        _SECRETS.add(value)
        _SECRETS.add(repr(value).strip("'\""))


def register_basic_auth(user: str, secret: str) -> None:
    """Mask the secret and the base64 of `user:secret`, as HTTP Basic auth sends it."""
    register_secret(secret)
    if secret:
        register_secret(base64.b64encode(f"{user}:{secret}".encode()).decode())


def mask(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class MaskingFormatter(logging.Formatter):
    """Formats a record as usual, traceback included, then masks the whole text."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


def setup_logging(debug: bool) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(MaskingFormatter("%(levelname)s %(name)s: %(message)s"))
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)


def adopt_library_logger(name: str) -> None:
    """Route a client library's logger through the masking root handler.

    PyGithub gives its "github" logger a stderr handler of its own, at INFO, when it is
    imported: that handler would bypass the mask, and its level would hide the HTTP log under
    --debug. The backend that imports such a library calls this right after the import."""
    logger = logging.getLogger(name)
    logger.handlers.clear()
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
