"""Page geometry -> SourceDoc: the table and text logic every page-based reader shares.

A page-based reader (PDF via pdfium, OFD, OCR of scanned pages) only has to say where the
glyphs and the drawn lines of each page are; this module rebuilds ruled tables, text
lines, unruled tables, paragraphs and tables continued across pages, and produces the
`SourceDoc` rows and text the mapper reads.

Stable API (other readers import these names; keep them):

- `Char(text, x0, top, x1, bottom)` -- one glyph (text already NFKC-folded, see
  `_office_text.fold`; a real space is " ").
- `Seg(pos, a0, a1)` -- an axis-aligned drawn line: horizontal (pos = y, a0..a1 = x) or
  vertical (pos = x, a0..a1 = y). Also the edges of drawn rectangles / cell borders.
- `PageGeometry(number, width, height, chars, hsegs, vsegs, lost=[])` -- one page.
  Coordinates are points (1/72 inch), origin at the page's top-left, y grows downwards
  (`top` < `bottom`). `number` is 1-based. `lost` lists (x, y) points where the source
  had text the reader could not extract (its table cell is reported, never read as blank).
  `table_pass(grid)`, when given, is called on each ruled table found on the page (an OCR
  reader re-reads value cells there and records per cell what it saw in `GridRow.ocr`,
  carried to `Row.ocr`).
- `read_pages(pages, format="pdf", issues=None) -> SourceDoc` -- the rows (with page and
  table numbers) and running text of the whole document; `issues` are kept first.
- `count_ink(page) -> int` -- visible glyphs of a page (0: a page without text).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ingest.model import Issue, Row, SourceDoc
from ingest.readers._borderless import Carry, rebuild
from ingest.readers._office_text import join_lines
from ingest.readers._pdf_layout import (
    ENUMERATED,
    Char,
    Grid,
    Line,
    Seg,
    find_grids,
    group_lines,
    is_known_label,
    is_page_number,
    is_value,
    make_line,
)

__all__ = ["Char", "Grid", "PageGeometry", "Seg", "count_ink", "read_pages"]

Seen = tuple[str, float]  # an OCR'd cell: (text as recognised, confidence 0..1)

MARGIN = 0.09  # share of the page height at top and bottom where headers / footers live
MAX_RULES = 4_000  # rules per orientation per page handed to the grid builder
# A line opening with a heading number starts a block; it never continues a paragraph.
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d+\s*[、.．](?!\d)|第[一二三四五六七八九十\d]+[章节条部分])")


@dataclass(slots=True)
class PageGeometry:
    """What a page-based reader extracts from one page (see the module docstring)."""

    number: int
    width: float
    height: float
    chars: list[Char]
    hsegs: list[Seg] = field(default_factory=list)
    vsegs: list[Seg] = field(default_factory=list)
    lost: list[tuple[float, float]] = field(default_factory=list)
    # a reader's own pass over each ruled table of the page, right after it is found and
    # before tables are joined across pages (OCR: value cells read again, GridRow.ocr set)
    table_pass: Callable[[Grid], None] | None = None


def count_ink(page: PageGeometry) -> int:
    return sum(c.text != " " for c in page.chars)


# --------------------------------------------------------------------------- page layout


class _Page:
    def __init__(self, number: int, width: float, height: float, grids: list[Grid], lines: list[Line]):
        self.number = number
        self.width = width
        self.height = height
        self.grids = grids
        self.lines = lines

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



def _layout_page(geo: PageGeometry, carry: Carry | None = None,
                 seen: set[str] | frozenset[str] = frozenset()) -> tuple[_Page, int, Carry | None]:
    """Grids and free text lines of one page, how many table cells read blank although a
    lost text run sits in them, and the columns of an unruled table running off its end."""
    hsegs, vsegs = geo.hsegs, geo.vsegs
    if len(hsegs) > MAX_RULES or len(vsegs) > MAX_RULES:
        hsegs, vsegs = [], []  # a vector drawing, not a table: read the page as text
    grids, free = find_grids(hsegs, vsegs, geo.chars, page=geo.number)
    if geo.table_pass is not None:
        for grid in grids:
            geo.table_pass(grid)
    lines = [make_line(lc, geo.number) for lc in group_lines(free) if any(c.text != " " for c in lc)]
    height = geo.height
    # page furniture: page numbers in the top / bottom margin
    lines = [
        ln
        for ln in lines
        if not (
            is_page_number(ln.text)
            and ((ln.bottom <= height * MARGIN) or (ln.top >= height * (1 - MARGIN)) or _is_extreme(ln, grids, lines))
            and not _continues_carried_values(ln, carry, lines)
        )
    ]
    carry_out = None
    if not grids and not hsegs and not vsegs:
        lines, carry_out = rebuild(lines, carry, seen)  # no drawn line on the page: unruled tables by text position
    lines = _attach_wrapped_labels(lines)
    return _Page(geo.number, geo.width, height, grids, lines), _blank_cells_at(grids, geo.lost), carry_out


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


def _continues_carried_values(ln: Line, carry: Carry | None, lines: list[Line]) -> bool:
    """Is a number at the top of the page, under a value column of the unruled table the page
    before ran off with, the rest of a value wrapped over the page break (`1` / `2` is 12)
    rather than a page number?"""
    if carry is None or ln.top > min(b.top for b in lines):
        return False
    return any(x0 - 2.0 <= ln.x0 and ln.x1 <= x1 + 2.0 for x0, x1 in carry.vcols)


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


COLUMN_TOL = 3.0  # column boundaries of one table on two pages closer than this (pt) are the same


def _near(x: float, xs: list[float]) -> bool:
    k = bisect.bisect_left(xs, x)
    return any(abs(xs[i] - x) <= COLUMN_TOL for i in (k - 1, k) if 0 <= i < len(xs))


def _compatible_columns(a: Grid, b: Grid) -> bool:
    """Can b continue a on the next page? Same outer edges, and the column boundaries of
    one are among the other's (a page's rows may merge columns the other page splits)."""
    if abs(a.xs[0] - b.xs[0]) > COLUMN_TOL or abs(a.xs[-1] - b.xs[-1]) > COLUMN_TOL:
        return False
    return all(_near(x, b.xs) for x in a.xs) or all(_near(x, a.xs) for x in b.xs)


def _refined(grid: Grid, xs: list[float]) -> list[tuple[list[str | None], list[bool], list[Seen | None]]]:
    """The grid's rows on the finer column boundaries xs: a cell spanning several of them
    keeps its text in the first, the others are covered (None). With each row, which of
    its positions are covered from the row above, and what OCR saw in each (GridRow.ocr)."""
    starts = [min(range(len(xs)), key=lambda i: abs(xs[i] - x)) for x in grid.xs]
    out = []
    for r in grid.rows:
        cells: list[str | None] = []
        above: list[bool] = []
        seen: list[Seen | None] = []
        for j, c in enumerate(r.cells):
            extra = starts[j + 1] - starts[j] - 1
            cells += [c] + [None] * extra
            above += [r.covered_above[j]] * (extra + 1)
            seen += [r.ocr[j] if r.ocr else None] + [None] * extra
        out.append((cells, above, seen))
    return out


def _table_rows(chain: list[Grid]) -> list[tuple[list[str | None], int, list[Seen | None]]]:
    """Rows of one table whose grids sit on consecutive pages, on common columns, with the
    rests of merged labels covered and rows split by a page break joined."""
    xs = sorted(chain[0].xs)
    for g in chain[1:]:
        xs = sorted(xs + [x for x in g.xs if not _near(x, xs)])
    grids = [_refined(g, xs) for g in chain]
    labels = _label_columns([[cells for cells, _, _ in g] for g in grids])
    header = {_signature(cells) for cells, _, _ in _header_rows(grids[0])}
    out: list[tuple[list[str | None], list[bool], int, list[Seen | None]]] = []
    for k, (g, grid_rows) in enumerate(zip(chain, grids)):
        if k:
            # header rows repeated at the top of each page (Word / Writer "repeat heading rows")
            while grid_rows and _signature(grid_rows[0][0]) in header:
                grid_rows = grid_rows[1:]
        if k and grid_rows and out:
            _continue_merged_labels(grid_rows[0][0], out[-1][0])
            if _join_split_row(out, grid_rows[0][0], labels, grid_rows[0][2]):
                grid_rows = grid_rows[1:]
        out.extend((cells, above, g.page, seen) for cells, above, seen in grid_rows)
    return [(cells, page, seen) for cells, _, page, seen in out]


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



def read_pages(pages: Iterable[PageGeometry], format: str = "pdf", issues: list[Issue] | None = None) -> SourceDoc:
    """The document's rows and running text from the geometry of its pages."""
    issues = list(issues or [])
    laid: list[_Page] = []
    lost_cells: list[tuple[int, int]] = []
    carry: Carry | None = None
    seen: set[str] = set()
    for geo in pages:
        lp, lost, carry = _layout_page(geo, carry, seen)
        seen.update(ln.text for ln in lp.lines)
        if lost:
            lost_cells.append((geo.number, lost))
        laid.append(lp)
    if lost_cells:
        issues.append(
            Issue("warning", "pdf.text_not_extractable",
                  f"{sum(n for _, n in lost_cells)} table cells hold text in a font that is not embedded and that "
                  "no installed font can stand in for (a CJK font such as STSong-Light); their text could not be "
                  "extracted and they read as blank",
                  "page " + ", ".join(str(p) for p, _ in lost_cells))
        )
    _drop_running_headers(laid)

    rows: list[Row] = []
    texts: list[str] = []
    chain: list[Grid] = []  # one table: its grids on consecutive pages
    table_no = -1

    def emit(cells: list[str | None], page_no: int, table: int | None, xs: list[float] | None = None,
             seen: list[Seen | None] | None = None) -> None:
        # a free line's cells carry where they start (points): table 4's values printed
        # with blanks left out are placed under their headers by position
        cols = [round(x) for x in xs] if xs and len(xs) == len(cells) else None
        rows.append(Row(cells=cells, line=len(rows) + 1, page=page_no, table=table, cols=cols, ocr=seen))
        if table is None:
            texts.append(" ".join(c for c in cells if c))
        else:
            texts.extend(c for c in cells if c)

    def flush() -> None:
        nonlocal table_no
        if chain:
            table_no += 1
            for cells, page_no, seen in _table_rows(chain):
                emit(cells, page_no, table_no, seen=seen if any(seen) else None)
            chain.clear()

    for block, page_no in _paragraphs(laid):
        if isinstance(block, Grid):
            if not (chain and chain[-1].page == block.page - 1 and _compatible_columns(chain[-1], block)
                    and _first_on_page(block, laid)):
                flush()
            chain.append(block)
            continue
        flush()
        if any(block.cells):
            emit(list(block.cells), page_no, None, block.cell_x0)
    flush()
    return SourceDoc(format=format, rows=rows, text="\n".join(texts), issues=issues)


