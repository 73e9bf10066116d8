"""One list of readable file types (ingest/data/file_types.csv) behind `parse`, `run`'s scan and
the inbox sensor; gongkai's own files inside an input folder are never scanned as reports."""

from __future__ import annotations

import importlib
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from warehouse.inbox import is_report_name, scan
from warehouse.settings import Settings
from ingest.file_types import FILE_TYPES, SUFFIXES
from ingest.parse import parse_file
from ingest.readers import format_of
from orchestration.raw_assets import load_raw_tables
from orchestration.resources import ConverterResource, WarehouseResource
from orchestration.sensors import changed_files
from warehouse.store import connect_for_query
from tests._inbox import age
from tests.conftest import SEED_TXT

HTML = Path(__file__).parent / "fixtures" / "html" / "report_utf8.html"


def test_the_table_names_a_reader_for_every_suffix():
    assert {".txt", ".text", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf", ".xlsx", ".xls"} <= SUFFIXES
    for t in FILE_TYPES:
        assert callable(importlib.import_module(t.reader).read), t
        assert format_of(f"a/Report{t.suffix.upper()}") == t.format


@pytest.mark.parametrize("suffix", sorted(SUFFIXES))
def test_every_readable_suffix_is_a_report_to_the_inbox(suffix):
    assert is_report_name(f"sub/report{suffix}") and is_report_name(f"report{suffix.upper()}")


def test_other_files_are_not_reports():
    for name in ("w.duckdb", "w.duckdb.wal", "w.duckdb.lock", "notes.json", "run.log", "README.html", ".hidden.txt"):
        assert not is_report_name(name), name


def test_shtml_and_text_are_read_by_parse_and_by_run(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(HTML, inbox / "page.shtml")
    shutil.copy(SEED_TXT, inbox / "seed.text")
    assert [e.path.name for e in scan(inbox)] == ["page.shtml", "seed.text"]
    seed = parse_file(inbox / "seed.text")
    assert (seed.format, seed.meta.agency, seed.meta.year) == ("txt", "赣县区商务局", 2024)
    assert parse_file(inbox / "page.shtml").format == "html"
    db = tmp_path / "w.duckdb"
    result = dg.materialize([load_raw_tables], resources={"warehouse": WarehouseResource(
        warehouse_path=str(db), input_dir=str(inbox)), "converter": ConverterResource()})
    assert result.success
    assert [Path(p).name for p in _loaded(db)[0]] == ["page.shtml", "seed.text"]


def _loaded(db: Path) -> tuple[list[str], list[str]]:
    """(source paths in raw.reports, source paths in raw.quarantine), sorted."""
    with connect_for_query(db) as con:
        return tuple([r[0] for r in con.execute(f"select source_path from raw.{t} order by 1").fetchall()]
                     for t in ("reports", "quarantine"))


def _data_folder_with_a_report(root: Path) -> tuple[Settings, Path]:
    """A data folder used as the input folder: the warehouse with its WAL and lock files, a run
    report, Data Docs and Dagster's home beside one real report."""
    settings = Settings.from_env(env={}).with_paths(
        warehouse=root / "warehouse.duckdb", reports_dir=root / "reports", data_docs_dir=root / "data_docs",
        dagster_home=root / "dagster", inbox_dir=root)
    for own in ("reports/run-report-20260101T000000Z.html", "reports/run-20260101T000000Z.log",
                "data_docs/index.html", "data_docs/validations/t3.html", "dagster/history/run.txt",
                "warehouse.duckdb.wal", "warehouse.duckdb.lock"):
        (root / own).parent.mkdir(parents=True, exist_ok=True)
        (root / own).write_text("<html><body>not a report</body></html>", encoding="utf-8")
    report = root / "reports_received" / SEED_TXT.name
    report.parent.mkdir()
    shutil.copy(SEED_TXT, report)
    return settings, report


def test_gongkais_own_files_in_the_input_folder_are_not_scanned(tmp_path):
    settings, report = _data_folder_with_a_report(tmp_path)
    assert len(scan(tmp_path)) == 5  # without the exclusion: three HTML pages, a .txt of Dagster's, the report
    assert [e.path for e in scan(tmp_path, exclude=settings.own_paths())] == [report]
    assert scan(tmp_path, only=[tmp_path / "data_docs" / "index.html"], exclude=settings.own_paths()) == []
    for entry in tmp_path.rglob("*"):
        age(entry)
    changed, _, _ = changed_files(tmp_path, None, now=time.time(), exclude=settings.own_paths())
    assert [e.path for e in changed] == [report]


def test_a_warehouse_named_like_a_report_is_not_scanned(tmp_path):
    settings = Settings.from_env(env={}).with_paths(warehouse=tmp_path / "store.txt")
    for name in ("store.txt", "store.txt.wal", "store.txt.lock", "a.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [e.path.name for e in scan(tmp_path, exclude=settings.own_paths())] == ["a.txt"]


def test_the_run_loads_only_the_report_from_a_data_folder(tmp_path):
    settings, report = _data_folder_with_a_report(tmp_path)
    resource = WarehouseResource(warehouse_path=str(settings.warehouse), input_dir=str(tmp_path),
                                 own_paths=[str(p) for p in settings.own_paths()])
    assert dg.materialize([load_raw_tables], resources={"warehouse": resource, "converter": ConverterResource()}).success
    assert _loaded(settings.warehouse) == ([str(report)], [])
