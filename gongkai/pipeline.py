"""`gongkai run`: materialize the Dagster definitions in-process and summarise the warehouse."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warehouse.settings import WAREHOUSE_ENV, Settings
from warehouse.store import connect_for_query, warehouse_lock

LAUNCHED_BY_TAG = "gongkai/launched_by"
INSTANCE_TEMPLATE = Path(__file__).resolve().parents[1] / "orchestration" / "dagster.yaml"


@dataclass(frozen=True)
class WarehouseSummary:
    warehouse: Path
    reports: int
    current_reports: int
    cells: int
    identities_pass: int
    identities_fail: int
    identities_undecidable: int
    quarantined: int

    def lines(self) -> list[str]:
        return [
            f"reports:    {self.reports} ({self.current_reports} current)",
            f"cells:      {self.cells}",
            f"identities: {self.identities_pass} pass, {self.identities_fail} fail, "
            f"{self.identities_undecidable} undecidable",
            f"quarantine: {self.quarantined}",
            f"warehouse:  {self.warehouse}",
        ]


def prepare_dagster_home(settings: Settings) -> None:
    """Give settings.dagster_home the project's instance settings (the run opens its instance there)."""
    settings.dagster_home.mkdir(parents=True, exist_ok=True)
    instance_yaml = settings.dagster_home / "dagster.yaml"
    if not instance_yaml.exists():
        shutil.copyfile(INSTANCE_TEMPLATE, instance_yaml)


def ensure_dbt_manifest(settings: Settings) -> None:
    """dagster-dbt reads target/manifest.json when the definitions are built; write it if absent."""
    project_dir = settings.dbt_project_dir
    if (project_dir / "target" / "manifest.json").exists():
        return
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, WAREHOUSE_ENV: str(settings.warehouse)}
    subprocess.run(
        [str(dbt if dbt.exists() else "dbt"), "parse", "--quiet", "--project-dir", str(project_dir),
         "--profiles-dir", str(project_dir)],
        check=True,
        env=env,
    )


def run_pipeline(settings: Settings, input_dir: Path, log_level: str = "INFO", progress: bool = False):
    """Execute warehouse_job of the project's Definitions in this process.

    progress: a bar on stderr over the job's assets and checks (only when stderr is a terminal).
    """
    from dagster import DagsterInstance

    from orchestration.definitions import WAREHOUSE_JOB, build_definitions
    from warehouse.progress import RunProgress

    prepare_dagster_home(settings)
    ensure_dbt_manifest(settings)
    defs = build_definitions(settings, input_dir=input_dir)
    job = defs.resolve_job_def(WAREHOUSE_JOB)
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    with _one_cli_run_at_a_time(settings.dagster_home), DagsterInstance.from_config(str(settings.dagster_home)) as instance:
        _release_abandoned_cli_runs(instance)
        run_id = str(uuid.uuid4())  # as Dagster makes run ids
        bar = None
        if progress:
            asset_layer = job.asset_layer
            bar = RunProgress(len(asset_layer.selected_asset_keys) + len(asset_layer.asset_graph.asset_check_keys),
                              show=True)
            instance.add_event_listener(run_id, bar)
        try:
            with _sigterm_kept():
                return job.execute_in_process(
                    run_config=run_config, instance=instance, raise_on_error=False, tags={LAUNCHED_BY_TAG: "cli"},
                    run_id=run_id,
                )
        finally:
            if bar is not None:
                bar.close()


@contextlib.contextmanager
def _sigterm_kept():
    """Dagster's interrupt capture ends by giving SIGTERM the SIGINT handler it found (k8s style).
    A process started in the background has SIGINT ignored, so SIGTERM came out ignored too, for
    this process and every worker it forks later: `Pool.terminate()` then hangs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.getsignal(signal.SIGTERM)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


@contextlib.contextmanager
def _one_cli_run_at_a_time(dagster_home: Path):
    with (dagster_home / "gongkai-run.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("gongkai run: waiting for another `gongkai run` to finish", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _release_abandoned_cli_runs(instance) -> None:
    """Fail CLI runs whose process died, freeing their duckdb_write pool slot.

    Called while holding the CLI lock, so no other CLI run is alive: a CLI run still
    marked in progress was killed, and its claimed slot would block every later run.
    """
    from dagster import DagsterRunStatus, RunsFilter

    in_progress = [DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
    for run in instance.get_runs(RunsFilter(statuses=in_progress, tags={LAUNCHED_BY_TAG: "cli"})):
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        instance.report_run_failed(run, "abandoned: the `gongkai run` process ended before the run finished")


def run_quietly(settings: Settings, input_dir: Path, progress: bool = False):
    """run_pipeline with dbt's progress lines sent to a log file under settings.reports_dir."""
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.reports_dir / f"run-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.log"
    with log_path.open("w", encoding="utf-8") as log, contextlib.redirect_stdout(log):
        result = run_pipeline(settings, input_dir, log_level="WARNING", progress=progress)
    return result, log_path


def run_report_of(result, settings: Settings) -> Path:
    """The HTML run report of `result`: the one its run_report asset wrote, else one written now.

    Written now (with a warning in it) when the run_report step did not run, e.g. after an
    upstream failure; raises when the warehouse has no marts to report on.
    """
    from orchestration.run_report_asset import RUN_REPORT, RUN_REPORT_PATH
    from warehouse.run_report import write_run_report

    for event in result.get_asset_materialization_events():
        if event.asset_key.to_user_string() == RUN_REPORT:
            value = event.materialization.metadata.get(RUN_REPORT_PATH)
            if value is not None:
                return Path(value.value)
    return write_run_report(
        settings.warehouse, settings.reports_dir, run_id=result.run_id,
        note="This run did not finish (see the errors printed by `gongkai run`): the figures are the "
             "warehouse's contents after it, possibly from an earlier run.",
    )


def summarise(warehouse: Path) -> WarehouseSummary:
    # Shared lock: waits for another run's raw load or dbt build on the same file to end.
    with warehouse_lock(warehouse, shared=True), connect_for_query(warehouse) as con:
        reports, current = con.execute("select count(*), count(*) filter (where is_current) from dim_report").fetchone()
        cells = con.execute(
            "select (select count(*) from fct_proactive_disclosure)"
            " + (select count(*) from fct_applications)"
            " + (select count(*) from fct_review_litigation)"
        ).fetchone()[0]
        by_status = dict(con.execute("select status, count(*) from fct_identity_checks group by status").fetchall())
        quarantined = con.execute("select count(*) from quarantine").fetchone()[0]
    return WarehouseSummary(
        warehouse=warehouse,
        reports=reports,
        current_reports=current,
        cells=cells,
        identities_pass=by_status.get("pass", 0),
        identities_fail=by_status.get("fail", 0),
        identities_undecidable=by_status.get("undecidable", 0),
        quarantined=quarantined,
    )
