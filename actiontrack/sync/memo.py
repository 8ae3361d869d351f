"""What a sync digested for an item, kept between runs: a re-sync of an item whose inputs
are the same as at an earlier run takes its digests from here and renders nothing.

A no-op re-sync compares, per field, the digest of what the postmortem says now with the one
the marker carries; rendering every item's body and digesting its fields to do so was the
largest part of it (about 1.2 s CPU at 10,000 items). The digests are a pure function of the
item, its postmortem, the links its body shows, the config, the tracker (`Backend.
digest_context`: None for a tracker whose answers may depend on more, which then gets no
memo) and actiontrack's own code: the key is a digest of all of them, so an entry can only
ever give what rendering would give. The engine still decides everything from the digests,
as before: only how they are obtained changes. Pure: the caller loads and stores entries
(`documents.cache.DigestCache`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence

from ..model import ActionItem, ParsedDocument, Postmortem
from .merge import FIELDS, Wanted

_Digests = tuple[Mapping[str, str], Mapping[str, str]]


class DigestMemo:
    """Digests by key for one sync: `known` from earlier runs (`prefetch` asks `fetch` for
    the keys of the items to plan), `new_entries` what this run digested besides."""

    def __init__(self, context: str,
                 fetch: Callable[[Sequence[str]], Mapping[str, str]] | None = None) -> None:
        self._context = hashlib.sha256(context.encode()).digest()
        self._fetch = fetch
        self.known: dict[str, str] = {}
        self._postmortems: dict[int, tuple[Postmortem, hashlib._Hash]] = {}
        self._seen: list[tuple[str, Wanted]] = []
        self._computed: dict[str, Wanted] = {}  # this run's, by key (a sync plans twice)
        self._keys: dict[int, tuple[ActionItem, tuple[str, ...], str]] = {}

    def _postmortem_digest(self, postmortem: Postmortem) -> hashlib._Hash:
        found = self._postmortems.get(id(postmortem))
        if found is None or found[0] is not postmortem:
            found = (postmortem, hashlib.sha256(
                self._context + postmortem.model_dump_json().encode() + b"\0"))
            self._postmortems[id(postmortem)] = found
        return found[1]

    def key(self, item: ActionItem, postmortem: Postmortem, links: Sequence[str]) -> str:
        """The key of an item's digests: everything they are computed from (`links`: the
        links its body shows)."""
        shown = tuple(links)
        found = self._keys.get(id(item))
        if found is not None and found[0] is item and found[1] == shown:
            return found[2]
        digest = self._postmortem_digest(postmortem).copy()
        digest.update(item.model_dump_json().encode() + b"\0" + "\n".join(shown).encode())
        key = digest.hexdigest()[:32]
        self._keys[id(item)] = (item, shown, key)
        return key

    def document_keys(self, doc: ParsedDocument,
                      links: Sequence[Sequence[str]]) -> list[str]:
        """The keys of a document's items (`links`: the links each one's body shows), from one
        serialisation of the whole document, which holds the postmortem and every item: one
        for each postmortem instead of one for it and one for each of its items (12,000
        for 10,000 items). An item's key then stands for all of its postmortem, so the items
        of an edited postmortem are all digested again (a few renders, once). `key` gives
        these keys for the same item and links."""
        base = hashlib.sha256(self._context + b"document\0" + doc.model_dump_json().encode())
        keys = []
        for n, (item, shown_links) in enumerate(zip(doc.action_items, links, strict=True)):
            shown = tuple(shown_links)
            digest = base.copy()
            digest.update(f"\0{n}\0".encode() + "\n".join(shown).encode())
            key = digest.hexdigest()[:32]
            self._keys[id(item)] = (item, shown, key)
            keys.append(key)
        return keys

    def prefetch(self, keys: Sequence[str]) -> None:
        if self._fetch is not None and keys:
            self.known.update(self._fetch([k for k in keys if k not in self.known]))

    def plain(self, key: str) -> list[str] | None:
        """The digests of an item's values as the postmortem gives them, in `FIELDS` order,
        when they are known (from an earlier run, or this one's), without the rest of the
        entry read."""
        text = self.known.get(key)
        if text is None:
            found = self.digests(key)
            return None if found is None else [found[0][name] for name in FIELDS]
        plain, _, held = text.partition("|")
        plain_list = plain.split(",")
        if len(plain_list) != len(FIELDS) or held.count(",") != len(FIELDS) - 1:
            return None  # as `digests` reads it: not an entry of this version
        return plain_list

    def digests(self, key: str) -> _Digests | None:
        text = self.known.get(key)
        if text is None:
            computed = self._computed.get(key)
            return None if computed is None else computed.known_digests
        plain, _, held = text.partition("|")
        plain_list, held_list = plain.split(","), held.split(",")
        if len(plain_list) != len(FIELDS) or len(held_list) != len(FIELDS):
            return None  # not an entry of this version: digested again
        return dict(zip(FIELDS, plain_list, strict=True)), dict(zip(FIELDS, held_list,
                                                                     strict=True))

    def remember(self, key: str, want: Wanted) -> None:
        self._seen.append((key, want))
        self._computed.setdefault(key, want)

    def new_entries(self) -> dict[str, str]:
        """The digests this run computed that the memo did not know: key -> entry."""
        out: dict[str, str] = {}
        for key, want in self._seen:
            known = want.known_digests
            if known is None or key in self.known or key in out:
                continue
            plain, held = known
            out[key] = (",".join(plain[name] for name in FIELDS) + "|"
                        + ",".join(held[name] for name in FIELDS))
        return out
