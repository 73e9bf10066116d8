"""Lone values after a proceeding's first header flows where `结果维持` and `结果纠正` share a
flow (`text_blocks_table4._place`).

Poppler prints the two narrow header cells side by side as one flow (`结 结 / 果 果 / 维 纠 /
持 正`), each header cell further right a flow of its own; where the values come as lone flows
after those header flows, the left column's comes first, then the others' left to right, the
right column's (`结果纠正`) last. Seen with the proceeding's five headers so printed (37 ruled PDFs
of the corpus by x, `[2, 1, 1, 1]`), and with its first three or four, the rest of its headers
printed after (their values then come later: `table4_lone.late_row`): seed-50 000029 (`8 / 0 /
4` after `结果维持`+`结果纠正` and `其他结果`, truth 8 4 0) and 000116 (`1 / 0 / 9 / 1` after those and
`尚未审结`, truth 1 1 0 9). Read so only for a proceeding's first three to five columns, the first
header flow those two, each other one column; for three or four, only where each lone flow is
one value printed on one line: where some wrap a digit a line (taller cells), poppler was seen
to print the five left to right (seed-57 000098, `1 / 0 / 0 / １ １ / １ ２`, truth 1 0 0 11 12,
whose total caught the order; with three or four values no total weighs it)."""

from __future__ import annotations

from ingest import codes

OUTCOMES = len(codes.T4_OUTCOMES)
SHARED_FIRST = "a proceeding's lone values after its first header flows (two, then one each): left column first, right column last"


def shared_first_order(pending: list[list[int]], cols: list[int], unwrapped: bool) -> list[int] | None:
    """The columns the lone values (one each, as many as `cols`) stand under in printed order,
    where the header flows waiting (`pending`) are a proceeding's first two columns in one flow,
    then one column each, three to five columns in all (fewer than five only where `unwrapped`:
    each lone flow one value on one line); None otherwise."""
    k = len(cols)
    if not 3 <= k <= OUTCOMES or (k < OUTCOMES and not unwrapped) or cols[0] % OUTCOMES or cols != list(range(cols[0], cols[0] + k)):
        return None
    if [len(p) for p in pending] != [2] + [1] * (k - 2):
        return None
    return [pending[0][0], *cols[2:], pending[0][1]]
