"""The `release` asset: the open-data release (warehouse/release.py) of every run, so the inbox
sensor and the daily schedule publish it.

It runs after the marts and after their checks: it depends on every mart and on the other
reporting assets, and has the lowest step priority of the job, so the in-process executor
starts it only when nothing else (the asset checks among them) is left to run.

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

RELEASE = "release"
RELEASE_PATH = "path"  # metadata key of the release folder
# After every other step of the run (Dagster runs the ready step of highest priority first).
LAST_STEP_PRIORITY = {"dagster/priority": "-10"}
PUBLIC_MARTS = [*MART_KEYS, mart_key("quarantine"), mart_key("dim_agency"), mart_key("fct_agency_years")]


def build_release_asset(release_dir: Path, models_dir: Path) -> dg.AssetsDefinition:
    """The `release` asset, writing the release into `release_dir` from the dbt YAML under `models_dir`."""
    release_dir, models_dir = Path(release_dir), Path(models_dir)

    @dg.asset(
        name=RELEASE,
        deps=[*PUBLIC_MARTS, dg.AssetKey(GX_DATA_DOCS), dg.AssetKey(RUN_REPORT)],
        group_name=REPORTING_GROUP,
        kinds={"parquet", "csv"},
        pool=DUCKDB_WRITE_POOL,  # reads only, but DuckDB refuses readers while another process writes
        op_tags=LAST_STEP_PRIORITY,
        description=f"Open-data release of the public marts in {release_dir}: Parquet (zstd, facts by report year), "
                    "CSV (UTF-8 with BOM), Frictionless datapackage.json from the dbt YAML, data dictionary, "
                    "README, CHECKSUMS. Written aside and renamed into place.",
    )
    def release(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        written = export_release(warehouse.warehouse, release_dir, models_dir, identities=identity_descriptions(),
                                 source=f"Dagster run {context.run.run_id}")
        context.log.info(f"release: {written.path} ({len(written.files)} files, {written.bytes} bytes)")
        return dg.MaterializeResult(metadata={
            RELEASE_PATH: dg.MetadataValue.path(str(written.path)),
            "files": len(written.files),
            "bytes": written.bytes,
            "rows": dg.MetadataValue.json({t.name: t.rows for t in written.tables}),
        })

    return release
