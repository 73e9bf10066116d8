"""ParsedReports -> column-oriented Arrow tables of the warehouse's raw schema.

Pure data shaping: no database, no orchestration. `report_id` is the first 16 hex
characters of the file's sha256, so the same document always gets the same id.
Documents that could not be read at all (parse_status "failed") become quarantine rows
instead of report rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa

from ingest.model import ParsedReport
from ingest.narrative_text import SECTIONS, section_chars
from ingest.region import agency_key

REPORT_ID_LENGTH = 16
AGENCY_ID_LENGTH = 12

# Timestamps are UTC, stored without zone.
_TIMESTAMP = pa.timestamp("us")

RAW_REPORTS_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("source_path", pa.string()),
        ("source_format", pa.string()),
        ("sha256", pa.string()),
        ("agency", pa.string()),
        ("year", pa.int32()),
        ("format_version", pa.string()),
        ("province", pa.string()),
        ("city", pa.string()),
        ("county", pa.string()),
        ("division_code", pa.string()),
        ("agency_kind", pa.string()),
        ("region_confidence", pa.string()),
        ("region_data_version", pa.string()),
        ("agency_key", pa.string()),
        ("agency_id", pa.string()),
        ("content_key", pa.string()),
        ("title", pa.string()),
        ("parse_status", pa.string()),
        ("narrative_json", pa.string()),
        ("issue_count", pa.int32()),
        ("ingested_at", _TIMESTAMP),
    ]
)
RAW_CELLS_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("table_name", pa.string()),
        ("row_code", pa.string()),
        ("col_code", pa.string()),
        ("value", pa.float64()),
        ("state", pa.string()),
        ("raw_text", pa.string()),
        ("row_label", pa.string()),
        ("col_label", pa.string()),
        ("location", pa.string()),
        # a cell read by OCR: the recognition confidence of its least certain character
        ("ocr_confidence", pa.float64()),
    ]
)
RAW_IDENTITIES_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("identity", pa.string()),
        ("scope", pa.string()),
        ("lhs", pa.float64()),
        ("rhs", pa.float64()),
        ("status", pa.string()),
        ("severity", pa.string()),
        ("zero_filled", pa.bool_()),
        ("detail", pa.string()),
    ]
)
RAW_ISSUES_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("severity", pa.string()),
        ("code", pa.string()),
        ("message", pa.string()),
        ("location", pa.string()),
    ]
)
RAW_NARRATIVE_SECTIONS_SCHEMA = pa.schema(
    [
        ("report_id", pa.string()),
        ("section", pa.string()),  # ingest.narrative_text.SECTIONS: overview | problems | other
        ("located", pa.bool_()),  # the section's heading was found
        ("text", pa.string()),  # cleaned of page chrome; NULL when not located
        ("chars", pa.int32()),  # characters of text, line breaks not counted
    ]
)
RAW_QUARANTINE_SCHEMA = pa.schema(
    [
        ("source_path", pa.string()),
        ("sha256", pa.string()),
        ("reason", pa.string()),
        ("detected_at", _TIMESTAMP),
    ]
)

# Table name in the warehouse's `raw` schema -> its Arrow schema. Tables keyed by report_id.
REPORT_TABLES: dict[str, pa.Schema] = {
    "reports": RAW_REPORTS_SCHEMA,
    "cells": RAW_CELLS_SCHEMA,
    "identities": RAW_IDENTITIES_SCHEMA,
    "issues": RAW_ISSUES_SCHEMA,
    "narrative_sections": RAW_NARRATIVE_SECTIONS_SCHEMA,
}
RAW_SCHEMAS: dict[str, pa.Schema] = {**REPORT_TABLES, "quarantine": RAW_QUARANTINE_SCHEMA}


def report_id(sha256: str) -> str:
    return sha256[:REPORT_ID_LENGTH].lower()


@dataclass(frozen=True)
class RawBatch:
    """One load's worth of raw rows, one Arrow table per raw relation."""

    reports: pa.Table
    cells: pa.Table
    identities: pa.Table
    issues: pa.Table
    narrative_sections: pa.Table
    quarantine: pa.Table
    # Every file of the batch, loaded or quarantined: a quarantine row at one of these
    # paths is replaced by what this batch says about the file.
    source_paths: tuple[str, ...]

    @property
    def report_ids(self) -> list[str]:
        return self.reports.column("report_id").to_pylist()

    def table(self, name: str) -> pa.Table:
        return getattr(self, name)


