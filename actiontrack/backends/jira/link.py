"""Where the Jira backend keeps the link between an issue and its postmortem item: an issue
entity property, Jira's store for machine data, never text in the description.

Why a property, not a remote link with a `globalId`:
- it is written in the same request that creates the issue (`properties` of an issue create,
  in `issue/bulk` too) and of an edit, so an issue never exists without its link and a
  digest never lags the fields it describes;
- it comes back inline wherever issues are read: in every search page (`properties=`, up to
  five keys), in `GET issue`, in Cloud's `issue/bulkfetch`; finding the issues of a
  postmortem stays one paginated search, and a lookup by key reads the link with the issue;
- people never see or edit it by accident (a remote link is a visible "web link" in the
  issue, is read with one more request per issue, and is a second write after the create).
JQL cannot search properties that no app indexes, so the issues are found by their labels
(`actiontrack`, `pm:<id>`), and the property says which item each one is.

Descriptions written before this held the link as visible text: `{noformat}<!-- actiontrack:v1
{...} -->{noformat}` (REST v2) or a plain paragraph (REST v3). They are still read, and the
next write of such an issue moves the link into the property and drops the text.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ...issue_format import parse_marker, strip_marker
from ...model import Link

PROPERTY = "actiontrack"  # the issue property's key
SCHEMA = 1  # the shape of its value: {"schema": 1, "link": <Link as JSON>}


def link_property(link: Link) -> dict[str, Any]:
    """The `properties` entry of a create or an edit that stores this link."""
    return {"key": PROPERTY,
            "value": {"schema": SCHEMA,
                      "link": link.model_dump(mode="json", exclude_defaults=True)}}


def link_from_property(properties: Any) -> Link | None:
    """The link an issue's properties (as Jira returns them: key -> value) hold, if any."""
    value = properties.get(PROPERTY) if isinstance(properties, dict) else None
    if not isinstance(value, dict) or not isinstance(value.get("link"), dict):
        return None
    # Fields a later version added are left out, so its issues stay linked here too.
    known = {k: v for k, v in value["link"].items() if k in Link.model_fields}
    try:
        return Link.model_validate(known)
    except ValidationError:
        return None  # mangled by hand: the issue is not linked, as with a broken marker


def link_of(raw: dict[str, Any], legacy_text: str) -> Link | None:
    """An issue's link: its property, else a visible marker left by an earlier version."""
    return link_from_property(raw.get("properties")) or parse_marker(legacy_text)


def human_text(body: str) -> str:
    """What a description shows of an issue body: the body without the marker (the link
    lives in the property)."""
    return strip_marker(body)
