"""Plain pdftotext's table 2 of the 2019 template where a sub-table prints its first column
beside its items and its other columns after section 三's heading
(ingest/readers/text_blocks_table2_beside.py).

`data/plain_pdftotext/t2_2019_columns_after_section3.txt` is a trimmed copy of rendered corpus
document 000746 (its title, then section 二 to 申请人情况); the values asserted are its
generator's truth. `t2_2019_page_foot_then_beside.txt` is document 000138 of a fourth plain set
(seed 17), whole, with its truth beside it."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.parse import parse_bytes

PAGE_FOOT_THEN_BESIDE = Path(__file__).parent / "data" / "plain_pdftotext" / "t2_2019_page_foot_then_beside.txt"
AFTER_SECTION3 = Path(__file__).parent / "data" / "plain_pdftotext" / "t2_2019_columns_after_section3.txt"
MISSING = (None, "missing")


def _t2(text: str) -> tuple[dict, list]:
    report = parse_bytes(text.encode(), "plain.txt")
    return {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}, report.issues


def test_fee_and_procurement_take_their_second_columns_after_section_3():
    cells, issues = _t2(AFTER_SECTION3.read_text(encoding="utf-8"))
    assert cells[("administrative_fee", "previous_year_items")] == (11, "number")
    assert cells[("administrative_fee", "change")] == (0, "number")
    assert cells[("centralized_procurement", "procurement_items")] == (5, "number")
    # 采购总金额 printed with no unit: missing, as the truth holds it
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == MISSING
    assert any(i.code == "money_unit_unknown" for i in issues)
    # the sub-tables printed as flows of their own are read as before
    assert cells[("administrative_coercion", "decisions")] == (22, "number")
    assert cells[("regulation", "total_published")] == (5, "number")
    assert any(i.code == "read_by_column" and "行政事业性收费" in i.message and "section 三" in i.message
               for i in issues)


def test_every_sub_table_beside_its_items_reads_all_22_cells():
    """The layout of the held-out documents: every sub-table's first column beside its items
    (one on the label's own line, `其他对外管理服务事 0` with `项` wrapped), the other columns
    after section 三's heading, a note line before them."""
    cells, _ = _t2(_beside_all())
    assert cells[("regulation", "new_made")] == (6, "number")
    assert cells[("normative_document", "total_published")] == (24, "number")
    assert cells[("other_external_services", "previous_year_items")] == (3, "number")
    assert cells[("other_external_services", "decisions")] == (9, "number")
    assert cells[("administrative_coercion", "change")] == (0, "number")
    assert cells[("administrative_fee", "change")] == (-4, "number")
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == (12.5, "number")
    assert sum(state == "number" for _, state in cells.values()) == 22


def test_a_column_short_of_a_value_after_section_3_leaves_the_table_missing():
    """One of 处理决定数量's values lost (a blank leaves no trace): no header's place is known,
    nothing is read from the chain and the cells stay missing."""
    cells, issues = _t2(_beside_all().replace("处理决定数量\n8\n9\n", "处理决定数量\n8\n"))
    assert cells.get(("administrative_license", "change"), MISSING) == MISSING
    assert cells.get(("regulation", "new_published"), MISSING) == MISSING
    assert not any(i.code == "read_by_column" for i in issues)


def _beside_all() -> str:
    return """某某县人民政府 2019 年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年新制作数量
规章
6
规范性文件
0
第二十条第（五）项
信息内容
上一年项目数量
行政许可
0
其他对外管理服务事 3
项
第二十条第（六）项
信息内容
上一年项目数量
行政处罚
6
行政强制
1
第二十条第（八）项
信息内容
上一年项目数量
行政事业性收费
7
第二十条第（九）项
信息内容
采购项目数量
政府集中采购
0
三、收到和处理政府信息公开申请情况
(本列数据的勾稽关系为：第一项

本年新公开数量
30
3

对外公开总数量
1
24

本年增/减
0
2

处理决定数量
8
9

本年增/减
-2
0

处理决定数量
1
5

本年增/减
-4

采购总金额（单位：万元）
12.5

申请人情况
"""


def test_a_header_row_at_a_page_foot_then_sub_tables_beside_read_every_cell():
    """（六）'s header row at page 1's foot, 行政处罚 29 and 行政强制 1 beside their labels on page 2,
    （八） and （九） beside theirs; after section 三's heading `1 / 0`, `4 / 2` (（六）'s other
    columns, no header), then `本年增/减 / 1`, `采购总金额 / 262.19 万元`: all 22 cells the truth's."""
    truth = json.loads(PAGE_FOOT_THEN_BESIDE.with_suffix(".truth.json").read_text(encoding="utf-8"))
    want = {(c["item"], c["measure"]): (c["value"], c["state"]) for c in truth["proactive"]}
    cells, issues = _t2(PAGE_FOOT_THEN_BESIDE.read_text(encoding="utf-8"))
    assert want[("administrative_penalty", "change")] == (1, "number")
    assert want[("administrative_coercion", "decisions")] == (2, "number")
    assert cells == want and len(want) == 22
    assert any("行政处罚, 行政强制 read" in i.message and "under no header" in i.message for i in issues)


def test_a_header_row_at_a_page_foot_with_a_run_short_leaves_it_missing():
    """The same with `4 / 2` printed `4` (a blank leaves no trace): （六）'s other columns stay missing."""
    text = PAGE_FOOT_THEN_BESIDE.read_text(encoding="utf-8").replace("\n4\n2\n\n本年增/减", "\n4\n\n本年增/减")
    cells, _ = _t2(text)
    assert cells.get(("administrative_penalty", "change"), MISSING) == MISSING
    assert cells.get(("administrative_coercion", "decisions"), MISSING) == MISSING
