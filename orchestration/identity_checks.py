"""Asset checks on the marts that run the GX suites of `expectations/`, and the Data Docs asset.

Hard identities fail with severity ERROR, soft ones WARN. Each check result carries what a
supervisor can act on: reports checked, how many fail the identity, and the worst offenders
(agency, year, identity, scope, printed vs computed) as a Markdown table. The warehouse is
read in partitions of whole bodies, and only the bodies with new reports are checked again
(expectations/warehouse_checks.py keeps the verdicts in the warehouse's `quality` schema; the
Data Docs asset's GX pass over the newest bodies leaves its verdicts there too).

GX and pandas are imported when a check runs, never when the definitions load.
No `from __future__ import annotations`: Dagster inspects real annotations.
"""

import math
from pathlib import Path
from typing import Any

import dagster as dg
from dagster import AssetCheckExecutionContext, AssetCheckSeverity, AssetExecutionContext

from expectations.specs import IDENTITY_SPECS, SUITE_NAMES
from orchestration.raw_assets import DUCKDB_WRITE_POOL
from orchestration.resources import WarehouseResource
from warehouse.store import connect, warehouse_lock

MART_SCHEMA = "marts"
QUALITY_GROUP = "quality"
GX_DATA_DOCS = "gx_data_docs"
AGREEMENT_CHECK = "identity_checks_agree_with_expectations"
COVERAGE_CHECK = "cell_coverage"
WORST_OFFENDERS = 20  # rows of the Markdown table
FAILURES_IN_JSON = 200  # failing rows listed in the JSON metadata


def mart_key(name: str) -> dg.AssetKey:
    return dg.AssetKey([MART_SCHEMA, name])


MART_KEYS = [mart_key(n) for n in ("dim_report", "fct_proactive_disclosure", "fct_applications",
                                   "fct_review_litigation", "fct_identity_checks")]


def check_name(suite: str) -> str:
    return COVERAGE_CHECK if suite == "coverage" else suite


def _severity(suite: str) -> AssetCheckSeverity:
    return AssetCheckSeverity.ERROR if IDENTITY_SPECS[suite].hard else AssetCheckSeverity.WARN


def _description(suite: str) -> str:
    spec = IDENTITY_SPECS[suite]
    kind = "Hard identity (error)" if spec.hard else "Soft identity (warning)"
    if suite == "coverage":
        kind = "Coverage (error)"
    return (f"{kind}, Great Expectations suite `{suite}`: {spec.description} "
            "Rows with a missing cell are undecidable and counted, never passed.")


CHECK_SPECS = [
    dg.AssetCheckSpec(check_name(suite), asset=mart_key(IDENTITY_SPECS[suite].mart), description=_description(suite),
                      additional_deps=[k for k in MART_KEYS if k != mart_key(IDENTITY_SPECS[suite].mart)])
    for suite in SUITE_NAMES
] + [
    dg.AssetCheckSpec(
        AGREEMENT_CHECK, asset=mart_key("fct_identity_checks"),
        description="The failing report × identity × scope rows of fct_identity_checks are exactly those the "
                    "Great Expectations suites find (two implementations of the same identities).",
        additional_deps=[k for k in MART_KEYS if k != mart_key("fct_identity_checks")],
    )
]


def _plain(value: Any) -> Any:
    """A JSON-able scalar (pandas NA, numpy numbers → None, int, float)."""
    if value is None:
        return None
    try:
        if value != value:  # NaN, NA raise or compare unequal
            return None
    except TypeError:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def _md_cell(value: Any) -> str:
    value = _plain(value)
    return "—" if value is None else str(value).replace("|", "\\|")


def worst_offenders_markdown(failures, limit: int = WORST_OFFENDERS, total: int | None = None) -> str:
    """Markdown table of the first `limit` failing rows (already sorted worst first) of `total`
    (default: all of them are in `failures`)."""
    total = len(failures) if total is None else total
    if total == 0:
        return "No report fails this identity."
    header = ("| agency | year | identity | scope | printed (lhs) | computed (rhs) | report_id |\n"
              "|---|---|---|---|---|---|---|")
    lines = [
        "| " + " | ".join(_md_cell(row[c]) for c in ("agency", "year", "identity", "scope", "lhs", "rhs", "report_id"))
        + " |"
        for _, row in failures.head(limit).iterrows()
    ]
    more = total - min(limit, len(failures))
    tail = [f"\n… and {more} more failing rows." ] if more > 0 else []
    return "\n".join([header, *lines, *tail])


def _records(failures, limit: int = FAILURES_IN_JSON) -> list[dict[str, Any]]:
    return [{k: _plain(v) for k, v in row.items()} for row in failures.head(limit).to_dict("records")]


def suite_check_result(result) -> dg.AssetCheckResult:
    """The AssetCheckResult of one suite's SuiteResult."""
    counts = result.counts()
    failures = result.failures
    metadata: dict[str, Any] = {
        **counts,
        "severity": result.severity,
        "gx_suite": result.name,
        "worst_offenders": dg.MetadataValue.md(worst_offenders_markdown(failures, total=counts["failing_rows"])),
        "failures": dg.MetadataValue.json(_records(failures)),
    }
    if result.disagreements:
        metadata["pandas_gx_disagreements"] = dg.MetadataValue.json([list(k) for k in sorted(result.disagreements)])
    return dg.AssetCheckResult(
        asset_key=mart_key(result.spec.mart),
        check_name=check_name(result.name),
        passed=bool(result.success) and not result.disagreements,
        severity=_severity(result.name),
        metadata=metadata,
        description=(f"{counts['failing_rows']} failing rows in {counts['failing_reports']} of "
                     f"{counts['reports_checked']} reports; {counts['undecidable_rows']} undecidable rows."),
    )


