"""Table 3's first rows printed row by row before the header's last columns (plain pdftotext).

Observed model (docs/decisions.md, "first rows row by row"): where the header's
`总计 / 法律服务机构 / 其他` cells stand beside the first rows, poppler prints the k first rows'
four first columns as one flow, row by row (a number wrapped in its narrow cell: its tail on
a line of its own after the row's fourth value), then 法律服务机构's value of row 1 alone after
its header cell, that column's rows 2..k, 其他's rows 2..k, the total column's k rows, and
其他's value of row 1 alone last. `recast` gives the segments with those flows as the columns
they are, each tail right after a head of its row (the joinings of `block_wraps` weigh it)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import product
from typing import TypeVar

from ingest.alignment import Token
from ingest.model import Issue
from ingest.readers.block_search_pages import widened
from ingest.readers.block_segments import Segment, line_index

_FIRST = 4  # the columns printed row by row (自然人 … 社会公益组织)
_MAX_TAILS = 2  # wrapped numbers among those rows at most (more: not this layout)
_MAX_WAYS = 8  # ways of so reading them tried at most (more: none tried)
R = TypeVar("R")


def read_one_way(read: Callable[[int], R | None], got: R, search: tuple | None = None) -> R:
    """The table read by the one way of `recast` under which some row is read (`read(way)`:
    None past the last way); `got` (nothing read) where no way or more than one is read.
    `search`: (rows, holds, lines) of `block_search_pages.widened`, tried on `got` where no way is read."""
    kept = []
    for way in range(_MAX_WAYS):
        if (r := read(way)) is None:
            break
        kept += [r] if r.rows else []  # type: ignore[attr-defined]
    if len(kept) != 1:
        return widened(got, *search) if search and not kept else got
    issues = kept[0].issues  # type: ignore[attr-defined]
    issues.append(Issue("warning", "inferred_alignment", _READ_SO, issues[0].where if issues else None))
    return kept[0]


_READ_SO = ("table 3 printed in blocks: its first rows' four first columns printed row by row in one flow, "
            "before 法律服务机构's and 其他's other rows and the total column, their first row's values apart "
            "(poppler's order, docs/decisions.md), read as their columns: nothing read as printed, "
            "one way of so reading them read")


def recast_way(segments: list[Segment], way: int, ends: list[tuple[int, int, set[int]]]) -> list[Segment] | None:
    """The segments as way `way` reads them (None past the last); `ends` (places table 3 may end:
    segments, flows of the last, lines used) follow the first segment's flows so regrouped,
    those among the regrouped flows dropped."""
    ways = recast(segments)
    if not way < len(ways) <= _MAX_WAYS:
        return None
    old, new = len(segments[0].groups), len(ways[way][0].groups)
    rest = old - _model_flows(segments[0])  # the first segment's flows after the model's
    ends[:] = [(k, g if k > 1 else g + new - old, u) for k, g, u in ends if k > 1 or g >= old - rest]
    return ways[way]


def _model_flows(x: Segment) -> int:
    return 6 + (6 if _extra(x) else 0)


def recast(segments: list[Segment]) -> list[list[Segment]]:
    """Each way the first segment's flows may be so read as columns ([] where they do not
    fit the model: a lone value after the header cell, two flows of k - 1 values, a flow of k
    or k + 1, a lone value, and a first flow of 4k values and a tail or two; or that with m
    more rows, `_extra`)."""
    if not segments or segments[0].beside or segments[0].pre or len(segments[0].groups) < 6:
        return []
    x = segments[0]
    g = x.groups
    m = _extra(x)
    a = 3 if m else 0  # the flows of the m more rows' columns 2-4, and of their last three columns
    k = len(g[2 + a]) + 1
    if not ("法律" in x.heads[1 + a] and len(g[1 + a]) == len(g[5 + 2 * a]) == 1 and len(g[3 + a]) == k - 1 >= 1
            and len(g[4 + a]) in (k, k + 1) and not any(x.heads[2 + a:6 + 2 * a])):
        return []
    tails = len(g[0]) - m - _FIRST * k
    if not 0 <= tails <= _MAX_TAILS:
        return []
    flow, more = g[0][:len(g[0]) - m], g[0][len(g[0]) - m:]
    if more and line_index(more[0]) <= line_index(flow[-1]):
        return []  # the more rows' first values on lines of their own after the k rows'
    # the model's flows: 法律服务机构's row 1 and rows 2..k, 其他's rows 2..k and row 1, the total
    # column; then the more rows' columns 2-4 (before) and last three (after)
    law1, law, other, total, other1 = 1 + a, 2 + a, 3 + a, 4 + a, 5 + 2 * a
    before, after = list(range(1, 1 + a)), list(range(5 + a, 5 + 2 * a)) or [None] * 3
    ends = [more, *(g[i] for i in before)] if m else [[]] * _FIRST
    fl = x.flow_lines
    last = [[law1, law, after[0]], [other1, other, after[1]], [total, after[2]]]
    out = []
    for rows in _rows(flow, k, tails):
        cols = [[t for row in rows for t in row[c]] + ends[c] for c in range(_FIRST)]
        groups = [*cols, *([t for i in idx if i is not None for t in g[i]] for idx in last), *g[other1 + 1:]]
        lines = [*[set().union(fl[0], *(fl[i] for i in before))] * _FIRST,
                 *(set().union(*(fl[i] for i in idx if i is not None)) for idx in last), *fl[other1 + 1:]]
        heads = [x.heads[0], *[""] * (_FIRST - 1), x.heads[law1], "", "", *x.heads[other1 + 1:]]
        out.append([Segment(x.beside, groups, lines, heads, x.pre, x.breaks), *segments[1:]])
    return out


def _extra(x: Segment) -> int:
    """m where the first rows' flows are followed by m more rows (second set 000196, 001316):
    their first column ending the first flow, their columns 2-4 as three flows of m values
    before 法律服务机构's header cell, their last three columns as three flows of m after the
    total column, before 其他's lone first value; 0 where the flows do not so stand."""
    g, h = x.groups, x.heads
    if len(g) < 12 or "法律" not in h[4] or any(h[1:4]):
        return 0
    m = len(g[1])
    return m if m and all(len(f) == m for f in (g[2], g[3], g[8], g[9], g[10])) else 0


