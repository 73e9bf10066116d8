"""A general fallback for plain `pdftotext`'s table 3: a bounded search over the ways its value
flows tile the table, weighed by the identities.

Every model of poppler's order (`text_blocks`, the `block_*` modules) reads the flows by a
specific layout. Where each leaves table 3 missing although its values, counted flow by flow,
are exactly rows × 7 (every cell printed), this searches one structured space: poppler prints a
table as blocks, each block a rectangle of cells (a run of one or more rows by a run of one or
more neighbouring columns) read row by row; the blocks come top to bottom, left to right. So the
flows, in printed order, are laid one after another, each as a rectangle of its size whose
top-left cell is the first cell left free (row by row): a flow of 6 values at a free row start
may be one row of six columns, two rows of three, three of two or six rows of one column. The
bands of `block_bands` (k rows printed column by column), rows printed across and blocks of
columns sharing a flow are all such tilings; this searches every one at once.

One more freedom, the late first-row value of `block_segments` generalised: the first band's
last columns (rows 1..k, columns c..7, k the height of the block left of them) may be printed
late, as flows following one another that fill them, between two bands (or after the last).

A partial tiling is cut as soon as an identity it has completed fails (a row total when a row is
full, a column's balance and results sum when a column is full), and the search stops after
`MAX_NODES` placements. A reading is stated only where exactly one table of values (whatever the
tilings giving it) satisfies every identity; otherwise nothing is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest import codes
from ingest.alignment import Token, number_or_zero, printed_text
from ingest.model import Issue
from ingest.readers.block_search_late import segment_tops

WIDTH = len(codes.APPLICANTS)
MAX_NODES = 20_000  # placements tried at most (more: nothing read)
_TOL = 1e-6


@dataclass(slots=True)
class Searched:
    """What the search found: the one table (rows of tokens) every identity holds in, or None;
    how many distinct tables held (counted up to 2), placements tried, and whether it overran."""

    table: list[list[Token]] | None
    tables: int
    nodes: int
    overflow: bool


def _shapes(size: int, free_cols: int, free_rows: int) -> list[tuple[int, int]]:
    """(rows, columns) of a rectangle of `size` cells fitting the room left."""
    return [(size // w, w) for w in range(min(size, free_cols), 0, -1)
            if size % w == 0 and size // w <= free_rows]


def _column_holds(grid: list[list[Token | None]], c: int, rows: dict[str, int], results: list[int]) -> bool:
    """Table 3's balance and results sum in column `c` (its every cell placed)."""
    def v(r: int) -> float:
        return number_or_zero(grid[r][c])  # type: ignore[arg-type]
    total = v(rows["results_total"])
    if abs(sum(v(r) for r in results) - total) > _TOL:
        return False
    return abs(v(rows["new_received"]) + v(rows["carried_over"]) - total - v(rows["carried_forward"])) <= _TOL


def _row_holds(row: Sequence[Token | None]) -> bool:
    return abs(sum(number_or_zero(t) for t in row[:-1]) - number_or_zero(row[-1])) <= _TOL  # type: ignore[arg-type]


