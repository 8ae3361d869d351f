"""Loading the postmortems a command names: parse each file once (side by side on several
cores, unchanged files from the parse cache: `parallel`, `cache`), give items without a due
date their SLA due date, link the file's permalink (in GitHub Actions), name the source
relative to the project root, and enforce one postmortem per id.

A file that cannot be read (not UTF-8, binary, unreadable) is set aside with its error while
the others load: one pasted log in `postmortems/` must not stop the sync of every postmortem.
The command reports it and exits non-zero at the end."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..config import Config
from ..errors import InputError
from ..lasting import lasting
from ..model import ParsedDocument
from ..sla import with_sla_due
from .cache import parse_cache
from .files import Scope, postmortem_files, with_project_source
from .parallel import parse_files
from .permalink import with_permalink


@dataclass
class Loaded:
    docs: list[ParsedDocument] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files with no action items
    unreadable: list[InputError] = field(default_factory=list)  # files set aside, and why
    # Those files, parsed: a postmortem whose items were all removed still answers for its
    # issues (they are orphans now), so a sync plans them too.
    empty: list[ParsedDocument] = field(default_factory=list)
    scope: Scope | None = None  # what the paths cover, for postmortems gone from them

    @property
    def to_sync(self) -> list[ParsedDocument]:
        """What a sync plans: the postmortems with items, then the emptied ones."""
        ids = {doc.postmortem.id for doc in self.docs}
        return self.docs + [d for d in self.empty if d.postmortem.id not in ids]


def load_documents(paths: Sequence[str], config: Config, env: Mapping[str, str], *,
                   warn: Callable[[str], None]) -> Loaded:
    """The postmortems in `paths` (files, folders, globs) that hold action items.

    Two postmortems with one id are an error: their issues would be mixed up."""
    base = config.base_dir()  # once: it walks up the folders (a stat each) per call
    loaded = Loaded(scope=Scope.of(paths, base))
    seen_ids: dict[str, str] = {}
    files = postmortem_files(paths)
    with parse_cache(env) as cache:
        outcomes = parse_files(files, config.parser, cache=cache)
    with lasting():  # the documents live until the command ends: no collector passes
        for path, parsed in zip(files, outcomes, strict=True):
            if isinstance(parsed, InputError):
                loaded.unreadable.append(parsed)
                continue
            doc = with_sla_due(parsed.document, config.sla)
            doc = with_permalink(doc, env)  # in GitHub Actions: link the file's commit
            doc = with_project_source(doc, base)
            for warning in doc.warnings:
                warn(warning)
            if not doc.action_items:
                loaded.skipped.append(str(path))
                loaded.empty.append(doc)
                continue
            other = seen_ids.get(doc.postmortem.id)
            if other is not None:
                raise InputError(f"has the same postmortem id '{doc.postmortem.id}' as "
                                 f"{other}", path=str(path),
                                 hint="give one of them an `id:` in front matter")
            seen_ids[doc.postmortem.id] = str(path)
            loaded.docs.append(doc)
    return loaded
