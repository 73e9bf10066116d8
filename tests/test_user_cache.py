"""The user-cache folder: entries used are kept, entries of the same kind unused for a month go."""

from __future__ import annotations

import os
import time

from ingest import user_cache


def _aged(path, days: float):
    t = time.time() - days * 86400
    os.utime(path, (t, t))
    return path


def test_prune_removes_only_old_entries_of_its_kind(tmp_path):
    current = tmp_path / "region-new.pickle"
    current.write_bytes(b"x")
    _aged(current, 400)  # the one in use is kept whatever its age
    old = tmp_path / "region-old.pickle"
    old.write_bytes(b"x")
    _aged(old, 31)
    recent = tmp_path / "region-recent.pickle"
    recent.write_bytes(b"x")
    _aged(recent, 29)
    other_kind = tmp_path / "libreoffice-profile-abc"
    (other_kind / "user").mkdir(parents=True)
    _aged(other_kind, 365)
    assert user_cache.prune(current, "region-*.pickle") == [old]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "libreoffice-profile-abc", "region-new.pickle", "region-recent.pickle"]
    profile = tmp_path / "libreoffice-profile-new"
    profile.mkdir()
    assert user_cache.prune(profile, "libreoffice-profile-*") == [other_kind]  # a folder, with its files


def test_touch_marks_an_entry_used_at_most_once_a_day(tmp_path):
    entry = tmp_path / "region-x.pickle"
    entry.write_bytes(b"x")
    _aged(entry, 2)
    user_cache.touch(entry)
    assert time.time() - entry.stat().st_mtime < 60
    _aged(entry, 0.5)
    before = entry.stat().st_mtime
    user_cache.touch(entry)
    assert entry.stat().st_mtime == before
    user_cache.touch(tmp_path / "absent")  # nothing to mark: no error


def test_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache.folder() == tmp_path / "gongkai"
