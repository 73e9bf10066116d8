"""Lone flows of values in table 4 (values after header flows, none of their own) that plain
`pdftotext` printed otherwise than one value a column (`text_blocks_table4`): each rule gives
every lone flow its values as they stand under the columns.

- a number in fullwidth digits wrapped one digit a line in its one-character column, each
  column's value a flow of its own (`table4_split.one_value_each`);
- a not-applicable mark printed otherwise (`table4_columns.as_marks`): in the one flow of one
  column, or `——` wrapped a dash a line in each of several flows, one column's each (eighth
  set, seed 21, 000091: 行政复议's five marks as five flows `— / —` after its header flows;
  its truth: every cell not applicable), or all in one flow, row by row (seed-55 000004: 行政复议's
  `— ×10` after 未经复议直接起诉's header flow and its values; every mark the same, their order
  changes no cell);
- a proceeding's row of numbers in fullwidth digits wrapped in its five one-character columns
  (or its last columns, the others read),
  printed in one flow row by row as poppler prints side-by-side header cells: the first digit
  of each column left to right, then the second digit of each number of two digits or more, left
  to right, and so on (eighth set 000054: `１ ０ ５ ０ １ / ０ / ５` is 10 0 5 0 15; 000111:
  `１ ０ ０ １ １ ２ ３` is 12 0 0 1 13). Which numbers run on is weighed: every split whose
  numbers have no leading `0` and whose total is the sum of its four outcomes; read where
  exactly one split holds; where several do (000111: 12 0 0 1 13 and 1 0 0 12 13), the cells
  they all agree on (`table4_disputed`).
"""

from __future__ import annotations

from ingest import codes
from ingest.alignment import Token
from ingest.readers.table4_columns import MARKS, as_marks
from ingest.readers.table4_disputed import agreed_split, holding_splits
from ingest.readers.table4_split import WRAPPED, one_value_each
from ingest.states import BLANK

OUTCOMES = len(codes.T4_OUTCOMES)
LATE_ROW = ("a lone flow of a proceeding's values after the next proceeding's header flow and its values, the "
            "proceeding's header flows waiting before that: theirs")
DASHES_SHORT = ("every header printed before the values, as many values as columns, but as well fewer with some "
                "flows' `—` taken two a mark (`——` wrapped a dash a line) and whole proceedings blank, which ones "
                "the flows do not tell: no cell is read")
WRAPPED_ROW = ("one flow of a proceeding's fullwidth numbers wrapped in its one-character columns, printed row by "
               "row: the split of its digits whose total holds (where several do, the cells they all agree on)")


def lone_values(lone: list[tuple[list[int], list[Token], bool]], cols: list[int],
                cells: list[Token | None]) -> tuple[str, list[list[Token]]] | None:
    """The rule and each lone flow's values (its lines, values, whether every value is one
    fullwidth digit) where one of the rules above reads them, for the columns `cols` waiting
    (`cells`: the columns read so far); None where none does. A wrapped row of the last columns
    of a proceeding read in part comes as a flow for each column."""
    columns = len(cols)
    if (one := one_value_each(lone, columns)) is not None:
        return WRAPPED, [[t] for t in one]
    values = [t for _lines, vs, _wide in lone for t in vs]
    if len(lone) == 1 and columns == 1 and (marks := as_marks(values, 1)) is not None:
        return MARKS, [marks]
    if 1 < len(lone) == columns and all(as_marks(vs, 1) for _lines, vs, _wide in lone):
        return MARKS, [as_marks(vs, 1) for _lines, vs, _wide in lone]
    if len(lone) == 1 < columns and {t.raw for t in values} == {"—"} and (marks := as_marks(values, columns)) is not None:
        return MARKS, [marks]  # every column's `——` wrapped, one flow row by row (seed-55 000004): the same whatever the order
    if len(lone) == 1 and lone[0][2] and columns >= OUTCOMES and (row := wrapped_row(values)) is not None:
        return WRAPPED_ROW, [row]
    first = cols[0] // OUTCOMES * OUTCOMES if cols else 0
    if len(lone) == 1 and lone[0][2] and cols and cols == list(range(cols[0], first + OUTCOMES)) and all(
            cells[c] is not None and cells[c].state != BLANK for c in range(first, cols[0])) and (
            row := wrapped_row(values, cells[first:cols[0]])) is not None:
        return WRAPPED_ROW, [[t] for t in row]
    return None


