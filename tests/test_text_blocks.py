"""Table 3 of plain `pdftotext` rebuilt from poppler's band order (ingest/readers/text_blocks.py).

The excerpts below print table 3 the way poppler does for a ruled LibreOffice table: the row
labels as one flow, then the values band by band, one flow per column (a column's values for the
band's rows, top to bottom), a blank line after each flow. Every value is known by hand.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.parse import parse_bytes, parse_file
from ingest.readers.text_blocks import rebuild

FIXTURE = Path(__file__).parent / "fixtures" / "rendered" / "pdftotext_plain" / "000021_pdftotext_plain.txt"

LABELS = """三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量
二、上年结转政府信息公开申请数量
三
（一）予以公开
、
（二）部分公开（区分处理的，
本
只计这一情形，不计其他情形）
年
（三） 1.属于国家秘密
度
不予公 2.其他法律行政法规禁
办
止公开
（六） 1.申请人无正当理由逾
期不补正
2.申请人逾期未按收费
通知要求缴纳费用
3.其他
（七）总计
四、结转下年度继续办理"""

ZERO = [0] * 7
# hand-made: 一 = (一) + (三)1 + (三)2 + (五)2 = 总计, 二 = 四 = 0. Column 5 has a value in a
# middle band (五)2, so no run of columns swapped in the first and last bands alone holds too.
TABLE = {o: ZERO for o in codes.T3_OUTCOMES} | {
    "new_received": [1, 1, 0, 0, 4, 0, 6],
    "granted": [0, 0, 0, 0, 3, 0, 3],
    "denied.state_secret": [1, 0, 0, 0, 0, 0, 1],
    "denied.prohibited_by_law": [0, 1, 0, 0, 0, 0, 1],
    "not_processed.duplicate": [0, 0, 0, 0, 1, 0, 1],
    "results_total": [1, 1, 0, 0, 4, 0, 6],
}


def _text(table: dict[str, list[int]], bands: list[int], first: tuple[str, ...] = (),
          before: dict[int, str] | None = None) -> str:
    """Labels, then each band of k rows as seven flows of k values (poppler's order); `first`:
    the first band's flows (4 rows) as poppler prints them under the header, `bands` the rest;
    `before`: text printed before the band of that index (a page's foot, a repeated header)."""
    rows = [table[o] for o in codes.T3_OUTCOMES]
    flows, r = [LABELS, *first], 4 if first else 0
    for b, k in enumerate(bands):
        if before and b in before:
            flows.append(before[b])
        for c in range(7):
            flows.append("\n".join(str(rows[r + i][c]) for i in range(k)))
        r += k
    assert r == len(rows)
    return "\n\n".join(flows) + "\n\n四、政府信息公开行政复议、行政诉讼情况\n"


def _read(text: str) -> tuple[dict[str, list[int]], list]:
    rebuilt = rebuild(text.split("\n"))
    assert rebuilt is not None
    out = {}
    for row in rebuilt.rows:
        if row.cells:
            out[row.cells[-8]] = [int(v) for v in row.cells[-7:]]
    return out, rebuilt.issues


BANDS = [4, 1, 1, 2, *[1] * 14, 3]  # (三)1 and (三)2 in bands of their own


def test_every_cell_printed_reads_every_row():
    rows, issues = _read(_text(TABLE, BANDS))
    assert len(rows) == 25
    assert rows["本年新收政府信息公开申请数量"] == [1, 1, 0, 0, 4, 0, 6]
    assert rows["予以公开"] == [0, 0, 0, 0, 3, 0, 3]
    assert rows["属于国家秘密"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["其他法律行政法规禁止公开"] == [0, 1, 0, 0, 0, 0, 1]
    assert rows["重复申请"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["总计"] == [1, 1, 0, 0, 4, 0, 6]
    assert rows["结转下年度继续办理"] == ZERO
    assert [i.code for i in issues] == ["inferred_alignment"]


def test_whole_report_reads_the_rebuilt_rows():
    """Through the text reader and the mapper: the cells, and the finding with them."""
    report = parse_bytes(_text(TABLE, BANDS).encode(), "plain.txt")
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "applications"}
    assert cells[("new_received", "natural_person")] == (1, "number")
    assert cells[("new_received", "total")] == (6, "number")
    assert cells[("not_processed.duplicate", "legal_service_org")] == (1, "number")
    assert cells[("carried_forward", "total")] == (0, "number")
    assert "inferred_alignment" in {i.code for i in report.issues}


PAGE_BREAK = "\n"  # a page number and a form feed, as the text reader hands them on: blank lines


def test_two_readings_that_both_hold_leave_their_rows_missing():
    """(三)1 and (三)2 in one band at the top of a page: their columns 1 and 2 swapped (a run
    of flows poppler may print before the one left of it) give two rows whose totals and column
    sums hold too."""
    bands = [4, 2, 2, *[1] * 14, 3]
    rows, issues = _read(_text(TABLE, bands, before={1: PAGE_BREAK}))
    assert "属于国家秘密" not in rows and "其他法律行政法规禁止公开" not in rows
    assert rows["本年新收政府信息公开申请数量"] == [1, 1, 0, 0, 4, 0, 6]  # the same in both readings
    assert rows["重复申请"] == [0, 0, 0, 0, 1, 0, 1]
    assert len(rows) == 23
    ambiguous = [i for i in issues if i.code == "ambiguous_row"]
    assert len(ambiguous) == 1
    assert "denied.state_secret, denied.prohibited_by_law left missing" in ambiguous[0].message
    assert "1, 0 | 0, 1" in ambiguous[0].message  # what was printed: the band's first two flows


def test_a_blank_cell_lost_leaves_the_table_unread():
    """One value fewer than rows × 7: which cell was blank the flows do not say."""
    text = _text(TABLE, BANDS).replace("\n\n0\n\n", "\n\n", 1)  # a flow of one zero (a 1-row band's) gone
    rebuilt = rebuild(text.split("\n"))
    assert rebuilt is not None and rebuilt.rows == []
    assert [i.code for i in rebuilt.issues] == ["blocks_unplaced"]
    assert "174 values for 25 rows" in rebuilt.issues[0].message


def test_rendered_report_table3_read_as_printed():
    """A LibreOffice ruled PDF through plain pdftotext (the committed fixture); the cells are
    the generator's truth, copied by hand."""
    report = parse_file(FIXTURE)
    cells = {(c.key, c.sub): c.value for c in report.cells if c.table == "applications" and c.state == "number"}

    def row(o: str) -> list:
        return [cells.get((o, a)) for a in codes.APPLICANTS]

    assert row("new_received") == [52, 21, 0, 2, 3, 2, 80]
    assert row("carried_over") == [0, 2, 0, 0, 0, 0, 2]
    assert row("granted") == [30, 13, 0, 1, 0, 2, 46]
    assert row("unavailable.not_held") == [11, 6, 0, 0, 2, 0, 19]
    assert row("other.no_correction") == [2, 0, 0, 0, 1, 0, 3]
    assert row("results_total") == [51, 23, 0, 1, 3, 2, 80]
    assert row("carried_forward") == [1, 0, 0, 1, 0, 0, 2]


def _t4(report) -> list:
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "review_litigation"}
    return [cells.get((p, o)) for p in codes.PROCEEDINGS for o in codes.T4_OUTCOMES]


def test_table4_values_among_its_headers_all_alike_read_whatever_their_order():
    """Plain pdftotext prints table 4's 15 values between its vertical headers: their order is
    not the columns', but 15 zeros give every cell 0 in any order (truth: all 0)."""
    report = parse_file(FIXTURE)
    assert _t4(report) == [(0, "number")] * 15
    assert any(i.code == "inferred_alignment" and i.message.startswith("table 4") for i in report.issues)


def _one_zero_made_1(last: bool) -> bytes:
    """The fixture with table 4's first (行政复议's first lone value) or last (复议后起诉's total,
    alone after its `总 计`) `0` made 1."""
    text = FIXTURE.read_text(encoding="utf-8")
    head, sep, tail = text.partition("四、政府信息公开行政复议")
    body, sep5, rest = tail.partition("五、")
    assert "\n0\n" in body
    k = body.rindex("\n0\n") if last else body.index("\n0\n")
    return (head + sep + body[:k] + "\n1\n" + body[k + 3:] + sep5 + rest).encode()


def test_table4_values_among_its_headers_not_alike_stay_missing():
    """行政复议's values 1, 0, 0, 0, 0: its total fails under the reading, and which outcome the 1
    stands under hangs on the order of its lone values: nothing is rebuilt."""
    report = parse_bytes(_one_zero_made_1(last=False), "plain.txt")
    assert all(c is None or c[1] == "missing" for c in _t4(report))
    assert any(i.code == "ambiguous_row" and i.message.startswith("table 4") for i in report.issues)


def test_table4_total_alone_after_outcomes_of_one_value_read_as_printed():
    """复议后起诉's total printed 1 alone after `总 计`, its outcomes 0, 0, 0, 0 (as the third
    set's document 000049 prints its truth): no order of its values changes the reading, so it
    is read as printed and the identity check reports the total failing."""
    report = parse_bytes(_one_zero_made_1(last=True), "plain.txt")
    assert _t4(report) == [(0, "number")] * 14 + [(1, "number")]
    assert any(i.code == "identity_fail.t4_total" and "litigation_after_review" in i.message for i in report.issues)


T2_BLOCKS = """某某区人民政府 2024 年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
规章
0
0
规范性文件
16
9
第二十条第（五）项
信息内容

现行有效件数
{in_force}
"""


def _t2_first(text: str) -> tuple[dict, list]:
    report = parse_bytes(text.encode(), "plain.txt")
    cells = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}
    return {k: v for k, v in cells.items() if k[0] in ("regulation", "normative_document")}, report.issues


def test_table2_rows_short_of_a_column_printed_in_its_own_block():
    """规章 0 0 / 规范性文件 16 9 under 本年制发件数 本年废止件数, and 现行有效件数 printed as a
    block of its own (0 / 79): the rows' two values are the two other columns'."""
    cells, issues = _t2_first(T2_BLOCKS.format(in_force="0\n79"))
    assert cells == {("regulation", "issued"): (0, "number"), ("regulation", "repealed"): (0, "number"),
                     ("regulation", "in_force"): (0, "number"), ("normative_document", "issued"): (16, "number"),
                     ("normative_document", "repealed"): (9, "number"),
                     ("normative_document", "in_force"): (79, "number")}
    assert sum(1 for i in issues if i.code == "inferred_alignment" and "规范性文件" in i.message) == 1


def test_table2_rows_short_beside_a_column_apart_that_is_not_read():
    """现行有效件数 printed apart with one value (a blank lost): the column is not read, but it
    holds its values there, so the rows' two values are still the two other columns'."""
    cells, issues = _t2_first(T2_BLOCKS.format(in_force="79"))
    assert cells == {("regulation", "issued"): (0, "number"), ("regulation", "repealed"): (0, "number"),
                     ("regulation", "in_force"): (None, "missing"), ("normative_document", "issued"): (16, "number"),
                     ("normative_document", "repealed"): (9, "number"),
                     ("normative_document", "in_force"): (None, "missing")}
    assert any(i.code == "ambiguous_row" and "现行有效件数" in i.message for i in issues)


def test_table2_rows_short_stay_missing_when_no_column_is_printed_apart():
    """No column printed apart with values under it: a row of two values for three columns
    stays missing."""
    cells, issues = _t2_first(T2_BLOCKS.format(in_force=""))
    assert all(state == "missing" for _, state in cells.values())
    assert any(i.code == "ambiguous_row" and "规范性文件" in i.message for i in issues)


def _last_rows_on_a_page_of_their_own(flows_after: list[str]) -> str:
    """The first 22 rows as usual; (六)3, 总计 and 四 on the next page, whose narrow label column
    holds each row's first value beside its label (a copy of poppler's printing of the ruled
    corpus PDF 000070), table 4's heading in the same flow, then `flows_after`."""
    rows = [TABLE[o] for o in codes.T3_OUTCOMES]
    head, _, _ = LABELS.partition("\n3.其他")
    flows, r = [head], 0
    for k in BANDS[:-1]:
        for c in range(7):
            flows.append("\n".join(str(rows[r + i][c]) for i in range(k)))
        r += k
    flows.append("-2-")
    flows.append(f"3.其他\n{rows[22][0]}\n（七）总计\n{rows[23][0]}\n四、结转下年度继续办理\n{rows[24][0]}\n"
                 "四、政府信息公开行政复议、行政诉讼情况")
    return "\n\n".join([*flows, *flows_after]) + "\n\n五、存在的主要问题及改进情况\n"


# (六)3, 总计, 四 columns 2-7 (hand-made: 总计 = [1, 1, 0, 0, 4, 0, 6], the others 0)
LAST_COLUMNS = ["0\n1\n0", "0\n0\n0", "0\n0\n0", "0\n4\n0", "0\n0\n0", "0\n6\n0"]
T4_HEADER = "行政复议\n结\n结\n果\n果\n维\n纠\n持\n正"


def test_last_rows_after_a_page_break_chosen_among_table4_flows():
    """Table 4's flows come between the last rows' column flows; one of them has three values
    too (0 / 3 / 0), but only the printed columns make 总计's row total and column sums hold."""
    after = [LAST_COLUMNS[0], LAST_COLUMNS[1], T4_HEADER, "0\n1\n0\n5\n6\n2\n3\n2\n0",
             LAST_COLUMNS[2], "总\n计\n7", LAST_COLUMNS[3], "0\n3\n0", LAST_COLUMNS[4], LAST_COLUMNS[5]]
    rows, issues = _read(_last_rows_on_a_page_of_their_own(after))
    assert len(rows) == 25
    assert rows["总计"] == [1, 1, 0, 0, 4, 0, 6]
    assert rows["其他"] == ZERO and rows["结转下年度继续办理"] == ZERO
    assert rows["本年新收政府信息公开申请数量"] == [1, 1, 0, 0, 4, 0, 6]
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "chosen in printed order" in issues[0].message


def test_last_rows_after_a_page_break_stay_missing_when_no_choice_holds():
    """总计's column 7 (0 / 6 / 0) not printed as a flow of three: no choice of six flows gives
    总计 its row total, and nothing is read."""
    after = [*LAST_COLUMNS[:5], "0\n3\n0", "6\n0"]
    rows, issues = _read(_last_rows_on_a_page_of_their_own(after))
    assert rows == {}
    assert [i.code for i in issues] == ["no_alignment"]


# (六)3, 总计, 四 columns 6-7 printed row by row as one flow (hand-made: 总计's are 0, 6)
LAST_TWO_ROW_BY_ROW = "0\n0\n0\n6\n0\n0"
# after table 4's heading: table 4's columns under their headers and a numbered paragraph
# with a value of table 4 below it (a copy of poppler's printing of corpus document 001432)
T4_TAIL = ["复议后起诉\n结\n果\n维\n持\n0\n0\n0", "1. 原创信息较少，转发信息较多。", "尚未审结\n0"]


def test_last_rows_read_with_table4_lone_values_set_aside():
    """Two of table 4's values printed alone among the last rows' flows (7 and 1), its
    复议后起诉 column and 尚未审结 after a paragraph: two values too many once the headed flows
    are left out, and setting the two lone flows aside is the only choice; 总计 [1, 1, 0, 0, 4, 0, 6]."""
    after = [*LAST_COLUMNS[:2], "7", *LAST_COLUMNS[2:4], "1", LAST_TWO_ROW_BY_ROW, *T4_TAIL]
    rows, issues = _read(_last_rows_on_a_page_of_their_own(after))
    assert len(rows) == 25
    assert rows["总计"] == [1, 1, 0, 0, 4, 0, 6]
    assert rows["其他"] == ZERO and rows["结转下年度继续办理"] == ZERO
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "2 lone value(s) past table 4's heading set aside" in issues[0].message


def test_last_rows_with_three_lone_values_read_over_the_page_break():
    """Three lone values among the last rows' flows: more than the two `without_strays` sets
    aside, but the later page's three rows weighed in poppler's order with any surplus set aside
    (`block_search_pages`, stop 20) give one table: the printed one."""
    after = [*LAST_COLUMNS[:2], "7", "2", *LAST_COLUMNS[2:4], "1", LAST_TWO_ROW_BY_ROW, *T4_TAIL]
    rows, issues = _read(_last_rows_on_a_page_of_their_own(after))
    assert list(rows.values()) == [TABLE[o] for o in codes.T3_OUTCOMES]
    assert [i.code for i in issues] == ["inferred_alignment"] and "over a page break" in issues[0].message


# hand-made after poppler's printing of corpus document 000340: 一 = (一) + (五)1 = 总计, the
# rest 0. Columns 5 and 6 swapped in the first band and in 总计's band give 一 [1, 0, 0, 0, 0, 1, 2],
# (一) [0, 0, 0, 0, 0, 1, 1], 总计 [1, 0, 0, 0, 0, 1, 2]: every row total, column sum and the balance
# hold for that reading too.
HEADED = dict.fromkeys(codes.T3_OUTCOMES, ZERO) | {
    "new_received": [1, 0, 0, 0, 1, 0, 2],
    "granted": [0, 0, 0, 0, 1, 0, 1],
    "not_processed.petition_or_complaint": [1, 0, 0, 0, 0, 0, 1],
    "results_total": [1, 0, 0, 0, 1, 0, 2],
}


def _first_band_text(table: dict[str, list[int]], first: list[str], before: dict[int, str] | None = None) -> str:
    return _text(table, BANDS[1:], tuple(first), before)


def _headed_text(legal: str, other: str, last_page: bool = True) -> str:
    """HEADED's first band: columns 1-4 row by row after the header's first cells, column 5
    after `legal`, column 6 after `other`, column 7; `last_page`: 总计's band (the last) on a
    page of its own."""
    rows = [HEADED[o] for o in codes.T3_OUTCOMES][:4]
    return _first_band_text(HEADED, [
        "申请人情况\n自然 法人或其他组织\n人\n商业 科研 社会\n企业 机构 公益\n组织\n"
        + "\n".join(str(v) for r in rows for v in r[:4]),
        legal + "\n".join(str(r[4]) for r in rows),
        other + "\n".join(str(r[5]) for r in rows),
        "\n".join(str(r[6]) for r in rows),
    ], {len(BANDS) - 2: PAGE_BREAK} if last_page else None)


def test_a_flow_under_its_column_header_decides_between_two_readings():
    """`法律 / 服务 / 机构` and `其他` printed at the head of columns 5 and 6's flows: the reading
    with the two swapped puts each under the other's header, and only the printed one is read."""
    rows, issues = _read(_headed_text("法律\n服务\n机构\n", "其他\n"))
    assert len(rows) == 25
    assert rows["本年新收政府信息公开申请数量"] == [1, 0, 0, 0, 1, 0, 2]
    assert rows["予以公开"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["总计"] == [1, 0, 0, 0, 1, 0, 2]
    assert rows["信访举报投诉类申请"] == [1, 0, 0, 0, 0, 0, 1]
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "1 more set aside" in issues[0].message


def test_flows_with_no_header_cell_keep_their_printed_order_under_the_header():
    """Columns 5 and 6 printed with no header text before them, after the header's flow: poppler
    moves only a leading run of flows printed with a header cell (`block_head_order`), so the
    reading that swaps the two is not weighed and the printed one is read."""
    rows, issues = _read(_headed_text("", ""))
    assert len(rows) == 25
    assert rows["本年新收政府信息公开申请数量"] == [1, 0, 0, 0, 1, 0, 2]
    assert rows["总计"] == [1, 0, 0, 0, 1, 0, 2]
    assert [i.code for i in issues] == ["inferred_alignment"]


def test_headed_flows_naming_no_column_leave_the_two_readings_missing():
    """`机构` (the end of 科研机构 or of 法律服务机构) before column 5's flow: the leading run of
    headed flows reaches it, it may be printed out of order, and it names no column: the two
    readings stay and their rows are missing."""
    rows, issues = _read(_headed_text("机构\n", ""))
    assert "本年新收政府信息公开申请数量" not in rows and "予以公开" not in rows and "总计" not in rows
    assert len(rows) == 22
    ambiguous = [i for i in issues if i.code == "ambiguous_row"]
    assert len(ambiguous) == 1 and "new_received, granted, results_total left missing" in ambiguous[0].message


def test_a_band_between_two_bands_of_one_page_is_read_as_printed():
    """总计's band on the first band's page, with no header nor page break before or after it:
    poppler prints its columns in order (the corpus's reorderings of a band other than the first
    all stand under a header or across a page's foot), so the reading that swaps columns 5 and 6
    there and under the header is not weighed, and every row is read as printed."""
    rows, issues = _read(_headed_text("", "", last_page=False))
    assert len(rows) == 25
    assert rows["本年新收政府信息公开申请数量"] == [1, 0, 0, 0, 1, 0, 2]
    assert rows["予以公开"] == [0, 0, 0, 0, 1, 0, 1]
    assert rows["总计"] == [1, 0, 0, 0, 1, 0, 2]
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert "(1 such placements)" in issues[0].message


def test_a_header_cell_after_the_last_band_lets_it_be_reordered():
    """`总计` (a cell of the header repeated on the last rows' page, printed after their values)
    right after 总计's band: that band may be printed out of order, and so may column 5's flow
    under the header (`机构` before it), and the two readings stay."""
    heading = "\n\n四、政府信息公开行政复议"
    text = _headed_text("机构\n", "", last_page=False).replace(heading, "\n\n总计" + heading)
    rows, issues = _read(text)
    assert "本年新收政府信息公开申请数量" not in rows and "总计" not in rows
    assert len(rows) == 22
    assert [i.code for i in issues] == ["inferred_alignment", "ambiguous_row"]


def test_a_header_over_several_columns_printed_row_by_row_says_nothing():
    """`法律 / 服务 / 机构` at the head of a flow holding columns 3-6 row by row (poppler prints a
    header cell's text before the run of flows it ends): read across four columns, the flow's
    header sets no reading aside and TABLE is read as printed."""
    rows = [TABLE[o] for o in codes.T3_OUTCOMES][:4]
    read, issues = _read(_first_band_text(TABLE, [
        "\n".join(str(r[0]) for r in rows), "\n".join(str(r[1]) for r in rows),
        "法律\n服务\n机构\n" + "\n".join(str(v) for r in rows for v in r[2:6]),
        "\n".join(str(r[6]) for r in rows)]))
    assert len(read) == 25
    assert read["本年新收政府信息公开申请数量"] == [1, 1, 0, 0, 4, 0, 6]
    assert read["总计"] == [1, 1, 0, 0, 4, 0, 6]
    assert [i.code for i in issues] == ["inferred_alignment"]


def test_table2_lines_in_the_heading_flow_are_not_table3_values():
    """Table 2's last row printed in the same flow as table 3's heading and labels (corpus
    document 000228): its value is not one of table 3's, and its lines stay the text reader's."""
    text = "本年收费金额（单位：万元）\n行政事业性收费\n26\n" + _text(TABLE, BANDS)
    rebuilt = rebuild(text.split("\n"))
    assert rebuilt is not None
    rows, issues = _read(text)
    assert len(rows) == 25 and rows["总计"] == [1, 1, 0, 0, 4, 0, 6]
    assert [i.code for i in issues] == ["inferred_alignment"]
    assert not {0, 1, 2} & rebuilt.lines and 3 in rebuilt.lines


# hand-made: (三)3 = [0, 1, 0, 0, 0, 0, 1] on the second page; 一 = 总计 = (一) + (三)1-3 + (五)2.
PAGED = TABLE | {"denied.security_stability": [0, 1, 0, 0, 0, 0, 1], "new_received": [1, 2, 0, 0, 4, 0, 7],
                 "results_total": [1, 2, 0, 0, 4, 0, 7]}
PAGE2_LABELS = ["4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷",
                "8.属于行政查询事项", "（四） 1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确", "（五） 1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六） 1.申请人无正当理由逾期不补正",
                "2.申请人逾期未按收费通知要求缴纳费用", "3.其他", "（七）总计", "四、结转下年度继续办理"]


def _paged_text(repeated_header: str, legal_last: bool = False) -> str:
    """Table 3 across a page break, as poppler printed corpus document 000816: page 1 as usual
    (rows 一 to (三)2); on page 2 the repeated header's flow holds (三)3's columns 1-4 (row by
    row), then the page's label flow, whose narrow column holds every later row's column 1
    beside its label but none beside (三)3's, then (三)3's columns 5-7, then the later rows'
    columns 2-7, row by row (each row's label on lines of its own: a band of one row each).
    `legal_last`: (三)3's column 5 under its header printed after all the page's values instead
    (as in corpus document 001124), the later rows as one band (a flow per column)."""
    rows = [PAGED[o] for o in codes.T3_OUTCOMES]
    flows, r = [LABELS.split("\n（六）")[0]], 0
    for k in (4, 1, 1):
        for c in range(7):
            flows.append("\n".join(str(rows[r + i][c]) for i in range(k)))
        r += k
    flows.append(repeated_header + "\n".join(str(v) for v in rows[6][:4]))
    flows.append("\n".join(["3.危及“三安全一稳定”"] + [f"{lab} {rows[7 + i][0]}" for i, lab in enumerate(PAGE2_LABELS)]))
    legal = "法律\n服务\n机构\n" + str(rows[6][4])
    flows += [*([] if legal_last else [legal]), "其他\n" + str(rows[6][5]), str(rows[6][6])]
    if legal_last:
        flows += ["\n".join(str(row[c]) for row in rows[7:]) for c in range(1, 7)] + [legal]
    else:
        flows += [str(row[c]) for row in rows[7:] for c in range(1, 7)]  # each row a band of its own
    return "\n\n".join(flows) + "\n\n四、政府信息公开行政复议、行政诉讼情况\n"


def test_rows_under_a_header_repeated_after_a_page_break():
    rows, issues = _read(_paged_text("申请人情况\n自然 法人或其他组织\n人\n商业 科研 社会\n企业 机构 公益\n组织\n"))
    assert len(rows) == 25 and [i.code for i in issues] == ["inferred_alignment"]
    assert [rows[k] for k in ("危及“三安全一稳定”", "本年新收政府信息公开申请数量", "重复申请", "总计")] == [
        [0, 1, 0, 0, 0, 0, 1], [1, 2, 0, 0, 4, 0, 7], [0, 0, 0, 0, 1, 0, 1], [1, 2, 0, 0, 4, 0, 7]]


def test_first_row_after_a_page_break_with_its_column_5_after_the_page():
    """(三)3's 法律服务机构 cell after all the page's values: taken back to (三)3. The later rows
    printed as one band would leave columns 5 and 6 of 一, (一), (五)2 and 总计 open if they were
    swapped in both bands, but under the header the first band's columns 2-7 have no header cell
    and keep their printed order (`block_head_order`): every row is read, as printed."""
    rows, issues = _read(_paged_text("申请人情况\n自然 法人或其他组织\n人\n商业 科研 社会\n企业 机构 公益\n组织\n",
                                     legal_last=True))
    assert rows["危及“三安全一稳定”"] == [0, 1, 0, 0, 0, 0, 1]
    assert len(rows) == 25
    assert [rows[k] for k in ("本年新收政府信息公开申请数量", "予以公开", "重复申请", "总计")] == [
        [1, 2, 0, 0, 4, 0, 7], [0, 0, 0, 0, 3, 0, 3], [0, 0, 0, 0, 1, 0, 1], [1, 2, 0, 0, 4, 0, 7]]
    assert rows["属于国家秘密"] == [1, 0, 0, 0, 0, 0, 1] and rows["结转下年度继续办理"] == ZERO
    assert [i.code for i in issues] == ["inferred_alignment"]


def test_values_before_a_label_flow_without_the_header_stay_where_printed():
    """The same four values with no header text before them: nothing says they are the next
    page's, and no reading holds."""
    rows, issues = _read(_paged_text(""))
    assert rows == {}
    assert [i.code for i in issues] == ["no_alignment"]
