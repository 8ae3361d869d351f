"""What PyPI shows: the metadata of the installed package (classifiers, project URLs, the
licence and its file), the version from one place, and a `--help` that never pays to look the
version up. `make dist` (run by .ci/run) builds and `twine check --strict`s the artefacts."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tomllib
from importlib.metadata import metadata

from tests.conftest import ROOT


def test_the_metadata_pypi_shows() -> None:
    meta = metadata("actiontrack")
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    classifiers = meta.get_all("Classifier") or []
    assert "Programming Language :: Python :: 3.11" in classifiers
    assert "Typing :: Typed" in classifiers and "Environment :: Console" in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls)
    assert all(u.startswith("https://") for u in urls.values())
    assert meta["Requires-Python"] == ">=3.11"


def test_the_licence_file_is_mit_with_the_project_name_and_year() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    first_commit_year = 2026
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert f"Copyright (c) {first_commit_year} The actiontrack authors" in text
    assert first_commit_year <= dt.date.today().year


def test_the_version_is_written_once() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"].get("dynamic", [])
    source = (ROOT / "actiontrack" / "__init__.py").read_text(encoding="utf-8")
    assert pyproject["project"]["version"] not in source


def test_help_never_looks_the_version_up() -> None:
    probe = ("import sys\nfrom actiontrack.cli import main\nmain(['--help'])\n"
             "print('importlib.metadata' in sys.modules, 'tomllib' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.splitlines()[-1] == "False False"
