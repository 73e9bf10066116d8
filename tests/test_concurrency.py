"""Crashes and concurrent runs: SIGKILL mid-load, two runs at once, queries during a load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from gongkai.cli import main
from warehouse.store import WarehouseBusyError, connect_for_query, warehouse_lock
from tests._inbox import RAW, reports_missing_rows, state, write_reports

REPO_ROOT = Path(__file__).resolve().parents[1]


def _env(root: Path, home: str = "dagster_home") -> dict[str, str]:
    return {**os.environ, "DAGSTER_HOME": str(root / home), "GONGKAI_DATA": str(root / "data"),
            "GONGKAI_PROGRESS": "0", "PYTHONUNBUFFERED": "1"}


def _gongkai_run(inbox: Path, db: Path, env: dict[str, str], **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "run", "--input", str(inbox), "--warehouse", str(db)],
                            cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO_ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_line(process: subprocess.Popen, expected: str, timeout: float = 120, stream: str = "stdout") -> None:
    deadline = time.monotonic() + timeout
    lines, other = (process.stdout, process.stderr) if stream == "stdout" else (process.stderr, process.stdout)
    seen = []
    while time.monotonic() < deadline:
        line = lines.readline()
        if line.strip() == expected:
            return
        seen.append(line)
        if not line and process.poll() is not None:
            raise AssertionError(f"helper process ended: {''.join(seen[-20:])}{other.read()}")
    raise AssertionError(f"no {expected!r} within {timeout}s")


def _raw_counts(db: Path) -> dict[str, int]:
    with connect_for_query(db) as con:
        return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW}


def _reports_short_of_cells(db: Path) -> int:
    with connect_for_query(db) as con:
        return con.execute("select count(*) from raw.reports r where (select count(*) from raw.cells c "
                           "where c.report_id = r.report_id) < 200").fetchone()[0]


# ---- a query while a writer holds the file ----------------------------------------------------


HOLD_WRITER = """
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    con.execute("create table if not exists t as select 1 as x")
    print("READY", flush=True)
    time.sleep(120)
"""


def test_query_while_a_writer_holds_the_warehouse_fails_clearly(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    writer = _python(HOLD_WRITER, str(db))
    try:
        _wait_for_line(writer, "READY")
        code = main(["query", "select 1", "--warehouse", str(db)])
        err = capsys.readouterr().err
    finally:
        writer.kill()
        writer.wait()
    assert code == 3
    assert (f"the warehouse is being written by another process (pid {writer.pid}); "
            "try again when the run ends") in err
    assert main(["query", "select count(*) as n from t", "--warehouse", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n1\n"


HOLD_LOCK = """
    import sys, time
    from pathlib import Path
    from warehouse.store import warehouse_lock
    with warehouse_lock(Path(sys.argv[1])):
        print("READY", flush=True)
        time.sleep(120)
"""


def test_warehouse_lock_names_its_holder_and_dies_with_it(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = _python(HOLD_LOCK, str(db))
    try:
        _wait_for_line(holder, "READY")
        for shared in (False, True):
            with pytest.raises(WarehouseBusyError) as busy, warehouse_lock(db, shared=shared, wait_seconds=0.3):
                pass
            assert busy.value.pid == holder.pid
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with warehouse_lock(db, wait_seconds=5):  # the kernel dropped the dead holder's lock
        pass


# ---- SIGKILL -----------------------------------------------------------------------------------


KILLED_IN_A_TRANSACTION = """
    import sys, time
    from contextlib import contextmanager
    from pathlib import Path
    import warehouse.store as warehouse
    from ingest.parse import parse_file
    from ingest.records import build_batch

    db, files = Path(sys.argv[1]), sys.argv[2:]
    warehouse.load_batch(db, build_batch([parse_file(files[0])]))  # committed
    real_connect = warehouse.connect

    class StopsBeforeCommit:
        def __init__(self, con):
            self.con = con
        def execute(self, sql, *args):
            if sql.strip() == "commit":
                print("READY", flush=True)  # every row of the batch is written, not committed
                time.sleep(600)
            return self.con.execute(sql, *args)
        def __getattr__(self, name):
            return getattr(self.con, name)

    @contextmanager
    def connect(path, **kwargs):
        with real_connect(path, **kwargs) as con:
            yield StopsBeforeCommit(con)

    warehouse.connect = connect
    warehouse.load_batch(db, build_batch([parse_file(f) for f in files[1:]]))
