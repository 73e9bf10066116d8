"""Unruled (borderless) tables of a page without drawn lines, rebuilt from text positions.

A run of lines whose right part holds values (numbers, —, 无) with, between them, lines
holding only label text left of the values is one table body. Its value columns are the
x intervals the values of all its lines occupy; a line's value goes to the column it sits
in and the columns it has no value in are blank cells (""). Label columns start where
label segments start. A row starts at a line with values (values sit on a row's first
line) or at a label-only line opening an enumerated label after a row gap or in a column
where the row above already has its label (a row with no values printed). Other
label-only lines (at line pitch below the line above), and label segments left of a row's
own label that are not enumerated, continue the label above them in their column (a label
wrapped over lines, a label merged over rows). A line of values alone at line pitch below
a line of values, each under a value, holds the next digits of numbers wrapped in narrow
cells. A table running off the page continues at the top of the next with its columns and
rows. When a run's values do not fall one per column, it is left as it was printed (lines
split at wide gaps): the mapper then places the values by the identities or leaves them
missing, never by a guess here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.readers._office_text import join_lines
from ingest.readers._pdf_layout import ENUMERATED, Char, Line, is_known_label, is_value, split_line

SEG_GAP = 0.8  # a gap wider than this many char heights separates two cells
LINE_GAP = 0.8  # lines of one cell are closer than this many char heights; rows are further apart
COL_PAD = 2.0  # pt added on each side of a value when value intervals are merged into columns
_PUNCT_ONLY = re.compile(r"[.．,，、:：;；]+")
_MARKED = re.compile(r"[\d/／—\-–无]")
# an enumerated marker cut by a narrow cell ("（三" over "）不予公开"): it opens a label too
_CUT_MARKER = re.compile(r"^\s*[（(]\s*[一二三四五六七八九十\d]+\s*$")


@dataclass(slots=True)
class _Seg:
    text: str
    x0: float
    x1: float
    value: bool


def _segments(line: Line) -> list[_Seg]:
    ink = [c for c in line.chars if c.text != " "]
    out: list[_Seg] = []
    group: list[Char] = []
    for c in ink:
        if group and c.x0 - group[-1].x1 > SEG_GAP * line.h:
            out.append(_seg(group))
            group = []
        group.append(c)
    if group:
        out.append(_seg(group))
    merged: list[_Seg] = []
    for sg in out:
        if merged and _PUNCT_ONLY.fullmatch(sg.text):
            prev = merged[-1]  # punctuation pushed past the cell edge ("1" ... ".")
            merged[-1] = _Seg(prev.text + sg.text, prev.x0, sg.x1, prev.value)
        else:
            merged.append(sg)
    return merged


def _seg(chars: list[Char]) -> _Seg:
    text = split_line(chars, None)[0][0]
    # a value holds a digit or is a printed mark (—, /, 无); a lone "." or "," is label punctuation
    return _Seg(text, chars[0].x0, max(c.x1 for c in chars), is_value(text) and _MARKED.search(text) is not None)


def _shape(segs: list[_Seg]) -> str:
    """'values': labels (maybe none) then at least one value; 'labels': no value; else 'other'."""
    first_value = next((k for k, s in enumerate(segs) if s.value), None)
    if first_value is None:
        return "labels"
    if all(s.value for s in segs[first_value:]):
        return "values"
    return "other"


Columns = list[tuple[float, float]]
_TableRow = tuple[list[str | None], dict[int, str] | None, Line]  # label cells, values by column, its line


@dataclass(slots=True)
class Carry:
    """A borderless table that ran to the end of a page: its columns and rows, which the
    lines at the top of the next page continue."""

    vcols: Columns
    lcols: list[float]
    rows: list[_TableRow]


def rebuild(lines: list[Line], carry: Carry | None = None,
            seen: set[str] | frozenset[str] = frozenset()) -> tuple[list[Line], Carry | None]:
    """The page's free lines with each borderless table body rebuilt into rows of cells.

    `carry`: a table that ran to the end of the page before; lines at the top of this page
    continue it (its columns: rows whose cells are all blank have no values to find them
    by; its last rows: a label split by the page break). Returns the lines and what to
    carry to the next page. `seen`: texts of the lines of the pages before; a continued
    table's header lines repeated at the top of this page are dropped."""
    segs = [_segments(ln) for ln in lines]
    shapes = [_shape(s) for s in segs]
    out: list[Line] = []
    k = 0
    if carry:
        while k < len(lines) and shapes[k] != "values" and lines[k].text in seen:
            k += 1  # header lines repeated on each page
    start = k
    carried = None
    while k < len(lines):
        if k == start and carry and (shapes[k] == "values"
                                     or (shapes[k] == "labels" and lines[k].x1 < carry.vcols[0][0] - 2.0
                                         and not _starts_anew(carry, segs[k][0].text))):
            carried, val_x0 = carry, carry.vcols[0][0]
        elif shapes[k] == "values":
            carried, val_x0 = None, min(s.x0 for s in segs[k] if s.value)
        else:
            out.append(lines[k])
            k += 1
            continue
        run = [k]
        m = k + 1
        while m < len(lines):
            if shapes[m] == "values":
                val_x0 = min(val_x0, *(s.x0 for s in segs[m] if s.value))
            elif not (shapes[m] == "labels" and lines[m].x1 < val_x0 - 2.0
                      and (_tight(lines[run[-1]], lines[m]) or ENUMERATED.match(segs[m][0].text))
                      and lines[m].top - lines[run[-1]].bottom <= 2.5 * lines[m].h):
                break
            run.append(m)
            m += 1
        # label-only lines just above (a table continued from the previous page whose rows
        # start with no values, or the start of a label whose values are centred)
        while (out and out[-1] is lines[run[0] - 1] and shapes[run[0] - 1] == "labels"
               and lines[run[0] - 1].x1 < val_x0 - 2.0
               and lines[run[0]].top - lines[run[0] - 1].bottom <= 2.5 * lines[run[0]].h):
            out.pop()
            run.insert(0, run[0] - 1)
        built = _table(lines, segs, run, carried) if carried else None
        if built is None:
            built = _table(lines, segs, run, None)
        out.extend(built[0] if built is not None else (lines[i] for i in run))
        k = run[-1] + 1
        if k == len(lines):
            return out, built[1] if built is not None else None
    return out, None


