"""A later band's last columns printed late, for `block_search` (plain pdftotext's table 3).

Observed (docs/decisions.md, stop 20, "a later page's first row's last columns late"): where
table 3 runs over a page break, the page's rows begin a new label flow (the labels printed again
after the footer and the repeated header). Poppler prints the new page's rows as it prints a
table's first band: the first row's first columns (or, with a narrow label column, the page's
first column beside the labels, as one flow), then the band's rows, and the first row's last
columns late: after the flow that follows the band's left columns, or after the page's last
value. `block_search` allows this of the table's first band only; here, where that search finds
no table satisfying every identity, it searches again with the late columns allowed instead in
the band begun by the latest laid flow that opens a label flow's values (a segment's first
flow), at the first free cell of that flow's top row. A reading is still stated only where
exactly one table satisfies every identity.
"""

from __future__ import annotations

from ingest.readers.block_segments import Segment


def segment_tops(segments: list[Segment]) -> frozenset[int]:
    """Indices, among the value flows of `segments` in printed order (each segment's pre, beside,
    then its flows, as `text_blocks._read` lays them), of those opening a segment's values other
    than the first segment's."""
    tops: set[int] = set()
    n = 0
    for k, x in enumerate(segments):
        own = sum(1 for g in [x.pre, x.beside, *x.groups] if g)
        if k and own:
            tops.add(n)
        n += own
    return frozenset(tops)
