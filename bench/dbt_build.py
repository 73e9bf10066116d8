"""The dbt build alone on a built warehouse: a first build (every model and test, on the raw tables
only), then 10 more reports and an incremental build, per checkout of the project, alternating;
per-node times from dbt's run_results.json.

The warehouse is one that `gongkai run` built (e.g. `make bench`'s 10,000 reports, seed 6): its raw
and ingest_state tables are kept, the dbt schemas dropped, and each checkout builds its own copy
with `dbt build --vars '{warehouse: ..., test_new_reports_only: true}'` (the pipeline's vars). The
10 reports are the generator's next documents (`bench/run.py`'s incremental case), parsed and
loaded in this process.

    .venv/bin/python bench/dbt_build.py --warehouse /tmp/dbt10k/warehouse.duckdb --tree . --tree /tmp/before
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DBT = str(Path(sys.executable).parent / "dbt")
DBT_SCHEMAS = ("staging", "intermediate", "marts")


def raw_only(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        for schema in DBT_SCHEMAS:
            con.execute(f"drop schema if exists {schema} cascade")
        con.execute("drop table if exists quality.dbt_tested")


def add_reports(warehouse: Path, first: int, count: int, seed: int) -> None:
    from ingest.generator.corpus import make_document, select_combos
    from ingest.parse import parse_bytes
    from ingest.records import build_batch
    from warehouse.store import load_batch

    combos = select_combos(None, ["txt", "md", "html"])
    docs = [make_document(seed, i, combos, 0.2)[:2] for i in range(first, first + count)]
    parsed = [parse_bytes(body, str(warehouse.parent / "inbox" / name)) for name, body in docs]
    load_batch(warehouse, build_batch(parsed, ingested_at=datetime.now()))


def build(tree: Path, warehouse: Path, target: Path, label: str, top: int) -> float:
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(
        [DBT, "build", "--project-dir", str(tree / "dbt_project"), "--profiles-dir", str(tree / "dbt_project"),
         "--target-path", str(target),
         "--vars", json.dumps({"warehouse": str(warehouse), "test_new_reports_only": True})],
        capture_output=True, text=True,  # GONGKAI_WAREHOUSE too: older checkouts read only that
        env={**os.environ, "GONGKAI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"})
    wall = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{label}: dbt build failed\n{done.stdout[-4000:]}")
    run_results = json.loads((target / "run_results.json").read_text())
    results = run_results["results"]
    nodes = sorted(((r["execution_time"], r["unique_id"]) for r in results), reverse=True)
    tests = sum(t for t, node in nodes if node.startswith("test."))
    print(f"{label}: wall {wall:.1f} s (dbt's elapsed {run_results['elapsed_time']:.1f} s), "
          f"load {load:.1f} -> {os.getloadavg()[0]:.1f}; "
          f"node time models {sum(t for t, _ in nodes) - tests:.1f} s, tests {tests:.1f} s", flush=True)
    for seconds, node in nodes[:top]:
        print(f"    {seconds:6.2f}  {node}", flush=True)
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", type=Path, required=True, help="a warehouse `gongkai run` built (read only)")
    ap.add_argument("--tree", type=Path, action="append", required=True, help="a checkout (repeatable)")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--added", type=int, default=10, help="reports added before the incremental build")
    ap.add_argument("--seed", type=int, default=6, help="the generator seed the warehouse was made with")
    ap.add_argument("--work", type=Path, default=Path("/dev/shm/gongkai-dbt-bench"))
    ap.add_argument("--top", type=int, default=8, help="slowest nodes printed per build")
    args = ap.parse_args()

    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        reports = con.execute("select count(*) from raw.reports").fetchone()[0]
    args.work.mkdir(parents=True, exist_ok=True)
    base = args.work / "raw-only.duckdb"
    raw_only(args.warehouse, base)
    for run in range(args.repeat):
        for k, tree in enumerate(args.tree):
            label = f"{tree.resolve().name} run {run + 1}"
            warehouse = args.work / f"tree{k}" / "warehouse.duckdb"
            shutil.rmtree(warehouse.parent, ignore_errors=True)
            warehouse.parent.mkdir()
            shutil.copyfile(base, warehouse)
            build(tree.resolve(), warehouse, warehouse.parent / "target-first", f"{label}, first build", args.top)
            add_reports(warehouse, reports, args.added, args.seed)
            build(tree.resolve(), warehouse, warehouse.parent / "target-added",
                  f"{label}, +{args.added} reports", args.top)
            shutil.rmtree(warehouse.parent)


if __name__ == "__main__":
    main()
