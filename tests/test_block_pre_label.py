"""Plain `pdftotext`'s table 3 with its first band's columns printed before an empty label flow
(ingest/readers/block_pre_label.py).

tests/data/plain_pre_label/before_labels.txt is the plain-pdftotext dump of a generated report
(the seventh plain set, seed 20, report 000144), its generator's truth beside it. Table 3 has
one (六) row (23 rows) and the label flow holds no values: poppler prints `法律服务机构 /
0 0 0 0`, `其他`, `3 0 1 1`, `法人或其他组织 商业 科研 社会 … / 0 × 12` between the heading and the
labels, then `总计`, `0 0 0 0`, `3 0 1 1` after them. The report prints an inconsistent table
(the truth's t3_results_sum slip), so the fewest-violations rule reads it.

values_first.txt is 000075 of the seed-43 set: a value of table 2's (`1021144.6`) after table 3's
heading, then the header with the first rows' values (`申请人情况 … 组织 / 1 0 0 … 0`, rows 1-4 of
自然人 … 社会公益组织 row by row), `法律服务机构 / 0 0 0 0`, `其他 / 0 0 0 0`, `1 0 0 0` and the
bands of rows 5-20, all before the labels of rows 1-20; rows 21-25 hold their 自然人 beside
their labels on the next page, their other columns after table 4's heading.
"""

from __future__ import annotations

from pathlib import Path

from ingest.readers.block_pre_label import lead_flows
from ingest.readers.block_segments import Segment, split_flows
from tests._table3_truth import parsed_and_truth, table3, table_cells, truth3
from tests.test_block_regroup import _row

DATA = Path(__file__).parent / "data" / "plain_pre_label"


def test_first_band_before_the_labels_reads_every_cell():
    got = table3(DATA / "before_labels.txt")
    truth = {k: v for k, v in truth3(DATA / "before_labels.truth.json").items() if v is not None}
    assert len(truth) == 161
    assert got == truth
    assert _row(got, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(got, "denied.administrative_query") == [0, 0, 0, 5, 0, 0, 5]
    assert _row(got, "not_processed.duplicate") == [1, 0, 0, 0, 0, 0, 1]


def _first(text: str) -> Segment:
    flows = split_flows(text.split("\n"))
    at = next(i for i, f in enumerate(flows) if "本年新收" in f.text)
    first = Segment([])
    lead_flows(flows, at, first, set())
    return first


def test_lead_flows_taken_only_under_the_applicants_header_cells():
    head = "三、收到和处理政府信息公开申请情况\n\n"
    labels = "\n一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
    taken = _first(head + "法律\n服务\n机构\n0\n0\n0\n0\n\n其他\n\n3\n0\n1\n1\n" + labels)
    assert taken.groups and [len(g) for g in taken.groups] == [4, 4]
    assert taken.heads == ["法律服务机构", ""]
    # a flow of table 2's (现行有效件数) is no header cell of table 3: nothing taken
    assert _first(head + "现行有效件数\n4\n7\n\n其他\n\n3\n0\n" + labels).groups == []
    # one flow alone, or flows that are not whole columns of the first's rows: nothing taken
    assert _first(head + "法律\n服务\n机构\n0\n0\n0\n0\n" + labels).groups == []
    assert _first(head + "法律\n服务\n机构\n0\n0\n0\n0\n\n其他\n\n3\n0\n1\n" + labels).groups == []


def test_header_and_bands_before_the_labels_read_tables_3_and_4():
    truth, parsed = parsed_and_truth(DATA, "values_first")
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")
    # fewer than a band of seven flows between the header and the labels: nothing taken
    head = "三、收到和处理政府信息公开申请情况\n\n1021144.6\n\n申请人情况\n自然人\n1\n0\n\n"
    labels = "\n一、本年新收政府信息公开申请数量\n二、上年结转政府信息公开申请数量\n"
    assert _first(head + "0\n0\n\n0\n0\n" + labels).groups == []
    many = _first(head + "".join(f"{v}\n0\n\n" for v in range(6)) + labels)
    assert [len(g) for g in many.groups] == [2] * 7 and many.heads[0] == "申请人情况自然人"
