"""The mapper's parts (ingest/mapping/) each alone, on values known by hand: which table a
printed label opens, the columns of a row, row placement, values run together, table 4."""

from __future__ import annotations

from ingest import codes
from ingest.alignment import RUN, Token
from ingest.labels import label_table
from ingest.mapping.columns import cell_order, column_labels, in_10k_yuan, money_unit, row_keys
from ingest.mapping.glued import GLUED_STATE, split_glued
from ingest.mapping.rows import Anchor, Placement, row_shape
from ingest.mapping.sections import Context, is_running_text, split_numbered
from ingest.mapping.table4 import Table4, by_column, by_grid, display_width
from ingest.normalize import BLANK, MISSING, NOT_APPLICABLE, NUMBER_STATE, norm_label


def _tok(raw: str, col: int | None = None, char: int | None = None, where: str = "line 1") -> Token:
    if raw == "":
        return Token(None, BLANK, "", where, col, None, char)
    return Token(int(raw), NUMBER_STATE, raw, where, col, None, char)


def _resolve(text: str, **context) -> tuple[str, str] | None:
    label = Context(**context).resolve(label_table(), norm_label(text))
    return None if label is None else (label.scope, label.code)


# -- sections: which table a printed label opens --------------------------------------------

def test_section_headings_open_their_section_wherever_the_reading_stands():
    for heading, code in (("二、主动公开政府信息情况", "proactive"),
                          ("三、收到和处理政府信息公开申请情况", "applications"),
                          ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation")):
        for section in (None, "proactive", "applications", "review_litigation"):
            assert _resolve(heading, section=section) == ("section", code)


def test_zongji_is_table_3s_header_until_results_then_its_row_and_table_4s_header_in_section_4():
    assert _resolve("总计", section="applications") == ("t3_header", "total")
    assert _resolve("总计", section="applications", results_seen=True) == ("t3_row", "results_total")
    # the header row repeated on a new page: 总计 is the applicants' total again
    assert _resolve("总计", section="applications", results_seen=True, t3_header_open=True) == ("t3_header", "total")
    assert _resolve("总计", section="review_litigation") == ("t4_header", "total")


def test_bare_qita_is_the_row_3_other_only_inside_group_six():
    assert _resolve("3.其他", section="applications") == ("t3_header", "other_org")
    assert _resolve("3.其他", section="applications", group="other") == ("t3_row", "other.other")
    assert _resolve("其他", section="applications", last_t3="other.fee_unpaid") == ("t3_row", "other.other")
    assert _resolve("其他", section="review_litigation") is None  # table 4 prints 其他 as half of 其他结果


def test_row_labels_and_unknown_text():
    assert _resolve("规章", section="proactive") == ("t2_item", "regulation")
    assert _resolve("（六）其他处理", section="applications") == ("t3_group", "other")
    assert _resolve("结果维持", section="review_litigation") == ("t4_header", "upheld")
    assert _resolve("本单位网站首页", section="proactive") is None


def test_a_group_and_a_row_label_in_one_cell_are_split_at_the_inner_numbering():
    assert split_numbered("（四）无法提供 1.本机关不掌握相关政府信息") == ["（四）无法提供", "1.本机关不掌握相关政府信息"]
    assert split_numbered("1.属于国家秘密") == ["1.属于国家秘密"]


def test_running_text_is_a_sentence_or_longer_than_any_label():
    assert is_running_text("本年度我县认真落实条例。")
    assert is_running_text("字" * 61)
    assert not is_running_text("字" * 60)
    assert not is_running_text("本年收费金额（单位：万元）")


# -- columns: codes and printed column labels of a row --------------------------------------

def test_a_table_3_row_has_the_seven_applicant_columns_with_their_printed_labels():
    keys = row_keys("applications", "granted", codes.APPLICANTS, "2021")
    assert [k for k, _, _ in keys] == [("applications", "granted", a) for a in codes.APPLICANTS]
    assert [label for _, _, label in keys] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构",
                                               "其他", "总计"]


def test_decisions_is_printed_differently_in_the_two_templates():
    assert row_keys("proactive", "administrative_license", ("decisions",), "2021")[0][2] == "本年处理决定数量"
    assert row_keys("proactive", "administrative_license", ("decisions",), "2019")[0][2] == "处理决定数量"
    # table 3 and 4 of a 2019 report keep the 2021 labels
    assert row_keys("applications", "granted", ("total",), "2019")[0][2] == "总计"


