"""Big raw loads run in a child process (warehouse.raw_load): the same rows as a load in this
process, its errors raised here with whole batches kept, and no loader left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from warehouse import raw_load
from warehouse.inbox import plan_load, scan
from warehouse.raw_load import load_files
from warehouse.settings import Settings
from warehouse.store import _DUCKDB_TYPES, KnownFiles, connect_for_query, warehouse_lock
from ingest.records import RAW_SCHEMAS, REPORT_ID_LENGTH
from orchestration.definitions import build_definitions
from orchestration.raw_assets import load_raw_tables
from orchestration.resources import ConverterResource, WarehouseResource
from tests._inbox import RAW, reports_missing_rows, write_reports

REPO_ROOT = Path(__file__).resolve().parents[1]
_TIMES = ("ingested_at", "detected_at")  # set at load time: differ between two loads


def _contents(db: Path) -> dict[str, list[tuple]]:
    """Every raw row (load times left out) and the recorded file hashes, sorted."""
    out = {}
    with connect_for_query(db) as con:
        for table in RAW:
            columns = [c for c in (f.name for f in RAW_SCHEMAS[table]) if c not in _TIMES]
            out[table] = sorted(con.execute(f"select {', '.join(columns)} from raw.{table}").fetchall(), key=repr)
        out["file_hashes"] = sorted(con.execute(
            "select source_path, size_bytes, mtime_ns, ctime_ns, sha256 from ingest_state.file_hashes").fetchall())
    return out


def _inbox(folder: Path, count: int) -> list[Path]:
    files = write_reports(folder, count)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7 not really")  # a quarantine row
    return files


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_the_raw_asset_loads_the_same_rows_in_a_child_process(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    _inbox(inbox, 70)  # enough for the child's own parse pool (ingest.parallel.POOL_MIN_FILES)
    children = []
    real = raw_load._in_child
    monkeypatch.setattr(raw_load, "_in_child", lambda request: children.append(real(request)) or children[-1])
    resources = {}
    for where, threshold in (("here", 1000000), ("child", 1)):
        resources[where] = WarehouseResource(warehouse_path=str(tmp_path / f"{where}.duckdb"), input_dir=str(inbox),
                                             files_per_batch=25, child_load_files=threshold)
        assert dg.materialize([load_raw_tables], resources={"warehouse": resources[where],
                                                                 "converter": ConverterResource()}).success
        assert len(children) == (where == "child")
    assert children[0].child_pid not in (None, os.getpid())
    assert _contents(tmp_path / "child.duckdb") == _contents(tmp_path / "here.duckdb")
    counts = _contents(tmp_path / "child.duckdb")
    assert (len(counts["reports"]), len(counts["quarantine"]), len(counts["file_hashes"])) == (70, 1, 71)

    # A second run finds every file known (hashes recorded by the child) and loads nothing.
    again = dg.materialize([load_raw_tables], resources={"warehouse": resources["child"],
                                                               "converter": ConverterResource()})
    reports = next(m for m in again.asset_materializations_for_node("load_raw_tables")
                   if m.asset_key.path[-1] == "reports")
    assert reports.metadata["files_to_parse"].value == 0
    assert reports.metadata["files_hashed"].value == 0


@pytest.mark.parametrize("said,shown", [("1", True), ("0", False), (None, False)])
def test_the_raw_load_bar_follows_gongkai_progress(tmp_path, monkeypatch, capfd, said, shown):
    # stderr is not a terminal here: without the variable the bar stays off the pipe
    inbox = tmp_path / "inbox"
    write_reports(inbox, 3)
    # GONGKAI_CHILD_LOAD_FILES: the bar of this process, where capfd sees it
    env = ({"GONGKAI_DATA": str(tmp_path / "data"), "GONGKAI_CHILD_LOAD_FILES": "1000000"}
           | ({"GONGKAI_PROGRESS": said} if said else {}))
    resources = build_definitions(Settings.from_env(env=env), input_dir=inbox).resources
    assert dg.materialize([load_raw_tables], resources={"warehouse": resources["warehouse"],
                                                         "converter": resources["converter"]}).success
    err = capfd.readouterr().err
    assert ("3/3 [" in err) == shown, err[-2000:]


def _warehouse_refusing(db: Path, report_id: str) -> None:
    """raw.reports with a CHECK that the row of `report_id` violates: its batch fails to load."""
    columns = ", ".join(f"{f.name} {_DUCKDB_TYPES[f.type]}" for f in RAW_SCHEMAS["reports"])
    with duckdb.connect(str(db)) as con:
        con.execute("create schema raw")
        con.execute(f"create table raw.reports ({columns}, check (report_id <> '{report_id}'))")


def test_an_error_in_the_child_is_raised_here_and_committed_batches_stay(tmp_path):
    import hashlib

    files = write_reports(tmp_path / "inbox", 12)
    db = tmp_path / "w.duckdb"
    bad = hashlib.sha256(files[9].read_bytes()).hexdigest()[:REPORT_ID_LENGTH]  # in the third batch of 4
    _warehouse_refusing(db, bad)
    plan = plan_load(scan(tmp_path / "inbox"), KnownFiles())

    with pytest.raises(duckdb.ConstraintException) as raised:
        load_files(db, plan.to_parse, batch_files=4, file_hashes=plan.new_hashes, in_child=True)
    assert any("child process" in note for note in getattr(raised.value, "__notes__", []))

    with warehouse_lock(db, wait_seconds=5), connect_for_query(db) as con:  # the child let go of the file
        loaded = sorted(r for (r,) in con.execute("select source_path from raw.reports").fetchall())
    assert loaded == sorted(str(p.resolve()) for p in plan.to_parse[:8])  # two whole batches, not the third
    assert reports_missing_rows(db) == []

    # The same load in this process fails the same way.
    _warehouse_refusing(other := tmp_path / "here.duckdb", bad)
    with pytest.raises(duckdb.ConstraintException):
        load_files(other, plan.to_parse, batch_files=4, in_child=False)


def test_a_child_that_dies_without_a_result_is_an_error(tmp_path, monkeypatch):
    files = write_reports(tmp_path / "inbox", 2)
    monkeypatch.setattr(sys, "executable", "/bin/false")  # a child that exits 1 at once
    with pytest.raises(RuntimeError, match="exit status 1 and no result"):
        load_files(tmp_path / "w.duckdb", files, batch_files=4, in_child=True)


PARENT = """
    import sys
    from pathlib import Path
    from warehouse.raw_load import load_files
    from warehouse.settings import Settings

    db, folder = Path(sys.argv[1]), Path(sys.argv[2])
    load_files(db, sorted(folder.iterdir()), batch_files=5, in_child=True,
               pause_after_batches=Settings.from_env().load_pause_after_batches)  # as the raw asset does
