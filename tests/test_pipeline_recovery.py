from __future__ import annotations

import dagster as dg
from dagster import DagsterRun

from gongkai.pipeline import LAUNCHED_BY_TAG, _release_abandoned_cli_runs
from orchestration.raw_assets import DUCKDB_WRITE_POOL


def test_killed_cli_run_gives_back_its_pool_slot(tmp_path):
    overrides = {"concurrency": {"pools": {"default_limit": 1}}}
    with dg.DagsterInstance.local_temp(str(tmp_path), overrides=overrides) as instance:
        killed = DagsterRun(job_name="warehouse_job", run_id="0" * 36, status=dg.DagsterRunStatus.STARTED,
                            tags={LAUNCHED_BY_TAG: "cli"})
        from_ui = DagsterRun(job_name="warehouse_job", run_id="1" * 36, status=dg.DagsterRunStatus.STARTED)
        for run in (killed, from_ui):
            instance.add_run(run)
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default(DUCKDB_WRITE_POOL)
        assert storage.claim_concurrency_slot(DUCKDB_WRITE_POOL, killed.run_id, "load_raw_tables").is_claimed

        _release_abandoned_cli_runs(instance)

        assert storage.get_concurrency_info(DUCKDB_WRITE_POOL).claimed_slots == []
        assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(from_ui.run_id).status == dg.DagsterRunStatus.STARTED
