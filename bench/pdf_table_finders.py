"""pdfplumber's line-based table finder vs this project's PDF reader (pdfium page objects +
ingest.readers.geometry) on the same rendered PDFs: cells exact / missing / wrong but stated
as read against each document's `<name>.truth.json`, and the reader's seconds per document.

    .venv/bin/python bench/pdf_table_finders.py FOLDER [FOLDER ...]   # LIMIT=20 by default

Figures: docs/pdf-library.md.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pdfplumber

from ingest.accuracy import cells_of
from ingest.model import Row, SourceDoc
from ingest.parse import _parse_doc
from ingest.readers import read
from ingest.readers._office_text import fold, join_lines


def _inside(o: dict, box: tuple) -> bool:
    cx, cy = (o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def read_plumber(data: bytes, path: str) -> SourceDoc:
    rows: list[Row] = []
    texts: list[str] = []
    table_no = -1
    with pdfplumber.open(path) as pdf:
        for page_no, page in enumerate(pdf.pages, 1):
            tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
            boxes = [t.bbox for t in tables]
            outside = page.filter(lambda o: o.get("object_type") != "char" or not any(_inside(o, b) for b in boxes))
            blocks: list[tuple[float, object]] = [(ln["top"], ln["text"]) for ln in outside.extract_text_lines()]
            blocks += [(t.bbox[1], t) for t in tables]
            for _, block in sorted(blocks, key=lambda b: b[0]):
                if isinstance(block, str):
                    rows.append(Row(cells=[fold(block)], line=len(rows) + 1, page=page_no))
                    texts.append(block)
                    continue
                table_no += 1
                for r in block.extract():
                    cells = [None if c is None else fold(join_lines(c.split("\n"))) for c in r]
                    rows.append(Row(cells=cells, line=len(rows) + 1, page=page_no, table=table_no))
                    texts.extend(c for c in cells if c)
    return SourceDoc(format="pdf", rows=rows, text="\n".join(texts))


def score(folder: Path, reader, limit: int) -> str:
    total = exact = missing = wrong = docs = 0
    seconds = 0.0
    for truth in sorted(folder.glob("*.truth.json"))[:limit]:
        pdf = truth.with_name(truth.name[: -len(".truth.json")] + ".pdf")
        if not pdf.exists():
            continue
        want = cells_of(json.loads(truth.read_text(encoding="utf-8")))
        data = pdf.read_bytes()
        t = time.perf_counter()
        doc = reader(data, str(pdf))
        seconds += time.perf_counter() - t
        got = cells_of(_parse_doc(doc, str(pdf), "").to_dict())
        docs += 1
        for key, value in want.items():
            total += 1
            g = got.get(key)
            if g == value:
                exact += 1
            elif g is None or g[1] == "missing":
                missing += 1
            else:
                wrong += 1
    if not total:
        return f"{folder}: no document with a truth file"
    return (f"{folder}: {docs} docs, {total} cells: exact {exact / total:.2%}, missing {missing / total:.2%}, "
            f"wrong {wrong / total:.2%} ({wrong}); {seconds / docs:.3f} s/doc")


def main() -> None:
    limit = int(os.environ.get("LIMIT", "20"))
    for folder in map(Path, sys.argv[1:]):
        print("pdfplumber       ", score(folder, read_plumber, limit), flush=True)
        print("pdfium + geometry", score(folder, read, limit), flush=True)


if __name__ == "__main__":
    main()
