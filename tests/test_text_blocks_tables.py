"""Tables 2 and 4 of plain `pdftotext` rebuilt from poppler's flow order
(ingest/readers/text_blocks_table4.py, ingest/readers/text_blocks_table2.py).

The excerpts print the tables the way poppler prints a ruled LibreOffice table (learned from
`pdftotext -bbox-layout` of ruled PDFs): flows separated by blank lines, header cells one
character a line, cells standing side by side sharing a flow row by row. Every value is set by
hand, and each expected reading is derived by hand from the columns the values stand under.
"""

from __future__ import annotations

from itertools import combinations

from ingest import codes
from ingest.model import Row
from ingest.parse import parse_bytes
from ingest.readers.text import _layout
from ingest.readers.text_blocks import Rebuilt
from ingest.readers.text_blocks_table4 import with_table4
from tests.test_text_blocks import LAST_COLUMNS, T4_HEADER, _last_rows_on_a_page_of_their_own

TITLE = "某某区人民政府 2024 年政府信息公开工作年度报告\n"
T4_HEADING = "四、政府信息公开行政复议、行政诉讼情况\n"
NEXT = "\n五、存在的主要问题及改进情况\n"

REVIEW_HEAD = "行政复议\n结\n结\n果\n果\n维\n纠\n持\n正\n\n其\n他\n结\n果\n\n尚\n未\n审\n结\n\n总\n计\n"
DIRECT_HEAD = "行政诉讼\n未经复议直接起诉\n结\n结\n其\n尚\n果\n果\n他\n未\n维\n纠\n结\n审\n持\n正\n果\n结\n"
AFTER_HEAD = "复议后起诉\n结\n结\n其\n果\n果\n他\n维\n纠\n结\n持\n正\n果\n"


def _flows(*flows: str) -> str:
    return "\n".join(f.strip("\n") + "\n" for f in flows)


def _lone(*values: int) -> list[str]:
    return [str(v) for v in values]


def _t4(text: str) -> tuple[list, list]:
    report = parse_bytes((TITLE + T4_HEADING + text + NEXT).encode(), "plain.txt")
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "review_litigation"}
    return [cells.get((p, o)) for p in codes.PROCEEDINGS for o in codes.T4_OUTCOMES], report.issues


def _numbers(*values: int) -> list:
    return [(v, "number") for v in values]


def _first_layout(review: list[str], direct: str, direct_total: list[str]) -> str:
    """The most common layout: the first proceeding's headers as four flows (结果维持 and 结果纠正
    sharing one) and its five values as lone flows; the other proceedings' headers side by side
    with their values under them in the same flow, 总计 apart."""
    return _flows(REVIEW_HEAD, *review, DIRECT_HEAD + direct, "总\n计", *direct_total,
                  AFTER_HEAD + "0\n0\n2", "尚\n未\n审\n结\n0", "总\n计", "2")


def test_table4_first_proceedings_lone_values_left_others_right():
    """行政复议 (维持 5, 纠正 10, 其他 1, 尚未审结 2, 总计 18) prints its lone values as poppler
    does: left column, the three others, right column (5, 1, 2, 18, 10). In printed order the
    total would be 10, which the others (5 + 1 + 2 + 18) do not sum to."""
    got, issues = _t4(_first_layout(_lone(5, 1, 2, 18, 10), "0\n3\n0\n0", ["3"]))
    assert got == _numbers(5, 10, 1, 2, 18, 0, 3, 0, 0, 3, 0, 0, 2, 0, 2)
    assert any(i.code == "inferred_alignment" and "poppler's flow order" in i.message for i in issues)


def test_table4_reading_whose_total_fails_stays_missing():
    """The same flows with 18 and 10 swapped: the reading gives 维持 5 + 纠正 18 + 1 + 2 ≠ 总计 10,
    so nothing is rebuilt and the cells stay missing."""
    got, _ = _t4(_first_layout(_lone(5, 1, 2, 10, 18), "0\n3\n0\n0", ["3"]))
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_proceeding_whose_header_flows_hold_no_value_is_blank():
    """未经复议直接起诉 printed blank: its header flows come with no value and no lone value
    follows its 总计, so its five cells are blank; the others read."""
    text = _flows(REVIEW_HEAD, *_lone(1, 0, 0, 1, 0), DIRECT_HEAD, "总\n计",
                  AFTER_HEAD + "0\n0\n2", "尚\n未\n审\n结\n0", "总\n计", "2")
    got, _ = _t4(text)
    assert got == [*_numbers(1, 0, 0, 0, 1), *[(None, "blank")] * 5, *_numbers(0, 0, 2, 0, 2)]


