"""Table 3 of plain `pdftotext` with a column of table 2 whose values carry a unit (`0件`,
`11 件`) printed among table 3's labels (ingest/readers/text_blocks.py `_values_flow`).

tests/data/plain_t2_units holds 000022 of the seed-43 rendered set with the generator's truth.
After table 3's first six labels poppler prints table 2's last column, `现行有效件数 / 0件 / 11 件`,
then table 3's header and the first rows' values, the later labels with their 自然人 beside them
and the other columns after table 4's heading. `11 件` (a space before the unit) is no value word:
before, that flow ended table 3's blocks at its sixth label and tables 3 and 4 were left missing.
t2_run_on is 000149 of the sixth set (seed 19): after `（二）部分公开` come table 2's 2018 columns,
the last flow `本年增/减 / -2 / 采购总金额（单位：万元） / 0` (the next column's name and value run
into it), then table 3's header with the first rows.
"""

from __future__ import annotations

from pathlib import Path

from tests._table3_truth import parsed_and_truth, table_cells

DATA = Path(__file__).parent / "data" / "plain_t2_units"


def test_table2_column_with_units_among_table3_labels_is_left_to_table2():
    truth, parsed = parsed_and_truth(DATA, "t2_units")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")
    assert table_cells(parsed, "proactive") == table_cells(truth, "proactive")  # 现行有效件数 0, 11 still table 2's


def test_table2_columns_run_on_among_table3_labels_are_left_to_table2():
    truth, parsed = parsed_and_truth(DATA, "t2_run_on")
    for table in ("applications", "review_litigation", "proactive"):
        assert table_cells(parsed, table) == table_cells(truth, table)
