"""Identity-guided alignment: readings in column order kept where the identities hold; exactly
one → used, several or none → missing. Expected values are worked out by hand in each test."""

from __future__ import annotations

from ingest import codes
from ingest.alignment import (Token, blank, cut_run, read_blocks, read_row, resolve_columns, row_total_holds,
                              run_token, split_digits, split_values, t4_total_holds)
from ingest.mapper import map_rows
from ingest.model import Row
from ingest.normalize import BLANK, NOT_APPLICABLE, NUMBER_STATE


def _n(v) -> Token:
    return Token(v, NUMBER_STATE, str(v), "line 1")


def _values(reading) -> list:
    return [t.value if t.state == NUMBER_STATE else t.state for t in reading]


def test_a_run_of_digits_is_cut_into_numbers_without_leading_zeros():
    cuts = {tuple(t.raw for t in c) for c in cut_run(run_token("1005", ""), 3)}
    # "0" stands alone and no number starts with 0: 1|0|05 and 10|05 are impossible
    assert cuts == {("1005",), ("100", "5"), ("10", "0", "5")}
    assert [[t.raw for t in c] for c in cut_run(run_token("4166.241619", ""), 1)] == [["4166.241619"]]
    marks = [[(t.raw, t.state) for t in c] for c in cut_run(run_token("3／", ""), 2)]
    assert marks == [[("3", NUMBER_STATE), ("/", NOT_APPLICABLE)]]


def test_thousands_separators_stay_inside_one_number():
    # 1,3411247 (000195's 1,341 then 124 and 7): never 1 | ,341…, never 1,34 | 11…
    cuts = {tuple(t.raw for t in c) for c in cut_run(run_token("1,3411247", ""), 3)}
    assert cuts == {("1,341", "1247"), ("1,341", "1", "247"), ("1,341", "12", "47"), ("1,341", "124", "7")}
    assert [t.value for t in next(cut_run(run_token("1,772", ""), 1))] == [1772]


def test_split_digits_asks_each_piece_of_its_own_column():
    # 1203 in up to 3 pieces, the second one digit at most: 1203; 120|3; 12|0|3
    # (1|2|03 has a leading zero, 12|03 and 1|20|3 a second piece of two digits)
    def valid(piece: str, k: int) -> bool:
        return (piece == "0" or piece[0] != "0") and (k != 1 or len(piece) == 1)
    assert set(split_digits("1203", 3, valid)) == {("1203",), ("120", "3"), ("12", "0", "3")}


def test_run_read_where_the_row_total_allows_one_cut():
    # 15130000154 in 7 columns: 151 + 3 + 0 + 0 + 0 + 0 = 154 is the only cut whose total holds
    reading = read_row([run_token("15130000154", "line 1")], 7, row_total_holds)
    assert reading.decided is not None and not reading.fits
    assert _values(reading.decided) == [151, 3, 0, 0, 0, 0, 154]


def test_table2_run_with_several_cuts_is_not_read():
    # 5845546 for three counts: 5|8|45546, 58|45|546, … and no identity to choose
    reading = read_row([run_token("5845546", "line 1")], 3, None)
    assert reading.decided is None and reading.readings == []
    # 000 for three counts has one cut only: 0|0|0
    assert _values(read_row([run_token("000", "line 1")], 3, None).decided) == [0, 0, 0]


def test_padding_blank_dropped_where_the_row_total_holds():
    printed = [_n(3), blank("line 1"), _n(2), _n(0), _n(0), _n(0), _n(0), _n(5)]
    reading = read_row(printed, 7, row_total_holds)
    assert _values(reading.decided) == [3, 2, 0, 0, 0, 0, 5]


def test_lost_blanks_with_several_placements_are_missing():
    # 3 and 3 in 7 columns: the 3 may stand in any of the six applicant columns
    reading = read_row([_n(3), _n(3)], 7, row_total_holds)
    assert reading.decided is None and len(reading.readings) == 6


def test_values_that_fit_are_read_as_printed_even_when_the_total_fails():
    printed = [_n(1), _n(0), _n(0), _n(0), _n(0), _n(0), _n(2)]
    reading = read_row(printed, 7, row_total_holds)
    assert reading.fits and _values(reading.decided) == [1, 0, 0, 0, 0, 0, 2]


def test_table4_run_read_block_by_block():
    # 25+3+8+0 = 36, 3+3+0+0 = 6, 3+0+0+0 = 3 (pingtan-2025-crawl, checked by hand)
    reading = read_blocks([run_token("25380363300630003", "")], 5, 3, t4_total_holds)
    assert _values(reading.decided) == [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3]


def test_table4_zeros_without_blanks_are_ambiguous():
    # ten zeros for fifteen cells: which proceeding was left blank is not printed
    reading = read_blocks([_n(0)] * 10, 5, 3, t4_total_holds)
    assert reading.decided is None


