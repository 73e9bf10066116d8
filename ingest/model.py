"""Neutral structures shared by readers, mapper and callers.

A reader turns a file into a `SourceDoc`: rows of cell texts in reading order, with
positions. The mapper turns rows into canonical `Cell`s. `ParsedReport.to_dict()` is the
JSON contract of `gongkai parse --json`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest import codes
from ingest.narrative_text import narrative_sections
from ingest.states import MISSING

# Marker for a grid position covered by a merged (rowspan/colspan) cell: not a blank cell.
SPANNED = None


@dataclass(slots=True)
class Row:
    """One physical row of the source: a text line, an HTML <tr>, a PDF text line.

    `cells` holds the texts of the row's cells left to right; an entry that is `SPANNED`
    (None) is a grid position covered by a merged cell from the left or from above, which
    is not the same as an empty ("" = blank) cell. A line of running text is a row of one cell.
    A row of no cells is a break between blocks of text (plain `pdftotext`): the values after
    it are not beside the label before it.
    """

    cells: list[str | None]
    line: int  # 1-based position of the row in the source (line number, row counter)
    page: int | None = None  # 1-based page for paginated sources
    table: int | None = None  # index of the source table (<table>, docx table, sheet) when known
    cols: list[int] | None = None  # display column where each cell starts (space-aligned text)
    # character offset where each cell starts: pdftotext -layout and inscriptis align columns
    # by characters (an ideograph counts one), not by display width
    chars: list[int] | None = None
    runs: bool = False  # its digit cells are several cells' values run together (separators lost)
    # OCR readers: per cell, (the text as recognised, its confidence 0..1), or None per cell
    # that was not recognised (blank, covered). `cells` then holds the reading used for mapping.
    ocr: list[tuple[str, float] | None] | None = None
    # per cell, whether a reader rebuilt it but could not read it (plain pdftotext's table 4:
    # `table4_columns.unread`): `missing`, its text empty; None for a row with no such cell
    unread: list[bool] | None = None


@dataclass(slots=True)
class Issue:
    severity: str  # "error" | "warning"
    code: str
    message: str
    where: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "code": self.code, "message": self.message, "where": self.where}


@dataclass(slots=True)
class SourceDoc:
    """What a reader produced from one file."""

    format: str  # the original file's format (ingest/data/file_types.csv): txt|md|html|docx|pdf|xlsx|doc|...; pdf_scanned|image when read by OCR
    rows: list[Row]
    text: str  # the document's running text (for title, narrative, region evidence)
    issues: list[Issue] = field(default_factory=list)
    declared_title: str | None = None  # the title the file declares apart from its text (HTML <title>)
    converted_by: str | None = None  # the converter (name and version) that made it readable, if any
    images: int = 0  # pictures embedded in the document (a report printed as images needs OCR)
    # plain `pdftotext` printed in flows: the lines (1-based) another line follows in their flow,
    # where a lone `-` after them would have left no trace (`ingest.readers.text.joinable`)
    joinable: frozenset[int] = frozenset()


@dataclass(slots=True)
class Cell:
    """One canonical cell of tables 2-4 with its provenance."""

    table: str  # "proactive" | "applications" | "review_litigation"
    key: str  # item / outcome / proceeding
    sub: str  # measure / applicant / outcome
    value: int | float | None
    state: str  # number | blank | not_applicable | missing
    raw: str | None = None  # the printed text, as read
    row_label: str | None = None  # printed row label(s)
    col_label: str | None = None  # printed column label
    where: str | None = None  # "line 57", "page 3 line 12"
    ocr: tuple[str, float] | None = None  # OCR'd cell: (text as recognised, confidence)


KEY_NAMES = {
    "proactive": ("item", "measure"),
    "applications": ("outcome", "applicant"),
    "review_litigation": ("proceeding", "outcome"),
}


@dataclass(slots=True)
class IdentityResult:
    id: str
    scope: str  # e.g. "natural_person", "granted", "administrative_review", "report"
    lhs: float | None
    rhs: float | None
    status: str  # pass | fail | undecidable
    severity: str  # error | warning
    zero_filled: bool = False  # blank / not_applicable cells were counted as 0
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "scope": self.scope,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "status": self.status,
            "severity": self.severity,
            "zero_filled": self.zero_filled,
            "detail": self.detail,
        }


@dataclass(slots=True)
class ReportMeta:
    agency: str | None = None
    year: int | None = None
    format_version: str = "2021"
    province: str | None = None
    city: str | None = None
    county: str | None = None
    division_code: str | None = None
    agency_kind: str | None = None
    region_confidence: str | None = None
    region_data_version: str | None = None
    title: str | None = None
    agency_source: str | None = None  # the place that states the body (ingest.metadata): title, signature, …
    year_source: str | None = None


@dataclass(slots=True)
class ParsedReport:
    path: str
    format: str
    sha256: str
    meta: ReportMeta
    cells: list[Cell]  # exactly the contract's 200 (+ `other` group when printed as one row)
    narrative: dict[str, Any]
    identities: list[IdentityResult]
    issues: list[Issue]
    converted_by: str | None = None  # e.g. "LibreOffice 7.4.7.2" for a .doc read through DOCX
    # the report's normalised text, from which `sections` are cut when asked for (only the
    # warehouse's records are: `gongkai parse` never pays for them); None for a failed file
    text: str | None = None
    _sections: dict[str, str | None] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def sections(self) -> dict[str, str | None]:
        """Narrative sections 一/五/六 as cleaned text (ingest.narrative_text); None: heading not found."""
        if self._sections is None:
            self._sections = {} if self.text is None else narrative_sections(self.text)
        return self._sections

    @property
    def parse_status(self) -> str:
        if any(i.severity == "error" and i.code.startswith("unreadable") for i in self.issues):
            return "failed"
        missing = [c.key for c in self.cells if c.state == MISSING]
        if missing and any(c.key == codes.OTHER_GROUP and c.table == "applications" for c in self.cells):
            # The three other.* sub-rows are `missing` by rule when （六）其他处理 is printed as one row.
            missing = [key for key in missing if key not in codes.OTHER_SUBROWS]
        return "partial" if missing else "ok"

    def table(self, name: str) -> list[dict[str, Any]]:
        k1, k2 = KEY_NAMES[name]
        return [
            {k1: c.key, k2: c.sub, "value": c.value, "state": c.state, "raw": c.raw}
            for c in self.cells
            if c.table == name
        ]

    def to_dict(self) -> dict[str, Any]:
        m = self.meta
        return {
            "source": {"path": self.path, "format": self.format, "sha256": self.sha256,
                       "converted_by": self.converted_by},
            "report": {
                "agency": m.agency,
                "year": m.year,
                "agency_source": m.agency_source,
                "year_source": m.year_source,
                "format_version": m.format_version,
                "province": m.province,
                "city": m.city,
                "county": m.county,
                "division_code": m.division_code,
                "agency_kind": m.agency_kind,
                "region_confidence": m.region_confidence,
                "parse_status": self.parse_status,
            },
            "proactive": self.table("proactive"),
            "applications": self.table("applications"),
            "review_litigation": self.table("review_litigation"),
            "narrative": self.narrative,
            "identities": [i.to_dict() for i in self.identities],
            "issues": [i.to_dict() for i in self.issues],
        }

