"""Table 3 of plain `pdftotext` whose first band is split over a page break, its last columns
printed after the next page's footer, after the page's other bands
(read by ingest/readers/block_footer_band.py).

tests/data/plain_first_tail holds 000057 of the fresh rendered set (seed 40; first_tail) with
the generator's truth: under the header `4 0 1 0`, `1 0 1 0`, `0 0 0 0`, `组织 / 0 0 0 0` (rows 1-4
of 自然人 … 社会公益组织), then the bands of rows 5-23, the footer `-2-`, then `机构 / 0 0 0 0`,
`0 0 0 0`, `5 0 2 0` (法律服务机构, 其他, 总计 of rows 1-4), then the last two rows' labels.
"""

from __future__ import annotations

from pathlib import Path

from tests._table3_truth import parsed_and_truth, table_cells

DATA = Path(__file__).parent / "data" / "plain_first_tail"


def test_rendered_report_reads_every_cell_of_table_3():
    truth, parsed = parsed_and_truth(DATA, "first_tail")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")
