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
from orchestration.raw_assets import load_raw_tables, load_raw_tables_on_dask
from orchestration.publish_assets import build_release_asset, build_snapshot_asset
from orchestration.resources import ConverterResource, WarehouseDbtCliResource, WarehouseResource
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
        selection=dg.AssetSelection.all(),
        description="Parse every report file, load raw.*, build and test staging and marts, "
                    "publish the release and the readers' snapshot.",
        # One step at a time in one process: DuckDB takes a single writer.
        executor_def=dg.in_process_executor,
    )
    # The parse work on Dask workers (GONGKAI_DASK_SCHEDULER / GONGKAI_DASK_WORKERS); loaded here either way.
    raw = load_raw_tables_on_dask if settings.on_dask else load_raw_tables
    return dg.Definitions(
        assets=[raw, dbt_models, build_gx_data_docs(settings.data_docs_dir),
                build_run_report_asset(settings.reports_dir),
                build_release_asset(settings.release_dir, settings.dbt_project_dir / "models" / "marts"),
                build_snapshot_asset()],
        asset_checks=[gx_identity_checks],
        jobs=[warehouse_job],
        # On by default under `dagster dev`: new files in the inbox, and a daily scan of it.
        sensors=[build_inbox_sensor(settings.inbox_dir, WAREHOUSE_JOB, settings.own_paths())],
        schedules=[build_daily_schedule(settings.inbox_dir, WAREHOUSE_JOB)],
        resources={
            "warehouse": WarehouseResource(
                warehouse_path=str(settings.warehouse),
                input_dir=str(input_dir),
                progress=settings.progress,
                load_pause_after_batches=settings.load_pause_after_batches,
                own_paths=[str(p) for p in settings.own_paths()],
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
