"""OCR reader (ingest/readers/scan.py) and the identities' arbitration (ingest/ocr_check.py).

The only OCR work here is one committed page (tests/fixtures/scans/t3_page.jpg: page 2 of a
generated report printed by LibreOffice, 150 dpi, turned, blurred, noised, JPEG), read once
per module; everything else runs on small synthetic images without OCR.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from ingest import codes
from ingest.model import Cell
from ingest.ocr_check import CONFIDENT, settle
from ingest.parse import parse_bytes
from ingest.readers import UnreadableError, is_later_page
from ingest.readers import _scan_image as im
from ingest.readers import _scan_marks as marks
from ingest.readers import scan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "scans"
RENDERED = Path(__file__).resolve().parent / "fixtures" / "rendered"


@pytest.fixture(scope="module")
def page_report():
    data = (FIXTURES / "t3_page.jpg").read_bytes()
    truth = json.loads((FIXTURES / "t3_page.truth.json").read_text(encoding="utf-8"))
    return parse_bytes(data, "t3_page.jpg"), truth


def test_scanned_page_reads_table_3_exactly_or_says_missing(page_report):
    report, truth = page_report
    assert report.format == "image"
    expected = {(c["outcome"], c["applicant"]): (c["value"], c["state"]) for c in truth["applications"]}
    read = [c for c in report.cells if c.table == "applications" and c.ocr is not None]
    exact = [c for c in read if c.state != "missing" and (c.value, c.state) == expected[(c.key, c.sub)]]
    wrong = [c for c in read if c.state != "missing" and (c.value, c.state) != expected[(c.key, c.sub)]]
    assert wrong == []
    # the page holds rows new_received … （四）1 of table 3: 12 rows of 7 cells
    assert len(read) >= 70 and len(exact) >= 0.9 * len(read)
    # what the truth says of the first two rows, by hand: new_received all 0, carried_over 0 0 0 1 1 0 2
    first = {c.sub: c.value for c in report.cells if c.key == "carried_over" and c.state == "number"}
    assert first.get("total") == 2 and first.get("social_welfare_org") == 1


def test_ocr_cells_carry_text_seen_and_confidence(page_report):
    report, _ = page_report
    for c in report.cells:
        if c.ocr is None:
            continue
        seen, conf = c.ocr
        assert 0.0 <= conf <= 1.0
        assert c.raw == seen  # raw keeps what OCR read
    codes_seen = {i.code for i in report.issues}
    assert "ocr.read" in codes_seen
    doubtful = [c for c in report.cells if c.ocr is not None and c.ocr[1] < CONFIDENT]
    findings = [i for i in report.issues
                if i.code in ("ocr_unsure", "ocr_corrected_by_identity") and "OCR read" in i.message]
    assert len(findings) == len(doubtful)
    for i in report.issues:
        if i.code == "ocr_unsure":
            key = i.message.split(":")[0].split("/")
            cell = next(c for c in report.cells if [c.table, c.key, c.sub] == key)
            assert cell.state == "missing"


def test_page_was_deskewed(page_report):
    report, _ = page_report
    turned = [i for i in report.issues if i.code == "ocr.deskewed"]
    assert turned and "page 1" in turned[0].message


# --------------------------------------------------------------------------- the identities arbitrate


def _t3(values: dict[str, list[int]]) -> list[Cell]:
    cells = []
    for outcome in codes.T3_OUTCOMES:
        row = values.get(outcome, [0] * 7)
        for applicant, v in zip(codes.APPLICANTS, row):
            cells.append(Cell("applications", outcome, applicant, v, "number", str(v), ocr=(str(v), 0.99)))
    return cells


def _one(cells, outcome, applicant) -> Cell:
    return next(c for c in cells if c.key == outcome and c.sub == applicant)


def _table(granted_np: int = 3) -> dict[str, list[int]]:
    # natural_person 3 granted + 1 not_held = 4 results; new 5, carried 0, forward 1
    return {
        "new_received": [5, 0, 0, 0, 0, 0, 5],
        "granted": [granted_np, 0, 0, 0, 0, 0, granted_np],
        "unavailable.not_held": [1, 0, 0, 0, 0, 0, 1],
        "results_total": [4, 0, 0, 0, 0, 0, 4],
        "carried_forward": [1, 0, 0, 0, 0, 0, 1],
    }


def test_low_confidence_digit_settled_by_several_identities_is_corrected():
    cells = _t3(_table())
    c = _one(cells, "granted", "natural_person")
    c.value, c.raw, c.ocr = 8, "8", ("8", 0.41)  # 3 misread as 8, unsure
    issues = settle(cells)
    assert (c.value, c.state, c.raw) == (3, "number", "8")
    assert [i.code for i in issues] == ["ocr_corrected_by_identity"]
    assert "t3_results_sum(natural_person)" in issues[0].message and "t3_row_total(granted)" in issues[0].message


def test_cells_settled_by_the_identities_settle_others():
    cells = _t3(_table())
    a = _one(cells, "granted", "natural_person")
    b = _one(cells, "granted", "total")
    c = _one(cells, "results_total", "natural_person")
    for cell in (a, b, c):
        cell.ocr = (cell.raw, 0.5)  # three unsure cells that only fix each other
    a.value, a.raw = 8, "8"
    a.ocr = ("8", 0.5)
    issues = settle(cells)
    # results_total(np) is solved by t3_balance (5 + 0 - 1 = 4) and t3_row_total: accepted;
    # then granted(np) by the column sum: 3; then granted(total) by its row: 3
    assert (c.value, c.state) == (4, "number")
    assert (a.value, a.state) == (3, "number")
    assert (b.value, b.state) == (3, "number")
    assert {i.code for i in issues} == {"ocr_corrected_by_identity"}


def test_disagreeing_identities_leave_the_cell_missing_with_the_text_seen():
    cells = _t3(_table())
    _one(cells, "granted", "total").value = 4  # the report itself breaks t3_row_total(granted)
    c = _one(cells, "granted", "natural_person")
    c.value, c.raw, c.ocr = 8, "8", ("B", 0.3)
    issues = settle(cells)
    assert (c.value, c.state, c.raw) == (None, "missing", "B")
    assert [i.code for i in issues] == ["ocr_unsure"] and "'B'" in issues[0].message


def test_a_row_of_doubtful_zeros_whose_total_is_zero_is_settled():
    # 000672 at 200 dpi: every 0 of a row read half as `o` (0.78-0.88); none can be solved
    # alone, but the row total is a certain 0 and counts are never negative
    cells = _t3(_table())
    row = [c for c in cells if c.key == "denied.enforcement_file" and c.sub != "total"]
    for c in row:
        c.ocr = ("o", 0.8)
    issues = settle(cells)
    assert all((c.value, c.state) == (0, "number") for c in row)
    assert {i.code for i in issues} == {"ocr_corrected_by_identity"}
    assert "t3_row_total(denied.enforcement_file) with every count ≥ 0" in issues[0].message


def test_a_bound_gives_zero_only_when_the_certain_cells_balance_the_equation():
    from ingest.ocr_check import _zero_by_bound

    cells = {k: Cell("applications", "new_received", k, v, st) for k, v, st in [
        ("natural_person", None, "missing"), ("other_org", None, "missing"), ("legal_service_org", 2, "number"),
        ("total", 2, "number"), ("total5", 5, "number")]}
    idx = {("applications", "new_received", k): c for k, c in cells.items()}
    key = ("applications", "new_received", "natural_person")
    parts = tuple(("applications", "new_received", k) for k in ("natural_person", "other_org", "legal_service_org"))
    assert _zero_by_bound(key, parts, (("applications", "new_received", "total"),), idx)  # 2 = ? + ? + 2
    assert not _zero_by_bound(key, parts, (("applications", "new_received", "total5"),), idx)  # 5 = ? + ? + 2
    # the unknown on the other side: nothing is bounded
    assert not _zero_by_bound(key, parts[:1] + parts[2:], (("applications", "new_received", "other_org"),), idx)


def test_one_identity_only_confirms_the_digits_read():
    t4 = [Cell("review_litigation", p, o, 1 if o == "upheld" else 0, "number", "0", ocr=("0", 0.99))
          for p, o in codes.T4_CELLS]
    for c in t4:
        if c.key == "administrative_review" and c.sub == "total":
            c.value = 1
    upheld = next(c for c in t4 if c.key == "administrative_review" and c.sub == "upheld")
    upheld.value, upheld.ocr = 7, ("7", 0.6)  # t4_total alone says 1: not the reading, not settled
    assert [i.code for i in settle(t4)] == ["ocr_unsure"]
    assert upheld.state == "missing"
    upheld.value, upheld.state, upheld.ocr = 1, "number", ("1", 0.6)
    assert [i.code for i in settle(t4)] == ["ocr_corrected_by_identity"]
    assert (upheld.value, upheld.state) == (1, "number")


def test_a_blank_the_mapper_inferred_on_a_scan_is_missing():
    cells = _t3(_table())
    inferred = _one(cells, "carried_over", "other_org")
    inferred.value, inferred.state, inferred.raw, inferred.ocr = None, "blank", "", None
    seen_blank = _one(cells, "carried_over", "natural_person")
    seen_blank.value, seen_blank.state, seen_blank.raw, seen_blank.ocr = None, "blank", "", ("", 1.0)
    issues = settle(cells)
    assert inferred.state == "missing" and seen_blank.state == "blank"
    assert [i.code for i in issues] == ["ocr_unsure"] and "no reading" in issues[0].message


def test_a_number_read_outside_the_value_cell_pass_is_missing():
    # table 2 of a scan whose value columns were not found: the free reading of `／` was 7,
    # with no confidence checked; it is not stated as read
    cells = _t3(_table())
    unchecked = Cell("proactive", "regulation", "issued", 7, "number", "7", ocr=None)
    issues = settle([*cells, unchecked])
    assert (unchecked.value, unchecked.state) == (None, "missing")
    assert [i.code for i in issues] == ["ocr_unsure"] and "'7'" in issues[0].message


def _grid(rows: list[list[str]], xs: list[float], top: float = 0.0, h: float = 20.0):
    from ingest.readers.geometry import Grid
    from ingest.readers._pdf_layout import GridRow

    return Grid(xs=xs, rows=[GridRow(cells=list(r), top=top + k * h, bottom=top + (k + 1) * h,
                                     covered_above=[False] * len(r)) for k, r in enumerate(rows)])


def test_values_with_a_unit_make_a_value_column():
    # table 2 printed `4件`: the column holds values, so `／` above it is read digits-only
    grid = _grid([["信息内容", "本年制发件数", "本年废止件数"], ["规章", "7", ""], ["行政规范性文件", "4件", "4件"]],
                 [0, 100, 200, 300])
    assert scan._value_columns(grid) == [1, 2]


def test_a_detected_box_read_as_nothing_is_not_a_blank():
    # detection boxed the faint `／` of a cell, recognition read nothing: the cell is unsure,
    # never a blank seen with confidence 1
    pt = 1.0
    grid = _grid([["信息内容", "本年制发件数"], ["规章", ""], ["行政规范性文件", "4件"]], [0, 100, 200])
    ink = np.zeros((60, 200), np.uint8)
    ink[25:35, 140:150] = 255
    ink[45:55, 140:150] = 255
    boxes = [(135, 22, 160, 38), (135, 42, 160, 58)]
    readings = [ocr_reading("", 1.0), ocr_reading("4件", 0.99)]
    scan._read_values(grid, np.full((60, 200), 255, np.uint8), ink, pt, boxes, readings)
    assert grid.rows[1].ocr[1] == ("", 0.0)
    assert grid.rows[2].ocr[1] == ("4件", 0.99)


def test_a_box_detected_on_noise_does_not_make_the_value_unsure():
    # detection boxed a speck beside the `0` (nothing recognised, no ink): the `0` stands
    grid = _grid([["信息内容", "本年制发件数"], ["其他对外管理服务事项", "0"]], [0, 100, 200])
    ink = np.zeros((40, 200), np.uint8)
    ink[25:35, 140:148] = 255
    boxes = [(135, 22, 152, 38), (170, 24, 180, 36)]
    readings = [ocr_reading("0", 0.99), ocr_reading("", 1.0)]
    scan._read_values(grid, np.full((40, 200), 255, np.uint8), ink, 1.0, boxes, readings)
    assert grid.rows[1].cells[1] == "0" and grid.rows[1].ocr[1] == ("0", 0.99)


def test_a_value_wrapped_in_a_narrow_cell_is_read_line_by_line():
    # 000714 at 200 dpi: `248` printed as `24` over `8`; boxes taken left to right made it
    # 824, stated with confidence 0.99
    grid = _grid([["信息内容", "本年新收"], ["一、本年新收政府信息公开申请数量", "824"]], [0, 100, 200], h=40.0)
    ink = np.zeros((80, 200), np.uint8)
    ink[44:56, 110:140] = ink[62:74, 110:122] = 255
    boxes = [(108, 60, 124, 76), (108, 42, 142, 58)]  # the `8` first, as detection gave them
    readings = [ocr_reading("8", 0.99), ocr_reading("24", 1.0)]
    scan._read_values(grid, np.full((80, 200), 255, np.uint8), ink, 1.0, boxes, readings)
    assert grid.rows[1].cells[1] == "248" and grid.rows[1].ocr[1] == ("248", 0.99)


def test_two_boxes_over_the_same_glyphs_are_read_once(monkeypatch):
    # detection gave `78` and, over its second glyph, `8`: joined they were 788
    grid = _grid([["信息内容", "本年新收"], ["一、本年新收政府信息公开申请数量", "788"]], [0, 100, 200])
    ink = np.zeros((40, 200), np.uint8)
    ink[24:36, 120:160] = 255
    boxes = [(118, 22, 162, 38), (145, 23, 165, 37)]
    crops = []
    monkeypatch.setattr(scan.ocr, "recognise", lambda gray, bs: crops.extend(bs) or [ocr_reading("78", 0.98)])
    scan._read_values(grid, np.full((40, 200), 255, np.uint8), ink, 1.0, boxes,
                      [ocr_reading("78", 1.0), ocr_reading("8", 0.99)])
    assert crops == [(118, 22, 165, 38)]  # the line read once, as one crop
    assert grid.rows[1].cells[1] == "78" and grid.rows[1].ocr[1] == ("78", 0.98)


def test_a_label_detection_missed_is_read_from_its_crop(monkeypatch):
    # 000728 at 200 dpi: detection found no text in 二、上年结转政府信息公开申请数量 (one line
    # squeezed between two rules), so its row of values had no label and was lost
    grid = _grid([["一、本年新收政府信息公开申请数量", "1"], ["", "0"], ["", ""]], [0, 100, 200])
    ink = np.zeros((60, 200), np.uint8)
    ink[24:36, 10:90] = 255  # the label's ink, row 2
    ink[24:36, 140:148] = 255
    ink[44:56, 10:90] = 255  # ink in a row without values: not looked at
    boxes = [(135, 2, 150, 18), (135, 22, 150, 38)]
    crops = []
    monkeypatch.setattr(scan.ocr, "recognise",
                        lambda gray, bs: crops.extend(bs) or [ocr_reading("二、上年结转政府信息公开申请数量", 0.89)])
    scan._read_values(grid, np.full((60, 200), 255, np.uint8), ink, 1.0, boxes,
                      [ocr_reading("1", 1.0), ocr_reading("0", 0.99)])
    assert len(crops) == 1 and crops[0][1] >= 20 and crops[0][3] <= 40
    assert [r.cells[0] for r in grid.rows] == ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", ""]


def test_a_glyph_of_table_4s_heads_read_as_a_digit_is_no_value():
    # 000280 at 150 dpi: a glyph of the heads printed one glyph a line was read `1` (0.62):
    # 16 values for 15 columns, and the columns under the heads were taken for label columns
    heads = ["结", "结果纠正", "其", "尚", "", "1", "其巢", ""]
    grid = _grid([heads, ["0"] * 8], [float(20 * k) for k in range(9)])
    ink = np.zeros((40, 160), np.uint8)
    boxes, readings = [], []
    for j in range(8):
        ink[24:36, 20 * j + 6:20 * j + 12] = 255
        boxes.append((20 * j + 4, 22, 20 * j + 14, 38))
        readings.append(ocr_reading("0", 0.99))
    scan._read_values(grid, np.full((40, 160), 255, np.uint8), ink, 1.0, boxes, readings)
    assert grid.rows[0].cells[5] == ""
    assert grid.rows[1].ocr == [("0", 0.99)] * 8
    assert not scan._head_row(_grid([["行政许可", "14"]], [0, 100, 200]).rows[0])
    assert not scan._head_row(_grid([["（三）不予公开", "1.属于国家秘密", "丨", "0", "0"]], [0, 1, 2, 3, 4, 5]).rows[0])


def ocr_reading(text: str, conf: float):
    from ingest.readers._ocr_engine import Reading

    return Reading(text, conf, text, conf)


def test_confident_cells_are_left_alone():
    cells = _t3(_table())
    assert settle(cells) == []
    assert all(c.state == "number" for c in cells)


# --------------------------------------------------------------------------- images without OCR


def _png(w: int, h: int, mode: str = "L", **save) -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h), 255 if mode == "L" else 1).save(buf, format=save.pop("format", "PNG"), **save)
    return buf.getvalue()


def test_multi_page_tiff_is_one_report_in_page_order():
    frames = [Image.new("L", (120, 80 + 10 * k), 255) for k in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:], dpi=(200, 200))
    pages = im.decode_images(buf.getvalue(), "r.tif")
    assert [p.gray.shape for p in pages] == [(80, 120), (90, 120), (100, 120)]
    assert pages[0].dpi == pytest.approx(200)


def test_page_images_named_p1_p2_make_one_report(tmp_path):
    for n, h in ((1, 100), (2, 110), (3, 120)):
        Image.new("L", (100, h), 255).save(tmp_path / f"报告.p{n}.png")
    later = scan._later_pages(tmp_path / "报告.p1.png", "报告")
    assert [p.gray.shape[0] for p in later] == [110, 120]
    assert not is_later_page("报告.p1.png") and is_later_page("报告.p2.png") and is_later_page("a/b.P12.JPG")
    assert not is_later_page("report.p2.txt") and not is_later_page("plain.png")
    (tmp_path / "报告.p2.png").unlink()
    with pytest.raises(UnreadableError) as err:
        scan._later_pages(tmp_path / "报告.p1.png", "报告")
    assert err.value.code == "unreadable.page_gap" and "报告.p2.png" in err.value.message


def test_deskew_finds_the_angle_of_a_turned_page():
    page = np.full((900, 700), 255, np.uint8)
    for y in range(100, 800, 40):
        cv2.line(page, (80, y), (620, y), 0, 2)
    m = cv2.getRotationMatrix2D((350, 450), 1.5, 1.0)
    turned = cv2.warpAffine(page, m, (700, 900), borderValue=255)
    assert abs(abs(im.skew_angle(turned)) - 1.5) <= 0.1
    straight, angle = im.deskew(turned)
    assert abs(im.skew_angle(straight)) <= 0.15


def test_rules_of_a_drawn_grid_and_no_rule_from_a_glyph_stroke():
    page = np.full((600, 800), 255, np.uint8)
    for y in (100, 200, 300):
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 300, 700):
        cv2.line(page, (x, 100), (x, 300), 0, 2)
    cv2.line(page, (500, 220), (500, 265), 0, 3)  # a long glyph stroke inside a cell
    cv2.putText(page, "12", (400, 170), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    pt = 72 / 200
    hsegs, vsegs, mask = im.rules(im.ink_mask(page), pt)
    assert sorted(round(s.pos / pt) for s in hsegs) == [100, 200, 300]
    assert sorted(round(s.pos / pt) for s in vsegs) == [100, 300, 700]
    clean = im.erase(page, mask)
    assert clean[150, 400:470].min() < 128  # the digits stay
    assert clean[100, 150:650].min() > 128  # the rule is gone


@pytest.mark.parametrize("name, data, code, words", [
    ("empty.png", b"", "unreadable.empty", "empty"),
    ("garbage.jpg", b"\xff\xd8\xff" + b"\0" * 200, "unreadable.corrupt", "not a readable image"),
    ("tiny.png", _png(20, 20), "unreadable.image_too_small", "20×20"),
])
def test_unreadable_images_have_a_reason(name, data, code, words):
    report = parse_bytes(data, name)
    issue = report.issues[0]
    assert report.parse_status == "failed"
    assert issue.code == code and words in issue.message and issue.message.startswith(name + ":")


def test_decompression_bomb_is_refused_before_decoding():
    data = bomb_png(40_000, 40_000)
    report = parse_bytes(data, "bomb.png")
    assert report.parse_status == "failed"
    issue = report.issues[0]
    assert issue.code == "unreadable.image_too_large" and issue.message.startswith("bomb.png:")
    assert "60 Mpx" in issue.message and "decompression bomb" in issue.message


def test_huge_tiff_is_refused():
    report = parse_bytes(huge_tiff(), "huge.tif")
    assert report.issues[0].code == "unreadable.image_too_large" and "huge.tif" in report.issues[0].message


def test_pdf_of_500_blank_image_pages_is_refused_with_the_page_limit():
    report = parse_bytes(blank_pages_pdf(500), "blank500.pdf")
    issue = report.issues[0]
    assert issue.code == "unreadable.too_many_pages"
    assert "500 pages" in issue.message and str(im.MAX_PAGES) in issue.message and "blank500.pdf" in issue.message


def test_blank_scan_is_unreadable_with_a_reason():
    report = parse_bytes(blank_pages_pdf(1), "blank.pdf")
    issue = report.issues[0]
    assert issue.code == "unreadable.blank_scan" and "without any text" in issue.message


# Hostile images, shared with tests/test_bad_inputs.py.


def bomb_png(w: int, h: int) -> bytes:
    """A PNG whose header claims w×h pixels: a few hundred bytes on disk."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def huge_tiff() -> bytes:
    """A 1-bit TIFF of 9,000 × 9,000 pixels (81 Mpx), small on disk (blank, compressed)."""
    buf = io.BytesIO()
    Image.new("1", (9000, 9000), 1).save(buf, format="TIFF", compression="group4")
    return buf.getvalue()


