"""The DuckDB warehouse: loading the raw schema and read-only access for queries.

DuckDB lets one process write a file at a time and refuses other openers meanwhile, so
every operation opens its own connection and closes it before returning.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from ingest.records import RAW_SCHEMAS, REPORT_TABLES, RawBatch

RAW_SCHEMA = "raw"
# Unqualified names in queries resolve here first (the contract's public relations).
QUERY_SEARCH_PATH = ("marts", "raw", "main")

_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.int32(): "INTEGER",
    pa.int64(): "BIGINT",
    pa.float64(): "DOUBLE",
    pa.bool_(): "BOOLEAN",
    pa.timestamp("us"): "TIMESTAMP",
}


@dataclass(frozen=True)
class LoadResult:
    reports: int
    cells: int
    identities: int
    issues: int
    quarantined: int


@contextmanager
def connect(path: Path, *, read_only: bool = False, wait_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the file for one operation, waiting a while if another process holds its lock."""
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.25)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def connect_for_query(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection where `select * from dim_report` resolves (marts, then raw)."""
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `gongkai run` first")
    with connect(path, read_only=True) as con:
        present = {row[0] for row in con.execute("select schema_name from information_schema.schemata").fetchall()}
        search_path = ",".join(schema for schema in QUERY_SEARCH_PATH if schema in present)
        if search_path:
            con.execute(f"set search_path = '{search_path}'")
        yield con


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and add columns that later versions of records.py write."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    for name, schema in RAW_SCHEMAS.items():
        columns = ", ".join(f"{field.name} {_DUCKDB_TYPES[field.type]}" for field in schema)
        con.execute(f"create table if not exists {RAW_SCHEMA}.{name} ({columns})")
        for field in schema:
            con.execute(
                f"alter table {RAW_SCHEMA}.{name} add column if not exists {field.name} {_DUCKDB_TYPES[field.type]}"
            )


def load_batch(path: Path, batch: RawBatch) -> LoadResult:
    """Replace every report of the batch in raw.* in one transaction.

    Reloading a report keeps the time it was first ingested, so re-running a batch
    changes nothing that depends on ingestion order (dim_report.is_current).
    """
    with connect(path) as con:
        ensure_raw_schema(con)
        for name in RAW_SCHEMAS:
            con.register(f"batch_{name}", batch.table(name))
        con.register("batch_report_ids", pa.table({"report_id": pa.array(batch.report_ids, pa.string())}))
        con.register("batch_source_paths", pa.table({"source_path": pa.array(batch.source_paths, pa.string())}))
        con.execute("begin transaction")
        try:
            con.execute(
                f"""
                create temp table first_ingested as
                select report_id, ingested_at from {RAW_SCHEMA}.reports
                where report_id in (select report_id from batch_report_ids)
                """
            )
            for name in REPORT_TABLES:
                con.execute(
                    f"delete from {RAW_SCHEMA}.{name} where report_id in (select report_id from batch_report_ids)"
                )
            con.execute(
                f"""
                insert into {RAW_SCHEMA}.reports by name
                select b.* replace (coalesce(f.ingested_at, b.ingested_at) as ingested_at)
                from batch_reports as b left join first_ingested as f using (report_id)
                """
            )
            for name in ("cells", "identities", "issues"):
                con.execute(f"insert into {RAW_SCHEMA}.{name} by name select * from batch_{name}")
            con.execute(
                f"delete from {RAW_SCHEMA}.quarantine where source_path in (select source_path from batch_source_paths)"
            )
            con.execute(f"insert into {RAW_SCHEMA}.quarantine by name select * from batch_quarantine")
            con.execute("drop table first_ingested")
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
    return LoadResult(
        reports=batch.reports.num_rows,
        cells=batch.cells.num_rows,
        identities=batch.identities.num_rows,
        issues=batch.issues.num_rows,
        quarantined=batch.quarantine.num_rows,
    )
