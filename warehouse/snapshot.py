"""The read-only snapshot of the warehouse: what readers open while the next run writes.

DuckDB lets one process write a file and refuses every other opener meanwhile, so a reader
of the warehouse itself waits for a run (or fails, as `gongkai query --live` does). After each
successful run the warehouse is copied, while no writer holds it, into a file of the same
name in `<warehouse>.snapshot/`, then renamed over the previous snapshot. Nothing ever writes
the snapshot in place: a reader opens the old file or the new one, and one that has the old
one open keeps reading it (the rename does not touch an open file). Its name equals the
warehouse's, so the catalog name that the dbt views refer to ("warehouse") is the same.

    duckdb -readonly data/warehouse.duckdb.snapshot/warehouse.duckdb
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from warehouse.store import warehouse_lock

SNAPSHOT_SUFFIX = ".snapshot"


def snapshot_path(warehouse: Path) -> Path:
    """Where the snapshot of `warehouse` is published: `<warehouse>.snapshot/<warehouse's name>`."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + SNAPSHOT_SUFFIX) / warehouse.name


def publish_snapshot(warehouse: Path) -> Path:
    """Copy the warehouse as it is now into its snapshot (waiting for a writer to finish first)."""
    warehouse = Path(warehouse).absolute()
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: nothing to publish")
    target = snapshot_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = target.with_name(f".{target.name}.copy-{os.getpid()}")
    wal = warehouse.with_name(warehouse.name + ".wal")
    try:
        # Shared lock: no raw load or dbt build writes meanwhile; readers may go on.
        with warehouse_lock(warehouse, shared=True):
            shutil.copyfile(warehouse, copy)
            if wal.exists():  # a writer that did not close cleanly: its log belongs to the copy
                shutil.copyfile(wal, copy.with_name(copy.name + ".wal"))
        if copy.with_name(copy.name + ".wal").exists():
            duckdb.connect(str(copy)).close()  # replays the log and folds it into the copy on close
        os.replace(copy, target)
    finally:
        for leftover in (copy, copy.with_name(copy.name + ".wal")):
            leftover.unlink(missing_ok=True)
    return target
