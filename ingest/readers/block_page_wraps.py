"""A number wrapped in a table-3 row that a page break cuts (plain `pdftotext` of a ruled PDF).

Where a row's label wraps over two lines and the page breaks between them, the row's cells
break there too: a number wider than its cell (`block_wraps`) prints its cut-short head on the
first page, as the last value printed there, and its tail on the next page, in the first band
printed there (the row's second line and the rows after it, one flow per column): the tail is
the first value of its column's flow, which so holds one value more than the flow before it
(`1,14` the last value of page 1; page 2: `量` beside `29` / `0` / `1` / `0` / `1` / `13` /
`1 44`: 1,141 and carried_over's 44; fourth set 000131).

Each such tail is one more candidate joining for `block_wraps.joinings`; the identities decide.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest import codes
from ingest.alignment import Token
from ingest.normalize import nfkc
from ingest.readers.block_segments import Segment, line_index

_FIRST_BAND = len(codes.APPLICANTS)  # flows of the next page's first band at most: one per column


def page_tails(segments: list[Segment], is_head: Callable[[Token], bool],
               may_complete: Callable[[Token, Token], bool]) -> list[tuple[int, int, int, int, int, int]]:
    """(segment, flow, head, tail's segment, tail's flow, tail) for each head that is the last
    value its segment prints, with a page break after it, and each tail the next segment's
    first band allows. Cheap where no segment ends on a head: one look at each segment's last
    value."""
    out = []
    for s, x in enumerate(segments[:-1]):
        flow = len(x.groups) - 1
        g = x.groups[-1] if x.groups else x.beside
        if not g or not is_head(g[-1]):
            continue
        nxt = segments[s + 1]
        after, pages = line_index(g[-1]) + 1, x.breaks
        for f in range(1, min(len(nxt.groups), _FIRST_BAND)):
            h = nxt.groups[f]
            if len(h) != len(nxt.groups[f - 1]) + 1 or not may_complete(g[-1], h[0]):
                continue
            if pages is not None and pages.among(after, line_index(h[0]) - 1, pages.pages):
                out.append((s, flow, len(g) - 1, s + 1, f, 0))
    return out


def completes(head: Token, tail: Token, digits: Callable[[Token], str], cut: Callable[[str], bool]) -> bool:
    """Whether `tail` may end `head`'s number: plain digits, fewer than the head's, or where the
    head is cut inside its thousands separator, as many as complete its group of three (`1,3`
    over `12`: 1,312, as many digits as the head's; eighth set 000142)."""
    raw, h = nfkc(tail.raw), nfkc(head.raw)
    if not raw.isdecimal():
        return False
    if cut(h):
        return len(raw) == 3 - len(h.rsplit(",", 1)[1])
    return len(raw) < len(digits(head))

