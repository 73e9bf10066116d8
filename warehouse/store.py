"""The DuckDB warehouse: loading the raw schema and read-only access for queries.

DuckDB lets one process write a file at a time and refuses other openers meanwhile, so
every operation opens its own connection and closes it before returning.

Writers (the raw load, dbt) and the pipeline's own readers also take `warehouse_lock`, an
flock on `<warehouse>.lock` beside the file: exclusive for writing, shared for reading. It
waits as long as needed (the kernel drops it when its holder dies, also by SIGKILL), so two
runs on one file take turns instead of failing on DuckDB's lock. `gongkai query` does not
wait: while a writer holds the file it fails with WarehouseBusyError naming the writer.
"""

from __future__ import annotations

import fcntl
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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
    narrative_sections: int
    quarantined: int


class WarehouseBusyError(RuntimeError):
    """Another process holds the DuckDB file (writing it) for longer than we were willing to wait."""

    def __init__(self, path: Path, pid: int | None):
        self.path, self.pid = path, pid
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"the warehouse is being written by another process ({who}); try again when the run ends")

    def __reduce__(self):  # raised in a child process (warehouse.raw_load), re-raised in its parent
        return type(self), (self.path, self.pid), self.__dict__


_PID_IN_DUCKDB_ERROR = re.compile(r"\(PID (\d+)\)")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def writer_pid(path: Path, error: BaseException | None = None) -> int | None:
    """The pid holding the warehouse: from DuckDB's lock error, else from the lock file."""
    found = _PID_IN_DUCKDB_ERROR.search(str(error or ""))
    if found:
        return int(found.group(1))
    try:
        text = lock_path(path).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


@dataclass
class _Held:
    handle: object
    shared: bool
    depth: int = 0


_held: dict[Path, _Held] = {}
_held_guard = threading.RLock()


@contextmanager
def warehouse_lock(path: Path, *, shared: bool = False, wait_seconds: float | None = None) -> Iterator[None]:
    """Exclusive (writers) or shared (readers) flock on `<warehouse>.lock`, re-entrant in a process.

    Waits until the lock is free (forever by default; WarehouseBusyError after `wait_seconds`).
    Take it around one operation, never across a fork: a child would keep it alive.
    """
    path = Path(os.path.abspath(path))
    with _held_guard:
        held = _held.get(path)
        if held is not None:
            if held.shared and not shared:
                raise RuntimeError(f"{path}: an exclusive lock was asked for while holding a shared one")
            held.depth += 1
    if held is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path(path), "a+", encoding="ascii")  # noqa: SIM115 - closed on release
        try:
            _acquire(path, handle, shared, wait_seconds)
            if not shared:
                handle.seek(0)
                handle.truncate()
                handle.write(str(os.getpid()))
                handle.flush()
        except BaseException:
            handle.close()
            raise
        held = _Held(handle, shared, depth=1)
        with _held_guard:
            _held[path] = held
    try:
        yield
    finally:
        with _held_guard:
            held.depth -= 1
            if held.depth == 0:
                del _held[path]
                if not held.shared:
                    held.handle.truncate(0)
                held.handle.close()  # releases the flock


def _acquire(path: Path, handle, shared: bool, wait_seconds: float | None) -> None:
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    deadline = None if wait_seconds is None else time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if deadline is not None and time.monotonic() >= deadline:
                raise WarehouseBusyError(path, writer_pid(path)) from None
            if not told:
                pid = writer_pid(path)
                print(f"gongkai: waiting for {'pid ' + str(pid) if pid else 'another process'} "
                      f"to finish with {path}", file=sys.stderr)
                told = True
            time.sleep(0.1)


