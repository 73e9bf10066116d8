"""The dbt step runs dbt in its own process for small builds, in a subprocess for big ones.

Both paths must give Dagster the same thing: materializations of the same models, the dbt
tests as asset checks with the same outcomes and severities, and a failed step naming the
model when a model fails.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest

import orchestration.dbt_assets as dbt_assets
from gongkai.warehouse import connect, load_batch
from ingest.generator.corpus import make_document, select_combos
from ingest.parse import parse_bytes
from ingest.records import build_batch
from orchestration.definitions import _dbt_executable
from orchestration.resources import WarehouseDbtCliResource, WarehouseResource

REPO = Path(__file__).resolve().parents[1]
IN_PROCESS, SUBPROCESS = 10**9, -1  # IN_PROCESS_MAX_REPORTS forcing either path


@pytest.fixture(scope="module")
def raw_warehouse(tmp_path_factory) -> Path:
    """A warehouse with 12 reports in raw.* and no marts yet."""
    warehouse = tmp_path_factory.mktemp("raw") / "warehouse.duckdb"
    combos = select_combos(None, ["txt", "md", "html"])
    documents = [make_document(11, i, combos, 0.3, series_rate=1.0)[:2] for i in range(12)]
    parsed = [parse_bytes(data, str(warehouse.parent / name)) for name, data in documents]
    load_batch(warehouse, build_batch(parsed, ingested_at=datetime(2026, 1, 1)))
    return warehouse


def _build(raw_warehouse: Path, folder: Path, path_limit: int, monkeypatch, damage: str | None = None):
    """The dbt step on a copy of raw_warehouse (after `damage`, SQL), forced onto one path."""
    folder.mkdir()
    warehouse = folder / "warehouse.duckdb"
    shutil.copyfile(raw_warehouse, warehouse)
    if damage:
        with connect(warehouse) as con:
            con.execute(damage)
    monkeypatch.setattr(dbt_assets, "IN_PROCESS_MAX_REPORTS", path_limit)
    project = dbt_assets.dbt_project(REPO / "dbt_project")
    resources = {
        "warehouse": WarehouseResource(warehouse_path=str(warehouse), input_dir=str(folder)),
        "dbt": WarehouseDbtCliResource(project_dir=project, dbt_executable=_dbt_executable()),
    }
    with dg.instance_for_test() as instance:
        return dg.materialize([dbt_assets.build_dbt_assets(project)], resources=resources, instance=instance,
                              raise_on_error=False)


def _outcome(result: dg.ExecuteInProcessResult):
    materialized = {
        (e.asset_key.to_user_string(), e.materialization.metadata["status"].value)
        for e in result.get_asset_materialization_events()
    }
    checks = {
        (e.asset_check_key.asset_key.to_user_string(), e.asset_check_key.name, e.passed, e.severity.value)
        for e in result.get_asset_check_evaluations()
    }
    return materialized, checks


def test_in_process_and_subprocess_builds_give_dagster_the_same_events(raw_warehouse, tmp_path, monkeypatch):
    by_subprocess = _build(raw_warehouse, tmp_path / "sub", SUBPROCESS, monkeypatch)
    in_process = _build(raw_warehouse, tmp_path / "in", IN_PROCESS, monkeypatch)
    assert by_subprocess.success and in_process.success
    materialized, checks = _outcome(in_process)
    assert {"marts/dim_report", "marts/fct_applications", "staging/stg_raw__cells"} <= {k for k, _ in materialized}
    assert len(checks) > 20 and all(passed for _, _, passed, _ in checks)
    assert (materialized, checks) == _outcome(by_subprocess)


@pytest.mark.parametrize("path_limit", [IN_PROCESS, SUBPROCESS], ids=["in-process", "subprocess"])
def test_a_failing_dbt_test_is_a_failed_asset_check(raw_warehouse, tmp_path, monkeypatch, path_limit):
    damage = "update raw.cells set table_name = 'bogus' where rowid = (select min(rowid) from raw.cells)"
    result = _build(raw_warehouse, tmp_path / "w", path_limit, monkeypatch, damage)
    _, checks = _outcome(result)
    failed = {(asset, name, severity) for asset, name, passed, severity in checks if not passed}
    assert ("staging/stg_raw__cells", "accepted_values_stg_raw__cells_table_name__proactive__applications__review_litigation",
            "ERROR") in failed
    # dbt exits non-zero on an error-severity test: the step fails, after recording every result
    assert not result.success


@pytest.mark.parametrize("path_limit", [IN_PROCESS, SUBPROCESS], ids=["in-process", "subprocess"])
def test_a_failing_model_fails_the_step_naming_the_model(raw_warehouse, tmp_path, monkeypatch, path_limit):
    damage = "alter table raw.cells rename column col_code to col_code_renamed"
    result = _build(raw_warehouse, tmp_path / "w", path_limit, monkeypatch, damage)
    assert not result.success
    [failure] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    message = str(failure.step_failure_data.error)
    assert "DagsterDbtCliRuntimeError" in message and "stg_raw__cells" in message


def test_in_process_build_leaves_no_duckdb_open_and_the_warehouse_lock_free(raw_warehouse, tmp_path, monkeypatch):
    result = _build(raw_warehouse, tmp_path / "w", IN_PROCESS, monkeypatch)
    assert result.success
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    assert DuckDBConnectionManager._ENV is None
    # another process could open the file for writing now
    with connect(tmp_path / "w" / "warehouse.duckdb") as con:
        assert con.execute("select count(*) from marts.dim_report").fetchone()[0] == 12


def test_a_cancelled_in_process_build_stops_and_closes_the_warehouse(raw_warehouse, tmp_path):
    """On termination the step cancels dbt as Ctrl-C would; dbt stops and releases the file."""
    from orchestration.dbt_in_process import DbtThread

    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(raw_warehouse, warehouse)
    project = str(REPO / "dbt_project")
    env = {"DBT_PROJECT_DIR": project, "DBT_PROFILES_DIR": project, "DBT_TARGET_PATH": str(tmp_path / "target"),
           "DBT_LOG_PATH": str(tmp_path / "target"), "DBT_LOG_LEVEL": "none", "GONGKAI_WAREHOUSE": str(warehouse),
           "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    dbt = DbtThread(["dbt", "build", "--select", "fqn:*"], env)
    names = []
    for event in dbt.events():
        names.append(event["info"]["name"])
        if names.count("LogModelResult") == 1:
            dbt.cancel()
    assert dbt.wait(timeout=60) == 2
    assert names.count("LogModelResult") < 13  # stopped before building every model
    with connect(warehouse) as con:  # closed: another opener may write it
        con.execute("select 1")
