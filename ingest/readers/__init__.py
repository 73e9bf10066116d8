"""One small reader per file format; each turns bytes into a neutral `SourceDoc`.

Which module reads which suffix is `ingest/data/file_types.csv` (ingest.file_types).
A reader module exposes `read(data: bytes, path: str) -> SourceDoc` and raises
`UnreadableError` (with a reason a person understands) when the file cannot be read at all.
Readers are imported lazily so `gongkai parse` on text files never pays for PDF libraries.
"""

from __future__ import annotations

import importlib
import sys
import re
from pathlib import PurePath

from ingest.file_types import FILE_TYPES, READER_FORMATS, file_type, suffix_list
from ingest.model import SourceDoc


class UnreadableError(Exception):
    """The file cannot be read at all; the message says why (goes to issues and quarantine)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# Page images of one report: `<stem>.p1.png`, `<stem>.p2.png`, … (see ingest/readers/scan.py).
PAGE_PART = re.compile(r"^(?P<stem>.+)\.p(?P<n>\d{1,3})$", re.IGNORECASE)
IMAGE_SUFFIXES = frozenset(t.suffix for t in FILE_TYPES if t.format == "image")


def is_later_page(path: str) -> bool:
    """`report.p2.png` and after: read as part of `report.p1.png`, not as a report."""
    p = PurePath(path)
    m = PAGE_PART.match(p.stem)
    return p.suffix.lower() in IMAGE_SUFFIXES and bool(m) and int(m.group("n")) > 1


def format_of(path: str) -> str | None:
    entry = file_type(path)
    return entry.format if entry else None


def read(data: bytes, path: str) -> SourceDoc:
    entry = file_type(path)
    if entry is None:
        suffix = PurePath(path).suffix.lower()
        raise UnreadableError("unreadable.unsupported_format",
                              f"unsupported file type {suffix or '(none)'!r} (read: {suffix_list()})")
    module = importlib.import_module(entry.reader)
    doc = module.read(data, path)
    if doc.format not in READER_FORMATS:  # a reader's own format (a PDF read by OCR) stays
        doc.format = entry.format
    return doc


def service_reader(path: str):
    """The reader module of `path` when it converts through a service that can be started early
    and handed files ahead of time (module functions `start()` and `prefetch(data, path)`), else None."""
    entry = file_type(path)
    if entry is None:
        return None
    module = importlib.import_module(entry.reader)
    return module if hasattr(module, "prefetch") else None


def stop_services() -> None:
    """Stop the converter services this process started (LibreOffice), if any were."""
    converter = sys.modules.get("ingest.readers._libreoffice")
    if converter is not None:
        converter.shutdown()