def wrapped_row(digits: list[Token], read: list[Token] = ()) -> list[Token] | None:
    """A proceeding's values (its five, or its last columns after those `read`) from one flow
    of more one-digit values than columns printed row by row (each number wrapped a digit a
    line in its column), where one split of them has its total the sum of its outcomes; None
    otherwise. Fewer digits than twice the columns: as many could be two rows' values
    unwrapped, a digit each; where the proceeding's first columns are read, up to twice its
    columns left (their row is one: seed-50 000029's `１ ２ / １ ３` for 行政复议's last two,
    printed after 未经复议直接起诉's header flow and its values, is 11 23). Several splits
    holding: the cells they agree on, the others unread."""
    k = OUTCOMES - len(read)
    if not k < len(digits) < 2 * k + bool(read) or any(len(t.raw) != 1 for t in digits):
        return None
    readings = {tuple(t.raw for t in row): row for row in holding_splits(digits, read, len(digits) - k + 1)}
    if len(readings) == 1:
        return next(iter(readings.values()))
    return agreed_split(list(readings.values())) if readings else None  # several: the cells they agree on


def late_row(flows: list) -> list:
    """The flows with each lone flow of values that comes right after a header flow holding
    values, header flows with no value waiting before that one, moved before it: poppler may
    print a proceeding's row after the next proceeding's header flow and its values (fifth set,
    seed 18, 000002: 行政复议's `其他结果`, `尚未审结`, `总计` flows, 未经复议直接起诉's headers with
    `１ ０ １ ３`, then `１ ０ ２ / １ / ６`, 行政复议's 11 0 26 wrapped; eighth 000111 alike)."""
    waits, waiting = [], False  # whether header flows with no value wait before each flow
    for f in flows:
        waits.append(waiting)
        waiting = False if f.values else waiting or bool(f.header)
    out = list(flows)
    for n in range(1, len(flows)):
        f, h = flows[n], flows[n - 1]
        if waits[n - 1] and not f.header and f.values and h.header and h.values:
            i, j = out.index(h), out.index(f)
            out[i], out[j] = f, h
    return out


def row_of_marks(flows: list[list[Token]], columns: int, how: set[str], headed: bool) -> list[Token] | None:
    """The lone flows' values as a row of `columns` where every header printed before them
    (`headed`: every column's header waits for its value): as
    printed, or, where they are not `columns` values but would be with each flow's `—` taken two
    a mark (every such flow an even number of `—`: `——` wrapped a dash a line in each of its
    cells, printed row by row), so (MARKS added to `how`). Fifth set (seed 18) 000035: every
    header, then `0` ×5, `— / — / — / —`, section 五's heading, `— / —` ×3, `0` ×5; truth
    行政复议 0, 未经复议直接起诉 not applicable, 复议后起诉 0.

    None where `columns` values as printed could as well be fewer with some flows' `—` taken
    two a mark, as many fewer as whole proceedings left blank print no value (`dashes_short`):
    seventh pool set (seed 52) 000122 prints every header, then `— / —` ×5 and `0` ×5, truth
    行政复议 blank, 未经复议直接起诉's five `——` wrapped, 复议后起诉 0 (read as printed, ten `—`
    marks and five zeros, 行政复议 would be not applicable)."""
    values = [t for vs in flows for t in vs]
    dashes = [sum(1 for t in vs if t.raw == "—") for vs in flows]
    if not headed or len(values) == columns or any(d % 2 for d in dashes) or len(values) - sum(dashes) // 2 != columns:
        return None if headed and len(values) == columns and dashes_short(flows, columns) else values
    marked = [as_marks(vs, len(vs) // 2) if d == len(vs) else None for vs, d in zip(flows, dashes)]
    if any(d and m is None for d, m in zip(dashes, marked)):
        return values  # dashes and numbers in one flow: not marks wrapped
    if dashes_short(flows, columns):
        return None
    how.add(MARKS)
    return [t for vs, m in zip(flows, marked) for t in (m or vs)]


def dashes_short(flows: list[list[Token]], columns: int) -> bool:
    """Whether the flows' values would be fewer than `columns` by a multiple of a proceeding's
    columns with some flows of `—` only, each an even number, taken two a mark (`——` wrapped a
    dash a line): a row with whole proceedings blank prints so too, and which proceedings are
    blank the flows do not tell."""
    sums, printed = {0}, sum(map(len, flows))
    for vs in flows:
        if vs and len(vs) % 2 == 0 and all(t.raw == "—" for t in vs):
            sums |= {s + len(vs) // 2 for s in sums}
    return any(0 < printed - s < columns and (columns - printed + s) % OUTCOMES == 0 for s in sums)
