"""PDF reader: pypdfium2 extracts each page's geometry; `geometry.read_pages` does the rest.

Why pypdfium2 and not pdfplumber / PyMuPDF: see docs/pdf-library.md.

Per page: chars (NFKC-folded, with boxes) from the text page; rules from the path objects
(stroked segments and rectangle edges, and filled rectangles thinner than 3 pt); text runs
pdfium leaves out of the text layer (one glyph of a non-embedded CJK font with no
installed stand-in) are located so the table cells that read blank because of them are
reported. Everything after that (grids, lines, paragraphs, tables across pages) is the
page-library-neutral `ingest.readers.geometry`.
"""

from __future__ import annotations

import ctypes
import itertools
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.model import Issue, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._office_text import fold
from ingest.readers._pdf_layout import MIN_RULE, THIN
from ingest.readers.geometry import Char, PageGeometry, Seg, count_ink, read_pages

MAX_PATHS = 20_000  # path objects read per page (vector drawings / maps are not tables)


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




def _geometry(pdf_page: pdfium.PdfPage, number: int) -> tuple[PageGeometry, int]:
    """The page's geometry, and how many image objects it holds."""
    width, height = pdf_page.get_size()
    textpage = pdf_page.get_textpage()
    try:
        chars = _chars(textpage, height)
    finally:
        textpage.close()
    hsegs, vsegs, images, lost = _rules(pdf_page, height)
    return PageGeometry(number, width, height, chars, hsegs, vsegs, lost), images


def _read_doc(pdf: pdfium.PdfDocument, path: str) -> SourceDoc:
    issues: list[Issue] = []
    npages = len(pdf)
    if npages == 0:
        raise UnreadableError("unreadable.corrupt", "PDF has no pages")
    pages: list[PageGeometry] = []
    images: list[int] = []  # image objects per page read
    textless: list[int] = []
    broken: list[int] = []
    for i in range(npages):
        try:
            page = pdf[i]
        except pdfium.PdfiumError:
            broken.append(i + 1)
            continue
        try:
            geo, page_images = _geometry(page, i + 1)
        except pdfium.PdfiumError:
            broken.append(i + 1)
            continue
        finally:
            page.close()
        if count_ink(geo) == 0:
            textless.append(i + 1)
        pages.append(geo)
        images.append(page_images)
    if broken:
        issues.append(
            Issue("warning", "pdf.page_unreadable", f"{len(broken)} of {npages} pages could not be loaded and were skipped",
                  "page " + ", ".join(map(str, broken)))
        )
    if not pages:
        raise UnreadableError("unreadable.corrupt", f"none of the PDF's {npages} pages could be loaded")
    if _scanned(pages, images):
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
    return read_pages(pages, "pdf", issues)


_CJK = re.compile(r"[\u3400-\u9fff]")


def is_scanned(data: bytes) -> bool:
    """Is this PDF read by OCR (no text layer, or a scanner's junk layer)? The text layer
    only, no layout and no OCR: the OCR step's test of which new files it has to read.
    An unreadable PDF is not (the raw load quarantines it)."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        pages, images = [], []
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                geo, n = _geometry(page, i + 1)
            except pdfium.PdfiumError:
                continue
            finally:
                page.close()
            pages.append(geo)
            images.append(n)
        return bool(pages) and _scanned(pages, images)
    finally:
        pdf.close()


def _scanned(pages: list[PageGeometry], images: list[int]) -> bool:
    """An image-only PDF, or page images under a scanner's junk text layer (a few chars a
    page, or text with hardly any Chinese in it): read by OCR."""
    ink = [c.text for p in pages for c in p.chars if not c.text.isspace()]
    if not ink:
        return True
    if not all(images):
        return False
    text = "".join(ink)
    return len(ink) < 30 * len(pages) or len(_CJK.findall(text)) < 0.3 * len(ink)
