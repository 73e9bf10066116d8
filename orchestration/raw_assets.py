"""Raw layer: find report files, parse them, load raw.* in DuckDB."""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from gongkai.settings import REPORT_EXTENSIONS
from gongkai.warehouse import load_batch
from ingest.records import RAW_SCHEMAS, build_batch
from orchestration.resources import WarehouseResource

DUCKDB_WRITE_POOL = "duckdb_write"
RAW_GROUP = "raw"
# Files parsed and loaded per transaction: bounds memory, and a crash loses at most one batch.
FILES_PER_BATCH = 200

RAW_ASSET_KEYS: dict[str, dg.AssetKey] = {name: dg.AssetKey(["raw", name]) for name in RAW_SCHEMAS}
_DESCRIPTIONS = {
    "reports": "One row per ingested document version (raw.reports).",
    "cells": "Canonical cells of tables 2-4 per report (raw.cells).",
    "identities": "Accounting-identity results per report (raw.identities).",
    "issues": "Parser issues per report (raw.issues).",
    "quarantine": "Files that could not be read at all (raw.quarantine).",
}


def discover_report_files(root: Path) -> list[Path]:
    """Report documents under `root`, recursively, in a stable order.

    Hidden files and README files (documentation beside the samples) are not reports.
    """
    suffixes = {f".{ext}" for ext in REPORT_EXTENSIONS}
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in suffixes
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and not path.name.upper().startswith("README")
    )


def _chunks(paths: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(paths), size):
        yield paths[start : start + size]


@dg.multi_asset(
    name="load_raw_tables",
    specs=[
        dg.AssetSpec(key, description=_DESCRIPTIONS[name], group_name=RAW_GROUP, kinds={"duckdb"})
        for name, key in RAW_ASSET_KEYS.items()
    ],
    pool=DUCKDB_WRITE_POOL,
)
def load_raw_tables(context: AssetExecutionContext, warehouse: WarehouseResource) -> Iterator[dg.MaterializeResult]:
    from ingest.parse import parse_file  # the parser is heavy; load it when the asset runs

    if not warehouse.inputs.is_dir():
        raise dg.Failure(f"input folder {warehouse.inputs} does not exist")
    files = discover_report_files(warehouse.inputs)
    context.log.info(f"{len(files)} report files under {warehouse.inputs}")

    totals = dict.fromkeys(RAW_SCHEMAS, 0)
    for chunk in _chunks(files, FILES_PER_BATCH):
        loaded = load_batch(warehouse.warehouse, build_batch(parse_file(path) for path in chunk))
        for name in RAW_SCHEMAS:
            totals[name] += getattr(loaded, "quarantined" if name == "quarantine" else name)

    for name, key in RAW_ASSET_KEYS.items():
        metadata: dict[str, dg.RawMetadataValue] = {"rows_loaded": totals[name], "warehouse": str(warehouse.warehouse)}
        if name == "reports":
            metadata["files_found"] = len(files)
            metadata["input_dir"] = str(warehouse.inputs)
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)
