"""Table 3's first band on a page whose right-hand columns plain `pdftotext` prints after the
page's footer (seen in 000065 of the eighth set, 000035 of the fourth).

Where table 3's header row breaks over a page, the page the rows stand on begins with the rest
of the header's cells (`组织`, `机构`). Poppler may read that page's top right corner last: the
first band's left columns come after the labels as usual (`0 0 0 0` / `1 0 0 0` / `0 0 0 0` /
`组织` `0 0 0 0`), then every later band, then the page's footer (`-2-`), then the corner's
header fragment and the first band's last columns (`机构` / `0 0 0 0` / `0 0 0 0` / `1 0 0 0`).

`footer_band`: the segment with those last flows moved back to the end of its first band, where
a footer stands before them, a header fragment heads the first of them, they all hold as many
values as each flow of the segment's first run, and with that run they make the band's seven
columns. It is one more candidate: a reading is kept only where every identity holds
(`ingest.readers.text_blocks._read`), and a row two candidates read differently stays missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest import codes

if TYPE_CHECKING:
    from ingest.readers.block_segments import Segment

_WIDTH = len(codes.APPLICANTS)


def footer_band(segments: list[Segment]) -> list[Segment] | None:
    """The segments with a segment's last flows after a page's footer moved to the end of its
    first band (module doc); None where no segment so ends."""
    out = list(segments)
    for i, x in enumerate(segments):
        if x.breaks is None or not (x.breaks.pages or x.breaks.footers) or len(x.groups) < _WIDTH + 1:
            continue
        k = len(x.groups[0])
        lead = next((g for g, v in enumerate(x.groups) if len(v) != k), len(x.groups))
        m = _WIDTH - lead
        if not 0 < m < _WIDTH or len(x.groups) - m <= lead or any(len(v) != k for v in x.groups[-m:]):
            continue
        at = len(x.groups) - m
        if not x.heads[at] or any(x.heads[g] for g in range(at + 1, len(x.groups))):
            continue
        lo, hi = max(x.flow_lines[at - 1]) + 1, min(x.flow_lines[at]) - 1
        if not x.breaks.among(lo, hi, x.breaks.pages, x.breaks.footers):
            continue
        out[i] = x.cut([*range(lead), *range(at, len(x.groups)), *range(lead, at)])
    return out if out != segments else None
