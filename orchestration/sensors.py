"""Unattended loading: the inbox sensor and the daily schedule (both on by default).

* `inbox_sensor` looks at the inbox (settings.inbox_dir: $GONGKAI_INBOX, default
  data/inbox) every 30 s. Its cursor holds (size, mtime) of every report file seen; a file
  that is new or whose size or mtime changed, and has been left alone for SETTLE_SECONDS
  (still being copied otherwise), is requested in one run of the warehouse job, with the
  paths in the run config of `load_raw_tables`: that run hashes and parses only them (and
  skips any whose content the warehouse already holds). Scans (images, image-only PDFs) go
  in a run of their own: its OCR step (pool `ocr`) holds no pool the text reports' run needs.
* `daily_inbox_scan` runs the whole job at 02:00 Beijing time over the whole inbox: a net
  for anything the sensor missed (a run that failed, a cursor reset), costing one hash per
  unchanged file and no parsing.

No `from __future__ import annotations`: Dagster inspects real annotations.
"""

import base64
import hashlib
import json
import time
import zlib
from pathlib import Path
from typing import Any

import dagster as dg

from ingest.readers.scan import needs_ocr
from orchestration.raw_assets import OCR_ASSET_KEY, RAW_LOAD_OP
from warehouse.inbox import InboxFile, canonical_root, scan

INBOX_SENSOR = "inbox_sensor"
DAILY_SCHEDULE = "daily_inbox_scan"
SENSOR_INTERVAL_SECONDS = 30
SETTLE_SECONDS = 10  # a file modified more recently may still be being written: next tick
MAX_PATHS_PER_RUN = 1000  # more changed files than this: the run scans the whole inbox instead
SCHEDULE_CRON = "0 2 * * *"
SCHEDULE_TIMEZONE = "Asia/Shanghai"
OCR_OP = OCR_ASSET_KEY.path[-1]  # reads the same files (orchestration/raw_assets.py)
FILES_TAG = "gongkai/files"
_CURSOR_PREFIX = "z1:"


def raw_load_run_config(input_dir: Path | str, paths: list[str] | None = None) -> dict[str, Any]:
    """Run config of the warehouse job reading `input_dir` (only `paths` under it, when given)."""
    config: dict[str, Any] = {"input_dir": str(input_dir)}
    if paths is not None:
        config["paths"] = [str(p) for p in paths]
    return {"ops": {RAW_LOAD_OP: {"config": config}, OCR_OP: {"config": dict(config)}}}


def encode_cursor(root: Path, files: dict[str, list[int]]) -> str:
    payload = json.dumps({"root": str(root), "files": files}, ensure_ascii=False, sort_keys=True,
                         separators=(",", ":")).encode("utf-8")
    return _CURSOR_PREFIX + base64.b64encode(zlib.compress(payload, 6)).decode("ascii")


def decode_cursor(cursor: str | None) -> tuple[str | None, dict[str, list[int]]]:
    """(root, {path relative to root: [size, mtime_ns]}); nothing seen for an empty or unknown cursor."""
    if not cursor or not cursor.startswith(_CURSOR_PREFIX):
        return None, {}
    try:
        data = json.loads(zlib.decompress(base64.b64decode(cursor[len(_CURSOR_PREFIX):])))
    except (ValueError, zlib.error):
        return None, {}
    return data.get("root"), {k: list(v) for k, v in data.get("files", {}).items()}


def changed_files(inbox: Path, cursor: str | None, now: float | None = None,
                  exclude: tuple[Path, ...] = ()) -> tuple[list[InboxFile], str, int]:
    """(files new or changed since the cursor and settled, the next cursor, files still settling)."""
    root = canonical_root(inbox)
    now = time.time() if now is None else now
    seen_root, seen = decode_cursor(cursor)
    if seen_root != str(root):
        seen = {}
    changed: list[InboxFile] = []
    next_seen: dict[str, list[int]] = {}
    settling = 0
    for entry in scan(root, exclude=exclude):
        key = entry.path.relative_to(root).as_posix()
        fingerprint = list(entry.fingerprint)
        if seen.get(key) == fingerprint:
            next_seen[key] = fingerprint
        elif now - entry.mtime_ns / 1e9 < SETTLE_SECONDS:
            settling += 1
            if key in seen:
                next_seen[key] = seen[key]
        else:
            changed.append(entry)
            next_seen[key] = fingerprint
    return changed, encode_cursor(root, next_seen), settling


def build_inbox_sensor(inbox_dir: Path, job_name: str, exclude: tuple[Path, ...] = ()) -> dg.SensorDefinition:
    """`exclude`: gongkai's own files and folders (Settings.own_paths), should the inbox hold them."""
    inbox = Path(inbox_dir)

    @dg.sensor(
        name=INBOX_SENSOR,
        job_name=job_name,
        minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description=f"Starts a run for report files new or changed in {inbox} (by size and mtime; the run "
                    "then parses only content the warehouse does not hold, by sha256).",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult:
        if not inbox.is_dir():
            return dg.SensorResult(skip_reason=f"no inbox folder {inbox}: create it and drop reports there")
        changed, cursor, settling = changed_files(inbox, context.cursor, exclude=exclude)
        if not changed:
            wait = f"; {settling} still being written" if settling else ""
            return dg.SensorResult(skip_reason=f"no new or changed report file in {inbox}{wait}", cursor=cursor)
        context.log.info(f"{len(changed)} new or changed report files in {inbox}")
        if len(changed) > MAX_PATHS_PER_RUN:
            groups: list[list[InboxFile] | None] = [None]  # one run over the whole inbox
        else:
            scans = [e for e in changed if needs_ocr(e.path)]
            groups = [g for g in ([e for e in changed if e not in scans], scans) if g]
        return dg.SensorResult(run_requests=[_run_request(inbox, group or changed, group is not None)
                                             for group in groups], cursor=cursor)

    return inbox_sensor


def _run_request(inbox: Path, files: list[InboxFile], with_paths: bool) -> dg.RunRequest:
    run_key = hashlib.sha256(
        json.dumps(sorted((str(e.path), e.size, e.mtime_ns) for e in files)).encode("utf-8")
    ).hexdigest()[:32]
    paths = [str(e.path) for e in files] if with_paths else None
    return dg.RunRequest(run_key=run_key, run_config=raw_load_run_config(canonical_root(inbox), paths),
                         tags={FILES_TAG: str(len(files))})


def build_daily_schedule(inbox_dir: Path, job_name: str) -> dg.ScheduleDefinition:
    inbox = Path(inbox_dir)

    @dg.schedule(
        name=DAILY_SCHEDULE,
        job_name=job_name,
        cron_schedule=SCHEDULE_CRON,
        execution_timezone=SCHEDULE_TIMEZONE,
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description=f"Every day at 02:00 Beijing time: the whole job over every file in {inbox} "
                    "(unchanged files are hashed, not parsed).",
    )
    def daily_inbox_scan(context: dg.ScheduleEvaluationContext):
        if not inbox.is_dir():
            return dg.SkipReason(f"no inbox folder {inbox}")
        return dg.RunRequest(run_config=raw_load_run_config(canonical_root(inbox)))

    return daily_inbox_scan
