"""PDF reader: the real Hongze report (cells, page break, footer, labels, timing), synthetic
page geometry (merged cells, captions, page numbers, unruled tables), unreadable PDFs."""

from __future__ import annotations

import ctypes
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ingest.model import Row
from ingest.readers import UnreadableError, read
from ingest.readers._office_text import fold
from ingest.readers._pdf_layout import Char, Seg, find_grids, is_page_number, make_line

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "tests" / "data" / "real"
HONGZE = REAL / "huaian-hongze-2024.pdf"
HONGZE_EXPECTED = REAL / "huaian-hongze-2024.expected.json"



@pytest.fixture(scope="module")
def hongze():
    return read(HONGZE.read_bytes(), str(HONGZE))


def _row_starting(doc, label: str) -> Row:
    rows = [r for r in doc.rows if any(c and c.replace(" ", "").startswith(label) for c in r.cells)]
    assert rows, f"no row with a cell starting {label!r}"
    return rows[0]


def _values_after(row: Row, label: str) -> list[str]:
    idx = next(i for i, c in enumerate(row.cells) if c and c.replace(" ", "").startswith(label))
    return [c for c in row.cells[idx + 1 :] if c is not None]


# --------------------------------------------------------------------------- the real report


def test_hongze_table3_first_rows(hongze):
    row = _row_starting(hongze, "一、本年新收")
    assert _values_after(row, "一、本年新收") == ["95", "0", "0", "0", "0", "0", "95"]
    assert row.cells[1] is None and row.cells[2] is None  # label merged over three columns
    assert row.page == 3
    row = _row_starting(hongze, "（四）无法提供")
    assert _values_after(row, "1.本机关不掌握相关政府信息") == ["31", "0", "0", "0", "0", "0", "31"]


def test_hongze_table3_labels(hongze):
    labels = {c for r in hongze.rows for c in r.cells if c}
    assert "三、本年度办理结果" in labels  # printed one character per line in a merged cell
    assert "2.其他法律行政止公开" in labels  # the source's typo, kept
    assert "4.无正当理由大量反复 申请" in labels
    assert "（二）部分公开（区分处理的，只计这一情 形，不计其他情形）" in labels  # wrapped label joined
    assert "5.要求行政机关确认或重 新出具已获取信息" in labels
    other = _row_starting(hongze, "（六）其他处理")
    assert other.cells[1:] == ["（六）其他处理", "", "0", "0", "0", "0", "0", "0", "0"]
    assert other.cells[0] is None


def test_hongze_table3_crosses_page_break(hongze):
    t3 = [r for r in hongze.rows if r.table is not None and any(c == "自然人" for c in r.cells)]
    assert len(t3) == 1
    index = t3[0].table
    rows = [r for r in hongze.rows if r.table == index]
    assert {r.page for r in rows} == {3, 4}
    assert len(rows) == 26  # 3 header rows + 23 data rows, one table index across the page break
    first_on_4 = next(r for r in rows if r.page == 4)
    # the merged labels 三、本年度办理结果 / （四）无法提供 continue: covered, not blank
    assert first_on_4.cells[:3] == [None, None, "2.没有现成信息需要另行制作"]
    assert first_on_4.cells[3:] == ["1", "0", "0", "0", "0", "0", "1"]
    last = rows[-1]
    assert last.cells[0] == "四、结转下年度继续办理" and last.cells[3:] == ["0"] * 7
    # the page footer between the two halves is gone
    assert not any(is_page_number(c) for r in hongze.rows if r.table is None for c in r.cells if c)
    assert "- 3 -" not in hongze.text and "-3-" not in hongze.text