def test_table4_blank_cell_lost_among_lone_values_stays_missing():
    """Four lone values for the first proceeding's five columns (a blank cell leaves no trace):
    the first proceeding is not read, so nothing is rebuilt."""
    got, _ = _t4(_first_layout(_lone(5, 1, 2, 8), "0\n3\n0\n0", ["3"]))
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_values_row_in_the_flow_of_headers_further_right():
    """The first proceeding's 结果维持/结果纠正 flow, then 未经复议直接起诉's headers with the
    row's first nine values left to right (the first proceeding's five, then its own four), the
    first proceeding's 其他结果, 尚未审结, 总计 headers after them."""
    text = _flows("行政复议\n结\n结\n果\n果\n维\n纠\n持\n正",
                  DIRECT_HEAD + "4\n1\n2\n0\n7\n0\n2\n1\n3",
                  "其\n他\n结\n果", "尚\n未\n审\n结", "总\n计", "总\n计\n6",
                  AFTER_HEAD + "1\n0\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, _ = _t4(text)
    assert got == _numbers(4, 1, 2, 0, 7, 0, 2, 1, 3, 6, 1, 0, 0, 0, 1)


def test_table4_every_header_before_the_values_reads_them_left_to_right():
    """Every header printed first (the values row on the next page): 15 lone values in column order."""
    values = [3, 1, 0, 0, 4, 0, 0, 1, 1, 2, 2, 0, 0, 0, 2]
    text = _flows(REVIEW_HEAD, DIRECT_HEAD, "总\n计", AFTER_HEAD, "尚\n未\n审\n结", "总\n计", *map(str, values))
    got, issues = _t4(text)
    assert got == _numbers(*values)
    assert any("every header printed before the values" in i.message for i in issues)


# table 2's label flow up to （六）'s items
T2_HEAD = """二、主动公开政府信息情况
第二十条第（一）项
信息内容
规章
行政规范性文件
第二十条第（五）项
信息内容
行政许可
第二十条第（六）项
信息内容
"""
T2 = T2_HEAD + """行政处罚
行政强制
第二十条第（八）项
信息内容
行政事业性收费

{first}

本年处理决定数量
{license}
本年处理决定数量
{penalty_coercion}
本年收费金额（单位：万元）
{fee}

三、收到和处理政府信息公开申请情况
"""
FIRST_IN_BLOCKS = "本年制发件数\n0\n3\n\n本年废止件数\n0\n1\n\n现行有效件数\n0\n40"


def _t2(text: str) -> tuple[dict, list]:
    return _t2_bytes(TITLE + text)


def _t2_bytes(text: str) -> tuple[dict, list]:
    report = parse_bytes(text.encode(), "plain.txt")
    return {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}, report.issues


def test_table2_one_column_items_read_from_their_column_flows():
    """The k-th 本年处理决定数量 is the k-th sub-table's column: 行政许可 12; 行政处罚 5 and 行政强制 0
    top to bottom; 行政事业性收费 1.5 under 本年收费金额."""
    cells, issues = _t2(T2.format(first=FIRST_IN_BLOCKS, license="12", penalty_coercion="5\n0", fee="1.5"))
    assert cells[("administrative_license", "decisions")] == (12, "number")
    assert cells[("administrative_penalty", "decisions")] == (5, "number")
    assert cells[("administrative_coercion", "decisions")] == (0, "number")
    assert cells[("administrative_fee", "amount_10k_yuan")] == (1.5, "number")
    assert cells[("normative_document", "in_force")] == (40, "number")
    assert any(i.code == "read_by_column" and "行政处罚, 行政强制" in i.message for i in issues)


def test_table2_column_with_a_blank_lost_leaves_its_items_missing():
    """One value under the second 本年处理决定数量 for 行政处罚 and 行政强制 (a blank lost): which
    item it belongs to is not known, both stay missing; the other columns still read."""
    cells, issues = _t2(T2.format(first=FIRST_IN_BLOCKS, license="12", penalty_coercion="5", fee="1.5"))
    assert cells.get(("administrative_penalty", "decisions"), (None, "missing"))[1] == "missing"
    assert cells.get(("administrative_coercion", "decisions"), (None, "missing"))[1] == "missing"
    assert cells[("administrative_license", "decisions")] == (12, "number")
    assert any(i.code == "ambiguous_row" and "行政处罚, 行政强制" in i.message for i in issues)


def test_table2_first_part_headers_as_flows_then_their_values():
    """本年制发件数 and 本年废止件数 each a flow of its own, then two flows of two values: the j-th
    flow is the j-th header's column (规章 0 / 规范性文件 3, then 0 / 1). Read as rows instead,
    规章 would get 0 and 3."""
    first = "本年制发件数\n\n本年废止件数\n\n0\n3\n\n0\n1\n\n现行有效件数 (历\n史累计)\n0\n40"
    cells, _ = _t2(T2.format(first=first, license="12", penalty_coercion="5\n0", fee="1.5"))
    assert [cells[("regulation", m)] for m in ("issued", "repealed", "in_force")] == _numbers(0, 0, 0)
    assert [cells[("normative_document", m)] for m in ("issued", "repealed", "in_force")] == _numbers(3, 1, 40)


def test_table4_row_in_a_flow_of_several_proceedings_headers():
    """行政复议's 其他结果, 尚未审结, 总计 headers printed in one flow with 未经复议直接起诉's (its
    label sharing a line with them), the row's first nine values after them left to right;
    values of table 3's last rows printed between table 4's heading and its header are not
    table 4's."""
    text = _flows("3\n1", "行政复议\n结 结\n果 果\n维 纠\n持 正",
                  "行政诉讼\n其 尚 总 未经复议直接起诉\n他 未 计 结 结 其 尚\n结 审\n果 果 他 未\n果 结\n"
                  "维 纠 结 审\n持 正 果 结\n2\n0\n1\n1\n4\n0\n0\n0\n5",
                  "总\n计", "5", AFTER_HEAD + "0\n0\n0", "尚\n未\n审\n结\n1", "总\n计", "1")
    got, _ = _t4(text)
    assert got == _numbers(2, 0, 1, 1, 4, 0, 0, 0, 5, 5, 0, 0, 0, 1, 1)


T2_2019 = """某某区人民政府 2019 年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容
规章
规范性文件
第二十条第（五）项
信息内容
行政许可
其他对外管理服务事项
第二十条第（六）项
信息内容
行政处罚
行政强制

本年新制作数量
1
2

本年新公开数量
3
4

对外公开总数量
5
6

上一年项目数量
7
8

本年增/减
-1
0

处理决定数量
9
{decisions}

上一年项目数量
11
12

本年增/减
1
-2

处理决定数量
13
14

三、收到和处理政府信息公开申请情况
"""


def _t2_2019(text: str) -> dict:
    report = parse_bytes(text.encode(), "plain.txt")
    return {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}


def test_table2_2019_columns_as_flows_read_per_sub_table():
    """2019 template: each sub-table's columns printed as flows; the second 上一年项目数量,
    本年增/减 and 处理决定数量 are （六）'s (行政处罚 11 1 13, 行政强制 12 -2 14)."""
    assert _t2_2019_rows(T2_2019.format(decisions="10")) == T2_2019_READ


T2_2019_READ = {"regulation": [1, 3, 5], "normative_document": [2, 4, 6],
                "administrative_license": [7, -1, 9], "other_external_services": [8, 0, 10],
                "administrative_penalty": [11, 1, 13], "administrative_coercion": [12, -2, 14]}


def _t2_2019_rows(text: str) -> dict:
    cells = _t2_2019(text)
    return {item: [cells.get((item, m), (None, "missing"))[0] for m in codes.T2_MEASURES_BY_TEMPLATE["2019"][item]]
            for item in T2_2019_READ}


def test_table2_2019_sub_table_with_values_beside_keeps_out_of_the_column_match():
    """（八） on the next page: its heading, its own 上一年项目数量 with no value under it, then
    行政事业性收费 with its value beside. Neither it nor that header takes part in the k-th header
    match, so （五） and （六） read as before (taken as an owner, （八） left 本年增/减 two headers
    for three sub-tables and （五） unread)."""
    text = T2_2019.format(decisions="10").replace(
        "\n三、", "\n第二十条第（八）项\n信息内容\n上一年项目数量\n行政事业性收费\n11\n\n三、")
    assert _t2_2019_rows(text) == T2_2019_READ


def test_table2_2019_sub_table_with_a_blank_lost_stays_missing():
    """（五）'s 处理决定数量 with one value for two items: （五） is not read; the others are."""
    cells = _t2_2019(T2_2019.format(decisions=""))
    assert cells.get(("administrative_license", "decisions"), (None, "missing"))[1] == "missing"
    assert cells.get(("other_external_services", "previous_year_items"), (None, "missing"))[1] == "missing"
    assert cells[("administrative_penalty", "decisions")] == (13, "number")


def test_a_few_lines_of_spaced_values_leave_plain_pdftotext_one_cell_a_line():
    """Plain pdftotext prints a row of table 4's values standing side by side on one line
    (`0 3 0 0`): a few such lines among hundreds of one-cell lines are not a space-aligned text."""
    values = ["0 3 0 0", "0 0 2", "1 0", "12 0"]
    assert _layout(["一句话。"] * 150 + values) == "lines"
    labelled = ["（一）予以公开 0 3 0 0", "（二）部分公开 0 0 2", "（三）不予公开 1 0", "（四）无法提供 12 0"]
    assert _layout(["一句话。"] * 150 + labelled) == "lines"  # 4 of 154 lines: under _SPACED_SHARE
    assert _layout(["一句话。"] * 60 + labelled) == "spaces"  # 4 of 64 lines, labels beside their values
    # the same values on lines of their own, labels apart (stop 18, seventh 000001): one cell a line
    assert _layout(["一句话。"] * 60 + values) == "lines"


def test_table4_header_rows_and_values_on_one_line_each():
    """Header cells side by side printed as one line a row (`结 结 其 尚`), their values on one
    line (`0 3 0 0`), among enough one-cell lines to be read as plain pdftotext."""
    text = _flows("行政复议\n结 结\n果 果\n维 纠\n持 正", "其\n他\n结\n果", "尚\n未\n审\n结", "总\n计",
                  *_lone(5, 1, 2, 18, 10),
                  "行政诉讼\n未经复议直接起诉\n结 结 其 尚\n果 果 他 未\n维 纠 结 审\n持 正 果 结\n0 3 0 0",
                  "总\n计", "3", "复议后起诉\n结 结 其\n果 果 他\n维 纠 结\n持 正 果\n0 0 2",
                  "尚 总\n未 计\n审\n结\n0 2")
    padding = "".join(f"第{i}句话。\n" for i in range(150))
    got, _ = _t4(text + NEXT + padding)
    assert got == _numbers(5, 10, 1, 2, 18, 0, 3, 0, 0, 3, 0, 0, 2, 0, 2)


def _t4_after_table3(t4_and_last_columns: list[str]) -> list:
    """Table 4 of a report whose table 3's last three rows ((六)3, 总计, 四: columns 2-7 as
    `LAST_COLUMNS`, 总计 [1, 1, 0, 0, 4, 0, 6]) are printed after table 4's heading among its flows."""
    text = _last_rows_on_a_page_of_their_own(t4_and_last_columns)
    report = parse_bytes((TITLE + "二、主动公开政府信息情况\n" + text).encode(), "plain.txt")
    table3 = {(c.key, c.sub): c.value for c in report.cells if c.table == "applications"}
    assert [table3[("results_total", a)] for a in codes.APPLICANTS] == [1, 1, 0, 0, 4, 0, 6]
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "review_litigation"}
    return [cells.get((p, o)) for p in codes.PROCEEDINGS for o in codes.T4_OUTCOMES]


