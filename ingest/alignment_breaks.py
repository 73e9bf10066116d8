"""The fewest-violations rule: where a report prints an inconsistent table 3 (a body's slip), no
placement of values that lost their columns satisfies every identity; the placements are then
weighed by how many identity instances each breaks — each row whose row total fails
(t3_row_total), each applicant column where a column identity fails (t3_balance,
t3_results_sum), one per (identity, scope) as a report's check counts them; the identities and
their operands are the identity table's (`alignment_rules`).

Let v be the fewest any placement breaks. A row is stated only where v is at most `MAX_BROKEN`
(one printed slip breaks two instances: its row and the total column, or its column and the
total column) and every placement breaking at most v + `MARGIN` gives that row the same values;
the other rows stay missing. A value moved into a column the slip already broke adds a single
instance, so the margin of one keeps such rows missing (docs/decisions.md: why the rule cannot
make a consistent report look inconsistent). Used by plain pdftotext's table-3 rebuild
(`ingest.readers.block_fewest`) and by the mapper's table-3 rows decided by the columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from math import prod
from typing import Protocol

from ingest import codes
from ingest.alignment import Token, number_or_zero, readings, row_holds, signature
from ingest.alignment_rules import RULES, TOLERANCE, Rules

MAX_BROKEN = 2  # the fewest instances broken for any row to be stated
MARGIN = 1  # placements breaking up to this many more than the fewest must agree on a stated row
_MAX_COMBINATIONS = 20_000  # combinations of undecided rows weighed at most (more: none read)
_MAX_OPEN = 200  # placements of a row whose printed total fails weighed at most (more: none such weighed)


class Value(Protocol):
    value: int | float | None
    state: str


Rows = list[list[Token]]
Placement = tuple[int, Rows, frozenset[int]]  # (instances broken, rows in the outcomes' order, lines it takes)


@dataclass(slots=True)
class Fewest:
    """What the rule reads: the rows every near-fewest placement agrees on."""

    rows: dict[str, list[Token]]
    least: int  # instances the fewest-violations placements break
    ties: int  # distinct placements breaking that few
    runner_up: int | None  # fewest instances broken by another placement
    near: int  # distinct placements within the margin, weighed together
    taken: set[int] = field(default_factory=set)  # loose lines a weighed placement takes
    off: tuple[str, ...] = ()  # rows left missing, a placement one row off (`block_fewest.without_one_row_off`)


def broken(table: Mapping[str, Sequence[Value | None]], has_other_row: bool, limit: int, rules: Rules = RULES) -> int:
    """The identity instances `table` (outcome → its cells in codes.APPLICANTS order) breaks,
    counted up to limit + 1 (past that the count stops). An instance with an operand not in
    the table (a row or a cell unread, None) is not counted."""
    plan = rules.columns[has_other_row]
    count = 0
    for rule in (*plan.checked, plan.summing):
        terms = (*rule.lhs, *((o, -sign) for o, sign in rule.rhs))
        for i in rule.columns:
            cells = [(table.get(o) or (None,) * len(codes.APPLICANTS))[i] for o, _ in terms]
            if any(c is None for c in cells):
                continue
            if abs(sum(sign * number_or_zero(c) for (_, sign), c in zip(terms, cells))) > TOLERANCE:
                count += 1
                if count > limit:
                    return count
    row_ok = row_holds(rules.t3_row)
    for row in table.values():
        if all(c is not None for c in row) and not row_ok(row):
            count += 1
            if count > limit:
                return count
    return count


def agreed_rows(placements: list[Placement], outcomes: Sequence[str]) -> Fewest | None:
    """The rule on distinct placements: where the fewest broken is at most MAX_BROKEN, the rows
    every placement breaking at most MARGIN more gives the same values; None where none."""
    ranked = sorted(placements, key=lambda p: p[0])
    if not ranked or ranked[0][0] > MAX_BROKEN:
        return None
    least = ranked[0][0]
    near = [p for p in ranked if p[0] <= least + MARGIN]
    first = near[0][1]
    agreed = {o: first[r] for r, o in enumerate(outcomes)
              if all(signature(p[1][r]) == signature(first[r]) for p in near[1:])}
    if not agreed:
        return None
    runner_up = ranked[1][0] if len(ranked) > 1 else None
    return Fewest(agreed, least, sum(1 for p in near if p[0] == least), runner_up, len(near),
                  set().union(*(p[2] for p in near)))


def fewest_columns(known: Mapping[tuple[str, str], Value], undecided: Mapping[str, list[list[Token]]],
                   has_other_row: bool, rules: Rules = RULES) -> Fewest | None:
    """Table-3 rows whose readings (each satisfying its row total) no combination fits to every
    column identity (`alignment.resolve_columns` found none): the rows the rule states, weighing
    every combination against the whole table read so far (`known`: (outcome, applicant) → cell).
    None where a column identity the undecided rows take part in has a cell unread, or there are
    too many combinations to weigh."""
    outcomes = list(undecided)
    if not outcomes or prod(len(undecided[o]) for o in outcomes) > _MAX_COMBINATIONS:
        return None
    base = {o: [known.get((o, a)) for a in codes.APPLICANTS]
            for o in codes.t3_rows(has_other_row) if o not in undecided}
    plan = rules.columns[has_other_row]
    for rule in (plan.summing, *plan.checked):
        if any(o in undecided for o in rule.outcomes) and any(
                o not in undecided and base.get(o, [None] * len(codes.APPLICANTS))[i] is None
                for o in rule.outcomes for i in rule.columns):
            return None
    placements = [(broken(base | dict(zip(outcomes, combo)), has_other_row, MAX_BROKEN + MARGIN, rules),
                   list(combo), frozenset())
                  for combo in product(*(undecided[o] for o in outcomes))]
    return agreed_rows(placements, outcomes)


def open_readings(rows: Mapping[str, list[Token]]) -> dict[str, list[list[Token]]]:
    """Every placement in column order of each table-3 row's printed values, its row total
    holding or not (a row whose printed total fails has no other); {} where a row has more than
    `_MAX_OPEN` or none (then no such row is weighed)."""
    out: dict[str, list[list[Token]]] = {}
    for code, printed in rows.items():
        found: dict[tuple, list[Token]] = {}
        for reading in readings(printed, len(codes.APPLICANTS)):
            if reading is None or len(found) >= _MAX_OPEN:
                return {}
            found.setdefault(signature(reading), reading)
        if not found:
            return {}
        out[code] = list(found.values())
    return out

