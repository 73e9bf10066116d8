"""Dagster resources: where the pipeline reads reports from and writes the warehouse to, and dbt."""

from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version

from gongkai.settings import warehouse_files


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file and the folder of report files to ingest into it."""

    warehouse_path: str
    input_dir: str
    progress: bool = False  # a bar over the raw load (gongkai.settings.Settings.progress)
    load_pause_after_batches: int | None = None  # the crash tests' hook (Settings.load_pause_after_batches)
    # gongkai's own files and folders (Settings.own_paths), never read as reports; the
    # warehouse file and its companions are left out whether listed or not
    own_paths: list[str] = []

    @property
    def warehouse(self) -> Path:
        return Path(self.warehouse_path)

    @property
    def inputs(self) -> Path:
        return Path(self.input_dir)

    @property
    def not_reports(self) -> list[Path]:
        return [*warehouse_files(self.warehouse), *map(Path, self.own_paths)]


class WarehouseDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two start-up costs this project never uses (~3.5 s per build).

    * `dbt --version` in a subprocess to learn the dbt version: read from the installed
      dbt-core instead (the project pins it; the Fusion engine is not used);
    * a dbt adapter built in this process before dbt starts: dagster-dbt needs it only to
      fetch row counts or column metadata, which the assets do not ask for.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None