def test_table4_read_past_table3_headers_over_its_last_rows():
    """Table 3's `总计 法律 服务 机构` header printed in the flow of its column 5's last values and
    its `其他` header as a flow of its own, among table 4's flows (as poppler printed corpus
    document 000886): they are table 3's, left out; 行政复议 and 未经复议直接起诉 print no value
    (blank), 复议后起诉 reads 0, 1, 0, 2, 3 under its headers."""
    got = _t4_after_table3(
        [T4_HEADER, "其\n他\n结\n果", "尚\n未\n审\n结", "总\n计", DIRECT_HEAD, "总\n计",
         *LAST_COLUMNS[:3], "总计\n法律\n服务\n机构\n" + LAST_COLUMNS[3], AFTER_HEAD + "0\n1\n0", "其他",
         *LAST_COLUMNS[4:], "尚\n未\n审\n结\n2", "总\n计", "3"])
    # 未经复议直接起诉's `总计` flow meets table 3's values right after: a `-` row would print the
    # same (`table4_vanished`), so that proceeding stays missing
    assert got == [*[(None, "blank")] * 5, *[(None, "missing")] * 5, *_numbers(0, 1, 0, 2, 3)]


ROW_OF_NINE = ("行政诉讼\n其 尚 总 未经复议直接起诉\n他 未 计 结 结 其 尚\n结 审\n果 果 他 未\n果 结\n"
               "维 纠 结 审\n持 正 果 结\n2\n0\n1\n1\n4\n0\n0\n0\n5")


