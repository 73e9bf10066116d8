"""Parse report files and bulk-load them into raw.*: in this process, or in a child for big loads.

A big load leaves memory behind in the process that ran it (Arrow's allocator keeps freed
pages, DuckDB's threads leave glibc arenas, the parsed Arrow tables fragment the heap): at
100,000 reports `gongkai run` stayed ~300 MB larger after its raw step, through dbt and the
GX checks. A child process gives all of it back when it exits. The child is a fresh
interpreter (`python -m warehouse.raw_load`), not a fork of the caller: it imports only the
parser, Arrow and DuckDB (~90 MB), so the parse workers it forks are small too, where forks
of the Dagster process count its ~300 MB again in every worker's RSS.

Small loads (the inbox sensor's few new files) stay in this process: they are latency-bound
and leave next to nothing behind.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.parallel import raw_batches
from ingest.records import RAW_SCHEMAS
from warehouse.env_names import LOAD_PAUSE_ENV
from warehouse.settings import CHILD_LOAD_FILES
from warehouse.store import bulk_loader, remember_file_hashes

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class RawLoadOutcome:
    rows: dict[str, int] = field(default_factory=dict)  # per raw table: rows written (quarantine: files)
    parse_seconds: float = 0.0  # waiting for parsed batches
    load_seconds: float = 0.0  # in DuckDB: loads, and folding the log into the file on close
    child_pid: int | None = None  # the process that loaded, when not this one


def load_files(warehouse: Path, files: Sequence[Path | str], *, batch_files: int,
               file_hashes: Sequence[tuple[str, int, int, int, str]] = (),
               in_child: bool | None = None, child_min_files: int = CHILD_LOAD_FILES, progress: bool = False,
               pause_after_batches: int | None = None) -> RawLoadOutcome:
    """Parse `files` on every core and load them, one transaction per `batch_files` files, then
    record `file_hashes` (warehouse.inbox.LoadPlan.new_hashes). In a child process when there are
    at least `child_min_files` files (Settings.child_load_files), or `in_child`; an error there is
    raised here.

    progress: a bar on stderr over the files (warehouse.settings.Settings.progress).
    pause_after_batches: the test hook of Settings.load_pause_after_batches (see _pause)."""
    if in_child is None:
        in_child = len(files) >= child_min_files and len(files) > 0
    request = {"warehouse": Path(warehouse), "files": [str(f) for f in files], "batch_files": batch_files,
               "file_hashes": list(file_hashes), "progress": progress, "pause_after_batches": pause_after_batches}
    return _in_child(request) if in_child else parse_and_load(**request)


def parse_and_load(warehouse: Path, files: Sequence[str], batch_files: int,
                   file_hashes: Sequence[tuple[str, int, int, int, str]] = (), progress: bool = False,
                   pause_after_batches: int | None = None) -> RawLoadOutcome:
    """The load itself, in this process."""

    outcome = RawLoadOutcome(rows=dict.fromkeys(RAW_SCHEMAS, 0))
    # Parsed on every core (a fork pool; workers return Arrow tables), loaded in bulk per batch
    # over one connection. The pool forks on the first batch, before the loader takes the
    # warehouse lock and opens DuckDB (neither may cross a fork).
    batches = raw_batches(files, batch_files=batch_files, progress=progress)
    started = time.perf_counter()
    batch = next(batches, None)
    outcome.parse_seconds += time.perf_counter() - started
    if batch is not None:
        with bulk_loader(warehouse) as load:
            committed = 0
            while batch is not None:
                started = time.perf_counter()
                loaded = load(batch)
                outcome.load_seconds += time.perf_counter() - started
                committed += 1
                if committed == pause_after_batches:
                    _pause(committed)
                for name in RAW_SCHEMAS:
                    outcome.rows[name] += getattr(loaded, "quarantined" if name == "quarantine" else name)
                started = time.perf_counter()
                batch = next(batches, None)
                outcome.parse_seconds += time.perf_counter() - started
            started = time.perf_counter()  # closing folds the log into the file: load time
        outcome.load_seconds += time.perf_counter() - started
    # The next scan reads only files whose (size, mtime, ctime) changed (warehouse.inbox.plan_load).
    remember_file_hashes(warehouse, list(file_hashes))
    return outcome


def _pause(batches: int) -> None:
    """The crash tests' hook (GONGKAI_LOAD_PAUSE_AFTER_BATCHES): say so, then wait to be killed.
    A kill lands between two batches whatever the machine's speed, where a sleep in the test
    either came too late (the load was over) or too early (nothing committed)."""

    print(f"gongkai: raw load paused after {batches} committed batches ({LOAD_PAUSE_ENV})", file=sys.stderr,
          flush=True)
    while True:
        time.sleep(3600)


# ---- the child process --------------------------------------------------------------------

def _in_child(request: dict) -> RawLoadOutcome:
    """parse_and_load(**request) in `python -m warehouse.raw_load`; its exception re-raised here."""
    with tempfile.TemporaryDirectory(prefix="gongkai-load-") as folder:
        asked, answer = Path(folder, "request.pickle"), Path(folder, "result.pickle")
        asked.write_bytes(pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL))
        # The child imports this package from where this process did (a checkout, not an install).
        path = os.pathsep.join(p for p in (str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)
        child = subprocess.Popen([sys.executable, "-m", "warehouse.raw_load", str(asked), str(answer), str(os.getpid())],
                                 env={**os.environ, "PYTHONPATH": path})
        try:
            returncode = child.wait()
        finally:
            if child.poll() is None:  # this process is being stopped (Dagster's termination, Ctrl-C)
                child.terminate()  # the child rolls back its open transaction and stops its workers
                child.wait()
        if not answer.exists():
            raise RuntimeError(f"the raw load's child process (pid {child.pid}) ended with exit status {returncode} "
                               "and no result; batches it committed before are in the warehouse")
        status, value = pickle.loads(answer.read_bytes())
    if status == "error":
        raise value
    value.child_pid = child.pid
    return value


def _die_with(parent: int) -> None:
    """SIGTERM this process when `parent` dies (Linux), so a killed run leaves no loader behind."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # it died before prctl took effect
        sys.exit(143)


def _child_main(argv: list[str]) -> int:
    asked, answer, parent = argv
    # SIGTERM unwinds like an exception: the open transaction rolls back, the pool stops.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    _die_with(int(parent))
    try:
        result = ("ok", parse_and_load(**pickle.loads(Path(asked).read_bytes())))
    except BaseException as error:  # noqa: BLE001 - every error goes back to the caller
        told = "".join(traceback.format_exception(error)).rstrip()
        if not isinstance(error, Exception):  # SystemExit (SIGTERM), KeyboardInterrupt: not the caller's own
            error = RuntimeError(f"the raw load's child process was stopped ({error!r})")
        error.add_note(f"in the raw load's child process (pid {os.getpid()}):\n{told}")
        result = ("error", error)
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(data)  # some exceptions pickle but do not unpickle (required arguments)
    except Exception:  # noqa: BLE001 - then its text goes back
        data = pickle.dumps(("error", RuntimeError("".join(traceback.format_exception(result[1])))))
    partial = Path(answer + ".part")
    partial.write_bytes(data)
    partial.rename(answer)
    return 0 if result[0] == "ok" else 1


if __name__ == "__main__":
    from warehouse.raw_load import _child_main as main  # classes pickled as warehouse.raw_load's, not __main__'s

    sys.exit(main(sys.argv[1:]))
