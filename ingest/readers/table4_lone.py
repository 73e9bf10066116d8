"""Lone flows of values in table 4 (values after header flows, none of their own) that plain
`pdftotext` printed otherwise than one value a column (`text_blocks_table4`): each rule gives
every lone flow its values as they stand under the columns.

- a number in fullwidth digits wrapped one digit a line in its one-character column, each
  column's value a flow of its own (`table4_split.one_value_each`);
- a not-applicable mark printed otherwise (`table4_columns.as_marks`): in the one flow of one
  column, or `——` wrapped a dash a line in each of several flows, one column's each (eighth
  set, seed 21, 000091: 行政复议's five marks as five flows `— / —` after its header flows;
  its truth: every cell not applicable);
- a proceeding's row of numbers in fullwidth digits wrapped in its five one-character columns,
  printed in one flow row by row as poppler prints side-by-side header cells: the first digit
  of each column left to right, then the second digit of each number of two digits or more, left
  to right, and so on (eighth set 000054: `１ ０ ５ ０ １ / ０ / ５` is 10 0 5 0 15; 000111:
  `１ ０ ０ １ １ ２ ３` is 12 0 0 1 13). Which numbers run on is weighed: every split whose
  numbers have no leading `0` and whose total is the sum of its four outcomes; read where
  exactly one split holds (000111 has two, 12 0 0 1 13 and 1 0 0 12 13: not read).
"""

from __future__ import annotations

from itertools import product

from ingest import codes
from ingest.alignment import Token, t4_total_holds
from ingest.readers.block_segments import line_index, value_token
from ingest.readers.table4_columns import MARKS, as_marks
from ingest.readers.table4_split import WRAPPED, one_value_each

OUTCOMES = len(codes.T4_OUTCOMES)
_MAX_DIGITS = 3  # digits a wrapped number of table 4 holds at most
WRAPPED_ROW = ("one flow of a proceeding's fullwidth numbers wrapped in its one-character columns, printed row by "
               "row: the one split of its digits whose total holds")


def lone_values(lone: list[tuple[list[int], list[Token], bool]], columns: int) -> tuple[str, list[list[Token]]] | None:
    """The rule and each lone flow's values (its lines, values, whether every value is one
    fullwidth digit) where one of the rules above reads them; None where none does."""
    if (one := one_value_each(lone, columns)) is not None:
        return WRAPPED, [[t] for t in one]
    values = [t for _lines, vs, _wide in lone for t in vs]
    if len(lone) == 1 and columns == 1 and (marks := as_marks(values, 1)) is not None:
        return MARKS, [marks]
    if 1 < len(lone) == columns and all(as_marks(vs, 1) for _lines, vs, _wide in lone):
        return MARKS, [as_marks(vs, 1) for _lines, vs, _wide in lone]
    if len(lone) == 1 and lone[0][2] and columns >= OUTCOMES and (row := wrapped_row(values)) is not None:
        return WRAPPED_ROW, [row]
    return None


def wrapped_row(digits: list[Token]) -> list[Token] | None:
    """A proceeding's five values from one flow of more than five one-digit values printed row
    by row (each number wrapped a digit a line in its column), where one split of them has its
    total the sum of its outcomes; None otherwise. Fewer than ten digits: ten or more could be two
    proceedings' values unwrapped, a digit each."""
    if not OUTCOMES < len(digits) < 2 * OUTCOMES or any(len(t.raw) != 1 for t in digits):
        return None
    readings = set()
    found = None
    for sizes in product(range(1, _MAX_DIGITS + 1), repeat=OUTCOMES):
        if sum(sizes) != len(digits):
            continue
        rows = [[c for c in range(OUTCOMES) if sizes[c] > r] for r in range(_MAX_DIGITS)]
        parts: list[list[Token]] = [[] for _ in range(OUTCOMES)]
        it = iter(digits)
        for row in rows:
            for c in row:
                parts[c].append(next(it))
        if any(len(p) > 1 and p[0].raw == "0" for p in parts):
            continue
        row = [p[0] if len(p) == 1 else value_token("".join(t.raw for t in p), line_index(p[0]))
               for p in parts]
        if t4_total_holds(row):
            readings.add(tuple(t.raw for t in row))
            found = row
    return found if len(readings) == 1 else None
