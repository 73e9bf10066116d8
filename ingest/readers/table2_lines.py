"""What table 2's column rebuilds of plain `pdftotext` (`text_blocks_table2`, `_beside`,
`_page_foot`) ask of a line: whether it holds one value, and which measure a column header names."""

from __future__ import annotations

from functools import lru_cache

from ingest import codes
from ingest.alignment import VALUE_WORD
from ingest.labels import label_table
from ingest.mapping.columns import column_labels
from ingest.normalize import nfkc, norm_label


@lru_cache(maxsize=2)
def header_codes(header_scope: str) -> dict[str, str]:
    """A column header's label code → the measure of its column: the code itself, or the
    measure whose printed column label the label table files under another code (采购总金额,
    whose label names the unit the mapper converts the amount from)."""
    template = "2019" if header_scope == "t2_header_2019" else "2021"
    table = label_table()
    out: dict[str, str] = {}
    for measure in dict.fromkeys(m for ms in codes.T2_MEASURES_BY_TEMPLATE[template].values() for m in ms):
        out[measure] = measure
        printed = column_labels()[template].get(measure)
        for lab in table.lookup(norm_label(printed)) if printed else ():
            if lab.scope == header_scope:
                out.setdefault(lab.code, measure)
    return out


def value_line(lines: list[str], i: int) -> bool:
    """A line holding one value (`0`, `100 件`: a unit after a space stays the value's)."""
    if i >= len(lines):
        return False
    words = nfkc(lines[i]).split()
    if len(words) == 2 and not words[1][0].isdigit():
        words = ["".join(words)]
    return len(words) == 1 and bool(VALUE_WORD.match(words[0]))
