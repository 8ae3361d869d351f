"""The gates `make test` runs before the tests can fail: each catches a deliberately bad file put
into a temporary copy of the project (the real tree is never touched)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _copy_project(tmp_path: Path) -> Path:
    """A copy of the package and its pyproject.toml, without caches."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(ROOT / "actiontrack", copy / "actiontrack",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _gate(tool: str, args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    exe = BIN / tool
    if not exe.exists():
        pytest.skip(f"{tool} is not installed in this environment (make install-test)")
    # PYTHONPATH puts the copy ahead of the editable install of the real tree.
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def test_ruff_catches_an_unused_import(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path)
    (copy / "actiontrack" / "stray.py").write_text('"""A module."""\n\nimport os\n')
    done = _gate("ruff", ["check", "actiontrack/stray.py"], copy)
    assert done.returncode == 1
    assert "F401" in done.stdout and "stray.py" in done.stdout


def test_mypy_strict_catches_an_untyped_function(tmp_path: Path) -> None:
    copy = _copy_project(tmp_path)
    (copy / "actiontrack" / "stray.py").write_text(
        '"""A module."""\n\n\ndef double(value):\n    return value * 2\n')
    done = _gate("mypy", ["--cache-dir", str(tmp_path / "cache"), "actiontrack/stray.py"], copy)
    assert done.returncode == 1
    assert "stray.py:4: error: Function is missing a type annotation" in done.stdout


@pytest.mark.parametrize("module, line, broken", [
    # the parser must never pull in a tracker client
    ("parsing/stray.py", "import requests\n",
     "Reading and planning never import a tracker client BROKEN"),
    # the kernel must not import upwards, and nothing imports the command line
    ("sla.py", "from .cli import app\n",
     "Data flows one way: cli on top, the kernel at the bottom BROKEN"),
    ("reports/stray.py", "from ..cli import output\n", "Nothing imports the command line BROKEN"),
    # one backend never imports another
    ("backends/local.py", "from . import github\n", "Each backend stands alone BROKEN"),
    # modules of one package never import each other in a circle
    ("reports/items.py", "from . import run\n", "No import cycles, at any depth BROKEN"),
])
def test_import_contracts_catch_an_import_against_the_flow(tmp_path: Path, module: str,
                                                           line: str, broken: str) -> None:
    copy = _copy_project(tmp_path)
    target = copy / "actiontrack" / module
    text = target.read_text() if target.exists() else '"""A module."""\n'
    target.write_text(text + line)
    done = _gate("lint-imports", ["--no-cache"], copy)
    assert done.returncode == 1
    assert broken in done.stdout, done.stdout[-2000:]


def test_the_contracts_hold_on_the_real_tree(tmp_path: Path) -> None:
    """The same check on an unmodified copy passes: the failures above are the bad files'."""
    done = _gate("lint-imports", ["--no-cache"], _copy_project(tmp_path))
    assert done.returncode == 0, done.stdout[-2000:]
    assert "0 broken" in done.stdout
