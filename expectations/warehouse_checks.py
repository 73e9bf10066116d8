"""The GX suites over a whole warehouse: in bounded memory, and incrementally.

`load_marts` + `run_suites` hold every cell of every report in pandas: fine for thousands of
reports, not for a national warehouse (150 million cells). `check_warehouse` gives the same
verdicts without that:

* Reports are checked in partitions of at most `partition_reports` reports, whole bodies
  (agency) at a time: every identity, the cross-year ones included, only ever compares
  reports of one body, so a partition is checked exactly as the whole warehouse would be.
* What a check found is kept in the warehouse (schema `quality`): per suite and report the
  rows checked, passing and undecidable, and every failing row (GX's and pandas'). The next
  run re-checks only the reports of bodies that have a report not checked yet (a new year
  can pair with an old one, a corrected version takes is_current away from the old one),
  and drops reports gone from dim_report. Adding ten reports re-checks ten bodies.
* The state is tied to a fingerprint of the suites' code: change the suites, the codes or
  the frames, and the next run re-checks everything (as does `full=True`).
* Another GX pass over whole bodies (the Data Docs asset's) can leave its verdicts here too
  (`remember_verdicts`): the checks then need not run the same suites over the same rows again.
* What a caller reports is computed in SQL over the kept verdicts: per suite the counts, the
  worst failing rows and rows pandas and GX judge differently, and the failing rows that differ
  from fct_identity_checks; nothing proportional to the warehouse is read into pandas.

The verdicts are the same as one GX run over the whole marts because every expectation is
row-wise (a row is unexpected or not, by itself) with `mostly` 1: a suite succeeds when no
row anywhere is unexpected, and the rows are the union of the partitions' rows.
"""

from __future__ import annotations

import hashlib
import signal
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from expectations import CHECK_MODULES
from expectations.marts import Marts, load_marts_from
from expectations.specs import IDENTITY_SPECS, SUITE_NAMES
from expectations.suites import FAILURE_COLUMNS, SuiteResult, SuiteRunner
from ingest.parallel import default_jobs
from warehouse import store
from warehouse.store import connect

STATE_SCHEMA = "quality"
PARTITION_REPORTS = 2_000  # per worker: peak ~0.45 GB of pandas and GX
_CODE = ("expectations/frames.py", "expectations/generic.py", "expectations/specs.py", "expectations/suites.py",
         "expectations/warehouse_checks.py", "ingest/codes.py")
_REPO = Path(__file__).resolve().parents[1]

_DDL = (
    f"create schema if not exists {STATE_SCHEMA}",
    f"create table if not exists {STATE_SCHEMA}.gx_state (fingerprint varchar, checked_at timestamp)",
    f"""create table if not exists {STATE_SCHEMA}.gx_reports (
        report_id varchar, agency varchar, checked_at timestamp)""",
    f"""create table if not exists {STATE_SCHEMA}.gx_counts (
        suite varchar, report_id varchar, rows_checked bigint, passing_rows bigint, undecidable_rows bigint)""",
    f"""create table if not exists {STATE_SCHEMA}.gx_failures (
        suite varchar, report_id varchar, scope varchar, agency varchar, year integer, identity varchar,
        lhs double, rhs double, severity varchar, detail varchar, gx_failing boolean, pandas_failing boolean)""",
)
_STATE_TABLES = ("gx_state", "gx_reports", "gx_counts", "gx_failures")


def code_fingerprint() -> str:
    digest = hashlib.sha256()
    for name in _CODE:
        digest.update(name.encode())
        digest.update((_REPO / name).read_bytes())
    return digest.hexdigest()[:16]


FAILURES_KEPT = 200  # worst failing rows a StoredSuiteResult carries (the asset check lists them)


