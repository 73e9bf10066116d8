"""Each text layout and HTML fixture (written by hand in the layouts of report-format.md)
read to the same 200 cells; layouts where table-4 blanks vanish must say so, not guess."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest import codes
from ingest.parse import parse_bytes, parse_file
from ingest.readers.text import _display_width, _layout, _may_space_run, _SPACE_RUN

FIXTURES = Path(__file__).parent / "fixtures"


def _truth() -> dict[tuple[str, str, str], tuple[object, str]]:
    t: dict = {}
    t2 = {"regulation": [1, 0, 12], "normative_document": [3, 1, 20], "administrative_license": [156],
          "administrative_penalty": [48], "administrative_coercion": [None], "administrative_fee": [12.5]}
    for item, values in t2.items():
        for measure, v in zip(codes.T2_MEASURES_BY_ITEM[item], values):
            t[("proactive", item, measure)] = (v, "number" if v is not None else "not_applicable")
    rows = {"new_received": [10, 2, 0, 1, 0, 0, 13], "carried_over": [1, 0, 0, 0, 0, 0, 1],
            "granted": [5, 1, 0, 0, 0, 0, 6], "partially_granted": [1, 0, 0, 0, 0, 0, 1],
            "denied.process_information": [1, 0, 0, 0, 0, 0, 1], "unavailable.not_held": [2, 1, 0, 1, 0, 0, 4],
            "not_processed.duplicate": [1, 0, 0, 0, 0, 0, 1], "results_total": [10, 2, 0, 1, 0, 0, 13],
            "carried_forward": [1, 0, 0, 0, 0, 0, 1]}
    for outcome in codes.T3_OUTCOMES:
        for applicant, v in zip(codes.APPLICANTS, rows.get(outcome, [0] * 7)):
            t[("applications", outcome, applicant)] = (v, "number")
    t4 = {"administrative_review": [1, 0, 0, 1, 2], "litigation_direct": [0, 0, 0, 0, 0]}
    for proceeding in codes.PROCEEDINGS:
        for outcome, v in zip(codes.T4_OUTCOMES, t4.get(proceeding, [None] * 5)):
            t[("review_litigation", proceeding, outcome)] = (v, "number" if v is not None else "blank")
    return t


TRUTH = _truth()
EXACT = ["text/pipes.md", "text/cell_per_line.txt", "html/report_gb2312.html", "html/report_utf8.html"]
T4_BLANKS_VANISH = ["text/lines_blank_between.txt", "text/row_bar.txt", "text/spaces.txt"]


def _read(name: str) -> dict:
    report = parse_file(FIXTURES / name)
    assert report.meta.agency == "示例县教育局" and report.meta.year == 2023
    return report


@pytest.mark.parametrize("name", EXACT)
def test_layout_reads_every_cell(name):
    report = _read(name)
    got = {(c.table, c.key, c.sub): (c.value, c.state) for c in report.cells}
    assert got == TRUTH
    assert report.parse_status == "ok"
    assert all(r.status == "pass" for r in report.identities)


@pytest.mark.parametrize("name", T4_BLANKS_VANISH)
def test_vanished_table4_blanks_are_missing_and_reported(name):
    report = _read(name)
    got = {(c.table, c.key, c.sub): (c.value, c.state) for c in report.cells}
    for key, want in TRUTH.items():
        if key[0] == "review_litigation":
            assert got[key] == (None, "missing")
        else:
            assert got[key] == want, key
    assert any(i.code == "ambiguous_row" and "table 4" in i.message for i in report.issues)
    assert {r.status for r in report.identities if r.id == "t4_total"} == {"undecidable"}
    assert report.parse_status == "partial"


@pytest.mark.parametrize("name,layout", [("pipes.md", "pipes"), ("cell_per_line.txt", "cell_pipe"),
                                         ("lines_blank_between.txt", "lines"), ("row_bar.txt", "row_bar"),
                                         ("spaces.txt", "spaces")])
def test_layout_detection(name, layout):
    lines = (FIXTURES / "text" / name).read_text(encoding="utf-8").split("\n")
    assert _layout(lines) == layout


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_text_encodings(encoding):
    text = (FIXTURES / "text" / "pipes.md").read_text(encoding="utf-8")
    report = parse_bytes(text.encode(encoding), "report.md")
    got = {(c.table, c.key, c.sub): (c.value, c.state) for c in report.cells}
    assert got == TRUTH


def test_pipe_rows_merged_vs_blank():
    from ingest.readers.text import from_text

    doc = from_text("| a | b |\n| 规章 || 1 |  |\n| x | y |\n")
    assert doc.rows[1].cells == ["规章", None, "1", ""]


def test_html_rowspan_colspan_grid():
    from ingest.readers.html import from_html

    doc = from_html("<table><tr><td rowspan='2'>a</td><td colspan='2'>b</td></tr><tr><td>1</td><td></td></tr></table>")
    assert [r.cells for r in doc.rows] == [["a", "b", None], [None, "1", ""]]


def test_html_deep_nesting_does_not_crash():
    # libxml2 drops everything past 2048 levels: the page is read again with divs flattened,
    # so the deep page reads like the shallow one, with a warning.
    deep = parse_bytes(("<div>" * 20000 + "规章" + "</div>" * 20000).encode(), "deep.html")
    shallow = parse_bytes(("<div>" * 20 + "规章" + "</div>" * 20).encode(), "shallow.html")
    assert [(c.key, c.sub, c.state) for c in deep.cells] == [(c.key, c.sub, c.state) for c in shallow.cells]
    assert any(i.code == "html.deep_nesting" for i in deep.issues)
    assert not any(i.code == "html.deep_nesting" for i in shallow.issues)


def test_html_cell_text_in_document_order_shallow_and_deep():
    # a cell's text in document order, a new line where a paragraph or line break starts (the
    # tail after </p> stays on its line); a cell nested deeper than the recursive walk goes
    # (100 levels) reads the same through etree.iterwalk
    from ingest.readers.html import from_html

    cell = "<td> 1<p>2<b>3</b>4</p>5<br>6 </td>"
    shallow = from_html(f"<table><tr><td>规章</td>{cell}</tr></table>")
    nested = "<span>" * 150 + "2<b>3</b>4" + "</span>" * 150
    deep = from_html(f"<table><tr><td>规章</td><td> 1<p>{nested}</p>5<br>6 </td></tr></table>")
    assert shallow.rows[0].cells == ["规章", "1 2345 6"]
    assert deep.rows[0].cells == ["规章", "1 2345 6"]


def test_traditional_report_reads_like_simplified():
    text = (FIXTURES / "text" / "pipes.md").read_text(encoding="utf-8")
    from ingest.normalize import _trad_only_chars  # noqa: F401  (loaded lazily by the parser)
    trad = text.translate(str.maketrans("规书处无开关国请务资报数项总结", "規書處無開關國請務資報數項總結"))
    report = parse_bytes(trad.encode("utf-8"), "trad.md")
    got = {(c.table, c.key, c.sub): (c.value, c.state) for c in report.cells}
    assert got == TRUTH
    assert any(i.code == "traditional_script" for i in report.issues)


def test_seed_shape_row_with_extra_tabs_and_full_width_digits():
    seed_like = (FIXTURES / "text" / "pipes.md").read_text(encoding="utf-8").replace("| 156 |", "| １５６件 |")
    report = parse_bytes(seed_like.encode(), "x.md")
    cell = next(c for c in report.cells if c.key == "administrative_license")
    assert (cell.value, cell.state, cell.raw) == (156, "number", "１５６件")


def test_an_absent_other_subrow_makes_the_reading_partial():
    """other.* cells are missing by rule only when （六）其他处理 is printed as one row."""
    text = (FIXTURES / "text" / "pipes.md").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if "申请人无正当理由逾期" not in line)
    report = parse_bytes(text.encode("utf-8"), "x.md")
    assert report.parse_status == "partial"
    assert any(i.code == "missing_rows" and "other.no_correction" in i.message for i in report.issues)


_LINE = st.text(alphabet=st.sampled_from(list("ab 1|规章（）　\t\xa0\u2003\x1c\ud800€") + ["\U0002a6a5"]), max_size=30)


@given(_LINE, _LINE)
def test_display_width_adds_up(a, b):
    """`_spaces` sums the widths of the stretches between cells."""
    assert _display_width(a) + _display_width(b) == _display_width(a + b)


@given(_LINE)
def test_space_run_prefilter_never_hides_a_run(s):
    assert _may_space_run(s) or _SPACE_RUN.search(s) is None


def test_cell_text_keeps_document_order_around_nested_markup():
    """A tail follows its element's children: <font>1<font>2</font></font>3 is 123, not 132."""
    from ingest.readers.html import from_html

    doc = from_html("<table><tr><td><p><font>1<font>2</font></font>3</p><!-- 9 --><p>件</p></td><td>x</td></tr>"
                    "<tr><td>a</td><td>b</td></tr></table>")
    assert [r.cells for r in doc.rows] == [["123 件", "x"], ["a", "b"]]


def test_libreoffice_html_reads_as_the_docx_reader_reads_the_document():
    """Tabs separate cells, a cell's lines join as DOCX cells do (no space between CJK), full-width
    digits fold, page header and footer are left out, <title> is no title."""
    from ingest.readers.html import read_libreoffice

    page = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/><title>模板</title></head>'
            '<body><div title="header"><p>页眉</p></div><p>\n主动公开\t１２\t34</p>'
            '<table><tr><td><p>1.</p><p>属于国家秘密</p></td><td>５</td></tr><tr><td>a</td><td>b</td></tr></table>'
            '<div title="footer"><p>第 1 页</p></div></body></html>').encode("utf-8")
    doc = read_libreoffice(page)
    assert [r.cells for r in doc.rows] == [["主动公开", "12", "34"], ["1.属于国家秘密", "5"], ["a", "b"]]
    assert doc.declared_title is None
