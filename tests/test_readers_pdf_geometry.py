"""PDF tables by geometry: PDFs rendered by real tools (LibreOffice Writer, Chromium) from
generated reports read exactly against the generator's truth; the library-neutral page
geometry API (`ingest.readers.geometry`) on hand-made pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.accuracy import cells_of
from ingest.parse import parse_bytes
from ingest.readers.geometry import Char, PageGeometry, Seg, read_pages

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"


@pytest.mark.parametrize(
    "name",
    [
        # DOCX -> PDF by LibreOffice, ruled, columns so narrow that labels wrap two
        # characters a line and numbers digit by digit; rows split by page breaks (a label's
        # end, and the digits 1 / 1 of 11, on the next page); the header split over two pages
        "lo_ruled_narrow",
        # the same report with the table borders removed (Word's borderless table style):
        # blank rows, labels wrapped and merged over rows, a table continued on the next page
        "lo_borderless",
        # HTML -> PDF by Chromium with one-character-wide cells (999 printed 9/9/9 down the
        # cell); cells merged over the whole part of a table on its second page
        "chromium_narrow",
        # a LibreOffice PDF of a borderless table whose group labels (（三）不予公开 ...) sit in a
        # column so narrow that the marker is cut ("（三" over "）不"): each group is a row of its
        # own, and the values level with （二）部分公开 stay on its row, not on 1.属于国家秘密 below
        "borderless_groups",
    ],
)
def test_rendered_pdf_reads_exactly(name):
    pdf = FIXTURES / f"{name}.pdf"
    truth = json.loads((FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8"))
    got = cells_of(parse_bytes(pdf.read_bytes(), str(pdf)).to_dict())
    want = cells_of(truth)
    assert len(want) > 150
    wrong = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
    assert wrong == {}


# --------------------------------------------------------------------------- hand-made pages


def _text(s: str, x: float, top: float, size: float = 10.0, step: float | None = None) -> list[Char]:
    step = step or size
    return [Char(ch, x + k * step, top, x + k * step + size, top + size) for k, ch in enumerate(s)]


def _ruled(xs: list[float], ys: list[float]) -> tuple[list[Seg], list[Seg]]:
    h = [Seg(y, xs[0], xs[-1]) for y in ys]
    v = [Seg(x, ys[0], ys[-1]) for x in xs]
    return h, v


def _split_row_pages(pass1=None, pass2=None) -> list[PageGeometry]:
    """Page 1: a complete row, then a row whose label and first value (1 / 2) continue on page 2."""
    xs = [50.0, 200.0, 250.0, 300.0]
    h1, v1 = _ruled(xs, [700.0, 720.0, 760.0])
    chars1 = (_text("1.重复申请", 55, 705) + _text("3", 205, 705) + _text("4", 255, 705)
              + _text("2.要求", 55, 725) + _text("1", 205, 725) + _text("5", 255, 725))
    h2, v2 = _ruled(xs, [50.0, 70.0, 90.0])
    chars2 = (_text("提供公开出版物", 55, 55) + _text("2", 205, 55)
              + _text("3.其他", 55, 75) + _text("0", 205, 75) + _text("0", 255, 75))
    return [PageGeometry(1, 595, 842, chars1, h1, v1, table_pass=pass1),
            PageGeometry(2, 595, 842, chars2, h2, v2, table_pass=pass2)]


def test_row_split_by_page_break_is_joined_and_wrapped_digits_are_one_number():
    doc = read_pages(_split_row_pages())
    cells = [r.cells for r in doc.rows]
    assert cells[0] == ["1.重复申请", "3", "4"]
    assert cells[1][0] == "2.要求提供公开出版物"
    assert cells[1][1].replace(" ", "") == "12"  # 1 on page 1, 2 on page 2: one number
    assert cells[1][2] == "5"
    assert cells[2] == ["3.其他", "0", "0"]
    assert {r.table for r in doc.rows} == {0}


def _seen_with(conf: float):
    """A table_pass as an OCR reader's: every value cell's text recorded with `conf`."""
    def table_pass(grid):
        for row in grid.rows:
            row.ocr = [None if j == 0 or c is None else (c, conf) for j, c in enumerate(row.cells)]
    return table_pass


def test_table_pass_readings_reach_the_rows_and_a_split_cell_is_as_sure_as_its_less_sure_part():
    # page 2 opens with the rest of row 2's label over a value cell (2) and a blank seen empty
    doc = read_pages(_split_row_pages(_seen_with(0.95), _seen_with(0.6)), "pdf_scanned")
    assert [r.ocr for r in doc.rows] == [
        [None, ("3", 0.95), ("4", 0.95)],
        [None, ("12", 0.6), ("5", 0.95)],  # 1 seen on page 1, 2 on page 2: the joined cell at 0.6
        [None, ("0", 0.6), ("0", 0.6)],
    ]
    assert doc.rows[1].cells[0] == "2.要求提供公开出版物"
    plain = read_pages(_split_row_pages()[:1])
    assert all(r.ocr is None for r in plain.rows)  # a text layer: no readings


def test_enumerated_row_at_the_top_of_the_next_page_is_its_own_row():
    xs = [50.0, 200.0, 250.0]
    h1, v1 = _ruled(xs, [700.0, 720.0])
    h2, v2 = _ruled(xs, [50.0, 70.0])
    chars1 = _text("1.本机关不掌握", 55, 705) + _text("3", 205, 705)
    chars2 = _text("2.没有现成信息", 55, 55)  # blank value: a row of its own, not the rest of row 1
    doc = read_pages([PageGeometry(1, 595, 842, chars1, h1, v1), PageGeometry(2, 595, 842, chars2, h2, v2)])
    assert [r.cells for r in doc.rows] == [["1.本机关不掌握", "3"], ["2.没有现成信息", ""]]


def test_borderless_table_keeps_blank_cells_and_joins_wrapped_labels():
    # no drawn lines: labels wrap inside a 30 pt column, values in three columns, blanks
    chars = (
        _text("（本表）", 50, 80)
        + _text("一、本年", 50, 100) + _text("11", 150, 100, step=5) + _text("0", 200, 100) + _text("11", 250, 100, step=5)
        + _text("新收", 50, 113)
        + _text("二、上年", 50, 140)  # a row printed with no values: three blank cells
        + _text("结转", 50, 153)
        + _text("三、办理", 50, 180) + _text("2", 150, 180) + _text("2", 250, 180)  # middle cell blank
        + _text("结果", 50, 193)
    )
    doc = read_pages([PageGeometry(1, 595, 842, chars)])
    cells = [r.cells for r in doc.rows]
    assert ["一、本年新收", "11", "0", "11"] in cells
    assert ["二、上年结转", "", "", ""] in cells
    assert ["三、办理结果", "2", "", "2"] in cells


def test_borderless_values_that_do_not_fall_one_per_column_are_left_as_printed():
    chars = (
        _text("一、本年", 50, 100) + _text("1", 150, 100) + _text("2", 175, 100)
        + _text("二、上年", 50, 130) + _text("1234", 155, 130)
    )
    # 1234 straddles the two columns 1 and 2 stand in: no column reading is certain
    doc = read_pages([PageGeometry(1, 595, 842, chars)])
    cells = [r.cells for r in doc.rows]
    assert ["一、本年", "1", "2"] in cells
    assert ["二、上年", "1234"] in cells


def test_table_part_with_open_edges_continues_the_table():
    # page 1: a closed 4-column grid; page 2 (as Chromium prints a continued table): no rule
    # along the top or bottom edge, one rule across the value columns only, and the label
    # column's rules touched by no horizontal rule (its cell is merged over the whole part)
    xs = [50.0, 120.0, 170.0, 200.0, 230.0]
    h1, v1 = _ruled(xs, [700.0, 720.0, 740.0])
    chars1 = (_text("（三）", 55, 705) + _text("1.属于", 125, 705) + _text("0", 175, 705) + _text("1", 205, 705)
              + _text("（四）", 55, 725) + _text("1.本机", 125, 725) + _text("2", 175, 725) + _text("3", 205, 725))
    v2 = [Seg(x, 30.0, 90.0) for x in xs]
    h2 = [Seg(60.0, 120.0, 230.0)]
    chars2 = (_text("无法提供", 55, 35) + _text("关不掌握", 125, 35) + _text("2.没有", 125, 65) + _text("4", 175, 65) + _text("5", 205, 65))
    doc = read_pages([PageGeometry(1, 595, 842, chars1, h1, v1), PageGeometry(2, 595, 842, chars2, h2, v2)])
    cells = [r.cells for r in doc.rows]
    assert cells[1] == ["（四）无法提供", "1.本机关不掌握", "2", "3"]  # the labels' ends on page 2 join their row
    assert cells[2] == [None, "2.没有", "4", "5"]  # the merged label cell above: covered, not blank
    assert {r.table for r in doc.rows} == {0}


def test_enumerated_row_after_a_page_break_keeps_its_values_and_passes_on_a_merged_label_end():
    # （五）不予处理 is merged over two rows and split by the page break: 予处理 at the top of
    # page 2 ends it, while 2.重复申请 there is a row of its own (values never added to row 1)
    xs = [50.0, 100.0, 200.0, 250.0]
    h1, v1 = _ruled(xs, [700.0, 720.0])
    h2, v2 = _ruled(xs, [50.0, 70.0])
    chars1 = _text("（五）不", 55, 705, size=8) + _text("1.信访", 105, 705) + _text("3", 205, 705)
    chars2 = _text("予处理", 55, 55, size=8) + _text("2.重复申请", 105, 55) + _text("4", 205, 55)
    doc = read_pages([PageGeometry(1, 595, 842, chars1, h1, v1), PageGeometry(2, 595, 842, chars2, h2, v2)])
    assert [r.cells for r in doc.rows] == [["（五）不予处理", "1.信访", "3"], [None, "2.重复申请", "4"]]


def _borderless_row_off_the_page(top_of_page_2: list[Char]) -> list[list[str | None]]:
    """A borderless table whose last row (3.其他 1 0 1 on page 1) ends the page; page 2 opens
    with `top_of_page_2` above section 五 (as 001388_lo_pdf_borderless prints table 4's 12
    as 1 / 2 over the page break)."""
    chars1 = (_text("2.重复申请", 50, 700) + _text("0", 150, 700) + _text("0", 200, 700) + _text("0", 250, 700)
              + _text("3.其他", 50, 730) + _text("1", 150, 730) + _text("0", 200, 730) + _text("1", 250, 730))
    chars2 = top_of_page_2 + _text("五、存在的主要问题及改进情况", 50, 120)
    doc = read_pages([PageGeometry(1, 595, 842, chars1), PageGeometry(2, 595, 842, chars2)])
    return [r.cells for r in doc.rows]


def test_borderless_number_wrapped_over_the_page_break_is_not_a_page_number():
    # `2` at the top of page 2, under the first value column: the end of 12, not page number 2
    cells = _borderless_row_off_the_page(_text("2", 150, 100))
    assert ["3.其他", "12", "0", "1"] in cells
    # a number at the top standing under no value column is the page number still
    cells = _borderless_row_off_the_page(_text("2", 400, 100))
    assert ["3.其他", "1", "0", "1"] in cells
    assert not any("2" in c for row in cells for c in row if c and c != "2.重复申请")


def test_values_row_at_the_top_of_a_page_keeps_its_leading_blank_cells():
    # table 4's header on page 1 (结果维持 / 结果纠正 merged down two rows over the first
    # proceeding's columns), its values row alone on page 2 with that proceeding left blank
    # (001246_lo_pdf_ruled): the empty cells before the values are blank, not merged rests
    xs = [50.0, 100.0, 150.0, 200.0, 250.0]
    h1 = [Seg(700.0, 50.0, 250.0), Seg(720.0, 50.0, 250.0), Seg(740.0, 150.0, 250.0), Seg(760.0, 50.0, 250.0)]
    v1 = [Seg(50.0, 700.0, 760.0), Seg(100.0, 720.0, 760.0), Seg(150.0, 700.0, 760.0), Seg(200.0, 740.0, 760.0),
          Seg(250.0, 700.0, 760.0)]
    chars1 = (_text("行政复议", 55, 705, size=8) + _text("行政诉讼", 155, 705, size=8)
              + _text("结果维持", 55, 725, size=8) + _text("结果纠正", 105, 725, size=8)
              + _text("未经复议", 155, 725, size=8)
              + _text("结果维持", 155, 745, size=8) + _text("结果纠正", 205, 745, size=8))
    h2, v2 = _ruled(xs, [50.0, 70.0])
    chars2 = _text("0", 155, 55) + _text("3", 205, 55)
    doc = read_pages([PageGeometry(1, 595, 842, chars1, h1, v1), PageGeometry(2, 595, 842, chars2, h2, v2)])
    cells = [r.cells for r in doc.rows]
    assert cells[2] == [None, None, "结果维持", "结果纠正"]
    assert cells[3] == ["", "", "0", "3"]
    assert {r.table for r in doc.rows} == {0}


def _cut_number_pages(value_above: str, rest: str) -> list[list[str | None]]:
    """A row at the foot of page 1 whose label and first number wrap (数 / 量, `value_above` /
    `rest`), the page break between their lines (001120_lo_pdf_ruled: 2,291 printed 2,29 / 1)."""
    xs = [50.0, 200.0, 250.0, 300.0]
    h1, v1 = _ruled(xs, [700.0, 720.0, 760.0])
    chars1 = (_text("1.重复申请", 55, 705) + _text("5", 205, 705) + _text("6", 255, 705)
              + _text("一、本年新收政府信息公开申请数", 55, 725, size=9) + _text(value_above, 205, 725, size=6)
              + _text("207", 255, 725, size=6))
    h2, v2 = _ruled(xs, [50.0, 70.0, 90.0])
    chars2 = (_text("量", 55, 55) + _text(rest, 205, 55, size=6)
              + _text("二、上年结转政府信息公开申请数量", 55, 75, size=9) + _text("0", 205, 75) + _text("0", 255, 75))
    doc = read_pages([PageGeometry(1, 595, 842, chars1, h1, v1), PageGeometry(2, 595, 842, chars2, h2, v2)])
    return [r.cells for r in doc.rows]


def test_number_cut_inside_a_thousands_group_joins_its_rest_over_the_page_break():
    cells = _cut_number_pages("2,29", "1")
    assert len(cells) == 3
    assert cells[1][0] == "一、本年新收政府信息公开申请数量"
    assert cells[1][1].replace(" ", "") == "2,291" and cells[1][2] == "207"
    assert cells[2] == ["二、上年结转政府信息公开申请数量", "0", "0"]


def test_whole_numbers_or_a_rest_that_does_not_complete_the_group_are_not_joined():
    # 2,291 is whole: the 1 below is no rest of it; 2,29 + 12 is no well-grouped number
    for above, rest in (("2,291", "1"), ("2,29", "12")):
        cells = _cut_number_pages(above, rest)
        assert [above, "207"] == cells[1][1:]
        assert cells[2] == ["量", rest, ""]