def _starts_anew(carry: Carry, text: str) -> bool:
    """Does a label-only line at the top of a page start something new (a caption, the
    next section) rather than continue the table of the page before? Yes when it is not
    an enumerated row and both it and the last row's label are whole labels."""
    last = next((c for c in reversed(carry.rows[-1][0]) if c), None) if carry.rows else None
    return last is not None and not ENUMERATED.match(text) and is_known_label(last) and is_known_label(text)


def _row_of_its_own_after(labs: list[list[_Seg]], vals: list[dict[int, str]], i: int) -> bool:
    """Is line i of a run followed by nothing, or by a line opening a row of its own (label
    and values)? Not so for values standing above their own row's label (values centred)."""
    return i + 1 == len(labs) or bool(labs[i + 1] and vals[i + 1])


def _tight(above: Line, line: Line) -> bool:
    """Is line the next line of the same cell text as above (line pitch, no row gap)?"""
    return line.top - above.bottom <= LINE_GAP * line.h


def _columns(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    cols: list[list[float]] = []
    for x0, x1 in sorted(intervals):
        if cols and x0 - COL_PAD <= cols[-1][1] + COL_PAD:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    return [(a, b) for a, b in cols]


def _col_of(cols: list[tuple[float, float]], s: _Seg) -> int | None:
    hits = [j for j, (a, b) in enumerate(cols) if s.x0 < b + COL_PAD and s.x1 > a - COL_PAD]
    return hits[0] if len(hits) == 1 else None


def _table(lines: list[Line], segs: list[list[_Seg]], run: list[int],
           carry: Carry | None) -> tuple[list[Line], Carry] | None:
    vals = [[s for s in segs[i] if s.value] for i in run]
    labs = [[s for s in segs[i] if not s.value] for i in run]
    vcols = carry.vcols if carry else _columns([(s.x0, s.x1) for v in vals for s in v])
    if not vcols:
        return None
    old = list(carry.lcols) if carry else []
    lcols = sorted(old + [x for x in {round(s.x0) for ls in labs for s in ls} if all(abs(x - c) > 3.0 for c in old)])
    lcols = [x for k, x in enumerate(lcols) if k == 0 or x - lcols[k - 1] > 3.0 or x in old]
    placed_vals: list[dict[int, str]] = []
    for v in vals:
        at: dict[int, str] = {}
        for s in v:
            j = _col_of(vcols, s)
            if j is None or j in at:
                return None
            at[j] = s.text
        placed_vals.append(at)

    def lcol(s: _Seg) -> int:
        return max((j for j, x in enumerate(lcols) if x <= s.x0 + 3.0), default=0)

    carried = list(carry.rows) if carry else []
    for cells, _, _ in carried:  # onto the merged label columns, in place (their lines are out already)
        moved: list[str | None] = [None] * len(lcols)
        for x, c in zip(old, cells):
            moved[lcols.index(x)] = c
        cells[:] = moved
    rows: list[_TableRow] = list(carried)
    before: list[Line] = []  # lines above the first row (the end of a row begun on a page before)

    def continue_label(j: int, text: str) -> None:
        for cells, _, _ in reversed(rows):
            if cells[j]:
                cells[j] = join_lines([cells[j], text])
                return
        if rows:
            rows[-1][0][j] = text

    def _filled_from(rows: list, j: int) -> bool:
        """Does the last row already hold text in label column j or right of it?"""
        return bool(rows) and any(rows[-1][0][j:])

    for i, line_no in enumerate(run):
        ls, at = labs[i], placed_vals[i]
        enum = [bool(ENUMERATED.match(s.text) or _CUT_MARKER.match(s.text)) for s in ls]
        if (at and not ls and rows and rows[-1][1] and all(j in rows[-1][1] for j in at)
                and ((i and placed_vals[i - 1] and _tight(lines[run[i - 1]], lines[line_no]))
                     or (not i and carried and _row_of_its_own_after(labs, placed_vals, i)))):
            # the next digits of numbers wrapped in their cells (at line pitch, no row gap; or
            # at the top of the page, under the values of the row the page before ended with)
            for j, text in at.items():
                rows[-1][1][j] += text
            continue
        if at and rows and rows[-1][1] is None and not any(enum):
            # values of a row whose label began on an earlier line (values centred)
            rows[-1] = (rows[-1][0], at, rows[-1][2])
            for s in ls:
                continue_label(lcol(s), s.text)
            continue
        if at or (any(enum) and (not (i and _tight(lines[run[i - 1]], lines[line_no]))
                                 or _filled_from(rows, lcol(ls[enum.index(True)])))):
            first_own = len(ls) - 1 if at else next(k for k, e in enumerate(enum) if e)
            if at and any(enum):
                first_own = min(first_own, next(k for k, e in enumerate(enum) if e))
            cells = [None] * len(lcols)
            early = []
            for k, s in enumerate(ls):
                if k < first_own and not enum[k]:
                    early.append(s)
                else:
                    j = lcol(s)
                    cells[j] = join_lines([cells[j], s.text]) if cells[j] else s.text
            for s in early:
                continue_label(lcol(s), s.text)
            rows.append((cells, at or None, lines[line_no]))
            continue
        if not rows:
            before.append(lines[line_no])
            continue
        for s in ls:
            continue_label(lcol(s), s.text)
    out: list[Line] = list(before)
    for k, (cells, at, line) in enumerate(rows):
        values = [(at or {}).get(j, "") for j in range(len(vcols))]
        line.cells = [*cells, *values]  # rows carried from the page before are updated in place
        line.cell_x0 = [*lcols, *(a for a, _ in vcols)]
        if k >= len(carried):
            out.append(line)
    return out, Carry(vcols, lcols, rows)
