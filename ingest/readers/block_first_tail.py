"""Table 3's first band split over a page break (plain `pdftotext` of a ruled PDF), its last
columns printed after the next page's footer, after every band of the page.

Where the label flow holds no values and the table's first rows stand under the header at the
foot of one page's columns, poppler may print the first band's first h columns (each a flow of
its k rows) before the page's other bands, and its last 7 - h columns, each a flow of k values
(the first headed by a header cell's last line, `机构 / 0 / 0 / 0 / 0`), as the first flows of
the next page, after its footer and before the next label flow (fresh set, seed 40, 000057:
`4 0 1 0`, `1 0 1 0`, `0 0 0 0`, `组织 / 0 0 0 0`, the body's bands, `-2-`, `机构 / 0 0 0 0`,
`0 0 0 0`, `5 0 2 0`). `first_tail` gives the segments with those flows moved back beside the
first band's others: one more choice of the segments, read only where every identity holds
(`ingest.readers.text_blocks._read`); a row two choices read differently stays missing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ingest import codes

if TYPE_CHECKING:
    from ingest.readers.block_segments import Segment

_WIDTH = len(codes.APPLICANTS)


def first_tail(segments: list[Segment]) -> list[Segment] | None:
    """The segments with the first segment's last flows, after a page break and each as long as
    its first flow, moved right after the first band's other columns; None where it does not so end."""
    x = segments[0] if segments else None
    if x is None or x.beside or x.pre or x.breaks is None or len(x.groups) < _WIDTH + 1:
        return None  # the cheap gate: a first segment of flows only, longer than one band
    k = len(x.groups[0])
    tail = 0  # the flows of k values ending the segment
    while tail < _WIDTH - 1 and len(x.groups[-1 - tail]) == k:
        tail += 1
    for t in range(tail, 0, -1):
        at = len(x.groups) - t  # the first flow after the break
        head = _WIDTH - t
        lo, hi = max(x.flow_lines[at - 1]) + 1, min(x.flow_lines[at]) - 1
        if at <= head or not x.breaks.among(lo, hi, x.breaks.pages, x.breaks.footers):
            continue
        if any(len(g) != k for g in x.groups[:head]):
            return None
        order = [*range(head), *range(at, len(x.groups)), *range(head, at)]
        return [replace(x, groups=[x.groups[i] for i in order], flow_lines=[x.flow_lines[i] for i in order],
                        heads=[x.heads[i] for i in order]), *segments[1:]]
    return None
