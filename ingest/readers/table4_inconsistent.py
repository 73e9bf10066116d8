"""A proceeding of table 4 whose printed total is not the sum of its outcomes, read as printed
where the reading cannot hang on the order of its values (`text_blocks_table4`).

The rebuild checks each proceeding's total to catch a reading its flow rules got wrong (a value
under the wrong outcome). Where the report itself prints an inconsistency the check fails on the
right reading too; it is read only where no order of its values could change it: its four
outcomes print one value (`0`, `0`, `0`, `0`), so which outcome each stands under changes
nothing, and its total stands alone in a flow of its own (third set's 000049: `总 计` then `1`,
after outcomes of 0). The identity check then reports the total as the report prints it.

So too where each of its values stands in the flow of its own header, the flow model's plainest
case, which no order among them could change: every flow holding one of them holds only its
values, under the columns whose header characters the flow holds, left to right, or is its one
value right after its own header's flow (`_Flow.sole`); and no order of its five values makes
the total its outcomes' sum, so the failure is the report's, not a misread order (eighth set,
seed 21, 000084: 复议后起诉's `结结其 / 果果他 / 维纠结 / 持正果 / 3 0 0`, `尚未审结 0`, `总 计`
then `4`; its truth prints 3 0 0 0 4, the generator's injected violation)."""

from __future__ import annotations

from collections import Counter
from itertools import permutations

from ingest.alignment import Token, printed_text, t4_total_holds
from ingest.model import Issue
from ingest.readers.table4_columns import headers, unread
from ingest.states import BLANK

INCONSISTENT = ("its total printed alone in a flow of its own, its four outcomes one value, or each value in its "
                "own header's flow: read as printed, the total not their sum")


def as_printed(group: list[Token], flows: list) -> bool:
    """Whether a proceeding's five tokens (outcomes, total) are so printed: the outcomes one
    value, the total's flow holding it alone (no header, no other value)."""
    outcomes, total = group[:-1], group[-1]
    alone = [f for f in flows if not f.header and len(f.values) == 1 and f.values[0] is total]
    return (len({t.raw for t in outcomes}) == 1 and len(alone) == 1) or _own_flows(group, flows)


def _own_flows(group: list[Token], flows: list) -> bool:
    """Whether each of a proceeding's five values stands in the flow of its own header (the
    flow's header characters those of the columns its values stand under, left to right, or
    the one value right after its own header's flow) and no order of them holds its total."""
    at = {id(t): o for o, t in enumerate(group)}
    texts, seen = headers()[:len(group)], set()
    for f in flows:
        mine = [at.get(id(t)) for t in f.values]
        if all(o is None for o in mine):
            continue
        if None in mine or not (f.sole and len(mine) == 1 or mine == sorted(mine) and Counter(f.header) == Counter(
                "".join(texts[o] for o in mine))):
            return False
        seen.update(mine)
    return len(seen) == len(group) and not any(t4_total_holds(list(p)) for p in permutations(group))


def left_unread(cells: list[Token], start: int, flows: list, size: int, failing: list[str],
                printed: list[Token]) -> tuple[list[Token], Issue] | None:
    """`cells` with the proceeding at `start` (its printed total not its outcomes' sum, their
    order not fixed: another order of them reads otherwise) partly left missing, and the finding:
    its outcomes missing, its total read only where its value is the one value of a flow right
    after its own header's flow, the only header printed since the last values (`_Flow.sole`).
    None (nothing read) unless it is the only proceeding failing, another holds its total with
    its values printed, and every value stands where it was printed in order: where a rule
    reordered values (five lone values after five header flows: left column first, right column
    last) the failing total may be the trace of that rule's misread (tuning 000956, fifth
    000036: the mapper reads those texts as printed). Fourth set's 000107, fifth set's 000024."""
    if len(failing) != 1 or [id(t) for t in cells if t.state != BLANK] != [id(t) for t in printed]:
        return None
    others = [cells[b:b + size] for b in range(0, len(cells), size) if b != start]
    if not any(all(t.state != BLANK for t in g) and t4_total_holds(g) for g in others):
        return None
    group = cells[start:start + size]
    total = group[-1]
    alone = any(f.sole and f.values[0] is total for f in flows)
    left = unread(total.where)
    read = [*cells[:start], *[left] * (size - 1), total if alone else left, *cells[start + size:]]
    issue = Issue("warning", "ambiguous_row",
                  f"table 4: {failing[0]} printed {printed_text(group)}, its total not its outcomes' sum (the report "
                  "prints an inconsistent table): which outcome each value stands under hangs on their order, "
                  "which no identity confirms; its outcomes left missing, its total "
                  + ("read as printed, the one value after its own header's flow" if alone else
                     "too, not the one value after its own header's flow"), total.where)
    return read, issue
