"""Plain pdftotext's table 2: a column header with nothing under it (text_blocks_table2_blank.py),
and a 2019 sub-table of several columns whose items run over a page break
(text_blocks_table2_pages.split_columns).

The texts under data/plain_pdftotext/ are whole copies of plain-pdftotext dumps of rendered
reports, each beside its generator's truth (`.truth.json`), form feeds kept:
- t2_blank_fee_under_header: 000031 of the fourth plain set (seed 17): `本年收费金额（单位：万元）`
  a flow of its own with nothing under it (the fee blank), and `本年处理决定数量 / 本年处理决定数量 /
  0 / 0` (行政许可's `-` lost: the next header follows it in its flow);
- t2_2019_columns_over_page_break: 000124 of the seventh plain set (seed 20): 行政处罚's three
  columns `0 / 2 / 0` under their headers on page 1, 行政强制 on page 2 with the runs `9`, `-2`,
  `2` under no header;
- t2_2019_beside_value_with_unit: 000058 of the fourth plain set, each sub-table's first column
  beside its items (`其他对外管理服务事项 0 件`: the value and its unit on the label's line), the
  other columns after section 三's heading (text_blocks_table2_beside.py)."""

from __future__ import annotations

from tests.test_text_blocks_table2_pages import MISSING, _dump, _t2

FEE = ("administrative_fee", "amount_10k_yuan")
LICENSE = ("administrative_license", "decisions")
FEE_HEADER = "本年收费金额（单位：万元）\n"


def _under_fee_header(text: str, line: str) -> str:
    at = text.index(FEE_HEADER + "\n") + len(FEE_HEADER)
    return text[:at] + line + text[at:]


def test_a_header_ending_its_flow_with_nothing_under_it_holds_a_blank_cell():
    text, truth = _dump("t2_blank_fee_under_header")
    cells, issues = _t2(text)
    assert truth[FEE] == (None, "blank")
    assert cells[FEE] == (None, "blank")
    assert any(i.code == "inferred_blank_row" and "行政事业性收费" in i.message for i in issues)


def test_a_dash_followed_in_its_flow_by_the_next_header_stays_missing():
    """行政许可 is `-` in the truth; poppler joined it to the next `本年处理决定数量`: no trace."""
    text, truth = _dump("t2_blank_fee_under_header")
    cells, _ = _t2(text)
    assert truth[LICENSE] == (None, "not_applicable")
    assert cells.get(LICENSE, MISSING) == MISSING
    read = {key: cells[key] for key in truth if cells.get(key, MISSING) != MISSING}
    assert read == {key: truth[key] for key in read} and len(read) == 9


def test_a_dash_under_the_header_ends_its_flow_and_is_read_as_printed():
    text, _ = _dump("t2_blank_fee_under_header")
    for mark in ("-\n", "／\n"):
        cells, _ = _t2(_under_fee_header(text, mark))
        assert cells[FEE] == (None, "not_applicable")


def test_an_unplaced_value_in_table_2_leaves_the_empty_header_missing():
    """A run of values under no header and beside no label may be the fee's: nothing is read blank."""
    text, _ = _dump("t2_blank_fee_under_header")
    loose = text.replace("信息内容\n行政事业性收费\n\n", "信息内容\n行政事业性收费\n\n5\n\n", 1)
    assert loose != text
    cells, _ = _t2(loose)
    assert cells.get(FEE, MISSING) == MISSING


def test_2019_columns_over_a_page_break_read_every_cell():
    text, truth = _dump("t2_2019_columns_over_page_break")
    cells, issues = _t2(text)
    assert truth[("administrative_coercion", "change")] == (-2, "number")
    assert {key: cells.get(key, MISSING) for key in truth} == truth
    assert any(i.code == "read_by_column" and "page break" in i.message and "行政强制" in i.message for i in issues)


def test_2019_columns_without_the_page_break_stay_missing():
    """The form feed places 行政强制 on the next page; without it the runs belong to no known item."""
    text, _ = _dump("t2_2019_columns_over_page_break")
    cells, _ = _t2(text.replace("\f", ""))
    for item in ("administrative_penalty", "administrative_coercion"):
        assert cells.get((item, "decisions"), MISSING) == MISSING


def test_2019_beside_a_value_with_its_unit_on_the_label_line_reads_every_cell():
    text, truth = _dump("t2_2019_beside_value_with_unit")
    assert "其他对外管理服务事项 0 件\n" in text
    cells, _ = _t2(text)
    assert truth[("other_external_services", "previous_year_items")] == (0, "number")
    assert truth[("normative_document", "total_published")] == (117, "number")
    assert {key: cells.get(key, MISSING) for key in truth} == truth
