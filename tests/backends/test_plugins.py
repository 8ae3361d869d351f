"""Third-party backends, found by entry point: the example plugin under tests/plugin_example
(installed by `make test`) is listed and passes the shipped contract suite, and a plugin that
fails to import is a warning naming its package, never a crash.

The broken plugins are real installed distributions: a `.dist-info` with an
`entry_points.txt`, exactly what pip writes, on a sys.path entry of their own.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from actiontrack.backends import backend_class, list_backends, load_backend
from actiontrack.backends.base import Backend
from actiontrack.cli import cli, main
from actiontrack.config import Config
from actiontrack.errors import ConfigError
from actiontrack.testing import BackendContract

EXAMPLE_PLUGIN = "actiontrack-plugin-example"


def example_plugin_class() -> type[Backend]:
    infos = {i.name: i for i in list_backends(try_import=False)}
    if "jsonfile" not in infos:
        pytest.skip("the example plugin is not installed: pip install -e tests/plugin_example "
                    "(make test does it)")
    return backend_class("jsonfile")


def install_fake_distribution(site: Path, package: str, entry_points: dict[str, str],
                              modules: dict[str, str]) -> None:
    """Write an installed distribution into `site`, as pip would (metadata only)."""
    dist = site / f"{package.replace('-', '_')}-0.1.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 0.1\n")
    lines = ["[actiontrack.backends]"] + [f"{k} = {v}" for k, v in entry_points.items()]
    (dist / "entry_points.txt").write_text("\n".join(lines) + "\n")
    for name, source in modules.items():
        (site / f"{name}.py").write_text(source)


@pytest.fixture
def broken_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two broken plugins: one whose import fails, one that names something not a Backend."""
    site = tmp_path / "site"
    install_fake_distribution(
        site, "actiontrack-broken-plugin",
        {"broken": "broken_backend_mod:Backend", "notabackend": "not_a_backend_mod:Thing"},
        {"broken_backend_mod": "import a_dependency_that_is_not_installed\n",
         "not_a_backend_mod": "class Thing:\n    pass\n"})
    monkeypatch.syspath_prepend(str(site))
    return site


# -- the example plugin ------------------------------------------------------------------------

def test_the_example_plugin_is_listed_with_its_package() -> None:
    example_plugin_class()
    info = next(i for i in list_backends() if i.name == "jsonfile")
    assert info.loadable and info.package == EXAMPLE_PLUGIN
    result = CliRunner().invoke(cli, ["backends"])
    assert result.exit_code == 0
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("jsonfile"))
    assert EXAMPLE_PLUGIN in line and line.endswith("ok")


class TestExamplePlugin(BackendContract):
    @pytest.fixture
    def backend(self, tmp_path: Path) -> Backend:
        return example_plugin_class()(Config(), {"ACTIONTRACK_JSONFILE": str(tmp_path / "t.json")})


def test_the_example_plugin_runs_a_sync_from_the_command_line(example: Path,
                                                               tmp_path: Path) -> None:
    example_plugin_class()
    env = {"ACTIONTRACK_JSONFILE": str(tmp_path / "issues.json")}
    first = CliRunner().invoke(cli, ["sync", "--backend", "jsonfile", str(example)], env=env)
    again = CliRunner().invoke(cli, ["sync", "--backend", "jsonfile", str(example)], env=env)
    assert first.exit_code == 0 and "4 created" in first.stdout
    assert again.exit_code == 0 and "0 created, 0 updated, 4 unchanged" in again.stdout


# -- broken plugins ----------------------------------------------------------------------------

def test_a_broken_plugin_is_listed_as_broken_with_its_package(broken_site: Path) -> None:
    infos = {i.name: i for i in list_backends()}
    for name in ("broken", "notabackend"):
        assert not infos[name].loadable and infos[name].package == "actiontrack-broken-plugin"
    assert "a_dependency_that_is_not_installed" in infos["broken"].error
    assert "not a subclass" in infos["notabackend"].error
    assert infos["local"].loadable  # the others still work


def test_backends_command_warns_naming_the_package_and_exits_0(broken_site: Path) -> None:
    result = CliRunner().invoke(cli, ["backends"])
    assert result.exit_code == 0
    assert "warning: backend 'broken' from package 'actiontrack-broken-plugin' failed to " \
        "import" in result.stderr
    assert any(ln.startswith("local") and ln.endswith("ok") for ln in result.stdout.splitlines())


def test_using_a_broken_plugin_is_one_line_naming_the_package(
        broken_site: Path, example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ConfigError, match="'actiontrack-broken-plugin' failed to import"):
        load_backend("broken", Config(), {})
    code = main(["sync", "--backend", "notabackend", str(example)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "actiontrack-broken-plugin" in err
    assert "Traceback" not in err


def test_a_broken_plugin_does_not_break_a_real_process(broken_site: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(broken_site), *sys.path])}
    proc = subprocess.run([sys.executable, "-m", "actiontrack", "backends"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "'actiontrack-broken-plugin' failed to import" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert any(ln.startswith("local") for ln in proc.stdout.splitlines())
