"""The inbox: which files under a folder are reports to read, and which of them are new.

Shared by the raw asset (what to parse) and the inbox sensor (when to start a run). No
Dagster, no DuckDB, no parser here: scanning costs one lstat per file, hashing one read.

* A report file is a regular file with a suffix of ingest/data/file_types.csv, not hidden
  (no part of its path under the root starts with "."), not a README, and not one of
  gongkai's own files when the folder holds them (`exclude`: the warehouse with its WAL and
  lock files, run reports, Data Docs, Dagster's home: settings.own_paths).
* Symbolic links are never followed out of the folder: a link to a file outside it (or a
  dangling link) is *refused* with a reason, and quarantined by the raw asset; a link to a
  file inside it is skipped (that file is read under its own name). Linked folders are not
  descended into. Other non-regular files (FIFOs, sockets, devices) are refused.
* Paths are made canonical (symlinks of the root itself and `..` segments resolved) so one
  file always has one source_path.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.file_types import SUFFIXES
from ingest.readers import is_later_page

_HASH_CHUNK = 1 << 20


@dataclass(frozen=True)
class InboxFile:
    """One report file found under the inbox root."""

    location: str  # canonical path: under the resolved root
    size: int
    mtime_ns: int
    refusal: str | None = None  # why it is not read (symlink out of the inbox, ...); None: a regular file
    ctime_ns: int = 0  # changes on every write, and cannot be set back (unlike mtime)

    @property
    def path(self) -> Path:
        return Path(self.location)

    @property
    def fingerprint(self) -> tuple[int, int]:
        return (self.size, self.mtime_ns)

    @property
    def stat_key(self) -> tuple[int, int, int]:
        """(size, mtime, ctime): while it is unchanged the bytes are (git and rsync trust less)."""
        return (self.size, self.mtime_ns, self.ctime_ns)


def canonical_root(root: Path | str) -> Path:
    return Path(os.path.realpath(root))


def is_report_name(relative: Path | str) -> bool:
    relative = os.fspath(relative)
    name = os.path.basename(relative)
    return (
        os.path.splitext(name)[1].lower() in SUFFIXES
        and not ("/" + relative).count("/.")  # no hidden part
        and not name.upper().startswith("README")
        and not is_later_page(name)  # `<stem>.p2.png`: read with `<stem>.p1.png`
    )


def scan(root: Path | str, only: Iterable[Path | str] | None = None,
         exclude: Iterable[Path | str] = ()) -> list[InboxFile]:
    """Report files under `root` (recursively), sorted by path; or, given `only`, those of
    the given paths that are report files under `root` (others are left out). Files and
    folders in `exclude` are not reports, whatever their names.

    Works on strings until a file is kept: a national inbox holds ~10^5 files.
    """
    root = canonical_root(root)
    top = os.fspath(root)
    own = _Excluded(exclude)
    if only is None:
        candidates = _walk(top, own)
    else:
        candidates = []
        for given in only:
            parent = os.path.realpath(os.path.dirname(os.path.abspath(given)))
            if parent == top or parent.startswith(top.rstrip(os.sep) + os.sep):
                candidates.append(os.path.join(parent, os.path.basename(given)))
    found = []
    skip = len(top.rstrip(os.sep)) + 1
    for path in sorted(set(candidates)):
        if not is_report_name(path[skip:]) or own.holds(path):
            continue
        entry = _inspect(root, path)
        if entry is not None:
            found.append(entry)
    return found


class _Excluded:
    """Canonical paths of files and folders that are not reports (gongkai's own)."""

    def __init__(self, paths: Iterable[Path | str]):
        self.paths = frozenset(os.path.realpath(p) for p in paths)
        self.prefixes = tuple(p.rstrip(os.sep) + os.sep for p in self.paths)

    def holds(self, path: str) -> bool:
        return bool(self.paths) and (path in self.paths or path.startswith(self.prefixes))


def _walk(root: str, own: _Excluded) -> list[str]:
    paths = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and not own.holds(os.path.join(dirpath, d))]
        paths.extend(os.path.join(dirpath, name) for name in filenames)
    return paths


def _inspect(root: Path, path: str) -> InboxFile | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:  # gone since it was listed
        return None
    if stat.S_ISREG(info.st_mode):
        return InboxFile(path, info.st_size, info.st_mtime_ns, ctime_ns=info.st_ctime_ns)
    if stat.S_ISDIR(info.st_mode):  # a folder named like a report file
        return None
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            reason = f"symbolic link to {target}, which does not exist: not followed"
        elif target == root or root in target.parents:
            return None  # read under the target's own name
        else:
            reason = f"symbolic link to {target}, outside the inbox {root}: not followed"
        return InboxFile(path, info.st_size, info.st_mtime_ns, refusal=reason)
    return InboxFile(path, info.st_size, info.st_mtime_ns,
                     refusal="not a regular file (a pipe, socket or device)")