def test_hongze_table2(hongze):
    assert _values_after(_row_starting(hongze, "规章"), "规章") == ["0", "0", "0"]
    assert _values_after(_row_starting(hongze, "行政规范性文件"), "行政规范性文件") == ["3", "0", "8"]
    assert _values_after(_row_starting(hongze, "行政许可"), "行政许可") == ["9487"]
    assert _values_after(_row_starting(hongze, "行政处罚"), "行政处罚") == ["2776"]
    assert _values_after(_row_starting(hongze, "行政强制"), "行政强制") == ["84"]
    fee = _row_starting(hongze, "行政事业性收费")
    assert _values_after(fee, "行政事业性收费") == ["7545"] and fee.page == 3
    # ruled captions are running text, not one-cell table rows
    caption = _row_starting(hongze, "第二十条第（八）项")
    assert caption.cells == ["第二十条第（八）项"] and caption.table is None


def test_hongze_table4_three_level_header(hongze):
    data = [r for r in hongze.rows if r.table is not None and len(r.cells) == 15 and all(c and c.isdigit() for c in r.cells)]
    assert len(data) == 1
    assert data[0].cells == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    header = [r for r in hongze.rows if r.table == data[0].table and r is not data[0]]
    assert len(header) == 3
    assert header[0].cells[0] == "行政复议" and "行政诉讼" in header[0].cells
    assert header[1].cells[5] == "未经复议直接起诉" and header[1].cells[10] == "复议后起诉"
    assert header[2].cells[:5] == [None] * 5 and header[2].cells[5] == "结果维持"


def test_hongze_running_text(hongze):
    lines = hongze.text.splitlines()
    assert lines[0] == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"  # two title lines joined
    # wrapped body lines are joined into paragraphs, so figures stay next to their words
    assert "区政府办代表区政府受理政府信息公开申请17件" in hongze.text
    assert "主动发布各类政府信息2428条" in hongze.text
    assert "全年收取政府信息公开信息处理费0元" in hongze.text
    paragraph = _row_starting(hongze, "针对存在问题")
    assert paragraph.cells[0].endswith("思想认识和业务工作水平。")  # paragraph continued across pages 4-5
    assert [r.cells for r in hongze.rows if r.cells == ["六、其他需要报告的事项"]]
    lines_no = [r.line for r in hongze.rows]
    assert lines_no == list(range(1, len(hongze.rows) + 1))
    assert all(r.page in (1, 2, 3, 4, 5) for r in hongze.rows)
    assert hongze.issues == []


def test_hongze_mapper_cells_equal_expected(hongze):
    from ingest import mapper

    result = mapper.map_rows(hongze.rows)
    expected = json.loads(HONGZE_EXPECTED.read_text(encoding="utf-8"))
    keys = {"proactive": ("item", "measure"), "applications": ("outcome", "applicant"), "review_litigation": ("proceeding", "outcome")}
    got = {(c.table, c.key, c.sub): (c.value, c.state) for c in result.cells}
    want = {(t, e[k1], e[k2]): (e["value"], e["state"]) for t, (k1, k2) in keys.items() for e in expected[t]}
    diffs = {k: (want.get(k), got.get(k)) for k in set(got) | set(want) if want.get(k) != got.get(k)}
    assert diffs == {}
    assert len(want) == 207  # 200 + the `other` group row (7)


def test_hongze_parse_file_equals_expected_json():
    from ingest.parse import parse_file

    got = parse_file(str(HONGZE)).to_dict()
    expected = json.loads(HONGZE_EXPECTED.read_text(encoding="utf-8"))
    assert got["source"]["format"] == "pdf"
    for key, value in expected["report"].items():
        assert got["report"][key] == value, key
    for table in ("proactive", "applications", "review_litigation"):
        strip = [{k: v for k, v in cell.items() if k != "raw"} for cell in got[table]]
        assert strip == expected[table], table
    failing = sorted({i["id"] for i in got["identities"] if i["status"] == "fail"})
    assert failing == sorted(expected.get("expected_identity_failures", []))


# --------------------------------------------------------------------------- unreadable


def _image_only_pdf(image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=150)
    return buf.getvalue()