def test_table4_read_past_table3_total_header_that_fits_no_column():
    """Table 3's `总计` header printed alone between 复议后起诉's first columns and its 尚未审结
    (as in corpus document 001432): no column of table 4 is next to be headed 总计 and no value
    follows it, so it is table 3's; the row reads 2, 0, 1, 1, 4 | 0, 0, 0, 5, 5 | 0, 0, 0, 1, 1."""
    got = _t4_after_table3(
        ["行政复议\n结 结\n果 果\n维 纠\n持 正", *LAST_COLUMNS[:3], ROW_OF_NINE, *LAST_COLUMNS[3:],
         "总\n计", "5", AFTER_HEAD + "0\n0\n0", "总计", "尚\n未\n审\n结\n1", "总\n计", "1"])
    assert got == _numbers(2, 0, 1, 1, 4, 0, 0, 0, 5, 5, 0, 0, 0, 1, 1)


def test_table4_total_header_with_a_value_after_it_stays_table4s():
    """The same `总计` followed by a lone value: it may be a total of table 4 printed out of
    column order, so nothing is rebuilt and table 4 stays missing."""
    got = _t4_after_table3(
        ["行政复议\n结 结\n果 果\n维 纠\n持 正", *LAST_COLUMNS[:3], ROW_OF_NINE, *LAST_COLUMNS[3:],
         "总\n计", "5", AFTER_HEAD + "0\n0\n0", "总计", "1", "尚\n未\n审\n结\n1", "总\n计"])
    assert all(c is None or c[1] == "missing" for c in got)


