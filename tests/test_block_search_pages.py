"""Plain `pdftotext`'s table 3 continued on a later page with more values than rows × 7
(ingest/readers/block_search_pages.py): the first page's rows tiled in printed order, the later
rows' values weighed in any order with any surplus set aside, a table stated only where exactly
one satisfies every identity.

tests/data/plain_search_pages holds a copy of pool-set s50's 000004 (generator report through
LibreOffice and plain pdftotext) with the generator's truth: 21 rows on page 1 (bands), then on
page 2 the header repeated, `0 0 0 0` (其他处理 2's first columns) before its label, the next rows'
first values beside their labels (`0`, `10`, `0`), their other columns among table 4's flows
after its heading, three of table 4's lone zeros among them: 178 values for 175 cells."""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.readers.block_search_pages import paged
from ingest.readers.block_segments import value_token
from ingest.readers.text_blocks import _holds
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_search_pages"
OUTCOMES = list(codes.t3_rows(False))


def _holds3(table):
    return _holds(dict(zip(OUTCOMES, table)), False)


def _table() -> list[list[int]]:
    """A consistent table 3 whose last rows are few distinct values."""
    results = [[0] * 6 for _ in range(21)]
    results[0] = [3, 1, 0, 0, 0, 0]
    results[10] = [4, 0, 0, 2, 0, 1]
    # 其他处理 2 and 3 (later-page rows) all zero: swapped they would be another table
    total = [sum(row[c] for row in results) for c in range(6)]
    carried_over = [1, 0, 0, 0, 0, 0]
    forward = [0, 0, 0, 0, 0, 1]
    new = [t + f - o for t, f, o in zip(total, forward, carried_over)]
    return [row + [sum(row)] for row in [new, carried_over, *results, total, forward]]


def _columns(values: list[int]) -> list[int]:
    """The last four rows' values column by column, a lone value of table 4's after the third."""
    rows = [values[k:k + 7] for k in range(0, len(values), 7)]
    out = [row[c] for c in range(7) for row in rows]
    return [*out[:12], 0, *out[12:]]


def _printed(table: list[list[int]], later_order) -> tuple[list[list], list[str]]:
    """The first 21 rows a flow a row on page 1, then a page break (a footer), then the last
    four rows' values in `later_order` and a lone value of table 4's."""
    flows, lines = [], []
    for row in table[:21]:
        flows.append([value_token(str(v), len(lines) + k) for k, v in enumerate(row)])
        lines += [str(v) for v in row] + [""]
    lines += ["-2-", ""]
    later = [*later_order([v for row in table[21:] for v in row]), 0]
    for v in later:
        flows.append([value_token(str(v), len(lines))])
        lines += [str(v), ""]
    return flows, lines


def test_the_later_rows_column_by_column_with_table_4s_values_set_aside():
    table = _table()
    flows, lines = _printed(table, _columns)
    found = paged(flows, OUTCOMES, _holds3, lines)
    assert found is not None and found.tables == 1 and found.breaks[0][1:] == (21, 2)
    assert [[t.value for t in row] for row in found.table] == table


def test_a_cell_printed_before_the_cell_above_it_is_not_weighed():
    table = _table()
    flows, lines = _printed(table, lambda vs: list(reversed(vs)))
    found = paged(flows, OUTCOMES, _holds3, lines)
    assert found is not None and found.table is None and found.tables == 0


def test_no_page_break_no_reading():
    flows, lines = _printed(_table(), list)
    assert paged(flows, OUTCOMES, _holds3, ["x"] * len(lines)) is None


def test_an_inconsistent_table_reads_nothing():
    table = _table()
    table[21][0] += 1  # results_total's first cell no longer the column's sum
    flows, lines = _printed(table, list)
    found = paged(flows, OUTCOMES, _holds3, lines)
    assert found is not None and found.table is None and found.tables == 0


def test_the_bound_reached_reads_nothing():
    table = _table()
    flows, lines = _printed(table, list)
    found = paged(flows, OUTCOMES, _holds3, lines, max_nodes=10)
    assert found is not None and found.overflow and found.table is None


def test_a_report_continued_on_page_two_is_read():
    truth, parsed = parsed_and_truth(DATA, "s50_000004_pdftotext_plain")
    assert row_values(parsed, "results_total") == [10, 1, 0, 0, 0, 1, 12]
    assert row_values(parsed, "other.fee_unpaid") == [0] * 7
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "page break" in i["message"])
    assert "exactly one table satisfies every row total" in finding["message"]
