"""OFD rendering (GB/T 33190-2016): the PDF renderer's pages, drawn into an OFD package.

No OFD producer was at hand (no 数科 / 福昕 OFD tool on this machine), so this is a small
writer of our own, conformant to the standard's package structure:

    OFD.xml                       entry: DocBody / DocInfo, DocRoot → Doc_0/Document.xml
    Doc_0/Document.xml            CommonData (MaxUnitID, PageArea/PhysicalBox, PublicRes), Pages
    Doc_0/PublicRes.xml           the font (宋体, not embedded: TextCode carries the text)
    Doc_0/Pages/Page_N/Content.xml  one Layer of TextObject (TextCode with X, Y, DeltaX) and
                                  PathObject (AbstractData "M x y L x y ... C") per page

Units are millimetres, origin top-left, y downwards. Each drawn string is one TextObject whose
TextCode gives every glyph's advance in DeltaX, using the standard's `g n d` shorthand for runs
of equal advances (as producers write them), with the advances of the font the PDF uses
(STSong-Light metrics), so glyph positions match the PDF's. Table cells are stroked rectangles,
as in the PDF.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .render_common import Style
from .render_pdf import FONT, PAGE_H, PAGE_W, _register, draw_report
from .truth import Truth

NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'


def _mm(points: float) -> str:
    return f"{points * MM:.3f}".rstrip("0").rstrip(".")


def _delta_x(advances: list[float]) -> str:
    """Advances in mm, runs of 3+ equal values written as `g n d` (GB/T 33190 §11.3)."""
    values = [_mm(a) for a in advances]
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        out.append(f"g {j - i} {values[i]}" if j - i >= 3 else " ".join(values[i:j]))
        i = j
    return " ".join(out)


class OfdCanvas:
    """The subset of reportlab's canvas that draw_report uses, recording OFD page objects."""

    def __init__(self) -> None:
        self.pages: list[list[str]] = [[]]
        self.title = ""
        self.size = 10.5
        self.line_width = 1.0
        self.next_id = 1

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    def setTitle(self, title: str) -> None:  # noqa: N802 - reportlab's names
        self.title = title

    def setFont(self, _name: str, size: float) -> None:  # noqa: N802
        self.size = size

    def setLineWidth(self, width: float) -> None:  # noqa: N802
        self.line_width = width

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        from reportlab.pdfbase.pdfmetrics import stringWidth

        text = text.rstrip(" ")
        if not text:
            return
        advances = [stringWidth(ch, FONT, self.size) for ch in text]
        top = PAGE_H - y - self.size  # the object's box: one em above the baseline
        box = f"{_mm(x)} {_mm(top)} {_mm(sum(advances))} {_mm(self.size * 1.2)}"
        delta = f" DeltaX={quoteattr(_delta_x(advances[:-1]))}" if len(text) > 1 else ""
        self.pages[-1].append(
            f'<ofd:TextObject ID="{self._id()}" Boundary="{box}" Font="1" Size="{_mm(self.size)}">'
            f'<ofd:TextCode X="0" Y="{_mm(self.size)}"{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>')

    def rect(self, x: float, y: float, w: float, h: float, stroke: int = 1, fill: int = 0) -> None:
        if not stroke:
            return
        top = PAGE_H - y - h
        self.pages[-1].append(
            f'<ofd:PathObject ID="{self._id()}" Boundary="{_mm(x)} {_mm(top)} {_mm(w)} {_mm(h)}" '
            f'LineWidth="{_mm(self.line_width)}"><ofd:AbstractData>M 0 0 L {_mm(w)} 0 L {_mm(w)} {_mm(h)} '
            f'L 0 {_mm(h)} C</ofd:AbstractData></ofd:PathObject>')

    def showPage(self) -> None:  # noqa: N802
        self.pages.append([])

    def package(self) -> bytes:
        pages = [objects for objects in self.pages if objects]
        page_ids = [self._id() for _ in pages]
        layer_ids = [self._id() for _ in pages]
        doc_id = hashlib.md5(self.title.encode("utf-8")).hexdigest()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("OFD.xml", _HEAD + (
                f'<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                f'<ofd:DocID>{doc_id}</ofd:DocID>'
                f'<ofd:Title>{escape(self.title)}</ofd:Title><ofd:Creator>gongkai generator</ofd:Creator>'
                '</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>'))
            page_list = "".join(f'<ofd:Page ID="{page_id}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
                                for n, page_id in enumerate(page_ids))
            zf.writestr("Doc_0/Document.xml", _HEAD + (
                f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>{self.next_id}</ofd:MaxUnitID>'
                f'<ofd:PageArea><ofd:PhysicalBox>0 0 {_mm(PAGE_W)} {_mm(PAGE_H)}</ofd:PhysicalBox></ofd:PageArea>'
                '<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>'
                f'<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>'))
            zf.writestr("Doc_0/PublicRes.xml", _HEAD + (
                f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="1" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'))
            for n, objects in enumerate(pages):
                zf.writestr(f"Doc_0/Pages/Page_{n}/Content.xml", _HEAD + (
                    f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer ID="{layer_ids[n]}">'
                    + "".join(objects) + "</ofd:Layer></ofd:Content></ofd:Page>"))
        return out.getvalue()


def render_ofd(truth: Truth, style: Style) -> tuple[bytes, dict[str, Any]]:
    _register()
    canvas = OfdCanvas()
    info = draw_report(canvas, truth, style)
    return canvas.package(), info
