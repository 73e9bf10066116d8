"""One file → one `ParsedReport`. Never raises on bad input: problems become `issues`."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest import codes
from ingest.agency_kind import agency_kind
from ingest.identities import evaluate
from ingest.mapper import map_rows
from ingest.metadata import read_metadata
from ingest.model import Cell, Issue, ParsedReport, ReportMeta, SourceDoc
from ingest.narrative import extract_narrative
from ingest.file_types import OCR_FORMATS
from ingest.ocr_check import settle
from ingest.labels import label_table
from ingest.normalize import (MISSING, TRADITIONAL_SHARE, _trad_only_pattern, nfkc_text, to_simplified,
                              traditional_share)
from ingest.readers import UnreadableError, format_of, read, service_reader
from ingest.region import REGION_DATA_VERSION, resolve_region

MAX_FILE_BYTES = 64 * 1024 * 1024


def warm_up() -> None:
    """Load the lazily built tables (labels, traditional characters, regions) in this process."""
    label_table()
    _trad_only_pattern()
    resolve_region("赣县区商务局")


def parse_file(path: str | Path) -> ParsedReport:
    path = Path(path)
    data = _read(path)
    return data if isinstance(data, ParsedReport) else parse_bytes(data, str(path))


def parse_files(paths: Iterable[str | Path]) -> Iterator[ParsedReport]:
    """parse_file per path, in order. Files whose reader converts them through a service
    (LibreOffice: `ingest.readers.service_reader`) are handed to it one file ahead, and the
    service is started before the first file: it converts while this process reads."""
    paths = [Path(p) for p in paths]
    ahead = [service_reader(str(p)) for p in paths]
    for reader in {r for r in ahead if r is not None}:
        reader.start()
    read: dict[int, bytes | ParsedReport] = {}

    def queue(i: int) -> None:
        if i < len(paths) and ahead[i] is not None and i not in read:
            read[i] = data = _read(paths[i])
            if isinstance(data, bytes):
                ahead[i].prefetch(data, str(paths[i]))

    for i, path in enumerate(paths):
        queue(i)
        queue(i + 1)
        data = read.pop(i) if i in read else _read(path)
        yield data if isinstance(data, ParsedReport) else parse_bytes(data, str(path))


def _read(path: Path) -> bytes | ParsedReport:
    """The file's bytes, or the failed report saying why they cannot be had."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return failed(str(path), "", format_of(str(path)) or "unknown", "unreadable.too_large",
                          f"the file is {size / 2**20:.0f} MiB; reports over {MAX_FILE_BYTES / 2**20:.0f} MiB are not read")
        return path.read_bytes()
    except OSError as exc:
        return failed(str(path), "", format_of(str(path)) or "unknown", "unreadable.io", f"cannot open the file: {exc}")


def parse_bytes(data: bytes, path: str) -> ParsedReport:
    sha = hashlib.sha256(data).hexdigest()
    fmt = format_of(path) or "unknown"
    try:
        doc = read(data, path)
    except UnreadableError as exc:
        return failed(path, sha, fmt, exc.code, exc.message)
    except Exception as exc:  # a reader bug must not stop a batch: report it as this file's error
        return failed(path, sha, fmt, "unreadable.reader_error", f"{type(exc).__name__}: {exc}")
    try:
        return _parse_doc(doc, path, sha)
    except Exception as exc:
        return failed(path, sha, doc.format, "unreadable.parser_error", f"{type(exc).__name__}: {exc}")


def _parse_doc(doc: SourceDoc, path: str, sha: str) -> ParsedReport:
    issues = list(doc.issues)
    text = nfkc_text(doc.text)
    declared = nfkc_text(doc.declared_title) if doc.declared_title else None
    if traditional_share(text) > TRADITIONAL_SHARE:
        text = to_simplified(text)
        declared = to_simplified(declared) if declared else None
        for row in doc.rows:
            row.cells = [c if c is None else to_simplified(c) for c in row.cells]
        issues.append(Issue("warning", "traditional_script", "traditional characters converted to simplified"))
    mapped = map_rows(doc.rows, doc.joinable)
    issues.extend(mapped.issues)
    if doc.format in OCR_FORMATS:
        issues.extend(settle(mapped.cells))
    meta = _meta(text, path, issues, declared)
    meta.format_version = mapped.format_version
    narrative = extract_narrative(text)
    identities = evaluate(mapped.cells, narrative)
    for r in identities:
        if r.status == "fail":
            issues.append(Issue(r.severity, f"identity_fail.{r.id}",
                                f"{r.id} fails for {r.scope}: {r.lhs} ≠ {r.rhs}", r.scope))
    if all(c.state == MISSING for c in mapped.cells):
        if doc.images:
            issues.append(Issue("error", "unreadable.image_only",
                                f"no table of the annual report was found as text, but the document holds "
                                f"{doc.images} embedded image(s): its tables or pages are pictures, which need "
                                "OCR (not available yet)"))
        else:
            issues.append(Issue("error", "unreadable.not_a_report",
                                "no table of the annual report (tables 2-4) was found in this document"))
    return ParsedReport(path, doc.format, sha, meta, mapped.cells, narrative, identities, issues,
                        converted_by=doc.converted_by, text=text)


def _meta(text: str, path: str, issues: list[Issue], declared_title: str | None) -> ReportMeta:
    found = read_metadata(text, path, declared_title)
    issues.extend(found.issues)
    year = found.year
    if year is not None and year > dt.date.today().year:
        issues.append(Issue("warning", "future_year", f"report year {year} lies in the future"))
    meta = ReportMeta(agency=found.agency, year=year, title=found.title,
                      agency_source=found.agency_source, year_source=found.year_source)
    _resolve_region(meta, text, path)
    return meta


def _resolve_region(meta: ReportMeta, text: str, path: str) -> None:
    region = resolve_region(meta.agency, text, path)
    meta.province, meta.city, meta.county = region.province, region.city, region.county
    meta.division_code, meta.region_confidence = region.division_code, region.confidence
    meta.region_data_version = REGION_DATA_VERSION
    meta.agency_kind = agency_kind(meta.agency) if meta.agency else None


def failed(path: str, sha: str, fmt: str, code: str, message: str) -> ParsedReport:
    """The contract's line for a file that could not be read at all: an error and empty tables."""
    cells = [Cell("proactive", i, m, None, MISSING) for i, m in codes.T2_CELLS]
    cells += [Cell("applications", o, a, None, MISSING) for o in codes.T3_OUTCOMES for a in codes.APPLICANTS]
    cells += [Cell("review_litigation", p, o, None, MISSING) for p, o in codes.T4_CELLS]
    issue = Issue("error", code if code.startswith("unreadable") else f"unreadable.{code}", f"{path}: {message}")
    return ParsedReport(path, fmt, sha, ReportMeta(), cells, {}, [], [issue])