def _direct_total_after_blank_proceeding(*after: str) -> str:
    """行政复议 (维持 11, 纠正 3, 其他 4, 尚未审结 1, 总计 19: lone values left column, the
    others, right column), 未经复议直接起诉's headers with its four outcomes 2, 0, 3, 0, its 总计
    header, then 复议后起诉's headers with no value (blank) and `after` (as poppler printed the
    ruled PDF 001274, its total's value at the x of 未经复议直接起诉's 总计)."""
    return _flows(REVIEW_HEAD, *_lone(11, 4, 1, 19, 3), DIRECT_HEAD + "2\n0\n3\n0", "总\n计",
                  AFTER_HEAD, "尚\n未\n审\n结", "总\n计", *after)


def test_table4_lone_total_after_a_blank_proceedings_headers():
    """One lone value after the headers of 未经复议直接起诉's 总计 and of the whole of 复议后起诉:
    blank columns are whole proceedings, so it is 未经复议直接起诉's total (5 = 2 + 0 + 3 + 0)."""
    got, issues = _t4(_direct_total_after_blank_proceeding("5"))
    assert got == [*_numbers(11, 3, 4, 1, 19, 2, 0, 3, 0, 5), *[(None, "blank")] * 5]
    assert any("one lone value after the headers" in i.message for i in issues)


