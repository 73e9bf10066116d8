"""PDF rendering with a real text layer (reportlab, built-in CID font STSong-Light: no font
file needed, the text extracts back with pypdfium2 and pdfplumber).

Like real reports: ruled table grids with merged cells, labels wrapped inside their cells
(the figures, vertically centred, land between the label's lines), a page footer ``-N-``,
table 3 running over a page break (the merged labels' continuation left empty on the next
page), and now and then a table's heading alone at the bottom of a page.
"""

from __future__ import annotations

import io
import random
import re
from typing import Any

from .render_common import Grid, Style, blocks, postprocess
from .truth import Truth

FONT = "STSong-Light"
PAGE_W, PAGE_H = 595.27, 841.89
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 60.0, 70.0
CONTENT_W = PAGE_W - 2 * MARGIN_X

_registered = False


def _register() -> None:
    global _registered
    if not _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _registered = True


def _width(text: str, size: float) -> float:
    # The font's own advance widths, as a word processor measures: a flat half em per
    # ASCII char overestimates digits and spaces (4.6 / 2.1 per 10 pt), and lines then
    # break well short of the margin with room left for the next word.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _register()
    return stringWidth(text, FONT, size)


_TOKENS = re.compile(r"[0-9A-Za-z０-９][0-9A-Za-z０-９.,%．]*(?<![.,．])|.", re.S)
_NO_LINE_START = frozenset("，。、；：？！）》」』”’%")


def _wrap(text: str, width: float, size: float, indent: float = 0.0) -> list[str]:
    """Break like a word processor: never inside a figure, no punctuation opening a line;
    only the first line loses `indent` (a first-line indent), the others run full width."""
    if not text:
        return [""]
    out, cur, w = [], "", 0.0
    for tok in _TOKENS.findall(text):
        tw = _width(tok, size)
        if w + tw > width - (0.0 if out else indent) and cur and tok[0] not in _NO_LINE_START:
            out.append(cur.rstrip(" "))
            cur, w = "", 0.0
            if tok == " ":
                continue
        cur += tok
        w += tw
    out.append(cur)
    return out


_COLS = {
    "t2": (150, 115, 115, 115),
    "t3": (46, 62, 118, 38, 38, 38, 38, 38, 38, 41),
    "t4": tuple([33.0] * 15),
}
_SIZE = {"t2": 9.0, "t3": 7.5, "t4": 7.0}


