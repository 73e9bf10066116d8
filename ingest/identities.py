"""The accounting identities (勾稽关系) of one report, each evaluated per scope.

Every identity is `lhs == rhs` over cells; the equations and their operands are the rows of the
identity table (ingest/data/identities.csv, ingest/identity_table.py). Coverage guard: a `missing`
operand makes the result `undecidable` (never `pass`); `blank` / `not_applicable` operands count
as 0 and the result says so (`zero_filled`). Cross-year identities need two reports: the
warehouse pairs them (int_reports__previous_year) and evaluates them in SQL; `evaluate_cross_year`
is the same evaluation of one given pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from ingest import codes
from ingest.identity_table import IDENTITIES, SOURCE, Identity, Term
from ingest.model import Cell, IdentityResult
from ingest.normalize import MISSING, NUMBER_STATE

_TOL = 1e-6
CellKey = tuple[str, str, str]  # (table, row code, column code)
CellIndex = dict[CellKey, Cell]


# The code groups an identity's scopes and operands may name (`@group` in the table). With
# （六）其他处理 printed as one row, its row `other` stands for the three other.* sub-rows.
def _result_rows(has_other_row: bool) -> tuple[str, ...]:
    rows = tuple(o for o in codes.RESULT_OUTCOMES if not (has_other_row and o in codes.OTHER_SUBROWS))
    return (*rows, codes.OTHER_GROUP) if has_other_row else rows


GROUPS: dict[str, Callable[[bool], tuple[str, ...]]] = {
    "applicants": lambda _: codes.APPLICANTS,
    "applicant_columns": lambda _: codes.APPLICANT_COLUMNS,
    "t3_outcomes": codes.t3_rows,
    "result_outcomes": _result_rows,
    "proceedings": lambda _: codes.PROCEEDINGS,
}
# Codes per cell table: (row codes, column codes), for checking the table.
_AXIS_CODES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "applications": (frozenset([*codes.T3_OUTCOMES, codes.OTHER_GROUP]), frozenset(codes.APPLICANTS)),
    "review_litigation": (frozenset(codes.PROCEEDINGS), frozenset(codes.T4_OUTCOMES)),
    "proactive": (frozenset([*codes.T2_ITEMS, *codes.T2_2019_ITEMS]),
                  frozenset(m for _, m in (*codes.T2_CELLS, *codes.T2_2019_CELLS))),
}


def codes_of(ref: str, has_other_row: bool = False) -> tuple[str, ...]:
    """The codes `@group` or a space-separated list of codes stands for."""
    if ref.startswith("@"):
        return GROUPS[ref[1:]](has_other_row)
    return tuple(ref.split())


def expand(terms: Iterable[Term], has_other_row: bool = False) -> tuple[Term, ...]:
    """The terms with every `@group` replaced by its codes (same sign, same year)."""
    return tuple(Term(t.sign, code, t.previous) for t in terms for code in codes_of(t.code, has_other_row))


def cell_key(identity: Identity, scope: str, code: str) -> CellKey:
    return (identity.cells, scope, code) if identity.scope_axis == "row" else (identity.cells, code, scope)


def check_table(table: dict[str, Identity]) -> None:
    """Every group and code of the equations is one of its cell table's (ingest/codes.py), and
    the identities are the ones the contract names."""
    for identity in table.values():
        if identity.kind not in ("equation", "cross_year"):
            continue
        where = f"{SOURCE} line {identity.line} ({identity.name})"
        if identity.cells not in _AXIS_CODES or identity.scope_axis not in ("row", "column"):
            raise ValueError(f"{where}: cells must be one of {sorted(_AXIS_CODES)}, scope_axis row or column")
        rows, columns = _AXIS_CODES[identity.cells]
        scope_codes, operand_codes = (rows, columns) if identity.scope_axis == "row" else (columns, rows)
        for refs, known in ((identity.scopes.split(), scope_codes), ([t.code for t in identity.terms], operand_codes)):
            for ref in refs:
                if ref.startswith("@") and ref[1:] not in GROUPS:
                    raise ValueError(f"{where}: no code group {ref}; groups: {', '.join(GROUPS)}")
                unknown = [c for other in (False, True) for c in codes_of(ref, other) if c not in known]
                if unknown:
                    raise ValueError(f"{where}: {', '.join(unknown)} not a code of {identity.cells} on that axis")
        seen = [(t.code, t.previous) for t in identity.terms]
        if len(set(seen)) != len(seen):
            raise ValueError(f"{where}: an operand is named twice")
        for template in identity.templates:
            if template not in codes.TEMPLATES:
                raise ValueError(f"{where}: template {template} not one of {codes.TEMPLATES}")


check_table(IDENTITIES)


def equation(identity: str, scope: str, lhs: Iterable[Cell | None], rhs: Iterable[Cell | None],
             signs: tuple[Sequence[int], Sequence[int]] | None = None) -> IdentityResult:
    """sum(lhs) == sum(rhs), with the coverage guard; `signs` (per side) subtract a term at -1."""
    severity = codes.IDENTITY_SEVERITY[identity]
    lhs, rhs = list(lhs), list(rhs)
    lhs_signs, rhs_signs = signs or (None, None)
    left, lhs_filled = _side(lhs, lhs_signs)
    right, rhs_filled = _side(rhs, rhs_signs) if left is not None else (None, False)
    if right is None:
        return _undecidable(identity, scope, severity, lhs + rhs)
    left, right = _number(left), _number(right)
    status = "pass" if abs(left - right) <= _TOL else "fail"
    return IdentityResult(identity, scope, left, right, status, severity, lhs_filled or rhs_filled)


def _side(cells: list[Cell | None], signs: Sequence[int] | None = None) -> tuple[int | float | None, bool]:
    """(sum of the numbers, whether a blank or not-applicable cell counted as 0); (None, False)
    when a cell is missing. Added in order from 0, as `sum` does; `signs`: -1 subtracts a term."""
    if signs is not None:
        return _signed_side(cells, signs)
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


def _signed_side(cells: list[Cell | None], signs: Sequence[int]) -> tuple[int | float | None, bool]:
    total: int | float = 0
    zero_filled = False
    for c, sign in zip(cells, signs):
        if c is None or c.state == MISSING:
            return None, False
        if c.state != NUMBER_STATE:
            zero_filled = True
        elif c.value is not None:
            total += c.value if sign > 0 else -c.value
    return total, zero_filled


def _number(total: int | float) -> int | float:
    return int(total) if float(total).is_integer() else total


def _undecidable(identity: str, scope: str, severity: str, operands: list[Cell | None]) -> IdentityResult:
    absent = [c for c in operands if c is None or c.state == MISSING]
    names = ", ".join(f"{c.key}/{c.sub}" for c in absent if c is not None) or "cells absent"
    return IdentityResult(identity, scope, None, None, "undecidable", severity, False, f"missing: {names}")


Plan = tuple[tuple[str, str, tuple[Term, ...], tuple[Term, ...]], ...]


def plan(table: dict[str, Identity], kind: str, has_other_row: bool) -> Plan:
    """(identity, scope, lhs terms, rhs terms) of the table's identities of `kind`, in table order."""
    return tuple((identity.name, scope, expand(identity.lhs, has_other_row), expand(identity.rhs, has_other_row))
                 for identity in table.values() if identity.kind == kind
                 for scope in codes_of(identity.scopes, has_other_row))


