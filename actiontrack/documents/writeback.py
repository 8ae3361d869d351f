"""Write-back: put each issue's link next to its item in the postmortem, and tick the checkbox
of items whose issue was closed as done — changing nothing else in the file.

The file is edited as bytes on the lines the parser reported (`ActionItem.line`): every other
byte stays as it was, line endings included (CRLF stays CRLF, a missing final newline stays
missing, a BOM stays). The new file is written next to the old one and moved over it with
`os.replace`, so a reader never sees half a file and a crash leaves the original.

With the link in the document, a later sync finds the same issue through
`Backend.issue_key_from_link` even after the item is reworded.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import ActionItem, CloseReason, Issue, ParsedDocument, normalise_title
from ..parsing.htmlpage import is_page
from .files import file_of

_LINE_BREAK = re.compile(r"(\r\n|\r|\n)")
_OPEN_BOX = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[ ?\]")
# How many leading words of the title must be found on the item's line to trust the line
# number (the title may continue on the next lines, or carry metadata the parser removed).
_ANCHOR_WORDS = 3


@dataclass
class WriteBack:
    path: Path
    links_added: int = 0
    boxes_ticked: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.links_added or self.boxes_ticked)


def link_text(issue: Issue) -> str:
    """`[#12](url)` for numbered issues, `[OPS-7](url)` for keyed ones; no URL, no link."""
    label = f"#{issue.key}" if issue.key.isdigit() else issue.key
    return f"[{label}]({issue.url})" if issue.url else label


def _line_holds(line: str, item: ActionItem) -> bool:
    words = normalise_title(item.title).split()[:_ANCHOR_WORDS]
    return bool(words) and " ".join(words) in normalise_title(line)


_HTML_CELL = re.compile(r"(<t[dh]\b[^>]*>)(.*?)(</t[dh]\s*>)", re.I | re.S)
_MARKDOWN_LINK = re.compile(r"^\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)\)$")


def _append_link(line: str, item: ActionItem, text: str) -> str | None:
    """The line with ` (text)` after the item's text; in a table row, inside the cell that
    holds the item (an HTML row gets an HTML link in its cell). None when the cell cannot be
    found."""
    if "<t" in line.lower() and _HTML_CELL.search(line):
        for m in _HTML_CELL.finditer(line):
            if _line_holds(re.sub(r"<[^>]+>", "", m.group(2)), item):
                link = _MARKDOWN_LINK.match(text)
                html = f'<a href="{link["url"]}">{link["label"]}</a>' if link else text
                return f"{line[:m.end(2)].rstrip()} ({html}){line[m.end(2):]}"
        return None
    if line.lstrip().startswith("|"):
        cells = line.split("|")
        # (an AsciiDoc row puts one cell a line, "|Rotate the keys", with no closing bar)
        last = len(cells) - 1 if line.rstrip().endswith("|") else len(cells)
        for n, cell in enumerate(cells[1:last], start=1):
            if _line_holds(cell, item):
                body = cell.rstrip()
                cells[n] = f"{body} ({text}){cell[len(body):]}"
                return "|".join(cells)
        return None
    body = line.rstrip()
    return f"{body} ({text}){line[len(body):]}"


def _ticked(line: str) -> str | None:
    match = _OPEN_BOX.match(line)
    return f"{match.group(1)}[x]{line[match.end():]}" if match else None


def rewrite_text(text: str, pairs: Sequence[tuple[ActionItem, Issue]], result: WriteBack,
                 already_linked: Callable[[ActionItem, Issue], bool]) -> str:
    """The text with links added and boxes ticked; counts and warnings go into `result`."""
    parts = _LINE_BREAK.split(text)  # lines at even indexes, their line breaks between
    for item, issue in pairs:
        index = 2 * ((item.line or 0) - 1)
        if item.line is None or not 0 <= index < len(parts) or not _line_holds(parts[index],
                                                                                 item):
            result.warnings.append(f"{result.path}:{item.line}: line no longer holds "
                                   f"'{item.title}'; nothing written for it")
            continue
        line = parts[index]
        if issue.is_closed and issue.state_reason != CloseReason.NOT_PLANNED.value:
            ticked = _ticked(line)
            if ticked is not None:
                line, result.boxes_ticked = ticked, result.boxes_ticked + 1
        if not already_linked(item, issue) and not (issue.url and issue.url in line):
            linked = _append_link(line, item, link_text(issue))
            if linked is None:
                result.warnings.append(f"{result.path}:{item.line}: no table cell holds "
                                       f"'{item.title}'; link not written")
            else:
                line, result.links_added = linked, result.links_added + 1
        parts[index] = line
    return "".join(parts)


def write_links(path: str | Path, pairs: Sequence[tuple[ActionItem, Issue]], *,
                already_linked: Callable[[ActionItem, Issue], bool] = lambda i, s: False
                ) -> WriteBack:
    """Write the links of `pairs` (item, its issue) into the postmortem at `path`."""
    path = Path(path)
    result = WriteBack(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot write links back ({exc})", path=str(path)) from None
    if is_page(text):
        # a saved or exported page is read as the text it shows; its markup is not ours to
        # edit (several items may share one line of it)
        result.warnings.append(f"{path}: an HTML page; its issue links are not written into "
                               "it (the links are in the tracker)")
        return result
    new = rewrite_text(text, pairs, result, already_linked)
    if new != text:
        atomic_write(path, new.encode("utf-8"))
    return result


def write_links_for(docs: Sequence[ParsedDocument], issue_of: Mapping[str, Issue],
                    key_from_link: Callable[[str], str | None],
                    base: Path | None) -> list[WriteBack]:
    """Write each synced issue's link into its postmortem (`issue_of`: item id -> issue);
    an item that already names its issue is left as it is."""
    def already_linked(item: ActionItem, issue: Issue) -> bool:
        return any(key_from_link(link) == issue.key for link in item.links)

    written = []
    for doc in docs:
        pairs = [(item, issue_of[item.id]) for item in doc.action_items if item.id in issue_of]
        if pairs:
            written.append(write_links(file_of(doc, base), pairs,
                                       already_linked=already_linked))
    return written


def check_writable_target(path: Path) -> None:
    """Before any work: `path` can take a file (it is one, or its folder exists); else an
    `InputError` naming it."""
    if path.exists() and not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file"
        raise InputError(f"is {kind}; name a file to write to", path=str(path))
    if not path.parent.is_dir():
        raise InputError(f"its folder {path.parent} does not exist", path=str(path),
                         hint="create the folder, or name a file in an existing one")


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step, keeping its permission bits. A folder or
    another non-regular file there is refused, and an error names `path`, never the
    temporary file."""
    check_writable_target(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:  # a new file: what open() would give it
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"cannot write here ({exc.strerror})", path=str(path),
                         hint="check the folder exists and is writable") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write it ({exc.strerror})", path=str(path),
                         hint="check the folder exists and is writable") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
