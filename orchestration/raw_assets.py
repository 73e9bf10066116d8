"""Raw layer: find report files, parse the new ones, load raw.* in DuckDB.

Incremental by content: every file is hashed (sha256 of its bytes) and only content the
warehouse does not hold yet is parsed (warehouse.inbox.plan_load). Files refused unread
(symlinks out of the folder, files over the size limit) and files that cannot be read go
to raw.quarantine; the run goes on with the others. Each batch loads in one transaction.
"""

from collections.abc import Callable, Iterator
from typing import Any
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from pydantic import Field

from ingest.records import RAW_SCHEMAS, build_batch
from orchestration.resources import ConverterResource, WarehouseResource
from warehouse.inbox import plan_load, refusal_batch, scan
from warehouse.distributed import distributed_load
from warehouse.ocr_cache import MAX_UNUSED_DAYS, OcrCache, cache_folder
from warehouse.raw_load import RawLoadOutcome, load_files
from warehouse.review import ReviewError, load_decisions
from warehouse.store import known_files, load_batch

DUCKDB_WRITE_POOL = "duckdb_write"
# OCR has its own pool (limit in orchestration/dagster.yaml): a run of scans OCRs while
# another run's raw load and dbt steps go on in theirs.
OCR_POOL = "ocr"
OCR_ASSET_KEY = dg.AssetKey("ocr_pages")
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


def _plan(config: RawLoadConfig, warehouse: WarehouseResource):
    inputs = Path(config.input_dir) if config.input_dir else warehouse.inputs
    if not inputs.is_dir():
        raise dg.Failure(f"input folder {inputs} does not exist")
    found = scan(inputs, only=config.paths, exclude=warehouse.not_reports)
    return inputs, found, plan_load(found, known_files(warehouse.warehouse))


@dg.asset(key=OCR_ASSET_KEY, group_name=RAW_GROUP, pool=OCR_POOL, kinds={"python"},
          description="Scans among the run's new files (images, image-only PDFs) read by OCR into the cache "
                      "ocr_cache/ beside the warehouse, by content hash: a scan is never OCR'd twice, and the raw "
                      "load takes it from there (warehouse/ocr_cache.py).")
def ocr_pages(context: AssetExecutionContext, config: RawLoadConfig,
              warehouse: WarehouseResource) -> dg.MaterializeResult:
    if not warehouse.warehouse.exists():
        warehouse.warehouse.parent.mkdir(parents=True, exist_ok=True)
    _, _, plan = _plan(config, warehouse)
    cache = OcrCache(cache_folder(warehouse.warehouse))
    files = [(str(p), plan.sha_of[str(p)]) for p in plan.to_parse if str(p) in plan.sha_of]
    done = cache.ocr(files, log=context.log.info)
    known = known_files(warehouse.warehouse)
    pruned = cache.prune(loaded={*known.report_sha256, *(sha for sha, _ in known.quarantine.values() if sha)})
    context.log.info(f"{done.scans} scans among {len(files)} new files: {done.read} OCR'd ({done.pages} pages, "
                     f"{done.seconds:.1f} s), {done.cached} already in the cache; {len(pruned)} cache entries of scans not in "
                     f"the warehouse and unused for {MAX_UNUSED_DAYS} days removed")
    return dg.MaterializeResult(metadata={"scans": done.scans, "scans_ocr_read": done.read, "scans_cached": done.cached,
                                          "pages_ocr_read": done.pages, "ocr_seconds": round(done.seconds, 3),
                                          "cache": str(cache.folder), "cache_entries_pruned": len(pruned)})


_SPECS = [dg.AssetSpec(key, description=_DESCRIPTIONS[name], group_name=RAW_GROUP, kinds={"duckdb"},
                       deps=[OCR_ASSET_KEY])
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
        return load_files(warehouse.warehouse, files, batch_files=warehouse.files_per_batch, file_hashes=hashes,
                          child_min_files=warehouse.child_load_files, progress=warehouse.progress,
                          pause_after_batches=warehouse.load_pause_after_batches)

    yield from _load_raw(context, config, warehouse, parse_and_load)


@dg.multi_asset(name=RAW_LOAD_OP, specs=_SPECS, pool=DUCKDB_WRITE_POOL)
def load_raw_tables_on_dask(
    context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
    converter: ConverterResource, dask: dg.ResourceParam[Any],  # dagster_dask.DaskResource (imported only when used)
) -> Iterator[dg.MaterializeResult]:
    """The same, the files parsed on the Dask cluster of the `dask` resource (dagster-dask's
    dask_resource: a LocalCluster, or a scheduler's address), loaded here (warehouse.distributed)."""

    def parse_and_load(files, hashes) -> RawLoadOutcome:
        return distributed_load(dask.client, warehouse.warehouse, files, batch_files=warehouse.files_per_batch,
                                file_hashes=hashes, log=context.log.info)

    yield from _load_raw(context, config, warehouse, parse_and_load)


def _load_raw(context: AssetExecutionContext, config: RawLoadConfig, warehouse: WarehouseResource,
              parse_and_load: Callable[[list[Path], list], RawLoadOutcome]) -> Iterator[dg.MaterializeResult]:
    inputs, found, plan = _plan(config, warehouse)
    # scans come OCR'd from the cache (ocr_pages); a scan missing there (changed since) is parsed here
    cache = OcrCache(cache_folder(warehouse.warehouse))
    ocr_read = [doc for p in plan.to_parse if str(p) in plan.sha_of
                for doc in [cache.get(plan.sha_of[str(p)], str(p))] if doc is not None]
    taken = {doc.path for doc in ocr_read}
    files = [p for p in plan.to_parse if str(p) not in taken]
    context.log.info(f"{len(found)} report files under {inputs}: {len(plan.to_parse)} to parse ({len(ocr_read)} "
                     f"scans OCR'd by ocr_pages), {plan.unchanged} unchanged (content already in the warehouse), "
                     f"{len(plan.refusals)} refused unread")

    totals = dict.fromkeys(RAW_SCHEMAS, 0)
    refused = refusal_batch(plan)
    if refused is not None:
        totals["quarantine"] += load_batch(warehouse.warehouse, refused).quarantined
    if ocr_read:
        loaded = load_batch(warehouse.warehouse, build_batch(ocr_read))
        for name in RAW_SCHEMAS:
            totals[name] += getattr(loaded, "quarantined" if name == "quarantine" else name)
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