def _rows(flow: list[Token], k: int, tails: int) -> list[list[list[list[Token]]]]:
    """Each reading of the flow as k rows of four columns (each column a head and maybe its
    tail): a row starts on a line of its own, a tail (fewer digits, alone on its line) follows
    the row's fourth value and goes after one of the row's values on the row's first line."""
    out = []
    for counts in product(range(tails + 1), repeat=k):
        if sum(counts) != tails:
            continue
        at, choice = 0, []
        for n in counts:
            row = flow[at:at + _FIRST + n]
            at += _FIRST + n
            if at > len(flow) or (at - len(row) > 0 and line_index(flow[at - len(row) - 1]) == line_index(row[0])):
                break
            choice.append(_heads_for(row, n))
        else:
            out += [list(c) for c in product(*choice)]
    return [x for x in out if x]


def _heads_for(row: list[Token], n: int) -> list[list[list[Token]]]:
    values, tails = row[:_FIRST], row[_FIRST:]
    if not n:
        return [[[t] for t in values]]
    if n > 1 or any(line_index(t) == line_index(values[-1]) for t in tails) or line_index(tails[0]) <= line_index(values[-1]):
        return []  # one tail a row, on a line of its own after the row's last value
    first = [c for c, t in enumerate(values) if line_index(t) == line_index(values[0])]
    if len(first) < 2:
        return []
    return [[[t, *tails] if c == h else [t] for c, t in enumerate(values)]
            for h in first if len(tails[0].raw) < len(values[h].raw)]
