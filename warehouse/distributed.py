"""The raw load's parse work on Dask: workers parse chunks of the inbox and write them as
Parquet; this process, the single DuckDB writer, loads them.

The batches are those of the local path (ingest.parallel.batch_tasks: `batch_files`
consecutive files, parsed as chunks of CHUNK_FILES), loaded in the order of the files with
the same merge (ingest.parallel.merge_batches), so a run on Dask writes the same rows as a
run on one machine; only the load times (ingested_at, detected_at) differ.

Across machines the workers read the report files and write the batches by path: the input
folder and the staging folder (beside the warehouse) must be on storage every worker mounts
at the same path. Only this process opens the DuckDB file.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from ingest.parallel import batch_of_chunk, batch_tasks, merge_batches, utc_now
from ingest.records import RAW_SCHEMAS, RawBatch
from warehouse.raw_load import RawLoadOutcome
from warehouse.store import bulk_loader, remember_file_hashes

STAGING_SUFFIX = ".batches"  # beside the warehouse: <warehouse>.batches/<load id>/
_SOURCE_PATHS = "source_paths.json"


def staging_dir(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + STAGING_SUFFIX)


def parse_chunk_to_parquet(task: tuple[int, Sequence[str]], index: int, folder: str) -> str:
    """On a worker: parse one chunk of files into `folder`/batch-N/chunk-I/<raw table>.parquet."""
    number, part = batch_of_chunk(task)
    out = Path(folder) / f"batch-{number:06d}" / f"chunk-{index:06d}"
    writing = out.with_name(out.name + ".writing")
    shutil.rmtree(writing, ignore_errors=True)
    writing.mkdir(parents=True)
    for name in RAW_SCHEMAS:
        pq.write_table(part.table(name), writing / f"{name}.parquet", compression="zstd")
    (writing / _SOURCE_PATHS).write_text(json.dumps(list(part.source_paths), ensure_ascii=False), encoding="utf-8")
    writing.rename(out)  # a chunk folder without ".writing" is complete
    return str(out)


def read_chunk(folder: Path | str) -> RawBatch:
    folder = Path(folder)
    tables = {name: pq.read_table(folder / f"{name}.parquet", schema=schema) for name, schema in RAW_SCHEMAS.items()}
    paths = json.loads((folder / _SOURCE_PATHS).read_text(encoding="utf-8"))
    return RawBatch(**tables, source_paths=tuple(paths))


def distributed_load(client, warehouse: Path, files: Sequence[Path | str], *, batch_files: int,
                     file_hashes: Sequence[tuple[str, int, int, int, str]] = (),
                     log: Callable[[str], None] | None = None) -> RawLoadOutcome:
    """Parse `files` on the Dask cluster of `client` (a dask.distributed.Client) and load them
    here, one transaction per `batch_files` files, then record `file_hashes` (as load_files)."""
    outcome = RawLoadOutcome(rows=dict.fromkeys(RAW_SCHEMAS, 0))
    tasks = batch_tasks(files, batch_files)
    if not tasks:
        return outcome
    folder = staging_dir(warehouse) / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    by_batch: dict[int, list] = {}
    for index, task in enumerate(tasks):
        future = client.submit(parse_chunk_to_parquet, task, index, str(folder), pure=False,
                               key=f"gongkai-parse-{folder.name}-{index:06d}")
        by_batch.setdefault(task[0], []).append(future)
    if log:
        workers = len(client.scheduler_info().get("workers", {}))
        log(f"{len(tasks)} parse tasks of {len(files)} files on {workers} Dask workers ({client.scheduler.address})")
    try:
        with bulk_loader(Path(warehouse)) as load:
            for number in sorted(by_batch):
                started = time.perf_counter()
                chunks = client.gather(by_batch[number])  # a worker's error is raised here
                outcome.parse_seconds += time.perf_counter() - started
                batch = merge_batches([read_chunk(chunk) for chunk in chunks], utc_now())
                started = time.perf_counter()
                loaded = load(batch)
                outcome.load_seconds += time.perf_counter() - started
                for name in RAW_SCHEMAS:
                    outcome.rows[name] += getattr(loaded, "quarantined" if name == "quarantine" else name)
                shutil.rmtree(folder / f"batch-{number:06d}", ignore_errors=True)
        remember_file_hashes(Path(warehouse), list(file_hashes))
    finally:
        client.cancel([f for futures in by_batch.values() for f in futures])
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            folder.parent.rmdir()  # when no other load is under way
    return outcome
