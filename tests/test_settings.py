from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from warehouse.settings import REPO_ROOT, Settings


def test_defaults_live_under_the_repo():
    settings = Settings.from_env(env={})
    assert settings.warehouse == REPO_ROOT / "data" / "warehouse.duckdb"
    assert settings.samples_dir == REPO_ROOT / "samples"
    assert settings.inbox_dir == REPO_ROOT / "data" / "inbox"
    assert settings.dbt_project_dir == REPO_ROOT / "dbt_project"
    assert settings.data_docs_dir == REPO_ROOT / "data" / "data_docs"
    assert settings.reports_dir == REPO_ROOT / "data" / "reports"
    assert settings.dagster_home == REPO_ROOT / ".dagster_home"


def test_environment_moves_paths(tmp_path):
    env = {"GONGKAI_WAREHOUSE": str(tmp_path / "w.duckdb"), "GONGKAI_INBOX": str(tmp_path / "in"),
           "GONGKAI_DATA": str(tmp_path / "data"), "DAGSTER_HOME": str(tmp_path / "dh")}
    settings = Settings.from_env(env=env)
    assert settings.warehouse == tmp_path / "w.duckdb"
    assert settings.inbox_dir == tmp_path / "in"
    assert settings.reports_dir == tmp_path / "data" / "reports"
    assert settings.dagster_home == tmp_path / "dh"


def test_settings_are_frozen_and_reject_unknown_keys(tmp_path):
    settings = Settings.from_env(env={})
    with pytest.raises(pydantic.ValidationError):
        settings.warehouse = tmp_path / "x.duckdb"
    with pytest.raises(pydantic.ValidationError):
        settings.with_paths(warehose=tmp_path)
    assert settings.with_paths(warehouse="rel.duckdb").warehouse == Path("rel.duckdb").absolute()


@pytest.mark.parametrize("said,terminal,shown", [("0", True, False), ("off", True, False), ("1", False, True),
                                                 ("", False, False), ("", True, True), (None, True, True)])
def test_progress_follows_gongkai_progress_then_the_terminal(monkeypatch, said, terminal, shown):
    monkeypatch.setattr("sys.stderr.isatty", lambda: terminal)
    env = {} if said is None else {"GONGKAI_PROGRESS": said}
    assert Settings.from_env(env=env).progress is shown


def test_load_pause_hook_is_read_once_here():
    assert Settings.from_env(env={}).load_pause_after_batches is None
    settings = Settings.from_env(env={"GONGKAI_LOAD_PAUSE_AFTER_BATCHES": "3"})
    assert settings.load_pause_after_batches == 3
    assert settings.with_paths(warehouse="w.duckdb").load_pause_after_batches == 3
    for bad in ("0", "two", "-1"):
        with pytest.raises(ValueError, match="GONGKAI_LOAD_PAUSE_AFTER_BATCHES"):
            Settings.from_env(env={"GONGKAI_LOAD_PAUSE_AFTER_BATCHES": bad})


def test_raw_load_sizes_are_read_once_here_and_reach_the_resource(tmp_path):
    from orchestration.definitions import build_definitions

    assert (Settings.from_env(env={}).files_per_batch, Settings.from_env(env={}).child_load_files) == (1000, 2000)
    env = {"GONGKAI_DATA": str(tmp_path), "GONGKAI_BATCH_FILES": "20", "GONGKAI_CHILD_LOAD_FILES": "0"}
    settings = Settings.from_env(env=env)
    assert (settings.files_per_batch, settings.child_load_files) == (20, 0)
    warehouse = build_definitions(settings, input_dir=tmp_path).resources["warehouse"]
    assert (warehouse.files_per_batch, warehouse.child_load_files) == (20, 0)
    for name, bad in (("GONGKAI_BATCH_FILES", "0"), ("GONGKAI_CHILD_LOAD_FILES", "many")):
        with pytest.raises(ValueError, match=name):
            Settings.from_env(env={name: bad})
