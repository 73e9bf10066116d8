"""Table 3 of plain `pdftotext` ending before a flow headed by a column of table 4 only
(ingest/readers/block_head_names.py): `尚 / 未 / 审 / 结 / 1`, table 4's 尚未审结 header with one
value under it, printed before table 4's heading on the page table 3 ends on.

tests/data/plain_stop20c holds copies of documents of this stop's tuning pool (generator reports
through LibreOffice and plain pdftotext) with the generator's truth: pool_s52_000146 (its 175
table-3 values then `尚未审结 / 1`; before, 176 values and table 3 lost) and pool_s53_000101
(the same with `尚未审结 / 0`; its table 4 breaks a total, as injected)."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.block_head_names import table4_column
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_stop20c"


def test_table_3_ends_before_table_4s_pending_column_printed_before_its_heading():
    truth, parsed = parsed_and_truth(DATA, "pool_s52_000146_pdftotext_plain")
    assert row_values(parsed, "new_received") == [2132, 555, 15, 23, 45, 141, 2911]
    assert row_values(parsed, "carried_forward") == [122, 87, 0, 0, 0, 1, 210]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")


def test_the_same_with_a_zero_under_the_pending_column():
    truth, parsed = parsed_and_truth(DATA, "pool_s53_000101_pdftotext_plain")
    assert row_values(parsed, "results_total") == [1568, 389, 6, 55, 155, 130, 2303]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")


def test_only_a_column_of_table_4_alone_is_so_named():
    lines = lambda *s: list(enumerate(s))  # noqa: E731
    assert table4_column(lines("尚", "未", "审", "结"))
    assert not table4_column(lines("总", "计"))  # table 3's total too
    assert not table4_column(lines("法律", "服务", "机构"))
    assert not table4_column([])