def test_scanned_pdf_is_read_by_ocr():
    """An image-only PDF (the committed scan of a table-3 page) is no longer refused: OCR reads it."""
    from PIL import Image

    scan = Path(__file__).resolve().parent / "fixtures" / "scans" / "t3_page.jpg"
    doc = read(_image_only_pdf(Image.open(scan)), "scan.pdf")
    assert doc.format == "pdf_scanned"
    rows = {r.cells[0]: r for r in doc.rows if r.cells and r.cells[0] and r.ocr}
    new = rows["一、本年新收政府信息公开申请数量"]
    assert [c for c in new.cells if c is not None][1:] == ["0"] * 7
    assert all(o is not None and o[1] > 0.5 for o, c in zip(new.ocr, new.cells) if c == "0")


def test_blank_scanned_pdf_is_unreadable():
    from PIL import Image

    with pytest.raises(UnreadableError) as err:
        read(_image_only_pdf(Image.new("RGB", (300, 420), "white")), "scan.pdf")
    assert err.value.code == "unreadable.blank_scan"
    assert "without any text" in err.value.message


def test_garbage_is_corrupt_pdf():
    with pytest.raises(UnreadableError) as err:
        read(b"%PDF-1.7\nthis is not really a pdf", "broken.pdf")
    assert err.value.code == "unreadable.corrupt"
    with pytest.raises(UnreadableError) as err:
        read(b"", "empty.pdf")
    assert err.value.code == "unreadable.corrupt"


FIXTURES = Path(__file__).resolve().parent / "fixtures" / "office"


def test_password_protected_pdf_is_encrypted():
    with pytest.raises(UnreadableError) as err:
        read((FIXTURES / "encrypted.pdf").read_bytes(), "encrypted.pdf")
    assert err.value.code == "unreadable.encrypted"
    assert "password" in err.value.message


def test_owner_password_only_pdf_is_readable():
    doc = read((FIXTURES / "owner-locked.pdf").read_bytes(), "owner-locked.pdf")
    assert [r.cells for r in doc.rows] == [["Owner-locked report 2024"]]


def test_pdf_with_some_scanned_pages_warns():
    s = Synth()
    s.text(s.page(), 60, 100, "Page with text")
    s.page()  # nothing on it
    doc = read(s.save(), "mixed.pdf")
    assert [r.cells for r in doc.rows] == [["Page with text"]]
    assert [(i.severity, i.code, i.where) for i in doc.issues] == [("warning", "pdf.page_without_text", "page 2")]


@pytest.mark.parametrize("keep", [20000, 120000, 238000])
def test_truncated_pdf_is_corrupt(keep):
    # cut anywhere, the file lost its cross-reference table and trailer (the last ~2 KB):
    # not a PDF any more, said so, whatever pages sit whole before the cut
    with pytest.raises(UnreadableError) as err:
        read(HONGZE.read_bytes()[:keep], "cut.pdf")
    assert err.value.code == "unreadable.corrupt"
    assert err.value.message.startswith("not a readable PDF file")


# --------------------------------------------------------------------------- synthetic PDFs
# Small PDFs built with pypdfium2: text in a standard font, ruling lines as stroked paths
# or thin filled rectangles.

W, H = 595.0, 842.0


