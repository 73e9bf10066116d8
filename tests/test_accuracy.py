"""The accuracy report: bundled samples read exactly; a wrong truth is counted, never hidden."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ingest.accuracy import score, truth_pairs
from ingest.parse import parse_file

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _score(folder: Path):
    pairs = list(truth_pairs(folder))
    return score((doc, truth, parse_file(doc).to_dict()) for doc, truth in pairs)


def test_bundled_samples_read_exactly():
    rep = _score(SAMPLES)
    d = rep.to_dict()
    assert d["overall"]["documents"] >= 18
    assert d["overall"]["cells_exact"] == d["overall"]["cells"]
    assert d["violations"]["injected"] == d["violations"]["found"] >= 2
    assert d["false_alarms"] == 0
    assert {"txt", "md", "html", "docx", "xlsx", "pdf"} <= set(d["by_format"])


def test_a_wrong_truth_shows_as_mismatch_and_missed_violation(tmp_path):
    src = SAMPLES / "s02_pipe.txt"
    shutil.copy(src, tmp_path / src.name)
    truth = json.loads((SAMPLES / "s02_pipe.truth.json").read_text(encoding="utf-8"))
    truth["applications"][0]["value"] = (truth["applications"][0]["value"] or 0) + 1
    truth["expected_identity_failures"] = [{"id": "t4_total", "scope": "litigation_direct"}]
    (tmp_path / "s02_pipe.truth.json").write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    d = _score(tmp_path).to_dict()
    assert d["overall"]["cells"] - d["overall"]["cells_exact"] == 1
    assert d["violations"] == {"injected": 1, "found": 0, "missed": 1}


def test_shared_real_corpus_reads_exactly():
    real = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not real.exists():
        import pytest

        pytest.skip("../shared/corpus is not beside this checkout")
    d = _score(real).to_dict()
    assert d["overall"]["documents"] >= 1
    assert d["overall"]["cells_exact"] == d["overall"]["cells"]
    assert d["false_alarms"] == 0
