"""What the parser extracts from a document written for a test, in the shapes tests compare:
the items, their titles, or (title, owner, status) for each."""

from __future__ import annotations

from actiontrack.model import ActionItem
from actiontrack.parsing import parse_text


def items(text: str, source: str = "pm.md") -> list[ActionItem]:
    return list(parse_text(text, source=source).action_items)


def titles(text: str, source: str = "pm.md") -> list[str]:
    return [i.title for i in items(text, source)]


def owned(text: str, source: str = "pm.md") -> list[tuple[str, str | None, str]]:
    """(title, owner, status) of each item."""
    return [(i.title, i.owner, i.status.value if i.status else "") for i in items(text, source)]
