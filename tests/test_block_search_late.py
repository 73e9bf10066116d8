"""A later page's first row's last columns printed late (ingest/readers/block_search_late.py,
`block_search.search(..., tops=...)`): where table 3 runs over a page break and the new page's
rows open a new label flow, poppler prints that page's first row's last columns late, as it
prints the first band's; the search allows it there only on its second pass.

The synthetic cases print a consistent table (tests/test_block_search.py's `_table`) in such a
layout: the search of the first band alone finds no tiling, the search with the page's flow
named finds exactly the printed table. tests/data/plain_search_late holds copies of two pool
dumps (seed 51 000006, seed 53 000092: generator report through LibreOffice and plain
pdftotext) with the generator's truth: 000006 prints page 2's first column beside its 19 rows'
labels as one flow and row 7's total after the page's last value; 000092 prints page 2's first
row's four first columns, the next four rows' first column beside their labels, then the first
row's last three columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers.block_search import search
from ingest.readers.block_search_late import segment_tops
from ingest.readers.block_segments import Segment, value_token
from tests._table3_truth import parsed_and_truth, table_cells
from tests.test_block_search import OUTCOMES, _holds3, _table

DATA = Path(__file__).parent / "data" / "plain_search_late"


def _flow_maker():
    line = iter(range(1000))
    return lambda values: [value_token(str(v), next(line)) for v in values]


def _beside_page(table: list[list[int]]) -> tuple[list[list], int]:
    """Rows 1-6 across (one flow a row); page 2: rows 7-25's first column as one flow (beside
    their labels), row 7's columns 2-6 one value a flow, rows 8-25 across, row 7's total last.
    With the index of page 2's first flow."""
    flow = _flow_maker()
    out = [flow(row) for row in table[:6]]
    top = len(out)
    out.append(flow([row[0] for row in table[6:]]))
    out += [flow([v]) for v in table[6][1:6]]
    out += [flow(row[1:]) for row in table[7:]]
    out.append(flow([table[6][6]]))
    return out, top


def _head_page(table: list[list[int]]) -> tuple[list[list], int]:
    """Rows 1-20 across; page 2: row 21's four first columns, rows 22-25's first column as one
    flow, row 21's last three columns one value a flow, row 22's six others one value a flow,
    rows 23-25 as six column flows. With the index of page 2's first flow."""
    flow = _flow_maker()
    out = [flow(row) for row in table[:20]]
    top = len(out)
    out.append(flow(table[20][:4]))
    out.append(flow([row[0] for row in table[21:]]))
    out += [flow([v]) for v in table[20][4:]]
    out += [flow([v]) for v in table[21][1:]]
    out += [flow([table[r][c] for r in range(22, 25)]) for c in range(1, 7)]
    return out, top


@pytest.mark.parametrize("layout", [_beside_page, _head_page], ids=["late_total", "first_row_late_after_beside_column"])
def test_a_later_pages_late_columns_are_found_only_with_the_page_named(layout):
    table = _table()
    flows, top = layout(table)
    assert search(flows, OUTCOMES, _holds3).tables == 0
    found = search(flows, OUTCOMES, _holds3, tops=frozenset({top}))
    assert found.tables == 1 and [[t.value for t in row] for row in found.table] == table


def test_a_named_flow_that_opens_no_band_reads_nothing():
    table = _table()
    flows, top = _head_page(table)
    assert search(flows, OUTCOMES, _holds3, tops=frozenset({top + 3})).tables == 0


def test_segment_tops_are_the_flows_opening_later_segments():
    t = [value_token("0", 0)]
    first = Segment([], [t, t])
    beside = Segment([t], [t])
    empty = Segment([])
    late = Segment([], [t], pre=t)
    assert segment_tops([first, beside, empty, late]) == frozenset({2, 4})


def test_pool_dumps_read_whole_by_the_second_pass():
    for name in ("s51_000006_pdftotext_plain", "s53_000092_pdftotext_plain"):
        truth, parsed = parsed_and_truth(DATA, name)
        assert table_cells(parsed, "applications") == table_cells(truth, "applications"), name
        assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation"), name
        finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
        assert "exactly one table satisfies every row total" in finding["message"]