class _Writer:
    def __init__(self, canvas: Any, footer: str, style: Style) -> None:
        self.c = canvas
        self.page = 1
        self.y = PAGE_H - MARGIN_TOP
        self.footer = footer
        self.style = style
        self.split_tables: list[str] = []
        self.c.setFont(FONT, 10.5)

    def text(self, x: float, y: float, s: str, size: float) -> None:
        if s:
            s = postprocess(s, self.style)
            if len(s) == 1 and not s.isascii():
                # STSong-Light is not embedded; on a machine without a CJK font pdfium finds
                # no glyph box for it, a one-glyph run (无, ０, a wrapped 持) measures zero
                # wide and is left out of the text layer (the reader flags such cells:
                # pdf.text_not_extractable). Real reports embed their fonts; a trailing
                # space gives the run a width, as an embedded font would.
                s += " "
            self.c.setFont(FONT, size)
            self.c.drawString(x, y, s)

    def new_page(self) -> None:
        self.c.setFont(FONT, 9)
        label = self.footer.format(n=self.page)
        self.c.drawString(PAGE_W / 2 - _width(label, 9) / 2, 35, label)
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN_TOP

    def room(self, h: float) -> bool:
        return self.y - h >= MARGIN_BOTTOM

    def para(self, s: str, size: float = 10.5, indent: bool = True, center: bool = False) -> None:
        lh = size * 1.6
        first = True
        for line in _wrap(s, CONTENT_W, size, 2 * size if indent else 0.0):
            if not self.room(lh):
                self.new_page()
            self.y -= lh
            if center:
                x = PAGE_W / 2 - _width(line, size) / 2
            else:
                x = MARGIN_X + (2 * size if indent and first else 0)
            self.text(x, self.y, line, size)
            first = False
        self.y -= size * 0.4

    def table(self, g: Grid, rng: random.Random) -> None:
        cols = _COLS[g.name]
        size = _SIZE[g.name]
        lh = size * 1.25
        pad = 3.0
        xs = [MARGIN_X]
        for w in cols:
            xs.append(xs[-1] + w)
        placed = g.placed()
        n = len(placed)
        # wrapped lines of each origin cell, and row heights
        lines: dict[tuple[int, int], list[str]] = {}
        heights = [lh + 2 * pad] * n
        for r, row in enumerate(placed):
            for c, cell in row:
                w = xs[c + cell.cs] - xs[c] - 2 * pad
                lines[(r, c)] = _wrap(cell.text, w, size)
                if cell.rs == 1:
                    heights[r] = max(heights[r], len(lines[(r, c)]) * lh + 2 * pad)
        for r, row in enumerate(placed):
            for c, cell in row:
                if cell.rs > 1:
                    need = len(lines[(r, c)]) * lh + 2 * pad
                    have = sum(heights[r:r + cell.rs])
                    if need > have:
                        extra = (need - have) / cell.rs
                        for k in range(r, r + cell.rs):
                            heights[k] += extra
        # page segments
        if not self.room(sum(heights[:3])):
            self.new_page()  # the heading stays behind, alone at the bottom of the last page
        segments: list[tuple[int, int]] = []
        start = 0
        y = self.y
        r = 0
        while r < n:
            if y - heights[r] < MARGIN_BOTTOM and r > start:
                segments.append((start, r))
                start = r
                y = PAGE_H - MARGIN_TOP
                continue
            y -= heights[r]
            r += 1
        segments.append((start, n))
        if len(segments) > 1:
            self.split_tables.append(g.name)
        for si, (a, b) in enumerate(segments):
            if si > 0:
                self.new_page()
            top = self.y
            ys = [top]
            for k in range(a, b):
                ys.append(ys[-1] - heights[k])
            self.c.setLineWidth(0.5)
            for r0, row in enumerate(placed):
                for c, cell in row:
                    r1 = r0 + cell.rs
                    lo, hi = max(r0, a), min(r1, b)
                    if lo >= hi:
                        continue
                    x0, x1 = xs[c], xs[c + cell.cs]
                    y_top, y_bot = ys[lo - a], ys[hi - a]
                    self.c.rect(x0, y_bot, x1 - x0, y_top - y_bot, stroke=1, fill=0)
                    if r0 < a:
                        continue  # continuation of a merged cell: left empty on this page
                    txt = lines[(r0, c)]
                    block_h = len(txt) * lh
                    ty = (y_top + y_bot) / 2 + block_h / 2 - size
                    for line in txt:
                        if cell.kind == "label" and cell.rs == 1:
                            tx = x0 + pad
                        else:
                            tx = (x0 + x1) / 2 - _width(line, size) / 2
                        self.text(tx, ty, line, size)
                        ty -= lh
            self.y = ys[-1]
        self.y -= 12


def render_pdf(truth: Truth, style: Style) -> tuple[bytes, dict[str, Any]]:
    from reportlab.pdfgen import canvas as rl_canvas

    _register()
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    info = draw_report(c, truth, style)
    c.save()
    return buf.getvalue(), info


def draw_report(c: Any, truth: Truth, style: Style) -> dict[str, Any]:
    """Draw the report on `c`, a reportlab canvas or anything with its methods (setTitle, setFont,
    drawString, setLineWidth, rect, showPage; points, origin bottom-left): PDF and OFD share it."""
    rng = random.Random(f"layout:{truth.seed}:pdf")
    footer = rng.choice(("-{n}-", "- {n} -", "—{n}—"))
    orphan_heading = rng.random() < 0.3
    c.setTitle(truth.body.agency)
    w = _Writer(c, footer, style)
    bl = blocks(truth, style)
    for i, b in enumerate(bl):
        if b.kind == "title":
            w.y -= 10
            w.para(b.text, size=16, indent=False, center=True)
            w.y -= 10
        elif b.kind == "heading":
            nxt = bl[i + 1] if i + 1 < len(bl) else None
            if nxt is not None and nxt.kind == "table" and not orphan_heading and not w.room(140):
                w.new_page()
            w.para(b.text, size=12, indent=False)
        elif b.kind == "para":
            w.para(b.text)
        else:
            assert b.grid is not None
            w.table(b.grid, rng)
    w.new_page()
    return {"footer": footer.format(n="N"), "pages": w.page - 1,
            "orphan_headings": orphan_heading, "tables_across_pages": w.split_tables}
