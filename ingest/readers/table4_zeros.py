"""Table 4 whose printed values are ten zeros, where the flow rules cannot place them: which
proceeding is blank, from the proceeding labelled in the flow that holds a row of them
(`text_blocks_table4`).

Blank columns are whole proceedings (every truth of the corpus) and a proceeding's total is the
sum of its four outcomes, so ten printed values, every one `0`, are two proceedings' zeros and
one proceeding blank: the cells hang only on which. A flow of values stands under its own
header's columns and those left of them, never right (the flow rules' model: a row printed in
the flow of its last headers, left to right; or the first proceeding's row after the next
one's headers); so a flow holding more values than its proceeding's five is, in part, a
proceeding's to its left. The proceedings allowed so are
weighed; read where one pair is left.

Observed where poppler prints 复议后起诉's header flow before 未经复议直接起诉's (out of column
order), nine zeros in the flow labelled 未经复议直接起诉 and the tenth after 行政复议's last
headers past section 五's heading (fifth set's 000023 and 000087; their truth: 行政复议 and
未经复议直接起诉 zeros, 复议后起诉 blank). Read only where the header flows hold every column's
header characters exactly once."""

from __future__ import annotations

from itertools import combinations

from ingest import codes
from ingest.alignment import Token
from ingest.normalize import nfkc
from ingest.mapping.columns import column_labels
from ingest.readers.table4_columns import OUTCOMES, headed_whole
from ingest.states import BLANK

ZEROS = ("ten values, every one 0, under two proceedings: the one pair a flow's values allow (a flow's values "
         "stand under its proceeding's columns and those left of them), the third blank")


def zeros_placed(flows: list, lines: list[str], where: str) -> tuple[list[Token], str, list] | None:
    """The 15 cells where the flows' values are ten `0` and one pair of valued proceedings
    agrees with every flow of values labelled with its proceeding; None otherwise."""
    values = [t for f in flows for t in f.values]
    if len(values) != 2 * OUTCOMES or any(t.raw != "0" for t in values):
        return None
    if not headed_whole(flows, once=True):
        return None
    labels = column_labels()["2021"]
    last_part = {labels[p].split()[-1]: n for n, p in enumerate(codes.PROCEEDINGS)}
    labelled = []  # (proceeding, values) of each flow of values whose proceeding's label it holds
    for f in flows:
        own = {last_part[s] for i in f.lines if (s := nfkc(lines[i]).strip()) in last_part}
        if f.values and len(own) == 1:
            labelled.append((own.pop(), len(f.values)))
    if not labelled:
        return None
    pairs = [pair for pair in combinations(range(len(codes.PROCEEDINGS)), 2)
             if all(n <= OUTCOMES * sum(1 for q in pair if q <= p) for p, n in labelled)]
    if len(pairs) != 1:
        return None
    it = iter(values)
    cells = [next(it) if c // OUTCOMES in pairs[0] else Token(None, BLANK, "", where)
             for c in range(len(codes.T4_CELLS))]
    return cells, ZEROS, flows
