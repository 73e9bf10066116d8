"""Plain `pdftotext`: table 3 whose reading left out values printed between table 4's heading and
its first header line is left missing (`block_past_heading`). Seed 58's 000101: six printed rows
read with whole rows blank, the seventh's values past table 4's heading; 结转下年度继续办理 read
0 0 0 0 0 1 1, its truth blank."""

from __future__ import annotations

from pathlib import Path

from ingest.model import Row
from ingest.parse import parse_file
from ingest.readers.block_past_heading import unread_past_heading
from ingest.readers.text_blocks import Rebuilt
from ingest.states import MISSING

DATA = Path(__file__).parent / "data" / "plain_past_heading"


def test_table3_not_taking_values_past_table4s_heading_is_missing():
    report = parse_file(DATA / "pool58_000101_pdftotext_plain.txt")
    cells = [c for c in report.cells if c.table == "applications"]
    assert cells and {c.state for c in cells} == {MISSING}
    assert any(i.code == "ambiguous_row" and "table 4's heading" in i.message for i in report.issues)


def test_a_reading_that_took_those_values_stands():
    rows = [Row(["一、本年新收", "1"], 5), Row([], 5)]
    kept = Rebuilt({4, 9}, list(rows))
    assert unread_past_heading(kept, {9}).rows == rows
    assert unread_past_heading(Rebuilt({4}, list(rows)), {9}).rows == [Row([], 5)]
    assert unread_past_heading(None, {9}) is None