def blank_pages_pdf(n: int) -> bytes:
    buf = io.BytesIO()
    pages = [Image.new("L", (100, 140), 255) for _ in range(n)]
    pages[0].save(buf, format="PDF", save_all=True, append_images=pages[1:], resolution=20)
    return buf.getvalue()


def test_junk_text_layer_over_page_images_goes_to_ocr():
    from ingest.readers.geometry import Char, PageGeometry
    from ingest.readers.pdf import _scanned

    def page(text: str) -> PageGeometry:
        return PageGeometry(1, 595, 842, [Char(c, 10 * k, 10, 10 * k + 9, 20) for k, c in enumerate(text)])

    report_text = "一、本年新收政府信息公开申请数量" * 3
    assert _scanned([page("")], [1])
    assert _scanned([page("")], [0])  # no text at all: nothing to read but the page rendered
    assert _scanned([page("~!@#$%^&*()_+ABCDEFG hijklmnop qrstuvwx yz0123456789")], [1])  # scanner junk
    assert _scanned([page("abc")], [1])  # a few chars on a page image
    assert not _scanned([page(report_text)], [1])  # a real layer over a logo image
    assert not _scanned([page("abc")], [0])  # no page image: a (short) text PDF
    assert not _scanned([page(report_text), page("abc")], [1, 0])  # one page without an image


def test_glyph_strokes_in_line_across_two_rows_are_not_a_rule():
    # rows 100-150 and 150-200: the same label printed in both puts a glyph's vertical
    # stroke (x=400, crossed by its horizontal strokes) in line across the rule between them
    page = np.full((400, 800), 255, np.uint8)
    for y in (100, 150, 200):
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 300, 700):
        cv2.line(page, (x, 100), (x, 200), 0, 2)
    cv2.line(page, (400, 104), (400, 196), 0, 2)
    for y in (112, 124, 136, 164, 176, 188):
        cv2.line(page, (388, y), (412, y), 0, 2)
    pt = 72 / 200
    hsegs, vsegs, mask = im.rules(im.ink_mask(page), pt)
    assert sorted(round(s.pos / pt) for s in vsegs) == [100, 300, 700]
    assert im.erase(page, mask)[112:190, 400].min() < 128  # the strokes stay, to be read as text


def test_a_glyph_stroke_running_on_from_a_rule_is_cut_off_and_the_rule_kept():
    # table 4's vertical heads: a stroke of the text in the row above (复议后起诉) in line
    # with a rule below it, so the run does not end on a rule; the rule is the part from
    # one horizontal rule to the next
    page = np.full((400, 800), 255, np.uint8)
    for y in (100, 150, 300):
        cv2.line(page, (100, y), (700, y), 0, 2)
    for x in (100, 700):
        cv2.line(page, (x, 100), (x, 300), 0, 2)
    cv2.line(page, (500, 150), (500, 300), 0, 2)
    cv2.line(page, (500, 118), (500, 150), 0, 2)  # the glyph's stroke
    cv2.line(page, (480, 125), (520, 125), 0, 2)
    pt = 72 / 200
    hsegs, vsegs, _ = im.rules(im.ink_mask(page), pt)
    rule = [s for s in vsegs if abs(s.pos / pt - 500) <= 2]
    assert len(rule) == 1 and abs(rule[0].a0 / pt - 150) <= 3 and abs(rule[0].a1 / pt - 300) <= 3