class Synth:
    """A PDF under construction (top-down coordinates)."""

    def __init__(self) -> None:
        self.pdf = pdfium.PdfDocument.new()
        self.font = pdfium_c.FPDFText_LoadStandardFont(self.pdf.raw, b"Helvetica")
        self.pages: list = []

    def page(self):
        page = self.pdf.new_page(W, H)
        self.pages.append(page)
        return page

    def text(self, page, x: float, top: float, text: str, size: float = 10.0) -> None:
        """Text whose baseline sits at `top` + size (top-down coordinates)."""
        obj = pdfium_c.FPDFPageObj_CreateTextObj(self.pdf.raw, self.font, size)
        wide = (text + "\0").encode("utf-16-le")  # FPDF_WIDESTRING is UTF-16LE
        arr = ctypes.create_string_buffer(wide, len(wide))
        pdfium_c.FPDFText_SetText(obj, ctypes.cast(arr, pdfium_c.FPDF_WIDESTRING))
        pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, H - top - size)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)

    def line(self, page, x0: float, top0: float, x1: float, top1: float) -> None:
        obj = pdfium_c.FPDFPageObj_CreateNewPath(x0, H - top0)
        pdfium_c.FPDFPath_LineTo(obj, x1, H - top1)
        pdfium_c.FPDFPath_SetDrawMode(obj, 0, True)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)

    def bar(self, page, x0: float, top0: float, x1: float, top1: float) -> None:
        """A filled rectangle (thin ones are how some producers draw rules)."""
        obj = pdfium_c.FPDFPageObj_CreateNewRect(x0, H - top1, x1 - x0, top1 - top0)
        pdfium_c.FPDFPath_SetDrawMode(obj, pdfium_c.FPDF_FILLMODE_ALTERNATE, False)
        pdfium_c.FPDFPageObj_SetFillColor(obj, 0, 0, 0, 255)
        pdfium_c.FPDFPage_InsertObject(page.raw, obj)

    def grid(self, page, xs, ys, skip_v=(), skip_h=(), filled=False) -> None:
        """Rules of a grid; skip_v = {(x index, row)}, skip_h = {(y index, col)} left out."""
        draw = (lambda a, b, c, d: self.bar(page, a - 0.4, b - 0.4, c + 0.4, d + 0.4)) if filled else (
            lambda a, b, c, d: self.line(page, a, b, c, d)
        )
        for i, y in enumerate(ys):
            for j in range(len(xs) - 1):
                if (i, j) not in skip_h:
                    draw(xs[j], y, xs[j + 1], y)
        for j, x in enumerate(xs):
            for i in range(len(ys) - 1):
                if (j, i) not in skip_v:
                    draw(x, ys[i], x, ys[i + 1])

    def save(self) -> bytes:
        for page in self.pages:
            pdfium_c.FPDFPage_GenerateContent(page.raw)
        out = io.BytesIO()
        self.pdf.save(out)
        for page in self.pages:
            page.close()
        self.pdf.close()
        return out.getvalue()


def test_synthetic_table_across_pages_with_footer():
    s = Synth()
    xs = [60, 200, 300, 400]
    p1 = s.page()
    s.text(p1, 60, 70, "Section 3")
    # rows at 100..220; the label cell of rows 3-4 is merged (no rule between them in column 0)
    s.grid(p1, xs, [100, 120, 140, 160, 180], skip_h={(3, 0)})
    for top, cells in ((104, ["Label", "A", "B"]), (124, ["r1", "1", ""]), (144, ["grp", "3", "4"]), (164, ["", "5", "6"])):
        for x, text in zip(xs, cells):
            if text:
                s.text(p1, x + 5, top, text)
    s.text(p1, 290, 800, "- 1 -")
    p2 = s.page()
    s.text(p2, 290, 20, "- 2 -")  # a page number in the header this time
    s.grid(p2, xs, [60, 80, 100], filled=True)  # rules drawn as thin filled rectangles
    for top, cells in ((64, ["", "7", "8"]), (84, ["r5", "9", "10"])):
        for x, text in zip(xs, cells):
            if text:
                s.text(p2, x + 5, top, text)
    s.text(p2, 60, 130, "END")
    p3 = s.page()
    s.grid(p3, [60, 300, 500], [60, 80, 100])
    s.text(p3, 65, 64, "x")
    s.text(p3, 305, 64, "1")
    doc = read(s.save(), "synthetic.pdf")
    assert [(r.page, r.table, r.cells) for r in doc.rows] == [
        (1, None, ["Section 3"]),
        (1, 0, ["Label", "A", "B"]),
        (1, 0, ["r1", "1", ""]),
        (1, 0, ["grp", "3", "4"]),
        (1, 0, [None, "5", "6"]),
        (2, 0, [None, "7", "8"]),  # the merged label continues: covered, and the same table
        (2, 0, ["r5", "9", "10"]),
        (2, None, ["END"]),
        (3, 1, ["x", "1"]),  # other columns: a new table (END separates it anyway)
        (3, 1, ["", ""]),
    ]
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text


