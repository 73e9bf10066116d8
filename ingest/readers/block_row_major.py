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
from ingest.readers.block_segments import Segment, line_index

_FIRST = 4  # the columns printed row by row (自然人 … 社会公益组织)
_MAX_TAILS = 2  # wrapped numbers among those rows at most (more: not this layout)
_MAX_WAYS = 8  # ways of so reading them tried at most (more: none tried)
R = TypeVar("R")


def read_one_way(read: Callable[[int], R | None], got: R) -> R:
    """The table read by the one way of `recast` under which some row is read (`read(way)`:
    None past the last way); `got` (nothing read) where no way or more than one is read."""
    kept = []
    for way in range(_MAX_WAYS):
        if (r := read(way)) is None:
            break
        kept += [r] if r.rows else []  # type: ignore[attr-defined]
    if len(kept) != 1:
        return got
    issues = kept[0].issues  # type: ignore[attr-defined]
    issues.append(Issue("warning", "inferred_alignment", _READ_SO, issues[0].where if issues else None))
    return kept[0]


_READ_SO = ("table 3 printed in blocks: its first rows' four first columns printed row by row in one flow, "
            "before 法律服务机构's and 其他's other rows and the total column, their first row's values apart "
            "(poppler's order, docs/decisions.md), read as their columns: nothing read as printed, "
            "one way of so reading them read")


def recast_way(segments: list[Segment], way: int) -> list[Segment] | None:
    ways = recast(segments)
    return ways[way] if way < len(ways) <= _MAX_WAYS else None


def recast(segments: list[Segment]) -> list[list[Segment]]:
    """Each way the first segment's flows may be so read as columns ([] where they do not
    fit the model: a lone value after the header cell, two flows of k - 1 values, a flow of k
    or k + 1, a lone value, and a first flow of 4k values and a tail or two)."""
    if not segments or segments[0].beside or segments[0].pre or len(segments[0].groups) < 6:
        return []
    x = segments[0]
    g = x.groups
    k = len(g[2]) + 1
    if not ("法律" in x.heads[1] and len(g[1]) == len(g[5]) == 1 and len(g[3]) == k - 1 >= 1
            and len(g[4]) in (k, k + 1) and not any(x.heads[2:6])):
        return []
    tails = len(g[0]) - _FIRST * k
    if not 0 <= tails <= _MAX_TAILS:
        return []
    out = []
    for rows in _rows(g[0], k, tails):
        cols = [[t for row in rows for t in row[c]] for c in range(_FIRST)]
        groups = [*cols, [*g[1], *g[2]], [*g[5], *g[3]], g[4], *g[6:]]
        lines = [*[x.flow_lines[0]] * _FIRST, x.flow_lines[1] | x.flow_lines[2], x.flow_lines[5] | x.flow_lines[3],
                 x.flow_lines[4], *x.flow_lines[6:]]
        heads = [x.heads[0], *[""] * (_FIRST - 1), x.heads[1], "", "", *x.heads[6:]]
        out.append([Segment(x.beside, groups, lines, heads, x.pre, x.breaks), *segments[1:]])
    return out


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
