"""The accuracy floor: `gongkai accuracy --json tests/fixtures/rendered` (reports rendered by
LibreOffice, Chromium, poppler, w3m, lynx, inscriptis; `make corpus` rebuilds them) must keep
every rendering kind at or above its enforced floor in tests/accuracy_targets.csv.

The table holds two pairs per kind: the issue's goal (≥ 99.5 % cells exact for kinds that
keep the table's layout, ≥ 95 % for lossy ones, no cell wrong but stated as read) and the
floor enforced today, where the readers are still below the goal. A floor is raised as the
readers improve and can only meet the goal. GONGKAI_ACCURACY_GOALS=1 enforces the goals.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RENDERED = ROOT / "tests" / "fixtures" / "rendered"
TARGETS = ROOT / "tests" / "accuracy_targets.csv"
GONGKAI = [sys.executable, "-m", "gongkai.cli"]


def targets() -> dict[str, dict[str, float]]:
    with TARGETS.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if not r["kind"].startswith("#")]
    return {r["kind"]: {k: float(v) for k, v in r.items() if k not in ("kind", "lossy", "note")} for r in rows}


def accuracy_json(folder: Path) -> dict:
    p = subprocess.run([*GONGKAI, "accuracy", "--json", "--jobs", "2", str(folder)], capture_output=True,
                       text=True, timeout=900, env={**os.environ, "GONGKAI_PROGRESS": "0"})
    assert p.returncode == 0, p.stderr[-2000:]
    return json.loads(p.stdout)[str(folder)]


def floor_violations(result: dict, table: dict[str, dict[str, float]], *, goals: bool = False) -> list[str]:
    """Every kind under its floor (or goal): cell accuracy too low, too many cells wrong but
    stated as read, a false alarm caused by a misread; and kinds missing from either side."""
    lo, hi = ("goal_min_exact", "goal_max_wrong") if goals else ("floor_min_exact", "floor_max_wrong")
    out = []
    by_kind = result["by_kind"]
    for kind, t in table.items():
        got = by_kind.get(kind)
        if got is None or got["documents"] == 0:
            out.append(f"{kind}: no rendered document was scored")
            continue
        if got["cell_accuracy"] < t[lo]:
            out.append(f"{kind}: cells exact {got['cell_accuracy']:.4%} < {t[lo]:.4%}")
        if got["wrong_rate"] > t[hi]:
            out.append(f"{kind}: cells wrong but stated as read {got['cells_wrong']} "
                       f"({got['wrong_rate']:.4%}) > {t[hi]:.4%}")
        if goals and got["false_alarms_from_misread"]:
            out.append(f"{kind}: {got['false_alarms_from_misread']} identity false alarm(s) caused by a misread")
    out += [f"{kind}: rendered but has no row in {TARGETS.name}" for kind in by_kind if kind not in table]
    return out


@pytest.fixture(scope="module")
def rendered_result() -> dict:
    return accuracy_json(RENDERED)


# Scans (ingest.generator.scans of the LibreOffice PDFs): issue 14's goals, 99 % at 200 dpi,
# 97 % at 150 dpi turned, blurred, noised and JPEG-compressed.
SCAN_GOALS = {"scan_200dpi": 0.99, "scan_150dpi_degraded": 0.97}


def test_targets_table_is_sane():
    table = targets()
    assert len(table) == 16
    with TARGETS.open(encoding="utf-8") as f:
        lossy = {r["kind"] for r in csv.DictReader(f) if r["lossy"] == "yes"}
    assert lossy == {"pdftotext_plain", "run_together"}
    for kind, t in table.items():
        assert t["goal_min_exact"] == SCAN_GOALS.get(kind, 0.95 if kind in lossy else 0.995), kind
        assert 0 <= t["floor_min_exact"] <= t["goal_min_exact"] <= 1, kind
        assert 0 == t["goal_max_wrong"] <= t["floor_max_wrong"] <= 1, kind


def test_fixture_set_covers_every_kind():
    table = targets()
    for kind in table:
        truths = list((RENDERED / kind).glob("*.truth.json"))
        # scans: two reports each (OCR costs ~10 CPU s a report; ~1.3 MB of noisy JPEG pages)
        assert len(truths) >= (2 if kind in SCAN_GOALS else 10), f"{kind}: {len(truths)} rendered documents"
        for t in truths[:3]:
            layout = json.loads(t.read_text(encoding="utf-8"))["layout"]
            assert layout["kind"] == kind and layout["renderer"] == "real"


def test_every_kind_meets_its_floor(rendered_result):
    violations = floor_violations(rendered_result, targets(),
                                  goals=os.environ.get("GONGKAI_ACCURACY_GOALS") == "1")
    assert not violations, "\n".join(violations)


def test_the_floor_fails_on_a_cell_stated_wrongly(tmp_path):
    """A truth changed by hand where the reader reads right: the reader's (right) value now
    differs from the truth, so the CLI must count a cell wrong but stated as read and the
    floor must fail for that kind."""
    kind = "lo_xlsx"
    src = RENDERED / kind
    folder = tmp_path / kind
    folder.mkdir()
    for truth in sorted(src.glob("*.truth.json"))[:2]:
        doc = truth.name[: -len(".truth.json")] + ".xlsx"
        shutil.copy(src / doc, folder / doc)
        shutil.copy(truth, folder / truth.name)
    before = accuracy_json(tmp_path)["by_kind"][kind]
    n = before["cells"]
    assert before["documents"] == 2 and before["cells_wrong"] == 0 and before["cells_exact"] == n >= 400
    truth_path = sorted(folder.glob("*.truth.json"))[0]
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    cell = next(c for c in truth["applications"] if c["state"] == "number")
    cell["value"] += 7
    truth_path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    after = accuracy_json(tmp_path)
    k = after["by_kind"][kind]
    assert (k["cells_wrong"], k["cells_exact"], k["cells_missing"]) == (1, n - 1, 0)
    table = {kind: targets()[kind]}
    # 399 of 400 cells exact passes 99.5 %: the one cell stated wrongly alone fails the floor
    want = [f"{kind}: cells wrong but stated as read 1 ({round(1 / n, 6):.4%}) > 0.0000%"]
    assert floor_violations(after, table, goals=True) == want
    assert floor_violations(after, table) == want  # lo_xlsx's enforced floor is its goal
