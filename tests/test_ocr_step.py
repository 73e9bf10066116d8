"""OCR as its own warehouse step: the cache by content hash (warehouse/ocr_cache.py), the
confidence column, and a scan through `gongkai run` into the marts.

One committed page (tests/fixtures/scans/t3_page.jpg, table 3 of a generated report at
150 dpi) is OCR'd once for the module; the run OCRs it once more in its own process.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest
from PIL import Image

from ingest import parse
from ingest.readers import scan
from ingest.records import build_batch
from tests.conftest import REPO_ROOT, SAMPLES, SamplesRun
from warehouse import ocr_cache
from warehouse.ocr_cache import OcrCache

PAGE = REPO_ROOT / "tests" / "fixtures" / "scans" / "t3_page.jpg"
TEXT_PDF = SAMPLES / "s12_pdf.pdf"


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    """The page OCR'd into a fresh cache: (cache, sha, outcome)."""
    folder = tmp_path_factory.mktemp("ocr")
    cache = OcrCache(folder / "ocr_cache")
    return cache, _sha(PAGE), cache.ocr([(str(PAGE), _sha(PAGE))])


def test_which_files_need_ocr(tmp_path):
    image_pdf = tmp_path / "scan.pdf"
    Image.open(PAGE).save(image_pdf, format="PDF", resolution=150)
    assert scan.needs_ocr(PAGE) and scan.needs_ocr(image_pdf)
    assert not scan.needs_ocr(TEXT_PDF)
    assert not scan.needs_ocr(SAMPLES / "s01_tsv.txt")
    assert scan.page_count(PAGE) == 1 and scan.page_count(image_pdf) == 1


def test_a_scan_is_ocr_read_once_by_content_hash(cached, tmp_path, monkeypatch):
    cache, sha, first = cached
    assert (first.scans, first.read, first.cached, first.pages) == (1, 1, 0, 1)
    assert cache.holds(sha)
    # the same bytes under another name: taken from the cache, never OCR'd again
    copy = tmp_path / "renamed.jpg"
    shutil.copy(PAGE, copy)
    monkeypatch.setattr(ocr_cache, "parse_file", lambda path: pytest.fail(f"{path} OCR'd a second time"))
    again = cache.ocr([(str(copy), sha), (str(SAMPLES / "s01_tsv.txt"), _sha(SAMPLES / "s01_tsv.txt"))])
    assert (again.scans, again.read, again.cached, again.pages) == (1, 0, 1, 0)
    doc = cache.get(sha, str(copy))
    assert doc.path == str(copy) and doc.format == "image" and doc.sha256 == sha
    assert cache.get("0" * 64, str(copy)) is None


def test_ocr_confidence_is_a_raw_cell_column_and_raw_text_what_ocr_read(cached, tmp_path):
    cache, sha, _ = cached
    doc = cache.get(sha, str(PAGE))
    cells = build_batch([doc]).cells.to_pylist()
    read = [c for c in doc.cells if c.ocr is not None]
    assert len(read) >= 70  # the 12 rows x 7 cells of table 3 on the page, most of them
    by_key = {(r["table_name"], r["row_code"], r["col_code"]): r for r in cells}
    for c in read:
        row = by_key[(c.table, c.key, c.sub)]
        assert row["ocr_confidence"] == pytest.approx(c.ocr[1], abs=1e-4)
        assert 0.0 <= row["ocr_confidence"] <= 1.0
        assert row["raw_text"] == c.ocr[0]
    # a cell not on the page (table 2) was not read by OCR: no confidence
    assert all(r["ocr_confidence"] is None for r in cells if r["table_name"] == "proactive")
    text = build_batch([parse.parse_file(SAMPLES / "s01_tsv.txt")]).cells.column("ocr_confidence").to_pylist()
    assert set(text) == {None}


def test_a_broken_cache_entry_is_not_used(cached, tmp_path):
    cache = OcrCache(tmp_path / "c")
    cache.folder.mkdir()
    (cache.folder / f"{'a' * 64}.pickle").write_bytes(b"not a pickle")
    assert cache.get("a" * 64, "x.jpg") is None and cache.holds("a" * 64)


