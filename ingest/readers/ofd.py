"""OFD reader (GB/T 33190-2016, 版式文档): the package's XML read with lxml into the page
geometry the PDF reader uses (ingest/readers/geometry.py), so ruled tables, text lines and
tables across pages are rebuilt by the same code. Why not easyofd / ofdreader: docs/file-types.md.

From OFD.xml to the first document's Document.xml, its pages in order (each page's Content.xml,
and the template pages it names drawn below it), and in each page's layers and page blocks:

* TextObject: each TextCode's text placed glyph by glyph from X, Y (the first glyph's
  baseline, relative to the object's Boundary) and DeltaX / DeltaY (advances, with the `g n d`
  shorthand); a glyph's box is one em (the object's Size) from ascent 0.86 em to descent 0.14 em,
  the last glyph (which has no advance) one em wide, half an em for ASCII;
* PathObject: its AbstractData (M, L, C; curves B, Q, A only move the pen) stroked as
  axis-aligned rules, a thin filled rectangle as one rule;
* ImageObject: counted (a page that is a picture needs OCR);
* CTM on an object (its own matrix within the Boundary) applied to its points.

Units: mm in OFD, points in the geometry (origin top-left, y down in both).
Safety: package sizes checked before inflating, XML parts with a DTD refused (_office_zip).
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from ingest.model import Issue, SourceDoc
from ingest.readers import UnreadableError
from ingest.readers._office_text import fold
from ingest.readers._office_zip import check_no_dtd, open_package, read_part
from ingest.readers.geometry import Char, PageGeometry, Seg, read_pages

NS = "http://www.ofdspec.org/2016"
_O = f"{{{NS}}}"
PT = 72 / 25.4  # points per millimetre
ASCENT, DESCENT = 0.86, 0.14
MIN_RULE = 2.0  # points: shorter strokes are not table rules
THIN = 2.0  # points: a filled rectangle this thin is a rule
MAX_OBJECTS = 200_000  # page objects per document (a report has a few thousand)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                          remove_comments=True)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_ARGS = {"S": 2, "M": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}


def _xml(zf, name: str) -> etree._Element:
    try:
        return etree.fromstring(read_part(zf, name, "OFD"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise UnreadableError("unreadable.corrupt", f"OFD part {name} is not well-formed XML ({exc})") from None


def _floats(text: str | None) -> list[float]:
    return [float(v) for v in _NUMBER.findall(text or "")]


def _resolve(base: str, loc: str) -> str:
    """A BaseLoc: absolute from the package root when it starts with '/', else relative to `base`."""
    loc = loc.strip().replace("\\", "/")
    path = loc.lstrip("/") if loc.startswith("/") else posixpath.join(base, loc)
    return posixpath.normpath(path)


def _deltas(text: str | None) -> list[float]:
    """DeltaX / DeltaY values with the `g n d` shorthand expanded."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            try:
                out.extend([float(tokens[i + 2])] * min(int(tokens[i + 1]), 10_000))
            except ValueError:
                pass
            i += 3
            continue
        try:
            out.append(float(tokens[i]))
        except ValueError:
            pass
        i += 1
    return out


class _Page:
    def __init__(self) -> None:
        self.chars: list[Char] = []
        self.hsegs: list[Seg] = []
        self.vsegs: list[Seg] = []
        self.images = 0
        self.objects = 0


def _matrix(obj: etree._Element) -> tuple[float, float, float, float, float, float]:
    """The object's CTM composed with its Boundary origin: local (mm) → page (mm)."""
    box = _floats(obj.get("Boundary"))
    bx, by = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
    ctm = _floats(obj.get("CTM"))
    a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return a, b, c, d, e + bx, f + by


def _apply(m, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e) * PT, (b * x + d * y + f) * PT


def _text(obj: etree._Element, page: _Page) -> None:
    m = _matrix(obj)
    size = float(obj.get("Size") or 3.5)
    scale = (abs(m[3]) or 1.0)  # vertical scale of the CTM, for the glyph box height
    height = size * scale * PT
    x = y = 0.0
    for code in obj.iter(_O + "TextCode"):
        text = code.text or ""
        if code.get("X") is not None:
            x = float(code.get("X"))
        if code.get("Y") is not None:
            y = float(code.get("Y"))
        dx, dy = _deltas(code.get("DeltaX")), _deltas(code.get("DeltaY"))
        for i, ch in enumerate(text):
            # the last glyph has no DeltaX: an em for CJK, half one for Latin letters and digits
            advance = dx[i] if i < len(dx) else (size / 2 if ch.isascii() else size)
            px, base = _apply(m, x, y)
            px1, _ = _apply(m, x + advance, y)
            folded = fold(ch)
            if folded:
                page.chars.append(Char(folded, min(px, px1), base - ASCENT * height, max(px, px1),
                                       base + DESCENT * height))
            x += advance
            if i < len(dy):
                y += dy[i]


