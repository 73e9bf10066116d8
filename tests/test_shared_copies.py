"""The repository stands alone: the real documents and the seed the tests read are copies under
tests/data. Where ../shared is beside the checkout, a document or expected file that arrives
there (or changes) must be copied here too, so the tests see it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
COPIES = {"corpus/real": REPO / "tests" / "data" / "real", "seeds": REPO / "tests" / "data" / "seeds"}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale_copies(shared: Path) -> list[str]:
    """What under `shared` is missing from the copies or differs from them (empty: in step)."""
    problems = []
    for part, copy in COPIES.items():
        for original in sorted((shared / part).glob("*")):
            if not original.is_file():
                continue
            mine = copy / original.name
            if not mine.is_file():
                problems.append(f"{part}/{original.name} is not copied to {mine.relative_to(REPO)}")
            elif _digest(mine) != _digest(original):
                problems.append(f"{part}/{original.name} differs from {mine.relative_to(REPO)}")
    return problems


def test_copies_match_shared_when_it_is_beside_the_checkout():
    if not SHARED.is_dir():
        return  # a clone on its own: the copies are all there is
    assert stale_copies(SHARED) == []


def test_copies_exist_for_every_test_that_reads_them():
    for copy in COPIES.values():
        assert any(copy.glob("*.expected.json")), copy


@pytest.mark.parametrize("change", ["added", "changed"])
def test_a_new_or_changed_shared_file_is_noticed(tmp_path, change):
    for part, copy in COPIES.items():
        (tmp_path / part).mkdir(parents=True)
        for mine in copy.glob("*"):
            (tmp_path / part / mine.name).write_bytes(mine.read_bytes())
    assert stale_copies(tmp_path) == []
    if change == "added":
        (tmp_path / "corpus/real/new-2026.html").write_text("<p>新</p>", encoding="utf-8")
        assert stale_copies(tmp_path) == ["corpus/real/new-2026.html is not copied to tests/data/real/new-2026.html"]
    else:
        (tmp_path / "seeds/000_19d93999b17f5fab.txt").write_text("changed", encoding="utf-8")
        assert stale_copies(tmp_path) == ["seeds/000_19d93999b17f5fab.txt differs from tests/data/seeds/000_19d93999b17f5fab.txt"]
