"""The total column's header cell at the head of another column's values (plain `pdftotext`,
ingest/readers/block_header_tails.after_total).

tests/data/plain_total_head/seventh093 is report 000093 of the seventh rendered set (the corpus
generator's LibreOffice ruled PDF through plain pdftotext, seed 20) with the generator's truth.
Table 3 has whole rows blank; under the applicants' header its first three rows print their first
four columns row by row (`3 0 0 0 / 0 0 0 0 / 1 0 0 0`), then `总计 / 法律 / 服务 / 机构 / 1 / 1 / 1`,
`其他 / 0 / 0 / 0` and the total column `4 / 1 / 2`. Every identity holds with `1 1 1` under
法律服务机构 or under 其他组织 (the last rows' columns among table 4's flows swap alike): only the
header before the flow tells them apart. Before, its head `总计法律服务机构` named no column and the
table read only 四 (carried_forward); the rows asserted below are copied from the truth.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.readers.block_header_tails import after_total
from ingest.readers.block_headers import header_column
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_total_head"
COL = {a: i for i, a in enumerate(codes.APPLICANTS)}


def test_a_head_beginning_with_the_total_cell_names_the_column_after_it():
    assert header_column("总计\n法律\n服务\n机构") == COL["legal_service_org"]
    assert header_column("总计其他") == COL["other_org"]
    assert header_column("总计") == COL["total"]  # the whole cell alone: its own column
    assert after_total("总计") == "" and header_column("总计总计") == COL["total"]
    assert header_column("总计法律其他") is None  # two cells after it: not one column's


def test_seventh_093_reads_the_rows_the_named_flow_settles():
    truth, parsed = parsed_and_truth(DATA, "seventh093_pdftotext_plain")
    assert row_values(parsed, "new_received") == [3, 0, 0, 0, 1, 0, 4]
    assert row_values(parsed, "carried_over") == [0, 0, 0, 0, 1, 0, 1]
    assert row_values(parsed, "other.other") == [0, 0, 0, 0, 1, 0, 1]
    assert row_values(parsed, "results_total") == [2, 0, 0, 0, 2, 0, 4]
    assert row_values(parsed, "carried_forward") == [1, 0, 0, 0, 0, 0, 1]
    want, got = table_cells(truth, "applications"), table_cells(parsed, "applications")
    read = {k: v for k, v in got.items() if v[1] != "missing"}
    assert len(read) == 35 and all(want[k] == v for k, v in read.items())
