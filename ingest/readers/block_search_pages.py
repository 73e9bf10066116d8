"""Plain `pdftotext`'s table 3 continued on a later page, where its flows count other than
rows × 7 (`block_search` weighs only exact counts): the first page's rows tiled, the later
page's values weighed in every order poppler may print them, any surplus set aside.

Observed (docs/decisions.md, stop 20 h/p20b): where table 3 breaks over a page, poppler prints
the first page's rows in the band order `block_search` tiles, but the later page's few rows
come in an order no model holds (the header repeated, a row's first columns before its label,
the next rows' first values beside their labels, their other columns among table 4's flows after
its heading, with table 4's lone values between them). So the search is widened there:

- at a page break (a footer, or two blank lines or more) no flow straddles, the flows before it
  counting r × 7 values (2 < r) are laid as the first r rows by the tiling of `block_search` (each
  flow a rectangle at the first free cell, the first band's last columns possibly late), every
  row total holding; at most `MAX_FIRST` such tables;
- the values after it (at most `MAX_SET_ASIDE` more than the q = rows − r later rows' cells, at
  most `MAX_LEFT` such rows, all results rows then 总计 and 结转) fill those cells in every
  assignment where each cell is printed after the cell above it and the cell left of it (a
  block prints after the blocks above and left of it), the rest set aside as table 4's:
  enumerated column by column as tables of values (a column's results sum and balance fix its
  `results_total` and `carried_forward` cells, a row's total its 总计 cell), each then checked
  for such an order exactly (`_in_order`).

A table is stated only where exactly one table of values satisfies every identity of table 3
over every page break, first-page tiling and assignment; the cost is bounded (`MAX_NODES`
tilings, choices and order steps in all; more: nothing read).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.alignment import Token, number_or_zero
from ingest.model import Issue
from ingest.readers.block_footer import page_footer
from ingest.readers.block_search import WIDTH, _row_holds, _shapes, searched
from ingest.readers.block_segments import breaks

MAX_FIRST = 4  # tilings of the first page's rows weighed at most (more: that break not weighed)
MAX_LEFT = 6  # rows on the later page at most
MAX_SET_ASIDE = 8  # values after the break not table 3's at most
MAX_NODES = 200_000  # tilings and assignments tried at most, over every break (more: nothing read)
_TOL = 1e-6


@dataclass(slots=True)
class Paged:
    """The one table every identity holds in (None: none, several or the bound reached); how many
    distinct tables held (up to 2), what was tried, the page breaks weighed."""

    table: list[list[Token]] | None
    tables: int
    nodes: int
    overflow: bool
    breaks: list[tuple[int, int, int]]  # (footer line, first rows r, values set aside e)


def _line(t: Token) -> int:
    return int(t.where.split()[-1]) - 1


class _Budget:
    def __init__(self, most: int) -> None:
        self.nodes, self.most = 0, most

    def spend(self) -> bool:
        self.nodes += 1
        return self.nodes <= self.most


def first_rows(flows: list[list[Token]], r: int, budget: _Budget, most: int = MAX_FIRST) -> list[list[list[Token]]] | None:
    """The distinct tables of r rows × 7 the flows tile (each a rectangle at the first free cell,
    row by row; the first band's last columns possibly late, as `block_search.search`), every row
    total holding; None where more than `most` or the budget ran out."""
    grid: list[list[Token | None]] = [[None] * WIDTH for _ in range(r)]
    row_left = [WIDTH] * r
    found: dict[tuple, list[list[Token]]] = {}
    ends = [sum(map(len, flows[:j])) for j in range(len(flows) + 1)]
    late: list[tuple[int, int]] = []
    seen: set[tuple] = set()
    stop = False

    def aside(y: int, x: int) -> bool:
        return bool(late) and y < late[0][0] and x >= late[0][1]

    def first_free(bottom: int, left: int, skip: bool) -> tuple[int, int] | None:
        return next(((y, x) for y in range(bottom) for x in range(left, WIDTH)
                     if grid[y][x] is None and not (skip and aside(y, x))), None)

    def at(i: int, y: int, x: int, bottom: int, skip: bool) -> None:
        nonlocal stop
        free = 0
        while x + free < WIDTH and grid[y][x + free] is None and not (skip and aside(y, x + free)):
            free += 1
        for h, w in _shapes(len(flows[i]), free, bottom - y):
            cells = [(y + dy, x + dx) for dy in range(h) for dx in range(w)]
            if not all(grid[v][u] is None and not (skip and aside(v, u)) for v, u in cells):
                continue
            if not budget.spend():
                stop = True
                return
            for (v, u), t in zip(cells, flows[i]):
                grid[v][u] = t
                row_left[v] -= 1
            if all(row_left[v] or _row_holds(grid[v]) for v in {v for v, _ in cells}):
                walk(i + 1)
            for v, u in cells:
                grid[v][u] = None
                row_left[v] += 1

    def walk(i: int) -> None:
        nonlocal stop
        if stop or len(found) > most:
            stop = True
            return
        main = first_free(r, 0, True)
        if i == len(flows):
            if main is None and first_free(r, 0, False) is None:
                found.setdefault(tuple((t.value, t.state) for row in grid for t in row),  # type: ignore[union-attr]
                                 [list(row) for row in grid])  # type: ignore[misc]
            return
        state = (i, tuple(late), tuple((t.value, t.state) if t else None for row in grid for t in row))
        if state in seen:
            return
        seen.add(state)
        if late:
            k, c = late[0]
            if (part := first_free(k, c, False)) is not None:
                begun = any(grid[y][x] is not None for y in range(k) for x in range(c, WIDTH))
                if begun or ((main is None or main[1] == 0) and ends[i] + k * (WIDTH - c) in ends):
                    at(i, *part, k, False)
                if begun:
                    return
        if main is None:
            return
        at(i, *main, r, True)
        y, x = main
        if y == 0 and x and not late:
            late.append((next((v for v in range(r) if grid[v][x - 1] is None), r), x))
            walk(i)
            late.pop()

    try:
        walk(0)
    except RecursionError:
        stop = True
    return None if stop else list(found.values())


def last_rows(first: list[list[Token]], values: list[Token], outcomes: Sequence[str], budget: _Budget,
              found: dict[tuple, list[list[Token]]], holds: Callable[[list[list[Token]]], bool]) -> bool:
    """Every table of the rows after `first` whose cells take `values` (any surplus set aside),
    each cell printed after the cell above it and the cell left of it, and every identity holds,
    kept in `found` (each table of values once; stops at two); False where it stopped (two tables,
    or the budget ran out). First the tables of values (column by column: the results rows'
    cells chosen among the values left, `results_total`'s and `carried_forward`'s fixed by the
    column's sum and balance, the total column's by each row's total), then for each the printed
    values that may stand in its cells in that order (`_in_order`)."""
    n_rows, r = len(outcomes), len(first)
    row = {o: i for i, o in enumerate(outcomes)}
    total, forward = row["results_total"], row["carried_forward"]
    results = range(row["granted"], total)
    later = list(range(r, n_rows))
    free = [i for i in later if i not in (total, forward)]
    if r <= row["granted"] or any(i not in results for i in free) or later[-2:] != [total, forward]:
        return True  # the later rows are not all results rows, their total and the rows carried forward
    pool: Counter = Counter((t.value, t.state) for t in values)
    number = {(t.value, t.state): number_or_zero(t) for t in values}
    keys = sorted(pool, key=lambda k: (number[k], str(k)))
    cols: list[list[tuple]] = []  # each column's later rows' value keys, top to bottom
    ok = True

    def column(c: int) -> None:
        nonlocal ok
        if not ok:
            return
        if c == WIDTH:
            table = [[values[0]] * WIDTH for _ in later]
            if (placed := _in_order(cols, values, budget)) is None:
                ok = budget.nodes <= budget.most  # the order not weighed to its end: nothing read
                return
            for j in range(len(later)):
                for col in range(WIDTH):
                    table[j][col] = values[placed[col][j]]
            full = [list(x) for x in first] + table
            if holds(full):
                found.setdefault(tuple((t.value, t.state) for x in full for t in x), full)
                ok = len(found) < 2  # two tables hold: nothing read
            return
        known = sum(number_or_zero(first[i][c]) for i in results if i < r)
        start = number_or_zero(first[row["new_received"]][c]) + number_or_zero(first[row["carried_over"]][c])
        if c == WIDTH - 1:
            sums = [sum(number[cols[k][j]] for k in range(WIDTH - 1)) for j in range(len(later))]
            if abs(known + sum(sums[:-2]) - sums[-2]) > _TOL or abs(start - sums[-2] - sums[-1]) > _TOL:
                return
            fixed(c, [], sums)
            return
        choose(c, [], known, start)

    def choose(c: int, picked: list[tuple], known: float, start: float) -> None:
        nonlocal ok
        if not ok:
            return
        if not budget.spend():
            ok = False
            return
        if len(picked) == len(free):
            t = known + sum(number[k] for k in picked)
            fixed(c, picked, [*(number[k] for k in picked), t, start - t])
            return
        for key in keys:
            if pool[key] > 0:
                pool[key] -= 1
                choose(c, [*picked, key], known, start)
                pool[key] += 1

    def fixed(c: int, picked: list[tuple], want: list[float]) -> None:
        """The column's cells after `picked`, each any value left of the number `want` gives."""
        nonlocal ok
        if not ok:
            return
        j = len(picked)
        if j == len(later):
            if not budget.spend():
                ok = False
                return
            cols.append(picked)
            column(c + 1)
            cols.pop()
            return
        for key in keys:
            if pool[key] > 0 and abs(number[key] - want[j]) <= _TOL:
                pool[key] -= 1
                fixed(c, [*picked, key], want)
                pool[key] += 1

    column(0)
    return ok


def _in_order(cols: list[list[tuple]], values: list[Token], budget: _Budget) -> list[list[int]] | None:
    """Printed values (indices, `placed[column][row]`) for the later rows' cells of the keys
    `cols` gives, each after the one above it and the one left of it, the others set aside; None
    where none so stand. Exact: the values read in printed order fill the cells in an order where
    each cell's upper and left neighbours are filled first, so the cells filled at any point are
    a staircase (each row's first cells, no row longer than the one above it); every staircase
    reachable after each value is kept (at most C(rows + 7, rows) of them)."""
    rows, width = len(cols[0]), len(cols)
    spare = len(values) - rows * width
    start = (0,) * rows
    reach: dict[tuple[int, ...], tuple | None] = {start: None}  # staircase: (previous staircase, value, cell)
    steps: list[dict] = []
    for k, t in enumerate(values):
        key = (t.value, t.state)
        nxt: dict[tuple[int, ...], tuple | None] = {}
        for shape in reach:
            if not budget.spend():
                return None
            if k + 1 - sum(shape) <= spare:
                nxt.setdefault(shape, (shape, None, None))  # this value set aside
            for j in range(rows):
                c = shape[j]
                if c < width and (j == 0 or shape[j - 1] > c) and cols[c][j] == key:
                    grown = (*shape[:j], c + 1, *shape[j + 1:])
                    nxt.setdefault(grown, (shape, k, (c, j)))
        steps.append(nxt)
        reach = nxt
    full = (width,) * rows
    if full not in reach:
        return None
    placed = [[-1] * rows for _ in range(width)]
    shape = full
    for step in reversed(steps):
        prev, k, cell = step[shape]
        if cell is not None:
            placed[cell[0]][cell[1]] = k
        shape = prev
    return placed


def _page_breaks(lines: Sequence[str]) -> list[int]:
    """Lines where a page ends: a page's footer, or a run of two blank lines or more (a form feed,
    or a footer the reader blanked: `block_segments.breaks`)."""
    return sorted({*breaks(lines).pages, *(i for i, s in enumerate(lines) if page_footer(s))})


def paged(flows: list[list[Token]], outcomes: list[str], holds: Callable[[list[list[Token]]], bool],
          lines: Sequence[str], max_nodes: int = MAX_NODES) -> Paged | None:
    """Table 3 over a page break as above; None where no break fits (no flow astride a page's
    footer, the first page's flows r × 7 values, 2 < r, the later rows at most `MAX_LEFT` and
    their values at most `MAX_SET_ASIDE` more than theirs)."""
    n_rows = len(outcomes)
    budget = _Budget(max_nodes)
    found: dict[tuple, list[list[Token]]] = {}
    weighed: list[tuple[int, int, int]] = []
    overflow = False
    cuts: set[int] = set()
    for f in _page_breaks(lines):
        if any(_line(g[0]) < f < _line(g[-1]) for g in flows):
            continue
        before = [g for g in flows if _line(g[-1]) < f]
        if len(before) in cuts:
            continue  # the same break (a footer and the blank lines around it)
        cuts.add(len(before))
        after = [t for g in flows if _line(g[0]) > f for t in g]
        m = sum(map(len, before))
        r, e = m // WIDTH, len(after) - (n_rows - m // WIDTH) * WIDTH
        if not before or m % WIDTH or not 2 < r < n_rows or n_rows - r > MAX_LEFT or not 0 <= e <= MAX_SET_ASIDE:
            continue
        weighed.append((f + 1, r, e))
        firsts = first_rows(before, r, budget)
        if firsts is None:
            overflow = True
            break
        for first in firsts:
            if not last_rows(first, after, outcomes, budget, found, holds):
                break
        overflow = budget.nodes > budget.most
        if overflow or len(found) > 1:
            break
    if not weighed:
        return None
    tables = [] if overflow else list(found.values())
    return Paged(tables[0] if len(tables) == 1 else None, len(tables), budget.nodes, overflow, weighed)


def paged_read(got, rows: Callable, holds: Callable, lines: Sequence[str]):
    """`got` (a `text_blocks.Rebuilt` with nothing read, its flows counting other than rows × 7)
    with table 3 read by `paged` where exactly one table holds (finding `inferred_alignment`);
    else `got`, its finding saying what the widened search found (where a break fits)."""
    flows, outcomes, one_other, loose, _single, _segments = got.flows
    found = paged(flows, outcomes, lambda t: holds(dict(zip(outcomes, t)), one_other), lines)
    if found is None:
        return got
    where = got.issues[0].where if got.issues else None
    weighed = ", ".join(f"the page break at line {f}: {r} rows before, {e} value(s) after set aside" for f, r, e in found.breaks)
    if found.table is None:
        why = ("too many tilings and assignments to weigh" if found.overflow else
               f"{found.tables} tables satisfy" if found.tables else "no table satisfies")
        said = (f"; table 3 over a page break ({weighed}; the first rows tiled in printed order, the later rows' "
                f"values in poppler's order, any surplus set aside, {found.nodes} tried): {why} every identity")
        if got.issues:
            got.issues[-1].message += said
        return got
    got.rows = rows(outcomes, dict(zip(outcomes, found.table)))
    got.lines = got.lines | loose
    got.issues = [Issue("warning", "inferred_alignment",
                        f"table 3 printed in blocks over a page break (plain pdftotext): {sum(map(len, flows))} "
                        f"values for {len(outcomes)} rows × {WIDTH}; {weighed}; the first page's rows laid in printed "
                        f"order as rectangles of cells read row by row, the later rows' values in every assignment "
                        f"printing each cell after the one above and the one left of it, the rest set aside "
                        f"({found.nodes} tilings and assignments tried): exactly one table "
                        f"satisfies every row total, column sum and the balance: read as that table", where)]
    return got


def widened(got, rows: Callable, holds: Callable, lines: Sequence[str] = ()):
    """`block_search.searched` where table 3's flows count rows × 7 values, else `paged_read`
    (table 3 over a page break)."""
    if got.rows or not got.flows:
        return got
    flows, outcomes = got.flows[:2]
    if sum(map(len, flows)) != len(outcomes) * WIDTH:
        return paged_read(got, rows, holds, lines)
    return searched(got, rows, holds)
