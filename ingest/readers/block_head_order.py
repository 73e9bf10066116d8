"""The order of the first band's column flows under table 3's header (plain `pdftotext`).

Under the header poppler may print a band's columns out of order, but the flows it moves are
those it begins with, each printed with a header cell (`法律服务机构 / 0 / 0 / 0 / 0` before
its values) or right after a line of header text (`其他`, then the values): from the first
flow with no header cell on, the flows keep their printed order among themselves. Observed
on the plain dumps of four generated sets (docs/decisions.md: every first band under the
header whose truth is out of printed order moves only such a leading run of headed flows).
A first band's reading by columns that takes two other flows out of printed order is not
weighed. Such a band is first weighed with two neighbouring runs of flows swapped; where no
reading of the table holds, its moving flows are weighed in every order (`block_bands.widened`: seventh
000115, 000146 move three headed flows apart).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from itertools import permutations

from ingest.readers.block_segments import Segment


def unheaded(segment: Segment) -> list[bool]:
    """Per value flow of the segment: False for the first flow and the run of flows after it that
    each stand with a header cell (header text in the flow before its values, or a line of table
    3's header between it and the flow before), True for every later flow: those keep their
    printed order. Unknown breaks: every flow may move."""
    if segment.breaks is None or len(segment.flow_lines) != len(segment.groups):
        return [False] * len(segment.groups)
    headers = segment.breaks.headers
    out = [False]  # the first flow: the header or the label flow stands right before it
    for i in range(1, len(segment.groups)):
        before, start = max(segment.flow_lines[i - 1]), min(segment.flow_lines[i])
        headed = bool(segment.heads[i]) or segment.breaks.among(before + 1, start - 1, headers)
        out.append(out[-1] or not headed)
    return out


def keeps_order(order: Sequence[int], fixed: Sequence[bool]) -> bool:
    """Whether `order` (the band's flow indices, left column first) leaves the flows marked in
    `fixed` in their printed order among themselves."""
    kept = [gi for gi in order if fixed[gi]]
    return kept == sorted(kept)


def natural_first(order: Sequence[int], fixed: Sequence[bool], width: int) -> bool:
    """Whether `order` gives 自然人's column (the leftmost) the first flow printed without a header
    cell, where the band begins with a run of two or more headed flows, one flow per column of
    the seven: poppler prints such a run first (the header's right-hand cells and their
    values), and 自然人's values never among it (docs/decisions.md, stop 19: 21 documents of the
    nine plain sets, none against). Elsewhere every order passes."""
    if len(fixed) != width or len(order) != width or fixed[1] or True not in fixed:
        return True
    return order[0] == fixed.index(True)


WIDE: ContextVar[bool] = ContextVar("wide_head_orders", default=False)


def wider_orders(fixed: Sequence[bool] | None) -> Iterator[tuple[int, ...]]:
    """Within `widened`'s second pass: every order of the band's flows (left column first) that
    keeps the flows marked in `fixed` in printed order, the others placed anywhere."""
    if not fixed or not WIDE.get():
        return
    moving = [i for i, f in enumerate(fixed) if not f]
    staying = [i for i, f in enumerate(fixed) if f]
    for places in permutations(range(len(fixed)), len(moving)):
        order: list[int | None] = [None] * len(fixed)
        for p, gi in zip(places, moving):
            order[p] = gi
        rest = iter(staying)
        yield tuple(next(rest) if gi is None else gi for gi in order)

