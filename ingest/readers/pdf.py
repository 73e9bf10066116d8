"""PDF reader: pypdfium2 for chars and ruling lines, own grid rebuilding (_pdf_layout).

Why pypdfium2 and not pdfplumber / PyMuPDF: see docs/pdf-library.md (measured: a 5-page
report in ~0.07 s including the import, against ~0.36 s for pdfplumber and ~1.7 s for
PyMuPDF's find_tables, whose licence is AGPL).

Per page: chars (NFKC-folded, with boxes) from the text page; rules from the path objects
(stroked segments, and filled rectangles thinner than 3 pt); ruled tables rebuilt from the
rules (merged cells -> None); the rest is free text, grouped into lines, with page numbers
dropped. Across pages: a table that continues on the next page keeps its table index and
the empty merged-label cells at the top of the continuation become None; wrapped
paragraph lines are joined (a line that stops short of the right margin still wraps when
the next line's first word would not have fitted; hanging punctuation does not move the
margin); the title lines at the top of page 1 are joined. Text runs pdfium leaves out of
the text layer (one glyph of a non-embedded CJK font with no installed stand-in) are
located, and the table cells that read blank because of them are reported.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.model import Issue, Row, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._office_text import fold, join_lines
from ingest.readers._pdf_layout import (
    MIN_RULE,
    THIN,
    Char,
    Grid,
    Line,
    Seg,
    find_grids,
    group_lines,
    is_page_number,
    is_value,
    make_line,
)

MARGIN = 0.09  # share of the page height at top and bottom where headers / footers live
MAX_PATHS = 20_000  # path objects read per page (vector drawings / maps are not tables)
MAX_RULES = 4_000  # rules per orientation per page handed to the grid builder
# A line opening with a heading number starts a block; it never continues a paragraph.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节条部分])")


# --------------------------------------------------------------------------- extraction


def _chars(textpage: pdfium.PdfTextPage, height: float) -> list[Char]:
    """The page's chars, top-down coordinates. Real spaces are kept (as " "), the spaces
    and line breaks pdfium generates are not: gaps are measured from the glyph boxes."""
    raw = textpage.raw
    n = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    mat = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    out: list[Char] = []
    pending_high = 0
    for k in range(n):
        if pdfium_c.FPDFText_IsGenerated(raw, k) == 1:
            continue
        u = pdfium_c.FPDFText_GetUnicode(raw, k)
        if 0xD800 <= u <= 0xDBFF:
            pending_high = u
            continue
        if 0xDC00 <= u <= 0xDFFF:
            if not pending_high:
                continue
            u = 0x10000 + ((pending_high - 0xD800) << 10) + (u - 0xDC00)
            pending_high = 0
        if u in (0, 0xFFFE, 0xFFFF, 0xFFFD):
            continue
        ch = chr(u)
        if ch in "\r\n" or (not ch.isprintable() and not ch.isspace()):
            continue
        text = " " if ch.isspace() else fold(ch)
        if not text:
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, k, rect):
            continue
        x0, x1 = sorted((rect.left, rect.right))
        y0, y1 = sorted((rect.bottom, rect.top))
        size = pdfium_c.FPDFText_GetFontSize(raw, k)
        if pdfium_c.FPDFText_GetMatrix(raw, k, mat):
            size *= abs(mat.a * mat.d - mat.b * mat.c) ** 0.5
        if size > 0 and (y1 - y0 > 1.8 * size or x1 - x0 > 2.5 * size):
            # a broken font bounding box: rebuild an em box on the glyph's origin
            if not pdfium_c.FPDFText_GetCharOrigin(raw, k, ox, oy):
                continue
            x0 = ox.value
            x1 = x0 + size
            if pdfium_c.FPDFText_GetCharBox(raw, k, l, r, b, t):
                x0, x1 = min(x0, l.value), max(min(x1, r.value + 1.0), l.value + 0.5 * size)
            y0, y1 = oy.value - 0.12 * size, oy.value + 0.88 * size
        out.append(Char(text, x0, height - y1, x1, height - y0))
    return out


def _mul(m1: tuple, m2: tuple) -> tuple:
    """Matrix product m1 then m2 (PDF [a b c d e f] row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = m1
    a2, b2, c2, d2, e2, f2 = m2
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _is_invisible(obj, getter) -> bool:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return False
    return a.value == 0 or (r.value > 240 and g.value > 240 and b.value > 240)


def _path_rules(obj, matrix: tuple, height: float, hsegs: list[Seg], vsegs: list[Seg]) -> None:
    fill = ctypes.c_int()
    stroke = ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return
    stroked = bool(stroke.value) and not _is_invisible(obj, pdfium_c.FPDFPageObj_GetStrokeColor)
    filled = bool(fill.value) and not _is_invisible(obj, pdfium_c.FPDFPageObj_GetFillColor)
    if not stroked and not filled:
        return
    a, b, c, d, e, f = matrix
    n = pdfium_c.FPDFPath_CountSegments(obj)
    x = ctypes.c_float()
    y = ctypes.c_float()
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    for s in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, s)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
        pt = (px, height - py)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([pt])
            closed.append(False)
        else:
            subpaths[-1].append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            closed[-1] = True
    for pts, is_closed in zip(subpaths, closed):
        if len(pts) < 2:
            continue
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if stroked:
            edges = list(itertools.pairwise(pts))
            if is_closed:
                edges.append((pts[-1], pts[0]))
            for (x0, y0), (x1, y1) in edges:
                if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= MIN_RULE:
                    hsegs.append(Seg((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
                elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= MIN_RULE:
                    vsegs.append(Seg((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        elif filled:
            # a thin filled rectangle is a rule; a large one is shading (not a border)
            if h <= THIN and w >= MIN_RULE:
                hsegs.append(Seg((max(ys) + min(ys)) / 2, min(xs), max(xs)))
            elif w <= THIN and h >= MIN_RULE:
                vsegs.append(Seg((max(xs) + min(xs)) / 2, min(ys), max(ys)))


def _rules(page: pdfium.PdfPage, height: float) -> tuple[list[Seg], list[Seg], int, list[tuple[float, float]]]:
    """Horizontal and vertical rules of a page, the number of image objects, and where the
    text runs sit that the text layer lost (see _lost_run)."""
    hsegs: list[Seg] = []
    vsegs: list[Seg] = []
    lost: list[tuple[float, float]] = []
    images = 0
    paths = 0
    fm = pdfium_c.FS_MATRIX()
    box = [ctypes.c_float() for _ in range(4)]

    def walk(get_obj, count: int, parent: tuple, depth: int) -> None:
        nonlocal images, paths
        for i in range(count):
            obj = get_obj(i)
            if not obj:
                continue
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                paths += 1
                if paths > MAX_PATHS:
                    continue
                m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                if pdfium_c.FPDFPageObj_GetMatrix(obj, fm):
                    m = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                _path_rules(obj, _mul(m, parent), height, hsegs, vsegs)
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT and _lost_run(obj, box):
                a, b, c, d, e, f = parent
                x, y = box[0].value, box[1].value
                lost.append((a * x + c * y + e, height - (b * x + d * y + f)))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
                if pdfium_c.FPDFPageObj_GetMatrix(obj, fm):
                    m = (fm.a, fm.b, fm.c, fm.d, fm.e, fm.f)
                walk(
                    lambda k, o=obj: pdfium_c.FPDFFormObj_GetObject(o, k),
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    _mul(m, parent),
                    depth + 1,
                )

    raw = page.raw
    walk(lambda k: pdfium_c.FPDFPage_GetObject(raw, k), pdfium_c.FPDFPage_CountObjects(raw), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return hsegs, vsegs, images, lost


def _lost_run(obj, box: list) -> bool:
    """A text run pdfium leaves out of the text layer: it measures a run from its glyphs'
    boxes, and a font that is not embedded (iText's STSong-Light with UniGB-UCS2-H, say)
    with no installed font to stand in for its CJK glyphs gives a lone glyph an empty box,
    so a one-glyph run (a cell's 无, ０ or ／) has no width and is dropped. Its code is
    not exposed; the run is only located, to flag the cell that then reads blank."""
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *box):
        return False
    if box[2].value - box[0].value > 0.01:
        return False
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    return bool(font) and not pdfium_c.FPDFFont_GetIsEmbedded(font)


# --------------------------------------------------------------------------- page layout


class _Page:
    def __init__(self, number: int, width: float, height: float, grids: list[Grid], lines: list[Line]):
        self.number = number
        self.width = width
        self.height = height
        self.grids = grids
        self.lines = lines
        self.images = 0

    def blocks(self) -> list[Grid | Line]:
        return sorted([*self.grids, *self.lines], key=lambda b: (b.top, getattr(b, "x0", 0.0)))


def _attach_wrapped_labels(lines: list[Line]) -> list[Line]:
    """Unruled tables: a row of values alone on its line takes the label fragments printed
    just above / below it (a label wrapped over two lines with its numbers centred)."""
    value_rows = [
        k for k, ln in enumerate(lines) if len(ln.cells) >= 2 and all(is_value(c) for c in ln.cells)
    ]
    if not value_rows:
        return lines
    take: dict[int, list[int]] = {}
    for k, ln in enumerate(lines):
        if len(ln.cells) != 1 or is_value(ln.cells[0]) or len(ln.cells[0]) <= 2:
            continue
        best = None
        for v in value_rows:
            vl = lines[v]
            if ln.x1 >= vl.x0:
                continue
            dist = abs((ln.top + ln.bottom) / 2 - (vl.top + vl.bottom) / 2)
            if dist <= 1.5 * vl.h and (best is None or dist < best[0]):
                best = (dist, v)
        if best is not None:
            take.setdefault(best[1], []).append(k)
    if not take:
        return lines
    absorbed = {k for ks in take.values() for k in ks}
    out: list[Line] = []
    for k, ln in enumerate(lines):
        if k in absorbed:
            continue
        if k in take:
            frags = sorted(take[k], key=lambda m: lines[m].top)
            label = join_lines([lines[m].cells[0] for m in frags])
            ln.cells = [label, *ln.cells]
            ln.top = min(ln.top, *(lines[m].top for m in frags))
            ln.x0 = min(ln.x0, *(lines[m].x0 for m in frags))
        out.append(ln)
    return out


def _layout_page(pdf_page: pdfium.PdfPage, number: int) -> tuple[_Page, int, int]:
    width, height = pdf_page.get_size()
    textpage = pdf_page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    hsegs, vsegs, images, lost = _rules(pdf_page, height)
    page, nchars, blank = page_from_geometry(number, width, height, chars, hsegs, vsegs, lost)
    page.images = images
    return page, nchars, blank


def page_from_geometry(number: int, width: float, height: float, chars: list[Char], hsegs: list[Seg],
                       vsegs: list[Seg], lost: list[tuple[float, float]] = ()) -> tuple[_Page, int, int]:
    """A page laid out from its geometry alone (chars with boxes, ruling segments, in points
    from the top-left): shared by the text layer and by OCR (ingest/readers/scan.py)."""
    if len(hsegs) > MAX_RULES or len(vsegs) > MAX_RULES:
        hsegs, vsegs = [], []  # a vector drawing, not a table: read the page as text
    grids, free = find_grids(hsegs, vsegs, chars, page=number)
    lines = [make_line(lc, number) for lc in group_lines(free) if any(c.text != " " for c in lc)]
    # page furniture: page numbers in the top / bottom margin
    lines = [
        ln
        for ln in lines
        if not (
            is_page_number(ln.text)
            and ((ln.bottom <= height * MARGIN) or (ln.top >= height * (1 - MARGIN)) or _is_extreme(ln, grids, lines))
        )
    ]
    lines = _attach_wrapped_labels(lines)
    nchars = sum(c.text != " " for c in chars)
    return _Page(number, width, height, grids, lines), nchars, _blank_cells_at(grids, lost)


def _blank_cells_at(grids: list[Grid], points: list[tuple[float, float]]) -> int:
    """How many table cells read blank although a (lost) text run sits in them."""
    hit: set[tuple[int, int, int]] = set()
    for x, y in points:
        for g, grid in enumerate(grids):
            if not (grid.xs[0] <= x <= grid.xs[-1] and grid.top <= y <= grid.bottom):
                continue
            i = next((i for i, r in enumerate(grid.rows) if r.top <= y <= r.bottom), None)
            j = bisect.bisect_right(grid.xs, x) - 1
            if i is not None and 0 <= j < grid.ncols:
                while j > 0 and grid.rows[i].cells[j] is None and not grid.rows[i].covered_above[j]:
                    j -= 1  # inside a cell merged across columns: its text sits at the left
                if grid.rows[i].cells[j] == "":
                    hit.add((g, i, j))
    return len(hit)


def _is_extreme(ln: Line, grids: list[Grid], lines: list[Line]) -> bool:
    """Is the line above or below everything else on the page?"""
    tops = [b.top for b in lines if b is not ln] + [g.top for g in grids]
    bottoms = [b.bottom for b in lines if b is not ln] + [g.bottom for g in grids]
    return not tops or ln.bottom <= min(tops) or ln.top >= max(bottoms)


def _drop_running_headers(pages: list[_Page]) -> None:
    """Lines repeated in the margins of most pages (running headers / footers)."""
    if len(pages) < 3:
        return
    seen: Counter[str] = Counter()
    for p in pages:
        keys = {
            re.sub(r"\d+", "#", ln.text)
            for ln in p.lines
            if ln.bottom <= p.height * MARGIN or ln.top >= p.height * (1 - MARGIN)
        }
        seen.update(keys)
    repeated = {k for k, n in seen.items() if n >= max(3, len(pages) // 2 + 1)}
    if not repeated:
        return
    for p in pages:
        p.lines = [
            ln
            for ln in p.lines
            if not (
                (ln.bottom <= p.height * MARGIN or ln.top >= p.height * (1 - MARGIN))
                and re.sub(r"\d+", "#", ln.text) in repeated
            )
        ]


# --------------------------------------------------------------------------- assembly


def _same_columns(a: Grid, b: Grid) -> bool:
    return a.ncols == b.ncols and all(abs(x - y) <= 3.0 for x, y in zip(a.xs, b.xs))


_HANGING = frozenset("，。、；：？！）》」』”’,.;:?!)")


def _body_margins(pages: list[_Page]) -> tuple[float, float, float]:
    lines = [ln for p in pages for ln in p.lines if len(ln.cells) == 1]
    if not lines:
        return 0.0, 0.0, 10.0
    h = sorted(ln.h for ln in lines)[len(lines) // 2]
    wide = [ln for ln in lines if abs(ln.h - h) <= 0.15 * h] or lines
    left = Counter(round(ln.x0) for ln in wide).most_common(1)[0][0]
    # the right margin: punctuation hanging past it (标点溢出边界) does not move it
    flush = [ln.x1 for ln in wide if ln.cells[0][-1:] not in _HANGING] or [ln.x1 for ln in wide]
    return float(left), max(flush), h


_WORD_CHAR = re.compile(r"[0-9A-Za-z.,%_\-+]")


def _lead_width(line: Line) -> float:
    """Width of the line's first word: a run of Latin letters / digits, else its first char.

    A line that ends short of the right margin still wraps into the next one when that
    line's first word would not have fitted in the room left (a number is never split).
    """
    ink = [c for c in line.chars if c.text != " "]
    if not ink:
        return 0.0
    end = ink[0]
    if _WORD_CHAR.fullmatch(end.text):
        for c in ink[1:]:
            if not _WORD_CHAR.fullmatch(c.text) or c.x0 - end.x1 > 0.35 * line.h:
                break
            end = c
    return end.x1 - ink[0].x0


def _paragraphs(pages: list[_Page]) -> list[tuple[Line | Grid, int]]:
    """Blocks in reading order, with wrapped body lines joined into paragraphs.

    Returns (block, page number); a joined paragraph is a Line whose cells[0] is the text.
    """
    left, right, body_h = _body_margins(pages)
    out: list[tuple[Line | Grid, int]] = []
    prev_line: Line | None = None  # last line of the paragraph being built, if still open
    title_done = False
    for p in pages:
        for b in p.blocks():
            if isinstance(b, Grid):
                out.append((b, p.number))
                prev_line = None
                title_done = True
                continue
            single = len(b.cells) == 1
            if (
                not title_done
                and p.number == 1
                and single
                and b.h >= 1.15 * body_h
                and abs((b.x0 + b.x1) / 2 - p.width / 2) <= 0.08 * p.width
            ):
                # title lines: large, centred, at the top of page 1
                last = out[-1][0] if out else None
                if isinstance(last, Line) and last.is_title and abs(last.h - b.h) <= 0.15 * b.h:
                    last.cells = [join_lines([last.cells[0], b.cells[0]])]
                    last.bottom = b.bottom
                else:
                    b.is_title = True
                    out.append((b, p.number))
                prev_line = None
                continue
            title_done = True
            if (
                prev_line is not None
                and single
                and abs(b.h - prev_line.h) <= 0.2 * prev_line.h
                and b.x0 <= left + 0.5 * b.h
                and right - prev_line.x1 <= max(1.5 * prev_line.h, _lead_width(b) + 0.5 * b.h)
                and not _HEADING.match(b.cells[0])
                and (b.page != prev_line.page or b.top - prev_line.bottom <= 1.2 * b.h)
            ):
                para = out[-1][0]
                assert isinstance(para, Line)
                para.cells = [join_lines([para.cells[0], b.cells[0]])]
                prev_line = b
                continue
            out.append((b, p.number))
            prev_line = b if single and abs(b.h - body_h) <= 0.2 * body_h else None
    return out


def read(data: bytes, path: str) -> SourceDoc:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise UnreadableError("unreadable.encrypted", "PDF is password-protected (encrypted); it cannot be opened without the password") from None
        raise UnreadableError("unreadable.corrupt", f"not a readable PDF file ({exc})") from None
    try:
        return _read_doc(pdf, path)
    finally:
        pdf.close()


def _read_doc(pdf: pdfium.PdfDocument, path: str) -> SourceDoc:
    issues: list[Issue] = []
    npages = len(pdf)
    if npages == 0:
        raise UnreadableError("unreadable.corrupt", "PDF has no pages")
    pages: list[_Page] = []
    total_chars = 0
    textless: list[int] = []
    broken: list[int] = []
    lost_cells: list[tuple[int, int]] = []
    for i in range(npages):
        try:
            page = pdf[i]
        except pdfium.PdfiumError:
            broken.append(i + 1)
            continue
        try:
            lp, nchars, lost = _layout_page(page, i + 1)
        except pdfium.PdfiumError:
            broken.append(i + 1)
            continue
        finally:
            page.close()
        total_chars += nchars
        if lost:
            lost_cells.append((i + 1, lost))
        if nchars == 0:
            textless.append(i + 1)
        pages.append(lp)
    if broken:
        issues.append(
            Issue("warning", "pdf.page_unreadable", f"{len(broken)} of {npages} pages could not be loaded and were skipped",
                  "page " + ", ".join(map(str, broken)))
        )
    if _scanned(pages, total_chars):
        from ingest.readers.scan import read_pdf_pages

        return read_pdf_pages(pdf, path)
    if textless:
        issues.append(
            Issue(
                "warning",
                "pdf.page_without_text",
                f"{len(textless)} of {npages} pages have no text layer (scanned images?) and were skipped",
                "page " + ", ".join(map(str, textless)),
            )
        )
    if lost_cells:
        issues.append(
            Issue("warning", "pdf.text_not_extractable",
                  f"{sum(n for _, n in lost_cells)} table cells hold text in a font that is not embedded and that "
                  "no installed font can stand in for (a CJK font such as STSong-Light); their text could not be "
                  "extracted and they read as blank",
                  "page " + ", ".join(str(p) for p, _ in lost_cells))
        )
    rows, text = assemble(pages)
    return SourceDoc(format="pdf", rows=rows, text=text, issues=issues)


def assemble(pages: list[_Page]) -> tuple[list[Row], str]:
    """Rows and running text of laid-out pages: headers dropped, paragraphs joined, tables
    that continue on the next page kept as one."""
    _drop_running_headers(pages)
    rows: list[Row] = []
    texts: list[str] = []
    table_no = -1
    prev_grid: Grid | None = None
    prev_block_was_grid = False
    counter = 0
    for block, page_no in _paragraphs(pages):
        if isinstance(block, Grid):
            continued = (
                prev_block_was_grid
                and prev_grid is not None
                and prev_grid.page == block.page - 1
                and _same_columns(prev_grid, block)
                and _first_on_page(block, pages)
            )
            if not continued:
                table_no += 1
            else:
                _continue_merged_labels(block)
            for gr in block.rows:
                counter += 1
                rows.append(Row(cells=list(gr.cells), line=counter, page=page_no, table=table_no, ocr=gr.ocr))
                texts.extend(c for c in gr.cells if c)
            prev_grid = block
            prev_block_was_grid = True
            continue
        prev_block_was_grid = False
        cells = [c for c in block.cells]
        if not any(cells):
            continue
        counter += 1
        rows.append(Row(cells=cells, line=counter, page=page_no))
        texts.append(" ".join(c for c in cells if c))
    return rows, "\n".join(texts)


_CJK = re.compile(r"[\u3400-\u9fff]")


def _scanned(pages: list[_Page], total_chars: int) -> bool:
    """An image-only PDF, or page images under a scanner's junk text layer (a few chars a
    page, or text with hardly any Chinese in it): read by OCR."""
    if total_chars == 0:
        return True
    if not pages or not all(p.images for p in pages):
        return False
    text = "".join(ln.text for p in pages for ln in p.lines) + "".join(
        c or "" for p in pages for g in p.grids for r in g.rows for c in r.cells)
    ink = [c for c in text if not c.isspace()]
    return len(ink) < 30 * len(pages) or len(_CJK.findall(text)) < 0.3 * len(ink)


def _first_on_page(grid: Grid, pages: list[_Page]) -> bool:
    page = pages[grid.page - 1]
    return not any(ln.bottom <= grid.top + 1 for ln in page.lines) and not any(
        g.top < grid.top for g in page.grids
    )


def _continue_merged_labels(grid: Grid) -> None:
    """A table continued from the previous page: its first row's leading empty cells are
    the rest of merged label cells begun on that page, i.e. covered, not blank."""
    first = grid.rows[0]
    for j, cell in enumerate(first.cells):
        if cell is None:
            continue
        if cell != "":
            break
        if not any(c for c in first.cells[j + 1 :]):
            break
        first.cells[j] = None
