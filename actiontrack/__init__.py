"""actiontrack: postmortem action items, tracked until they are done.

The version has one home, `version` in pyproject.toml; `__version__` reads it from the
installed package's metadata, lazily, so that importing actiontrack (and `--help`) never pays
for the lookup.
"""

from __future__ import annotations

from functools import cache

__all__ = ["__version__"]


@cache  # asked twice by a sync (the fingerprints of its caches): the metadata is read once
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("actiontrack")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return _source_tree_version()


def _source_tree_version() -> str:
    import tomllib
    from pathlib import Path
    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'actiontrack' has no attribute {name!r}")
