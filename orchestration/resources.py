"""Dagster resources: where the pipeline reads reports from and writes the warehouse to, and dbt."""

import os
import threading
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the folder of report files to ingest into it."""

    warehouse_path: str
    input_dir: str

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def inputs(self) -> Path:
        return Path(self.input_dir)


class WarehouseDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two start-up costs this project never uses (~3.5 s per build),
    and with what an in-process dbt build imports preloaded on a thread when the run starts
    (orchestration.dbt_in_process: ~0.3 s, overlapped with the raw step).

    * `dbt --version` in a subprocess to learn the dbt version: read from the installed
      dbt-core instead (the project pins it; the Fusion engine is not used);
    * a dbt adapter built in this process before dbt starts: dagster-dbt needs it only to
      fetch row counts or column metadata, which the assets do not ask for.
    """

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        super().setup_for_execution(context)
        _preload_dbt()

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


_preloading: threading.Thread | None = None


def _preload_dbt() -> None:
    global _preloading
    from orchestration.dbt_in_process import preload

    if _preloading is None:
        # A fork while the thread imports could leave a child an import lock held by nobody.
        os.register_at_fork(before=_preloaded)
        _preloading = threading.Thread(target=preload, name="preload-dbt", daemon=True)
        _preloading.start()


def _preloaded() -> None:
    if _preloading is not None and _preloading is not threading.current_thread():
        _preloading.join()