def test_table4_two_lone_values_after_a_blank_proceedings_headers_stay_missing():
    """Two lone values there: which columns they stand under is not known, nothing is rebuilt."""
    got, _ = _t4(_direct_total_after_blank_proceeding("5", "0"))
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_first_proceedings_row_as_one_flow_after_a_blank_proceedings_headers():
    """行政复议's four header flows, 未经复议直接起诉's headers and 总计 with no value, then one
    flow of five values (as poppler printed the ruled PDFs 000728 and 001386: the values at the x
    of 行政复议's columns, left to right): 行政复议 3, 1, 0, 2, 6, 未经复议直接起诉 blank."""
    text = _flows(REVIEW_HEAD, DIRECT_HEAD, "总\n计", "3\n1\n0\n2\n6",
                  AFTER_HEAD + "0\n1\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, issues = _t4(text)
    assert got == [*_numbers(3, 1, 0, 2, 6), *[(None, "blank")] * 5, *_numbers(0, 1, 0, 0, 1)]
    assert any("one flow of a proceeding's values" in i.message for i in issues)


def test_table4_row_as_one_flow_before_a_proceedings_last_header():
    """The same flow of five values before 未经复议直接起诉's 总计 header: 行政复议's row too, left
    to right (as poppler printed the ruled PDFs 000002 and 000042 of a seed-77016 corpus, the
    values at the x of 行政复议's columns, and corpus document 000228 by its truth), 未经复议直接起诉
    blank, its 总计 header with no value after."""
    text = _flows(REVIEW_HEAD, DIRECT_HEAD, "3\n1\n0\n2\n6", "总\n计",
                  AFTER_HEAD + "0\n1\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, _ = _t4(text)
    assert got == [*_numbers(3, 1, 0, 2, 6), *[(None, "blank")] * 5, *_numbers(0, 1, 0, 0, 1)]


def test_table4_row_as_one_flow_with_a_value_under_the_next_total_stays_missing():
    """That flow with a lone value after 未经复议直接起诉's 总计 header: its columns hold values or
    none, the 3 alone cannot be its row, and nothing is rebuilt."""
    text = _flows(REVIEW_HEAD, DIRECT_HEAD, "3\n1\n0\n2\n6", "总\n计", "3",
                  AFTER_HEAD + "0\n1\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, _ = _t4(text)
    assert all(c is None or c[1] == "missing" for c in got)


# simplified → traditional for the characters of the excerpts above that differ
TO_TRADITIONAL = str.maketrans("区开复议诉讼况结维纠审计经报门题进动处请",
                               "區開復議訴訟況結維糾審計經報門題進動處請")


def test_table4_in_traditional_script_read_as_in_simplified():
    """The first test's flows in traditional script (`行政復議`, `結 / 果 / 維 / 持`): the
    rebuild reads the text converted to simplified script, as the mapper does later."""
    text = _first_layout(_lone(5, 1, 2, 18, 10), "0\n3\n0\n0", ["3"])
    whole = (TITLE + T4_HEADING + text + NEXT).translate(TO_TRADITIONAL)
    assert "行政復議" in whole and "維" in whole
    report = parse_bytes(whole.encode(), "plain.txt")
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "review_litigation"}
    got = [cells.get((p, o)) for p in codes.PROCEEDINGS for o in codes.T4_OUTCOMES]
    assert got == _numbers(5, 10, 1, 2, 18, 0, 3, 0, 0, 3, 0, 0, 2, 0, 2)


T2_FOOT = T2_HEAD + """
本年制发件数
/
2

本年废止件数
/
0

本年处理决定数量
191
本年处理决定数量

—1—

现行有效件数
/
22

行政处罚
行政强制
第二十条第（八）项
信息内容
行政事业性收费
{extra}
{later}
本年收费金额（单位：万元）
0

三、收到和处理政府信息公开申请情况
"""


def test_table2_header_at_a_page_foot_reads_the_one_run_of_values_under_no_header():
    """The second 本年处理决定数量 ends its page with no value; the next page prints 行政处罚 and
    行政强制 in the label flow, then 97 and 0 starting a flow under no header and beside no label:
    the only such run, two values for the two items, read top to bottom (处罚 97, 强制 0)."""
    cells, issues = _t2(T2_FOOT.format(extra="", later="97\n0"))
    assert cells[("administrative_penalty", "decisions")] == (97, "number")
    assert cells[("administrative_coercion", "decisions")] == (0, "number")
    assert cells[("administrative_license", "decisions")] == (191, "number")
    assert cells[("administrative_fee", "amount_10k_yuan")] == (0, "number")
    assert any(i.code == "read_by_column" and "printed with no value under it; 97, 0" in i.message for i in issues)


def test_table2_header_at_a_page_foot_stays_missing_when_the_run_does_not_fit():
    """One value for the two items (a blank lost), or a second run of two values under no header
    (`5 / 3` after the items): which values are the column's is not known, both stay missing."""
    for extra, later in (("", "97"), ("\n5\n3\n", "97\n0")):
        cells, _ = _t2(T2_FOOT.format(extra=extra, later=later))
        assert cells.get(("administrative_penalty", "decisions"), (None, "missing"))[1] == "missing"
        assert cells.get(("administrative_coercion", "decisions"), (None, "missing"))[1] == "missing"


# the characters of T2's labels that traditional script writes otherwise, by hand
_TRADITIONAL = str.maketrans("规范处罚强许费项条内开动况数决发废万单请现区报", "規範處罰強許費項條內開動況數決發廢萬單請現區報")


def test_table2_in_traditional_script_read_from_its_column_flows():
    """The same flows as `test_table2_one_column_items_read_from_their_column_flows` in traditional
    script (規章, 本年處理決定數量): the rebuild finds the labels by their simplified forms."""
    text = (TITLE + T2.format(first=FIRST_IN_BLOCKS, license="12", penalty_coercion="5\n0", fee="1.5")
            ).translate(_TRADITIONAL)
    assert "規章" in text and "本年處理決定數量" in text
    cells, _ = _t2_bytes(text)
    assert cells[("administrative_license", "decisions")] == (12, "number")
    assert cells[("administrative_penalty", "decisions")] == (5, "number")
    assert cells[("administrative_coercion", "decisions")] == (0, "number")
    assert cells[("administrative_fee", "amount_10k_yuan")] == (1.5, "number")


def test_table4_header_before_the_one_left_of_it_and_a_surplus_total_header():
    """行政复议's 尚未审结 header printed before its 其他结果 (after 结果维持/结果纠正), table 3's
    last rows between, then 未经复议直接起诉's headers with the row's first nine values, section
    五's heading, 行政复议's 其他结果 and three `总计` headers, one of them table 3's, the last
    with 未经复议直接起诉's total (as poppler printed corpus document 000200, whose values these
    are): 0, 0, 0, 12, 12 | 0, 4, 3, 5, 12 | 2, 1, 1, 0, 4."""
    got = _t4_after_table3(
        [T4_HEADER, "尚\n未\n审\n结", *LAST_COLUMNS,
         DIRECT_HEAD + "0\n0\n0\n12\n12\n0\n4\n3\n5\n五、存在的主要问题及改进情况\n其\n他\n结\n果",
         "总计", "总\n计", "总\n计\n12", "1. 原创信息较少，转发信息较多，主动发声能力还需增强。",
         AFTER_HEAD + "2\n1\n1", "尚\n未\n审\n结\n0", "总\n计\n4"])
    assert got == _numbers(0, 0, 0, 12, 12, 0, 4, 3, 5, 12, 2, 1, 1, 0, 4)


def test_table4_two_total_headers_for_the_two_totals_left():
    """The same with two `总计` headers: they head 行政复议's and 未经复议直接起诉's totals, none
    is set aside, and the reading is the same."""
    got = _t4_after_table3(
        [T4_HEADER, "尚\n未\n审\n结", *LAST_COLUMNS,
         DIRECT_HEAD + "0\n0\n0\n12\n12\n0\n4\n3\n5\n五、存在的主要问题及改进情况\n其\n他\n结\n果",
         "总\n计", "总\n计\n12", "1. 原创信息较少，转发信息较多，主动发声能力还需增强。",
         AFTER_HEAD + "2\n1\n1", "尚\n未\n审\n结\n0", "总\n计\n4"])
    assert got == _numbers(0, 0, 0, 12, 12, 0, 4, 3, 5, 12, 2, 1, 1, 0, 4)


def test_table4_surplus_total_header_without_table3_rows_among_stays_missing():
    """Three `总计` headers where no row of table 3 is printed among table 4's flows: none can be
    table 3's, so nothing is rebuilt."""
    got, _ = _t4(_flows(T4_HEADER, "尚\n未\n审\n结",
                        DIRECT_HEAD + "0\n0\n0\n12\n12\n0\n4\n3\n5\n五、存在的主要问题及改进情况\n其\n他\n结\n果",
                        "总计", "总\n计", "总\n计\n12", AFTER_HEAD + "2\n1\n1", "尚\n未\n审\n结\n0", "总\n计\n4"))
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_not_applicable_mark_wrapped_a_dash_a_line():
    """复议后起诉 not applicable, its mark `——` wrapped in the narrow cells one dash a line: six
    dashes under its three first headers, two under 尚未审结, two after 总计 (as poppler printed
    corpus document 001474, whose values these are)."""
    text = _flows(REVIEW_HEAD, *_lone(0, 0, 0, 0, 0), DIRECT_HEAD + "0\n0\n0\n0", "总\n计", "0",
                  AFTER_HEAD + "—\n—\n—\n—\n—\n—", "尚\n未\n审\n结\n—\n—", "总\n计", "—\n—")
    got, issues = _t4(text)
    assert got == [*_numbers(*[0] * 10), *[(None, "not_applicable")] * 5]
    assert any("wrapped a dash a line" in i.message for i in issues)


def test_table4_run_of_hyphen_marks_joined_into_one():
    """复议后起诉 not applicable, marked `-`: poppler joins a line ending in a hyphen with the next,
    so its first three columns' marks print as one `-` (as in corpus document 000816); a digit
    is never lost so, and the three are read not applicable."""
    text = _flows(REVIEW_HEAD, *_lone(0, 0, 0, 0, 0), DIRECT_HEAD + "0\n0\n0\n0", "总\n计", "0",
                  AFTER_HEAD + "-", "尚\n未\n审\n结\n-", "总\n计\n-")
    got, _ = _t4(text)
    assert got == [*_numbers(*[0] * 10), *[(None, "not_applicable")] * 5]


def test_table4_fewer_values_than_headers_with_a_digit_stay_missing():
    """A `-` and a 0 under three headers: not a run of marks, nothing is rebuilt."""
    text = _flows(REVIEW_HEAD, *_lone(0, 0, 0, 0, 0), DIRECT_HEAD + "0\n0\n0\n0", "总\n计", "0",
                  AFTER_HEAD + "-\n0", "尚\n未\n审\n结\n-", "总\n计\n-")
    got, _ = _t4(text)
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_four_values_in_a_flow_heading_two_proceedings_columns():
    """行政复议's 结果维持/结果纠正 flow, then its other headers side by side with 未经复议直接起诉's
    first four and four values (as poppler printed corpus documents of the kind, 行政复议 blank):
    行政复议's five columns hold values or none, so four values are 未经复议直接起诉's (1, 2, 0, 1;
    its total 4 after its 总计 header), 行政复议 blank."""
    text = _flows(T4_HEADER, ROW_OF_NINE.split("\n2\n")[0] + "\n1\n2\n0\n1", NEXT.strip(), "总\n计", "4",
                  AFTER_HEAD + "0\n1\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, issues = _t4(text)
    assert got == [*[(None, "blank")] * 5, *_numbers(1, 2, 0, 1, 4, 0, 1, 0, 0, 1)]
    assert any("whole proceedings blank" in i.message for i in issues)


def test_table4_three_values_in_a_flow_heading_two_proceedings_columns_stay_missing():
    """Three values there: no choice of whole proceedings comes to three columns, nothing is rebuilt."""
    text = _flows(T4_HEADER, ROW_OF_NINE.split("\n2\n")[0] + "\n1\n2\n1", NEXT.strip(), "总\n计", "4",
                  AFTER_HEAD + "0\n1\n0", "尚\n未\n审\n结\n0", "总\n计", "1")
    got, _ = _t4(text)
    assert all(c is None or c[1] == "missing" for c in got)


def _among_table3(choose: int) -> tuple[list[str], Rebuilt, list[int]]:
    """Table 4 printed as poppler printed corpus document 000550 (its values): table 3's last
    row's six column flows (0, 0, 0, 0, 1, 1) among table 4's, one more lone 0 and a 0 under
    尚未审结 which table 3's rebuild might take too. Its kept choices: every `choose` of the five
    zero flows, with the two 1s. Returns the lines, table 3's rebuild and the zero flows' lines."""
    text = _flows(T4_HEADING + "行政复议\n结\n结\n果\n果\n维\n纠\n持\n正", "0",
                  DIRECT_HEAD + "5\n3\n0\n0\n8\n0\n0\n2\n0\n五、存在的主要问题及改进情况\n其\n他\n结\n果",
                  "尚\n未\n审\n结", "总\n计", "0", "总\n计", "2", "0", "0", AFTER_HEAD + "2\n0\n0", "1", "1",
                  "尚\n未\n审\n结\n0", "总\n计", "2")
    lines = text.split("\n")
    zeros = [i for i, s in enumerate(lines) if s == "0" and (lines[i - 1] == "" or lines[i - 1] == "结")]
    ones = [i for i, s in enumerate(lines) if s == "1"]
    choices = [{*c, *ones} for c in combinations(zeros, choose)]
    return lines, Rebuilt(set(zeros) | set(ones), [Row(["四、结转下年度继续办理", "0"], 1)], [], choices), zeros


def test_table4_read_under_every_choice_of_table3s_last_flows():
    """Table 3 takes four of the five zero flows: the choices taking the 0 under 尚未审结 are set
    aside (a value under table 4's header), which leaves one, under which table 4 reads
    5, 3, 0, 0, 8 | 0, 0, 2, 0, 2 | 2, 0, 0, 0, 2."""
    lines, table3, zeros = _among_table3(4)
    assert len(zeros) == 5
    _, table4 = with_table4(lines, table3)
    assert table4 is not None
    assert table4.rows[2].cells == ["5", "3", "0", "0", "8", "0", "0", "2", "0", "2", "2", "0", "0", "0", "2"]
    assert "chosen 1 ways" in table4.issues[0].message


def test_table4_choices_of_table3s_last_flows_leaving_it_different_lone_values_stay_missing():
    """Table 3 taking three of the zero flows: every choice leaves table 4 a lone 0 too many, it
    reads under none, and nothing is rebuilt."""
    lines, table3, _ = _among_table3(3)
    _, table4 = with_table4(lines, table3)
    assert table4 is None


def test_table4_five_single_header_flows_then_five_lone_values_left_to_right():
    """行政复议's five headers each a flow of its own, then its five values each a flow (as poppler
    printed corpus document 000522, whose values these are, and a ruled PDF whose blocks' x
    run left to right): 0, 2, 0, 2, 4 in column order."""
    text = _flows("行政复议", "行政诉讼", "结\n果\n维\n持", "结\n果\n纠\n正", "其\n他\n结\n果", "尚\n未\n审\n结",
                  "总\n计", *_lone(0, 2, 0, 2, 4), DIRECT_HEAD.removeprefix("行政诉讼\n") + "1\n0\n5\n0", "总\n计",
                  "6", AFTER_HEAD + "0\n2\n3", "尚\n未\n审\n结\n0", "总\n计", "5")
    got, issues = _t4(text)
    assert got == _numbers(0, 2, 0, 2, 4, 1, 0, 5, 0, 6, 0, 2, 3, 0, 5)
    assert any("header flows of one column each: left to right" in i.message for i in issues)


def _t3_columns_among(after: str, *t3_header: str, before: tuple[str, ...] = ()) -> str:
    """行政复议's 结果维持/结果纠正 flow, the row's first nine values in 未经复议直接起诉's headers'
    flow (2, 0, 1, 1, 4 | 0, 0, 0, 5), section 五's heading, then table 3's last two rows' column
    flows (two values each: table 3 itself not read) among table 4's (as poppler printed corpus
    document 000004), 复议后起诉's flows with `after` under its first headers, `t3_header` (table
    3's) after them; `before`: table 3's flows before the row of nine."""
    return _flows(T4_HEADER, *before, ROW_OF_NINE, NEXT.strip(), "1\n0", "总\n计", "5", "0\n0", "0\n0",
                  AFTER_HEAD + after, *t3_header, "2\n0", "12\n0", "尚\n未\n审\n结\n0", "总\n计", "1")


def test_table4_with_table3s_last_columns_among_it_unread():
    """The flows of two values set aside as table 3's columns, table 4 reads every proceeding:
    2, 0, 1, 1, 4 | 0, 0, 0, 5, 5 | 0, 1, 0, 0, 1."""
    got, issues = _t4(_t3_columns_among("0\n1\n0"))
    assert got == _numbers(2, 0, 1, 1, 4, 0, 0, 0, 5, 5, 0, 1, 0, 0, 1)
    assert any("set aside as table 3's last rows' columns" in i.message for i in issues)


def test_table4_with_table3s_last_columns_among_it_and_a_blank_proceeding_stays_missing():
    """复议后起诉's first headers with no value under them: a column of table 4's own set aside
    would leave it so too, so nothing is rebuilt."""
    got, _ = _t4(_t3_columns_among(""))
    assert all(c is None or c[1] == "missing" for c in got)


def test_table4_with_table3s_last_columns_and_its_total_header_among_it_unread():
    """The same with table 3's `总计` header among its columns (as in corpus document 001054): no
    column of table 4 is next to be headed so and no value follows it, so it is table 3's."""
    got, _ = _t4(_t3_columns_among("0\n1\n0", "总\n计"))
    assert got == _numbers(2, 0, 1, 1, 4, 0, 0, 0, 5, 5, 0, 1, 0, 0, 1)


def test_table4_with_table3s_last_columns_among_it_unread_one_before_its_row():
    """One of table 3's column flows before the row of nine (as in corpus document 000592): set
    aside too, and left out of the rows the text reader maps, which would take its values for
    table 4's; the same reading."""
    got, _ = _t4(_t3_columns_among("0\n1\n0", before=("1\n4",)))
    assert got == _numbers(2, 0, 1, 1, 4, 0, 0, 0, 5, 5, 0, 1, 0, 0, 1)
