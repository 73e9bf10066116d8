"""gongkai's folder beside the user's caches (`$XDG_CACHE_HOME/gongkai`, else `~/.cache/gongkai`).

Each entry is named after what built it (a digest of versions and file stamps), so an upgrade or
another clone adds entries beside the old ones. An entry is touched when used (at most once a
day) and `prune` removes those of its kind unused for `MAX_UNUSED_DAYS`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Collection
from pathlib import Path

MAX_UNUSED_DAYS = 30
_DAY = 86400.0


def folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gongkai"


def touch(entry: Path) -> None:
    """Mark entry used now (its mtime), unless it was already today."""
    with contextlib.suppress(OSError):
        if time.time() - entry.stat().st_mtime > _DAY:
            os.utime(entry)


def prune(current: Path, pattern: str, max_unused_days: float = MAX_UNUSED_DAYS) -> list[Path]:
    """Remove the entries beside current matching pattern (one kind) unused for max_unused_days;
    current is kept whatever its age. Returns what was removed; a failure removes nothing more."""
    return remove_unused(current.parent, pattern, max_unused_days, keep={current})


def remove_unused(folder: Path, pattern: str, max_unused_days: float = MAX_UNUSED_DAYS,
                  keep: Collection[Path] = ()) -> list[Path]:
    """Remove the entries of folder matching pattern whose mtime is older than max_unused_days
    (those in `keep` excepted). Returns what was removed; a failure removes nothing more."""
    removed = []
    limit = time.time() - max_unused_days * _DAY
    with contextlib.suppress(OSError):
        for entry in folder.glob(pattern):
            if entry in keep or entry.stat().st_mtime >= limit:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed
