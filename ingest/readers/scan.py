"""OCR reader: scanned reports (image-only PDFs, JPEG / PNG / TIFF pages).

Per page: deskew (ingest/readers/_scan_image.py); ruling lines by morphology, then erased
so text detection never runs across a rule; text lines detected and recognised
(ingest/readers/_ocr_engine.py); a detected line that crosses a vertical rule is cut at the
rule. The recognised lines become chars with boxes and the rules become segments, in
points: the same page geometry the PDF text layer gives, laid out by the same code
(`geometry.read_pages`) and mapped by the same mapper.

Value cells: in a grid column whose cells are mostly values, each cell holding ink is read
again digits-only from the same forward pass (an `L` read for `1` becomes `1`); a cell with
ink that detection missed is recognised from its crop; a cell's boxes are read line by line;
a not-applicable mark the recogniser is unsure of is confirmed by its shape
(`_scan_marks.py`); a label cell detection missed in a row of values is read from its crop.
Every such cell carries (text as recognised, confidence) in `Row.ocr`; `ingest/ocr_check.py`
decides after mapping which low-confidence cells the identities settle and which stay
`missing` (a value without such a reading is never stated).

Which files make one report: a PDF is one report; an image file is one report, all pages of
a multi-page TIFF in order. Separate page images are one report only when named
`<stem>.p1.png`, `<stem>.p2.png`, … in one folder: the reader of `<stem>.p1.<ext>` reads
them in page order, and the later pages (`.p2` …) are skipped as parts of it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ingest.model import Issue, SourceDoc
from ingest.normalize import BLANK, NOT_APPLICABLE, parse_value
from ingest.ocr_check import CONFIDENT
from ingest.readers import PAGE_PART, UnreadableError
from ingest.readers import _ocr_engine as ocr
from ingest.readers import _scan_image as im
from ingest.readers import _scan_marks as marks
from ingest.readers.geometry import Char, Grid, PageGeometry, Seg, read_pages as lay_out

PDF_DPI = 200  # rasterisation of an image-only PDF page
LABEL_CONF = 0.8  # least character confidence of a label cell detection missed, read from its crop
_CJK = re.compile(r"[\u3400-\u9fff]")

def needs_ocr(path: str | Path) -> bool:
    """Is the file a scan this reader OCRs: an image, or an image-only PDF?"""
    from ingest.readers import format_of, pdf

    fmt = format_of(str(path))
    if fmt == "image":
        return True
    if fmt != "pdf":
        return False
    try:
        return pdf.is_scanned(Path(path).read_bytes())
    except Exception:  # a broken or hostile PDF: the raw load's reader quarantines it with the reason
        return False


def page_count(path: str | Path) -> int:
    """Pages a scan holds (for progress): PDF pages, image frames, a `.p1` series' images; 0 when unreadable."""
    import pypdfium2 as pdfium
    from PIL import Image

    path = Path(path)
    try:
        if path.suffix.lower() == ".pdf":
            pdf = pdfium.PdfDocument(str(path))
            try:
                return len(pdf)
            finally:
                pdf.close()
        with Image.open(path) as img:
            n = getattr(img, "n_frames", 1)
    except (OSError, ValueError, pdfium.PdfiumError, Image.DecompressionBombError):
        return 0  # unreadable or a decompression bomb: parse_file quarantines it with the reason
    m = PAGE_PART.match(path.stem)
    if m and int(m.group("n")) == 1:
        n += len(list(path.parent.glob(f"{glob_escape(m.group('stem'))}.p*{path.suffix}"))) - 1
    return n


def read(data: bytes, path: str) -> SourceDoc:
    """An image file (or the first of a `<stem>.pN.<ext>` series) → SourceDoc."""
    pages = im.decode_images(data, path)
    m = PAGE_PART.match(Path(path).stem)
    if m and int(m.group("n")) == 1:
        pages += _later_pages(Path(path), m.group("stem"))
    if len(pages) > im.MAX_PAGES:
        raise UnreadableError("unreadable.too_many_pages",
                              f"{len(pages)} page images; a report of more than {im.MAX_PAGES} "
                              "scanned pages is not OCR'd")
    return read_pages(pages, path, "image", len(pages))


def _later_pages(first: Path, stem: str) -> list[im.PageImage]:
    found: dict[int, Path] = {}
    for p in first.parent.glob(f"{glob_escape(stem)}.p*{first.suffix}"):
        m = PAGE_PART.match(p.stem)
        if m and m.group("stem") == stem and int(m.group("n")) > 1:
            found[int(m.group("n"))] = p
    pages: list[im.PageImage] = []
    for n in sorted(found):
        if n != len(pages) + 2:
            raise UnreadableError("unreadable.page_gap",
                                  f"{first}: page image {stem}.p{len(pages) + 2}{first.suffix} is absent "
                                  f"(pages {sorted(found)} found); the report is not read with a page missing")
        pages += im.decode_images(found[n].read_bytes(), str(found[n]))
    return pages


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def read_pdf_pages(pdf, path: str) -> SourceDoc:
    """An image-only PDF (pypdfium2 document) → SourceDoc, its pages rendered at PDF_DPI."""
    n = len(pdf)
    if n > im.MAX_PAGES:
        raise UnreadableError("unreadable.too_many_pages",
                              f"a scanned PDF of {n} pages; a report of more than {im.MAX_PAGES} "
                              "scanned pages is not OCR'd")
    return read_pages(_rendered(pdf, n), path, "pdf_scanned", n)


def _rendered(pdf, n: int):
    """The pages of an image-only PDF rendered at PDF_DPI, one at a time: a page's bitmap
    (3.7 MB at 200 dpi, a report may have 60) is freed once the page is read."""
    for i in range(n):
        page = pdf[i]
        try:
            w, h = page.get_size()
            scale = PDF_DPI / 72
            if w * h * scale * scale > im.MAX_PIXELS:
                scale = (im.MAX_PIXELS / (w * h)) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True).to_numpy()
            gray = np.array(bitmap[:, :, 0] if bitmap.ndim == 3 else bitmap)
            del bitmap
        finally:
            page.close()
        yield im.PageImage(gray, scale * 72)


def read_pages(pages: Iterable[im.PageImage], path: str, fmt: str, n_pages: int) -> SourceDoc:
    issues: list[Issue] = []
    seconds = 0.0
    inked = 0

    def geometries():
        nonlocal seconds, inked
        for number, page in enumerate(pages, 1):
            t0 = time.process_time()
            geo, angle = _ocr_page(page, number)
            seconds += time.process_time() - t0
            inked += bool(geo.chars)
            if abs(angle) >= 0.05:
                issues.append(Issue("warning", "ocr.deskewed", f"page {number} turned by {angle:.2f}° before OCR",
                                    f"page {number}"))
            yield geo  # laid out (and its value cells read) before the next page is OCR'd

    doc = lay_out(geometries(), fmt)
    if not inked:
        raise UnreadableError("unreadable.blank_scan",
                              f"scanned pages without any text (OCR found nothing on {n_pages} page(s))")
    doc.issues = [Issue("warning", "ocr.read", f"{n_pages} scanned page(s) read by OCR in {seconds:.1f} s CPU; "
                        "values carry their recognition confidence", None), *issues, *doc.issues]
    return doc


def _ocr_page(page: im.PageImage, number: int) -> tuple[PageGeometry, float]:
    """The page's geometry in points, its value cells read again when its tables are found;
    the angle the page was turned by."""
    gray, angle = im.deskew(page.gray)
    pt = page.pt
    ink = im.ink_mask(gray)
    hsegs, vsegs, rule_mask = im.rules(ink, pt)
    clean = im.erase(gray, rule_mask)
    ink = np.where(rule_mask > 0, 0, ink).astype(np.uint8)
    boxes = _cut_at_rules(ocr.detect(clean), vsegs, pt)
    readings = ocr.recognise(clean, boxes)
    chars: list[Char] = []
    for (x0, y0, x1, y1), r in zip(boxes, readings):
        chars += _chars_of(r.text, x0 * pt, y0 * pt, x1 * pt, y1 * pt)
    h, w = gray.shape
    return PageGeometry(number, w * pt, h * pt, chars, hsegs, vsegs,
                        table_pass=lambda grid: _read_values(grid, clean, ink, pt, boxes, readings)), angle


def _cut_at_rules(boxes, vsegs: list[Seg], pt: float):
    """Cut a detected text line where a vertical rule runs through it (text of two cells)."""
    out = []
    for x0, y0, x1, y1 in boxes:
        cuts = sorted(
            s.pos / pt for s in vsegs
            if x0 + 3 < s.pos / pt < x1 - 3 and s.a0 / pt <= (y0 + y1) / 2 <= s.a1 / pt
        )
        edges = [x0, *cuts, x1]
        for a, b in zip(edges, edges[1:]):
            if b - a >= 4:
                out.append((int(a), y0, int(b), y1))
    return out


def _chars_of(text: str, x0: float, top: float, x1: float, bottom: float) -> list[Char]:
    """A recognised line as chars with boxes: the line's width shared out, a CJK char
    counting twice a Latin one (digits and punctuation are half-width glyphs)."""
    text = text.strip()
    if not text:
        return []
    weights = [2.0 if _CJK.match(c) or ord(c) > 0xFF00 else 1.0 for c in text]
    unit = (x1 - x0) / sum(weights)
    out = []
    x = x0
    for c, wgt in zip(text, weights):
        out.append(Char(c, x, top, x + wgt * unit, bottom))
        x += wgt * unit
    return out


def _label(text: str | None) -> bool:
    """Chinese text that is not a value (`4件`, `无` and `12万元` are values, and `一`: a dash)."""
    return bool(text) and bool(_CJK.search(text)) and parse_value(text) is None and text.strip() != "一"


def _value_columns(grid: Grid) -> list[int]:
    """Columns that hold values: in the rows where a value was read, no label (Chinese text)
    in the column, and a label to its left (or a row of values only). Detection may have missed most of a column's
    values (or the page holds one data row under tall headers): one value in the grid
    is enough to tell data rows from header rows."""
    def value(text: str | None) -> bool:
        parsed = parse_value(text)
        return parsed is not None and parsed[1] != BLANK

    data = [r.cells for r in grid.rows if any(value(c) for c in r.cells)]
    # a label to the left in some data row, or a data row of values only (table 4's one row
    # under its headers, whose printed labels are the column heads)
    return [j for j in range(grid.ncols)
            if data and not any(_label(cells[j]) for cells in data)
            and any(any(_label(cells[k]) for k in range(j)) or not any(_label(c) for c in cells) for cells in data)]


def _read_values(grid: Grid, clean: np.ndarray, ink: np.ndarray, pt: float, boxes, readings) -> None:
    """Value cells of a grid read digits-only, each with its confidence (see module doc)."""
    heads = {i for i, row in enumerate(grid.rows) if _head_row(row)}
    for i in heads:
        # a glyph of a head printed one glyph a line, read as `1`: no value
        grid.rows[i].cells = [("" if c and not _label(c) else c) for c in grid.rows[i].cells]
    cols = _value_columns(grid)
    _read_missed_labels(grid, clean, ink, pt, boxes, set(cols))
    if not cols:
        return
    todo: list[tuple[int, int, tuple[int, int, int, int]]] = []
    cell_boxes: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for i, row in enumerate(grid.rows):
        row.ocr = row.ocr or [None] * grid.ncols
        if i in heads:
            continue
        for j in cols:
            text = row.cells[j]
            if text is None or _label(text):
                continue  # covered by a merged cell, or a label printed in a value column
            box = cell_boxes[(i, j)] = _cell_box(grid, row, j, pt)
            inside = [k for k, (x0, y0, x1, y1) in enumerate(boxes)
                      if box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3]]
            min_area = max(6, round(0.6 / pt) ** 2)
            # a box detection found on scanner noise: nothing recognised, no ink in it
            inside = [k for k in inside if readings[k].digits or im.has_ink(ink, *boxes[k], min_area=min_area)]
            if inside and im.has_ink(im.outside(ink, [boxes[k] for k in inside]), *box, min_area=min_area):
                # a glyph detection missed beside the ones it boxed (a letter-spaced "1 7"
                # detected as "7"): the cell's ink is read as one crop
                todo.append((i, j, im.ink_box(ink, *box) or box))
            elif inside:
                lines = _lines([boxes[k] for k in inside])
                order = [inside[m] for line in lines for m in line]
                seen = "".join(readings[k].text for k in order)
                digits = "".join(readings[k].digits for k in order)
                # a box detection found with nothing recognised in it is ink not read (a
                # faint `／`), never a blank
                conf = min(min(readings[k].digits_conf, 1.0) if readings[k].digits else 0.0 for k in order)
                if any(_overlap(boxes[inside[a]], boxes[inside[b]]) for line in lines for a, b in zip(line, line[1:])):
                    if len(lines) == 1:
                        # two boxes over the same glyphs (`78` and its `8`): read the line once
                        todo.append((i, j, _union([boxes[k] for k in inside])))
                        continue
                    conf = 0.0  # a wrapped value with doubled glyphs: what was printed is unsure
                row.cells[j] = digits
                row.ocr[j] = (seen, conf)
            elif im.has_ink(ink, *box, min_area=min_area):
                todo.append((i, j, im.ink_box(ink, *box) or box))
            else:
                row.cells[j], row.ocr[j] = "", ("", 1.0)  # no ink: blank, seen
    if todo:
        # ink that detection did not box: recognise the cell's crop
        extra = ocr.recognise(clean, [b for _, _, b in todo])
        for (i, j, _), r in zip(todo, extra):
            row = grid.rows[i]
            row.cells[j] = r.digits
            row.ocr[j] = (r.text, r.digits_conf if r.digits else 0.0)
    for (i, j), (x0, y0, x1, y1) in cell_boxes.items():
        _strip_points(grid.rows[i], j)
        _confirm_mark(grid.rows[i], j, ink[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)], pt)


def _head_row(row) -> bool:
    """Is the row a row of heads (table 4's 结果维持 … printed one glyph a line), whatever a
    stray glyph of them was read as: three labels or more, and more than 2/3 of its filled
    cells? A row of values has one or two labels (table 3's), or none (table 4's)."""
    filled = [c for c in row.cells if c]
    labels = sum(_label(c) for c in filled)
    return labels >= 3 and 3 * labels > 2 * len(filled)


def _cell_box(grid: Grid, row, j: int, pt: float) -> tuple[int, int, int, int]:
    """The inside of cell j of a grid row in pixels (x0, y0, x1, y1), across the columns it
    is merged over, 2 px in from its rules."""
    end = j + 1
    while end < grid.ncols and row.cells[end] is None and not row.covered_above[end]:
        end += 1
    return (round(grid.xs[j] / pt) + 2, round(row.top / pt) + 2,
            round(grid.xs[end] / pt) - 2, round(row.bottom / pt) - 2)


def _read_missed_labels(grid: Grid, clean: np.ndarray, ink: np.ndarray, pt: float, boxes, values: set[int]) -> None:
    """A label cell with ink where detection found no text (a one-line label squeezed between
    two rules: 000728's 二、上年结转政府信息公开申请数量, read at 0.89) is recognised from
    the crop of its ink, in the rows that hold values; the reading is taken when recognition
    is fairly sure of every character (LABEL_CONF): the mapper takes a label only when it
    matches one of the label table's."""
    todo = []
    for row in grid.rows:
        if not any(row.cells[j] for j in values):
            continue  # a header row (table 4's heads printed one glyph a line stay as they are)
        for j, text in enumerate(row.cells):
            if text != "" or j in values:
                continue
            box = _cell_box(grid, row, j, pt)
            if any(box[0] <= (x0 + x1) / 2 <= box[2] and box[1] <= (y0 + y1) / 2 <= box[3] for x0, y0, x1, y1 in boxes):
                continue
            if im.has_ink(ink, *box, min_area=max(6, round(0.6 / pt) ** 2)) and (crop := im.ink_box(ink, *box)):
                todo.append((row, j, crop))
    if todo:
        for (row, j, _), r in zip(todo, ocr.recognise(clean, [b for _, _, b in todo])):
            if r.text.strip() and r.conf >= LABEL_CONF:
                row.cells[j] = r.text.strip()


def _lines(boxes: list[tuple[int, int, int, int]]) -> list[list[int]]:
    """Indexes of boxes in reading order, by line: a value wrapped in a narrow cell (`24` over
    `8`) is read line by line, each left to right."""
    lines: list[list[int]] = []
    bottom = -1.0
    for k in sorted(range(len(boxes)), key=lambda k: (boxes[k][1] + boxes[k][3]) / 2):
        x0, y0, x1, y1 = boxes[k]
        if lines and (y0 + y1) / 2 <= bottom:
            lines[-1].append(k)
            bottom = max(bottom, y1)
        else:
            lines.append([k])
            bottom = y1
    return [sorted(line, key=lambda k: boxes[k][0]) for line in lines]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Do two boxes of one line share more than a third of the narrower one's width?"""
    return min(a[2], b[2]) - max(a[0], b[0]) > min(a[2] - a[0], b[2] - b[0]) / 3


def _union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _strip_points(row, j: int) -> None:
    """A `.` or `,` before or after a value's digits (`7.`: a speck, or a blot of the
    scan) is no part of the value: left out, the reading is unsure, so that the
    identities settle it or it stays missing; the row keeps its other values in place
    (a `7.` that is no value made its row two values for three columns)."""
    digits = row.cells[j] or ""
    core = digits.strip(".,")
    if core != digits and any(ch.isdigit() for ch in core):
        seen, conf = row.ocr[j]
        row.cells[j], row.ocr[j] = core, (seen, conf if conf < CONFIDENT else 0.0)


def _confirm_mark(row, j: int, cell_ink: np.ndarray, pt: float) -> None:
    """A not-applicable mark the recogniser was unsure of, confirmed by its shape
    (`_scan_marks`); a confident digit where the ink has a mark's shape becomes unsure."""
    seen, conf = row.ocr[j]
    digits = row.cells[j] or ""
    if not digits and conf >= CONFIDENT:
        return  # a blank seen (no ink)
    mark = marks.mark_of(cell_ink, pt)
    if mark is None:
        return
    if conf < CONFIDENT or parse_value(digits) == (None, NOT_APPLICABLE):
        row.cells[j], row.ocr[j] = mark, (seen, max(conf, marks.MARK_CONF))
    else:
        row.ocr[j] = (seen, 0.0)