def test_column_labels_cover_every_column_code_of_each_template():
    labels = column_labels()
    measures_2021 = {m for _, m in codes.T2_CELLS}
    assert set(labels["2021"]) == measures_2021 | set(codes.APPLICANTS) | set(codes.PROCEEDINGS) | set(codes.T4_OUTCOMES)
    assert set(labels["2019"]) == {m for _, m in codes.T2_2019_CELLS}
    assert labels["2021"]["amount_10k_yuan"] == "本年收费金额（单位：万元）"
    assert labels["2021"]["litigation_direct"] == "行政诉讼 未经复议直接起诉"


def test_cell_order_holds_every_contract_cell_once_and_the_other_row_before_its_sub_rows():
    assert len(cell_order(False, "2021")) == len(set(cell_order(False, "2021"))) == codes.CELL_COUNT == 200
    assert len(cell_order(False, "2019")) == codes.CELL_COUNT_2019 == 212
    with_other = cell_order(True, "2021")
    assert len(with_other) == 207
    first_sub = with_other.index(("applications", "other.no_correction", "natural_person"))
    assert with_other[first_sub - 7:first_sub] == tuple(("applications", "other", a) for a in codes.APPLICANTS)


def test_money_in_yuan_becomes_10k_yuan_and_an_amount_without_unit_is_missing():
    assert money_unit("采购总金额（单位：万元）") == "万元"
    assert money_unit("采购总金额（元）") == "元"
    assert money_unit("采购总金额") is None
    issues = []
    assert in_10k_yuan(Token(125000, NUMBER_STATE, "125000", "l"), "元", "集中采购", issues).value == 12.5
    assert in_10k_yuan(Token(30000, NUMBER_STATE, "30000元", "l"), "万元", "集中采购", issues).value == 3
    assert in_10k_yuan(Token(7, NUMBER_STATE, "7", "l"), "万元", "集中采购", issues).value == 7
    assert issues == []
    unknown = in_10k_yuan(Token(7, NUMBER_STATE, "7", "l"), None, "集中采购", issues)
    assert unknown.state == MISSING and [i.code for i in issues] == ["money_unit_unknown"]


# -- rows: placing a row label's values -------------------------------------------------------

def _placed(anchors: list[Anchor], template: str = "2021"):
    issues = []
    cells = Placement(anchors, template, issues, set(), {}, False, None).cells(Table4())
    return {(c.table, c.key, c.sub): c for c in cells}, issues


def test_a_table_3_row_printed_one_value_a_column_is_placed_as_printed():
    a = Anchor("t3_row", "granted", "（一）予以公开", "line 9", [_tok(v) for v in "1 2 0 0 0 0 3".split()])
    assert row_shape(a, "2021")[:2] == ("applications", codes.APPLICANTS)
    cells, issues = _placed([a])
    assert [cells[("applications", "granted", x)].value for x in codes.APPLICANTS] == [1, 2, 0, 0, 0, 0, 3]
    assert cells[("applications", "granted", "total")].col_label == "总计"
    assert cells[("applications", "granted", "total")].row_label == "（一）予以公开"
    assert cells[("applications", "new_received", "total")].state == MISSING
    assert "missing_rows" in {i.code for i in issues}


def test_a_table_3_row_with_a_lost_blank_is_placed_where_its_row_total_holds():
    # 6 values for 7 columns: only "5 blank 0 0 0 0 5" (and the like) keep 5 = sum; the blank
    # may stand in any of the zero columns, so the row total alone cannot decide
    a = Anchor("t3_row", "granted", "（一）予以公开", "line 9", [_tok(v) for v in "4 1 0 0 0 5".split()])
    cells, issues = _placed([a])
    assert cells[("applications", "granted", "natural_person")].state == MISSING
    assert {"ambiguous_row", "no_alignment"} & {i.code for i in issues}


def test_a_row_printed_twice_with_other_values_leaves_its_cells_missing():
    first = Anchor("t3_row", "granted", "（一）予以公开", "line 9", [_tok(v) for v in "1 0 0 0 0 0 1".split()])
    second = Anchor("t3_row", "granted", "（一）予以公开", "line 30", [_tok(v) for v in "2 0 0 0 0 0 2".split()])
    cells, issues = _placed([first, second])
    assert all(cells[("applications", "granted", x)].state == MISSING for x in codes.APPLICANTS)
    assert "conflicting_rows" in {i.code for i in issues}


def test_a_row_label_without_values_is_a_blank_row_with_a_finding():
    cells, issues = _placed([Anchor("t2_item", "administrative_coercion", "行政强制", "line 4")])
    assert cells[("proactive", "administrative_coercion", "decisions")].state == BLANK
    assert "inferred_blank_row" in {i.code for i in issues}


# -- glued: values run together --------------------------------------------------------------