def test_synthetic_unruled_table_splits_cells_on_gaps():
    s = Synth()
    p = s.page()
    s.text(p, 60, 100, "Item")
    s.text(p, 250, 100, "12")
    s.text(p, 330, 100, "0")
    s.text(p, 410, 100, "/")
    s.text(p, 60, 130, "A sentence of running text with normal word gaps.")
    doc = read(s.save(), "stream.pdf")
    assert [r.cells for r in doc.rows] == [["Item", "12", "0", "/"], ["A sentence of running text with normal word gaps."]]


# --------------------------------------------------------------------------- synthetic geometry


def _text_chars(text: str, x: float, top: float, size: float = 10.0) -> list[Char]:
    return [Char(ch, x + i * size, top, x + (i + 1) * size, top + size) for i, ch in enumerate(text)]


def _ruled(xs: list[float], ys: list[float], skip_v=(), skip_h=()):
    """Rules of a full grid minus some pieces: skip_v = {(col_boundary, row)}, skip_h = {(row_boundary, col)}."""
    h = []
    v = []
    for i, y in enumerate(ys):
        for j in range(len(xs) - 1):
            if (i, j) not in skip_h:
                h.append(Seg(y, xs[j], xs[j + 1]))
    for j, x in enumerate(xs):
        for i in range(len(ys) - 1):
            if (j, i) not in skip_v:
                v.append(Seg(x, ys[i], ys[i + 1]))
    return h, v


def test_grid_rowspan_and_colspan_become_none():
    xs = [0, 40, 140, 180, 220]
    ys = [0, 20, 40, 60, 80]
    # merged: (0,0)-(0,1) colspan header; column 0 rows 1-3 rowspan label
    h, v = _ruled(xs, ys, skip_v={(1, 0)}, skip_h={(2, 0), (3, 0)})
    chars = (
        _text_chars("HEAD", 50, 5)
        + _text_chars("A", 185, 5)
        + _text_chars("G", 10, 45)  # vertical centre of the rowspan label
        + _text_chars("r1", 50, 25)
        + _text_chars("1", 150, 25)
        + _text_chars("r2", 50, 45)
        + _text_chars("2", 150, 45)
        + _text_chars("9", 190, 45)
        + _text_chars("r3", 50, 65)
    )
    grids, free = find_grids(h, v, chars)
    assert free == []
    assert len(grids) == 1
    assert [r.cells for r in grids[0].rows] == [
        ["HEAD", None, "", "A"],
        ["G", "r1", "1", ""],
        [None, "r2", "2", "9"],
        [None, "r3", "", ""],
    ]
    assert grids[0].rows[0].covered_above[1] is False  # covered from the left
    assert grids[0].rows[2].covered_above[0] is True


def test_grid_caption_row_and_one_column_box_are_free_text():
    xs = [0, 100, 200]
    ys = [0, 20, 40, 60]
    # row 0 spans both columns (a ruled caption)
    h, v = _ruled(xs, ys, skip_v={(1, 0)})
    chars = _text_chars("CAP", 10, 5) + _text_chars("k", 10, 25) + _text_chars("5", 110, 25) + _text_chars("q", 10, 45)
    grids, free = find_grids(h, v, chars)
    assert "".join(c.text for c in free) == "CAP"
    assert [r.cells for r in grids[0].rows] == [["k", "5"], ["q", ""]]
    # a one-column ruled box is not a table
    h2, v2 = _ruled([0, 300], [100, 120, 140])
    body = _text_chars("line one", 5, 105) + _text_chars("line two", 5, 125)
    grids2, free2 = find_grids(h2, v2, body)
    assert grids2 == [] and len(free2) == len(body)


