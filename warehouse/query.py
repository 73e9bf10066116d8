"""`gongkai query`: read-only SQL against the warehouse, printed as a table, CSV or JSON.

It reads the snapshot the last successful run published (warehouse/snapshot.py), which no run
ever writes in place, so a query never waits for a run; `live` reads the warehouse itself (the
state after a failed run, or after loads made outside a run), which a run may hold.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from warehouse.snapshot import snapshot_path
from warehouse.store import connect_for_query

# While a run writes the file, DuckDB refuses readers: a live query waits this long for a gap
# (runs write batch by batch), then fails with warehouse.store.WarehouseBusyError.
QUERY_WAIT_SECONDS = 2.0


def readable_path(warehouse: Path, live: bool = False) -> Path:
    """The file a query reads: the warehouse's snapshot when there is one (and not `live`)."""
    snapshot = snapshot_path(warehouse)
    return snapshot if not live and snapshot.exists() else warehouse


def run_query(warehouse: Path, sql: str, output_format: str = "table", live: bool = False) -> str:
    with connect_for_query(readable_path(warehouse, live), wait_seconds=QUERY_WAIT_SECONDS) as con:
        relation = con.sql(sql)
        if relation is None:  # a statement without a result
            return ""
        if output_format == "table":
            return str(relation)
        columns = relation.columns
        rows = relation.fetchall()
    if output_format == "csv":
        return _csv(columns, rows)
    if output_format == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, default=_json_value) + "\n"
    raise ValueError(f"unknown format {output_format!r}")


def _csv(columns: list[str], rows: list[tuple]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)
