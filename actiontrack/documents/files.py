"""Turning the PATH arguments of a command (files, folders, globs) into postmortem files, and
into the scope of a sync (`Scope`: which tracked postmortems it answers for).

Only regular files are postmortems: a named pipe, a device or a socket would block the read
forever or stream without end, so one named on the command line is refused with one line, and
one met in a folder or a glob is passed over."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..parsing import POSTMORTEM_SUFFIXES

if TYPE_CHECKING:
    from ..model import ParsedDocument


def _is_postmortem(name: str) -> bool:
    name = name.casefold()
    return (name.endswith(POSTMORTEM_SUFFIXES) and not name.startswith(("readme", "template",
                                                                          "_template")))


def regular_file(path: Path, arg: str | None = None) -> Path:
    """`path` when it is a regular file (or a link to one); else an `InputError` saying what
    it is. Never opens it: opening a named pipe waits for a writer."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise InputError("no such file or folder", path=arg or str(path),
                         hint="check the path") from None
    except OSError as exc:
        raise InputError(f"cannot read it ({exc.strerror})", path=arg or str(path)) from None
    if stat.S_ISREG(mode):
        return path
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    raise InputError(f"is {kind}, not a regular file", path=arg or str(path),
                     hint="name a postmortem file (Markdown or text)")


def postmortem_files(paths: Sequence[str]) -> list[Path]:
    """Every postmortem named by the arguments, in a stable order, each once."""
    found: dict[Path, None] = {}
    for arg in paths:
        path = Path(arg)
        if any(ch in arg for ch in "*?[") and not path.exists():
            matches = sorted(Path(p) for p in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError("no file matches this pattern", path=arg,
                                 hint="check the glob, or quote it so the shell leaves it")
            found.update(dict.fromkeys(files))
        elif path.is_dir():
            files = sorted(_folder_postmortems(path))
            if not files:
                raise InputError("folder holds no postmortems", path=arg,
                                 hint=f"expected files ending in {', '.join(POSTMORTEM_SUFFIXES)}")
            found.update(dict.fromkeys(files))
        else:
            found[regular_file(path, arg)] = None
    return list(found)


def _folder_postmortems(folder: Path) -> list[Path]:
    """The postmortem files under `folder`, at any depth, as `folder.rglob("*")` walks it:
    into real folders, not links to folders, passing over a folder that cannot be listed;
    a file may be a link to a file. Nothing under a hidden name (`.git`, `.drafts/`, `.x.md`)
    below `folder`. By `os.scandir` and strings: `rglob` then a `Path`, a stat and
    `relative_to` per file was 0.06 s of 2,000 files' no-op re-sync, this about 0.015."""
    found: list[Path] = []
    pending = [str(folder)]
    while pending:
        here = pending.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except PermissionError:  # as rglob: a folder it may not list is passed over
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                    continue
                is_file = entry.is_file()
            except OSError:  # as Path.is_file would say (or raise) for it
                is_file = Path(entry.path).is_file()
            if is_file and _is_postmortem(name):
                found.append(Path(entry.path))
    return found


@lru_cache(maxsize=1024)
def _real_folder(folder: str, cwd: str) -> Path:
    return Path(cwd, folder).resolve()


def _real(path: str, cwd: str) -> str:
    """`Path(path).resolve()` as text, its folder resolved once for all the files in it
    (2,000 postmortems in a few folders: a realpath each was a tenth of a no-op re-sync; the
    paths built as `Path`s, another twentieth)."""
    if os.path.islink(os.path.join(cwd, path)):
        return str(Path(cwd, path).resolve())
    return os.path.join(str(_real_folder(os.path.dirname(path) or ".", cwd)),
                        os.path.basename(path))


def with_project_source(doc: ParsedDocument, base: Path | None) -> ParsedDocument:
    """The document with its source named relative to the project root (`base`, else the
    working directory), as issue bodies show it: the same file then reads the same whether
    the sync runs from the root, a sub-folder or another checkout, and no issue is rewritten
    only because of where the command ran."""
    cwd = os.getcwd()
    root = str(_real_folder(str(base or "."), cwd))
    path = _real(doc.postmortem.source, cwd)
    inside = root if root.endswith(os.sep) else root + os.sep
    # outside the project: the absolute path reads the same from anywhere
    name = path[len(inside):] if path.startswith(inside) else path
    if name == doc.postmortem.source:
        return doc
    return doc.replaced(postmortem=doc.postmortem.replaced(source=name))


def file_of(doc: ParsedDocument, base: Path | None) -> Path:
    """The file of a document whose source `with_project_source` named, from here."""
    source = Path(doc.postmortem.source)
    if source.is_absolute() or base is None:
        return source
    return Path(os.path.relpath(base / source))


def _project_name(path: Path, root: Path) -> str:
    """A path as issues name their postmortem's file: relative to the project root, posix;
    absolute outside the project."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return str(resolved)


def _glob_covers(pattern: str, name: str) -> bool:
    """Whether a project-relative path matches a glob (`*` stays inside one folder, `**`
    crosses folders), as `glob.glob(..., recursive=True)` would have found it."""
    if "**" in pattern:
        return fnmatch.fnmatchcase(name, pattern.replace("**/", "*").replace("**", "*"))
    parts, wanted = name.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(
        fnmatch.fnmatchcase(p, w) for p, w in zip(parts, wanted, strict=True))


@dataclass(frozen=True)
class Scope:
    """What a sync was given, to tell a postmortem whose file is gone from one it was simply
    not asked about. Paths are named as issues name them (see `with_project_source`).

    - a folder covers every file under it, at any depth;
    - a glob covers the paths it matches, whether or not they exist now;
    - a file covers that file only.

    A tracked postmortem the sync did not load although the scope covers its file is gone:
    renamed when a file in the scope holds its items, else orphaned. A tracked postmortem
    whose file exists nowhere any more may also be the source of a rename, whatever the
    scope (`git mv a.md b.md` then `sync b.md`), but it is orphaned only inside the scope."""

    root: Path
    files: frozenset[str] = frozenset()
    folders: tuple[str, ...] = ()
    globs: tuple[str, ...] = ()

    @classmethod
    def of(cls, paths: Sequence[str], base: Path | None) -> Scope:
        root = (base or Path.cwd()).resolve()
        files, folders, globs = set(), [], []
        for arg in paths:
            path = Path(arg)
            if any(ch in arg for ch in "*?[") and not path.exists():
                absolute = arg if path.is_absolute() else os.path.join(Path.cwd(), arg)
                relative = os.path.relpath(absolute, root)
                globs.append(absolute if relative.startswith("..") else
                             Path(relative).as_posix())
            elif path.is_dir():
                folders.append(_project_name(path, root))
            else:
                files.add(_project_name(path, root))
        return cls(root, frozenset(files), tuple(folders), tuple(globs))

    def covers(self, source: str) -> bool:
        if source in self.files:
            return True
        if any(folder == "." or source.startswith(folder.rstrip("/") + "/")
               for folder in self.folders):
            return True
        return any(_glob_covers(pattern, source) for pattern in self.globs)

    def exists(self, source: str) -> bool:
        path = Path(source)
        return (path if path.is_absolute() else self.root / path).is_file()
