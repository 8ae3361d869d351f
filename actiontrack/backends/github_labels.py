"""The colours and descriptions of the labels actiontrack creates on GitHub, and what a run
knows about the labels a repository already has.

GitHub creates a label it does not know when an issue uses it, grey and undescribed, and by
default the backend leaves every label to it (a first sync then writes nothing beyond its
creates and the lock). With `[github] style_labels = true` the backend creates actiontrack's
own few labels itself, once, styled here: the base label and the kind labels, coloured by
kind (corrective red, preventive green). Their number does
not grow with the postmortems. The label of each postmortem (`pm:<id>`) is left to GitHub,
which creates it with the postmortem's first issue: styling it would cost one more
content-creating request per postmortem against GitHub's 500 an hour (2,000 postmortems:
four hours of the limit). Knowing which labels exist costs nothing on a re-sync: every listed
issue carries its labels, so the labels of tracked issues are known from the listing the sync
makes anyway. Only a label no listed issue has costs a request: its create, which GitHub
answers with 422 `already_exists` when the repository has it (one request whether it is there
or not, however many labels the repository has). A label people restyled is never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..issue_format import base_label

MAX_DESCRIPTION = 100  # GitHub's limit


@dataclass(frozen=True)
class LabelStyle:
    color: str  # six hex digits, no '#'
    description: str


_KINDS = {
    "corrective": LabelStyle("d93f0b", "Corrective action from a postmortem: fixes what broke"),
    "preventive": LabelStyle("0e8a16", "Preventive measure from a postmortem: stops a repeat"),
}


def label_style(name: str, prefix: str = "actiontrack") -> LabelStyle | None:
    """How a label actiontrack creates looks; None for one it does not create (a postmortem's
    own `pm:` label, which GitHub makes with the issue, or a label that is not actiontrack's)."""
    head, _, rest = name.partition(":")
    if name.casefold() == base_label(prefix):
        return LabelStyle("5319e7", "Tracked by actiontrack: an action item from a postmortem")
    if head.casefold() == "kind" and rest:
        return _KINDS.get(rest.casefold(), LabelStyle(
            "fbca04", f"Action item from a postmortem, of kind {rest}"[:MAX_DESCRIPTION]))
    return None


class KnownLabels:
    """The repository's labels this run has seen (on listed issues, or created or found there
    by a create)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.names: set[str] = set()

    def saw(self, labels: Iterable[Mapping[str, Any] | str]) -> None:
        for label in labels:
            name = label if isinstance(label, str) else label.get("name")
            if name:
                self.names.add(str(name).casefold())

    def missing(self, names: Iterable[str]) -> list[str]:
        """The labels among `names` actiontrack creates and this run has not seen yet."""
        return [n for n in dict.fromkeys(names)
                if n.casefold() not in self.names and label_style(n, self.prefix)]