# --------------------------------------------------------------------------- not-applicable marks by shape


def _cell(draw) -> np.ndarray:
    crop = np.zeros((36, 290), np.uint8)  # a value cell at 200 dpi, ink = 255, rules erased
    draw(crop)
    return crop


@pytest.mark.parametrize("name, draw, mark", [
    ("hyphen blurred to a bar", lambda c: cv2.rectangle(c, (15, 16), (22, 19), 255, -1), "—"),
    ("short hyphen, 6×4 px", lambda c: cv2.rectangle(c, (13, 19), (18, 22), 255, -1), "—"),
    ("em dash", lambda c: cv2.line(c, (15, 18), (45, 18), 255, 2), "—"),
    ("a middle dot", lambda c: cv2.rectangle(c, (20, 17), (22, 19), 255, -1), None),
    ("slash", lambda c: cv2.line(c, (16, 32), (27, 11), 255, 3), "/"),
    ("upright 1", lambda c: cv2.line(c, (20, 8), (20, 30), 255, 3), None),
    ("7: a bar and a stem", lambda c: (cv2.line(c, (14, 9), (28, 9), 255, 3), cv2.line(c, (28, 9), (19, 31), 255, 3)), None),
    ("0: a ring", lambda c: cv2.ellipse(c, (20, 19), (6, 11), 0, 0, 360, 255, 2), None),
    ("two glyphs", lambda c: (cv2.line(c, (16, 18), (24, 18), 255, 2), cv2.line(c, (40, 8), (40, 30), 255, 3)), None),
    ("a rule's remnant along the bottom", lambda c: cv2.line(c, (10, 33), (270, 33), 255, 2), None),
    ("a dash against the rule above", lambda c: cv2.line(c, (15, 1), (40, 1), 255, 2), None),
    ("a dot", lambda c: cv2.rectangle(c, (20, 28), (22, 30), 255, -1), None),
])
def test_not_applicable_marks_by_shape(name, draw, mark):
    assert marks.mark_of(_cell(draw), 72 / 200) == mark, name


