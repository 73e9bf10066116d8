"""Incremental ingestion: the inbox sensor, the daily schedule, content hashes, new versions."""

from __future__ import annotations

import time
from pathlib import Path

import dagster as dg
import pytest

from warehouse.inbox import plan_load, scan
from warehouse.settings import Settings
from warehouse.store import KnownFiles, connect_for_query, known_files
from orchestration.definitions import WAREHOUSE_JOB, build_definitions
from orchestration.raw_assets import load_raw_tables, ocr_pages
from orchestration.resources import ConverterResource, WarehouseResource
from orchestration.sensors import (
    DAILY_SCHEDULE,
    INBOX_SENSOR,
    RAW_LOAD_OP,
    SCHEDULE_TIMEZONE,
    build_daily_schedule,
    build_inbox_sensor,
    changed_files,
    decode_cursor,
)
from tests._inbox import age, report_bytes, utf8_text_report, write_reports


def _sensor(inbox: Path):
    return build_inbox_sensor(inbox, WAREHOUSE_JOB)


def _tick(inbox: Path, cursor: str | None):
    with dg.DagsterInstance.ephemeral() as instance:
        return _sensor(inbox)(dg.build_sensor_context(instance=instance, cursor=cursor))


def _raw_only(inbox: Path, db: Path, run_config: dict | None = None) -> dg.ExecuteInProcessResult:
    resource = WarehouseResource(warehouse_path=str(db), input_dir=str(inbox))
    # the raw step with the OCR step before it (the sensor's run config sets both)
    return dg.materialize([ocr_pages, load_raw_tables], resources={"warehouse": resource, "converter": ConverterResource()},
                          run_config=run_config or {})


class ParseCounter:
    def __init__(self, monkeypatch):
        import ingest.parse

        self.paths: list[str] = []
        real = ingest.parse.parse_bytes
        monkeypatch.setattr(ingest.parse, "parse_bytes", lambda data, path: self.paths.append(path) or real(data, path))


# ---- the sensor ------------------------------------------------------------------------------


def test_sensor_requests_new_and_changed_files_only(tmp_path):
    inbox = tmp_path / "inbox"
    files = write_reports(inbox, 3)
    (inbox / "notes.json").write_text("{}")  # not a report
    for path in files:
        age(path)

    first = _tick(inbox, None)
    [request] = first.run_requests
    config = request.run_config["ops"][RAW_LOAD_OP]["config"]
    assert config["input_dir"] == str(inbox.resolve())
    assert config["paths"] == [str(p.resolve()) for p in sorted(files)]

    again = _tick(inbox, first.cursor)
    assert again.run_requests == [] and "no new or changed" in again.skip_reason.skip_message

    files[1].write_bytes(report_bytes(99)[1])  # a new version at the same path
    age(files[1], 60)
    new = inbox / "new.txt"
    new.write_bytes(report_bytes(100)[1])
    age(new)
    fresh = inbox / "being_copied.txt"
    fresh.write_bytes(b"half a rep")  # modified just now: waits until it settles
    third = _tick(inbox, again.cursor)
    [request] = third.run_requests
    assert request.run_config["ops"][RAW_LOAD_OP]["config"]["paths"] == [str(files[1].resolve()), str(new.resolve())]

    age(fresh)
    files[0].unlink()
    fourth = _tick(inbox, third.cursor)
    [request] = fourth.run_requests
    assert request.run_config["ops"][RAW_LOAD_OP]["config"]["paths"] == [str(fresh.resolve())]
    _, seen = decode_cursor(fourth.cursor)
    assert files[0].name not in seen and len(seen) == 4


def test_sensor_skips_a_missing_inbox(tmp_path):
    result = _tick(tmp_path / "nowhere", None)
    assert result.run_requests == [] and "no inbox folder" in result.skip_reason.skip_message


def test_settling_files_wait_for_the_next_tick(tmp_path):
    inbox = tmp_path / "inbox"
    [path] = write_reports(inbox, 1)
    changed, cursor, settling = changed_files(inbox, None, now=time.time())
    assert (changed, settling) == ([], 1)
    changed, _, settling = changed_files(inbox, cursor, now=time.time() + 60)
    assert [e.path for e in changed] == [path.resolve()] and settling == 0