@dataclass
class StoredSuiteResult:
    """A suite's verdict over the whole warehouse, read back from the `quality` tables.

    `failures` holds the worst failing rows only (at most FAILURES_KEPT); `failing`, every
    failing (report_id, scope), is read from the warehouse when asked for.
    """

    name: str
    failures: pd.DataFrame  # FAILURE_COLUMNS, worst (largest |lhs − rhs|) first
    disagreements: set[tuple[str, str]]  # rows pandas and GX judge differently (should be empty)
    source: Path
    rechecked: int
    _counts: dict[str, int]

    @property
    def spec(self):
        return IDENTITY_SPECS[self.name]

    @property
    def severity(self) -> str:
        return self.spec.severity

    @property
    def success(self) -> bool:
        return self._counts["failing_rows"] == 0

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    @property
    def failing(self) -> set[tuple[str, str]]:

        with connect(self.source, read_only=True) as con:
            rows = con.execute(f"select report_id, scope from {STATE_SCHEMA}.gx_failures where suite = ? and gx_failing",
                               [self.name]).fetchall()
        return {(str(r), str(s)) for r, s in rows}


@dataclass
class WarehouseCheck:
    results: dict[str, StoredSuiteResult]
    # per identity of fct_identity_checks: failing (report_id, scope) only GX finds, only the mart has
    agreement: dict[str, dict[str, list[tuple[str, str]]]]
    reports: int
    rechecked: int
    partitions: int


def check_warehouse(path: Path | str, names: Iterable[str] = SUITE_NAMES, *, full: bool = False,
                    partition_reports: int = PARTITION_REPORTS, jobs: int = 0,
                    log: Callable[[str], None] = lambda _: None) -> WarehouseCheck:
    """Run the suites over the reports that need it and return the verdicts over all reports.

    Three phases, so that partitions can be checked on every core: (1) which reports need
    checking (a short write: the state tables); (2) the partitions, each in a worker with its
    own read-only connection; (3) one transaction replacing those reports' stored verdicts.
    The caller holds the warehouse's lock (warehouse.store.warehouse_lock) throughout.
    """

    path = Path(path)
    names = list(names)
    fingerprint = code_fingerprint()
    with connect(path) as con:
        if full or _open_state(con) != fingerprint:
            for table in _STATE_TABLES:
                con.execute(f"delete from {STATE_SCHEMA}.{table}")
        ((reports,),) = con.execute("select count(*) from marts.dim_report").fetchall()
        todo = _to_recheck(con)
    partitions = _partitions(todo, partition_reports)
    log(f"{reports} reports: {len(todo)} to check in {len(partitions)} partition(s)")

    counts, failures = [], []
    with tempfile.TemporaryDirectory(prefix="gongkai-gx-") as out:
        for number, (part_counts, part_failures) in enumerate(
                _map_partitions(str(path), names, partitions, jobs, out), 1):
            counts.append(part_counts)
            failures.append(part_failures)
            log(f"partition {number}/{len(partitions)}: {len(partitions[number - 1])} reports checked")
        with connect(path) as con:
            _store(con, todo, counts, failures, fingerprint=fingerprint)
            results = {name: _read_back(con, path, name, len(todo)) for name in names}
            agreement = _agreement(con, [n for n in names if IDENTITY_SPECS[n].in_identity_mart])
    return WarehouseCheck(results, agreement, reports, len(todo), len(partitions))


def remember_verdicts(path: Path | str, results: dict[str, SuiteResult], marts: Marts,
                      log: Callable[[str], None] = lambda _: None) -> int:
    """Keep the verdicts of a GX run over `marts` (read from the warehouse at `path`) as if
    `check_warehouse` had checked those reports; returns how many reports were kept.

    Only reports whose whole body (agency) is in `marts` are kept, since the cross-year
    identities pair a report with its body's other reports; and only when the stored state is
    of these suites' code. The caller holds the warehouse's write lock.
    """

    path = Path(path)
    fingerprint = code_fingerprint()
    with connect(path) as con:
        if _open_state(con) != fingerprint:
            log("GX verdicts not kept: the stored ones are of other suites' code (the checks re-check all)")
            return 0
        selected = marts.reports[["report_id", "agency"]].astype(object)
        con.register("gx_selected", selected)
        incomplete = {a for (a,) in con.execute(
            """with picked as (select agency, count(*) as n from gx_selected where agency is not null group by agency),
                    whole as (select agency, count(*) as n from marts.dim_report
                              where agency in (select agency from picked) group by agency)
               select agency from whole join picked using (agency) where whole.n <> picked.n""").fetchall()}
        con.unregister("gx_selected")
        kept = selected[~selected["agency"].isin(incomplete)].reset_index(drop=True)
        ids = set(kept["report_id"])
        part_counts, part_failures = _compact({name: _restricted(result, ids) for name, result in results.items()})
        with tempfile.TemporaryDirectory(prefix="gongkai-gx-") as out:
            counts_file, failures_file = _verdict_files([part_counts], [part_failures], out)
            _store(con, kept, [counts_file], [failures_file])
    log(f"GX verdicts kept for {len(kept)} of {len(selected)} reports (whole bodies)")
    return len(kept)


