"""The packages import one way: gongkai (CLI) -> orchestration -> expectations -> warehouse -> ingest.

The contract lives in pyproject.toml ([tool.importlinter]); import-linter (grimp) counts
imports inside functions too, so a cycle cannot hide behind a lazy import.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
LAYERS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]


def test_the_layers_contract_is_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_cycle_between_top_level_packages():
    graph = grimp.build_graph(*LAYERS, cache_dir=None)
    for i, upper in enumerate(LAYERS):
        for lower in LAYERS[i + 1:]:
            assert not graph.chain_exists(importer=lower, imported=upper, as_packages=True), (lower, upper)


def test_the_contract_breaks_on_an_upward_import(tmp_path):
    """The same contract, on a copy of the layers as empty packages with one import upward."""
    for name in LAYERS:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / LAYERS[-1] / "reader.py").write_text("def f():\n    from %s import x\n" % LAYERS[1])
    (tmp_path / LAYERS[1] / "x.py").write_text("")
    config = (ROOT / "pyproject.toml").read_text().split("[tool.importlinter]", 1)[1]
    (tmp_path / ".importlinter.toml").write_text("[tool.importlinter]" + config)
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import lint_imports; "
                           "sys.exit(lint_imports(config_filename='.importlinter.toml', no_cache=True))"],
                          cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "BROKEN" in done.stdout and f"{LAYERS[-1]}.reader -> {LAYERS[1]}" in done.stdout
