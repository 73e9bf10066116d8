"""Table 4 whose printed values are fifteen zeros, where the flow rules cannot place them
(`text_blocks_table4`).

Fifteen values for fifteen columns leave no column blank, and where every one is `0` each
placement of them reads the same cells: every cell `0` (every proceeding's total the sum of
its four outcomes). No order of them changes the reading, so their order is not weighed.
Read only where table 3 was read (its values left out of table 4's flows) and the header
flows hold every column's header characters at least once (table 3's `总计`/`其他` may print
among them). Observed on the sixth set (seed 19) 000071: table 3's last rows' headers among
table 4's, fifteen `0` a flow each or a few to a flow, out of the headers' order (truth: every
cell 0)."""

from __future__ import annotations

from ingest import codes
from ingest.alignment import Token
from ingest.readers.table4_columns import headed_whole

ALL_ZEROS = "fifteen values, every one 0, for fifteen columns: every placement reads every cell 0"


def all_zeros(flows: list, table3_read: bool) -> tuple[list[Token], str, list] | None:
    """The 15 cells where table 3 was read and the flows' values are fifteen `0` under header
    flows holding every column's header characters; None otherwise."""
    values = [t for f in flows for t in f.values]
    if not table3_read or len(values) != len(codes.T4_CELLS) or any(t.raw != "0" for t in values):
        return None
    if not headed_whole(flows):
        return None
    return values, ALL_ZEROS, flows
