"""The cross-year identities' SQL alone, at N reports: `int_reports__previous_year` and
`int_identity_checks__cross_year` rebuilt whole (`dbt run --full-refresh`), timed by dbt's
run_results.json, on one or more checkouts of the project, alternating.

A real warehouse of `--base` generated reports is built once with `gongkai run`; its report and
cell marts (`dim_report`, `fct_applications`, `fct_proactive_disclosure`, the cross-year model's
inputs) are then copied `N / base` times, each copy under new report ids and agency names, so the
bodies, their years and their cells stay those of real parses. Each checkout then runs its own
dbt project on its own copy of that warehouse.

    .venv/bin/python bench/cross_year.py --reports 100000 --tree . --tree /work/wt/before --repeat 2
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from run import _env, corpus, load  # noqa: E402

MODELS = ("int_reports__previous_year", "int_identity_checks__cross_year")
SCALED = ("dim_report", "fct_applications", "fct_proactive_disclosure")


def base_warehouse(work: Path, n: int, seed: int) -> Path:
    warehouse = work / f"base-{n}-s{seed}.duckdb"
    if warehouse.exists():
        return warehouse
    folder = corpus(work, n, seed, ["txt", "md", "html"])
    home, data = work / "dagster_home", work / "data"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    data.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run([str(REPO / ".venv" / "bin" / "gongkai"), "run", "--input", str(folder), "--warehouse",
                    str(warehouse)], env=_env(home, data, warehouse), check=True, stdout=subprocess.DEVNULL)
    print(f"  warehouse of {n} reports built in {time.perf_counter() - started:.1f}s", flush=True)
    return warehouse


def scaled_warehouse(base: Path, copies: int) -> Path:
    """The base warehouse with its report and cell marts copied `copies` times (copy 0: as built)."""
    import duckdb

    out = base.with_name(f"{base.stem}-x{copies}.duckdb")
    if out.exists():
        return out
    shutil.copy(base, out)
    con = duckdb.connect(str(out))
    con.execute(f"create temp table k as select range as k from range(1, {copies})")
    for table in SCALED:
        cols = [r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
            "order by ordinal_position", [table]).fetchall()]
        select = ", ".join(
            "t.report_id || '~' || k.k" if c == "report_id"
            else "t.agency || '~' || k.k" if c == "agency"
            else "case when t.duplicate_of is null then null else t.duplicate_of || '~' || k.k end"
            if c == "duplicate_of" else f"t.{c}" for c in cols)
        con.execute(f"insert into marts.{table} select {select} from marts.{table} as t cross join k")
    reports = con.execute("select count(*) from marts.dim_report").fetchone()[0]
    con.close()
    print(f"  scaled to {reports} reports → {out}", flush=True)
    return out


def time_tree(tree: Path, warehouse: Path, work: Path) -> dict[str, float]:
    """Seconds per model of one full-refresh run of the cross-year models with the tree's own dbt."""
    copy = work / f"run-{tree.name}.duckdb"
    shutil.copy(warehouse, copy)
    target = work / f"target-{tree.name}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    # older checkouts read the warehouse path from GONGKAI_WAREHOUSE, newer ones from --vars
    env.update(DBT_SEND_ANONYMOUS_USAGE_STATS="false", GONGKAI_WAREHOUSE=str(copy))
    started = time.perf_counter()
    subprocess.run([str(tree / ".venv" / "bin" / "dbt"), "run", "--full-refresh", "--select", *MODELS,
                    "--project-dir", str(tree / "dbt_project"), "--profiles-dir", str(tree / "dbt_project"),
                    "--target-path", str(target), "--log-path", str(work / "logs"), "--vars", json.dumps({"warehouse": str(copy)})],
                   env=env, check=True, stdout=subprocess.DEVNULL, cwd=tree / "dbt_project")
    wall = time.perf_counter() - started
    results = json.loads((target / "run_results.json").read_text())["results"]
    times = {r["unique_id"].rsplit(".", 1)[-1]: r["execution_time"] for r in results}
    times["dbt run (wall)"] = wall
    copy.unlink()
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--base", type=int, default=1000, help="reports actually generated and parsed")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--tree", type=Path, action="append", help="a checkout with its .venv (default: this one)")
    ap.add_argument("--repeat", type=int, default=2, help="runs per tree, alternating")
    ap.add_argument("--work", type=Path, default=Path("/tmp/gongkai-bench-cross-year"))
    ap.add_argument("--json-out", type=Path)
    args = ap.parse_args(argv)
    trees = [t.resolve() for t in (args.tree or [REPO])]
    args.work.mkdir(parents=True, exist_ok=True)
    warehouse = scaled_warehouse(base_warehouse(args.work, args.base, args.seed), max(1, args.reports // args.base))
    runs: dict[str, list[dict[str, float]]] = {str(t): [] for t in trees}
    for r in range(args.repeat):
        for tree in trees:
            times = time_tree(tree, warehouse, args.work)
            runs[str(tree)].append(times)
            print(f"[{r + 1}] {tree}: " + ", ".join(f"{k} {v:.2f}s" for k, v in times.items())
                  + f"  load {load()}", flush=True)
    if args.json_out:
        args.json_out.write_text(json.dumps({"reports": args.reports, "runs": runs}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
