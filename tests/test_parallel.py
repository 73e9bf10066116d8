"""The worker pool of `gongkai parse`: tasks sized for the workers; a killed run's spool folder is removed later."""

from __future__ import annotations

import os
import subprocess
import time

from ingest import parallel


def test_spool_folders_of_killed_runs_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "_SPOOL_ROOT", str(tmp_path))
    gone = subprocess.Popen(["true"])
    gone.wait()
    hour_ago = time.time() - 3600

    def folder(name: str, mtime: float | None = None):
        path = tmp_path / name
        path.mkdir()
        (path / "0").write_bytes(b"{}\n")
        if mtime is not None:
            os.utime(path, (mtime, mtime))
        return path

    stale = folder(f"gongkai-parse-{gone.pid}-a", hour_ago)  # process gone, untouched for an hour
    recent = folder(f"gongkai-parse-{gone.pid}-b")  # process gone, but changed a moment ago
    alive = folder(f"gongkai-parse-{os.getpid()}-c", hour_ago)  # its process runs (paused reader)
    other = folder("gongkai-parse-notes", hour_ago)  # not named by a process
    new = parallel._spool_dir()
    assert not stale.exists() and recent.exists() and alive.exists() and other.exists()
    assert os.path.basename(new).startswith(f"gongkai-parse-{os.getpid()}-") and os.path.isdir(new)


def test_few_files_are_cut_into_enough_tasks_for_every_worker():
    assert parallel.chunk_files(100, 2) == 7  # 15 tasks: a worker never waits on the other's 32-file chunk
    assert parallel.chunk_files(5000, 2) == parallel.CHUNK_FILES == 32
    assert parallel.chunk_files(3, 4) == 1