def test_values_run_together_around_a_sign_split_the_only_possible_way():
    subs = codes.T2_2019_MEASURES_BY_ITEM["administrative_license"]  # previous_year_items, change, decisions
    a = Anchor("t2_item", "administrative_license", "行政许可", "line 5",
               [Token(None, GLUED_STATE, "12-3", "line 5"), _tok("9")])
    issues = []
    toks = split_glued(a, subs, issues)
    assert [(t.value, t.state) for t in toks] == [(12, NUMBER_STATE), (-3, NUMBER_STATE), (9, NUMBER_STATE)]
    assert [i.code for i in issues] == ["inferred_split"]


def test_a_run_with_several_cuts_leaves_the_undecided_cells_missing():
    subs = codes.T2_2019_MEASURES_BY_ITEM["regulation"]  # three counts: "1234" cuts many ways (a digit run)
    a = Anchor("t2_item", "regulation", "规章", "line 5", [Token(None, RUN, "1234", "line 5")])
    issues = []
    toks = split_glued(a, subs, issues)
    assert all(t.state == MISSING for t in toks)
    assert [i.code for i in issues] == ["ambiguous_row"]


def test_a_dash_in_a_run_is_not_applicable():
    subs = codes.T2_2019_MEASURES_BY_ITEM["administrative_fee"]  # previous_year_items, change
    a = Anchor("t2_item", "administrative_fee", "行政事业性收费", "line 7", [Token(None, GLUED_STATE, "0-", "line 7")])
    toks = split_glued(a, subs, [])
    assert [(t.value, t.state) for t in toks] == [(0, NUMBER_STATE), (None, NOT_APPLICABLE)]


# -- table 4: its shape and the placement of its values ---------------------------------------

def test_table_4_headers_remember_where_they_stand_and_values_before_them_mark_it_interleaved():
    t4 = Table4()
    t4.header_at("administrative_review", "行政复议", 0, 0)
    t4.header_at("upheld", "结果维持", 0, 0)
    assert t4.cols == {"administrative_review": 0} and t4.upheld_spans == [(0, display_width("结果维持"))] == [(0, 8)]
    assert t4.upheld_char_spans == [(0, 4)] and not t4.interleaved
    t4.tokens.append(_tok("3"))
    t4.header_at("litigation_direct", "未经复议直接起诉", 40, 20)
    assert t4.interleaved


def test_table_4_values_go_under_the_proceeding_header_they_stand_below():
    header_at = {"administrative_review": 0, "litigation_direct": 30, "litigation_after_review": 60}
    # only the litigation-after-review block printed, right under its header
    toks = [_tok(v, col=60 + 6 * i) for i, v in enumerate("1 0 0 0 1".split())]
    placed = by_column(toks, header_at, [], lambda t: t.col)
    assert [t.state for t in placed[:10]] == [BLANK] * 10
    assert [t.value for t in placed[10:]] == [1, 0, 0, 0, 1]
    # headers that do not stand side by side say nothing
    assert by_column(toks, {"administrative_review": 0, "litigation_direct": 0, "litigation_after_review": 0},
                     [], lambda t: t.col) is None
    # a block of four values is no proceeding's five
    assert by_column(toks[:4], header_at, [], lambda t: t.col) is None


def test_table_4_on_a_grid_of_columns_two_spaces_apart():
    # three header cells of width 4 at offsets 0, 6, 12; values past them follow two spaces apart
    header_lines = [[(0, 4), (6, 4), (12, 4)]]
    toks = [_tok("1", char=0), _tok("2", char=12)] + [_tok("0", char=18 + 3 * k) for k in range(12)]
    placed = by_grid(toks, header_lines)
    assert [(t.value, t.state) for t in placed[:3]] == [(1, NUMBER_STATE), (None, BLANK), (2, NUMBER_STATE)]
    assert [t.value for t in placed[3:]] == [0] * 12
    misplaced = [_tok("1", char=1)]  # not at a column's start
    assert by_grid(misplaced, header_lines) is None


def test_table_4_placed_whole_with_its_printed_column_labels():
    t4 = Table4(seen=True)
    t4.tokens = [_tok(v) for v in "1 0 0 0 1  0 0 0 0 0  2 0 0 1 3".split()]
    cells, issues = {}, []
    t4.place(cells, issues)
    c = cells[("review_litigation", "litigation_after_review", "total")]
    assert (c.value, c.row_label, c.col_label) == (3, "行政诉讼 复议后起诉", "总计")
    assert len(cells) == 15 and issues == []


def test_table_4_header_without_values_is_fifteen_blanks_with_a_finding():
    cells, issues = {}, []
    Table4(seen=True).place(cells, issues)
    assert len(cells) == 15 and all(c.state == BLANK for c in cells.values())
    assert [i.code for i in issues] == ["inferred_blank_row"]
