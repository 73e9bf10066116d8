"""bench/plain_sets.py: per-set and pooled accuracy of a lossy rendering, and documents moved."""

import importlib.util
import json
import shutil
from pathlib import Path

_SPEC = importlib.util.spec_from_file_location("plain_sets", Path(__file__).parents[1] / "bench" / "plain_sets.py")
plain_sets = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(plain_sets)

FIXTURES = Path(__file__).parent / "fixtures" / "rendered" / "pdftotext_plain"


def _set(tmp: Path, name: str, stems: list[str]) -> Path:
    folder = tmp / name / "pdftotext_plain"
    folder.mkdir(parents=True)
    for stem in stems:
        for path in FIXTURES.glob(f"{stem}*"):
            shutil.copy(path, folder / path.name)
    return tmp / name


def test_totals_are_the_sum_of_the_documents_and_split_by_printing(tmp_path):
    stems = sorted({p.name.split("_")[0] for p in FIXTURES.glob("*.truth.json")})[:4]
    run = plain_sets.measure(_set(tmp_path, "a", stems) / "pdftotext_plain")
    assert len(run["documents"]) == 4
    for i, key in enumerate(("cells", "exact", "missing", "wrong")):
        assert run["totals"]["all"][i] == sum(d[key] for d in run["documents"])
        assert run["totals"]["all"][i] == run["totals"]["every_cell_printed"][i] + run["totals"]["with_blank_cells"][i]
    assert run["totals"]["all"][1] < run["totals"]["all"][0]  # plain dumps lose cells: not all exact


def test_pooled_adds_cells_not_shares():
    a = {"totals": {k: [100, 100, 0, 0] for k in plain_sets.CLASSES}}
    b = {"totals": {k: [300, 0, 300, 0] for k in plain_sets.CLASSES}}
    pool = plain_sets.pooled([a, b])
    assert pool["all"] == [400, 100, 300, 0] and plain_sets.share(pool, "all") == "25.00"  # not (100 + 0) / 2


def test_a_document_read_worse_than_its_base_is_counted_down(tmp_path):
    stem = sorted({p.name.split("_")[0] for p in FIXTURES.glob("*.truth.json")})[0]
    folder = _set(tmp_path, "b", [stem])
    assert plain_sets.main([str(folder), "--out", str(tmp_path / "out")]) == 0
    base = json.loads((tmp_path / "out" / "b.json").read_text(encoding="utf-8"))
    assert plain_sets.moved(base, base) == (0, 0)
    read_more_before = {"documents": [dict(d, exact=d["exact"] + 1) for d in base["documents"]]}
    assert plain_sets.moved(base, read_more_before) == (0, 1) and plain_sets.moved(read_more_before, base) == (1, 0)

