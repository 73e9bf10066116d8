"""Table 3 whose first band's rows come in blocks of columns, row by row, and whose last label
stands among its band's flows (plain `pdftotext`, ingest/readers/block_row_blocks.py).

tests/data/plain_row_blocks/row_blocks is report 000098 of a rendered set (the corpus
generator's LibreOffice ruled PDF through plain pdftotext, seed 18) with the generator's truth.
Under the header, rows 1–3's first four columns come as one flow row by row (`1,62 194` / `13` /
`4` / `3` / `8` … : 1,623's tail `3` three lines below its head, past the row's `13` and `4`
set apart), their next two columns as `13`, then (row 1's 其他 printed after the page's footer)
`56`, `0 5`, `5 32`; row 4 cell by cell, then the totals `1,90 3`, `15`, `1,02 2`, `100`. On the
next page the last three rows' 自然人 column `64`, `1,62 6`, `5` comes before the label
`四、结转下年度继续办理`, their other columns after it.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.alignment import Token
from ingest.readers.block_row_blocks import last_row_apart, split_whole, with_label_inside
from ingest.readers.block_segments import Segment
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_row_blocks"


def _flows(*values: tuple[int, ...]) -> list[list[Token]]:
    line = iter(range(1, 1000))
    return [[Token(v, NUMBER, str(v), f"line {next(line)}") for v in g] for g in values]


def _values(rows: list[list[Token]]) -> list[list[int]]:
    return [[t.value for t in row] for row in rows]


def test_first_rows_in_blocks_of_columns_then_the_last_row_apart():
    # rows 1-2 of a 4-column band: columns 1-2 row by row, then column 3 row by row; row 3 apart
    groups = _flows((1, 2, 3, 4), (5,), (6,), (7,), (8,), (9,), (12, 15, 24))
    placed = [_values(rows) for rows in last_row_apart(groups, 3, 4)]
    assert [[1, 2, 5, 12], [3, 4, 6, 15], [7, 8, 9, 24]] in placed
    assert [[1, 2, 3, 12], [4, 5, 6, 15], [7, 8, 9, 24]] in placed  # one block of three columns
    assert [[1, 3, 4, 12], [2, 5, 6, 15], [7, 8, 9, 24]] not in placed  # a block ends where a flow ends
    assert len(placed) == 2
    assert last_row_apart(_flows((1, 2, 3, 4), (5, 6), (7, 8), (9,), (12, 15, 24)), 3, 4) == []


def test_a_band_of_split_columns_read_whole():
    # 3 rows x 4 columns: column 1 whole, columns 2-3 their first two rows, then row 3's, then column 4
    groups = _flows((1, 2, 3), (4, 5), (6, 7), (8,), (9,), (11, 14, 20))
    assert _values(split_whole(groups, 3, 4)) == [[1, 4, 6, 11], [2, 5, 7, 14], [3, 8, 9, 20]]
    assert split_whole(_flows((1, 2, 3), (4, 5, 6), (7, 8, 9), (10, 11, 12)), 3, 4) == []


def test_the_last_label_flow_among_its_band_s_flows_is_also_weighed_merged():
    prev = Segment([], _flows(*[(0,)] * 7, (64, 1626, 5)))
    last = Segment([], _flows(*[(0, 0)] * 5, *[(0,)] * 5, (80, 1884, 34)))
    out = with_label_inside([[prev, last]])
    assert len(out) == 2 and out[0] == [prev, last]
    assert [len(g) for g in out[1][0].groups] == [1] * 7 + [3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 3]
    whole = Segment([], _flows(*[(0,)] * 7))
    assert with_label_inside([[whole, last]]) == [[whole, last]]  # the segment before fills whole rows


def test_rendered_report_with_rows_in_blocks_reads_every_cell():
    got = table3(DATA / "row_blocks.txt")
    assert got == truth3(DATA / "row_blocks.truth.json")
    assert [got[("new_received", a)] for a in codes.APPLICANTS] == [1623, 194, 13, 4, 13, 56, 1903]
    assert [got[("partially_granted", a)] for a in codes.APPLICANTS] == [87, 8, 1, 1, 1, 2, 100]
    assert [got[("carried_forward", a)] for a in codes.APPLICANTS] == [5, 23, 0, 0, 0, 6, 34]