def sha256_of(path: Path | str) -> str:
    """sha256 of the file's bytes, without following a symlink swapped in meanwhile."""
    digest = hashlib.sha256()
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# ---- which files a run parses ------------------------------------------------------------

REFUSED_CODE = "unreadable.not_followed"


@dataclass
class LoadPlan:
    """What a run does with the files it was given, decided by content hash before parsing."""

    to_parse: list[Path]  # new content: parse and load
    refusals: list  # ParsedReport (failed) of files refused unread: quarantine them
    clear_quarantine: list[str]  # paths whose quarantine row goes: they now hold an already loaded document
    unchanged: int  # files whose content (or refusal) the warehouse already has: not parsed
    hashed: int  # files read to hash them
    hash_reused: int = 0  # files whose sha256 the warehouse had for the same (size, mtime, ctime)
    new_hashes: list[tuple[str, int, int, int, str]] = field(default_factory=list)  # (path, size, mtime, ctime, sha)
    sha_of: dict[str, str] = field(default_factory=dict)  # path of a file to parse -> sha256 of its bytes

    def summary(self) -> dict[str, int]:
        return {"files_to_parse": len(self.to_parse), "files_unchanged": self.unchanged,
                "files_refused": len(self.refusals), "files_hashed": self.hashed,
                "files_hash_reused": self.hash_reused}


def plan_load(files: list[InboxFile], known) -> LoadPlan:
    """Split `files` by what `known` (warehouse.store.KnownFiles) already holds.

    * a regular file within the size limit is hashed (sha256 of its bytes, nothing parsed):
      content already in raw.reports, or already quarantined at this path, is unchanged;
      the hash is not read again while the file's (size, mtime, ctime) are those `known`
      recorded with it (a national inbox is ~10^5 files: reading them all costs seconds);
      a file quarantined because LibreOffice was missing is parsed again once it is installed;
    * a file refused unread (symlink out of the inbox, over the size limit) becomes a
      quarantine row, unless the same row (path, reason) is there already.
    """
    from ingest.parse import MAX_FILE_BYTES, failed, parse_file
    from ingest.readers import format_of

    plan = LoadPlan([], [], [], 0, 0)
    retry = _retry_rule()
    for entry in files:
        key = entry.location
        old = known.quarantine.get(key)
        if entry.refusal is not None or entry.size > MAX_FILE_BYTES:
            doc = (failed(key, "", format_of(key) or "unknown", REFUSED_CODE, entry.refusal)
                   if entry.refusal is not None else parse_file(entry.path))  # too large: stat only
            if old == (None, quarantine_reason(doc)):
                plan.unchanged += 1
            else:
                plan.refusals.append(doc)
            continue
        cached = known.file_hashes.get(key)
        if cached is not None and cached[0] == entry.stat_key:
            sha = cached[1]
            plan.hash_reused += 1
        else:
            try:
                sha = sha256_of(key)
            except OSError:  # vanished or unreadable: parse_file says why
                plan.to_parse.append(entry.path)
                continue
            plan.hashed += 1
            plan.new_hashes.append((key, *entry.stat_key, sha))
        if sha in known.report_sha256:
            plan.unchanged += 1
            if old is not None:
                plan.clear_quarantine.append(key)
        elif old is not None and old[0] == sha and not retry(old[1]):
            plan.unchanged += 1
        else:
            plan.to_parse.append(entry.path)
            plan.sha_of[str(entry.path)] = sha
    return plan


def _retry_rule():
    """Is a quarantine reason one that no longer holds? A file quarantined because its converter
    (LibreOffice) was missing is parsed again once the converter is installed."""
    from ingest.readers._libreoffice import MISSING_CODE, available

    now_available: list[bool] = []

    def retry(reason: str) -> bool:
        if not reason.startswith(MISSING_CODE):
            return False
        if not now_available:
            now_available.append(available())
        return now_available[0]

    return retry


def quarantine_reason(doc) -> str:
    from ingest.records import build_batch

    return build_batch([doc]).quarantine.column("reason")[0].as_py()


def refusal_batch(plan: LoadPlan):
    """The RawBatch writing the plan's refusals and clearing its stale quarantine rows (or None)."""
    import dataclasses

    from ingest.records import build_batch

    if not plan.refusals and not plan.clear_quarantine:
        return None
    batch = build_batch(plan.refusals)
    return dataclasses.replace(batch, source_paths=tuple(dict.fromkeys(batch.source_paths + tuple(plan.clear_quarantine))))
