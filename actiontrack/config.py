"""Configuration: `config/actiontrack.toml`, validated with pydantic.

Precedence is flags > environment > file > defaults. The file is found at `--config`, else
`$ACTIONTRACK_CONFIG`, else `config/actiontrack.toml` under the working directory; with none of
them every command still works on the defaults. Secrets never live in the file: backends read
tokens from the environment and hold them as `SecretStr`.

Backend sections (`[github]`, `[jira]`, ...) stay raw dictionaries here; each backend validates
its own section with its own model, so a plugin brings its settings without touching this file.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

# Where the file is found (re-exported: the rest of actiontrack imports them from here).
from .config_files import DEFAULT_CONFIG_PATH, discover_config, find_config_path, project_root
from .errors import ConfigError

__all__ = ["DEFAULT_CONFIG_PATH", "discover_config", "find_config_path", "project_root"]

# The entry-point group every tracker backend, built in or a plugin, is declared in.
BACKEND_GROUP = "actiontrack.backends"


def installed_backend_names() -> list[str]:
    """The names of the installed backends, read from their entry points: nothing is imported,
    so the config can tell a backend's table from a typo without loading any tracker."""
    from importlib.metadata import entry_points
    return sorted({ep.name for ep in entry_points(group=BACKEND_GROUP)})


SettingsT = TypeVar("SettingsT", bound=BaseModel)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The longest SLA a config may give, in days (ten years): a due date is a date, and a huge
# number of days would run past the last date there is (year 9999).
MAX_SLA_DAYS = 3650
SlaDays = Annotated[int, Field(ge=0, le=MAX_SLA_DAYS)]


class SlaPolicy(Strict):
    """Days allowed to close an item, counted from the incident date."""

    corrective: SlaDays = 7
    preventive: SlaDays = 30
    default: SlaDays = Field(30, description="any other kind, or an item of unknown kind")
    kinds: dict[str, SlaDays] = Field(default_factory=dict, description="extra kinds by name")
    priority: dict[str, SlaDays] = Field(default_factory=dict,
                                         description="per-priority days; wins over the kind")
    business_days: bool = False

    def days_for(self, kind: str | None, priority: str | None = None) -> int:
        if priority and priority.upper() in {p.upper() for p in self.priority}:
            return next(v for k, v in self.priority.items() if k.upper() == priority.upper())
        if kind == "corrective":
            return self.corrective
        if kind == "preventive":
            return self.preventive
        if kind and kind in self.kinds:
            return self.kinds[kind]
        return self.default


class ParserSettings(Strict):
    action_sections: list[str] = Field(default_factory=list,
                                       description="extra heading names that hold action items")
    default_kind: str = "corrective"


class ReportSettings(Strict):
    kinds_first: list[str] = Field(default_factory=lambda: ["preventive"])