def test_grid_cell_text_joins_vertical_label_and_wrapped_lines():
    xs = [0, 20, 160, 200]
    ys = [0, 100]
    h, v = _ruled(xs, ys)
    chars = []
    for k, ch in enumerate("三、本年"):
        chars += _text_chars(ch, 5, 10 + 12 * k)
    chars += _text_chars("（二）部分公开（区分", 25, 30) + _text_chars("处理的）", 25, 42)
    chars += _text_chars("9", 170, 36)
    grids, _ = find_grids(h, v, chars)
    assert grids[0].rows[0].cells == ["三、本年", "（二）部分公开（区分处理的）", "9"]


def test_double_rules_do_not_make_blank_columns():
    xs = [0, 100, 101.5, 200]  # a double vertical rule 1.5 pt apart... snapped
    ys = [0, 20, 40]
    h, v = _ruled(xs, ys)
    v.append(Seg(103.5, 0, 40))  # and a third one 2 pt further: an empty sliver column
    chars = _text_chars("a", 10, 5) + _text_chars("1", 150, 5) + _text_chars("b", 10, 25) + _text_chars("2", 150, 25)
    grids, _ = find_grids(h, v, chars)
    assert [r.cells for r in grids[0].rows] == [["a", "1"], ["b", "2"]]


def test_page_numbers():
    for text in ("-3-", "- 3 -", "— 12 —", "第 3 页", "第3页 共5页", "3/5", "Page 2 of 9", "7"):
        assert is_page_number(text), text
    for text in ("一、总体情况", "2024年", "规章 0 0 0", "第二十条第（一）项"):
        assert not is_page_number(text), text


def test_line_split_on_wide_gaps_and_spaces():
    chars = _text_chars("规章", 0, 0) + _text_chars("0", 100, 0) + _text_chars("12", 150, 0)
    line = make_line(chars, 1)
    assert line.cells == ["规章", "0", "12"]
    chars = _text_chars("2024", 0, 0) + [Char(" ", 40, 0, 43, 10)] + _text_chars("年", 43, 0)
    assert make_line(chars, 1).cells == ["2024 年"]


def test_unruled_wrapped_label_takes_its_centred_values():
    from ingest.readers.geometry import _attach_wrapped_labels

    above = make_line(_text_chars("（二）部分公开（区分处理的，只计这一情形，不", 0, 100, 9), 1)
    values = make_line(_text_chars("9", 250, 108, 9) + _text_chars("0", 300, 108, 9) + _text_chars("9", 350, 108, 9), 1)
    below = make_line(_text_chars("计其他情形）", 0, 116, 9), 1)
    out = _attach_wrapped_labels([above, values, below])
    assert len(out) == 1
    assert out[0].cells == ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "9", "0", "9"]


def test_kangxi_radicals_and_fullwidth_digits_fold():
    assert fold("⼆、主动公开政府信息情况") == "二、主动公开政府信息情况"
    assert fold("⾏政许可") == "行政许可"
    assert fold("⼈") == "人"
    assert fold("１２３") == "123"
    assert fold("（一）予以公开") == "（一）予以公开"  # CJK brackets kept as printed


# --------------------------------------------------------------------------- CJK PDFs (reportlab)
# Built with reportlab's CID font STSong-Light, as the corpus generator does: not embedded,
# like the iText-made PDFs of some government systems.


def _cjk_canvas():
    from reportlab.pdfgen import canvas as rl_canvas

    from ingest.generator.render_pdf import FONT, _register

    _register()
    buf = io.BytesIO()
    return buf, rl_canvas.Canvas(buf, pagesize=(W, H), invariant=1), FONT