def search(flows: list[list[Token]], outcomes: list[str], holds: Callable[[list[list[Token]]], bool],
           max_nodes: int = MAX_NODES, late: bool = True, tops: frozenset[int] = frozenset()) -> Searched:
    """Tile a table of `outcomes` × 7 with `flows` (printed order, each a rectangle read row by
    row at the first free cell; `late`: the first band's last columns may come late; `tops`
    (`block_search_late`): or, instead, the last columns of the band whose top row is that of
    the latest flow laid of these indices, the late flows coming where the cells left of the
    first free one are full to the bottom); the one table every identity holds in (`holds`, on
    the full table, after the partial checks), else None."""
    n_rows = len(outcomes)
    rows = {o: i for i, o in enumerate(outcomes)}
    results = list(range(rows["granted"], rows["results_total"]))
    grid: list[list[Token | None]] = [[None] * WIDTH for _ in range(n_rows)]
    row_left = [WIDTH] * n_rows
    col_left = [n_rows] * WIDTH
    found: dict[tuple, list[list[Token]]] = {}
    flat: list[tuple | None] = [None] * (n_rows * WIDTH)  # the cells' (value, state), row by row
    seen: set[tuple] = set()  # (flows laid, the cells' values) already walked: tilings of like values meet
    nodes = 0
    overflow = False

    ends = [sum(map(len, flows[:j])) for j in range(len(flows) + 1)]  # values before flow j
    top_of: dict[int, int] = {}  # flow of `tops` laid: its top row
    late_part: list[tuple[int, int, int]] = []  # (rows t..k, first column c): a band's columns c.. printed late

    def aside(y: int, x: int) -> bool:
        return bool(late_part) and late_part[0][0] <= y < late_part[0][1] and x >= late_part[0][2]

    def lay(i: int, cells: list[tuple[int, int]]) -> None:
        """Flow i in `cells` (row by row), on when the identities it completes hold, then undone."""
        nonlocal nodes, overflow
        nodes += 1
        if nodes > max_nodes:
            overflow = True
            return
        for (y, x), t in zip(cells, flows[i]):
            grid[y][x] = t
            flat[y * WIDTH + x] = (t.value, t.state)
            row_left[y] -= 1
            col_left[x] -= 1
        if i in tops:
            top_of[i] = cells[0][0]
        if (all(row_left[y] or _row_holds(grid[y]) for y in {y for y, _ in cells})
                and all(col_left[x] or _column_holds(grid, x, rows, results) for x in {x for _, x in cells})):
            walk(i + 1)
        top_of.pop(i, None)
        for y, x in cells:
            grid[y][x] = None
            flat[y * WIDTH + x] = None
            row_left[y] += 1
            col_left[x] += 1

    def first_free(top: int, bottom: int, left: int, skip: bool) -> tuple[int, int] | None:
        return next(((y, x) for y in range(top, bottom) for x in range(left, WIDTH)
                     if grid[y][x] is None and not (skip and aside(y, x))), None)

    def at(i: int, y: int, x: int, bottom: int, skip: bool) -> None:
        """Flow i as each rectangle fitting from cell (y, x) (rows above `bottom`)."""
        free_cols = 0
        while x + free_cols < WIDTH and grid[y][x + free_cols] is None and not (skip and aside(y, x + free_cols)):
            free_cols += 1
        for h, w in _shapes(len(flows[i]), free_cols, bottom - y):
            cells = [(y + dy, x + dx) for dy in range(h) for dx in range(w)]
            if all(grid[v][u] is None and not (skip and aside(v, u)) for v, u in cells):
                lay(i, cells)

    def walk(i: int) -> None:
        if overflow or len(found) > 1:
            return
        main = first_free(0, n_rows, 0, True)
        if i == len(flows):
            if main is None and first_free(0, n_rows, 0, False) is None:
                table: list[list[Token]] = [list(r) for r in grid]  # type: ignore[misc]
                if holds(table):
                    found.setdefault(tuple((t.value, t.state) for r in table for t in r), table)
            return
        state = (i, tuple(late_part), tuple(flat))
        if state in seen:
            return
        seen.add(state)
        if late_part:
            t, k, c = late_part[0]
            if (part := first_free(t, k, c, False)) is not None:
                begun = any(grid[y][x] is not None for y in range(t, k) for x in range(c, WIDTH))
                between = main is None or main[1] == 0 or (tops and all(
                    grid[y][x] is not None for y in range(main[0], n_rows) for x in range(main[1])))
                if begun or (between and ends[i] + (k - t) * (WIDTH - c) in ends):
                    at(i, *part, k, False)  # the late columns, at their first free cell, between two bands
                if begun:
                    return  # the late columns' flows follow one another
        if main is None:
            return
        at(i, *main, n_rows, True)
        y, x = main
        band = y == 0 if not tops else max(top_of.items(), default=(0, -1))[1] == y
        if late and x and not late_part and band:
            # the first band's columns x.. printed late (`tops`: those of the latest band begun by one of them)
            k = next((v for v in range(y, n_rows) if grid[v][x - 1] is None), n_rows)
            late_part.append((y, k, x))
            walk(i)
            late_part.pop()

    try:
        walk(0)
    except RecursionError:  # three frames a flow: a deep caller's stack with many flows
        overflow = True
    tables = [] if overflow else list(found.values())
    return Searched(tables[0] if len(tables) == 1 else None, len(tables), nodes, overflow)


def searched(got, rows: Callable, holds: Callable):
    """`got` (a `text_blocks.Rebuilt` with nothing read) with table 3 read by the search where its
    one choice of flows (`got.flows`) counts rows × 7 values and exactly one table of the tilings
    satisfies every identity (finding `inferred_alignment`); else `got`, its finding saying why the
    search read nothing (where it ran)."""
    if got.rows or not got.flows:
        return got
    flows, outcomes, one_other, loose, single, segments = got.flows
    n = len(outcomes) * WIDTH
    if sum(map(len, flows)) != n or not single:  # other counts: `block_search_pages.widened`
        return got
    found = search(flows, outcomes, lambda t: holds(dict(zip(outcomes, t)), one_other))
    if found.table is None and not found.tables and not found.overflow and (tops := segment_tops(segments)):
        found = search(flows, outcomes, lambda t: holds(dict(zip(outcomes, t)), one_other), tops=tops)
    where = got.issues[0].where if got.issues else None
    if found.table is None:
        why = ("too many placements to weigh" if found.overflow else
               f"{found.tables} tables satisfy" if found.tables else "no table satisfies")
        said = (f"; the search over the flows laid as rectangles in printed order ({found.nodes} placements): "
                f"{why} the row totals, column sums and balance")
        if (last := next((i for i in reversed(got.issues) if i.code in ("no_alignment", "ambiguous_row")), None)):
            last.message += said  # the finding of what `_read` weighed says what the search found too
        else:
            got.issues.append(Issue("warning", "no_alignment", f"table 3 printed in blocks{said}; cells left missing",
                                    where))
        return got
    got.rows = rows(outcomes, dict(zip(outcomes, found.table)))
    got.lines = got.lines | loose  # the last rows' flows among table 4's, so taken
    got.issues = [Issue("warning", "inferred_alignment",
                        f"table 3 printed in blocks (plain pdftotext): {n} values in {len(flows)} flows ("
                        f"{' | '.join(printed_text(f) for f in flows)}); no model of poppler's order read them; "
                        f"laid in printed order as rectangles of cells read row by row, each at the first free "
                        f"cell ({found.nodes} placements tried), exactly one table satisfies every row total, "
                        f"column sum and the balance: read as that table", where)]
    return got
