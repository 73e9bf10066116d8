"""The `run_report` asset: the HTML run report (warehouse/run_report.py) after the marts are built.

Its materialization's metadata shows the key charts in the Dagster UI (Markdown with the
SVG chart as a data: URI above the figures as a table) and the path of the HTML file.

No `from __future__ import annotations`: Dagster inspects real annotations.
"""

from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext

from orchestration.identity_checks import MART_KEYS, mart_key
from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource
from warehouse.run_report import collect, markdown_chart, write_run_report

RUN_REPORT = "run_report"
REPORTING_GROUP = "reporting"
RUN_REPORT_PATH = "path"  # metadata key of the HTML file's path (the CLI reads it)


def build_run_report_asset(reports_dir: Path) -> dg.AssetsDefinition:
    """The `run_report` asset, writing HTML files into `reports_dir`."""
    reports_dir = Path(reports_dir)

    @dg.asset(
        name=RUN_REPORT,
        deps=[*MART_KEYS, mart_key("quarantine")],
        group_name=REPORTING_GROUP,
        kinds={"html"},
        pool=DUCKDB_WRITE_POOL,  # reads only, but DuckDB refuses readers while another process writes
        description=f"HTML run report with charts (outcomes by year, identity failures, documents by format), "
                    f"self-contained, in {reports_dir}.",
    )
    def run_report(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:

        data = collect(warehouse.warehouse)
        path = write_run_report(warehouse.warehouse, reports_dir, run_id=context.run.run_id, data=data)
        context.log.info(f"run report: {path}")
        t = data.totals
        return dg.MaterializeResult(metadata={
            RUN_REPORT_PATH: dg.MetadataValue.path(str(path)),
            "url": dg.MetadataValue.url(path.as_uri()),
            "documents": t["reports"],
            "current_reports": t["current_reports"],
            "identities_failing": t["identities_fail"],
            "quarantined": t["quarantined"],
            "outcomes_by_year": dg.MetadataValue.md(markdown_chart(data.outcomes_by_year)),
            "identity_failures": dg.MetadataValue.md(markdown_chart(data.identity_failures, horizontal=True)),
            "failures_by_province": dg.MetadataValue.md(markdown_chart(data.failures_by_province, horizontal=True)),
            "documents_by_format": dg.MetadataValue.md(markdown_chart(data.documents)),
        })

    return run_report
