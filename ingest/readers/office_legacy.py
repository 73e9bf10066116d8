"""Office formats read through LibreOffice (ingest/readers/_libreoffice.py): .et/.ods become
XLSX and .doc/.wps/.rtf/.odt become DOCX, then the DOCX / XLSX reader reads them (merged cells
and all). A text document holding nothing but paragraphs and tables comes back as HTML instead
(a quarter of the export's CPU; the bridge decides: _uno_bridge.py), read by the HTML reader as
the DOCX reader would read it. The SourceDoc keeps the original format and says which converter
made it readable.

A zip-based input (.odt/.ods) has its package sizes checked before LibreOffice inflates it.
"""

from __future__ import annotations

import importlib
from pathlib import PurePath

from ingest.model import SourceDoc
from ingest.readers import UnreadableError, _libreoffice, html
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
    doc = read_converted(payload, kind, path)
    doc.converted_by = converter
    return doc


def read_converted(payload: bytes, kind: str, path: str) -> SourceDoc:
    """LibreOffice's output ("html", "docx" or "xlsx") through its reader."""
    if kind == "html":
        return html.read_libreoffice(payload)
    return importlib.import_module(_OOXML_READERS[kind]).read(payload, path)


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
