"""Plain pdftotext's table 2 (ingest/readers/text_blocks_table2.py and the mapper's first-part
rows): trimmed copies of rendered corpus texts, each asserting the generator's truth.

Plain pdftotext leaves no trace of a blank cell, and none of a lone `-` either (a line ending in
a hyphen is joined to the next), so a column printing fewer values than rows stays missing
unless the flow order places its values."""

from __future__ import annotations

from ingest.parse import parse_bytes
from tests.test_text_blocks import T2_BLOCKS, _t2_first
from tests.test_text_blocks_tables import T2_2019 as T2_2019_SIX
from tests.test_text_blocks_tables import T2_HEAD

TITLE = "某某市发展和改革委员会 2024 年政府信息公开工作年度报告\n"
MISSING = (None, "missing")


def _t2(text: str) -> tuple[dict, list]:
    report = parse_bytes(text.encode(), "plain.txt")
    return {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}, report.issues


# rendered 000816 (regulation not applicable, its `-` marks dropped): the table printed row by
# row (label, then its values), 现行有效件数 apart in table 3's flows with one value
ROW_WISE = TITLE + """二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
规章
行政规范性文件
0
3
第二十条第（五）项
信息内容
本年处理决定数量
行政许可
1
第二十条第（六）项
信息内容
本年处理决定数量
行政处罚
39
行政强制
0
第二十条第（八）项
信息内容
本年收费金额（单位：万元）
行政事业性收费
0
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第
二项之和，等于第三项加第四项之和）

一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量

现行有效件数
40

申请人情况
"""


def test_row_wise_values_after_the_second_label_are_its_own():
    """规章 prints nothing; 0 and 3 follow 行政规范性文件: its 本年制发件数 and 本年废止件数, as
    现行有效件数 is printed apart with a value under it. Its one value (40) may be either row's
    (the other blank or a dropped `-`): both stay missing, as do 规章's cells."""
    cells, issues = _t2(ROW_WISE)
    assert cells[("normative_document", "issued")] == (0, "number")
    assert cells[("normative_document", "repealed")] == (3, "number")
    assert cells.get(("normative_document", "in_force"), MISSING) == MISSING
    assert all(cells.get(("regulation", m), MISSING) == MISSING for m in ("issued", "repealed", "in_force"))
    assert cells[("administrative_penalty", "decisions")] == (39, "number")
    assert cells[("administrative_fee", "amount_10k_yuan")] == (0, "number")
    assert any(i.code == "inferred_alignment" and "行政规范性文件" in i.message for i in issues)
    assert any(i.code == "ambiguous_row" and "现行有效件数" in i.message and "(40)" in i.message for i in issues)


def _flows(*flows: str) -> str:
    """Flows as plain pdftotext prints them: separated by a blank line."""
    return "\n\n".join(flows)


def _column(header: str, *values: object) -> str:
    return "\n".join([header, *map(str, values)])


def test_a_column_with_more_values_than_rows_is_not_taken_as_printed_apart():
    """现行有效件数 with three values under it for two rows: not a column printed apart, so
    规范性文件's 16 and 9 may still be any two of its three cells; they stay missing."""
    cells, _ = _t2_first(T2_BLOCKS.format(in_force="0\n79\n5"))
    assert cells.get(("normative_document", "issued"), MISSING) == MISSING
    assert cells.get(("normative_document", "repealed"), MISSING) == MISSING


# rendered 000998 (simplified; regulation not applicable): the first part's headers as flows of
# their own, then one value each; the fee's header at the page foot, its label and value after
FLOWS_SHORT = TITLE + T2_HEAD + "行政处罚\n行政强制\n第二十条第（八）项\n信息内容\n\n" + _flows(
    "本年制发件数", "本年废止件数", "4", "2",
    "本年处理决定数量\n91\n本年处理决定数量\n117\n0\n本年收费金额（单位：万元）", "第1页",
    "现行有效件数 (历史\n累计)\n59", "\n行政事业性收费", "0", "三、收到和处理政府信息公开申请情况\n")


def test_first_part_flows_of_one_value_for_two_rows_stay_missing_listed():
    """本年制发件数 4 and 本年废止件数 2, one value for 规章 and 规范性文件 each: which row is
    not known; the finding lists what was printed."""
    cells, issues = _t2(FLOWS_SHORT)
    assert all(cells.get((item, m), MISSING) == MISSING
               for item in ("regulation", "normative_document") for m in ("issued", "repealed", "in_force"))
    assert any(i.code == "ambiguous_row" and "本年制发件数: 4; 本年废止件数: 2" in i.message for i in issues)