@pytest.mark.parametrize("fixture, mark", [("000152", "/"), ("000156", "—")])
def test_marks_of_table_2_on_a_committed_scan(fixture, mark):
    # table 2's row 规章 prints the not-applicable mark in its three value cells (the
    # report's truth: not_applicable; `／` in 000152, `-` in 000156): found by shape, and
    # no other cell of the table is taken for a mark
    import pypdfium2 as pdfium
    from ingest.readers._pdf_layout import find_grids

    path = RENDERED / "scan_150dpi_degraded" / f"{fixture}_lo_pdf_ruled.scan.pdf"
    truth = json.loads(path.with_name(path.name + ".truth.json").read_text(encoding="utf-8"))
    assert {c["state"] for c in truth["proactive"] if c["item"] == "regulation"} == {"not_applicable"}
    pdf = pdfium.PdfDocument(str(path))
    try:
        gray = pdf[0].render(scale=200 / 72, grayscale=True).to_numpy()
    finally:
        pdf.close()
    gray, _ = im.deskew(np.ascontiguousarray(gray[:, :, 0] if gray.ndim == 3 else gray))
    pt = 72 / 200
    ink = im.ink_mask(gray)
    hsegs, vsegs, mask = im.rules(ink, pt)
    ink = np.where(mask > 0, 0, ink).astype(np.uint8)
    grid = find_grids(hsegs, vsegs, [])[0][0]  # table 2, the first table of page 1
    found = []
    for i, r in enumerate(grid.rows):
        for j in range(grid.ncols):
            x0, y0, x1, y1 = (round(grid.xs[j] / pt) + 2, round(r.top / pt) + 2,
                              round(grid.xs[j + 1] / pt) - 2, round(r.bottom / pt) - 2)
            if (m := marks.mark_of(ink[y0:y1, x0:x1], pt)) is not None:
                found.append((i, j, m))
    assert [m for _, _, m in found] == [mark] * 3
    assert len({i for i, _, _ in found}) == 1 and [j for _, j, _ in found] == [1, 2, 3]