"""
PAUSED = "gongkai: raw load paused after 4 committed batches (GONGKAI_LOAD_PAUSE_AFTER_BATCHES)"


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_a_killed_parent_takes_its_loading_child_along(tmp_path):
    files = write_reports(tmp_path / "inbox", 100)  # enough for the child's parse pool (POOL_MIN_FILES)
    db = tmp_path / "w.duckdb"
    # The child stops after its fourth commit and waits (GONGKAI_LOAD_PAUSE_AFTER_BATCHES): the
    # parent is killed while its child is mid-load, between two batches, on any machine.
    parent = subprocess.Popen([sys.executable, "-c", textwrap.dedent(PARENT), str(db), str(files[0].parent)],
                              cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "GONGKAI_LOAD_PAUSE_AFTER_BATCHES": "4"})
    try:
        said = []
        while (line := parent.stderr.readline()) and line.strip() != PAUSED:
            said.append(line)
        assert line.strip() == PAUSED, "".join(said[-20:])
        loaders = [(child, _children(child)) for child in _children(parent.pid)]
        loaders = [pid for child, workers in loaders for pid in (child, *workers)]
        assert parent.poll() is None and loaders, "no loading child to take along"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
    deadline = time.monotonic() + 30
    while any(map(_alive, loaders)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in loaders if _alive(pid)] == [], "the loader (or its parse workers) outlived its parent"
    with warehouse_lock(db, wait_seconds=10), connect_for_query(db) as con:
        loaded = con.execute("select count(*) from raw.reports").fetchone()[0]
    assert loaded == 4 * 5, "the four batches committed before the kill, whole, and nothing after"
    assert reports_missing_rows(db) == []
