"""The project's one Dagster code location: raw load, then dbt staging and marts, their checks,
and what a run publishes (the open-data release, the readers' snapshot).

`defs` is built at import without touching the warehouse or running dbt; the dbt
manifest (dbt_project/target/manifest.json) must exist: `make run` / `make test` write it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg

from orchestration.dbt_assets import build_dbt_assets, dbt_project
from orchestration.identity_checks import build_gx_data_docs, gx_identity_checks
from orchestration.dbt_cli_adapter import WarehouseDbtCliResource
from orchestration.letters_asset import (
    CORRECTION_LETTERS,
    build_letters_asset,
    build_letters_job,
    build_letters_schedule,
)
from orchestration.missing_reports_check import missing_reports_check
from orchestration.publish_assets import build_release_asset, build_snapshot_asset
from orchestration.raw_assets import load_raw_tables, load_raw_tables_on_dask, load_review_decisions, ocr_pages
from orchestration.resources import ConverterResource, WarehouseResource
from orchestration.run_report_asset import build_run_report_asset
from orchestration.sensors import build_daily_schedule, build_inbox_sensor
from warehouse.settings import Settings

WAREHOUSE_JOB = "warehouse_job"


def build_definitions(settings: Settings | None = None, input_dir: Path | None = None) -> dg.Definitions:
    """Definitions reading reports from `input_dir` (default: settings.samples_dir) into settings.warehouse."""
    settings = settings or Settings.from_env()
    input_dir = Path(input_dir or settings.samples_dir).absolute()
    project = dbt_project(settings.dbt_project_dir)
    dbt_models = build_dbt_assets(project)
    warehouse_job = dg.define_asset_job(
        WAREHOUSE_JOB,
        # the correction letters are letters_job's (on their own schedule), not every run's
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(CORRECTION_LETTERS),
        description="Parse every report file, load raw.*, build and test staging and marts, "
                    "publish the release and the readers' snapshot.",
        # One step at a time in one process: DuckDB takes a single writer.
        executor_def=dg.in_process_executor,
    )
    # The parse work on Dask workers (GONGKAI_DASK_SCHEDULER / GONGKAI_DASK_WORKERS); loaded here either way.
    raw = load_raw_tables_on_dask if settings.on_dask else load_raw_tables
    return dg.Definitions(
        assets=[ocr_pages, raw, load_review_decisions, dbt_models,
                build_gx_data_docs(settings.data_docs_dir), build_run_report_asset(settings.reports_dir),
                build_release_asset(settings.release_dir, settings.dbt_project_dir / "models" / "marts"),
                build_snapshot_asset(), build_letters_asset(settings.letters_dir)],
        asset_checks=[gx_identity_checks, missing_reports_check],
        jobs=[warehouse_job, build_letters_job()],
        # On by default under `dagster dev`: new files in the inbox, and a daily scan of it.
        sensors=[build_inbox_sensor(settings.inbox_dir, WAREHOUSE_JOB, settings.own_paths())],
        schedules=[build_daily_schedule(settings.inbox_dir, WAREHOUSE_JOB), build_letters_schedule()],
        resources={
            "warehouse": WarehouseResource(
                warehouse_path=str(settings.warehouse),
                input_dir=str(input_dir),
                progress=settings.progress,
                load_pause_after_batches=settings.load_pause_after_batches,
                files_per_batch=settings.files_per_batch,
                child_load_files=settings.child_load_files,
                own_paths=[str(p) for p in settings.own_paths()],
                decisions_file=str(settings.decisions_file),
            ),
            "dbt": WarehouseDbtCliResource(project_dir=project, dbt_executable=_dbt_executable()),
            "converter": ConverterResource(),
            **({"dask": dask_cluster(settings)} if settings.on_dask else {}),
        },
    )


def dask_cluster(settings: Settings) -> dg.ResourceDefinition:
    """dagster-dask's Dask client: to the scheduler of settings.dask_scheduler, else on a LocalCluster
    of settings.dask_workers single-threaded worker processes started for the run."""
    from dagster_dask import dask_resource

    if settings.dask_scheduler:
        return dask_resource.configured({"client": {"address": settings.dask_scheduler, "timeout": 30}})
    return dask_resource.configured({"cluster": {"local": {
        "n_workers": settings.dask_workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}}})


def _dbt_executable() -> str:
    # The venv's dbt, also when the venv is not activated (PATH without .venv/bin).
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else "dbt"


defs = build_definitions()