def _open_state(con) -> str | None:
    """Create the state tables if need be; the fingerprint of the code the stored state is of."""
    for statement in _DDL:
        con.execute(statement)
    stored = con.execute(f"select fingerprint from {STATE_SCHEMA}.gx_state").fetchall()
    return stored[0][0] if stored else None


def _store(con, todo: pd.DataFrame, counts: list[str | None], failures: list[str | None], *,
           fingerprint: str | None = None) -> None:
    """Replace the stored verdicts of `todo`'s reports (and drop reports gone from dim_report) in
    one transaction, from the partitions' Parquet files; with `fingerprint`, record it as the
    code the whole state is of."""
    now = datetime.now(UTC).replace(tzinfo=None)
    con.execute("begin transaction")
    try:
        con.register("gx_recheck", pd.DataFrame({"report_id": todo["report_id"].astype(object)}))
        con.execute(f"""create or replace temp table gx_drop as
            select report_id from {STATE_SCHEMA}.gx_reports
            where report_id in (select report_id from gx_recheck)
               or report_id not in (select report_id from marts.dim_report)""")
        for table in ("gx_reports", "gx_counts", "gx_failures"):
            con.execute(f"delete from {STATE_SCHEMA}.{table} where report_id in (select report_id from gx_drop)")
        con.unregister("gx_recheck")
        for table, files in (("gx_counts", counts), ("gx_failures", failures)):
            files = [f for f in files if f is not None]
            if files:
                con.execute(f"insert into {STATE_SCHEMA}.{table} by name select * from read_parquet(?)", [files])
        if len(todo):
            con.register("gx_done", todo[["report_id", "agency"]].astype(object).assign(checked_at=now))
            con.execute(f"insert into {STATE_SCHEMA}.gx_reports select report_id, agency, checked_at from gx_done")
            con.unregister("gx_done")
        if fingerprint is not None:
            con.execute(f"delete from {STATE_SCHEMA}.gx_state")
            con.execute(f"insert into {STATE_SCHEMA}.gx_state values (?, ?)", [fingerprint, now])
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _restricted(result: SuiteResult, ids: set[str]) -> SuiteResult:
    frame = result.frame[result.frame["report_id"].astype(object).isin(ids)].reset_index(drop=True)
    failing = {key for key in result.failing if key[0] in ids}
    return SuiteResult(result.name, result.spec, frame, failing, not failing, result.validation)


# ---- phase 2: partitions, on every core ---------------------------------------------------

_RUNNER: SuiteRunner | None = None  # one GX context per worker process, made on its first partition


def _check_partition(task: tuple[str, list[str], list[str], str]) -> tuple[str | None, str | None]:
    """Check one partition over its own read-only connection; its per-report counts and failing
    rows go to Parquet files in the folder named by the task (their paths are returned), so that
    the parent holds no partition's rows until `_store` reads them all at once."""
    global _RUNNER

    path, names, ids, out = task
    with connect(Path(path), read_only=True) as con:
        marts = load_marts_from(con, report_ids=ids, with_identity_checks=False)
    if _RUNNER is None:
        _RUNNER = SuiteRunner()
    counts, failures = [], []
    for name in names:  # one suite's frame and GX result in memory at a time
        part_counts, part_failures = _compact(_RUNNER.run([name], marts))
        counts.append(part_counts)
        failures.append(part_failures)
    return _verdict_files(counts, failures, out)


def _verdict_files(counts: list, failures: list, folder: str) -> tuple[str | None, str | None]:
    """Parquet files (None when empty) of per-report counts and failing rows, for `_store`."""
    return _to_parquet(counts, _COUNTS_SCHEMA, folder), _to_parquet(failures, _FAILURES_SCHEMA, folder)


