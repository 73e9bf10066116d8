from __future__ import annotations

from pathlib import Path

import dagster as dg

from warehouse.settings import Settings
from orchestration.definitions import WAREHOUSE_JOB, build_definitions
from orchestration.letters_asset import CORRECTION_LETTERS
from orchestration.raw_assets import DUCKDB_WRITE_POOL, OCR_POOL, discover_report_files

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_keys.txt"


def _asset_keys(defs: dg.Definitions) -> list[str]:
    return sorted(key.to_user_string() for key in defs.resolve_all_asset_keys())


def test_module_definitions_load_with_the_committed_asset_keys():
    from orchestration.definitions import defs

    assert _asset_keys(defs) == SNAPSHOT.read_text(encoding="utf-8").split()


def test_warehouse_job_writes_one_step_at_a_time(tmp_path):
    defs = build_definitions(Settings.from_env().with_paths(warehouse=tmp_path / "w.duckdb"), input_dir=tmp_path)
    job = defs.resolve_job_def(WAREHOUSE_JOB)

    assert job.executor_def.name == "in_process"
    pools = {name: node.definition.pool for name, node in job.graph.node_dict.items()}
    # every step writes DuckDB in its pool, but the OCR step: it writes only its cache, in its own
    assert {name for name, pool in pools.items() if pool != DUCKDB_WRITE_POOL} == {"ocr_pages"}
    assert pools["ocr_pages"] == OCR_POOL
    # every asset but the correction letters (letters_job's, on their own schedule)
    assert set(job.asset_layer.selected_asset_keys) == set(defs.resolve_all_asset_keys()) - {
        dg.AssetKey(CORRECTION_LETTERS)}
    assert job.asset_layer.asset_graph.asset_check_keys, "dbt tests should surface as asset checks"


def test_report_files_are_found_recursively(tmp_path):
    for name in ("a.txt", "sub/b.PDF", "sub/deep/c.docx", "d.htm", "e.xls", "notes.json", ".hidden/f.txt", "README.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")

    found = [p.relative_to(tmp_path).as_posix() for p in discover_report_files(tmp_path)]
    assert found == ["a.txt", "d.htm", "e.xls", "sub/b.PDF", "sub/deep/c.docx"]
