"""The `correction_letters` asset (warehouse/letters.py), its job and its daily schedule.

Not part of warehouse_job: a `gongkai run` over 100,000 reports would otherwise write a DOCX
for every body with a finding at every run. letters_job builds it, every day after the inbox
scan (daily_letters), or from the UI with a region and a year.

No `from __future__ import annotations`: Dagster inspects real annotations.
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
from dagster import AssetExecutionContext
from pydantic import Field

from orchestration.identity_checks import mart_key
from orchestration.raw_assets import DUCKDB_WRITE_POOL, REVIEW_DECISIONS_KEY
from orchestration.resources import WarehouseResource
from orchestration.run_report_asset import REPORTING_GROUP
from orchestration.sensors import SCHEDULE_TIMEZONE
from warehouse.letters import write_letters
from warehouse.review import ReviewError, finding_marts

CORRECTION_LETTERS = "correction_letters"
LETTERS_JOB = "letters_job"
LETTERS_SCHEDULE = "daily_letters"
LETTERS_CRON = "0 3 * * *"  # an hour after daily_inbox_scan (02:00 Beijing time)


class LettersConfig(dg.Config):
    region: str | None = Field(default=None, description="Province, city or county (dim_report); default: all.")
    year: int | None = Field(default=None, description="Report year; default: every year.")
    office: str | None = Field(default=None, description="Who signs; default: <region>政务公开工作主管部门.")


def build_letters_asset(letters_dir: Path) -> dg.AssetsDefinition:
    letters_dir = Path(letters_dir)

    @dg.asset(
        name=CORRECTION_LETTERS,
        # the marts holding findings are data (warehouse/data/finding_marts.csv)
        deps=[mart_key("dim_report"), mart_key("fct_review_decisions"), REVIEW_DECISIONS_KEY,
              *(mart_key(m.mart) for m in finding_marts())],
        group_name=REPORTING_GROUP,
        kinds={"docx", "xlsx"},
        pool=DUCKDB_WRITE_POOL,  # reloads the review decisions before reading
        description=f"A correction letter (DOCX) per body with findings to correct and a tracking XLSX, in a "
                    f"folder per build under {letters_dir}.",
    )
    def correction_letters(context: AssetExecutionContext, config: LettersConfig,
                           warehouse: WarehouseResource) -> dg.MaterializeResult:
        out = letters_dir / "-".join((f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}", config.region or "all",
                                      str(config.year or "all")))
        try:
            written = write_letters(warehouse.warehouse, out, config.region, config.year, config.office,
                                    decisions_file=warehouse.decisions)
        except ReviewError as error:
            raise dg.Failure(f"no letters: {error}") from error
        for mart in written.missing_marts:
            context.log.warning(f"{mart} is not in the warehouse: its findings are not in the letters")
        context.log.info(f"{len(written.letters)} letters in {out}")
        return dg.MaterializeResult(metadata={
            "folder": dg.MetadataValue.path(str(out)),
            "letters": len(written.letters),
            "findings": sum(len(letter.findings) for letter in written.letters),
            "tracking_xlsx": dg.MetadataValue.path(str(written.tracking)),
        })

    return correction_letters


def build_letters_job():
    return dg.define_asset_job(LETTERS_JOB, selection=dg.AssetSelection.assets(CORRECTION_LETTERS),
                               description="Correction letters from the warehouse as it is.",
                               executor_def=dg.in_process_executor)


def build_letters_schedule() -> dg.ScheduleDefinition:
    return dg.ScheduleDefinition(
        name=LETTERS_SCHEDULE, job_name=LETTERS_JOB, cron_schedule=LETTERS_CRON,
        execution_timezone=SCHEDULE_TIMEZONE, default_status=dg.DefaultScheduleStatus.RUNNING,
        description="Every day at 03:00 Beijing time, after the inbox scan: the letters of every region and year.")