def _body_lines(lines: list[tuple[float, str]], size: float = 10.5) -> bytes:
    """One page of body text: (x, text) per line, 1.6 em apart from the top."""
    buf, c, font = _cjk_canvas()
    c.setFont(font, size)
    for k, (x, text) in enumerate(lines):
        c.drawString(x, H - 80 - k * size * 1.6, text)
    c.save()
    return buf.getvalue()


def test_paragraph_line_short_of_the_margin_by_a_number_that_did_not_fit():
    # the second line stops 2 em short: "1892" (about 1.8 em) did not fit in the room left,
    # so it wrapped whole; the paragraph goes on. The last line stops far short: its end.
    ideo = "公开" * 30
    doc = read(_body_lines([
        (71.0, "2. 依申请公开情况。" + ideo[:39]),  # indented first line, flush with the margin
        (50.0, ideo[:41] + "受理依申请公开"),  # 48 ideographs: 2 em of room left
        (50.0, "1892 件，已答复 1998 件。"),
        (50.0, "3. 政府信息管理情况。" + ideo[:10]),
    ]), "wrapped.pdf")
    texts = [r.cells[0] for r in doc.rows]
    assert len(texts) == 2, texts
    assert texts[0].startswith("2. 依申请公开情况。")
    assert texts[0].endswith("公受理依申请公开1892 件，已答复 1998 件。")
    assert texts[1].startswith("3. 政府信息管理情况。")


def test_paragraph_hanging_punctuation_does_not_move_the_right_margin():
    # a line whose closing "，" hangs past the margin (标点溢出边界) must not make the other
    # full lines (left-aligned: up to one ideograph short) look like paragraph ends
    ideo = "政务" * 30
    doc = read(_body_lines([
        (71.0, ideo[:45] + "，"),  # 45 ideographs reach the margin, the comma hangs past it
        (50.0, ideo[:46]),  # one ideograph short of the margin: the next one did not fit
        (50.0, ideo[:47]),
        (50.0, "结束。"),
    ]), "hanging.pdf")
    assert [r.cells[0] for r in doc.rows] == [ideo[:45] + "，" + ideo[:46] + ideo[:47] + "结束。"]


def _lone_glyph_grid(mark: str) -> bytes:
    buf, c, font = _cjk_canvas()
    xs, ys = [50, 200, 300, 400], [700, 680, 660]
    c.setLineWidth(0.5)
    for y in ys:
        c.line(xs[0], y, xs[-1], y)
    for x in xs:
        c.line(x, ys[0], x, ys[-1])
    c.setFont(font, 9)
    for x, text in zip(xs, ("信息内容", "本年制发件数", "本年废止件数")):
        c.drawString(x + 4, 686, text)
    for x, text in zip(xs, ("规章", mark, "12")):
        c.drawString(x + 4, 666, text)
    c.save()
    return buf.getvalue()


# The same PDF read in a fresh process whose pdfium looks for fonts in one folder only
# (FPDF_LIBRARY_CONFIG.m_pUserFontPaths): which stand-in fonts exist is set by the test,
# not by what the machine has installed.
READ_WITH_FONTS = """
    import ctypes, json, sys
    import pypdfium2.raw as pdfium_c
    from pypdfium2 import _library_scope
    from pypdfium2.internal import bases

    folder, pdf = sys.argv[1], sys.argv[2]
    _library_scope.destroy_lib()
    name = ctypes.create_string_buffer(folder.encode())
    paths = (ctypes.POINTER(ctypes.c_char) * 2)(ctypes.cast(name, ctypes.POINTER(ctypes.c_char)), None)
    pdfium_c.FPDF_InitLibraryWithConfig(pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(ctypes.POINTER(ctypes.c_char))),
        m_pIsolate=None, m_v8EmbedderSlot=0))
    bases.LIBRARY_AVAILABLE = True
    from ingest.readers import read
    doc = read(open(pdf, "rb").read(), pdf)
    print(json.dumps({"rows": [r.cells for r in doc.rows], "issues": [[i.code, i.message] for i in doc.issues]}))
"""
CJK_FONTS = ("NotoSansCJK-Regular.ttc", "NotoSerifCJK-Regular.ttc", "wqy-zenhei.ttc", "uming.ttc")


