"""Plain `pdftotext`'s table 3: the first band's flow order under the header
(ingest/readers/block_head_order.py) and bands of columns inside a band read row by row
(ingest/readers/block_regroup.py `columns_within`).

The texts under tests/data/plain_head_order/ are plain-pdftotext dumps of generated reports, each
with the generator's truth beside it:
- unheaded_in_order: report 000073 of the third plain set. Under the header the first band's
  flows are 自然人 `13 1 4 0`, `2 0 0 0`, `0 0 0 0`, `组织 / 0 0 0 0`, `机构 / 1 0 0 0`,
  `0 1 0 0`, 总计 `16 2 4 0`: the flow after `机构` (科研 or 法律服务, no column named) and the
  next hold 1 0 / 0 1 in 一 and 二, and swapped every identity holds too. Neither is a
  leading headed flow, so only the printed order is weighed.
- columns_within: report 000942 of the tuning plain set, which prints an inconsistent table 3
  (its results sum fails in 其他 and 总计). On page 3 the rows (三)8 … 四 have their first four
  columns beside the labels and the last three as flows: `0 0 9 1`, `4`, `96` (two rows under
  the repeated header, row by row), then bands of one row, then `0 0`, `0 0`, `4 0` ((五)2 and
  (五)3 column by column). Read row by row as part of a first band of seven rows, those three
  flows gave (五)2 0 0 0 and (五)3 0 4 0, breaking one identity more than the page: within the
  fewest-violations margin, so both rows were missing.
"""

from __future__ import annotations

from pathlib import Path

from ingest.parse import parse_file
from ingest.readers.block_head_order import keeps_order, unheaded
from ingest.readers.block_regroup import columns_within
from ingest.readers.block_segments import Breaks, Segment
from tests._table3_truth import table3, truth3
from tests.test_block_regroup import _flows, _row

DATA = Path(__file__).parent / "data" / "plain_head_order"


def test_flows_without_a_header_cell_keep_their_printed_order():
    got = table3(DATA / "unheaded_in_order.txt")
    assert got == truth3(DATA / "unheaded_in_order.truth.json")
    assert _row(got, "new_received") == [13, 2, 0, 0, 1, 0, 16]
    assert _row(got, "carried_over") == [1, 0, 0, 0, 0, 1, 2]
    [finding] = [i for i in parse_file(DATA / "unheaded_in_order.txt").issues
                 if i.code == "inferred_alignment" and "table 3" in i.message]
    assert "25 of 25 rows" in finding.message and "(1 such placements)" in finding.message


def test_a_band_of_columns_is_not_read_across_as_part_of_the_band_before():
    got = table3(DATA / "columns_within.txt")
    assert got == truth3(DATA / "columns_within.truth.json")
    assert _row(got, "not_processed.duplicate") == [2, 2, 0, 0, 0, 0, 4]
    assert _row(got, "not_processed.publication") == [0] * 7
    report = parse_file(DATA / "columns_within.txt")
    [finding] = [i for i in report.issues if i.code == "fewest_violations"]
    assert "25 of 25 rows" in finding.message and "breaks 2 identity instance(s)" in finding.message
    failing = {(r.id, r.scope) for r in report.identities if r.status == "fail"}
    assert failing == {("t3_results_sum", "other_org"), ("t3_results_sum", "total")}  # as the truth prints


def test_unheaded_marks_flows_after_the_leading_headed_run():
    groups = _flows([13, 1], [2, 0], [0, 0], [1, 0], [0, 1])
    lines = [{10, 11}, {13, 14}, {16, 17, 18}, {20, 21, 22}, {24, 25}]
    breaks = Breaks(pages=(), text=(16, 20), headers=(16,))
    heads = ["", "", "组织", "机构", ""]
    assert unheaded(Segment([], groups, lines, heads, breaks=breaks)) == [False, True, True, True, True]
    headed = ["", "法律服务机构", "组织", "", ""]
    assert unheaded(Segment([], groups, lines, headed, breaks=breaks)) == [False, False, False, True, True]
    header_line = Breaks(pages=(), text=(12,), headers=(12,))  # `其他` alone between the first two flows
    assert unheaded(Segment([], groups, lines, heads, breaks=header_line))[:2] == [False, False]
    assert unheaded(Segment([], groups, lines, heads)) == [False] * 5  # breaks unknown: any flow may move


def test_keeps_order_only_constrains_the_marked_flows():
    fixed = [False, False, True, True]
    assert keeps_order((1, 2, 0, 3), fixed)
    assert keeps_order((2, 3, 0, 1), fixed)
    assert not keeps_order((0, 1, 3, 2), fixed)


def test_columns_within_finds_a_column_band_at_a_row_boundary():
    assert columns_within(_flows([0, 0, 9, 1], [4], [96], [0], [0], [8], [0, 0], [0, 0], [4, 0]), 3)
    assert not columns_within(_flows([0, 0, 9, 1], [4], [96], [0], [0], [8]), 3)  # one-value flows only
    assert not columns_within(_flows([0, 0, 9, 1], [4, 96], [0, 0], [8, 1]), 3)  # not at a row's end
