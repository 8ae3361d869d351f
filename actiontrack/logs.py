"""Logging set-up with a filter that masks every registered secret.

Backends call `register_secret` with each token they hold; from then on any log record,
including those of PyGithub, jira, urllib3 and requests under --debug, shows `***` instead.
"""

from __future__ import annotations

import logging
import sys

_SECRETS: set[str] = set()
MASK = "***"


def register_secret(value: str | None) -> None:
    if value and len(value) >= 4:
        _SECRETS.add(value)


def mask(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


class SecretFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            record.msg = mask(record.getMessage())
            record.args = None
        return True


def setup_logging(debug: bool) -> None:
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter())
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.WARNING)