_PLANS: dict[bool, Plan] = {other: plan(IDENTITIES, "equation", other) for other in (False, True)}


CellEquations = tuple[tuple[str, str, tuple[CellKey, ...], tuple[CellKey, ...]], ...]


@lru_cache(maxsize=2)
def cell_equations(has_other_row: bool) -> CellEquations:
    """(identity, scope, lhs cell keys, rhs cell keys) of the within-report equations, every term
    added (a subtracted term moved to the other side): what the OCR check solves for a cell."""
    out = []
    for name, scope, lhs, rhs in _PLANS[has_other_row]:
        identity = IDENTITIES[name]

        def keys(terms: tuple[Term, ...], sign: int) -> tuple[CellKey, ...]:
            return tuple(cell_key(identity, scope, t.code) for t in terms if t.sign == sign)

        out.append((name, scope, keys(lhs, 1) + keys(rhs, -1), keys(rhs, 1) + keys(lhs, -1)))
    return tuple(out)


def table_operands(identity: str, scope: str, has_other_row: bool) -> tuple[tuple[CellKey, ...], tuple[CellKey, ...]] | None:
    """(lhs cell keys, rhs cell keys) of a table-3 or table-4 identity at `scope`, as `evaluate`
    checks it (a subtracted term on the other side); None for the other identities.
    has_other_row: （六）其他处理 printed as one row."""
    for name, at, lhs, rhs in cell_equations(has_other_row):
        if (name, at) == (identity, scope):
            return lhs, rhs
    return None


