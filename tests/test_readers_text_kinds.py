"""Text renderings made by real tools (excerpts under tests/fixtures/text/): each cell asserted
is printed in the excerpt and checked by reading it."""

from __future__ import annotations

from pathlib import Path

from ingest.parse import parse_file

TEXT = Path(__file__).parent / "fixtures" / "text"
ZERO7 = [0] * 7


def _cells(name: str) -> tuple[dict, list]:
    report = parse_file(TEXT / name)
    return {(c.table, c.key, c.sub): (c.value if c.state == "number" else c.state) for c in report.cells}, report.issues


def _row(cells: dict, outcome: str) -> list:
    applicants = ("natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
                  "legal_service_org", "other_org", "total")
    return [cells[("applications", outcome, a)] for a in applicants]


def _t4(cells: dict) -> list:
    return [cells[("review_litigation", p, o)]
            for p in ("administrative_review", "litigation_direct", "litigation_after_review")
            for o in ("upheld", "corrected", "other", "pending", "total")]


def test_w3m_box_table_cells_joined_over_wrapped_lines():
    cells, _ = _cells("w3m_boxes.txt")
    assert _row(cells, "new_received") == [11, 0, 0, 0, 0, 0, 11]  # １ / １ down the cell
    assert _row(cells, "carried_over") == ["blank"] * 7
    assert _row(cells, "granted") == [2, 0, 0, 0, 0, 0, 2]
    assert _t4(cells) == [10, 6, 9, 2, 27, 1, 2, 0, 4, 7, 2, 1, 0, 0, 3]  # ２ / ７ is 27


def test_lynx_values_one_space_apart():
    cells, _ = _cells("lynx_spaced.txt")
    assert _row(cells, "new_received") == [11, 0, 0, 0, 0, 0, 11]
    assert _row(cells, "granted") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(cells, "partially_granted") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(cells, "denied.state_secret") == ZERO7
    assert _row(cells, "denied.prohibited_by_law") == ["blank"] * 7  # the label alone: a blank row
    assert _row(cells, "denied.security_stability") == ZERO7


def test_html2text_rows_without_leading_pipe():
    cells, issues = _cells("html2text_pipes.md")
    assert _row(cells, "new_received") == [11, 0, 0, 0, 0, 0, 11]
    assert _row(cells, "carried_over") == ["blank"] * 7
    assert _row(cells, "denied.state_secret") == ZERO7
    assert _row(cells, "denied.prohibited_by_law") == ["blank"] * 7  # `2\.` unescaped
    assert not any(i.code == "fuzzy_label" for i in issues)


def test_flattened_pipes_with_dropped_leading_pipe_and_padding():
    cells, _ = _cells("pipes_flattened.txt")
    assert _row(cells, "new_received") == [137, 19, 1, 3, 5, 6, 171]
    assert _row(cells, "granted") == [16, 3, 0, 1, 0, 1, 21]
    assert _row(cells, "partially_granted") == [30, 5, 0, 0, 0, 0, 35]  # no leading pipe, `||` padding
    assert _row(cells, "denied.prohibited_by_law") == [0, 1, 0, 0, 0, 0, 1]
    assert _t4(cells) == [0] * 15


def test_fixed_columns_wrapped_table4_headers_stay_in_table4():
    cells, _ = _cells("fixed_columns_t4.txt")  # 其他 / 结果 over two lines is not table 3's 其他
    assert _row(cells, "carried_forward") == ZERO7
    assert _t4(cells) == [0, 1, 0, 6, 7, 0, 5, 0, 3, 8, 0, 0, 0, 0, 0]


def test_values_one_space_apart_on_a_line_of_their_own_are_separate_cells(tmp_path):
    # one cell per line, table 4's values on one line: never the number 1067…
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n总计\n"
            "0 1 0 6 7 0 5 0 3 8 0 0 0 0 0\n五、存在的主要问题及改进情况\n")
    (tmp_path / "t4.txt").write_text(text, encoding="utf-8")
    report = parse_file(tmp_path / "t4.txt")
    cells = {(c.table, c.key, c.sub): (c.value if c.state == "number" else c.state) for c in report.cells}
    assert _t4(cells) == [0, 1, 0, 6, 7, 0, 5, 0, 3, 8, 0, 0, 0, 0, 0]


