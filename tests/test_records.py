from __future__ import annotations

from datetime import UTC, datetime

from ingest.parse import parse_file
from ingest.records import RAW_SCHEMAS, build_batch, report_id
from tests.conftest import SEED_TXT


def test_seed_becomes_one_report_with_its_200_cells():
    parsed = parse_file(SEED_TXT)
    batch = build_batch([parsed], ingested_at=datetime(2025, 2, 1, tzinfo=UTC))

    assert batch.report_ids == [parsed.sha256[:16]]
    assert batch.cells.num_rows == 200
    assert set(batch.cells.column("report_id").to_pylist()) == {report_id(parsed.sha256)}
    assert batch.quarantine.num_rows == 0
    for name, schema in RAW_SCHEMAS.items():
        assert batch.table(name).schema == schema
    row = batch.reports.to_pylist()[0]
    assert (row["agency"], row["year"], row["parse_status"]) == ("赣县区商务局", 2024, parsed.parse_status)
    assert row["ingested_at"] == datetime(2025, 2, 1)


def test_same_bytes_twice_is_one_document_version(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_TXT.read_bytes())
    batch = build_batch([parse_file(SEED_TXT), parse_file(copy)])

    assert batch.reports.num_rows == 1
    assert batch.cells.num_rows == 200
    assert len(batch.source_paths) == 2


def test_unreadable_file_goes_to_quarantine(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"\x00\x01 not a pdf")
    parsed = parse_file(broken)
    batch = build_batch([parsed])

    assert parsed.parse_status == "failed"
    assert batch.reports.num_rows == 0
    quarantined = batch.quarantine.to_pylist()
    assert [(q["source_path"], q["sha256"]) for q in quarantined] == [(parsed.path, parsed.sha256)]
    assert "unreadable" in quarantined[0]["reason"]
