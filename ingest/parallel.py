"""Parse many files on every core: a fork process pool over chunks of files.

Two consumers share it:

* `gongkai parse` (`parsed_output`): each worker parses a chunk and serialises each report
  itself (orjson, or the human summary) into a spool file, so the parent only has the kernel
  copy bytes to its output, in order;
* the raw asset of `gongkai run` (`raw_batches`): each worker turns its chunk into the
  column-oriented Arrow tables of ingest/records.py, so the parent only concatenates
  Arrow tables and bulk-loads them.

Below `POOL_MIN_FILES` files, or with jobs=1, everything runs in this process (no fork, no
start-up cost). Order is always the order of the paths given.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

POOL_MIN_FILES = 64
CHUNK_FILES = 32  # files per task a worker takes: amortises the IPC, keeps the order cheap
TASKS_PER_WORKER = 8  # fewer files per task when there are few: no worker idles while one ends a long chunk
_WORKER_GC_THRESHOLD = 10_000  # allocations between young-generation collections in a worker


def default_jobs(jobs: int = 0) -> int:
    if jobs > 0:
        return jobs
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunk_files(files: int, jobs: int) -> int:
    """Files per task: CHUNK_FILES, or fewer so that each worker gets TASKS_PER_WORKER tasks (100
    .doc files at 32 a task gave one worker 64 and the other 36)."""
    return max(1, min(CHUNK_FILES, -(-files // (default_jobs(jobs) * TASKS_PER_WORKER))))


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _map_tasks(func: Callable[[Any], Any], tasks: Sequence, files: int, jobs: int) -> Iterator[Any]:
    """func(task) per task, in order: on `jobs` forked workers when there are many files."""
    if not _pooled(files, jobs):
        with _few_collections():
            yield from map(func, tasks)
        return
    import multiprocessing

    from ingest.parse import warm_up

    warm_up()  # label, script and region tables loaded once, before the workers fork
    gc.freeze()  # what the workers inherit is never garbage: their collections skip it
    try:
        pool = multiprocessing.get_context("fork").Pool(default_jobs(jobs), initializer=_worker_init)
    finally:
        gc.unfreeze()
    try:
        yield from pool.imap(func, tasks)
        pool.close()  # every result is in: let the workers exit on their own
    finally:
        pool.terminate()
        pool.join()


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Parsing in this process, the garbage collector as in a worker (`_worker_init`): what
    exists before (modules, tables) is frozen, and young collections come every
    `_WORKER_GC_THRESHOLD` allocations instead of 700. Restored after."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_WORKER_GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _pooled(files: int, jobs: int) -> bool:
    return default_jobs(jobs) > 1 and files >= POOL_MIN_FILES


def _worker_init() -> None:
    """Default SIGTERM/SIGINT in workers: the parent's handlers (Dagster's) are not theirs.

    A parse allocates thousands of short-lived objects that reference counting frees: the
    default collection threshold (700) ran the collector every few reports for next to nothing.
    """
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops the pool
    gc.set_threshold(_WORKER_GC_THRESHOLD)


def progress_bar(total: int, unit: str = "file", desc: str | None = None, enabled: bool | None = None):
    """A tqdm bar on stderr: `enabled` None shows it only when stderr is a terminal (never in logs
    or pipes). The CLI passes its own decision (GONGKAI_PROGRESS, read in warehouse.settings)."""
    show = sys.stderr.isatty() if enabled is None else enabled
    if not show:
        return _NoBar()  # tqdm imports multiprocessing, importlib.metadata, email…: not paid for a bar not shown
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, smoothing=0.1, mininterval=0.2,
                dynamic_ncols=True)


class _NoBar:
    """A progress bar not shown: what `progress_bar`'s callers use of tqdm's, doing nothing."""

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def update(self, n: int = 1) -> None:
        pass

    close = update


# ---- gongkai parse -------------------------------------------------------------------------

def _reports_of_chunk(paths: Sequence[str]) -> list[tuple[str, dict]]:
    from ingest.parse import parse_files

    return [(path, report.to_dict()) for path, report in zip(paths, parse_files(paths), strict=True)]


def parsed_reports(paths: Sequence[str], *, jobs: int = 0) -> Iterator[tuple[str, dict]]:
    """(path, contract dict) per file, in order (`gongkai accuracy` scores the dicts)."""
    paths = [str(p) for p in paths]
    for reports in _map_tasks(_reports_of_chunk, list(_chunks(paths, chunk_files(len(paths), jobs))), len(paths), jobs):
        yield from reports


def _lines_of_chunk(paths: Sequence[str], as_json: bool) -> list[tuple[str, str | None, bytes]]:
    """(path, reason when unreadable, output bytes) per file of the chunk."""
    import orjson

    out = []
    for path, report in _reports_of_chunk(paths):
        reason = None
        if report["report"]["parse_status"] == "failed":
            reason = next((i["message"] for i in report["issues"] if i["severity"] == "error"), "unreadable")
        line = orjson.dumps(report, option=orjson.OPT_APPEND_NEWLINE) if as_json else summary(report).encode("utf-8")
        out.append((path, reason, line))
    return out


def _output_of_chunk(task: tuple[Sequence[str], bool, str | None]) -> tuple[list[tuple[str, str | None, int]],
                                                                           bytes | str]:
    """(path, reason when unreadable, output size) per file, and the chunk's output: its bytes, or
    the name of the spool file they were written to (a worker's way to hand over megabytes)."""
    paths, as_json, spool = task
    lines = _lines_of_chunk(paths, as_json)
    files = [(path, reason, len(line)) for path, reason, line in lines]
    data = b"".join(line for _, _, line in lines)
    if spool is None:
        return files, data
    try:
        with open(spool, "wb") as f:
            f.write(data)
    except OSError:  # the spool's file system is full (a small /dev/shm): hand the bytes over
        with contextlib.suppress(OSError):
            os.unlink(spool)
        return files, data
    return files, spool


def parsed_output(paths: Sequence[str], *, as_json: bool = True, jobs: int = 0,
                  progress: bool | None = None) -> Iterator[tuple[str, str | None, Callable[[BinaryIO], None]]]:
    """(path, unreadable reason or None, write) per file, in order: `write(out)` writes the file's
    JSON line / summary to `out`; call it before asking for the next file.

    On a pool, workers write each chunk's output to a spool file (on /dev/shm when there is one)
    and the kernel copies it to `out`: megabytes of JSON never go through pipes and pickles.
    """
    paths = [str(p) for p in paths]
    bar = progress_bar(len(paths), enabled=progress if progress is not None else
                       (sys.stderr.isatty() and len(paths) >= POOL_MIN_FILES))
    spool_dir = _spool_dir() if _pooled(len(paths), jobs) else None
    try:
        with bar:
            tasks = [(chunk, as_json, spool_dir and os.path.join(spool_dir, str(n)))
                     for n, chunk in enumerate(_chunks(paths, chunk_files(len(paths), jobs)))]
            for files, data in _map_tasks(_output_of_chunk, tasks, len(paths), jobs):
                yield from _file_writers(files, data)
                bar.update(len(files))
    finally:
        if spool_dir is not None:
            shutil.rmtree(spool_dir, ignore_errors=True)


_SPOOL_ROOT = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
_SPOOL_PREFIX = "gongkai-parse-"
_STALE_SPOOL_SECONDS = 600


def _spool_dir() -> str:
    """A new folder for this run's spool files, named after this process. Folders left behind
    by runs that were killed (their process is gone and nothing changed in them for ten
    minutes) are removed first: they hold memory on /dev/shm."""
    root = _SPOOL_ROOT or tempfile.gettempdir()
    with contextlib.suppress(OSError):
        for entry in os.scandir(root):
            if entry.name.startswith(_SPOOL_PREFIX) and _is_stale_spool(entry):
                shutil.rmtree(entry.path, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{_SPOOL_PREFIX}{os.getpid()}-", dir=root)


def _is_stale_spool(entry: os.DirEntry) -> bool:
    try:
        pid = int(entry.name[len(_SPOOL_PREFIX):].split("-", 1)[0])
        if time.time() - entry.stat().st_mtime < _STALE_SPOOL_SECONDS:
            return False
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (ValueError, OSError):
        return False
    return False


def _file_writers(files: list[tuple[str, str | None, int]], data: bytes | str):
    """(path, reason, write) per file of a chunk's output (bytes, or a spool file read then removed)."""
    if isinstance(data, bytes):
        offset = 0
        for path, reason, size in files:
            yield path, reason, partial(_write_bytes, data[offset:offset + size])
            offset += size
        return
    src = os.open(data, os.O_RDONLY)
    try:
        offset = 0
        for path, reason, size in files:
            yield path, reason, partial(_copy_spooled, src, offset, size)
            offset += size
    finally:
        os.close(src)
        os.unlink(data)


def _write_bytes(data: bytes, out: BinaryIO) -> None:
    out.write(data)


def _copy_spooled(src: int, offset: int, size: int, out: BinaryIO) -> None:
    """Bytes [offset, offset + size) of the spool file to `out`: by sendfile (a copy in the kernel)
    when `out` has a file descriptor that takes it, else read and written."""
    out.flush()
    try:
        dst = out.fileno()
    except (AttributeError, OSError, io.UnsupportedOperation):
        dst = None
    while size > 0 and dst is not None:
        try:
            sent = os.sendfile(dst, src, offset, size)
        except BrokenPipeError:
            raise
        except OSError:  # an output sendfile does not take (opened to append, ...): copied below
            break
        if sent == 0:
            break
        offset += sent
        size -= sent
    while size > 0:
        data = os.pread(src, size, offset)
        if not data:
            raise OSError(f"the spool file ends {size} bytes early")
        out.write(data)
        offset += len(data)
        size -= len(data)


def summary(report: dict) -> str:
    m = report["report"]
    counts: dict[str, int] = {}
    for r in report["identities"]:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    fails = sorted({f"{r['id']}({r['scope']})" for r in report["identities"] if r["status"] == "fail"})
    lines = [
        report["source"]["path"],
        f"  body {m['agency'] or '?'}  year {m['year'] or '?'}  layout {m['format_version']}"
        f"  status {m['parse_status']}",
        f"  region {m['province'] or '-'} / {m['city'] or '-'} / {m['county'] or '-'} {m['division_code'] or ''}",
        "  identities " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
    ]
    if fails:
        lines.append("  failing " + ", ".join(fails))
    lines += [f"  {i['severity']}: {i['code']}: {i['message']}" for i in report["issues"]
              if not i["code"].startswith("identity_fail")]
    return "\n".join(lines) + "\n"


# ---- the raw asset -------------------------------------------------------------------------

# Workers stamp rows with this; the parent sets the real time per load batch.
_PLACEHOLDER_TIME = datetime(2000, 1, 1)


def utc_now() -> datetime:
    """A load batch's time: now, UTC, as the raw tables keep it (naive)."""
    return datetime.now(UTC).replace(tzinfo=None)


def batch_tasks(paths: Sequence[Path | str], batch_files: int, jobs: int = 0) -> list[tuple[int, Sequence[str]]]:
    """(batch number, chunk of files) per task: the batches are `batch_files` consecutive files,
    each parsed as chunks of chunk_files(...) (also by the Dask workers, warehouse/distributed.py)."""
    paths = [str(p) for p in paths]
    size = chunk_files(len(paths), jobs)
    return [(number, chunk) for number, batch in enumerate(_chunks(paths, batch_files))
            for chunk in _chunks(batch, size)]


def batch_of_chunk(task: tuple[int, Sequence[str]]):
    """(batch number, RawBatch of the chunk's files, times still the placeholder: merge_batches sets them)."""
    from ingest.parse import parse_files
    from ingest.records import build_batch

    number, paths = task
    return number, build_batch(parse_files(paths), ingested_at=_PLACEHOLDER_TIME)


def raw_batches(paths: Sequence[Path | str], *, batch_files: int, jobs: int = 0,
                ingested_at: Callable[[], datetime] | None = None,
                progress: bool | None = None) -> Iterator[Any]:
    """One `RawBatch` per `batch_files` consecutive files, parsed on every core.

    Each batch is what `build_batch` gives for its files parsed in order: a document seen
    twice in a batch (same bytes) is kept once, and every row carries the batch's time
    (`ingested_at()` when the batch is complete; default now, UTC).
    """
    paths = [str(p) for p in paths]
    now = ingested_at or utc_now
    tasks = batch_tasks(paths, batch_files, jobs)
    parts: list = []
    current = 0
    with progress_bar(len(paths), enabled=progress) as bar:
        for number, part in _map_tasks(batch_of_chunk, tasks, len(paths), jobs):
            if number != current and parts:
                yield merge_batches(parts, now())
                parts = []
            current = number
            parts.append(part)
            bar.update(len(part.source_paths))
        if parts:
            yield merge_batches(parts, now())


def merge_batches(parts: Iterable, moment: datetime):
    """The parts as one RawBatch: report ids kept once (first part wins), times set to `moment`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from ingest.records import RAW_SCHEMAS, RawBatch

    parts = list(parts)
    seen: set[str] = set()
    tables: dict[str, list] = {name: [] for name in RAW_SCHEMAS}
    paths: list[str] = []
    for part in parts:
        ids = part.reports.column("report_id").to_pylist()
        repeated = [r for r in ids if r in seen]
        seen.update(ids)
        paths.extend(part.source_paths)
        for name in RAW_SCHEMAS:
            table = part.table(name)
            if repeated and "report_id" in table.column_names:
                table = table.filter(pc.invert(pc.is_in(table.column("report_id"), pa.array(repeated, pa.string()))))
            tables[name].append(table)
    merged = {}
    for name, schema in RAW_SCHEMAS.items():
        table = pa.concat_tables(tables[name]) if tables[name] else schema.empty_table()
        for column in ("ingested_at", "detected_at"):
            if column in table.column_names:
                index = table.column_names.index(column)
                table = table.set_column(index, column,
                                         pa.array([moment] * table.num_rows, schema.field(column).type))
        merged[name] = table.combine_chunks()
    return RawBatch(**merged, source_paths=tuple(dict.fromkeys(paths)))
