"""dbt layer: staging and marts built with `dbt build`, its tests surfacing as asset checks.

No `from __future__ import annotations` in asset modules: Dagster inspects real annotations.
"""

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from gongkai.settings import WAREHOUSE_ENV
from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource


class LayeredTranslator(DagsterDbtTranslator):
    """Groups dbt models by their layer folder (staging, marts)."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        fqn = dbt_resource_props.get("fqn", [])
        if dbt_resource_props.get("resource_type") == "model" and len(fqn) > 2:
            return fqn[1]
        return super().get_group_name(dbt_resource_props)


def dbt_project(project_dir: Path) -> DbtProject:
    return DbtProject(project_dir=project_dir, profiles_dir=project_dir)


@contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    # profiles.yml reads the warehouse path from the environment, which dbt inherits.
    previous = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def build_dbt_assets(project: DbtProject) -> dg.AssetsDefinition:
    """Needs the project's target/manifest.json (written by `dbt parse`)."""

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=LayeredTranslator(),
        pool=DUCKDB_WRITE_POOL,
    )
    def warehouse_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
        # A throwaway target folder: dagster-dbt would otherwise leave one per run in target/.
        with _environment(WAREHOUSE_ENV, str(warehouse.warehouse)), TemporaryDirectory(prefix="gongkai-dbt-") as target:
            yield from dbt.cli(["build"], context=context, target_path=Path(target)).stream()

    return warehouse_dbt_models
