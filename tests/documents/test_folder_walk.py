"""A folder's postmortems (`postmortem_files`, walked by `os.scandir`) are the files the
`Path.rglob` walk it replaced found, in the same order: at any depth, links to files in,
links to folders not followed, nothing hidden below the folder, no README or template, no
named pipe, no other suffix; and the folder named as a link, relative, with `./` or a
trailing slash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from actiontrack.documents.files import postmortem_files
from actiontrack.parsing import POSTMORTEM_SUFFIXES


def rglob_postmortems(folder: Path) -> list[Path]:
    """The walk as it was (before `_folder_postmortems`)."""
    def postmortem(p: Path) -> bool:
        name = p.name.casefold()
        return (name.endswith(POSTMORTEM_SUFFIXES)
                and not name.startswith(("readme", "template", "_template")))
    return sorted(p for p in folder.rglob("*") if p.is_file() and postmortem(p)
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def tree(root: Path) -> Path:
    folder = root / "pms"
    for name in ("a.md", "b.markdown", "Z.txt", "notes.rst", "x.erb", "y.mdx", "README.md",
                 "Template.md", "_template.md", "image.png", ".hidden.md", "2023/c.md",
                 "2023/q1/d.md", "2023/q1/README.markdown", ".drafts/e.md", "2023/.old/f.md",
                 "z-last/g.md", "B/h.md", "a b/i.md", "ü/j.md"):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    outside = root / "elsewhere"
    (outside / "sub").mkdir(parents=True)
    (outside / "k.md").write_text("# k\n", encoding="utf-8")
    (outside / "sub" / "l.md").write_text("# l\n", encoding="utf-8")
    (folder / "linked.md").symlink_to(outside / "k.md")  # a link to a file: in
    (folder / "linked-folder").symlink_to(outside / "sub")  # a link to a folder: not walked
    (folder / "dangling.md").symlink_to(root / "nowhere.md")
    (folder / "folder.md").mkdir()  # a folder with a postmortem's suffix is no file
    (folder / "folder.md" / "m.md").write_text("# m\n", encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "pipe.md")
    return folder


def test_a_folder_holds_what_rglob_found_in_the_same_order(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    folder = tree(tmp_path)
    expected = rglob_postmortems(folder)
    assert Path(folder / "linked.md") in expected and len(expected) == 14
    assert postmortem_files([str(folder)]) == expected
    monkeypatch.chdir(tmp_path)
    for arg in ("pms", "./pms", "pms/", "pms/2023"):
        assert postmortem_files([arg]) == rglob_postmortems(Path(arg)), arg
        assert [str(p) for p in postmortem_files([arg])] == [
            str(p) for p in rglob_postmortems(Path(arg))]
    (tmp_path / "as-link").symlink_to(folder)
    assert postmortem_files(["as-link"]) == rglob_postmortems(Path("as-link"))
    (tmp_path / ".hidden-root" / "n").mkdir(parents=True)  # hidden above the folder: in
    (tmp_path / ".hidden-root" / "n" / "o.md").write_text("# o\n", encoding="utf-8")
    assert postmortem_files([".hidden-root"]) == [Path(".hidden-root/n/o.md")]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root lists every folder")
def test_a_folder_that_cannot_be_listed_is_passed_over(tmp_path: Path) -> None:
    folder = tree(tmp_path)
    (folder / "2023" / "q1").chmod(0)
    try:
        expected = rglob_postmortems(folder)
        assert postmortem_files([str(folder)]) == expected
        assert folder / "2023" / "q1" / "d.md" not in expected
    finally:
        (folder / "2023" / "q1").chmod(0o755)