def _header_rows(rows: list[tuple[list[str | None], list[bool], list]]) -> list[tuple[list[str | None], list[bool], list]]:
    """The leading rows of a table that hold no value (its header)."""
    out = []
    for row in rows:
        if any(c and is_value(c) for c in row[0]):
            break
        out.append(row)
    return out


def _signature(cells: list[str | None]) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", c) for c in cells if c)


def _first_on_page(grid: Grid, pages: list[_Page]) -> bool:
    page = next(p for p in pages if p.number == grid.page)
    return not any(ln.bottom <= grid.top + 1 for ln in page.lines) and not any(
        g.top < grid.top for g in page.grids
    )


def _continue_merged_labels(first: list[str | None], last: list[str | None]) -> None:
    """A table continued from the previous page: its first row's leading empty cells are
    the rest of merged label cells begun on that page, i.e. covered, not blank — unless
    values follow them and the last row on that page holds none (table 4's values row at
    the top of a page under its header, its first proceeding left blank): a header's
    merged cells do not run on into a row of values, those are the row's own blank cells."""
    lead = next((c for c in first if c), None)
    if lead is None or is_value(lead) and not any(c and is_value(c) for c in last):
        return
    for j, cell in enumerate(first):
        if cell is None:
            continue
        if cell != "":
            break
        first[j] = None