def _to_parquet(parts: list, schema, folder: str) -> str | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    parts = [p for p in parts if p is not None and len(p)]
    if not parts:
        return None
    table = pa.Table.from_pandas(pd.concat(parts, ignore_index=True), schema=schema, preserve_index=False)
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".parquet", delete=False) as file:
        pq.write_table(table, file)
    return file.name


def _map_partitions(path: str, names: list[str], partitions: list[list[str]], jobs: int, out: str):

    tasks = [(path, names, ids, out) for ids in partitions]
    jobs = min(default_jobs(jobs), len(tasks))
    if jobs <= 1:
        yield from map(_check_partition, tasks)
        return
    import multiprocessing

    # Workers come from a fresh forkserver process with GX imported, not forks of this one:
    # after parsing and loading, this process is large, and a fork's resident pages count in
    # every worker's RSS (2.6 GB summed at 100,000 reports against 1.8 GB PSS).
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(CHECK_MODULES))
    pool = context.Pool(jobs, initializer=_worker_init, maxtasksperchild=4)
    try:
        yield from pool.imap(_check_partition, tasks)
        pool.close()
    finally:
        pool.terminate()
        pool.join()


def _worker_init() -> None:
    """Default signals in workers (not a parent's Dagster handlers), no warehouse locks held."""


    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for held in list(getattr(store, "_held", {}).values()):
        held.handle.close()  # this process's copy only: the parent keeps its flock
    getattr(store, "_held", {}).clear()


def _to_recheck(con) -> pd.DataFrame:
    """report_id, agency of every report not checked yet and of every report of its body."""
    return con.execute(f"""
        with unchecked as (
            select report_id, agency from marts.dim_report as d
            where not exists (select 1 from {STATE_SCHEMA}.gx_reports as g where g.report_id = d.report_id)
        )
        select report_id, agency from marts.dim_report
        where report_id in (select report_id from unchecked)
           or agency in (select agency from unchecked where agency is not null)
        order by report_id""").df()


def _partitions(todo: pd.DataFrame, size: int) -> list[list[str]]:
    """Lists of report ids, whole bodies together, about `size` reports each."""
    out: list[list[str]] = []
    current: list[str] = []
    groups = todo.groupby(todo["agency"].astype(object).fillna("\x00"), sort=True)["report_id"]
    for agency, ids in groups:
        members = list(ids) if agency != "\x00" else None
        for chunk in ([members] if members is not None else [[r] for r in ids]):
            if current and len(current) + len(chunk) > size:
                out.append(current)
                current = []
            current.extend(chunk)
    if current:
        out.append(current)
    return out


def _schema(*fields):
    import pyarrow as pa

    return pa.schema([(name, getattr(pa, kind)()) for name, kind in fields])


_COUNTS_SCHEMA = _schema(("suite", "string"), ("report_id", "string"), ("rows_checked", "int64"),
                         ("passing_rows", "int64"), ("undecidable_rows", "int64"))
_FAILURES_SCHEMA = _schema(("suite", "string"), ("report_id", "string"), ("scope", "string"), ("agency", "string"),
                           ("year", "int32"), ("identity", "string"), ("lhs", "float64"), ("rhs", "float64"),
                           ("severity", "string"), ("detail", "string"), ("gx_failing", "bool_"),
                           ("pandas_failing", "bool_"))


