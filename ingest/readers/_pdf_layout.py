"""Page geometry for the PDF reader: chars -> text lines, ruling lines -> table grids.

Pure Python over plain numbers (no PDF library here), so the logic is testable with
synthetic pages. Coordinates are PDF points with the origin at the page's top-left
(y grows downwards): `top` < `bottom`.

A ruled ("lattice") table is rebuilt from its ruling lines: the distinct x of the vertical
rules and the distinct y of the horizontal rules define a grid of elementary cells; two
neighbouring elementary cells belong to the same (merged) cell when no rule separates
them. Every char goes to the elementary cell holding its centre. A merged cell's text is
reported at its top-left position; the other positions it covers are `None` (SPANNED).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ingest.readers._office_text import join_lines

SNAP = 2.0  # rules closer than this (pt) are the same rule
THIN = 3.0  # a filled rectangle thinner than this is drawn as a rule
MIN_RULE = 3.0  # shorter segments are ignored (corner ticks, glyph strokes)


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def h(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Seg:
    """An axis-aligned rule: horizontal (pos = y, a0..a1 = x) or vertical (pos = x, a0..a1 = y)."""

    pos: float
    a0: float
    a1: float


@dataclass(slots=True)
class Line:
    """A line of free (non-table) text, split into cells at wide gaps."""

    chars: list[Char]
    cells: list[str]
    x0: float
    top: float
    x1: float
    bottom: float
    h: float  # median char height
    page: int = 0
    cell_x0: list[float] = field(default_factory=list)
    is_title: bool = False

    @property
    def text(self) -> str:
        return " ".join(c for c in self.cells if c)


@dataclass(slots=True)
class GridRow:
    cells: list[str | None]
    top: float
    bottom: float
    covered_above: list[bool]  # position covered by a merged cell from the row above
    ocr: list[tuple[str, float] | None] | None = None  # OCR'd pages: per cell (text seen, confidence)


@dataclass(slots=True)
class Grid:
    """One run of rows of a ruled table on one page."""

    xs: list[float]
    rows: list[GridRow]
    page: int = 0

    @property
    def top(self) -> float:
        return self.rows[0].top

    @property
    def bottom(self) -> float:
        return self.rows[-1].bottom

    @property
    def ncols(self) -> int:
        return len(self.xs) - 1


# --------------------------------------------------------------------------- text lines


def _median(values: list[float]) -> float:
    s = sorted(values)
    return s[len(s) // 2] if s else 0.0


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Cluster chars into text lines (by vertical centre), each sorted left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.cy, c.x0))
    lines: list[list[Char]] = []
    cur: list[Char] = []
    cur_cy = cur_h = cur_top = cur_bottom = 0.0
    for c in ordered:
        h = max(c.h, 1.0)
        if cur and (abs(c.cy - cur_cy) <= 0.45 * max(h, cur_h)
                    # a small glyph (. 、 with a tight box) lying within the line's height
                    or (h < 0.6 * cur_h and c.top >= cur_top - 1.0 and c.bottom <= cur_bottom + 1.0)):
            cur.append(c)
            cur_top, cur_bottom = min(cur_top, c.top), max(cur_bottom, c.bottom)
            continue
        if cur:
            lines.append(cur)
        cur, cur_cy, cur_h, cur_top, cur_bottom = [c], c.cy, h, c.top, c.bottom
    if cur:
        lines.append(cur)
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def split_line(chars: list[Char], split_gap: float | None) -> tuple[list[str], list[float]]:
    """Texts of a line (sorted chars): a space for a space char or a visible gap, a new
    cell for a wide gap (space chars do not close a gap: columns padded with spaces)."""
    ink = [c for c in chars if c.text != " "]
    h = _median([c.h for c in ink]) or 10.0
    cells: list[str] = []
    starts: list[float] = []
    buf: list[str] = []
    prev: Char | None = None
    space = False
    for c in chars:
        if c.text == " ":
            space = prev is not None
            continue
        if prev is not None:
            gap = c.x0 - prev.x1
            if split_gap is not None and gap > split_gap * h:
                cells.append("".join(buf).strip())
                buf = []
                starts.append(c.x0)
            elif (space or gap > 0.35 * h) and buf and buf[-1] != " ":
                buf.append(" ")
        else:
            starts.append(c.x0)
        buf.append(c.text)
        prev = c
        space = False
    if prev is None:
        return [""], [chars[0].x0 if chars else 0.0]
    cells.append("".join(buf).strip())
    return cells, starts


def make_line(chars: list[Char], page: int, split_gap: float | None = 1.2) -> Line:
    cells, starts = split_line(chars, split_gap)
    ink = [c for c in chars if c.text != " "] or chars
    return Line(
        chars=chars,
        cells=cells,
        x0=min(c.x0 for c in ink),
        top=min(c.top for c in ink),
        x1=max(c.x1 for c in ink),
        bottom=max(c.bottom for c in ink),
        h=_median([c.h for c in ink]) or 10.0,
        page=page,
        cell_x0=starts,
    )


def cell_text(chars: list[Char]) -> str:
    """Text of one table cell: its lines joined (no separator between CJK characters)."""
    return join_lines(["".join(split_line(line, None)[0]) for line in group_lines(chars)])


# --------------------------------------------------------------------------- rules


def cluster(values: list[float], tol: float = SNAP) -> list[float]:
    """Sorted representatives of values, chaining values closer than tol."""
    if not values:
        return []
    vals = sorted(values)
    groups: list[list[float]] = [[vals[0]]]
    for v in vals[1:]:
        if v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def merge_segments(segs: list[Seg], tol: float = SNAP) -> list[Seg]:
    """Snap collinear rules to one position and join overlapping / touching pieces."""
    if not segs:
        return []
    out: list[Seg] = []
    positions = cluster([s.pos for s in segs], tol)
    by_pos: dict[int, list[Seg]] = {}
    for s in segs:
        k = min(range(len(positions)), key=lambda i: abs(positions[i] - s.pos))
        by_pos.setdefault(k, []).append(s)
    for k, group in by_pos.items():
        group.sort(key=lambda s: s.a0)
        cur = Seg(positions[k], group[0].a0, group[0].a1)
        for s in group[1:]:
            if s.a0 <= cur.a1 + tol:
                cur.a1 = max(cur.a1, s.a1)
            else:
                out.append(cur)
                cur = Seg(positions[k], s.a0, s.a1)
        out.append(cur)
    return out


class _UF:
    def __init__(self, n: int):
        self.p = list(range(n))

    def find(self, a: int) -> int:
        while self.p[a] != a:
            self.p[a] = self.p[self.p[a]]
            a = self.p[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.p[max(ra, rb)] = min(ra, rb)


def _covered(segs: list[Seg], pos: float, a: float, b: float, tol: float = SNAP) -> bool:
    """Is the span a..b at `pos` drawn (at least 60 % of it) by one of segs?"""
    need = 0.6 * (b - a)
    got = 0.0
    for s in segs:
        if abs(s.pos - pos) <= tol:
            got += max(0.0, min(s.a1, b) - max(s.a0, a))
            if got >= need:
                return True
    return False


def _drop_thin(bounds: list[float], centres: list[float], min_size: float = 3.5) -> list[float]:
    """Remove a boundary that makes an empty sliver (double rules) next to it."""
    out = list(bounds)
    k = 0
    while k < len(out) - 1:
        if out[k + 1] - out[k] < min_size and not any(out[k] < c < out[k + 1] for c in centres):
            # keep the outer boundary of the pair
            del out[k + 1 if k + 1 < len(out) - 1 else k]
            continue
        k += 1
    return out


def find_grids(hsegs: list[Seg], vsegs: list[Seg], chars: list[Char], page: int = 0) -> tuple[list[Grid], list[Char]]:
    """Ruled tables of a page, and the chars that are not inside any table row.

    Rows covering the whole width with one cell (a ruled caption, ruled body text) and
    one-column "tables" are not tables: their chars are returned as free text.
    """
    h = [s for s in merge_segments(hsegs) if s.a1 - s.a0 >= MIN_RULE]
    v = [s for s in merge_segments(vsegs) if s.a1 - s.a0 >= MIN_RULE]
    h += _open_edges(h, v)
    if len(h) < 2 or len(v) < 2:
        return [], chars
    uf = _UF(len(h) + len(v))
    tol = SNAP
    for i, hs in enumerate(h):
        for j, vs in enumerate(v):
            if vs.a0 - tol <= hs.pos <= vs.a1 + tol and hs.a0 - tol <= vs.pos <= hs.a1 + tol:
                uf.union(i, len(h) + j)
    comps: dict[int, tuple[list[Seg], list[Seg]]] = {}
    for i, hs in enumerate(h):
        comps.setdefault(uf.find(i), ([], []))[0].append(hs)
    for j, vs in enumerate(v):
        comps.setdefault(uf.find(len(h) + j), ([], []))[1].append(vs)

    grids: list[Grid] = []
    used: set[int] = set()
    for ch, cv in comps.values():
        if len(ch) < 2 or len(cv) < 2:
            continue
        grid_rows = _build_grid(ch, cv, chars, used)
        for rows, xs in grid_rows:
            grids.append(Grid(xs=xs, rows=rows, page=page))
    free = [c for k, c in enumerate(chars) if k not in used]
    grids.sort(key=lambda g: g.top)
    return grids, free


def _open_edges(h: list[Seg], v: list[Seg]) -> list[Seg]:
    """The top / bottom edge of a table part cut by a page break when no rule is drawn
    there (Chromium): three or more vertical rules ending together at the highest / lowest
    point any vertical rule reaches, with no horizontal rule along that line."""
    if len(v) < 3:
        return []
    out = []
    for y in (min(s.a0 for s in v), max(s.a1 for s in v)):
        ends = [s.pos for s in v if abs((s.a0 if y == min(t.a0 for t in v) else s.a1) - y) <= SNAP]
        if len(ends) < 3:
            continue
        x0, x1 = min(ends), max(ends)
        if not _covered(h, y, x0, x1):
            out.append(Seg(y, x0, x1))
    return out


def _build_grid(hs: list[Seg], vs: list[Seg], chars: list[Char], used: set[int]) -> list[tuple[list[GridRow], list[float]]]:
    x_lo = min(s.a0 for s in hs)
    x_hi = max(s.a1 for s in hs)
    xs = cluster([s.pos for s in vs] + [x_lo, x_hi])
    ys = cluster([s.pos for s in hs] + [min(s.a0 for s in vs), max(s.a1 for s in vs)])
    inside = [
        k
        for k, c in enumerate(chars)
        if k not in used and xs[0] - 1 <= c.cx <= xs[-1] + 1 and ys[0] - 1 <= c.cy <= ys[-1] + 1
    ]
    xs = _drop_thin(xs, [chars[k].cx for k in inside])
    ys = _drop_thin(ys, [chars[k].cy for k in inside])
    nr, nc = len(ys) - 1, len(xs) - 1
    if nr < 1 or nc < 1:
        return []
    uf = _UF(nr * nc)
    for i in range(nr):
        for j in range(nc):
            if j + 1 < nc and not _covered(vs, xs[j + 1], ys[i], ys[i + 1]):
                uf.union(i * nc + j, i * nc + j + 1)
            if i + 1 < nr and not _covered(hs, ys[i + 1], xs[j], xs[j + 1]):
                uf.union(i * nc + j, (i + 1) * nc + j)
    region = [uf.find(k) for k in range(nr * nc)]  # root = smallest index = top-left anchor
    texts: dict[int, list[int]] = {}
    for k in inside:
        c = chars[k]
        i = min(max(bisect.bisect_right(ys, c.cy) - 1, 0), nr - 1)
        j = min(max(bisect.bisect_right(xs, c.cx) - 1, 0), nc - 1)
        texts.setdefault(region[i * nc + j], []).append(k)
        used.add(k)

    out: list[tuple[list[GridRow], list[float]]] = []
    run: list[GridRow] = []

    def flush() -> None:
        nonlocal run
        if run:
            out.append((run, xs))
        run = []

    for i in range(nr):
        roots = {region[i * nc + j] for j in range(nc)}
        anchored = [r for r in roots if r // nc == i]
        if not anchored:
            continue  # fully covered by merged cells from above
        if len(roots) == 1 or nc == 1:
            # one cell across the whole width: a caption or ruled body text, not table data
            flush()
            for r in anchored:
                used.difference_update(texts.get(r, []))
            continue
        cells: list[str | None] = []
        above: list[bool] = []
        for j in range(nc):
            k = i * nc + j
            r = region[k]
            if r == k:
                cells.append(cell_text([chars[m] for m in texts.get(r, [])]))
                above.append(False)
            else:
                cells.append(None)
                above.append(r // nc < i)
        run.append(GridRow(cells=cells, top=ys[i], bottom=ys[i + 1], covered_above=above))
    flush()
    return out


# --------------------------------------------------------------------------- page furniture

_PAGE_NO = re.compile(
    r"^(?:[-—–－_~·.\s]*\d{1,4}[-—–－_~·.\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[/，,、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?i:page)\s*\d{1,4}(?:\s*(?i:of)\s*\d{1,4})?)$"
)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NO.match(text.strip()))


# digits may be split by spaces: a number wrapped in a narrow cell, its lines joined
_VALUE = re.compile(r"^(?:[-+]?[\d,，.]+(?:\s+[\d,，.]+)*\s*(?:件|万元|元|条|个|次|%)?|[/／—\-–]+|无)$")


# A label opening with an enumeration (一、 （三） 2. ①) starts a row of its own.
ENUMERATED = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．]|[①-⑳])")


def is_known_label(text: str) -> bool:
    """Is text, alone, a label of the report format (ingest/data/labels.csv)?"""
    from ingest.labels import label_table
    from ingest.normalize import norm_label

    key = norm_label(text)
    return bool(key) and bool(label_table().lookup(key))


def is_value(text: str | None) -> bool:
    return text is not None and (text == "" or bool(_VALUE.match(text.strip())))
