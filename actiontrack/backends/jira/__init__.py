"""The Jira backend (Cloud and Data Center): `JiraBackend`, and the modules it is built from:
`settings` (config and environment), `http` (errors, retries, JQL), `meta` (the create screen),
`users` (owners to accounts), `text` (descriptions as wiki markup or ADF)."""

from .backend import JiraBackend

__all__ = ["JiraBackend"]
