"""One small reader per file format; each turns bytes into a neutral `SourceDoc`.

Which module reads which suffix is `ingest/data/file_types.csv` (ingest.file_types).
A reader module exposes `read(data: bytes, path: str) -> SourceDoc` and raises
`UnreadableError` (with a reason a person understands) when the file cannot be read at all.
Readers are imported lazily so `gongkai parse` on text files never pays for PDF libraries.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import PurePath

from ingest.file_types import file_type, suffix_list
from ingest.model import SourceDoc


class UnreadableError(Exception):
    """The file cannot be read at all; the message says why (goes to issues and quarantine)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


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
    doc.format = entry.format
    return doc


def stop_services() -> None:
    """Stop the converter services this process started (LibreOffice), if any were."""
    converter = sys.modules.get("ingest.readers._libreoffice")
    if converter is not None:
        converter.shutdown()
