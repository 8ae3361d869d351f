"""`lasting.outlive`: what a command made is kept past its end, one command's worth at a time
(the next call lets the last ones go), so a process that runs many commands holds no more than
the last one's; and a sync through the command line keeps what it loaded, planned and did."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import pytest
from click.testing import CliRunner

from actiontrack import lasting
from actiontrack.cli import cli
from actiontrack.documents.load import Loaded
from actiontrack.sync import SyncResult


class Made:
    """Something a command made (a weak reference can follow it)."""


def test_what_outlives_a_command_is_kept_until_the_next_one_lets_it_go() -> None:
    first, second = Made(), Made()
    gone_first, gone_second = weakref.ref(first), weakref.ref(second)
    lasting.outlive(first)
    del first
    gc.collect()
    assert gone_first() is not None
    lasting.outlive(second)
    del second
    gc.collect()
    assert gone_first() is None
    assert gone_second() is not None
    lasting.outlive()
    gc.collect()
    assert gone_second() is None


def test_a_sync_keeps_what_it_loaded_planned_and_did(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ACTIONTRACK_DB", str(tmp_path / "t.db"))
    monkeypatch.setenv("ACTIONTRACK_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "pm.md").write_text("# Cart outage\n\n## Action items\n\n"
                                    "- [ ] Patch the cart module\n", encoding="utf-8")
    for created in ("1 created", "0 created"):
        result = CliRunner().invoke(cli, ["sync", "pm.md"])
        assert result.exit_code == 0, result.output
        assert created in result.output
        kept = lasting._outliving
        assert isinstance(kept[0], Loaded) and len(kept[0].docs) == 1
        assert isinstance(kept[2], SyncResult) and len(kept[2].applied) == 1
    lasting.outlive()
