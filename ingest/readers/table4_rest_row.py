"""A proceeding's four outcome values printed after its cut headers' rests, its total's value
later (`text_blocks_table4`).

Where a page break cuts table 4's outcome headers but leaves a proceeding's `总计` whole on the
first page (two lines, as tall as the tops), the next page prints that proceeding's four rests,
each a flow, then its four outcome values, each a flow; its total's value comes later, after the
next proceeding's rests (seventh set's 000132: `总 / 计` on page 3, then on page 4 `维持` ‖
`纠正` ‖ `结果` ‖ `审结` ‖ `4` ‖ `7` ‖ `0` ‖ `8` ‖ `果维持` … `未审结` ‖ `19` ‖ `计`; its truth
行政复议 4, 7, 0, 8, 19, 未经复议直接起诉 blank). The four values are the four rests' columns,
left to right; the total waits for a later value, which the proceeding's total must then be the
sum of (else nothing is read)."""

from __future__ import annotations

from ingest import codes

OUTCOMES = len(codes.T4_OUTCOMES)
ROW_BEFORE_TOTAL = ("a proceeding's four outcome values after its cut headers' rests, its whole 总计 header "
                    "printed before them: the outcomes', left to right, its total's value later")


def outcomes_before_total(pending: list[list[int]], values: int, lone: list[int], rests: set[int],
                          behind: set[int]) -> list[int] | None:
    """The four outcome columns of the proceeding whose five columns are `pending` (one a flow,
    in column order), its four outcomes' headers rests of cut cells (`rests`) and its total's
    header printed before them (`behind`), where the values since are four, one a flow (`lone`:
    each flow's count). None otherwise."""
    cols = [c for p in pending for c in p]
    if values != OUTCOMES - 1 or lone != [1] * values or [len(p) for p in pending] != [1] * OUTCOMES:
        return None
    first = cols[0]
    if first % OUTCOMES or cols != list(range(first, first + OUTCOMES)):
        return None
    return cols[:-1] if set(cols[:-1]) <= rests and cols[-1] in behind else None