def test_run_together_read_where_the_identities_leave_one_reading():
    cells, issues = _cells("run_together.txt")
    assert _row(cells, "new_received") == [151, 3, 0, 0, 0, 0, 154]
    assert _row(cells, "unavailable.not_held") == [49, 1, 0, 0, 0, 0, 50]
    assert _row(cells, "results_total") == [147, 1, 0, 0, 0, 0, 148]
    assert _row(cells, "carried_forward") == [4, 2, 0, 0, 0, 0, 6]
    assert _t4(cells) == [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]
    assert cells[("proactive", "regulation", "in_force")] == 0  # 000: one cut only
    assert cells[("proactive", "administrative_fee", "amount_10k_yuan")] == 4166.241619
    # 5845546 for three counts and no identity: missing, with what was printed
    assert [cells[("proactive", "normative_document", m)] for m in ("issued", "repealed", "in_force")] == \
        ["missing"] * 3
    assert any(i.code == "ambiguous_row" and "5845546" in i.message for i in issues)
    assert any(i.code == "inferred_alignment" and "15130000154" in i.message for i in issues)


def test_pdftotext_layout_labels_wrapped_below_their_values():
    # `2. 其` / `他法律` / `行政法` / `规禁止` / `公开`: the values stand on the label's first line
    cells, _ = _cells("pdftotext_layout_wrapped.txt")
    assert _row(cells, "new_received") == [27, 1, 0, 0, 2, 8, 38]
    assert _row(cells, "granted") == [13, 0, 0, 0, 2, 4, 19]
    assert _row(cells, "denied.prohibited_by_law") == ZERO7
    assert _row(cells, "denied.security_stability") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(cells, "denied.internal_affairs") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(cells, "denied.process_information") == [0, 0, 0, 0, 0, 1, 1]
    assert _row(cells, "denied.administrative_query") == ZERO7
    # `（三） 1. 属` / `不予公 于国家` / `开   秘密`: two labels side by side, joined word column by
    # word column into （三）不予公开 and 1.属于国家秘密
    assert _row(cells, "denied.state_secret") == ZERO7


def test_pdftotext_layout_header_repeated_on_a_new_page_is_not_the_total_row():
    # table 3 continued on the next page under its header again: that header's 总计 is the
    # applicants' total column, so the 3.其他 after it is still （六）'s third row
    cells, _ = _cells("pdftotext_layout_repeated_header.txt")
    assert _row(cells, "other.no_correction") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(cells, "other.fee_unpaid") == ZERO7
    assert _row(cells, "other.other") == [4, 3, 0, 0, 2, 0, 9]
    assert _row(cells, "results_total") == [234, 61, 3, 1, 10, 21, 330]
    assert _row(cells, "carried_forward") == [6, 1, 0, 1, 0, 4, 12]


def test_pdftotext_layout_table4_block_left_blank_is_placed_by_character_columns():
    # pdftotext -layout aligns by characters (an ideograph counts one column): the ten zeros
    # stand under 行政复议 and 未经复议直接起诉, so 复议后起诉 is the block left blank
    cells, issues = _cells("pdftotext_layout_t4_blank_block.txt")
    assert _t4(cells) == [0] * 10 + ["blank"] * 5
    assert any(i.code == "inferred_alignment" and i.message.startswith("table 4") for i in issues)


def test_html2text_table4_on_a_grid_that_ignores_spans():
    # inscriptis gives every <td> a column of its own: the ten zeros stand at the starts of
    # columns 1-5 and 11-15 (two spaces apart past the headers), so 未经复议直接起诉 is blank
    cells, issues = _cells("html2text_t4_grid.txt")
    assert _t4(cells) == [0] * 5 + ["blank"] * 5 + [0] * 5
    assert any(i.code == "inferred_alignment" and i.message.startswith("table 4") for i in issues)


def test_html2text_table4_value_off_the_grid_stays_missing(tmp_path):
    # the same page with the sixth value one character to the left of column 11's start:
    # no column holds it, so table 4 is not placed by position (and ten zeros are ambiguous)
    text = (TEXT / "html2text_t4_grid.txt").read_text(encoding="utf-8")
    text = text.replace("0                                    0  0  0  0  0",
                        "0                                   0   0  0  0  0")
    (tmp_path / "t4.txt").write_text(text, encoding="utf-8")
    report = parse_file(tmp_path / "t4.txt")
    cells = {(c.table, c.key, c.sub): (c.value if c.state == "number" else c.state) for c in report.cells}
    assert _t4(cells) == ["missing"] * 15
    assert any(i.code == "ambiguous_row" and i.message.startswith("table 4") for i in report.issues)
def test_pdftotext_plain_values_in_the_next_block_are_not_the_labels():
    # plain pdftotext prints tables block by block: `行政事业性收费` / (blank line) / `94` is
    # 行政许可's 94 printed in the next block, `四、结转下年度继续办理` / (blank) / `9` / (blank) / `2` …
    # is the 总计 row (9 2 0 3 3 1 18) printed after the label column; neither is the row's.
    # 行政事业性收费 is read from its own column, `本年收费金额（单位：万元）` / `0` (000788's truth: 0)
    # Table 3's values come to 16 whole rows: the balance and the results' sum put 9 2 0 3 3 1 18
    # in 总计 and leave 四 blank (000312's truth: both so), never 四's as printed after its label.
    cells, issues = _cells("pdftotext_plain_blocks.txt")
    assert cells[("proactive", "administrative_fee", "amount_10k_yuan")] == 0
    assert _row(cells, "carried_forward") == ["blank"] * 7
    assert _row(cells, "results_total") == [9, 2, 0, 3, 3, 1, 18]
    assert any(i.code == "inferred_alignment" and "read blank (no value printed for them): carried_forward"
               in i.message for i in issues)


