"""End to end: the seed report through Dagster (raw load + dbt build) into the marts."""

from __future__ import annotations

import csv
import io
import json
import signal
from pathlib import Path

import dagster as dg
import pytest

from gongkai.cli import main
from warehouse.settings import Settings
from warehouse.store import connect_for_query
from orchestration.definitions import WAREHOUSE_JOB, build_definitions
from tests.conftest import SEED_EXPECTED, SEED_TXT

FIGURES_SQL = """
select outcome, applicant, value from fct_applications
where (outcome, applicant) in (
    ('new_received', 'natural_person'), ('new_received', 'total'),
    ('denied.internal_affairs', 'total'), ('unavailable.not_held', 'total'), ('results_total', 'total'))
order by outcome, applicant
"""
SEED_FIGURES = {
    ("denied.internal_affairs", "total"): 1,
    ("new_received", "natural_person"): 2,
    ("new_received", "total"): 2,
    ("results_total", "total"): 2,
    ("unavailable.not_held", "total"): 1,
}


def _warehouse_state(db: Path) -> dict:
    with connect_for_query(db) as con:
        counts = {
            name: con.execute(f"select count(*) from {name}").fetchone()[0]
            for name in ("dim_report", "fct_proactive_disclosure", "fct_applications",
                         "fct_review_litigation", "fct_identity_checks", "quarantine")
        }
        report_ids = [row[0] for row in con.execute("select report_id from dim_report order by 1").fetchall()]
    return {"counts": counts, "report_ids": report_ids}


@pytest.fixture(scope="module")
def materialized(tmp_path_factory):
    root = tmp_path_factory.mktemp("materialized")
    inbox = root / "inbox"
    inbox.mkdir()
    (inbox / SEED_TXT.name).write_bytes(SEED_TXT.read_bytes())
    db = root / "warehouse.duckdb"
    defs = build_definitions(Settings.from_env().with_paths(warehouse=db), input_dir=inbox)
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def(WAREHOUSE_JOB).execute_in_process(instance=instance, raise_on_error=False)
    return db, result


def test_materialization_succeeds_with_every_dbt_check_passing(materialized):
    _, result = materialized
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and [c.check_name for c in checks if not c.passed] == []
    materialized_keys = {m.asset_key.to_user_string() for m in result.get_asset_materialization_events()}
    assert {"raw/reports", "raw/cells", "marts/dim_report", "marts/fct_applications"} <= materialized_keys


def test_marts_hold_the_seed_figures(materialized):
    db, _ = materialized
    with connect_for_query(db) as con:
        figures = {(o, a): v for o, a, v in con.execute(FIGURES_SQL).fetchall()}
        cells = con.execute(
            "select (select count(*) from fct_proactive_disclosure) + (select count(*) from fct_applications)"
            " + (select count(*) from fct_review_litigation)"
        ).fetchone()[0]
        review_states = con.execute(
            "select state, count(*) from fct_review_litigation where proceeding = 'administrative_review' group by 1"
        ).fetchall()
        report = con.execute("select agency, year, is_current, parse_status from dim_report").fetchall()
        region = con.execute("select province, city, county, division_code, agency_kind from dim_report").fetchall()

    assert figures == SEED_FIGURES
    assert cells == 200
    assert review_states == [("blank", 5)]
    assert report[0][:3] == ("赣县区商务局", 2024, True)
    assert region == [("江西省", "赣州市", "赣县区", "360704", "department")]


def test_marts_hold_every_hand_checked_cell_of_the_seed(materialized):
    db, _ = materialized
    expected = json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))
    facts = {
        "proactive": ("fct_proactive_disclosure", "item", "measure"),
        "applications": ("fct_applications", "outcome", "applicant"),
        "review_litigation": ("fct_review_litigation", "proceeding", "outcome"),
    }
    with connect_for_query(db) as con:
        for table, (fact, k1, k2) in facts.items():
            got = {(a, b): (v, s) for a, b, v, s in con.execute(f"select {k1}, {k2}, value, state from {fact}").fetchall()}
            want = {(c[k1], c[k2]): (c["value"], c["state"]) for c in expected[table]}
            assert got == want, fact


def test_cli_run_is_idempotent_and_query_returns_the_figures(seed_dir, tmp_path, monkeypatch, capsys):
    db = tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("GONGKAI_WAREHOUSE", str(tmp_path / "not_this.duckdb"))  # --warehouse wins
    monkeypatch.delenv("DAGSTER_DBT_CLI", raising=False)

    # started in the background, as by `cmd &` in a script: SIGINT ignored; SIGTERM must stay as it was
    sigterm, sigint = signal.getsignal(signal.SIGTERM), signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert main(["run", "--input", str(seed_dir), "--warehouse", str(db)]) == 0
    finally:
        signal.signal(signal.SIGINT, sigint)
    assert signal.getsignal(signal.SIGTERM) == sigterm
    summary = capsys.readouterr().out
    assert "reports:    1" in summary and "cells:      200" in summary and str(db) in summary
    assert len(list((tmp_path / "data" / "reports").glob("run-*.log"))) == 1
    first = _warehouse_state(db)
    assert main(["run", "--input", str(seed_dir), "--warehouse", str(db)]) == 0
    capsys.readouterr()
    assert _warehouse_state(db) == first
    assert first["counts"]["fct_applications"] == 175

    assert main(["query", FIGURES_SQL, "--warehouse", str(db), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(r["outcome"], r["applicant"]): float(r["value"]) for r in rows} == SEED_FIGURES

    assert main(["query", FIGURES_SQL, "--warehouse", str(db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["outcome"], r["applicant"]): r["value"] for r in rows} == SEED_FIGURES

    assert main(["query", "select count(*) as n from dim_report", "--warehouse", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"n": 1}]