def test_a_point_beside_a_value_is_left_out_and_the_value_unsure():
    grid = _grid([["行政规范性文件", "7.", "2"]], [0, 100, 200, 300])
    grid.rows[0].ocr = [None, ("7.", 0.73), ("2", 1.0)]
    scan._strip_points(grid.rows[0], 1)
    scan._strip_points(grid.rows[0], 2)
    assert grid.rows[0].cells[1:] == ["7", "2"] and grid.rows[0].ocr[1] == ("7.", 0.73)
    grid.rows[0].cells[1], grid.rows[0].ocr[1] = "7.", ("7.", 0.97)  # a point read with confidence
    scan._strip_points(grid.rows[0], 1)
    assert grid.rows[0].cells[1] == "7" and grid.rows[0].ocr[1] == ("7.", 0.0)


def test_a_mark_confirmed_by_shape_is_read_and_a_confident_digit_against_it_is_unsure():
    slash = _cell(lambda c: cv2.line(c, (16, 32), (27, 11), 255, 3))
    grid = _grid([["规章", "7", "1", "/"]], [0, 100, 200, 300, 400])
    row = grid.rows[0]
    row.ocr = [None, ("7", 0.88), ("1", 0.99), ("/", 0.61)]  # `／` read half as 7; a sure 1; a doubtful /
    for j in (1, 2, 3):
        scan._confirm_mark(row, j, slash, 72 / 200)
    assert row.cells[1:] == ["/", "1", "/"]
    assert row.ocr[1:] == [("7", marks.MARK_CONF), ("1", 0.0), ("/", marks.MARK_CONF)]
    blank = _grid([["规章", ""]], [0, 100, 200]).rows[0]
    blank.ocr = [None, ("", 1.0)]
    scan._confirm_mark(blank, 1, slash, 72 / 200)  # a blank seen without ink is not looked at again
    assert blank.cells[1] == "" and blank.ocr[1] == ("", 1.0)