def test_daily_schedule_scans_the_whole_inbox_in_beijing_time(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    schedule = build_daily_schedule(inbox, WAREHOUSE_JOB)
    assert schedule.execution_timezone == SCHEDULE_TIMEZONE == "Asia/Shanghai"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    with dg.DagsterInstance.ephemeral() as instance:
        [request] = schedule.evaluate_tick(dg.build_schedule_context(instance=instance)).run_requests
    assert request.run_config["ops"][RAW_LOAD_OP]["config"] == {"input_dir": str(inbox.resolve())}


def test_sensor_and_schedule_are_on_by_default_in_the_definitions(tmp_path):
    settings = Settings.from_env().with_paths(warehouse=tmp_path / "w.duckdb", inbox_dir=tmp_path / "inbox")
    defs = build_definitions(settings, input_dir=tmp_path)
    sensor = defs.resolve_sensor_def(INBOX_SENSOR)
    schedule = defs.resolve_schedule_def(DAILY_SCHEDULE)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert sensor.job_name == schedule.job_name == WAREHOUSE_JOB
    assert str(tmp_path / "inbox") in sensor.description


# ---- content hashes --------------------------------------------------------------------------


def test_only_unknown_content_is_parsed(tmp_path):
    inbox = tmp_path / "inbox"
    a, b, c = write_reports(inbox, 3)
    import hashlib

    known = KnownFiles(report_sha256=frozenset({hashlib.sha256(a.read_bytes()).hexdigest()}),
                       quarantine={str(b.resolve()): (hashlib.sha256(b.read_bytes()).hexdigest(), "x")})
    plan = plan_load(scan(inbox), known)
    assert plan.to_parse == [c.resolve()]
    assert (plan.unchanged, plan.hashed, plan.refusals, plan.clear_quarantine) == (2, 3, [], [])


def test_hashes_are_reused_until_a_file_changes(tmp_path):
    """A second scan reads no file whose (size, mtime, ctime) is unchanged; a rewrite with the
    same size and mtime (set back with utime) still changes ctime, so it is hashed and parsed."""
    import os

    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    a, _ = write_reports(inbox, 2)
    assert _raw_only(inbox, db).success
    plan = plan_load(scan(inbox), known_files(db))
    assert (plan.hashed, plan.hash_reused, plan.unchanged, plan.to_parse) == (0, 2, 2, [])

    before = a.stat()
    original = a.read_bytes()
    digit = next(i for i, byte in enumerate(original) if 0x30 <= byte <= 0x39)
    forged = original[:digit] + bytes([0x30 + (original[digit] - 0x30 + 1) % 10]) + original[digit + 1:]
    time.sleep(0.01)
    a.write_bytes(forged)
    os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (a.stat().st_size, a.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    plan = plan_load(scan(inbox), known_files(db))
    assert (plan.hashed, plan.hash_reused, plan.to_parse) == (1, 1, [a.resolve()])


def test_fixed_file_redropped_at_the_same_path_leaves_quarantine(tmp_path):
    inbox, db = tmp_path / "inbox", tmp_path / "w.duckdb"
    inbox.mkdir()
    path = inbox / "report.txt"
    path.write_bytes(b"\xff\xfe\x00\xd8 not text \x00\x01\x02" * 50)
    assert _raw_only(inbox, db).success
    assert list(known_files(db).quarantine) == [str(path.resolve())]

    path.write_bytes(utf8_text_report(31))  # fixed: new content, same path
    assert _raw_only(inbox, db).success
    known = known_files(db)
    assert known.quarantine == {} and len(known.report_sha256) == 1

    # broken again, then replaced by a copy of a report already loaded: cleared without parsing
    path.write_bytes(b"")
    assert _raw_only(inbox, db).success
    assert list(known_files(db).quarantine) == [str(path.resolve())]
    path.write_bytes(utf8_text_report(31))
    assert _raw_only(inbox, db).success
    assert known_files(db).quarantine == {}


# ---- one new file in a full warehouse, through the sensor -------------------------------------


@pytest.fixture
def loaded_inbox(tmp_path):
    """An inbox of 120 reports, loaded into the warehouse by a run the sensor requested."""
    inbox, db = tmp_path / "inbox", tmp_path / "warehouse.duckdb"
    for path in write_reports(inbox, 120, seed=5):
        age(path, 600)
    first = _tick(inbox, None)
    [request] = first.run_requests
    assert len(request.run_config["ops"][RAW_LOAD_OP]["config"]["paths"]) == 120
    assert _raw_only(inbox, db, request.run_config).success
    return inbox, db, first.cursor


def test_one_new_file_is_the_only_one_parsed_and_supersedes_its_old_version(loaded_inbox, tmp_path, monkeypatch):
    inbox, db, cursor = loaded_inbox
    with connect_for_query(db) as con:
        before = dict(con.execute("select report_id, ingested_at from raw.reports").fetchall())
        candidates = con.execute(
            "select report_id, source_path, agency, year from raw.reports where source_format = 'txt' "
            "and agency is not null and year is not null order by source_path").fetchall()
    assert len(before) == 120
    old_id, old_path, agency, year = next(c for c in candidates if _is_utf8(c[1]))

    # A corrected version of one report, dropped beside the others under a new name.
    corrected = inbox / "corrected" / f"{Path(old_path).stem}-v2.txt"
    corrected.parent.mkdir()
    corrected.write_bytes(Path(old_path).read_bytes() + "\n（本报告已更正）\n".encode("utf-8"))
    age(corrected, 60)
    tick = _tick(inbox, cursor)
    [request] = tick.run_requests
    assert request.run_config["ops"][RAW_LOAD_OP]["config"]["paths"] == [str(corrected.resolve())]

    counter = ParseCounter(monkeypatch)
    settings = Settings.from_env().with_paths(warehouse=db, data_docs_dir=tmp_path / "docs",
                                              reports_dir=tmp_path / "reports", inbox_dir=inbox)
    job = build_definitions(settings, input_dir=tmp_path / "not_used").resolve_job_def(WAREHOUSE_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(run_config=request.run_config, instance=instance, raise_on_error=False)
    assert result.success
    assert counter.paths == [str(corrected.resolve())]

    with connect_for_query(db) as con:
        after = dict(con.execute("select report_id, ingested_at from raw.reports").fetchall())
        versions = con.execute("select report_id, is_current from dim_report where agency = ? and year = ? "
                               "order by ingested_at", [agency, year]).fetchall()
        bodies_not_one_current = con.execute(
            "select count(*) from (select agency, year, count(*) filter (where is_current) as n from dim_report "
            "where agency is not null and year is not null group by all) where n <> 1").fetchone()[0]
    new_ids = set(after) - set(before)
    assert len(new_ids) == 1 and {k: after[k] for k in before} == before
    [new_id] = new_ids
    assert after[new_id] > max(before.values())
    assert versions == [(old_id, False), (new_id, True)]  # both kept, the newest current
    assert bodies_not_one_current == 0


def _is_utf8(path: str) -> bool:
    data = Path(path).read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.startswith(b"\xef\xbb\xbf")
