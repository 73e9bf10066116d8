"""One new file dropped into the inbox of a warehouse holding N reports, through the sensor.

    .venv/bin/python bench/inbox_one_new_file.py --reports 10000

Generates N reports into a fresh inbox, lets the inbox sensor request the first run and
materializes the whole job, then drops one more report, evaluates the sensor again and runs
what it requests. Prints what the sensor asked for, how many files each run parsed (from the
raw asset's metadata), the raw row counts and the wall times.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import dagster as dg

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from warehouse.settings import Settings  # noqa: E402
from warehouse.store import connect_for_query  # noqa: E402
from orchestration.definitions import WAREHOUSE_JOB, build_definitions  # noqa: E402
from orchestration.sensors import build_inbox_sensor  # noqa: E402


def _age(paths, seconds: float) -> None:
    """Move mtimes into the past: the sensor waits for files to settle."""
    past = time.time() - seconds
    for path in paths:
        os.utime(path, (past, past))


def _run(job, instance, run_config) -> tuple[float, dict]:
    start = time.perf_counter()
    result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=True)
    wall = time.perf_counter() - start
    meta = {}
    for mat in result.asset_materializations_for_node("load_raw_tables"):
        if mat.asset_key.path == ["raw", "reports"]:
            meta = {k: v.value for k, v in mat.metadata.items() if k.startswith("files_")}
    return wall, meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="gongkai-inbox-"))
    inbox, staging = root / "inbox", root / "staging"
    subprocess.run([sys.executable, "-m", "ingest.generator", "--out", str(staging), "--count", str(args.reports + 1),
                    "--seed", str(args.seed), "--no-truth", "--formats", "txt", "md", "html", "--jobs", "2"],
                   cwd=REPO, check=True, capture_output=True)
    docs = sorted(p for p in staging.iterdir() if p.suffix in (".txt", ".md", ".html"))
    inbox.mkdir()
    for doc in docs[:-1]:
        doc.rename(inbox / doc.name)
    _age(inbox.iterdir(), 600)

    settings = Settings.from_env().with_paths(warehouse=root / "warehouse.duckdb", data_docs_dir=root / "docs",
                                              reports_dir=root / "reports", inbox_dir=inbox)
    defs = build_definitions(settings, input_dir=inbox)
    job = defs.resolve_job_def(WAREHOUSE_JOB)
    sensor = build_inbox_sensor(inbox, WAREHOUSE_JOB)
    (root / "dagster_home").mkdir()
    with dg.DagsterInstance.local_temp(tempdir=str(root / "dagster_home")) as instance:
        tick = sensor(dg.build_sensor_context(instance=instance, cursor=None))
        [first] = tick.run_requests
        wall, meta = _run(job, instance, first.run_config)
        print(f"first run: {len(docs) - 1} files in the inbox, parsed {meta.get('files_to_parse')}, {wall:.1f} s")

        new = inbox / docs[-1].name
        docs[-1].rename(new)
        _age([new], 60)
        tick = sensor(dg.build_sensor_context(instance=instance, cursor=tick.cursor))
        [request] = tick.run_requests
        paths = request.run_config["ops"]["load_raw_tables"]["config"].get("paths", "the whole inbox")
        print(f"sensor tick after one drop: requests a run for {paths}")
        wall, meta = _run(job, instance, request.run_config)
        print(f"second run: parsed {meta.get('files_to_parse')} file(s), unchanged {meta.get('files_unchanged')}, "
              f"{wall:.1f} s end to end")
    with connect_for_query(settings.warehouse) as con:
        reports = con.execute("select count(*) from raw.reports").fetchone()[0]
        loaded = con.execute("select count(*) from dim_report where source_path = ?", [str(new.resolve())]).fetchone()[0]
    print(f"raw.reports: {reports}; the new file is in dim_report: {bool(loaded)}")
    print(f"(scratch folder: {root})")


if __name__ == "__main__":
    main()