def _label_columns(grids: list[list[list[str | None]]]) -> set[int]:
    """Columns whose filled cells are mostly labels (not numbers)."""
    words: Counter[int] = Counter()
    values: Counter[int] = Counter()
    for g in grids:
        for r in g:
            for j, c in enumerate(r):
                if c:
                    (values if is_value(c) else words)[j] += 1
    return {j for j in words if words[j] > values[j]}


def _anchor(rows: list[tuple[list[str | None], list[bool], int, list]], j: int) -> tuple[int, int] | None:
    """Row and column of the cell that covers position j of the last row."""
    i = len(rows) - 1
    while i >= 0 and j >= 0:
        cells, above = rows[i][:2]
        if cells[j] is not None:
            return i, j
        if above[j]:
            i -= 1
        else:
            j -= 1
    return None


# a number cut inside a thousands group (`2,29`, `2,`): no number is printed so, its rest follows
_CUT_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})*,\d{0,2}")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")


def _ends_cut_numbers(a: list[str | None], b: list[str | None], labels: set[int]) -> bool:
    """Does b, the first row on a page, hold the rests of numbers the last row's cells were cut
    in (`2,29` / `1` is 2,291, its label's end `量` with them)? Every value of b must complete
    a cut number above it into a well-grouped one; its other text may only be a label's end in
    a label column; and at least one number must be completed."""
    cut = False
    for j, (x, y) in enumerate(zip(a, b)):
        if not y:
            continue
        if x and _CUT_NUMBER.fullmatch(x.replace(" ", "")):
            if not (y.isdigit() and _GROUPED.fullmatch(x.replace(" ", "") + y)):
                return False
            cut = True
        elif is_value(y) or j not in labels or is_known_label(y):
            return False
    return cut


