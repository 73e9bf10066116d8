"""Raw layer: find report files, parse the new ones, load raw.* in DuckDB.

Incremental by content: every file is hashed (sha256 of its bytes) and only content the
warehouse does not hold yet is parsed (gongkai.inbox.plan_load). Files refused unread
(symlinks out of the folder, files over the size limit) and files that cannot be read go
to raw.quarantine; the run goes on with the others. Each batch loads in one transaction.
"""

import os
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from pydantic import Field

from gongkai.inbox import plan_load, refusal_batch, scan
from gongkai.warehouse import bulk_loader, known_files, load_batch, remember_file_hashes
from ingest.records import RAW_SCHEMAS
from orchestration.resources import WarehouseResource

DUCKDB_WRITE_POOL = "duckdb_write"
RAW_GROUP = "raw"
# Files parsed and loaded per transaction: bounds memory (~50 MB of Arrow tables), and a
# crash loses at most one batch; each transaction costs a commit (bench/RESULTS.md).
# $GONGKAI_BATCH_FILES overrides it (the crash tests use small batches to kill between commits).
FILES_PER_BATCH = int(os.environ.get("GONGKAI_BATCH_FILES") or 1000)

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

    Hidden files and README files (documentation beside the samples) are not reports;
    symbolic links are not followed (gongkai.inbox.scan).
    """
    return [entry.path for entry in scan(root) if entry.refusal is None]


class RawLoadConfig(dg.Config):
    """Which files a run reads. The inbox sensor and the daily schedule set both fields."""

    input_dir: str | None = Field(
        default=None, description="Folder of report files (default: the warehouse resource's input_dir).")
    paths: list[str] | None = Field(
        default=None, description="Only these files under input_dir (the sensor's new or changed files); "
                                  "default: every report file under input_dir.")


@dg.multi_asset(
    name="load_raw_tables",
    specs=[
        dg.AssetSpec(key, description=_DESCRIPTIONS[name], group_name=RAW_GROUP, kinds={"duckdb"})
        for name, key in RAW_ASSET_KEYS.items()
    ],
    pool=DUCKDB_WRITE_POOL,
)
def load_raw_tables(
    context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:
    from ingest.parallel import raw_batches  # the parser is heavy; load it when the asset runs

    inputs = Path(config.input_dir) if config.input_dir else warehouse.inputs
    if not inputs.is_dir():
        raise dg.Failure(f"input folder {inputs} does not exist")
    found = scan(inputs, only=config.paths)
    plan = plan_load(found, known_files(warehouse.warehouse))
    files = plan.to_parse
    context.log.info(f"{len(found)} report files under {inputs}: {len(files)} to parse, {plan.unchanged} unchanged "
                     f"(content already in the warehouse), {len(plan.refusals)} refused unread")

    totals = dict.fromkeys(RAW_SCHEMAS, 0)
    refused = refusal_batch(plan)
    if refused is not None:
        totals["quarantine"] += load_batch(warehouse.warehouse, refused).quarantined
    seconds = {"parse": 0.0, "load": 0.0}  # wall time waiting for parsed batches / in DuckDB loads
    # Parsed on every core (a fork pool; workers return Arrow tables), loaded in bulk per batch
    # over one connection. The pool forks on the first batch, before the loader takes the
    # warehouse lock and opens DuckDB (neither may cross a fork).
    batches = raw_batches(files, batch_files=FILES_PER_BATCH)
    started = time.perf_counter()
    batch = next(batches, None)
    seconds["parse"] += time.perf_counter() - started
    if batch is not None:
        with bulk_loader(warehouse.warehouse) as load:
            while batch is not None:
                started = time.perf_counter()
                loaded = load(batch)
                seconds["load"] += time.perf_counter() - started
                for name in RAW_SCHEMAS:
                    totals[name] += getattr(loaded, "quarantined" if name == "quarantine" else name)
                started = time.perf_counter()
                batch = next(batches, None)
                seconds["parse"] += time.perf_counter() - started
            started = time.perf_counter()  # closing folds the log into the file: load time
        seconds["load"] += time.perf_counter() - started
    # The next scan reads only files whose (size, mtime, ctime) changed (gongkai.inbox.plan_load).
    remember_file_hashes(warehouse.warehouse, plan.new_hashes)

    for name, key in RAW_ASSET_KEYS.items():
        metadata: dict[str, dg.RawMetadataValue] = {"rows_loaded": totals[name], "warehouse": str(warehouse.warehouse)}
        if name == "reports":
            metadata["files_found"] = len(found)
            metadata.update(plan.summary())
            metadata["input_dir"] = str(inputs)
            metadata["parse_seconds"] = round(seconds["parse"], 3)
            metadata["load_seconds"] = round(seconds["load"], 3)
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)
