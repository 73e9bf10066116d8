"""Table 3 of plain `pdftotext` with its first band's first columns row by row in the header's
flow, each later row's 自然人 beside its label, and the other columns after table 4's heading
(ingest/readers/block_first_pre.py).

tests/data/plain_first_pre holds 000005 of the fresh rendered set (seed 40; first_pre_slip) and
000046 of the third set (first_pre_zeros), both the 2019 table 3 with （六） as one row, with the
generator's truth. In 000005 the header's flow ends with `3 2 0 0 / 0 0 0 0 / 1 1 0 0 / 1 0 0 0`
(rows 1-4, 自然人 … 社会公益组织), the rows from (三)1 on hold their 自然人 beside the labels, and
after table 4's heading come 行政复议's five lone zeros, `法律服务机构 / 1 0 0 0`, `0 0 0 0`,
`6 0 2 1` (rows 1-4's last columns), bands of six flows for rows 5-23, and three of 行政诉讼's
values; the report prints an inconsistent balance (商业企业 2 ≠ 1, 总计 6 ≠ 5).
"""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.block_first_pre import first_beside
from ingest.readers.block_segments import Segment
from ingest.states import NUMBER
from tests._table3_truth import parsed_and_truth, table_cells

DATA = Path(__file__).parent / "data" / "plain_first_pre"


def _tokens(values: list[int], line: int) -> list[Token]:
    return [Token(v, NUMBER, str(v), f"line {line + i}") for i, v in enumerate(values)]


def _values(rows: dict[str, list[Token]]) -> list[list[int]]:
    return [[t.value for t in row] for row in rows.values()]


def _row_totals(rows: list[list[Token]]) -> bool:
    return all(sum(t.value for t in r[:6]) == r[6].value for r in rows)


def test_first_rows_in_the_header_flow_and_strays_around_the_columns():
    # three rows: row 1's first four columns in the header's flow, rows 2-3's 自然人 beside their
    # labels; a stray of table 4 before row 1's last three columns (each a flow of one), one after
    # the band of rows 2-3 (six flows of two)
    flows = [[9], [0], [1], [2], [1, 0], [0, 0], [0, 0], [0, 0], [0, 0], [3, 2], [7]]
    seg = Segment(_tokens([2, 2], 20), [_tokens(f, 100 + 10 * i) for i, f in enumerate(flows)],
                  [{100 + 10 * i} for i in range(len(flows))], [""] * len(flows), _tokens([1, 0, 0, 0], 10))
    got = first_beside([seg], ["a", "b", "c"], _row_totals, set(range(300)), 1)
    assert got is not None and _values(got.rows) == [[1, 0, 0, 0, 0, 1, 2], [2, 1, 0, 0, 0, 0, 3], [2, 0, 0, 0, 0, 0, 2]]
    assert {100, 200}.isdisjoint(got.lines) and 110 in got.lines  # the strays' lines left to table 4
    assert first_beside([seg], ["a", "b", "c", "d"], _row_totals, set(), 1) is None  # the header's flow: not whole rows


def test_rendered_inconsistent_report_reads_tables_3_and_4():
    truth, parsed = parsed_and_truth(DATA, "first_pre_slip")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")
    finding = next(i for i in parsed["issues"] if i["code"] == "fewest_violations")
    assert "23 of 23 rows" in finding["message"]
    failing = {(i["id"], str(i["scope"])) for i in parsed["identities"] if i["status"] == "fail" and i["id"].startswith("t3")}
    assert failing == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"] if f["id"].startswith("t3")}


def test_rendered_zeros_read_every_cell_of_table_3():
    truth, parsed = parsed_and_truth(DATA, "first_pre_zeros")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