class Config(Strict):
    backend: str = "local"
    sla: SlaPolicy = Field(default_factory=SlaPolicy)
    owners: dict[str, str] = Field(default_factory=dict,
                                   description="owner as written in postmortems -> tracker user")
    parser: ParserSettings = Field(default_factory=ParserSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    label_prefix: str = "actiontrack"
    backends: dict[str, dict[str, Any]] = Field(default_factory=dict)
    source: str | None = None  # the file this came from, for messages
    # Things in the file that are not errors but are probably mistakes (printed once).
    warnings: list[str] = Field(default_factory=list, exclude=True)

    def base_dir(self) -> Path | None:
        """The folder relative paths in the config file are relative to: the project root
        (the folder holding `config/`) for `config/NAME.toml`, else the file's own folder.
        With no config file, the project root found from the working directory (so the
        default tracker is one per project wherever a command runs); None (the working
        directory) outside any project."""
        if self.source is None:
            return project_root(Path.cwd())
        folder = Path(self.source).resolve().parent
        return folder.parent if folder.name == "config" else folder

    @field_validator("backend")
    @classmethod
    def _backend_name(cls, value: str) -> str:
        if not value or not value.replace("-", "").replace("_", "").isalnum():
            raise ValueError("must be a backend name such as 'local', 'github' or 'jira'")
        return value

    def backend_section(self, name: str) -> dict[str, Any]:
        return dict(self.backends.get(name, {}))

    def backend_settings(self, name: str, model: type[SettingsT], *,
                         hint: str | None = None) -> SettingsT:
        """The `[name]` table validated by a backend's own settings model; a bad value is one
        ConfigError naming the key (`github.timeout`) and what to do."""
        try:
            return model.model_validate(self.backend_section(name))
        except ValidationError as exc:
            raise config_error(exc, model, section=name, source=self.source, hint=hint) from None

    def tracker_user(self, owner: str | None) -> str | None:
        """The tracker user for an owner as written in a postmortem, if the owners map knows it."""
        if not owner:
            return None
        wanted = owner.lstrip("@").casefold()
        for name, user in self.owners.items():
            if name.lstrip("@").casefold() == wanted:
                return user
        return None


# Top-level keys that are settings of the tool itself; any other table is a backend's section.
_CORE_KEYS = {"backend", "sla", "owners", "parser", "report", "label_prefix"}


def config_error(exc: ValidationError, model: type[BaseModel], *, section: str | None = None,
                 source: str | None = None, hint: str | None = None) -> ConfigError:
    """One clear line for the first value pydantic rejected: which key, what is wrong with
    it, and what to do (the likely key when it is a typo)."""
    first = exc.errors()[0]
    loc = [str(p) for p in first["loc"]]
    key = ".".join(([section] if section else []) + loc)
    kind = first["type"]
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        guess = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6) if loc else []
        return ConfigError("unknown setting", key=key, source=source,
                           hint=f"did you mean '{guess[0]}'?" if guess else
                           f"known settings here: {', '.join(known) or 'none'}")
    if kind in ("dict_type", "model_type"):
        message = f"should be a table: [{key}] with its settings on the lines below"
    elif kind == "missing":
        message = "is required"
    else:
        shown = repr(first.get("input"))
        shown = shown if len(shown) <= 40 else shown[:37] + "..."
        wanted = first["msg"].split(",")[0].rstrip(".").removeprefix("Input ")
        message = f"{wanted} (got {shown})"
    return ConfigError(message, key=key, source=source,
                       hint=hint or "config/actiontrack.toml shows every setting")


def _fields_at(model: type[BaseModel], loc: list[str]) -> list[str]:
    """The setting names pydantic accepts at `loc` inside `model` (for did-you-mean)."""
    for part in loc:
        field = model.model_fields.get(part)
        annotation = field.annotation if field is not None else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [name for name in model.model_fields if name not in _INTERNAL_FIELDS]


# Config fields that are not settings a user writes in the file.
_INTERNAL_FIELDS = {"backends", "source", "warnings"}


def _check_tables(raw: dict[str, Any], source: str | None) -> list[str]:
    """Reject a misspelt top-level key; warn about a table no installed backend reads."""
    others = {name: value for name, value in raw.items() if name not in _CORE_KEYS}
    if not others:
        return []
    backends = installed_backend_names()
    warnings = []
    for name, value in others.items():
        if name in backends:
            if not isinstance(value, dict):
                raise ConfigError(f"should be a table: [{name}] with its settings on the lines "
                                  "below", key=name, source=source)
            continue
        guess = difflib.get_close_matches(name, sorted(_CORE_KEYS | set(backends)), n=1,
                                          cutoff=0.6)
        if guess or not isinstance(value, dict):
            raise ConfigError("unknown setting", key=name, source=source,
                              hint=f"did you mean '{guess[0]}'?" if guess else
                              f"known settings: {', '.join(sorted(_CORE_KEYS))}, or a "
                              f"[backend] table ({', '.join(backends)})")
        warnings.append(f"{source}: [{name}] is ignored: it is not a setting and no installed "
                        f"backend is named '{name}' (installed: {', '.join(backends)})")
    return warnings


def load_config(explicit: str | os.PathLike[str] | None = None, *,
                env: dict[str, str] | None = None,
                overrides: dict[str, Any] | None = None) -> Config:
    """Read, merge and validate the configuration."""
    env = dict(os.environ if env is None else env)
    path = find_config_path(explicit, env)
    raw: dict[str, Any] = {}
    if path is not None:
        import tomllib  # only with a file to read: it is a sixth of a bare start-up
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"not valid TOML ({exc})", source=str(path),
                              hint="fix the syntax") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read it ({exc})", source=str(path)) from None
    warnings = _check_tables(raw, str(path))
    data: dict[str, Any] = {k: v for k, v in raw.items() if k in _CORE_KEYS}
    data["backends"] = {k: v for k, v in raw.items() if k not in _CORE_KEYS}
    if env.get("ACTIONTRACK_BACKEND"):
        data["backend"] = env["ACTIONTRACK_BACKEND"]
    for key, value in (overrides or {}).items():
        if value is not None:
            data[key] = value
    data["source"] = str(path) if path else None
    data["warnings"] = warnings
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise config_error(exc, Config, source=str(path) if path else None) from None

