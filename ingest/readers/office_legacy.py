"""Office formats read through LibreOffice: .doc/.wps/.rtf/.odt become DOCX and .et/.ods become
XLSX (ingest/readers/_libreoffice.py), then the DOCX / XLSX reader reads them (merged cells and
all). The SourceDoc keeps the original format and says which converter made it readable.

A zip-based input (.odt/.ods) has its package sizes checked before LibreOffice inflates it.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ingest.model import SourceDoc
from ingest.readers import UnreadableError, _libreoffice
from ingest.readers._office_zip import open_package

_OOXML_READERS = {"docx": "ingest.readers.docx", "xlsx": "ingest.readers.xlsx"}


def _check(data: bytes, suffix: str) -> None:
    if not data.strip():
        raise UnreadableError("unreadable.empty", "the file is empty")
    if data[:2] == b"PK":  # OpenDocument package: refuse zip bombs before LibreOffice inflates them
        open_package(data, suffix.lstrip(".").upper()).close()


def read(data: bytes, path: str) -> SourceDoc:
    suffix = PurePath(path).suffix.lower()
    _check(data, suffix)
    payload, kind, converter = _libreoffice.convert(data, suffix)
    doc = importlib.import_module(_OOXML_READERS[kind]).read(payload, path)
    doc.converted_by = converter
    return doc


def start() -> None:
    """Files of these formats are coming: start LibreOffice now (ingest.parse.parse_files)."""
    _libreoffice.start()


def prefetch(data: bytes, path: str) -> None:
    """Have LibreOffice convert this file while the one before it is read (same checks as `read`)."""
    suffix = PurePath(path).suffix.lower()
    try:
        _check(data, suffix)
    except UnreadableError:
        return
    _libreoffice.prefetch(data, suffix)
