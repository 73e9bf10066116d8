"""One small reader per file format; each turns bytes into a neutral `SourceDoc`.

A reader module exposes `read(data: bytes, path: str) -> SourceDoc` and raises
`UnreadableError` (with a reason a person understands) when the file cannot be read at all.
Readers are imported lazily so `gongkai parse` on text files never pays for PDF libraries.
"""

from __future__ import annotations

import importlib
import re
from pathlib import PurePath

from ingest.model import SourceDoc


class UnreadableError(Exception):
    """The file cannot be read at all; the message says why (goes to issues and quarantine)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# extension -> (reader module, contract format name)
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("ingest.readers.text", "txt"),
    ".text": ("ingest.readers.text", "txt"),
    ".md": ("ingest.readers.text", "md"),
    ".html": ("ingest.readers.html", "html"),
    ".htm": ("ingest.readers.html", "html"),
    ".shtml": ("ingest.readers.html", "html"),
    ".docx": ("ingest.readers.docx", "docx"),
    ".pdf": ("ingest.readers.pdf", "pdf"),
    ".xlsx": ("ingest.readers.xlsx", "xlsx"),
    ".xls": ("ingest.readers.xlsx", "xlsx"),
    ".png": ("ingest.readers.scan", "image"),
    ".jpg": ("ingest.readers.scan", "image"),
    ".jpeg": ("ingest.readers.scan", "image"),
    ".tif": ("ingest.readers.scan", "image"),
    ".tiff": ("ingest.readers.scan", "image"),
}
# Formats a reader may report instead of its extension's: a PDF read by OCR.
_READER_FORMATS = frozenset({"pdf_scanned"})
SUPPORTED_SUFFIXES = frozenset(READERS)


# Page images of one report: `<stem>.p1.png`, `<stem>.p2.png`, … (see ingest/readers/scan.py).
PAGE_PART = re.compile(r"^(?P<stem>.+)\.p(?P<n>\d{1,3})$", re.IGNORECASE)
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def is_later_page(path: str) -> bool:
    """`report.p2.png` and after: read as part of `report.p1.png`, not as a report."""
    p = PurePath(path)
    m = PAGE_PART.match(p.stem)
    return p.suffix.lower() in IMAGE_SUFFIXES and bool(m) and int(m.group("n")) > 1


def format_of(path: str) -> str | None:
    entry = READERS.get(PurePath(path).suffix.lower())
    return entry[1] if entry else None


def read(data: bytes, path: str) -> SourceDoc:
    suffix = PurePath(path).suffix.lower()
    entry = READERS.get(suffix)
    if entry is None:
        raise UnreadableError("unreadable.unsupported_format", f"unsupported file type {suffix or '(none)'!r}")
    module = importlib.import_module(entry[0])
    doc = module.read(data, path)
    if doc.format not in _READER_FORMATS:
        doc.format = entry[1]
    return doc