def build_batch(parsed: Iterable[ParsedReport], ingested_at: datetime | None = None) -> RawBatch:
    now = _utc_naive(ingested_at or datetime.now(UTC))
    columns = {name: {field.name: [] for field in schema} for name, schema in RAW_SCHEMAS.items()}
    seen_ids: set[str] = set()
    paths: list[str] = []

    for doc in parsed:
        paths.append(doc.path)
        if doc.parse_status == "failed":
            _append(columns["quarantine"], _quarantine_row(doc, now))
            continue
        rid = report_id(doc.sha256)
        if rid in seen_ids:  # the same bytes under a second name: one document version
            continue
        seen_ids.add(rid)
        _append(columns["reports"], _report_row(rid, doc, now))
        for cell in doc.cells:
            _append(
                columns["cells"],
                {
                    "report_id": rid,
                    "table_name": cell.table,
                    "row_code": cell.key,
                    "col_code": cell.sub,
                    "value": None if cell.value is None else float(cell.value),
                    "state": cell.state,
                    "raw_text": cell.raw,
                    "row_label": cell.row_label,
                    "col_label": cell.col_label,
                    "location": cell.where,
                    "ocr_confidence": None if cell.ocr is None else round(float(cell.ocr[1]), 4),
                },
            )
        for result in doc.identities:
            _append(
                columns["identities"],
                {
                    "report_id": rid,
                    "identity": result.id,
                    "scope": result.scope,
                    "lhs": result.lhs,
                    "rhs": result.rhs,
                    "status": result.status,
                    "severity": result.severity,
                    "zero_filled": result.zero_filled,
                    "detail": result.detail,
                },
            )
        for section, _ in SECTIONS:
            text = doc.sections.get(section)
            _append(columns["narrative_sections"], {"report_id": rid, "section": section, "located": text is not None,
                                                    "text": text, "chars": section_chars(text)})
        for issue in doc.issues:
            _append(
                columns["issues"],
                {
                    "report_id": rid,
                    "severity": issue.severity,
                    "code": issue.code,
                    "message": issue.message,
                    "location": issue.where,
                },
            )

    tables = {name: pa.table(columns[name], schema=schema) for name, schema in RAW_SCHEMAS.items()}
    return RawBatch(**tables, source_paths=tuple(dict.fromkeys(paths)))


def content_key(doc: ParsedReport) -> str:
    """Hash of what the report says (body, year, every cell): equal for the same report
    published twice, in two formats or re-published unchanged."""
    m = doc.meta
    parts = [m.agency or "", str(m.year or "")]
    parts += [f"{c.table}/{c.key}/{c.sub}={c.value}:{c.state}" for c in doc.cells]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:REPORT_ID_LENGTH]


def _report_row(rid: str, doc: ParsedReport, now: datetime) -> dict:
    meta = doc.meta
    key = agency_key(meta.agency, meta.division_code) if meta.agency else None
    return {
        "report_id": rid,
        "source_path": doc.path,
        "source_format": doc.format,
        "sha256": doc.sha256,
        "agency": meta.agency,
        "year": meta.year,
        "format_version": meta.format_version,
        "province": meta.province,
        "city": meta.city,
        "county": meta.county,
        "division_code": meta.division_code,
        "agency_kind": meta.agency_kind,
        "region_confidence": meta.region_confidence,
        "region_data_version": meta.region_data_version,
        "agency_key": key,
        "agency_id": hashlib.sha256(key.encode("utf-8")).hexdigest()[:AGENCY_ID_LENGTH] if key else None,
        "content_key": content_key(doc),
        "title": meta.title,
        "parse_status": doc.parse_status,
        "narrative_json": json.dumps(doc.narrative, ensure_ascii=False, sort_keys=True, default=str),
        "issue_count": len(doc.issues),
        "ingested_at": now,
    }


def _quarantine_row(doc: ParsedReport, now: datetime) -> dict:
    errors = [i for i in doc.issues if i.severity == "error"] or doc.issues
    reason = "; ".join(f"{i.code}: {i.message}" for i in errors) or "unreadable"
    return {"source_path": doc.path, "sha256": doc.sha256, "reason": reason, "detected_at": now}


def _append(columns: dict[str, list], row: dict) -> None:
    for name, values in columns.items():
        values.append(row[name])


def _utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
