"""Shared fixtures: the seed report beside the checkout (../shared)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_TXT = SEEDS / "000_19d93999b17f5fab.txt"
SEED_EXPECTED = SEEDS / "000_19d93999b17f5fab.expected.json"


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A fresh input folder holding the seed report."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SEED_TXT, folder / SEED_TXT.name)
    return folder