def _compact(results: dict[str, SuiteResult]) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """What is kept of a partition's results: per suite and report the counts, and the failing rows."""
    counts, failures = [], []
    for name, result in results.items():
        frame = result.frame
        if not len(frame):
            continue
        status = frame["status"].astype(object)
        per_report = pd.DataFrame({"report_id": frame["report_id"].astype(object),
                                   "passing": (status == "pass").to_numpy(),
                                   "undecidable": (status == "undecidable").to_numpy()})
        grouped = per_report.groupby("report_id")
        counts.append(pd.DataFrame({
            "suite": name,
            "report_id": grouped.size().index.astype(object),
            "rows_checked": grouped.size().to_numpy(dtype="int64"),
            "passing_rows": grouped["passing"].sum().to_numpy(dtype="int64"),
            "undecidable_rows": grouped["undecidable"].sum().to_numpy(dtype="int64"),
        }))
        if result.failing:
            keys = pd.MultiIndex.from_arrays([frame["report_id"].astype(str), frame["scope"].astype(str)])
            gx = pd.Series(keys.isin(list(result.failing)), index=frame.index)
        else:
            gx = pd.Series(False, index=frame.index)
        pandas_fail = pd.Series((status == "fail").to_numpy(), index=frame.index)
        rows = frame[gx | pandas_fail]
        if len(rows):
            failures.append(pd.DataFrame({
                "suite": name,
                "report_id": rows["report_id"].astype(object),
                "scope": rows["scope"].astype(object),
                "agency": rows["agency"].astype(object),
                "year": pd.to_numeric(rows["year"], errors="coerce").astype("Int64"),
                "identity": rows["identity"].astype(object),
                "lhs": pd.to_numeric(rows["lhs"], errors="coerce").astype("Float64"),
                "rhs": pd.to_numeric(rows["rhs"], errors="coerce").astype("Float64"),
                "severity": rows["severity"].astype(object),
                "detail": rows["detail"].astype(object) if "detail" in rows else None,
                "gx_failing": gx[rows.index].to_numpy(),
                "pandas_failing": pandas_fail[rows.index].to_numpy(),
            }))
    return (pd.concat(counts, ignore_index=True) if counts else None,
            pd.concat(failures, ignore_index=True) if failures else None)


def _read_back(con, path: Path, name: str, rechecked: int) -> StoredSuiteResult:
    reports, rows, passing, undecidable = con.execute(
        f"""select count(*), coalesce(sum(rows_checked), 0), coalesce(sum(passing_rows), 0),
                   coalesce(sum(undecidable_rows), 0)
            from {STATE_SCHEMA}.gx_counts where suite = ?""", [name]).fetchall()[0]
    failing_rows, failing_reports = con.execute(
        f"""select count(distinct (report_id, scope)), count(distinct report_id)
            from {STATE_SCHEMA}.gx_failures where suite = ? and gx_failing""", [name]).fetchall()[0]
    # Worst first as SuiteResult.failures orders them: a NULL side counts as the largest gap.
    worst = con.execute(
        f"""select {", ".join(FAILURE_COLUMNS)} from {STATE_SCHEMA}.gx_failures
            where suite = ? and gx_failing
            order by coalesce(abs(lhs - rhs), 'infinity'::double) desc, agency, year, scope, report_id
            limit {FAILURES_KEPT}""", [name]).df()
    disagreements = {(str(r), str(s)) for r, s in con.execute(
        f"select report_id, scope from {STATE_SCHEMA}.gx_failures where suite = ? and gx_failing <> pandas_failing",
        [name]).fetchall()}
    counts = {
        "reports_checked": int(reports),
        "rows_checked": int(rows),
        "failing_rows": int(failing_rows),
        "failing_reports": int(failing_reports),
        "passing_rows": int(passing),
        "undecidable_rows": int(undecidable),
    }
    return StoredSuiteResult(name, worst, disagreements, path, rechecked, counts)


def _agreement(con, names: list[str]) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """Per identity, the failing (report_id, scope) GX found but fct_identity_checks has not, and
    the other way round (two implementations of the same identities: both lists should be empty)."""
    out = {name: {"only_in_expectations": [], "only_in_mart": []} for name in names}
    if not names:
        return out
    con.register("gx_names", pd.DataFrame({"identity": pd.Series(names, dtype=object)}))
    rows = con.execute(f"""
        with gx as (
            select suite as identity, report_id, scope from {STATE_SCHEMA}.gx_failures
            where gx_failing and suite in (select identity from gx_names)
        ), mart as (
            select identity, report_id, scope from marts.fct_identity_checks
            where status = 'fail' and identity in (select identity from gx_names)
        )
        select 'only_in_expectations', * from (select * from gx except select * from mart)
        union all
        select 'only_in_mart', * from (select * from mart except select * from gx)
        order by 1, 2, 3, 4""").fetchall()
    con.unregister("gx_names")
    for side, identity, report_id, scope in rows:
        out[identity][side].append((str(report_id), str(scope)))
    return out
