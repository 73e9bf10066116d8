"""Shared fixtures: the seed report (a copy of ../shared/seeds under tests/data/seeds)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# One Hypothesis profile for every property test: no per-example deadline (the machine is
# shared and a slow example is not a failure), no example database in the checkout, and a
# failing example printed as a blob to replay with @reproduce_failure.
hypothesis_settings.register_profile("gongkai", deadline=None, database=None, print_blob=True)
hypothesis_settings.load_profile("gongkai")

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = REPO_ROOT / "tests" / "data" / "seeds"
SEED_TXT = SEEDS / "000_19d93999b17f5fab.txt"
SEED_EXPECTED = SEEDS / "000_19d93999b17f5fab.expected.json"


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A fresh input folder holding the seed report."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / SEED_TXT.name)
    return folder


# --- One `gongkai run` over samples/, shared by the README, run-report and browser tests ---

SAMPLES = REPO_ROOT / "samples"


@dataclass(frozen=True)
class SamplesRun:
    """A `gongkai run --input samples` in a private data folder and Dagster home."""

    root: Path
    data_dir: Path  # GONGKAI_DATA
    warehouse: Path  # GONGKAI_WAREHOUSE
    dagster_home: Path  # DAGSTER_HOME, holding the run's events (the UI reads them)
    returncode: int
    stdout: str
    stderr: str

    def env(self) -> dict[str, str]:
        """The environment that points the CLI, Dagster and dbt at this run's files. Without
        GONGKAI_PROGRESS: the run takes its own way with a stderr that is not a terminal."""
        return {**{k: v for k, v in os.environ.items() if k != "GONGKAI_PROGRESS"},
                "GONGKAI_DATA": str(self.data_dir), "GONGKAI_WAREHOUSE": str(self.warehouse),
                "DAGSTER_HOME": str(self.dagster_home)}


@pytest.fixture(scope="session")
def samples_run(tmp_path_factory) -> SamplesRun:
    root = tmp_path_factory.mktemp("samples_run")
    run = SamplesRun(root=root, data_dir=root / "data", warehouse=root / "data" / "warehouse.duckdb",
                     dagster_home=root / "dagster_home", returncode=-1, stdout="", stderr="")
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "run", "--input", str(SAMPLES)],
        cwd=REPO_ROOT, env=run.env(), capture_output=True, text=True, timeout=900,
    )
    return replace(run, returncode=done.returncode, stdout=done.stdout, stderr=done.stderr)