def test_pdftotext_plain_table2_columns_printed_as_blocks_under_their_headers():
    # 000788: `本年制发件数` / `／` / `1`, `本年废止件数` / `／` / `0`, `现行有效件数` / `／` / `3`:
    # each column's cells for 规章 and 行政规范性文件, top to bottom
    cells, issues = _cells("pdftotext_plain_blocks.txt")
    assert _t2(cells, "regulation", ("issued", "repealed", "in_force")) == ["not_applicable"] * 3
    assert _t2(cells, "normative_document", ("issued", "repealed", "in_force")) == [1, 0, 3]
    assert sum(1 for i in issues if i.code == "read_by_column" and i.message.startswith("column ")) == 3
    # 000508: one value under each header (行政规范性文件's row is blank, its cells lost): which
    # row the 0 belongs to is not printed, so neither row is read
    cells, issues = _cells("pdftotext_plain_column_blank.txt")
    assert _t2(cells, "regulation", ("issued", "repealed", "in_force")) == ["missing"] * 3
    assert _t2(cells, "normative_document", ("issued", "repealed", "in_force")) == ["missing"] * 3
    assert any(i.code == "ambiguous_row" and "本年制发件数" in i.message for i in issues)


def _t2(cells: dict, item: str, measures: tuple[str, ...]) -> list:
    return [cells[("proactive", item, m)] for m in measures]


def test_run_together_in_traditional_script_is_cut_by_the_simplified_labels():
    # 規章000行政規範性文件5048第二十條…行政許可1,584…行政處罰965行政強制84 (000083, a crawl in 繁體)
    cells, issues = _cells("run_together_traditional.txt")
    assert _t2(cells, "regulation", ("issued", "repealed", "in_force")) == [0, 0, 0]
    assert cells[("proactive", "administrative_license", "decisions")] == 1584  # 1,584: one value
    assert cells[("proactive", "administrative_penalty", "decisions")] == 965
    assert cells[("proactive", "administrative_coercion", "decisions")] == 84
    assert _row(cells, "new_received") == ZERO7
    # 5048 for three counts, no identity to choose: missing, with what was printed
    assert _t2(cells, "normative_document", ("issued", "repealed", "in_force")) == ["missing"] * 3
    assert any(i.code == "ambiguous_row" and "5048" in i.message for i in issues)


def test_run_together_units_end_their_cells():
    # 行政规范性文件0件0件8件…行政许可106件…行政处罚79件 (000517): each 件 closes a value
    cells, _ = _cells("run_together_units.txt")
    assert _t2(cells, "normative_document", ("issued", "repealed", "in_force")) == [0, 0, 8]
    assert cells[("proactive", "administrative_license", "decisions")] == 106
    assert cells[("proactive", "administrative_penalty", "decisions")] == 79
    assert _row(cells, "new_received") == [1, 0, 0, 0, 1, 1, 3]


def test_run_together_thousands_separators_stay_inside_one_value():
    # 申请数量１,３４１１２４７１６１５７１２７１,７７２ (000195): 1,341 and 1,772 are whole values
    cells, issues = _cells("run_together_thousands.txt")
    assert _row(cells, "new_received") == [1341, 124, 7, 16, 157, 127, 1772]
    assert any(i.code == "inferred_alignment" and "1,3411247161571271,772" in i.message for i in issues)


def test_run_together_rows_decided_together_by_the_column_sums_and_the_balance():
    # 000195's table 3: 14 rows whose row totals leave several cuts each (58554296945764 is
    # 585 54 2 9 69 45 764 or 58 554 2 96 9 45 764), too many combinations to try one by one;
    # summed row by row, one combination meets the results' column sums and the balance
    cells, issues = _cells("run_together_thousands.txt")
    assert _row(cells, "granted") == [585, 54, 2, 9, 69, 45, 764]
    assert _row(cells, "partially_granted") == [93, 10, 0, 1, 10, 9, 123]
    assert _row(cells, "unavailable.needs_creation") == [109, 6, 0, 0, 5, 6, 126]
    assert _row(cells, "carried_forward") == [8, 1, 0, 3, 19, 0, 31]
    assert all(v != "missing" for k, v in cells.items() if k[0] == "applications")
    assert any(i.code == "inferred_alignment" and "810319031" in i.message and "the column sums and the balance hold"
               in i.message for i in issues)