def test_entries_no_run_meets_for_a_month_are_pruned_unless_loaded_and_those_met_are_kept(cached, tmp_path):
    cache, sha, _ = cached
    copy = OcrCache(tmp_path / "c")
    copy.folder.mkdir()
    month_ago = time.time() - 40 * 86400
    met, gone, written, loaded = "b" * 64, "c" * 64, "d" * 64, "e" * 64
    for name in (met, gone, loaded):
        shutil.copy(cache.folder / f"{sha}.pickle", copy.folder / f"{name}.pickle")
        os.utime(copy.folder / f"{name}.pickle", (month_ago, month_ago))
    shutil.copy(cache.folder / f"{sha}.pickle", copy.folder / f"{written}.pickle")  # written today
    (copy.folder / ".part-x").write_bytes(b"cut short")
    os.utime(copy.folder / ".part-x", (month_ago, month_ago))
    # a run meets `met`'s scan again (planned: holds; loaded: get): it is used, not stale
    assert copy.holds(met)
    # `loaded`: its scan is in the warehouse, so a rebuild would need it
    removed = copy.prune(loaded={loaded, "f" * 64})
    assert sorted(p.name for p in removed) == sorted([f"{gone}.pickle", ".part-x"])
    assert sorted(p.name for p in copy.folder.iterdir()) == sorted(
        [f"{met}.pickle", f"{written}.pickle", f"{loaded}.pickle"])
    assert len(copy.prune(max_unused_days=0)) == 3 and not list(copy.folder.iterdir())


def test_a_scan_through_gongkai_run_lands_in_the_marts_with_its_confidence(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(PAGE, inbox / "scan_page.jpg")
    shutil.copy(SAMPLES / "s01_tsv.txt", inbox / "s01_tsv.txt")
    Image.new("L", (800, 1100), 255).save(buf := io.BytesIO(), format="PNG")
    (inbox / "blank.png").write_bytes(buf.getvalue())
    run = SamplesRun(root=tmp_path, data_dir=tmp_path / "data", warehouse=tmp_path / "data" / "warehouse.duckdb",
                     dagster_home=tmp_path / "dagster_home", returncode=-1, stdout="", stderr="")
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", "run", "--input", str(inbox)], cwd=REPO_ROOT,
                          env=run.env(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    assert sorted(p.name for p in (run.data_dir / "ocr_cache").glob("*.pickle")) == sorted(
        f"{_sha(p)}.pickle" for p in (inbox / "scan_page.jpg", inbox / "blank.png"))
    with duckdb.connect(str(run.warehouse), read_only=True) as con:
        by_format = dict(con.execute(
            "select r.source_format, count(f.ocr_confidence) from marts.dim_report r "
            "join marts.fct_applications f using (report_id) group by 1").fetchall())
        assert by_format["txt"] == 0 and by_format["image"] >= 70
        raw_text, conf = con.execute(
            "select f.raw_text, f.ocr_confidence from marts.fct_applications f join marts.dim_report r using (report_id) "
            "where r.source_format = 'image' and f.outcome = 'carried_over' and f.applicant = 'total'").fetchone()
        assert raw_text == "2" and conf > 0.5  # by hand: the page prints 2
        findings = {c for (c,) in con.execute(
            "select distinct i.code from raw.issues i join raw.reports r using (report_id) "
            "where r.source_format = 'image'").fetchall()}
        assert "ocr.read" in findings
        reason = con.execute("select reason from marts.quarantine where source_path like '%blank.png'").fetchone()
        assert reason and "blank_scan" in reason[0]


def test_the_sensor_puts_scans_in_a_run_of_their_own(tmp_path):
    import dagster as dg

    from orchestration.definitions import WAREHOUSE_JOB
    from orchestration.sensors import OCR_OP, RAW_LOAD_OP, build_inbox_sensor
    from tests._inbox import age

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, src in (("a.txt", SAMPLES / "s01_tsv.txt"), ("b.pdf", TEXT_PDF), ("scan.jpg", PAGE)):
        shutil.copy(src, inbox / name)
        age(inbox / name)
    with dg.DagsterInstance.ephemeral() as instance:
        result = build_inbox_sensor(inbox, WAREHOUSE_JOB)(dg.build_sensor_context(instance=instance))
    text, scans = result.run_requests
    root = inbox.resolve()
    assert text.run_config["ops"][RAW_LOAD_OP]["config"]["paths"] == [str(root / "a.txt"), str(root / "b.pdf")]
    assert scans.run_config["ops"][RAW_LOAD_OP]["config"]["paths"] == [str(root / "scan.jpg")]
    assert scans.run_config["ops"][OCR_OP]["config"] == scans.run_config["ops"][RAW_LOAD_OP]["config"]
    assert text.run_key != scans.run_key
