"""What a run publishes, last: the open-data release (warehouse/release.py) and the readers'
snapshot of the warehouse (warehouse/snapshot.py), so the inbox sensor and the daily schedule
publish both.

They run after the marts and after their checks: they depend on every mart and on the other
reporting assets, and have the lowest step priorities of the job, so the in-process executor
starts them only when nothing else (the asset checks among them) is left to run. A failed
step upstream skips them: readers keep the last successful run's state.

No `from __future__ import annotations`: Dagster inspects real annotations.
"""

from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from expectations.specs import identity_descriptions
from orchestration.identity_checks import GX_DATA_DOCS, MART_KEYS, mart_key
from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource
from orchestration.run_report_asset import REPORTING_GROUP, RUN_REPORT
from warehouse.release import export_release
from warehouse.snapshot import publish_snapshot
from warehouse.store import connect

RELEASE = "release"
SNAPSHOT = "warehouse_snapshot"
PUBLISHED_PATH = "path"  # metadata key of the release folder and of the snapshot file
# After every other step of the run (Dagster runs the ready step of highest priority first):
# the release, then the snapshot.
RELEASE_PRIORITY = {"dagster/priority": "-10"}
SNAPSHOT_PRIORITY = {"dagster/priority": "-20"}
PUBLIC_MARTS = [*MART_KEYS, mart_key("quarantine"), mart_key("dim_agency"), mart_key("fct_agency_years")]
AFTER = [*PUBLIC_MARTS, dg.AssetKey(GX_DATA_DOCS), dg.AssetKey(RUN_REPORT)]


def build_release_asset(release_dir: Path, models_dir: Path) -> dg.AssetsDefinition:
    """The `release` asset, writing the release into `release_dir` from the dbt YAML under `models_dir`."""
    release_dir, models_dir = Path(release_dir), Path(models_dir)

    @dg.asset(
        name=RELEASE,
        deps=AFTER,
        group_name=REPORTING_GROUP,
        kinds={"parquet", "csv"},
        pool=DUCKDB_WRITE_POOL,  # reads only, but DuckDB refuses readers while another process writes
        op_tags=RELEASE_PRIORITY,
        description=f"Open-data release of the public marts in {release_dir}: Parquet (zstd, facts by report year), "
                    "CSV (UTF-8 with BOM), Frictionless datapackage.json from the dbt YAML, data dictionary, "
                    "README, CHECKSUMS. Written aside and renamed into place.",
    )
    def release(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        written = export_release(warehouse.warehouse, release_dir, models_dir, identities=identity_descriptions(),
                                 source=f"Dagster run {context.run.run_id}")
        context.log.info(f"release: {written.path} ({len(written.files)} files, {written.bytes} bytes)")
        return dg.MaterializeResult(metadata={
            PUBLISHED_PATH: dg.MetadataValue.path(str(written.path)),
            "files": len(written.files),
            "bytes": written.bytes,
            "rows": dg.MetadataValue.json({t.name: t.rows for t in written.tables}),
        })

    return release


def build_snapshot_asset() -> dg.AssetsDefinition:
    """The `warehouse_snapshot` asset: the read-only copy that `gongkai query` and DuckDB clients open."""

    @dg.asset(
        name=SNAPSHOT,
        deps=AFTER,  # not the release: a release that fails still lets readers have the new state
        group_name=REPORTING_GROUP,
        kinds={"duckdb"},
        pool=DUCKDB_WRITE_POOL,
        op_tags=SNAPSHOT_PRIORITY,
        description="Read-only copy of the warehouse after the run (<warehouse>.snapshot/<name>), renamed over the "
                    "previous one: `gongkai query` and any DuckDB client read it while the next run writes.",
    )
    def warehouse_snapshot(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        path = publish_snapshot(warehouse.warehouse)
        # Read from the snapshot, not the warehouse: nothing here waits for a writer.
        with connect(path, read_only=True) as con:
            rows = dict(con.execute(
                "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts' order by 1"
            ).fetchall())
        context.log.info(f"snapshot: {path}")
        return dg.MaterializeResult(metadata={
            PUBLISHED_PATH: dg.MetadataValue.path(str(path)),
            "bytes": path.stat().st_size,
            "mart_rows": dg.MetadataValue.json(rows),
            "open_with": dg.MetadataValue.text(f"duckdb -readonly {path}"),
        })

    return warehouse_snapshot
