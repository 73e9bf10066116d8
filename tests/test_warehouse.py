from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from warehouse.store import connect, load_batch
from ingest.model import Issue, ParsedReport, ReportMeta
from ingest.parse import parse_file
from ingest.records import build_batch
from tests.conftest import SEED_TXT


def _counts(db: Path) -> dict[str, int]:
    with connect(db, read_only=True) as con:
        return {
            name: con.execute(f"select count(*) from raw.{name}").fetchone()[0]
            for name in ("reports", "cells", "identities", "issues", "quarantine")
        }


def test_reloading_a_batch_replaces_it_and_keeps_first_ingestion_time(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    parsed = parse_file(SEED_TXT)
    load_batch(db, build_batch([parsed], ingested_at=datetime(2025, 2, 1, tzinfo=UTC)))
    first = _counts(db)
    load_batch(db, build_batch([parsed], ingested_at=datetime(2025, 3, 1, tzinfo=UTC)))

    assert _counts(db) == first
    assert first["reports"] == 1 and first["cells"] == 200
    with connect(db, read_only=True) as con:
        assert con.execute("select ingested_at from raw.reports").fetchall() == [(datetime(2025, 2, 1),)]


def test_failed_batch_leaves_the_warehouse_as_it_was(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    good = build_batch([parse_file(SEED_TXT)])
    load_batch(db, good)
    before = _counts(db)
    # The issues insert fails after the reports were deleted and re-inserted: all must roll back.
    bad_issues = good.issues.append_column("not_a_raw_column", pa.array([], pa.string()))
    broken = type(good)(**{**good.__dict__, "issues": bad_issues})

    with pytest.raises(duckdb.Error):
        load_batch(db, broken)
    assert _counts(db) == before


def test_fixed_file_clears_its_quarantine_row(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    path = str(tmp_path / "inbox" / "report.txt")
    unreadable = Issue("error", "unreadable.encoding", "no text could be decoded")
    broken = ParsedReport(path, "txt", "0" * 64, ReportMeta(), [], {}, [], [unreadable])
    load_batch(db, build_batch([broken]))
    assert _counts(db)["quarantine"] == 1

    fixed = dataclasses.replace(parse_file(SEED_TXT), path=path)
    load_batch(db, build_batch([fixed]))
    counts = _counts(db)
    assert (counts["quarantine"], counts["reports"]) == (0, 1)
