"""Settings of the Jira backend: the `[jira]` config section, validated with its own model, and
the environment (`JIRA_URL`, `JIRA_PROJECT`, `JIRA_EMAIL` + `JIRA_API_TOKEN` for Cloud, or
`JIRA_PAT` for Data Center), so a CI job needs no config file. The environment wins over the
file. Tokens come only from the environment, are held as `SecretStr` and masked in logs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from ...config import config_error
from ...errors import ConfigError
from ...logs import register_basic_auth, register_secret

# Item priorities as postmortems write them -> Jira's default priority scheme.
DEFAULT_PRIORITIES = {
    "p0": "Highest", "p1": "High", "p2": "Medium", "p3": "Low", "p4": "Lowest",
    "critical": "Highest", "highest": "Highest", "high": "High", "medium": "Medium",
    "low": "Low", "lowest": "Lowest",
}


# Settings the environment may give, and the variable that gives each.
_ENV_KEYS = {"server": "JIRA_URL", "project": "JIRA_PROJECT", "email": "JIRA_EMAIL"}


class JiraSettings(BaseModel):
    """The `[jira]` table of config/actiontrack.toml."""

    model_config = ConfigDict(extra="forbid")

    server: str | None = Field(None, description="base URL; env JIRA_URL")
    project: str | None = Field(None, description="project key; env JIRA_PROJECT")
    email: str | None = Field(None, description="Cloud account e-mail (or DC user name for "
                                                "Basic auth); env JIRA_EMAIL")
    issue_type: str = "Task"
    rest_api_version: Literal[2, 3] = Field(2, description="3 writes descriptions as ADF")
    done_transition: str | None = Field(None, description="transition used to close; default: "
                                                          "any into the done category")
    reopen_transition: str | None = None
    priorities: dict[str, str] = Field(default_factory=dict,
                                       description="item priority -> Jira priority name")
    fields: dict[str, Any] = Field(default_factory=dict,
                                   description="values for required fields, by id or name")
    timeout: float = Field(30.0, gt=0, description="seconds per HTTP request")
    index_lag_minutes: int = Field(10, ge=1, le=24 * 60,
                                   description="issues created this recently are read by key, "
                                               "not trusted to the search index")

    @field_validator("rest_api_version", mode="before")
    @classmethod
    def _version(cls, value: object) -> object:
        return int(value) if isinstance(value, str) and value.strip().isdigit() else value

    @field_validator("server")
    @classmethod
    def _server(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be a URL such as https://example.atlassian.net")
        return value

    def jira_priority(self, priority: str | None) -> str | None:
        if not priority:
            return None
        wanted = priority.strip().casefold()
        table = {**DEFAULT_PRIORITIES, **{k.casefold(): v for k, v in self.priorities.items()}}
        return table.get(wanted)


class JiraCredentials(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str | None = None
    api_token: SecretStr | None = None
    pat: SecretStr | None = None

    @property
    def uses_pat(self) -> bool:
        return self.pat is not None


def load_settings(section: Mapping[str, Any], env: Mapping[str, str],
                  source: str | None = None) -> tuple[JiraSettings, JiraCredentials]:
    """Validate the `[jira]` section merged with the environment; name what is missing."""
    try:
        settings = JiraSettings.model_validate(dict(section))
    except ValidationError as exc:
        raise config_error(exc, JiraSettings, section="jira", source=source,
                           hint="see the Jira section of the README") from None
    overrides = {key: env.get(var) for key, var in _ENV_KEYS.items()}
    if any(overrides.values()):
        data = settings.model_dump()
        data.update({k: v for k, v in overrides.items() if v})
        try:
            settings = JiraSettings.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise ConfigError(first["msg"].rstrip("."),
                              key=_ENV_KEYS.get(str(first["loc"][0]))) from None
    if not settings.server:
        raise ConfigError("no Jira server is set", key="JIRA_URL",
                          hint="set JIRA_URL or [jira] server")
    if not settings.project:
        raise ConfigError("no Jira project is set", key="JIRA_PROJECT",
                          hint="set JIRA_PROJECT or [jira] project to a project key")
    return settings, _credentials(settings, env)


def _credentials(settings: JiraSettings, env: Mapping[str, str]) -> JiraCredentials:
    pat, token = env.get("JIRA_PAT"), env.get("JIRA_API_TOKEN")
    for secret in (pat, token):
        register_secret(secret)
    if pat:
        return JiraCredentials(pat=SecretStr(pat))
    if token and settings.email:
        register_basic_auth(settings.email, token)  # the Authorization header's base64
        return JiraCredentials(email=settings.email, api_token=SecretStr(token))
    if token:
        raise ConfigError("JIRA_API_TOKEN is set but no account e-mail", key="JIRA_EMAIL",
                          hint="set JIRA_EMAIL (Cloud) or [jira] email")
    raise ConfigError("no Jira credentials in the environment", key="JIRA_API_TOKEN",
                      hint="set JIRA_EMAIL and JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center)")
