"""Table 3 of plain `pdftotext` where a page break or a header stands among its flows
(ingest/readers/text_blocks.py, block_segments.py, block_bands.py).

`data/plain_pdftotext/t3_header_before_labels.txt` is a trimmed copy of a rendered document
(corpus 001264, a LibreOffice ruled PDF through plain pdftotext: table 3's heading to table 4's
headers): poppler printed table 3's header with the first four rows' columns 1-4 (row by row) as
one flow before the label flow, each later row's column 1 beside its label, and the rest in bands.
The expected values are the generator's truth, copied by hand.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.parse import parse_bytes

HEADER_FIRST = Path(__file__).parent / "data" / "plain_pdftotext" / "t3_header_before_labels.txt"


def _rows(text: str) -> tuple[dict[str, list], list]:
    report = parse_bytes(text.encode(), "plain.txt")
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "applications"}
    rows = {o: [cells.get((o, a), (None, "missing"))[0] for a in codes.APPLICANTS] for o in codes.t3_rows(True)}
    return rows, report.issues


def test_header_flow_before_the_labels_holds_the_first_rows_first_columns():
    rows, issues = _rows(HEADER_FIRST.read_text(encoding="utf-8"))
    assert rows["new_received"] == [15, 4, 2, 0, 2, 3, 26]
    assert rows["granted"] == [5, 2, 1, 0, 1, 1, 10]
    assert rows["partially_granted"] == [0, 0, 0, 0, 0, 1, 1]
    assert rows["carried_over"] == [0] * 7
    assert rows["denied.enforcement_file"] == [2, 0, 0, 0, 0, 0, 2]
    assert rows["unavailable.not_held"] == [3, 0, 1, 0, 1, 0, 5]
    assert rows["unavailable.needs_creation"] == [0, 1, 0, 0, 0, 1, 2]
    assert rows["other"] == [3, 1, 0, 0, 0, 0, 4]
    assert rows["results_total"] == [15, 4, 2, 0, 2, 3, 26]
    assert rows["carried_forward"] == [0] * 7
    found = [i for i in issues if i.code == "inferred_alignment" and "table 3" in i.message]
    assert len(found) == 1 and "161 values" in found[0].message and "23 of 23 rows" in found[0].message


def test_without_the_header_flow_the_values_fall_short():
    """The same text with the header's flow gone: 16 values fewer than rows × 7, nothing read."""
    text = HEADER_FIRST.read_text(encoding="utf-8")
    start = text.index("申请人情况")
    end = text.index("\n\n", start)
    rows, issues = _rows(text[:start] + text[end + 2:])
    assert rows["new_received"] == [None] * 7 and rows["results_total"] == [None] * 7
    unplaced = [i for i in issues if i.code == "blocks_unplaced"]
    assert len(unplaced) == 1 and "145 values for 23 rows" in unplaced[0].message
