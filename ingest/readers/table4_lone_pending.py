"""Table 4 whose first value prints alone in a `尚未审结` header's flow, before the other
fourteen in column order (`text_blocks_table4`).

Observed on the sixth set (seed 19) 000137: after table 3's last rows, a `尚未审结` flow holding
`3`, then `总计`, then 行政复议's and 未经复议直接起诉's headers with `7 0 3 3 13 0 0 3 3`, the
next page `6`, `0 3 3`, `9` (truth 7 0 3 3 13 / 0 0 3 3 6 / 0 3 3 3 9): the lone `3` is
复议后起诉's `尚未审结`, the rest left to right. Which proceeding's `尚未审结` the lone value is,
is weighed: each of the three is tried, the other fourteen in printed order; read only where
exactly one reading has every proceeding's total the sum of its four outcomes."""

from __future__ import annotations

from ingest import codes
from ingest.alignment import Token, t4_total_holds
from ingest.readers.table4_columns import OUTCOMES, headed_whole

PENDING = codes.T4_OUTCOMES.index("pending")
LONE_PENDING = ("the first value alone in a 尚未审结 header's flow, the other fourteen left to right: "
                "the one proceeding's 尚未审结 for which every proceeding's total holds")


def lone_pending(flows: list) -> tuple[list[Token], str, list] | None:
    """The 15 cells where the first valued flow is a `尚未审结` header with one value and the
    flows hold fifteen values and every column's header characters, read where exactly one
    proceeding's `尚未审结` column for that value lets every proceeding's total hold; None otherwise."""
    valued = [f for f in flows if f.values]
    if not valued or valued[0].header != "尚未审结" or len(valued[0].values) != 1:
        return None
    values = [t for f in valued for t in f.values]
    if len(values) != len(codes.T4_CELLS) or not headed_whole(flows):
        return None
    lone, rest = values[0], values[1:]
    readings = set()
    found = None
    for p in range(len(codes.PROCEEDINGS)):
        at = p * OUTCOMES + PENDING
        cells = rest[:at] + [lone] + rest[at:]
        if all(t4_total_holds(cells[b:b + OUTCOMES]) for b in range(0, len(cells), OUTCOMES)):
            readings.add(tuple(t.raw for t in cells))
            found = cells
    return (found, LONE_PENDING, flows) if len(readings) == 1 else None
