"""Dagster resources: where the pipeline reads reports from and writes the warehouse to."""

from pathlib import Path

import dagster as dg


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