def test_fee_header_at_a_page_foot_takes_the_one_run_after_its_label():
    """The loose runs 4 and 2 are the first part's columns' (their headers as flows, then as many
    flows of values); 0, after 行政事业性收费, is the only other one: the fee's value."""
    cells, issues = _t2(FLOWS_SHORT)
    assert cells[("administrative_fee", "amount_10k_yuan")] == (0, "number")
    assert cells[("administrative_license", "decisions")] == (91, "number")
    assert cells[("administrative_penalty", "decisions")] == (117, "number")
    assert any(i.code == "read_by_column" and "printed with no value under it; 0" in i.message for i in issues)


def test_fee_value_stays_missing_beside_another_loose_run():
    """A second run under no header, after the label or before the header (`7` after 现行有效件数's
    value, which could be that column's other row): the fee's value is not known."""
    for text in (FLOWS_SHORT.replace("\n0\n\n三、", "\n0\n\n5\n\n三、"),
                 FLOWS_SHORT.replace("累计)\n59\n", "累计)\n59\n\n7\n")):
        assert text != FLOWS_SHORT
        cells, _ = _t2(text)
        assert cells.get(("administrative_fee", "amount_10k_yuan"), MISSING) == MISSING


# the 2019 template's label flow up to （六）'s items, as the other 2019 tests print it
HEAD_2019 = T2_2019_SIX.partition("\n\n本年新制作数量")[0]
# rendered 001012 (2019 template): （八）'s headers at a page foot with no value, the values after
# （九）'s labels; （九）'s columns 采购项目数量 and 采购总金额 (no unit: the amount stays missing)
T2_2019 = HEAD_2019 + """
第二十条第（八）项
信息内容

""" + _flows(
    _column("本年新制作数量", 37, 5), _column("本年新公开数量", 1, 38), _column("对外公开总数量", 13, 7),
    _column("上一年项目数量", 7, 0), _column("本年增/减", 0, 0), _column("处理决定数量", 0, 17),
    _column("上一年项目数量", 0, 7), _column("本年增/减", 0, 0), _column("处理决定数量", 0, 0),
    "上一年项目数量", "本年增/减", "-1-", "\n行政事业性收费\n第二十条第（九）项\n信息内容\n政府集中采购", "19", "0",
    _column("采购项目数量", 8), _column("{amount_header}", 86.67), "三、收到和处理政府信息公开申请情况\n")


def test_2019_headers_at_a_page_foot_take_the_runs_after_the_items_in_order():
    cells, issues = _t2(T2_2019.format(amount_header="采购总金额"))
    assert cells[("administrative_fee", "previous_year_items")] == (19, "number")
    assert cells[("administrative_fee", "change")] == (0, "number")
    assert cells[("administrative_penalty", "decisions")] == (0, "number")
    assert cells[("normative_document", "new_published")] == (38, "number")
    assert any(i.code == "read_by_column" and "行政事业性收费" in i.message and "headers' order" in i.message
               for i in issues)


def test_2019_procurement_columns_read_the_amount_by_its_header_unit():
    """采购总金额 (label code procurement_amount) heads the amount column: 采购项目数量 8 is read;
    the amount is missing where no unit is printed, in 万元 where the header names it."""
    cells, issues = _t2(T2_2019.format(amount_header="采购总金额"))
    assert cells[("centralized_procurement", "procurement_items")] == (8, "number")
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == MISSING
    assert any(i.code == "money_unit_unknown" for i in issues)
    cells, _ = _t2(T2_2019.format(amount_header="采购总金额（单位：万元）"))
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == (86.67, "number")
    cells, _ = _t2(T2_2019.format(amount_header="采购总金额（单位：元）"))
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == (0.008667, "number")


def test_2019_headers_at_a_page_foot_stay_missing_when_a_run_is_short():
    """One of （八）'s values lost (a blank): the runs are fewer than its columns, nothing is read."""
    cells, _ = _t2(T2_2019.format(amount_header="采购总金额").replace("\n19\n\n0\n", "\n19\n"))
    assert cells.get(("administrative_fee", "previous_year_items"), MISSING) == MISSING
    assert cells.get(("administrative_fee", "change"), MISSING) == MISSING
