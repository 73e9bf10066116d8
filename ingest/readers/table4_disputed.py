"""Table 4's cells read where several splits of a wrapped row hold (`table4_lone.wrapped_row`).

A proceeding's row in fullwidth digits wrapped in its one-character columns prints as one
flow row by row; which numbers run on is weighed by the proceeding's total. Where several
splits hold, the flow rules place every other value the same under each of them (the split
changes the values under that proceeding's columns only, never which columns are headed,
waiting or blank), so the complete placements of the table are the one placement with each
split in turn. The cells every split agrees on are read; the others are left missing with a
finding. The splits are enumerated whole, for one split as for several (a number of any length
the digits allow): a uniqueness or an agreement over part of them would be a guess. Eighth set (seed 21)
000111: 行政复议's `１ ０ ０ １ １ ２ ３` splits as 12 0 0 1 13 and as 1 0 0 12 13 (truth the
first): its `结果纠正` 0, `其他结果` 0 and total 13 are read, `结果维持` and `尚未审结` left missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from ingest import codes
from ingest.alignment import Token, t4_total_holds
from ingest.model import Issue
from ingest.readers.block_segments import line_index, value_token
from ingest.readers.table4_columns import unread
from ingest.states import MISSING

_OUTCOMES = len(codes.T4_OUTCOMES)


def holding_splits(digits: list[Token], read: list[Token], most: int) -> Iterator[list[Token]]:
    """Each split of one-digit values printed row by row into the columns after those `read`
    (each number at most `most` digits, none opening with `0` but `0` itself) whose
    proceeding's total is the sum of its outcomes."""
    k = _OUTCOMES - len(read)
    for sizes in product(range(1, most + 1), repeat=k):
        if sum(sizes) != len(digits):
            continue
        parts: list[list[Token]] = [[] for _ in range(k)]
        it = iter(digits)
        for r in range(most):
            for c in range(k):
                if sizes[c] > r:
                    parts[c].append(next(it))
        if any(len(p) > 1 and p[0].raw == "0" for p in parts):
            continue
        row = [p[0] if len(p) == 1 else value_token("".join(t.raw for t in p), line_index(p[0])) for p in parts]
        if t4_total_holds([*read, *row]):
            yield row


def agreed_split(rows: list[list[Token]]) -> list[Token]:
    """The row where several splits hold (`rows`, every one the digits allow): each column's
    value where every split gives it the same, else an `unread` token."""
    return [col[0] if len({t.raw for t in col}) == 1 else unread(col[0].where) for col in zip(*rows)]


def disputed(group: list[Token]) -> bool:
    """Whether a proceeding's cells hold a cell the splits disagree on (and no other missing)."""
    missing = [t for t in group if t.state == MISSING]
    return bool(missing) and all(not t.raw for t in missing)  # each `unread`, no word that is no value


SPLITS = ("a proceeding's fullwidth digits wrapped in its one-character columns split several ways whose total "
          "holds (every other value placed the same under each): the cells every split agrees on are read")


def disputed_findings(cells: list[Token], where: str, why: str = SPLITS) -> list[Issue]:
    """The finding naming the cells left missing because the readings `why` names disagree on
    them (by default the splits of a wrapped row)."""
    left = [f"{p}/{o}" for (p, o), t in zip(codes.T4_CELLS, cells) if t.state == MISSING and not t.raw]
    if not left:
        return []
    return [Issue("warning", "ambiguous_row", f"table 4: {why}, {', '.join(left)} left missing", where)]
