"""The lock the action installs (requirements/action.txt): every dependency pinned and
hash-checked, and at exactly the versions this test run uses (`make install-test` installs
the lock first), so what passed here is what a workflow runs."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, requires, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "action.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)
BUILD_ONLY = {"setuptools"}  # builds actiontrack in the action; not a runtime dependency


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).casefold()


def pins() -> dict[str, str]:
    return {canonical(name): pinned for name, pinned in PIN.findall(LOCK.read_text())}


def test_every_pin_has_a_hash() -> None:
    # one entry per requirement: its line and the indented lines under it
    entries = re.findall(r"^[A-Za-z0-9].*?(?=^[A-Za-z0-9]|\Z)", LOCK.read_text(),
                         re.MULTILINE | re.DOTALL)
    assert len(entries) == len(pins()) >= 20
    for entry in entries:
        assert "--hash=sha256:" in entry, entry.splitlines()[0]


@pytest.mark.parametrize("name", sorted(set(pins()) - BUILD_ONLY))
def test_the_lock_pins_the_version_the_tests_ran_with(name: str) -> None:
    try:
        installed = version(name)
    except PackageNotFoundError:
        pytest.fail(f"{name} is in the lock but not installed here; run `make install-test`")
    assert installed == pins()[name], (
        f"{name}: the lock has {pins()[name]}, the tests ran with {installed}; run `make lock` "
        "after changing pyproject.toml, then `make install-test`")


def test_the_lock_covers_every_runtime_dependency() -> None:
    """Each dependency actiontrack declares (and the redmine extra's) is pinned."""
    locked = pins()
    for requirement in requires("actiontrack") or []:
        name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert name is not None
        marker = requirement.partition(";")[2]
        if "extra" in marker and "redmine" not in marker:
            continue  # the test extra: not part of the action
        assert canonical(name[0]) in locked, f"{name[0]} is not in {LOCK.name}"
