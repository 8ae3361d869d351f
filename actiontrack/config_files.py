"""Where the configuration file is (`find_config_path`) and the caches are (`cache_folder`),
and the settings `parse` reads when there is none, without the config model: pydantic is most
of a bare start-up's cost, and `parse` of one file runs on every save in an editor or a
pre-commit hook.

`config` re-exports the finding; `PLAIN_PARSER` and `PLAIN_SLA` are the defaults of
`config.ParserSettings` and `config.SlaPolicy` (a test holds them equal).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError

DEFAULT_CONFIG_PATH = Path("config") / "actiontrack.toml"


def find_config_path(explicit: str | os.PathLike[str] | None,
                     env: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if env is None else env
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist",
                              hint="check --config / ACTIONTRACK_CONFIG")
        return path
    if env.get("ACTIONTRACK_CONFIG"):
        path = Path(env["ACTIONTRACK_CONFIG"])
        if not path.is_file():
            raise ConfigError(f"config file {path} (from ACTIONTRACK_CONFIG) does not exist",
                              hint="unset ACTIONTRACK_CONFIG or point it at a file")
        return path
    return discover_config(Path.cwd())


def project_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds `.git` or `config/`, or None."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists() or (folder / "config").is_dir():
            return folder
    return None


def discover_config(start: Path) -> Path | None:
    """`config/actiontrack.toml` in `start` or the nearest folder above it, as git finds its
    repository: a command run from a sub-folder uses the project's config (and tracker).
    The search stops at a repository root (a folder holding `.git`)."""
    for folder in (start, *start.parents):
        candidate = folder / DEFAULT_CONFIG_PATH
        if candidate.is_file():
            return candidate if folder != start else DEFAULT_CONFIG_PATH
        if (folder / ".git").exists():
            return None
    return None


def cache_folder(env: Mapping[str, str]) -> Path | None:
    """The folder of the parse cache (`documents.cache`) and the compiled patterns
    (`pattern_cache`): `ACTIONTRACK_CACHE_DIR` (`off`: None, no cache), else
    `$XDG_CACHE_HOME/actiontrack` (`~/.cache/actiontrack`)."""
    named = env.get("ACTIONTRACK_CACHE_DIR")
    if named:
        return None if named.casefold() == "off" else Path(named).expanduser()
    try:
        base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    except RuntimeError:  # no home folder
        return None
    return Path(base).expanduser() / "actiontrack"


@dataclass(frozen=True)
class PlainParserSettings:
    """`config.ParserSettings()`, as the parser reads it."""

    action_sections: tuple[str, ...] = ()
    default_kind: str = "corrective"


@dataclass(frozen=True)
class PlainSlaPolicy:
    """`config.SlaPolicy()` (no extra kinds, no priorities), as the due dates read it."""

    corrective: int = 7
    preventive: int = 30
    default: int = 30
    business_days: bool = False

    def days_for(self, kind: str | None, priority: str | None = None) -> int:
        if kind == "corrective":
            return self.corrective
        if kind == "preventive":
            return self.preventive
        return self.default


PLAIN_PARSER = PlainParserSettings()
PLAIN_SLA = PlainSlaPolicy()
