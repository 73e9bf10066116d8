"""The identities alignment weighs readings by, built once from the identity table
(ingest/data/identities.csv) — so an identity's operands are changed in the table alone, for the
check of a report (ingest/identities.py) and for the readers' alignment (ingest/alignment.py)
alike.

Alignment asks two kinds of question, and the table's equations answer them by their axes:
- a row's own identity (`row`): does one printed row of table 3 (t3_row_total, over the
  applicant columns) or one proceeding's block of table 4 (t4_total, over its outcomes) hold?
  Its operands become positions in the row, in the cell order of ingest/codes.py;
- table 3's column identities (`column`: t3_balance, t3_results_sum): do the rows read so far
  hold in every applicant column? Their operands stay outcome codes, per column position; the
  one with the most operands (the results sum) is the one resolve_columns sums row by row.
Everything here is plain data (tuples of positions, codes and signs), computed at import.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest import codes
from ingest.identities import codes_of, expand
from ingest.identity_table import IDENTITIES, Identity

TOLERANCE = 1e-9  # printed counts; alignment asks exact equality of what was printed


@dataclass(frozen=True, slots=True)
class RowRule:
    """A row identity as positions in one row of cells: sum(lhs) == sum(rhs)."""

    name: str
    lhs: tuple[int, ...]
    rhs: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ColumnRule:
    """A column identity of table 3: in each column position, the signed sum of the lhs outcomes
    equals that of the rhs outcomes."""

    name: str
    lhs: tuple[tuple[str, int], ...]  # (outcome, sign)
    rhs: tuple[tuple[str, int], ...]
    columns: tuple[int, ...]  # positions in codes.APPLICANTS

    @property
    def outcomes(self) -> tuple[str, ...]:
        return tuple(o for o, _ in (*self.lhs, *self.rhs))


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """Table 3's column identities as resolve_columns weighs them: the one with the most operands
    (t3_results_sum) summed row by row over its longer side (`big`), equal to its other side
    (`key`); its rows on that side that no other identity names (`summable`) are the ones
    summed; every other identity (t3_balance) is checked per combination."""

    summing: ColumnRule
    big: tuple[tuple[str, int], ...]
    key: tuple[tuple[str, int], ...]
    summable: frozenset[str]
    checked: tuple[ColumnRule, ...]


@dataclass(frozen=True, slots=True)
class Rules:
    t3_row: RowRule  # a table-3 row over codes.APPLICANTS
    t4_block: RowRule  # one proceeding of table 4 over codes.T4_OUTCOMES
    balance: ColumnRule  # t3_balance
    columns: dict[bool, ColumnPlan]  # table 3's column identities, by has_other_row


def _only(table: dict[str, Identity], cells: str, axis: str) -> list[Identity]:
    return [i for i in table.values() if i.kind == "equation" and i.cells == cells and i.scope_axis == axis]


def row_rule(identity: Identity, columns: tuple[str, ...]) -> RowRule:
    """The identity's operands as positions in a row of `columns`; every scope must share them
    (a row identity is the same sum in every row it covers)."""
    def positions(terms) -> tuple[int, ...]:
        found = expand(terms)
        if any(t.sign < 0 for t in found):
            raise ValueError(f"{identity.name}: alignment reads row identities whose terms are all added")
        return tuple(columns.index(t.code) for t in found)

    return RowRule(identity.name, positions(identity.lhs), positions(identity.rhs))


def column_rule(identity: Identity, has_other_row: bool) -> ColumnRule:
    def terms(side) -> tuple[tuple[str, int], ...]:
        return tuple((t.code, t.sign) for t in expand(side, has_other_row))

    columns = tuple(codes.APPLICANTS.index(c) for c in codes_of(identity.scopes, has_other_row))
    return ColumnRule(identity.name, terms(identity.lhs), terms(identity.rhs), columns)


def column_plan(column: list[ColumnRule]) -> ColumnPlan:
    summing = max(column, key=lambda r: len(r.outcomes))
    big, key = (summing.rhs, summing.lhs) if len(summing.rhs) >= len(summing.lhs) else (summing.lhs, summing.rhs)
    checked = tuple(r for r in column if r is not summing)
    elsewhere = {o for r in checked for o in r.outcomes} | {o for o, _ in key}
    return ColumnPlan(summing, big, key, frozenset(o for o, _ in big if o not in elsewhere), checked)


def rules(table: dict[str, Identity]) -> Rules:
    """The alignment rules of an identity table (ingest's own, or a copy in tests)."""
    (t3_row,) = _only(table, "applications", "row")
    (t4_block,) = _only(table, "review_litigation", "row")
    column = _only(table, "applications", "column")
    return Rules(row_rule(t3_row, codes.APPLICANTS), row_rule(t4_block, codes.T4_OUTCOMES),
                 column_rule(table["t3_balance"], False),
                 {other: column_plan([column_rule(i, other) for i in column]) for other in (False, True)})


RULES = rules(IDENTITIES)