_LYNX_T4_HEADERS = ["行政复议", "行政诉讼", *["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"],
                    "未经复议直接起诉", "复议后起诉",
                    *["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"] * 2]


def _lynx_dump(cells: list[str]) -> str:
    """Table 4 as `lynx -dump` prints a table whose cells hold paragraphs: one cell a line under
    lynx's three-space margin, one blank line between cells, and an `&nbsp;` cell one more
    blank line (no text, no separator of its own)."""
    out = ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for c in _LYNX_T4_HEADERS + cells:
        out += [f"   {c}" if c else "   ", ""]
    text = "\n".join(out) + "\n五、存在的主要问题及改进情况\n\n   1. 原创信息较少。\n"
    return text.replace("   \n\n", "\n")  # an &nbsp; cell: its line is blank and takes no separator


def _t4_of(tmp_path, text: str) -> list:
    (tmp_path / "lynx.txt").write_text(text, encoding="utf-8")
    report = parse_file(tmp_path / "lynx.txt")
    return _t4({(c.table, c.key, c.sub): (c.value if c.state == "number" else c.state) for c in report.cells})


def test_lynx_blank_cells_one_blank_line_each(tmp_path):
    # five &nbsp; cells (行政复议 left blank) after 总计: six blank lines, not the (n − 1) // 2 = 2
    # blank cells of a dump that separates cells by two lines
    text = _lynx_dump([""] * 5 + ["1", "0", "0", "2", "3", "2", "1", "0", "0", "3"])
    assert "总计\n\n\n\n\n\n\n   1\n" in text
    assert _t4_of(tmp_path, text) == ["blank"] * 5 + [1, 0, 0, 2, 3, 2, 1, 0, 0, 3]


def test_lynx_blank_cells_at_the_end_of_table4(tmp_path):
    # the last block blank: its five &nbsp; lines stand between the last value and the next heading
    text = _lynx_dump(["4", "0", "1", "0", "5", "1", "1", "0", "0", "2"] + [""] * 5)
    assert "   2\n\n\n\n\n\n\n五、" in text
    assert _t4_of(tmp_path, text) == [4, 0, 1, 0, 5, 1, 1, 0, 0, 2] + ["blank"] * 5


def test_blank_cells_two_lines_each_without_lynx_margin(tmp_path):
    # the same table one cell a line with no margin, an empty cell two more blank lines (2k + 1)
    lines = ["四、政府信息公开行政复议、行政诉讼情况", ""]
    for c in _LYNX_T4_HEADERS + ["3", "1", "0", "0", "4"] + [""] * 5 + ["0", "1", "0", "1", "2"]:
        lines += [c, ""]
    text = "\n".join(lines) + "\n五、存在的主要问题及改进情况\n"
    assert "4" + "\n" * 12 + "0\n" in text  # eleven blank lines: five empty cells
    assert _t4_of(tmp_path, text) == [3, 1, 0, 0, 4] + ["blank"] * 5 + [0, 1, 0, 1, 2]


def test_lynx_table_line_indented_past_its_margin_opens_with_blank_cells(tmp_path):
    # cells holding no paragraph: lynx lays each row out on one line, an &nbsp; cell as a
    # space and a separator; 3 + 2 × 5 columns in, the values follow five blank cells
    # (tests/fixtures/rendered/lynx/000043_lynx.txt, 行政复议 left blank)
    t4 = "   " + "  " * 5 + "1 0 0 2 3 0 1 0 0 1"
    text = "\n".join([
        "三、收到和处理政府信息公开申请情况", "",
        "   一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3",
        "   二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0",
        "   (七) 总计 3 0 0 0 0 0 3",
        "   四、结转下年度继续办理 0 0 0 0 0 0 0", "",
        "四、政府信息公开行政复议、行政诉讼情况", "",
        "   行政复议 行政诉讼",
        "   结果 维持 结果 纠正 其他 结果 尚未 审结 总计 未经复议直接起诉 复议后起诉",
        "   结果 维持 结果 纠正 其他 结果 尚未 审结 总计 结果 维持 结果 纠正 其他 结果 尚未 审结 总计",
        t4, "", "五、存在的主要问题及改进情况", "", "   1. 原创信息较少。", ""])
    assert _t4_of(tmp_path, text) == ["blank"] * 5 + [1, 0, 0, 2, 3, 0, 1, 0, 0, 1]
    # at lynx's margin the same values are ten cells for fifteen: no reading is certain
    cells = _t4_of(tmp_path, text.replace(t4, "   1 0 0 2 3 0 1 0 0 1"))
    assert cells == ["missing"] * 15
