"""The incremental marts equal a full rebuild.

fct_* are dbt incremental models keyed by report_id: an incremental run adds the reports
new to raw, and fct_identity_checks also rebuilds every report of a body that got a new
report (its cross-year rows and is_current may change). Here a warehouse is built in two
loads (two `dbt build`s, the second incremental, bringing a successor year and a corrected
version of an already loaded report), then rebuilt with `--full-refresh`: every mart must be
the same, row for row.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from warehouse.store import connect, connect_for_query, load_batch
from ingest.generator.corpus import make_document, select_combos
from ingest.parse import parse_bytes
from ingest.records import build_batch

REPO = Path(__file__).resolve().parents[1]
DBT = Path(sys.executable).parent / "dbt"
MARTS = ("dim_report", "fct_proactive_disclosure", "fct_applications", "fct_review_litigation",
         "fct_identity_checks", "dim_agency", "fct_agency_years", "intermediate.int_identity_checks__cross_year",
         "intermediate.int_narrative__texts", "fct_narrative_copy", "fct_narrative_checks")
TEST_NEW_REPORTS_ONLY = ("--vars", '{"test_new_reports_only": true}')


def _dbt(warehouse: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GONGKAI_WAREHOUSE": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    return subprocess.run(
        [str(DBT if DBT.exists() else "dbt"), "build", "--quiet", "--project-dir", str(REPO / "dbt_project"),
         "--profiles-dir", str(REPO / "dbt_project"), "--target-path", str(warehouse.parent / "dbt-target"), *extra],
        env=env, capture_output=True, text=True, timeout=600,
    )


def _dbt_build(warehouse: Path, *extra: str) -> None:
    proc = _dbt(warehouse, *extra)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def _snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with connect_for_query(warehouse) as con:
        out = {}
        for name in MARTS:
            columns = [c[0] for c in con.execute(f"select * from {name} limit 0").description]
            columns = [c for c in columns if c != "ingested_at"]
            out[name] = con.execute(f"select {', '.join(columns)} from {name} order by all").fetchall()
        return out


def _documents(count: int) -> list[tuple[str, bytes]]:
    combos = select_combos(None, ["txt", "md", "html"])
    # series_rate 1: every odd document is the next year of the body before it (cross-year pairs)
    return [make_document(7, i, combos, 0.3, series_rate=1.0)[:2] for i in range(count)]


def test_incremental_build_equals_full_refresh(tmp_path):
    docs = _documents(24)
    first = [d for i, d in enumerate(docs) if i % 2 == 0]  # years Y of each body
    second = [d for i, d in enumerate(docs) if i % 2 == 1]  # their successors Y+1 ...
    name, data = first[0]
    second.append((f"corrected_{name}", data.replace("。".encode(), "；".encode(), 1) if name.endswith(".html")
                   else data + b"\n"))  # ... and a corrected version of a loaded report (new is_current)

    warehouse = tmp_path / "warehouse.duckdb"

    def load(batch_docs, moment):
        parsed = [parse_bytes(body, str(tmp_path / file)) for file, body in batch_docs]
        load_batch(warehouse, build_batch(parsed, ingested_at=moment))

    load(first, datetime(2026, 1, 1))
    _dbt_build(warehouse)
    load(second, datetime(2026, 1, 2))
    _dbt_build(warehouse)  # incremental
    incremental = _snapshot(warehouse)

    _dbt_build(warehouse, "--full-refresh")
    full = _snapshot(warehouse)

    assert sum(1 for row in incremental["fct_identity_checks"] if row[1] == "cross_year_carry") > 0
    for name in MARTS:
        assert incremental[name] == full[name], name


def test_tests_of_new_reports_only_still_fail_on_bad_rows(tmp_path):
    """With test_new_reports_only (the pipeline's builds) the tests of the big relations look at
    the reports loaded since the last passing build and, for the identity checks, at every report
    of their bodies: the rows an incremental run rebuilt. Bad data in those rows still fails."""
    docs = _documents(8)
    first = [d for i, d in enumerate(docs) if i % 2 == 0]
    second = [d for i, d in enumerate(docs) if i % 2 == 1]  # the next year of each body in first
    warehouse = tmp_path / "warehouse.duckdb"

    def load(batch_docs, moment):
        parsed = [parse_bytes(body, str(tmp_path / file)) for file, body in batch_docs]
        load_batch(warehouse, build_batch(parsed, ingested_at=moment))

    load(first, datetime(2026, 1, 1))
    _dbt_build(warehouse, *TEST_NEW_REPORTS_ONLY)  # complete and passing: the mark moves past `first`
    load(second, datetime(2026, 1, 2))
    with connect(warehouse) as con:
        new_id = con.execute("select report_id from raw.reports where ingested_at = '2026-01-02' "
                             "order by report_id limit 1").fetchone()[0]
        # an old report (loaded and tested before) of the same body: its identities are rebuilt
        old_id = con.execute(
            "select old.report_id from raw.reports as old inner join raw.reports as new using (agency) "
            "where old.ingested_at = '2026-01-01' and new.ingested_at = '2026-01-02' "
            "order by old.report_id limit 1").fetchone()[0]
        # (table 4: a failing test of fct_applications would skip the identity checks downstream)
        con.execute("update raw.cells set state = 'bogus' where report_id = ? and table_name = 'review_litigation' "
                    "and row_code = 'administrative_review' and col_code = 'total'", [new_id])
        con.execute("update raw.identities set status = 'bogus' where report_id = ? and identity = 't3_balance'",
                    [old_id])
    proc = _dbt(warehouse, *TEST_NEW_REPORTS_ONLY)
    assert proc.returncode != 0
    out = proc.stdout
    assert "accepted_values_fct_review_litigation_state" in out, out[-4000:]
    assert "accepted_values_fct_identity_checks_status" in out, out[-4000:]
