"""The accounting identities (勾稽关系) of one report, each evaluated per scope.

Every identity is `lhs == rhs` over cells. Coverage guard: a `missing` operand makes the
result `undecidable` (never `pass`); `blank` / `not_applicable` operands count as 0 and the
result says so (`zero_filled`). Cross-year identities need two reports and live in the marts.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from ingest import codes
from ingest.model import Cell, IdentityResult
from ingest.normalize import MISSING, NUMBER_STATE

_TOL = 1e-6
CellKey = tuple[str, str, str]  # (table, row code, column code)
CellIndex = dict[CellKey, Cell]


def equation(identity: str, scope: str, lhs: Iterable[Cell | None], rhs: Iterable[Cell | None]) -> IdentityResult:
    """sum(lhs) == sum(rhs), with the coverage guard."""
    severity = codes.IDENTITY_SEVERITY[identity]
    lhs, rhs = list(lhs), list(rhs)
    left, lhs_filled = _side(lhs)
    right, rhs_filled = _side(rhs) if left is not None else (None, False)
    if right is None:
        return _undecidable(identity, scope, severity, lhs + rhs)
    left, right = _number(left), _number(right)
    status = "pass" if abs(left - right) <= _TOL else "fail"
    return IdentityResult(identity, scope, left, right, status, severity, lhs_filled or rhs_filled)


def _side(cells: list[Cell | None]) -> tuple[int | float | None, bool]:
    """(sum of the numbers, whether a blank or not-applicable cell counted as 0); (None, False)
    when a cell is missing. Added in order from 0, as `sum` does."""
    total: int | float = 0
    zero_filled = False
    for c in cells:
        if c is None or c.state == MISSING:
            return None, False
        if c.state != NUMBER_STATE:
            zero_filled = True
        elif c.value is not None:
            total += c.value
    return total, zero_filled


def _number(total: int | float) -> int | float:
    return int(total) if float(total).is_integer() else total


def _undecidable(identity: str, scope: str, severity: str, operands: list[Cell | None]) -> IdentityResult:
    absent = [c for c in operands if c is None or c.state == MISSING]
    names = ", ".join(f"{c.key}/{c.sub}" for c in absent if c is not None) or "cells absent"
    return IdentityResult(identity, scope, None, None, "undecidable", severity, False, f"missing: {names}")


@lru_cache(maxsize=2)
def _table_equations(has_other_row: bool) -> tuple[tuple[str, str, tuple[CellKey, ...], tuple[CellKey, ...]], ...]:
    """(identity, scope, lhs cell keys, rhs cell keys) of tables 3 and 4, in the order reported.

    With （六）其他处理 printed as one row, its row stands for the three other.* sub-rows.
    """
    def t3(outcome: str, applicant: str) -> CellKey:
        return ("applications", outcome, applicant)

    result_rows = [o for o in codes.RESULT_OUTCOMES if not (has_other_row and o in codes.OTHER_SUBROWS)]
    if has_other_row:
        result_rows.append(codes.OTHER_GROUP)
    plan = []
    for applicant in codes.APPLICANTS:
        plan.append(("t3_balance", applicant,
                     (t3("new_received", applicant), t3("carried_over", applicant)),
                     (t3("results_total", applicant), t3("carried_forward", applicant))))
    for applicant in codes.APPLICANTS:
        plan.append(("t3_results_sum", applicant,
                     (t3("results_total", applicant),), tuple(t3(o, applicant) for o in result_rows)))
    rows = list(codes.T3_OUTCOMES)
    if has_other_row:
        rows = [r for r in rows if r not in codes.OTHER_SUBROWS]
        rows.insert(rows.index("results_total"), codes.OTHER_GROUP)
    for outcome in rows:
        plan.append(("t3_row_total", outcome,
                     (t3(outcome, "total"),), tuple(t3(outcome, a) for a in codes.APPLICANT_COLUMNS)))
    for proceeding in codes.PROCEEDINGS:
        plan.append(("t4_total", proceeding, (("review_litigation", proceeding, "total"),),
                     tuple(("review_litigation", proceeding, o) for o in codes.T4_OUTCOMES[:-1])))
    return tuple(plan)


def table_operands(identity: str, scope: str, has_other_row: bool) -> tuple[tuple[CellKey, ...], tuple[CellKey, ...]] | None:
    """(lhs cell keys, rhs cell keys) of a table-3 or table-4 identity at `scope`, as `evaluate`
    checks it; None for the other identities. has_other_row: （六）其他处理 printed as one row."""
    for name, at, lhs, rhs in _table_equations(has_other_row):
        if (name, at) == (identity, scope):
            return lhs, rhs
    return None


def evaluate(cells: list[Cell], narrative: dict) -> list[IdentityResult]:
    idx: CellIndex = {(c.table, c.key, c.sub): c for c in cells}
    get = idx.get
    has_other_row = ("applications", codes.OTHER_GROUP, "total") in idx
    out = [equation(identity, scope, list(map(get, lhs)), list(map(get, rhs)))
           for identity, scope, lhs, rhs in _table_equations(has_other_row)]
    # Table 2 as the report's template has it; a signed 本年增/减 (2019 template) is exempt.
    template = "2019" if ("proactive", *codes.T2_2019_CELLS[0]) in idx else "2021"
    for item, measure in codes.T2_CELLS_BY_TEMPLATE[template]:
        if measure not in codes.T2_SIGNED_MEASURES:
            out.append(_non_negative(get(("proactive", item, measure)), f"{item}.{measure}"))
    out.extend(_narrative(idx, narrative))
    return out


def _non_negative(cell: Cell | None, scope: str) -> IdentityResult:
    severity = codes.IDENTITY_SEVERITY["t2_non_negative"]
    if cell is None or cell.state == MISSING:
        return IdentityResult("t2_non_negative", scope, None, 0, "undecidable", severity, False, "missing")
    if cell.state != NUMBER_STATE:
        return IdentityResult("t2_non_negative", scope, 0, 0, "pass", severity, True)
    value = cell.value
    ok = value >= 0 and (cell.sub in codes.T2_DECIMAL_MEASURES or float(value).is_integer())
    detail = None if ok else ("negative" if value < 0 else "a count that is not an integer")
    return IdentityResult("t2_non_negative", scope, value, 0, "pass" if ok else "fail", severity, False, detail)


def _narrative(idx: CellIndex, narrative: dict) -> list[IdentityResult]:
    out = []
    received = narrative.get("applications_received")
    new = idx.get(("applications", "new_received", "total"))
    carried = idx.get(("applications", "carried_over", "total"))
    severity = codes.IDENTITY_SEVERITY["narrative_applications"]
    if received is None:
        out.append(IdentityResult("narrative_applications", "report", None, None, "undecidable", severity, False,
                                  "the narrative states no number of applications"))
    elif new is None or new.state == MISSING:
        out.append(IdentityResult("narrative_applications", "report", received, None, "undecidable", severity,
                                  False, "new_received.total missing"))
    else:
        new_v = new.value if new.state == NUMBER_STATE else 0
        both = new_v + (carried.value if carried is not None and carried.state == NUMBER_STATE else 0)
        ok = received in (new_v, both)
        rhs = new_v if received == new_v or not ok else both
        out.append(IdentityResult("narrative_applications", "report", received, rhs, "pass" if ok else "fail",
                                  severity, new.state != NUMBER_STATE,
                                  None if ok else "narrative figure differs from table 3"))
    severity = codes.IDENTITY_SEVERITY["narrative_published_sum"]
    if "published_total" in narrative and narrative.get("published_parts"):
        total, parts = narrative["published_total"], sum(narrative["published_parts"])
        out.append(IdentityResult("narrative_published_sum", "report", total, parts,
                                  "pass" if total == parts else "fail", severity, False))
    else:
        out.append(IdentityResult("narrative_published_sum", "report", None, None, "undecidable", severity, False,
                                  "the narrative lists no published total with parts"))
    return out