@contextmanager
def connect(path: Path, *, read_only: bool = False, wait_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the file for one operation, waiting a while if another process holds its lock.

    Raises WarehouseBusyError when the file is still locked after `wait_seconds`.
    """
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusyError(path, writer_pid(path, error)) from error
            time.sleep(0.25)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def connect_for_query(path: Path, wait_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection where `select * from dim_report` resolves (marts, then raw)."""
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `gongkai run` first")
    with connect(path, read_only=True, wait_seconds=wait_seconds) as con:
        present = {row[0] for row in con.execute("select schema_name from information_schema.schemata").fetchall()}
        search_path = ",".join(schema for schema in QUERY_SEARCH_PATH if schema in present)
        if search_path:
            con.execute(f"set search_path = '{search_path}'")
        yield con


# The supervisor's review decisions, as loaded from the decisions file (warehouse/review.py). Not
# a report table: replaced whole by each load of the file. Created with the other raw tables so
# that dbt finds its source also in a warehouse whose decisions were never loaded.
REVIEW_DECISIONS_TABLE = f"{RAW_SCHEMA}.review_decisions"
REVIEW_DECISIONS_DDL = f"""create table if not exists {REVIEW_DECISIONS_TABLE} (
    decided_at timestamp, report_id varchar, sha256 varchar, check_name varchar, scope varchar,
    review_status varchar, comment varchar, decided_by varchar, line_no bigint)"""


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw tables, and add columns that later versions of records.py write."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(REVIEW_DECISIONS_DDL)
    for name, schema in RAW_SCHEMAS.items():
        columns = ", ".join(f"{col.name} {_DUCKDB_TYPES[col.type]}" for col in schema)
        con.execute(f"create table if not exists {RAW_SCHEMA}.{name} ({columns})")
        for col in schema:
            con.execute(
                f"alter table {RAW_SCHEMA}.{name} add column if not exists {col.name} {_DUCKDB_TYPES[col.type]}"
            )


def load_batch(path: Path, batch: RawBatch) -> LoadResult:
    """Replace every report of the batch in raw.* in one transaction.

    Reloading a report keeps the time it was first ingested, so re-running a batch
    changes nothing that depends on ingestion order (dim_report.is_current). Every path of
    the batch (batch.source_paths) loses its quarantine row, then gets the batch's one if
    the file is still unreadable. A process killed meanwhile leaves the batch unloaded.
    """
    with bulk_loader(path) as load:
        return load(batch)


# DuckDB folds its write-ahead log into the file when it grows past this, and on close.
_BULK_CHECKPOINT_THRESHOLD = "256MB"  # data not yet checkpointed stays in memory
_BULK_MEMORY_LIMIT = "512MB"


@contextmanager
def bulk_loader(path: Path) -> Iterator[Callable[[RawBatch], LoadResult]]:
    """`load(batch)` for many batches over one connection, each batch one transaction (as
    load_batch). Opening the file and folding the log into it (on close) are paid once per
    load, not once per batch: at 100,000 reports that is most of the raw load's time.

    Holds the warehouse lock until it exits: open it after any fork (not across one).
    """
    with warehouse_lock(path), connect(path) as con:
        ensure_raw_schema(con)
        con.execute(f"set checkpoint_threshold = '{_BULK_CHECKPOINT_THRESHOLD}'")
        con.execute(f"set memory_limit = '{_BULK_MEMORY_LIMIT}'")  # DuckDB's cache would grow with the load
        yield lambda batch: _load(con, batch)


def _load(con: duckdb.DuckDBPyConnection, batch: RawBatch) -> LoadResult:
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
        # Only reports loaded before have rows to replace: new content (the usual case)
        # skips scanning the big tables.
        if con.execute("select count(*) from first_ingested").fetchone()[0]:
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
        for name in (n for n in REPORT_TABLES if n != "reports"):
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
    finally:
        for name in (*RAW_SCHEMAS, "report_ids", "source_paths"):
            con.unregister(f"batch_{name}")
    return LoadResult(
        reports=batch.reports.num_rows,
        cells=batch.cells.num_rows,
        identities=batch.identities.num_rows,
        issues=batch.issues.num_rows,
        narrative_sections=batch.narrative_sections.num_rows,
        quarantined=batch.quarantine.num_rows,
    )


@dataclass(frozen=True)
class KnownFiles:
    """What the warehouse already holds, to decide which files need parsing."""

    report_sha256: frozenset[str] = frozenset()
    # source_path -> (sha256 or None when the file was refused unread, reason)
    quarantine: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    # source_path -> ((size, mtime_ns, ctime_ns), sha256) of the file when it was last hashed
    file_hashes: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)


# Bookkeeping of the raw load, not data: the sha256 of every file hashed, by its stat (warehouse.inbox).
STATE_SCHEMA = "ingest_state"
_FILE_HASHES_DDL = (
    f"create schema if not exists {STATE_SCHEMA}",
    f"""create table if not exists {STATE_SCHEMA}.file_hashes (
        source_path varchar primary key, size_bytes bigint, mtime_ns bigint, ctime_ns bigint, sha256 varchar,
        hashed_at timestamp default current_timestamp)""",
)


def remember_file_hashes(path: Path, rows: list[tuple[str, int, int, int, str]]) -> None:
    """Record (source_path, size, mtime_ns, ctime_ns, sha256) of files just hashed, replacing older rows."""
    if not rows:
        return
    paths, sizes, mtimes, ctimes, shas = (list(column) for column in zip(*rows, strict=True))
    table = pa.table({"source_path": pa.array(paths, pa.string()), "size_bytes": pa.array(sizes, pa.int64()),
                      "mtime_ns": pa.array(mtimes, pa.int64()), "ctime_ns": pa.array(ctimes, pa.int64()),
                      "sha256": pa.array(shas, pa.string())})
    with warehouse_lock(path), connect(path) as con:
        for statement in _FILE_HASHES_DDL:
            con.execute(statement)
        con.register("hashed_now", table)
        con.execute(f"insert or replace into {STATE_SCHEMA}.file_hashes by name select * from hashed_now")
        con.unregister("hashed_now")


def known_files(path: Path) -> KnownFiles:
    """sha256 of every loaded document and the quarantine rows (empty when there is no warehouse)."""
    if not path.exists():
        return KnownFiles()
    with warehouse_lock(path, shared=True), connect(path, read_only=True) as con:
        tables = {f"{schema}.{name}" for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables where table_schema in (?, ?)",
            [RAW_SCHEMA, STATE_SCHEMA]).fetchall()}
        shas = frozenset()
        if f"{RAW_SCHEMA}.reports" in tables:
            shas = frozenset(r[0] for r in con.execute(f"select distinct sha256 from {RAW_SCHEMA}.reports").fetchall())
        quarantine = {}
        if f"{RAW_SCHEMA}.quarantine" in tables:
            quarantine = {p: (sha or None, reason) for p, sha, reason in con.execute(
                f"select source_path, sha256, reason from {RAW_SCHEMA}.quarantine").fetchall()}
        hashes = {}
        if f"{STATE_SCHEMA}.file_hashes" in tables:
            hashes = {p: ((size, mtime, ctime), sha) for p, size, mtime, ctime, sha in con.execute(
                f"select source_path, size_bytes, mtime_ns, ctime_ns, sha256 from {STATE_SCHEMA}.file_hashes"
            ).fetchall()}
    return KnownFiles(shas, quarantine, hashes)
