"""Finding backends: every tracker, built in or third-party, is an entry point in the group
`actiontrack.backends`. Only the backend that is used gets imported, so `actiontrack --help`
never pays for PyGithub or jira. `open_tracker` is the one way to get a tracker to work with;
a backend is a context manager that shuts itself down.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.metadata import EntryPoint, PackageNotFoundError, distribution, entry_points
from typing import TYPE_CHECKING

from ..config import BACKEND_GROUP, installed_backend_names
from ..errors import ConfigError

if TYPE_CHECKING:
    from ..config import Config
    from .base import Backend

GROUP = BACKEND_GROUP
__all__ = ["GROUP", "BackendInfo", "backend_class", "installed_backend_names", "list_backends",
           "load_backend", "open_tracker"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackendInfo:
    name: str
    target: str  # "module:Class"
    package: str | None
    loadable: bool
    error: str | None = None
    missing: tuple[str, ...] = ()  # distributions it needs that are not installed
    hint: str | None = None        # how to install them

    @property
    def status(self) -> str:
        if self.missing:
            return f"needs {', '.join(self.missing)}: {self.hint}"
        return "ok" if self.loadable else f"BROKEN ({self.error})"


_EXTRA_MARKER = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")
_REQUIREMENT_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _missing(ep: EntryPoint) -> tuple[str, ...]:
    """The distributions that the entry point's extras (`module:Class [extra]`) require and
    that are not installed: a backend whose client library is missing imports fine (it
    imports the library lazily) but cannot work."""
    dist = getattr(ep, "dist", None)
    if dist is None or not ep.extras:
        return ()
    missing = []
    for requirement in dist.requires or ():
        name, _, marker = requirement.partition(";")
        extra = _EXTRA_MARKER.search(marker)
        found = _REQUIREMENT_NAME.match(name)
        if extra is None or extra[1] not in ep.extras or found is None:
            continue
        try:
            distribution(found[1])
        except PackageNotFoundError:
            missing.append(found[1])
    return tuple(missing)


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return found


def _package(ep: EntryPoint) -> str | None:
    dist = getattr(ep, "dist", None)
    return dist.name if dist is not None else None


def _load(ep: EntryPoint) -> type[Backend]:
    """Import an entry point's target and check that it is a Backend class."""
    from .base import Backend
    target = ep.load()
    if not (isinstance(target, type) and issubclass(target, Backend)):
        raise TypeError(f"{ep.value} is not a subclass of actiontrack.backends.base.Backend")
    return target


def list_backends(*, try_import: bool = True) -> list[BackendInfo]:
    """Every installed backend; with try_import, whether it imports cleanly."""
    infos = []
    for name, ep in sorted(_entry_points().items()):
        error = None
        if try_import:
            try:
                _load(ep)
            except Exception as exc:  # noqa: BLE001 - a broken plugin must not break the tool
                error = f"{type(exc).__name__}: {exc}"
        missing = _missing(ep)
        package = _package(ep)
        hint = f"pip install '{package}[{','.join(ep.extras)}]'" if missing else None
        infos.append(BackendInfo(name, f"{ep.module}:{ep.attr}", package,
                                 error is None and not missing, error, missing, hint))
    return infos


def backend_class(name: str) -> type[Backend]:
    eps = _entry_points()
    if name not in eps:
        known = ", ".join(sorted(eps)) or "none"
        raise ConfigError(f"no backend named '{name}' is installed", key="backend",
                          hint=f"installed backends: {known}")
    ep = eps[name]
    try:
        return _load(ep)
    except Exception as exc:  # noqa: BLE001
        pkg = _package(ep) or ep.value
        raise ConfigError(f"backend '{name}' from package '{pkg}' failed to import ({exc})",
                          key="backend", hint="reinstall that package or pick another backend"
                          ) from None


def load_backend(name: str, config: Config, env: Mapping[str, str]) -> Backend:
    return backend_class(name)(config, env)


def open_tracker(config: Config, name: str | None = None, *,
                 env: Mapping[str, str] | None = None) -> Backend:
    """The tracker `name` (default: the configured backend), ready for `with ... as tracker:`."""
    return load_backend(name or config.backend, config, env or {})
