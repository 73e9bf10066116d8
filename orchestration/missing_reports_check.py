"""Asset check on marts.fct_missing_reports: bodies that reported last year and not this year.

WARN, never ERROR: a body may have merged, been renamed or published late, which only a person
can tell. The result lists the bodies per region so the office can chase them.
No `from __future__ import annotations`: Dagster inspects real annotations.
"""

import dagster as dg
from dagster import AssetCheckExecutionContext, AssetCheckSeverity

from orchestration.identity_checks import mart_key
from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource
from warehouse.store import connect, warehouse_lock

MISSING_REPORTS_CHECK = "no_missing_reports"
LISTED_BODIES = 50  # rows of the Markdown table

_DESCRIPTION = (
    "Bodies (agency_id) with a report for year Y-1 and none for year Y, in a region (city, else province) "
    "whose reports of year Y are in the warehouse (marts.fct_missing_reports). For each body listed: check "
    "whether its report of year Y was published (then add the file to the inbox), whether the body was merged "
    "or renamed (its report then appears under another name), or ask it to publish; letters: "
    "fct_narrative_checks, check report_missing.")


@dg.asset_check(asset=mart_key("fct_missing_reports"), name=MISSING_REPORTS_CHECK, description=_DESCRIPTION,
                pool=DUCKDB_WRITE_POOL)
def missing_reports_check(context: AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse_lock(warehouse.warehouse, shared=True), connect(warehouse.warehouse, read_only=True) as con:
        by_region = con.execute(
            "select coalesce(region, '（地区不明）'), missing_year, count(*) from marts.fct_missing_reports "
            "group by all order by 3 desc, 1, 2").fetchall()
        bodies = con.execute(
            f"select coalesce(region, '（地区不明）'), missing_year, agency, last_source_path "
            f"from marts.fct_missing_reports order by 1, 2, 3 limit {LISTED_BODIES}").fetchall()
    missing = sum(n for *_, n in by_region)
    context.log.info(f"{missing} missing reports in {len(by_region)} region-years")
    table = ["| region | year | body | last year's report |", "| --- | --- | --- | --- |"]
    table += [f"| {r} | {y} | {a} | {p} |" for r, y, a, p in bodies]
    return dg.AssetCheckResult(
        passed=missing == 0,
        severity=AssetCheckSeverity.WARN,
        description=f"{missing} bodies reported the year before and have no report for the year"
        if missing else "Every body that reported the year before has a report for the year.",
        metadata={
            "missing_reports": missing,
            "by_region": dg.MetadataValue.json([{"region": r, "year": y, "bodies": n} for r, y, n in by_region]),
            "bodies": dg.MetadataValue.md("\n".join(table)),
        },
    )
