"""Secrets never reach output: log messages, their arguments, logged tracebacks, the basic-auth
form of a token, and the `--debug` traceback of the CLI are all masked."""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from actiontrack.cli import main
from actiontrack.logs import MASK, MaskingFormatter, mask, register_basic_auth, register_secret

SECRET = "s3cr3t-token-for-the-mask-test"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """A logger whose records go through the masking formatter into a buffer."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(MaskingFormatter("%(name)s: %(message)s"))
    logger = logging.getLogger("actiontrack.test-logs")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def test_messages_arguments_and_logged_tracebacks_are_masked(captured: io.StringIO) -> None:
    register_secret(SECRET)
    logger = logging.getLogger("actiontrack.test-logs")
    logger.debug("sending Authorization: token %s", SECRET)
    try:
        raise RuntimeError(f"the server echoed {SECRET!r}")
    except RuntimeError:
        logger.exception("request failed")
    text = captured.getvalue()
    assert SECRET not in text
    assert f"token {MASK}" in text
    assert "RuntimeError: the server echoed" in text  # the traceback is there, masked


def test_the_basic_auth_header_form_is_masked() -> None:
    register_basic_auth("bot@example.com", SECRET)
    header = base64.b64encode(f"bot@example.com:{SECRET}".encode()).decode()
    assert mask(f"Authorization: Basic {header}") == f"Authorization: Basic {MASK}"


def test_the_debug_traceback_of_the_cli_is_masked(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A config error whose text names the secret: the error line and the --debug traceback
    both show the mask."""
    register_secret(SECRET)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "actiontrack.toml").write_text(f'backend = "{SECRET}"\n')
    code = main(["--debug", "report"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback (most recent call last)" in err
    assert SECRET not in err and MASK in err
