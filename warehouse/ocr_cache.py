"""OCR results kept by content hash, so a scan is OCR'd once and its report loaded from here.

The OCR step (orchestration asset `ocr_pages`, its own concurrency pool) reads the new scans
of a run (images, image-only PDFs: ingest.readers.scan.needs_ocr) and keeps each parsed
report, a quarantined one too, as `<folder>/<sha256>.pickle`; the raw load takes scans from
here instead of parsing them. A file holding the same bytes under another name, or read again
after the warehouse was rebuilt, is not OCR'd again. The folder is `ocr_cache/` beside the
warehouse (the data folder); deleting it only costs OCR time. An entry is touched when a run
meets its scan again, and `prune` (run by the OCR step) removes those unused for
`ingest.user_cache.MAX_UNUSED_DAYS` days whose scan the warehouse no longer holds: scans
removed from the warehouse, entries written by another version (never read again). A scan still
loaded keeps its entry, so a rebuild of the warehouse does not OCR it again.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingest.model import ParsedReport
from ingest.parse import parse_file
from ingest.readers.scan import needs_ocr, page_count
from ingest.user_cache import MAX_UNUSED_DAYS, remove_unused, touch

FOLDER_NAME = "ocr_cache"


def cache_folder(warehouse: Path | str) -> Path:
    return Path(warehouse).parent / FOLDER_NAME


@dataclass
class OcrOutcome:
    scans: int = 0  # files that needed OCR
    cached: int = 0  # of them, already in the cache (not OCR'd again)
    read: int = 0  # OCR'd in this step
    pages: int = 0  # pages OCR'd in this step
    seconds: float = 0.0


class OcrCache:
    def __init__(self, folder: Path | str):
        self.folder = Path(folder)

    def _file(self, sha: str) -> Path:
        return self.folder / f"{sha}.pickle"

    def holds(self, sha: str) -> bool:
        found = self._file(sha).is_file()
        if found:
            touch(self._file(sha))
        return found

    def get(self, sha: str, path: str) -> ParsedReport | None:
        """The cached report of these bytes, under the name it is loaded from (`path`)."""
        try:
            doc = pickle.loads(self._file(sha).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent, or written by another version: OCR'd again
        if not isinstance(doc, ParsedReport) or doc.sha256 not in (sha, ""):
            return None
        touch(self._file(sha))
        doc.path = path
        return doc

    def prune(self, loaded: Collection[str] = (), max_unused_days: float = MAX_UNUSED_DAYS) -> list[Path]:
        """Remove the entries no run has met for max_unused_days except those of `loaded` (sha256
        of the warehouse's documents and quarantined files), and temporary files of a write cut
        short (older than a day). Returns what was removed."""
        keep = {self._file(sha) for sha in loaded}
        return [*remove_unused(self.folder, "*.pickle", max_unused_days, keep),
                *remove_unused(self.folder, ".part-*", 1)]

    def put(self, sha: str, doc: ParsedReport) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        with os.fdopen(fd, "wb") as out:
            pickle.dump(doc, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, self._file(sha))  # a reader never sees half a file

    def ocr(self, files: Iterable[tuple[str, str]], log: Callable[[str], None] = lambda _: None) -> OcrOutcome:
        """OCR the scans among `files` ((path, sha256) of new content) not cached yet;
        `log` hears the pages done after each file."""
        out = OcrOutcome()
        todo = []
        for path, sha in files:
            if not needs_ocr(path):
                continue
            out.scans += 1
            if self.holds(sha):
                out.cached += 1
            else:
                todo.append((path, sha, page_count(path)))
        total = sum(n for _, _, n in todo)
        started = time.perf_counter()
        for path, sha, pages in todo:
            doc = parse_file(path)
            self.put(doc.sha256 or sha, doc)
            out.read += 1
            out.pages += pages
            log(f"OCR: {out.pages}/{total} pages done ({out.read}/{len(todo)} scans; {Path(path).name}: "
                f"{doc.parse_status})")
        out.seconds = time.perf_counter() - started
        return out