# A plan's steps with their operands as cell keys: (identity, scope, lhs keys, rhs keys, signs,
# previous), signs (lhs, rhs) None when every term is added, previous (lhs, rhs: whether each
# operand is of the previous year's report) None when none is.
KeyedStep = tuple[str, str, tuple[CellKey, ...], tuple[CellKey, ...], tuple[tuple[int, ...], tuple[int, ...]] | None,
                  tuple[tuple[bool, ...], tuple[bool, ...]] | None]


def _keyed(table: dict[str, Identity], steps: Plan) -> tuple[KeyedStep, ...]:
    out = []
    for name, scope, lhs, rhs in steps:
        identity = table[name]
        terms = (*lhs, *rhs)
        signs = (tuple(t.sign for t in lhs), tuple(t.sign for t in rhs))
        previous = (tuple(t.previous for t in lhs), tuple(t.previous for t in rhs))
        out.append((name, scope, tuple(cell_key(identity, scope, t.code) for t in lhs),
                    tuple(cell_key(identity, scope, t.code) for t in rhs),
                    signs if any(t.sign < 0 for t in terms) else None,
                    previous if any(t.previous for t in terms) else None))
    return tuple(out)


# the plans of every report, keyed once (not per report)
_KEYED: dict[bool, tuple[KeyedStep, ...]] = {other: _keyed(IDENTITIES, steps) for other, steps in _PLANS.items()}


def _evaluate_plan(steps: tuple[KeyedStep, ...], current: CellIndex,
                   previous: CellIndex | None = None) -> list[IdentityResult]:
    now = current.get
    before = (previous or {}).get

    def operands(keys: tuple[CellKey, ...], of_previous: tuple[bool, ...]) -> list[Cell | None]:
        return [(before if p else now)(key) for key, p in zip(keys, of_previous)]

    return [equation(name, scope, list(map(now, lhs)), list(map(now, rhs)), signs) if of_previous is None else
            equation(name, scope, operands(lhs, of_previous[0]), operands(rhs, of_previous[1]), signs)
            for name, scope, lhs, rhs, signs, of_previous in steps]


def _index(cells: Iterable[Cell]) -> CellIndex:
    return {(c.table, c.key, c.sub): c for c in cells}


def evaluate(cells: list[Cell], narrative: dict, table: dict[str, Identity] | None = None) -> list[IdentityResult]:
    """The identities of one report (the table's `equation`, `non_negative` and `narrative` rows);
    `table`: another identity table than ingest/data/identities.csv (a copy, in tests)."""
    idx = _index(cells)
    get = idx.get
    has_other_row = ("applications", codes.OTHER_GROUP, "total") in idx
    steps = _KEYED[has_other_row] if table is None else _keyed(table, plan(table, "equation", has_other_row))
    out = _evaluate_plan(steps, idx)
    template = "2019" if _FIRST_2019_CELL in idx else "2021"
    out.extend([_non_negative(get(key), scope) for key, scope in _NON_NEGATIVE[template]])
    out.extend(_narrative(idx, narrative))
    return out


_FIRST_2019_CELL = ("proactive", *codes.T2_2019_CELLS[0])
# (cell key, scope) of table 2's cells as each template has them; a signed 本年增/减 (2019) is exempt
_NON_NEGATIVE: dict[str, tuple[tuple[CellKey, str], ...]] = {
    template: tuple((("proactive", item, measure), f"{item}.{measure}") for item, measure in cells
                    if measure not in codes.T2_SIGNED_MEASURES)
    for template, cells in codes.T2_CELLS_BY_TEMPLATE.items()}


def evaluate_cross_year(cells: list[Cell], previous: list[Cell],
                        table: dict[str, Identity] | None = None) -> list[IdentityResult]:
    """The cross-year identities of a report against the report of its body for the year before
    (the warehouse pairs them: int_reports__previous_year)."""
    table = table or IDENTITIES
    idx = _index(cells)
    steps = plan(table, "cross_year", ("applications", codes.OTHER_GROUP, "total") in idx)
    return _evaluate_plan(_keyed(table, steps), idx, _index(previous))


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
