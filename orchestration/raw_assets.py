"""Raw layer: find report files, parse the new ones, load raw.* in DuckDB.

Incremental by content: every file is hashed (sha256 of its bytes) and only content the
warehouse does not hold yet is parsed (warehouse.inbox.plan_load). Files refused unread
(symlinks out of the folder, files over the size limit) and files that cannot be read go
to raw.quarantine; the run goes on with the others. Each batch loads in one transaction.
"""

from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from pydantic import Field

from ingest.records import RAW_SCHEMAS
from orchestration.resources import ConverterResource, WarehouseResource
from warehouse.inbox import plan_load, refusal_batch, scan
from warehouse.raw_load import load_files
from warehouse.review import ReviewError, load_decisions
from warehouse.store import known_files, load_batch

DUCKDB_WRITE_POOL = "duckdb_write"
RAW_GROUP = "raw"

RAW_ASSET_KEYS: dict[str, dg.AssetKey] = {name: dg.AssetKey(["raw", name]) for name in RAW_SCHEMAS}
_DESCRIPTIONS = {
    "reports": "One row per ingested document version (raw.reports).",
    "cells": "Canonical cells of tables 2-4 per report (raw.cells).",
    "identities": "Accounting-identity results per report (raw.identities).",
    "issues": "Parser issues per report (raw.issues).",
    "narrative_sections": "Narrative sections 一, 五 and 六 of each report as cleaned text (raw.narrative_sections).",
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


@dg.multi_asset(
    name="load_raw_tables",
    specs=[
        dg.AssetSpec(key, description=_DESCRIPTIONS[name], group_name=RAW_GROUP, kinds={"duckdb"})
        for name, key in RAW_ASSET_KEYS.items()
    ],
    pool=DUCKDB_WRITE_POOL,
)
def load_raw_tables(
    context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
    converter: ConverterResource,
) -> Iterator[dg.MaterializeResult]:
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
    # Big loads run in a child process, which gives back the memory a load leaves behind
    # (warehouse.raw_load); its errors are raised here.
    outcome = load_files(warehouse.warehouse, files, batch_files=warehouse.files_per_batch, file_hashes=plan.new_hashes,
                         child_min_files=warehouse.child_load_files, progress=warehouse.progress,
                         pause_after_batches=warehouse.load_pause_after_batches)
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


REVIEW_DECISIONS_KEY = dg.AssetKey(["raw", "review_decisions"])


@dg.asset(
    key=REVIEW_DECISIONS_KEY,
    group_name=RAW_GROUP,
    kinds={"duckdb"},
    pool=DUCKDB_WRITE_POOL,
    description="The supervisor's review decisions (raw.review_decisions), replaced by the lines of the "
                "append-only decisions file (data/review/decisions.csv): the file outlives the warehouse.",
)
def load_review_decisions(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    try:
        count = load_decisions(warehouse.warehouse, warehouse.decisions)
    except ReviewError as error:  # a decision dropped would reopen a dismissed finding: stop, say where
        raise dg.Failure(f"review decisions not loaded: {error}") from error
    context.log.info(f"{count} review decisions from {warehouse.decisions}")
    return dg.MaterializeResult(metadata={"decisions": count, "decisions_file": str(warehouse.decisions)})
