"""Readers that never wait: `gongkai query` reads the snapshot the last successful run published,
while the next run (1,000 generated reports, small batches) writes the warehouse."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from gongkai.cli import main
from tests.conftest import REPO_ROOT
from warehouse.query import run_query
from warehouse.snapshot import publish_snapshot, snapshot_path
from warehouse.store import connect, lock_path

REPORTS = 1000
# One snapshot's state: a table half written, or two tables of different runs, would show here.
STATE_SQL = """
select (select count(*) from raw.reports) as raw_reports,
       (select count(*) from dim_report) as reports,
       (select count(distinct report_id) from fct_applications) as reports_with_applications,
       (select count(*) from fct_applications) as applications,
       (select count(*) from fct_identity_checks) as identity_checks
"""


def _env(root: Path) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")},
            "GONGKAI_DATA": str(root / "data"), "DAGSTER_HOME": str(root / "dagster"),
            "GONGKAI_BATCH_FILES": "100"}


def _run(root: Path, inbox: Path) -> subprocess.Popen:  # `gongkai run` into root/data
    return subprocess.Popen([sys.executable, "-m", "gongkai.cli", "run", "--input", str(inbox)], cwd=REPO_ROOT,
                            env=_env(root), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _writer(warehouse: Path) -> str:
    """The pid a writer holding the warehouse wrote into its lock file ("" when none holds it)."""
    try:
        return lock_path(warehouse).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return ""


def _live_state(warehouse: Path) -> tuple:
    with connect(warehouse, read_only=True) as con:
        con.execute("set search_path = 'marts,raw'")
        return con.execute(STATE_SQL).fetchone()


def test_queries_during_a_run_read_the_last_snapshot_without_waiting(samples_run, tmp_path):
    """The warehouse of the samples' run (shared with other tests, copied), its snapshot
    published, then a run of 1,000 new reports into it while a reader queries."""
    assert samples_run.returncode == 0, samples_run.stderr
    generated = tmp_path / "generated"
    subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(generated), "--count", str(REPORTS),
                    "--seed", "17", "--no-truth", "--formats", "txt"], cwd=REPO_ROOT, check=True,
                   capture_output=True)
    files = sorted(p for p in generated.iterdir() if p.suffix == ".txt")
    assert len(files) == REPORTS
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    warehouse = tmp_path / "data" / "warehouse.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(samples_run.warehouse, warehouse)
    publish_snapshot(warehouse)
    before = _live_state(warehouse)
    samples = before[1]
    assert samples >= 20 and before[:3] == (samples, samples, samples)

    for path in files:
        shutil.copy(path, inbox / path.name)
    second = _run(tmp_path, inbox)
    seen, while_writing, errors = [], 0, []
    try:
        while second.poll() is None:
            writer = _writer(warehouse)
            try:
                out = run_query(warehouse, STATE_SQL, "csv")
            except duckdb.Error as error:  # a lock error, or a table half there
                errors.append(repr(error))
                continue
            seen.append(tuple(int(v) for v in out.splitlines()[1].split(",")))
            time.sleep(0.2)  # a reader now and then, not a busy loop on the shared cores
            while_writing += bool(writer) and bool(_writer(warehouse))
    finally:
        code = second.wait(timeout=900)
    assert code == 0, second.stderr.read()
    after = _live_state(warehouse)
    assert after[:3] == (samples + REPORTS, samples + REPORTS, samples + REPORTS)

    assert errors == []
    assert set(seen) <= {before, after}, set(seen) - {before, after}
    assert while_writing > 0, "no query ran while the run held the warehouse"
    assert len(seen) > 20
    # once the run ended, the query reads the new snapshot
    assert tuple(int(v) for v in run_query(warehouse, STATE_SQL, "csv").splitlines()[1].split(",")) == after


def test_snapshot_keeps_an_open_reader_on_the_old_copy(tmp_path, capsys):
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts; create table marts.dim_report as select 1 as n")
    snapshot = publish_snapshot(warehouse)
    assert snapshot == tmp_path / "warehouse.duckdb.snapshot" / "warehouse.duckdb"
    reader = duckdb.connect(str(snapshot), read_only=True)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.dim_report values (2)")
    assert publish_snapshot(warehouse) == snapshot
    assert reader.execute("select count(*) from marts.dim_report").fetchone() == (1,)  # the file it opened
    reader.close()
    assert main(["query", "select count(*) as n from dim_report", "--warehouse", str(warehouse),
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n2\n"
    with duckdb.connect(str(warehouse)) as con:  # loaded outside a run: only --live sees it
        con.execute("insert into marts.dim_report values (3)")
    assert main(["query", "select count(*) as n from dim_report", "--warehouse", str(warehouse),
                 "--format", "csv"]) == 0
    assert capsys.readouterr().out == "n\n2\n"
    assert main(["query", "select count(*) as n from dim_report", "--warehouse", str(warehouse),
                 "--format", "csv", "--live"]) == 0
    assert capsys.readouterr().out == "n\n3\n"
    assert sorted(p.name for p in snapshot.parent.iterdir()) == ["warehouse.duckdb"]  # no copy left behind
    assert snapshot_path(warehouse) == snapshot
