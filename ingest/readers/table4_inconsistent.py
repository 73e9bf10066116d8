"""A proceeding of table 4 whose printed total is not the sum of its outcomes, read as printed
where the reading cannot hang on the order of its values (`text_blocks_table4`).

The rebuild checks each proceeding's total to catch a reading its flow rules got wrong (a value
under the wrong outcome). Where the report itself prints an inconsistency the check fails on the
right reading too; it is read only where no order of its values could change it: its four
outcomes print one value (`0`, `0`, `0`, `0`), so which outcome each stands under changes
nothing, and its total stands alone in a flow of its own (third set's 000049: `总 计` then `1`,
after outcomes of 0). The identity check then reports the total as the report prints it."""

from __future__ import annotations

from ingest.alignment import Token

INCONSISTENT = ("its total printed alone in a flow of its own, its four outcomes one value: read as printed, "
                "the total not their sum")


def as_printed(group: list[Token], flows: list) -> bool:
    """Whether a proceeding's five tokens (outcomes, total) are so printed: the outcomes one
    value, the total's flow holding it alone (no header, no other value)."""
    outcomes, total = group[:-1], group[-1]
    alone = [f for f in flows if not f.header and len(f.values) == 1 and f.values[0] is total]
    return len({t.raw for t in outcomes}) == 1 and len(alone) == 1
