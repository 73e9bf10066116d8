"""The file types gongkai reads (`data/file_types.csv`): suffix → reader module, contract format.

The one list behind the readers (`ingest.readers.read`), `gongkai parse`, the files
`gongkai run` and the inbox sensor pick up, and the README's table of readable files. A
new type is a row there and a reader module exposing `read(data, path) -> SourceDoc`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib.resources import files
from pathlib import PurePath


@dataclass(frozen=True, slots=True)
class FileType:
    suffix: str  # lower case, with the dot: ".html"
    reader: str  # module exposing read(data: bytes, path: str) -> SourceDoc
    format: str  # `source.format` of the parse contract
    kind: str  # what such a file is, for people


def _load() -> tuple[FileType, ...]:
    with files("ingest").joinpath("data/file_types.csv").open(encoding="utf-8", newline="") as handle:
        rows = tuple(FileType(**row) for row in csv.DictReader(handle))
    for row in rows:
        if not (row.suffix.startswith(".") and row.suffix == row.suffix.lower() and row.reader and row.format):
            raise ValueError(f"ingest/data/file_types.csv: bad row {row}")
    if len({row.suffix for row in rows}) != len(rows):
        raise ValueError("ingest/data/file_types.csv: a suffix is listed twice")
    return rows


FILE_TYPES: tuple[FileType, ...] = _load()
# Formats a reader names itself, beyond its row's: a PDF whose pages are images is read by OCR.
READER_FORMATS: tuple[str, ...] = ("pdf_scanned",)
# `source.format` of the documents read by OCR: the OCR reader's rows, and the scanned PDF.
OCR_FORMATS: frozenset[str] = frozenset([*READER_FORMATS, *(t.format for t in FILE_TYPES
                                                           if t.reader == "ingest.readers.scan")])
BY_SUFFIX: dict[str, FileType] = {row.suffix: row for row in FILE_TYPES}
SUFFIXES: frozenset[str] = frozenset(BY_SUFFIX)


def file_type(path: str) -> FileType | None:
    """The type of a file by its name's suffix (any case); None for a file gongkai does not read."""
    return BY_SUFFIX.get(PurePath(path).suffix.lower())


def suffix_list() -> str:
    """The suffixes for help texts and messages: `.txt .text .md …` in the table's order."""
    return " ".join(row.suffix for row in FILE_TYPES)
