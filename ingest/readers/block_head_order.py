"""The order of the first band's column flows under table 3's header (plain `pdftotext`).

Under the header poppler may print a band's columns out of order, but the flows it moves are
those it begins with, each printed with a header cell (`法律服务机构 / 0 / 0 / 0 / 0` before
its values) or right after a line of header text (`其他`, then the values): from the first
flow with no header cell on, the flows keep their printed order among themselves. Observed
on the plain dumps of four generated sets (docs/decisions.md: every first band under the
header whose truth is out of printed order moves only such a leading run of headed flows).
A first band's reading by columns that takes two other flows out of printed order is not
weighed.
"""

from __future__ import annotations

from collections.abc import Sequence

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
