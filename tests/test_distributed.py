"""The raw load's parse work on Dask: a scheduler and two workers started on loopback (standing in
for machines) parse the samples; the marts equal those of the local run, row for row."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO_ROOT, SAMPLES
from warehouse.distributed import read_chunk, parse_chunk_to_parquet
from warehouse.store import connect

DASK = str(Path(sys.executable).parent / "dask")
MARTS = ("dim_report", "dim_agency", "fct_proactive_disclosure", "fct_applications", "fct_review_litigation",
         "fct_identity_checks", "fct_agency_years", "quarantine")
LOAD_TIMES = ("ingested_at", "detected_at")  # the moment each run loaded: the only columns that differ


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_workers(address: str, count: int, timeout: float = 120) -> None:
    from distributed import Client

    with Client(address, timeout=timeout) as client:
        client.wait_for_workers(count, timeout=timeout)


@pytest.fixture
def loopback_cluster(tmp_path):
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "dask-logs"
    logs.mkdir()
    started = []
    try:
        started.append(subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                         "--no-dashboard"], stdout=subprocess.DEVNULL,
                                        stderr=(logs / "scheduler.log").open("w")))
        for name in ("worker-a", "worker-b"):
            started.append(subprocess.Popen([DASK, "worker", address, "--name", name, "--nthreads", "1",
                                             "--nworkers", "1", "--no-dashboard", "--local-directory",
                                             str(tmp_path / name)], cwd=tmp_path, stdout=subprocess.DEVNULL,
                                            stderr=(logs / f"{name}.log").open("w")))
        _wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _rows(warehouse: Path) -> dict[str, list[tuple]]:
    with connect(warehouse, read_only=True) as con:
        rows = {}
        for table in MARTS:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = 'marts'"
                " and table_name = ? order by ordinal_position", [table]).fetchall() if c not in LOAD_TIMES]
            rows[table] = con.execute(f"select {', '.join(columns)} from marts.{table} order by all").fetchall()
    return rows


def test_marts_from_a_scheduler_and_two_workers_equal_the_local_run(samples_run, loopback_cluster, tmp_path):
    assert samples_run.returncode == 0, samples_run.stderr
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")},
           "GONGKAI_DATA": str(tmp_path / "data"), "DAGSTER_HOME": str(tmp_path / "dagster"),
           "GONGKAI_DASK_SCHEDULER": loopback_cluster}
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", "run", "--input", str(SAMPLES)], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr

    local, distributed = _rows(samples_run.warehouse), _rows(tmp_path / "data" / "warehouse.duckdb")
    assert {t: len(r) for t, r in distributed.items()} == {t: len(r) for t, r in local.items()}
    assert local["dim_report"] and local["fct_applications"]
    for table in MARTS:
        assert distributed[table] == local[table], table
    # the parse ran on the scheduler's two workers
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(tmp_path / "dagster")) as instance:
        (run,) = instance.get_run_records()
        messages = [e.user_message for e in instance.all_logs(run.dagster_run.run_id)]
    assert any(m.endswith(f"files on 2 Dask workers ({loopback_cluster})") for m in messages), messages
    assert not (tmp_path / "data" / "warehouse.duckdb.batches").exists(), "raw batches left behind"


def test_a_chunk_written_by_a_worker_reads_back_as_the_same_batch(tmp_path, seed_dir):
    from ingest.parallel import batch_of_chunk

    files = [str(p) for p in sorted(seed_dir.iterdir())] + [str(SAMPLES / "s13_layout2019.txt")]
    folder = Path(parse_chunk_to_parquet((3, files), 7, str(tmp_path)))
    assert folder == tmp_path / "batch-000003" / "chunk-000007"
    back = read_chunk(folder)
    _, parsed = batch_of_chunk((3, files))
    assert back.source_paths == parsed.source_paths == tuple(files)
    for name in ("reports", "cells", "identities", "issues", "quarantine"):
        assert back.table(name).equals(parsed.table(name)), name
    assert back.cells.num_rows > 2 * 170  # both reports' cells
    with duckdb.connect() as con:  # Parquet any client reads
        assert con.execute(f"select count(distinct report_id) from '{folder}/reports.parquet'").fetchone() == (2,)
