"""Helpers of the inbox, incremental, bad-input and concurrency tests: report files made by
the corpus generator, and a look at a warehouse's raw and mart tables."""

from __future__ import annotations

import os
import time
from pathlib import Path

from warehouse.store import connect_for_query

FAST_COMBOS = (("tsv", "txt"), ("pipe", "txt"), ("spaces", "txt"), ("markdown", "md"), ("grid", "html"))
MARTS = ("dim_report", "fct_proactive_disclosure", "fct_applications", "fct_review_litigation",
         "fct_identity_checks", "quarantine")
RAW = ("reports", "cells", "identities", "issues", "quarantine")


def report_bytes(index: int, seed: int = 11, combos=FAST_COMBOS) -> tuple[str, bytes]:
    """(generator file name, bytes) of generated report `index`: a distinct body per index."""
    from ingest.generator.corpus import make_document

    name, data, _, _ = make_document(seed, index, tuple(combos), 0.0)
    return name, data


def utf8_text_report(seed: int, layout: str = "tsv") -> bytes:
    """A generated plain-text report in UTF-8 (the generator draws encodings otherwise)."""
    from ingest.generator.render import render
    from ingest.generator.truth import make_truth

    data, _ = render(make_truth(seed, violations=[], verify=False), layout, "txt", overrides={"encoding": "utf-8"})
    return data


def write_reports(folder: Path, count: int, seed: int = 11, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        name, data = report_bytes(i, seed)
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def age(path: Path, seconds: float = 120) -> None:
    """Move the file's mtime into the past (the sensor waits for files to settle)."""
    past = time.time() - seconds
    os.utime(path, (past, past), follow_symlinks=False)


def state(db: Path) -> dict:
    """Row counts of the raw tables and marts, report ids, ingestion and quarantine times."""
    with connect_for_query(db) as con:
        counts = {f"raw.{t}": con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW}
        counts.update({t: con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in MARTS})
        return {
            "counts": counts,
            "reports": con.execute(
                "select report_id, source_path, ingested_at, is_current from marts.dim_report order by 1").fetchall(),
            "quarantine": con.execute(
                "select source_path, sha256, reason, detected_at from raw.quarantine order by 1").fetchall(),
        }


def reports_missing_rows(db: Path) -> list[tuple]:
    """Reports of raw.reports whose cells, identities or issues are not all in the warehouse:
    each is compared with what the parser gives for its file now."""
    from ingest.parse import parse_file

    with connect_for_query(db) as con:
        rows = con.execute("""
            select r.report_id, r.source_path,
                   (select count(*) from raw.cells c where c.report_id = r.report_id),
                   (select count(*) from raw.identities i where i.report_id = r.report_id),
                   (select count(*) from raw.issues s where s.report_id = r.report_id)
            from raw.reports r""").fetchall()
    bad = []
    for report_id, path, cells, identities, issues in rows:
        parsed = parse_file(path)
        want = (len(parsed.cells), len(parsed.identities), len(parsed.issues))
        if (cells, identities, issues) != want or cells < 200:
            bad.append((report_id, path, (cells, identities, issues), want))
    return bad
