"""The readings of table 3's segments (plain `pdftotext`): a segment's flows cut into bands of
rows, each band's flows placed as columns in poppler's orders (see `ingest.readers.text_blocks`).

Poppler prints a band's columns out of order only at a break of the flows: under the table's
header, under a header repeated on a later page, across a page's foot (the 107 rendered
documents' truth holds no other). A band between two bands of one page, with no text or page
break before it or in it and none after it, is read in printed order only: the reading that
also reorders it (with the first band, the same columns swapped in both) is not weighed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import chain, product

from ingest import codes
from ingest.alignment import Token, row_total_holds
from ingest.alignment_breaks import MARGIN, MAX_BROKEN
from ingest.readers.block_band_memo import memoised
from ingest.readers.block_head_order import WIDE, keeps_order, natural_first, unheaded, wider_orders
from ingest.readers.block_headers import header_column
from ingest.readers.block_regroup import columns_within, first_cut, row_one_apart, shared_flow_band, split_band
from ingest.readers.block_row_blocks import last_row_apart, split_whole
from ingest.readers.block_first_columns import first_columns
from ingest.readers.block_segments import Breaks, Segment, line_index
from ingest.readers.block_total_apart import total_apart

_WIDTH = len(codes.APPLICANTS)

Rows = list[list[Token]]


Shape = tuple[list[Rows], list[Rows]]  # (readings as printed, readings with one band's flows reordered)


def distinct_readings(segments: list[Segment], nrows: int, totals: bool = False) -> Iterator[Rows]:
    """`table_readings` without the same rows again (a band's readings differ in values, its
    rows are the same objects whichever other band is read out of order)."""
    seen: set[tuple] = set()
    for reading in table_readings(segments, nrows, totals):
        rows = tuple(map(id, reading))
        if rows not in seen:
            seen.add(rows)
            yield reading


def table_readings(segments: list[Segment], nrows: int, totals: bool = False) -> Iterator[Rows]:
    """The readings of the table: every segment as printed (its first band in every placement
    tried), then every segment as printed but one band (see `_band`). `totals`: only segment
    readings whose every row total holds (the caller requires them all)."""
    for shapes in product(*(_kept(x, i == 0, totals) for i, x in enumerate(segments))):
        if sum(len((shape[0] or shape[1])[0]) for shape in shapes) != nrows:
            continue
        bases = [shape[0] for shape in shapes]
        for combo in product(*bases):
            yield [row for rows in combo for row in rows]
        for i, shape in enumerate(shapes):
            for other in shape[1]:
                for combo in product(*([other] if j == i else base for j, base in enumerate(bases))):
                    yield [row for rows in combo for row in rows]


def placeable(segments: list[Segment], memo: dict[tuple, bool]) -> bool:
    """Whether every segment has some reading whose every row total holds (`memo`: by the
    segment's printed values, shared across choices of the segments)."""
    for i, x in enumerate(segments):
        key = (i == 0, *(tuple((t.value, t.state, t.where) for t in g) for g in [x.pre, x.beside, *x.groups]))
        if key not in memo:
            memo[key] = bool(_kept(x, i == 0, True))
        if not memo[key]:
            return False
    return True


def least_failing(segments: list[Segment], memo: dict[tuple, int]) -> int | None:
    """The fewest row totals any reading of the segments breaks, each segment's weighed alone
    (its rows are its own), with bands breaking some weighed as under `weighing_slips`; None
    where some segment has no reading (`memo`: by the segment's printed values)."""
    token = _SLIPS.set(True)
    try:
        total = 0
        for i, x in enumerate(segments):
            key = (i == 0, *(tuple((t.value, t.state, t.where) for t in g) for g in [x.pre, x.beside, *x.groups]))
            if key not in memo:
                memo[key] = min((sum(not row_total_holds(row) for row in rows)
                                 for base, moved in _kept(x, i == 0, False) for rows in (*base, *moved)), default=-1)
            if memo[key] < 0:
                return None
            total += memo[key]
        return total
    finally:
        _SLIPS.reset(token)


def _kept(segment: Segment, head: bool, totals: bool) -> list[Shape]:
    """The shapes of the segment; with `totals`, only readings whose every row total holds, and
    only shapes left with some."""
    shapes = _segment(segment, head)
    if not totals:
        return shapes

    def whole(readings: list[Rows]) -> list[Rows]:
        return [r for r in readings if all(row_total_holds(row) for row in r)]
    kept = [(whole(base), whole(moved)) for base, moved in shapes]
    return [(base, moved) for base, moved in kept if base or moved]


def _segment(segment: Segment, head: bool) -> list[Shape]:
    """The shapes of one label flow's rows: its flows as bands of seven columns; or, where the
    label flow holds w values a row, those beside bands of the other 7 - w columns (then bands
    of seven for rows whose values all stand apart). `head`: the segment under the table's header."""
    if not segment.beside:
        if not segment.groups:
            return [([[]], [])]  # no rows: labels only
        return _shapes(segment.groups, _WIDTH, head, segment.breaks, fixed=unheaded(segment) if head else None)
    if segment.pre:
        return _under_repeated_header(segment)
    out: list[Shape] = []
    beside = segment.beside
    for w in range(1, _WIDTH):
        if len(beside) % w:
            continue
        r = len(beside) // w
        cut = next((j for j in range(len(segment.groups) + 1)
                    if sum(map(len, segment.groups[:j])) == (_WIDTH - w) * r), None)
        if cut is None:
            continue
        first = [beside[i * w:(i + 1) * w] for i in range(r)]
        rests: list[Shape] = (_shapes(segment.groups[cut:], _WIDTH, False, segment.breaks) if cut < len(segment.groups)
                              else [([[]], [])])
        fixed = unheaded(segment)[:cut] if head else None
        for base, moved in _shapes(segment.groups[:cut], _WIDTH - w, head, segment.breaks, fixed=fixed):
            if len(base[0]) != r:
                continue
            for rest_base, rest_moved in rests:
                def joined(side: Rows, rest: Rows) -> Rows:
                    return [a + b for a, b in zip(first, side)] + rest
                out.append(([joined(b, c) for b in base for c in rest_base],
                            [joined(b, c) for b in moved for c in rest_base]
                            + [joined(b, c) for b in base for c in rest_moved]))
    return out


def _under_repeated_header(segment: Segment) -> list[Shape]:
    """The shapes of a label flow whose first k rows have no values beside their labels: the
    repeated header's flow and the next flows fill those k rows (a band under a header: any
    placement), the rest are the label flow's usual shapes."""
    out: list[Shape] = []
    for x in (segment, _last_headed_first(segment)):
        if x is None:
            continue
        size = len(x.pre)
        for j, g in enumerate([[], *x.groups]):
            size += len(g)
            if size % _WIDTH:
                continue
            first = _band([x.pre, *x.groups[:j]], size // _WIDTH, _WIDTH, head=True)
            if not first:
                continue  # no placement of those rows has its row totals hold
            rest = Segment(x.beside, x.groups[j:], x.flow_lines[j:], x.heads[j:], breaks=x.breaks)
            for base, moved in _segment(rest, False):
                out.append(([f + b for f in first for b in base], [f + m for f in first for m in moved]))
    return out


def _last_headed_first(segment: Segment) -> Segment | None:
    """The segment with its last flow moved right after the repeated header's, where that flow
    is one value under a column's header (`法律服务机构 / 0`): poppler may print a header cell
    of the first row on the new page and the value below it after all that page's values."""
    if len(segment.groups) < 2 or len(segment.groups[-1]) != 1 or header_column(segment.heads[-1]) is None:
        return None
    return Segment(segment.beside, [segment.groups[-1], *segment.groups[:-1]],
                   [segment.flow_lines[-1], *segment.flow_lines[:-1]], [segment.heads[-1], *segment.heads[:-1]],
                   segment.pre)  # no breaks: its flows no longer stand in printed order


def _shapes(groups: list[list[Token]], width: int, head: bool, breaks: Breaks | None = None,
            only: int | None = None, fixed: list[bool] | None = None) -> list[Shape]:
    """The flows as bands of `width` columns: a first band of any flows whose values fill k rows,
    then bands of `width` flows of one size k each (or a band with split columns, `split_band`).
    `head`: the first band stands under the header; there the first flow may also be cut
    (`first_cut`: its rows as the first band, `only` 1). A band other than the first is read
    out of printed order only at a break (`_at_break`). `fixed`: the flows whose printed order
    the first band keeps among themselves (`block_head_order`)."""
    out: list[Shape] = []
    for first in range(1, len(groups) + 1) if only is None else (only,):
        size = sum(map(len, groups[:first]))
        if size % width:
            continue
        first_band = _band(groups[:first], size // width, width, head, fixed and fixed[:first])
        if not first_band:
            continue  # none of its placements has its row totals hold (or, widened, none new)
        cut = _bands(groups[first:], width)
        if cut is None:
            continue
        rest, ends = cut
        bands = [first_band, *rest]
        spans = [(0, first), *((first + lo, first + hi) for lo, hi in ends)]
        if not all(bands):
            continue  # a band none of whose placements has its row totals hold
        # under the header the first band's placements are all read as printed; elsewhere a
        # placement other than the printed one is the one reordered band
        heads = bands[0] if head else [[]]
        free = bands[1:] if head else bands
        plain = [row for band in free for row in band[0]]
        base = [[*h, *plain] for h in heads]
        moved = []
        for b, band in enumerate(free):
            if not _at_break(groups, *spans[b + 1 if head else b], breaks):
                continue
            for other in band[1:]:
                rows = [row for i, x in enumerate(free) for row in (other if i == b else x[0])]
                moved.extend([*h, *rows] for h in heads)
        out.append((base, moved))
    if head and only is None and (cut_first := first_cut(groups, width)) is not None:
        out.extend(_shapes(cut_first, width, head, breaks, only=1))
    return out


def _at_break(groups: list[list[Token]], lo: int, hi: int, breaks: Breaks | None) -> bool:
    """Whether the band of flows lo..hi-1 stands at a break of the flows, where poppler may print
    a band's columns out of order (under a header, the table's or one repeated on a later page;
    across a page's foot): text or a page break after the flow before it and up to its last
    value, or a page break or a header's cell right after it. Elsewhere a band's columns come in
    printed order. The first band of a run of flows always may be reordered; so may every band
    where the breaks are unknown."""
    if breaks is None or lo == 0:
        return True
    before = max(map(line_index, groups[lo - 1]))
    last = max(line_index(t) for g in groups[lo:hi] for t in g)
    after = min(map(line_index, groups[hi])) if hi < len(groups) else last + 3
    return (breaks.among(before + 1, last, breaks.text, breaks.pages)
            or breaks.among(last + 1, after - 1, breaks.pages, breaks.headers))


def _bands(groups: list[list[Token]], width: int) -> tuple[list[list[Rows]], list[tuple[int, int]]] | None:
    """Bands of `width` flows of one size each (k rows), or where the flows do not so cut, of
    split columns (`split_band`) or of flows holding several columns (`shared_flow_band`), and
    each band's flows lo..hi-1; None when the flows do not cut so."""
    bands: list[list[Rows]] = []
    ends: list[tuple[int, int]] = []
    b = 0
    while b < len(groups):
        band, used, k = groups[b:b + width], width, len(groups[b])
        if len(band) != width or len({len(g) for g in band}) != 1:
            if (split := split_band(groups, b, width)) is not None:
                (band, used), k = split, len(split[0][0])
            elif (shared := shared_flow_band(groups, b, width)) is not None:
                band, used, k = shared
            else:
                return None
        bands.append(_band(band, k, width))
        ends.append((b, b + used))
        b += used
    return bands, ends


@memoised(lambda: (_SLIPS.get(), WIDE.get()))
def _band(groups: list[list[Token]], k: int, width: int, head: bool = False,
          fixed: list[bool] | None = None) -> list[Rows]:
    """`_band_readings`; in `widened`'s second pass, for a first band with moving flows, only the
    readings the first pass did not weigh (it kept none of them: weighing them again costs only)."""
    readings = _band_readings(groups, k, width, head, fixed)
    if not fixed or not WIDE.get():
        return readings
    token = WIDE.set(False)
    try:
        weighed = {reading_key(rows) for rows in _band_readings(groups, k, width, head, fixed)}
    finally:
        WIDE.reset(token)
    return [rows for rows in readings if reading_key(rows) not in weighed]


def _band_readings(groups: list[list[Token]], k: int, width: int, head: bool = False,
                   fixed: list[bool] | None = None) -> list[Rows]:
    """A band's readings: its flows (each len/k neighbouring columns, row by row) in printed
    order first, then with two neighbouring runs of flows swapped; under the header (`head`),
    or where its flows do not hold whole columns, also its cells row by row across its flows. Where the band holds whole rows, only
    readings whose rows' totals hold; one per distinct set of values. `fixed`: flows whose
    printed order the readings by column keep among themselves."""
    widths = [len(g) // k for g in groups]
    tried: list[Rows] = []
    keep = tried.append

    by_column = sum(widths) == width and not any(len(g) % k for g in groups)
    if by_column:
        for order in chain(_swaps(len(groups)), wider_orders(fixed)):
            if fixed and not (keeps_order(order, fixed) and natural_first(order, fixed, _WIDTH)):
                continue
            rows: Rows = [[] for _ in range(k)]
            for gi in order:
                w = widths[gi]
                for r in range(k):
                    rows[r].extend(groups[gi][r * w:(r + 1) * w])
            keep(rows)
    if k > 1 and (head or not by_column) and (by_column or not columns_within(groups, width)):
        cells = [t for g in groups for t in g]
        keep([cells[r * width:(r + 1) * width] for r in range(k)])
    if head and not by_column and (apart := row_one_apart(groups, k, width)) is not None:
        first, columns, last = apart
        for order in _swaps(width - 1):
            keep([[*first, last[0]],
                  *([columns[c][r] for c in order] + [last[r + 1]] for r in range(k - 1))])
    if head and not by_column and (apart := total_apart(groups, k, width)) is not None:
        keep(apart)
    if head and not by_column and (rows_first := first_columns(groups, k, width)) is not None:
        keep(rows_first)
    if not by_column:
        for rows in (last_row_apart(groups, k, width) if head else [split_whole(groups, k, width)]):
            if rows:
                keep(rows)
    return _by_row_totals(tried) if width == _WIDTH else _distinct(tried)


def widened(alternatives: list[list[Segment]], found: Callable[[], bool]) -> Iterator[list[Segment]]:
    """Each choice of the segments; then, where none gave a reading (`found` false) and the
    first segment's first band has two moving flows or more, each again with those flows in
    every order (`wider_orders`). Cheap where it does not fire: one test after the first pass."""
    yield from alternatives
    if found() or not any(sum(not f for f in unheaded(choice[0])) >= 2 for choice in alternatives if choice):
        return
    token = WIDE.set(True)
    try:
        yield from alternatives
    finally:
        WIDE.reset(token)


_SLIPS: ContextVar[bool] = ContextVar("slips", default=False)


@contextmanager
def weighing_slips() -> Iterator[None]:
    """Within: `table_readings` also yields the placements of bands none of whose placements has
    its row totals hold (`_by_row_totals`), for the fewest-violations rule to weigh. Outside
    (reading placements where every identity holds) such bands give none: they could only add
    placements `_holds` rejects, and count towards the cap on placements tried."""
    token = _SLIPS.set(True)
    try:
        yield
    finally:
        _SLIPS.reset(token)


def _by_row_totals(tried: list[Rows]) -> list[Rows]:
    """A band of whole rows: the placements whose row totals all hold; where none does (a
    printed slip in a row total) and slips are weighed (`weighing_slips`), those breaking at
    most `MARGIN` more row totals than the fewest, the fewest being at most `MAX_BROKEN`."""
    failing = [sum(not row_total_holds(row) for row in rows) for rows in tried]
    least = min(failing, default=0)
    if least > (MAX_BROKEN if _SLIPS.get() else 0):
        return []
    return _distinct([rows for rows, f in zip(tried, failing) if f <= (least and least + MARGIN)])


def _distinct(tried: list[Rows]) -> list[Rows]:
    """One placement per distinct set of values, the first tried."""
    out: dict[tuple, Rows] = {}
    for rows in tried:
        out.setdefault(reading_key(rows), rows)
    return list(out.values())


def reading_key(rows: Rows) -> tuple:
    """A reading's cells as values and states, row after row: what tells two readings apart."""
    return tuple((t.value, t.state) for row in rows for t in row)


def _swaps(m: int) -> Iterator[tuple[int, ...]]:
    """0..m-1 as printed, then with the runs [i, j) and [j, k) swapped."""
    yield tuple(range(m))
    for i in range(m):
        for j in range(i + 1, m):
            for k in range(j + 1, m + 1):
                yield (*range(i), *range(j, k), *range(i, j), *range(k, m))