def _read_with_fonts(tmp_path: Path, data: bytes, fonts: list[Path]) -> tuple[list, list]:
    folder = tmp_path / "fonts"
    folder.mkdir(exist_ok=True)
    for font in fonts:
        (folder / font.name).symlink_to(font)
    pdf = tmp_path / "lone.pdf"
    pdf.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(READ_WITH_FONTS), str(folder), str(pdf)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return out["rows"], out["issues"]


def _regulation_row(rows: list) -> list:
    return next(r for r in rows if r and r[0] == "规章")


def test_lone_cjk_glyph_without_a_stand_in_font_is_flagged_never_silently_blank(tmp_path):
    # pdfium measures a text run from its glyph boxes; a font that is not embedded and has
    # no installed stand-in for CJK gives a one-glyph run ("无") zero width and leaves it
    # out of the text layer. The cell then reads blank; the reader must say so.
    rows, issues = _read_with_fonts(tmp_path, _lone_glyph_grid("无"), fonts=[])
    assert _regulation_row(rows) == ["规章", "", "12"]
    flagged = [message for code, message in issues if code == "pdf.text_not_extractable"]
    assert len(flagged) == 1 and flagged[0].startswith("1 table cells"), issues


def test_lone_cjk_glyph_with_a_stand_in_font_is_read(tmp_path):
    installed = sorted(p for name in CJK_FONTS for p in Path("/usr/share/fonts").rglob(name))
    if not installed:
        pytest.skip("no CJK font installed (apt: fonts-noto-cjk, fonts-wqy-zenhei or fonts-arphic-uming)")
    rows, issues = _read_with_fonts(tmp_path, _lone_glyph_grid("无"), fonts=installed[:1])
    assert _regulation_row(rows) == ["规章", "无", "12"]
    assert [code for code, _ in issues if code == "pdf.text_not_extractable"] == []


def test_cjk_glyph_with_a_space_reads_without_any_stand_in_font(tmp_path):
    # two glyphs (or a glyph and a space, as the generator draws a lone mark) always read
    rows, issues = _read_with_fonts(tmp_path, _lone_glyph_grid("无 "), fonts=[])
    assert _regulation_row(rows) == ["规章", "无", "12"]
    assert [code for code, _ in issues if code == "pdf.text_not_extractable"] == []


@pytest.mark.parametrize("seed", [3, 8, 21, 34])
def test_generated_pdf_narrative_reads_like_the_truth(seed):
    """Section 一 of a generated PDF: each wrapped paragraph is one row again, and the
    figures stated in it read as the truth has them (no narrative false alarm)."""
    from ingest.generator.render import render
    from ingest.generator.truth import make_truth
    from ingest.parse import parse_bytes

    truth = make_truth(seed)
    data, _info = render(truth, "grid", "pdf")
    doc = read(data, "gen.pdf")
    texts = [r.cells[0] for r in doc.rows if r.table is None]
    start = next(k for k, t in enumerate(texts) if "总体情况" in t)
    end = next(k for k, t in enumerate(texts) if "主动公开政府信息情况" in t)
    assert end - start > 1
    for para in texts[start + 1:end]:
        assert para.endswith("。"), para  # a paragraph is never cut at a line end
    got = parse_bytes(data, "gen.pdf")
    want = truth.to_dict(path="gen.pdf", fmt="pdf", layout={})["narrative"]
    assert got.narrative == want
    assert not [r for r in got.identities if r.id.startswith("narrative_") and r.status == "fail"
                and r.id not in {f["id"] for f in truth.failures}]