def _join_split_row(rows: list[tuple[list[str | None], list[bool], int, list[Seen | None]]], b: list[str | None],
                    labels: set[int], b_seen: list[Seen | None]) -> bool:
    """Is b, the first row on a page, the rest of the table's last row so far (a row split
    by the page break)? If so its texts are appended to the cells they continue.

    One row: b holds only label text, in label columns, that does not start a row (no
    enumeration such as （三）, 2., 一、, nor a label of its own after a complete one), e.g. a label whose
    end wrapped onto the next page; or the last row holds only an enumerated label and b
    its values (the label's end with them); or neither holds a number (a header row
    split). A value on both sides of the break in one column is one number only when b opens
    with the end of a label the last row left incomplete."""
    a = rows[-1][0]
    if len(a) != len(b):
        return False
    a_text = [c for c in a if c]
    b_text = [c for c in b if c]
    if not b_text or not a_text:
        return False
    enum_at = next((j for j, c in enumerate(b) if c and j in labels and ENUMERATED.match(c)), None)
    if enum_at is not None:
        # b opens a row of its own; label text left of its enumerated label is the end of
        # a label merged over rows above (（五）不 / 予处理)
        for j in range(enum_at):
            if b[j] and not is_value(b[j]) and (at := _anchor(rows, j)) is not None:
                rows[at[0]][0][at[1]] = join_lines([rows[at[0]][0][at[1]] or "", b[j]])
                b[j] = None
        return False
    a_label = next((c for j, c in enumerate(a) if c and j in labels and not is_value(c)), None)
    a_complete = a_label is not None and is_known_label(a_label)
    if _ends_cut_numbers(a, b, labels):
        pass  # `2,29` / `1`: the row's numbers run on over the break, whatever its label reads like
    elif a_complete and is_known_label(b_text[0]):
        return False  # two complete labels: two rows

    def only_labels(cells: list[str | None]) -> bool:
        return all(j in labels and not is_value(c) for j, c in enumerate(cells) if c)

    def has_values(cells: list[str | None]) -> bool:
        return any(is_value(c) for c in cells if c)

    b_first = next(j for j, c in enumerate(b) if c)
    if _ends_cut_numbers(a, b, labels):
        pass
    elif any(x and y and is_value(x) and is_value(y) for x, y in zip(a, b)):
        # a value on both sides of the break: one cell's text (a number wrapped digit by
        # digit) only when b opens with the rest of a label that a left incomplete
        if not (b_first in labels and not is_value(b[b_first]) and not a_complete):
            return False
    elif not (only_labels(b)
              or (only_labels(a) and ENUMERATED.match(a_text[0]) and has_values(b))
              or (not has_values(a) and not has_values(b))):
        return False
    targets = []
    for j, y in enumerate(b):
        if y:
            at = _anchor(rows, j)
            if at is None:
                return False
            targets.append((at, y, b_seen[j]))
    for (i, j), y, seen in targets:
        rows[i][0][j] = join_lines([rows[i][0][j] or "", y])
        if seen is not None:  # OCR: the joined cell is as sure as its less sure part
            was = rows[i][3][j]
            rows[i][3][j] = (was[0] + seen[0], min(was[1], seen[1])) if was else seen
    return True