def agreement_check_result(results, differences, reports_checked: int) -> dg.AssetCheckResult:
    """differences: per identity, the failing (report_id, scope) only GX finds and only the mart has."""
    rows = ["| identity | severity | failing reports | failing rows | undecidable rows | only in GX | only in mart |",
            "|---|---|---|---|---|---|---|"]
    disagreeing = 0
    for name, diff in differences.items():
        counts = results[name].counts()
        n_gx, n_mart = len(diff["only_in_expectations"]), len(diff["only_in_mart"])
        disagreeing += n_gx + n_mart
        rows.append(f"| {name} | {results[name].severity} | {counts['failing_reports']} | {counts['failing_rows']} "
                    f"| {counts['undecidable_rows']} | {n_gx} | {n_mart} |")
    return dg.AssetCheckResult(
        asset_key=mart_key("fct_identity_checks"),
        check_name=AGREEMENT_CHECK,
        passed=disagreeing == 0,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "reports_checked": reports_checked,
            "disagreeing_rows": disagreeing,
            "failing_reports_by_identity": dg.MetadataValue.json(
                {name: results[name].counts()["failing_reports"] for name in differences}),
            "summary": dg.MetadataValue.md("\n".join(rows)),
            "differences": dg.MetadataValue.json(
                {name: {side: [list(k) for k in keys[:50]] for side, keys in diff.items()}
                 for name, diff in differences.items() if any(diff.values())}),
        },
    )


@dg.multi_asset_check(
    name="gx_identity_checks",
    specs=CHECK_SPECS,
    description="Great Expectations suites of the accounting identities (勾稽关系) over the marts.",
    pool=DUCKDB_WRITE_POOL,  # read-only, but DuckDB refuses readers while another process writes
)
def gx_identity_checks(context: AssetCheckExecutionContext, warehouse: WarehouseResource):
    from expectations.warehouse_checks import check_warehouse

    # Partitions of whole bodies on every core, and only the bodies with a report not checked
    # before: the verdicts over every report are kept in the warehouse's `quality` schema.
    with warehouse_lock(warehouse.warehouse):
        checked = check_warehouse(warehouse.warehouse, SUITE_NAMES, log=context.log.info)
    context.log.info(f"{len(SUITE_NAMES)} GX suites over {checked.reports} reports "
                     f"({checked.rechecked} checked in this run, {checked.partitions} partitions)")
    for name in SUITE_NAMES:
        yield suite_check_result(checked.results[name])
    yield agreement_check_result(checked.results, checked.agreement, checked.reports)


# Data Docs render the suites over the newest load's bodies, at most this many reports: pages
# over every report of a national warehouse would be neither quick to build nor to read.
DATA_DOCS_REPORTS = 1000


def build_gx_data_docs(data_docs_dir: Path) -> dg.AssetsDefinition:
    """The `gx_data_docs` asset: GX Data Docs of every suite, built into `data_docs_dir`."""
    docs_dir = Path(data_docs_dir)

    @dg.asset(
        name=GX_DATA_DOCS,
        deps=MART_KEYS,
        group_name=QUALITY_GROUP,
        kinds={"great_expectations"},
        pool=DUCKDB_WRITE_POOL,
        description=f"Great Expectations Data Docs of the identity suites over the bodies of the newest load "
                    f"(at most {DATA_DOCS_REPORTS} reports; the asset checks cover every report), in {docs_dir}. "
                    "The verdicts of whole bodies are kept for the asset checks, which do not check them again.",
    )
    def gx_data_docs(context: AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        from expectations.marts import load_marts_from
        from expectations.suites import data_docs_index, run_suites
        from expectations.warehouse_checks import remember_verdicts

        # The verdicts of this GX pass are kept for the asset checks (whole bodies only), which
        # then skip those reports: after a small load they are the very reports to check.
        with warehouse_lock(warehouse.warehouse):
            with connect(warehouse.warehouse, read_only=True) as con:
                ids = newest_reports(con, DATA_DOCS_REPORTS)
                marts = load_marts_from(con, report_ids=ids, with_identity_checks=False)
            results = run_suites(SUITE_NAMES, marts, data_docs_dir=docs_dir)
            kept = remember_verdicts(warehouse.warehouse, results, marts, log=context.log.info)
        index = data_docs_index(docs_dir)
        if not index.exists():
            raise dg.Failure(f"GX wrote no {index}")
        context.log.info(f"GX Data Docs: {index}")
        return dg.MaterializeResult(metadata={
            "index_html": dg.MetadataValue.path(str(index)),
            "url": dg.MetadataValue.url(index.resolve().as_uri()),
            "suites": len(results),
            "reports_in_docs": len(ids),
            "verdicts_kept_for_checks": kept,
            "failing_suites": dg.MetadataValue.json(sorted(n for n, r in results.items() if not r.success)),
        })

    return gx_data_docs


def newest_reports(con, limit: int) -> list[str]:
    """Every report of the bodies with a report in the newest load, newest first, at most `limit`."""
    return [r for (r,) in con.execute(
        """
        with newest as (
            select report_id, agency from marts.dim_report
            where ingested_at = (select max(ingested_at) from marts.dim_report)
        )
        select d.report_id from marts.dim_report as d
        where d.report_id in (select report_id from newest)
           or d.agency in (select agency from newest where agency is not null)
        order by d.ingested_at desc, d.report_id
        limit ?
        """, [limit]).fetchall()]
