"""How many identity instances a complete reading of table 3 breaks: each row whose row total
fails (t3_row_total), each applicant column where a column identity fails (t3_balance,
t3_results_sum). The count a report's check would give the same cells, one per (identity,
scope); the identities and their operands are the identity table's (`alignment_rules`).

Readers weigh placements by it when none satisfies every identity: the report itself may print
an inconsistent table (see `ingest.readers.block_fewest`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ingest.alignment import Token, number_or_zero, row_holds
from ingest.alignment_rules import RULES, TOLERANCE, Rules


def broken(table: Mapping[str, Sequence[Token]], has_other_row: bool, limit: int, rules: Rules = RULES) -> int:
    """The identity instances `table` (outcome → its cells in codes.APPLICANTS order, every
    row of table 3) breaks, counted up to limit + 1 (past that the count stops)."""
    plan = rules.columns[has_other_row]
    count = 0
    for rule in (*plan.checked, plan.summing):
        terms = (*rule.lhs, *((o, -sign) for o, sign in rule.rhs))
        for i in rule.columns:
            if abs(sum(sign * number_or_zero(table[o][i]) for o, sign in terms)) > TOLERANCE:
                count += 1
                if count > limit:
                    return count
    row_ok = row_holds(rules.t3_row)
    for row in table.values():
        if not row_ok(row):
            count += 1
            if count > limit:
                return count
    return count