def _path(obj: etree._Element, page: _Page) -> None:
    stroked = obj.get("Stroke", "true").lower() != "false"
    filled = obj.get("Fill", "false").lower() == "true"
    if not (stroked or filled):
        return
    data = obj.find(_O + "AbstractData")
    tokens = _PATH_TOKEN.findall(data.text if data is not None and data.text else "")
    m = _matrix(obj)
    subpaths: list[list[tuple[float, float]]] = []
    closed: list[bool] = []
    i = 0
    while i < len(tokens):
        op = tokens[i]
        need = _PATH_ARGS.get(op)
        if need is None:
            i += 1
            continue
        args = tokens[i + 1:i + 1 + need]
        i += 1 + need
        if len(args) < need:
            break
        values = [float(v) for v in args]
        if op in ("S", "M"):
            subpaths.append([_apply(m, values[0], values[1])])
            closed.append(False)
        elif op == "C":
            if subpaths:
                closed[-1] = True
        elif subpaths:  # L, and the end point of a curve (the pen moves; no rule drawn)
            point = _apply(m, values[-2], values[-1])
            if op == "L":
                subpaths[-1].append(point)
            else:
                subpaths.append([point])
                closed.append(False)
    for points, is_closed in zip(subpaths, closed, strict=True):
        _rules(points, is_closed, stroked, page)


def _rules(points: list[tuple[float, float]], is_closed: bool, stroked: bool, page: _Page) -> None:
    if len(points) < 2:
        return
    if stroked:
        edges = list(zip(points, points[1:]))
        if is_closed:
            edges.append((points[-1], points[0]))
        for (x0, y0), (x1, y1) in edges:
            if abs(y1 - y0) <= 1.0 and abs(x1 - x0) >= MIN_RULE:
                page.hsegs.append(Seg((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
            elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) >= MIN_RULE:
                page.vsegs.append(Seg((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
        return
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if h <= THIN and w >= MIN_RULE:
        page.hsegs.append(Seg((max(ys) + min(ys)) / 2, min(xs), max(xs)))
    elif w <= THIN and h >= MIN_RULE:
        page.vsegs.append(Seg((max(xs) + min(xs)) / 2, min(ys), max(ys)))


def _objects(parent: etree._Element, page: _Page) -> None:
    for obj in parent:
        page.objects += 1
        if page.objects > MAX_OBJECTS:
            raise UnreadableError("unreadable.too_large", f"the OFD has more than {MAX_OBJECTS} objects on a page")
        tag = obj.tag
        if tag == _O + "TextObject":
            _text(obj, page)
        elif tag == _O + "PathObject":
            _path(obj, page)
        elif tag == _O + "ImageObject":
            page.images += 1
        elif tag in (_O + "PageBlock", _O + "Layer"):
            _objects(obj, page)


def _draw(root: etree._Element, page: _Page) -> None:
    content = root.find(_O + "Content")
    if content is not None:
        for layer in content.iter(_O + "Layer"):
            _objects(layer, page)


def read(data: bytes, path: str) -> SourceDoc:
    zf = open_package(data, "OFD")
    issues: list[Issue] = []
    with zf:
        check_no_dtd(zf, "OFD")
        entry = _xml(zf, "OFD.xml")
        bodies = entry.findall(_O + "DocBody")
        root_loc = bodies[0].findtext(_O + "DocRoot") if bodies else None
        if not root_loc:
            raise UnreadableError("unreadable.corrupt", "OFD.xml names no document (DocBody/DocRoot)")
        if len(bodies) > 1:
            issues.append(Issue("warning", "ofd.several_documents",
                                f"the package holds {len(bodies)} documents; the first is read"))
        doc_path = _resolve("", root_loc)
        base = posixpath.dirname(doc_path)
        document = _xml(zf, doc_path)
        common = document.find(_O + "CommonData")
        default_box = _floats(common.findtext(f"{_O}PageArea/{_O}PhysicalBox") if common is not None else None)
        templates = {t.get("ID"): _resolve(base, t.get("BaseLoc", ""))
                     for t in (common.findall(_O + "TemplatePage") if common is not None else [])}
        pages: list[PageGeometry] = []
        images = 0
        for number, ref in enumerate(document.iterfind(f"{_O}Pages/{_O}Page"), start=1):
            page_xml = _xml(zf, _resolve(base, ref.get("BaseLoc", "")))
            page = _Page()
            for template in page_xml.findall(_O + "Template"):
                if template.get("TemplateID") in templates:
                    _draw(_xml(zf, templates[template.get("TemplateID")]), page)
            _draw(page_xml, page)
            box = _floats(page_xml.findtext(f"{_O}Area/{_O}PhysicalBox")) or default_box
            width, height = (box[2] * PT, box[3] * PT) if len(box) == 4 else (595.28, 841.89)
            images += page.images
            pages.append(PageGeometry(number, width, height, page.chars, page.hsegs, page.vsegs))
    if not pages:
        raise UnreadableError("unreadable.corrupt", "the OFD document has no pages")
    doc = read_pages(pages, format="ofd", issues=issues)
    doc.images = images
    return doc