def test_column_identities_decide_between_row_readings():
    # granted printed as 2, 2 (one blank lost): 2 under natural_person or under any org column.
    # Every other result row is 0, results_total is 2 under natural_person: only the first fits.
    known = {(o, a): _n(0) for o in codes.T3_OUTCOMES for a in codes.APPLICANTS if o != "granted"}
    known.update({("results_total", "natural_person"): _n(2), ("results_total", "total"): _n(2),
                  ("new_received", "natural_person"): _n(2), ("new_received", "total"): _n(2)})
    options = read_row([_n(2), _n(2)], 7, row_total_holds).readings
    assert len(options) == 6
    chosen, passing = resolve_columns(known, {"granted": options}, has_other_row=False)
    assert passing == 1 and _values(chosen["granted"]) == [2, BLANK, BLANK, BLANK, BLANK, BLANK, 2]


def test_split_values_keeps_numbering_in_the_label():
    assert split_values("（三）不予公开 1.属于国家秘密 ０ ０ 3件") == ("（三）不予公开 1.属于国家秘密", ["０", "０", "3件"])
    assert split_values("商业 企业") == ("商业 企业", [])


def test_row_printed_twice_with_different_values_is_missing():
    rows = [Row(["三、收到和处理政府信息公开申请情况"], 1),
            Row(["（一）予以公开", "1", "0", "0", "0", "0", "0", "1"], 2),
            Row(["（七）总计", "1", "0", "0", "0", "0", "0", "1"], 3),
            Row(["总计", "0", "0", "0", "0", "0", "5", "5"], 4)]
    result = map_rows(rows)
    got = {(c.key, c.sub): (c.value, c.state) for c in result.cells if c.table == "applications"}
    assert got[("granted", "natural_person")] == (1, NUMBER_STATE)
    assert got[("results_total", "natural_person")] == (None, "missing")
    assert any(i.code == "conflicting_rows" for i in result.issues)


def test_a_dash_before_digits_may_be_a_minus_sign():
    # 43-20 for three cells: 4|3|-20 (a 2019 本年增/减) or 43|-|20 (a not-applicable mark): missing
    cuts = {tuple(t.raw for t in c) for c in cut_run(run_token("43-20", ""), 3)}
    assert ("4", "3", "-20") in cuts and ("43", "-", "20") in cuts
    assert read_row([run_token("43-20", "line 1")], 3, None).decided is None


def test_glued_not_applicable_word_after_a_table2_label():
    from ingest.readers.text import _glued_cells
    cells = _glued_cells("第二十条第（五）项信息内容本年处理决定数量行政许可无第二十条第（六）项信息内容本年处理决定数量行政处罚3")
    assert cells[cells.index("行政许可") + 1] == "无"
    assert cells[-2:] == ["行政处罚", "3"]
    reading = read_row([run_token("无", "line 1")], 1, None)
    assert [(t.value, t.state) for t in reading.decided] == [(None, NOT_APPLICABLE)]


def test_values_continued_beside_a_label_fragment_make_the_row_missing():
    # pdftotext -layout of a narrow column: 514 printed as ５１ / ４ over two lines, the ４ beside
    # the rest of the label (量): the first line's values are not the row's
    rows = [Row(["三、收到和处理政府信息公开申请情况"], 1),
            Row(["一、本年新收政府信息公开申请数", "５１", "９０", "２", "１１", "１５", "２０", "６５"], 2),
            Row(["量", "４", "２"], 3),
            Row(["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"], 4)]
    result = map_rows(rows)
    got = {(c.key, c.sub): (c.value, c.state) for c in result.cells if c.table == "applications"}
    assert got[("new_received", "natural_person")] == (None, "missing")
    assert got[("carried_over", "total")] == (0, NUMBER_STATE)
    assert any(i.code == "unplaced_row" and "５１" in i.message for i in result.issues)


def test_balance_alone_decides_when_a_result_row_is_unread():
    # only 一、本年新收 is open (11|0… or 1|10…, both with total 11); a result row is unread, so
    # the results' column sums cannot be used, but the balance can: new + carried over (0) =
    # results total (11 0 0 0 0 0 11) + carried forward (0)
    zero = [_n(0)] * 7
    known = {("carried_over", a): t for a, t in zip(codes.APPLICANTS, zero)}
    known |= {("carried_forward", a): t for a, t in zip(codes.APPLICANTS, zero)}
    known |= {("results_total", a): t for a, t in zip(codes.APPLICANTS, [_n(11), *[_n(0)] * 5, _n(11)])}
    first = [_n(11), *[_n(0)] * 5, _n(11)]
    second = [_n(1), _n(10), *[_n(0)] * 4, _n(11)]
    chosen, passing = resolve_columns(known, {"new_received": [first, second]}, False)
    assert passing == 1 and _values(chosen["new_received"]) == [11, 0, 0, 0, 0, 0, 11]