"""


def test_sigkill_inside_a_load_transaction_loses_the_whole_batch_only(tmp_path):
    db = tmp_path / "w.duckdb"
    files = write_reports(tmp_path / "inbox", 6)
    loader = _python(KILLED_IN_A_TRANSACTION, str(db), *map(str, files))
    try:
        _wait_for_line(loader, "READY")
    finally:
        loader.send_signal(signal.SIGKILL)
        loader.wait()
    with warehouse_lock(db, wait_seconds=5), connect_for_query(db) as con:
        paths = [r[0] for r in con.execute("select source_path from raw.reports").fetchall()]
    assert paths == [str(files[0])]
    assert reports_missing_rows(db) == []


def test_gongkai_run_killed_mid_load_leaves_whole_reports_and_a_rerun_completes(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "warehouse.duckdb"
    subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(corpus), "--count", "300", "--seed", "1",
                    "--no-truth"], cwd=REPO_ROOT, check=True, capture_output=True)
    env = {**_env(tmp_path), "GONGKAI_BATCH_FILES": "20"}  # 15 transactions
    # The loader stops after its third commit and waits: the kill lands between two batches
    # on any machine (warehouse.settings, GONGKAI_LOAD_PAUSE_AFTER_BATCHES).
    run = _gongkai_run(corpus, db, {**env, "GONGKAI_LOAD_PAUSE_AFTER_BATCHES": "3"}, start_new_session=True)
    try:
        _wait_for_line(run, "gongkai: raw load paused after 3 committed batches (GONGKAI_LOAD_PAUSE_AFTER_BATCHES)",
                       timeout=300, stream="stderr")
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
    finally:
        _stop_group(run.pid)

    with connect_for_query(db) as con:  # opens: DuckDB replays what was committed
        loaded = con.execute("select count(*) from raw.reports").fetchone()[0]
        quarantined = con.execute("select count(*) from raw.quarantine").fetchone()[0]
    assert loaded + quarantined == 3 * 20, "three whole batches of 20 files, committed before the kill"
    assert reports_missing_rows(db) == []

    rerun = _gongkai_run(corpus, db, env)
    out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err
    counts = _raw_counts(db)
    assert counts["reports"] + counts["quarantine"] == 300
    assert _reports_short_of_cells(db) == 0
    assert state(db)["counts"]["dim_report"] == counts["reports"]


def _stop_group(pgid: int) -> None:
    """Kill what is left of the killed run's process group (forked parser workers)."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ---- two runs at once ------------------------------------------------------------------------


@pytest.mark.parametrize("homes", ["same Dagster home", "two Dagster homes"])
def test_two_runs_at_once_both_finish_with_the_rows_of_one(tmp_path, homes):
    inbox, db = tmp_path / "inbox", tmp_path / "warehouse.duckdb"
    write_reports(inbox, 24, seed=9)
    second_home = "dagster_home" if homes == "same Dagster home" else "other_home"
    runs = [_gongkai_run(inbox, db, _env(tmp_path)), _gongkai_run(inbox, db, _env(tmp_path, second_home))]
    outputs = [run.communicate(timeout=900) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err for _, err in outputs]

    reference = tmp_path / "reference.duckdb"
    from tests.test_incremental import _raw_only

    assert _raw_only(inbox, reference).success
    assert _raw_counts(db) == _raw_counts(reference)
    assert reports_missing_rows(db) == []
    final = state(db)
    assert final["counts"]["dim_report"] == 24
    cells = sum(final["counts"][t] for t in ("fct_proactive_disclosure", "fct_applications", "fct_review_litigation"))
    assert cells == final["counts"]["raw.cells"]
