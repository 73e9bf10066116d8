"""dbt layer: staging and marts built with `dbt build`, its tests surfacing as asset checks.

No `from __future__ import annotations` in asset modules: Dagster inspects real annotations.
"""

import json
import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import dagster as dg
from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource
from warehouse.store import warehouse_lock

WAREHOUSE_VAR = "warehouse"  # profiles.yml: the DuckDB file, from --vars (else $GONGKAI_WAREHOUSE)


def dbt_vars(warehouse: Path) -> str:
    """--vars of the pipeline's build: the warehouse file (profiles.yml reads it), and tests of the
    per-cell relations over the reports loaded since the last complete build (macros/tested_through.sql)."""
    return json.dumps({WAREHOUSE_VAR: str(warehouse), "test_new_reports_only": True})
PARTIAL_PARSE = "partial_parse.msgpack"


def partial_parse_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".dbt-partial-parse.msgpack")


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
def _checks_preloaded() -> Iterator[None]:
    """Import the GX checks' libraries on a thread while dbt runs in its subprocess.

    The checks run next in this process (the in-process executor) and would wait ~2 s for the
    import. Joined before the step ends, so no import is under way when a later step forks.
    """
    from expectations import preload

    thread = threading.Thread(target=preload, name="preload-gx-checks", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()


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
        # warehouse_lock: a run of another Dagster instance (or a `gongkai run` with another
        # DAGSTER_HOME) on the same file waits for this build instead of failing on DuckDB's lock.
        with warehouse_lock(warehouse.warehouse), TemporaryDirectory(prefix="gongkai-dbt-") as target, \
                _checks_preloaded():
            # dbt re-parses the project when the profile (the warehouse path) or the vars differ
            # from target/'s: keep its partial-parse state per warehouse, beside the file.
            saved = partial_parse_path(warehouse.warehouse)
            if saved.exists():
                shutil.copyfile(saved, Path(target) / PARTIAL_PARSE)
            # No manifest.json / run_results.json: nothing reads them from this throwaway target.
            yield from dbt.cli(["build", "--no-write-json", "--vars", dbt_vars(warehouse.warehouse)], context=context,
                               target_path=Path(target)).stream()
            if (Path(target) / PARTIAL_PARSE).exists():
                shutil.copyfile(Path(target) / PARTIAL_PARSE, saved)

    return warehouse_dbt_models
