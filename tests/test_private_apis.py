"""The project's uses of other libraries' non-public shapes, each checked here so that an upgrade
that changes them fails loudly instead of silently changing behaviour:

* dagster-dbt: the private members orchestration/dbt_cli_adapter.py overrides;
* dbt: dbt_project/macros/tested_through.sql overrides the built-in get_where_subquery (a
  documented hook) and must keep dbt's default behaviour for the `where` config;
* Dagster: the instance methods gongkai/pipeline.py uses that Dagster does not mark @public;
* and no production module imports a private module (`dagster._core`, `_`-prefixed packages).
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import dagster as dg

from orchestration.dbt_cli_adapter import WarehouseDbtCliResource, private_shape_problems
from orchestration.definitions import _dbt_executable

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("gongkai", "orchestration", "expectations", "warehouse", "ingest")


def test_dagster_dbt_private_members_the_adapter_overrides_are_still_there():
    assert private_shape_problems() == []
    resource = WarehouseDbtCliResource(project_dir=str(REPO / "dbt_project"), dbt_executable=_dbt_executable())
    assert resource._cli_version.major == 1 and resource._initialize_dbt_core_adapter([]) is None


def test_dbt_default_where_subquery_is_what_the_override_keeps():
    import dbt.include.global_project as global_project

    macro = (Path(global_project.__path__[0]) / "macros" / "materializations" / "tests" / "where_subquery.sql")
    default = re.sub(r"\s+", " ", macro.read_text(encoding="utf-8"))
    assert "{% macro default__get_where_subquery(relation) -%}" in default
    assert "{% set where = config.get('where', '') %}" in default
    assert "(select * from {{ relation }} where {{ where }}) dbt_subquery" in default
    ours = re.sub(r"\s+", " ", (REPO / "dbt_project" / "macros" / "tested_through.sql").read_text(encoding="utf-8"))
    assert "{%- set where = config.get('where', '') -%}" in ours
    assert '"(select * from " ~ relation ~ " where " ~ conditions | join(\' and \') ~ ") dbt_subquery"' in ours


def test_the_dagster_instance_methods_the_cli_uses_keep_their_shape():
    instance = dg.DagsterInstance
    for name, params in (("from_config", ["config_dir", "config_filename"]), ("get_runs", ["self", "filters"]),
                         ("report_run_failed", ["self", "dagster_run", "message"]),
                         ("add_event_listener", ["self", "run_id", "cb"])):
        parameters = list(inspect.signature(getattr(instance, name)).parameters)
        assert parameters[:len(params)] == params, (name, parameters)
    from dagster._core.storage.event_log.base import EventLogStorage  # the test may look; the code may not

    assert "run_id" in inspect.signature(EventLogStorage.free_concurrency_slots_for_run).parameters


def test_no_production_module_imports_a_private_module():
    private = []
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else [])
                for name in names:
                    parts = name.split(".")
                    if parts[0] not in PACKAGES and any(p.startswith("_") for p in parts[1:]):
                        private.append(f"{path.relative_to(REPO)}: {name}")
    assert private == []
