"""Raw layer: find report files, parse the new ones, load raw.* in DuckDB.

Incremental by content: every file is hashed (sha256 of its bytes) and only content the
warehouse does not hold yet is parsed (warehouse.inbox.plan_load). Files refused unread
(symlinks out of the folder, files over the size limit) and files that cannot be read go
to raw.quarantine; the run goes on with the others. Each batch loads in one transaction.
"""

import os
from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from pydantic import Field

from ingest.records import RAW_SCHEMAS
from orchestration.resources import ConverterResource, WarehouseResource
from warehouse.inbox import plan_load, refusal_batch, scan
from warehouse.distributed import distributed_load
from warehouse.raw_load import RawLoadOutcome, load_files
from warehouse.store import known_files, load_batch

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
    symbolic links are not followed (warehouse.inbox.scan).
    """
    return [entry.path for entry in scan(root) if entry.refusal is None]


class RawLoadConfig(dg.Config):
    """Which files a run reads. The inbox sensor and the daily schedule set both fields."""

    input_dir: str | None = Field(
        default=None, description="Folder of report files (default: the warehouse resource's input_dir).")
    paths: list[str] | None = Field(
        default=None, description="Only these files under input_dir (the sensor's new or changed files); "
                                  "default: every report file under input_dir.")


_SPECS = [dg.AssetSpec(key, description=_DESCRIPTIONS[name], group_name=RAW_GROUP, kinds={"duckdb"})
          for name, key in RAW_ASSET_KEYS.items()]
RAW_LOAD_OP = "load_raw_tables"  # the op name in run config (the inbox sensor sets it)


@dg.multi_asset(name=RAW_LOAD_OP, specs=_SPECS, pool=DUCKDB_WRITE_POOL)
def load_raw_tables(
    context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
    converter: ConverterResource,
) -> Iterator[dg.MaterializeResult]:
    def parse_and_load(files, hashes) -> RawLoadOutcome:
        # Big loads run in a child process, which gives back the memory a load leaves behind
        # (warehouse.raw_load); its errors are raised here.
        return load_files(warehouse.warehouse, files, batch_files=FILES_PER_BATCH, file_hashes=hashes,
                          progress=warehouse.progress, pause_after_batches=warehouse.load_pause_after_batches)

    yield from _load_raw(context, config, warehouse, parse_and_load)


@dg.multi_asset(name=RAW_LOAD_OP, specs=_SPECS, pool=DUCKDB_WRITE_POOL)
def load_raw_tables_on_dask(
    context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
    converter: ConverterResource, dask: dg.ResourceParam[Any],  # dagster_dask.DaskResource (imported only when used)
) -> Iterator[dg.MaterializeResult]:
    """The same, the files parsed on the Dask cluster of the `dask` resource (dagster-dask's
    dask_resource: a LocalCluster, or a scheduler's address), loaded here (warehouse.distributed)."""

    def parse_and_load(files, hashes) -> RawLoadOutcome:
        return distributed_load(dask.client, warehouse.warehouse, files, batch_files=FILES_PER_BATCH,
                                file_hashes=hashes, log=context.log.info)

    yield from _load_raw(context, config, warehouse, parse_and_load)


def _load_raw(context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
              parse_and_load: Callable[[list[Path], list], RawLoadOutcome]) -> Iterator[dg.MaterializeResult]:
    inputs = Path(config.input_dir) if config.input_dir else warehouse.inputs
    if not inputs.is_dir():
        raise dg.Failure(f"input folder {inputs} does not exist")
    found = scan(inputs, only=config.paths, exclude=warehouse.not_reports)
    plan = plan_load(found, known_files(warehouse.warehouse))
    files = plan.to_parse
    context.log.info(f"{len(found)} report files under {inputs}: {len(files)} to parse, {plan.unchanged} unchanged "
                     f"(content already in the warehouse), {len(plan.refusals)} refused unread")

    totals = dict.fromkeys(RAW_SCHEMAS, 0)
    refused = refusal_batch(plan)
    if refused is not None:
        totals["quarantine"] += load_batch(warehouse.warehouse, refused).quarantined
    outcome = parse_and_load(files, plan.new_hashes)
    if outcome.child_pid is not None:
        context.log.info(f"parsed and loaded in child process {outcome.child_pid}")
    for name in RAW_SCHEMAS:
        totals[name] += outcome.rows[name]

    for name, key in RAW_ASSET_KEYS.items():
        metadata: dict[str, dg.RawMetadataValue] = {"rows_loaded": totals[name], "warehouse": str(warehouse.warehouse)}
        if name == "reports":
            metadata["files_found"] = len(found)
            metadata.update(plan.summary())
            metadata["input_dir"] = str(inputs)
            metadata["parse_seconds"] = round(outcome.parse_seconds, 3)  # waiting for parsed batches
            metadata["load_seconds"] = round(outcome.load_seconds, 3)  # in DuckDB
        yield dg.MaterializeResult(asset_key=key, metadata=metadata)
