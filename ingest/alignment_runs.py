"""Digits of several cells run together (crawled page text with every separator stripped),
read as rows printed whole where the identities then decide.

In such text a blank cell vanishes without a trace, so a row with some cells left blank cannot
be told from one with wider numbers (`101`: 1, 0, 1 or 10, blank, 1). A proceeding of table 4 is
read as printed whole or left blank whole (the report format's blank 行政复议 block; every
proceeding-level reader takes it so) and its totals choose among those readings; where several
are left, the cells every reading agrees on are read and the others are missing, with a finding.
A row of table 3 is first cut whole (one value a column) where its row total holds, the column
identities weighing those cuts; a row no whole cut of which holds is weighed with blank cells as
before (ingest/alignment.py). A row of table 2, which has no identity, is never assumed whole
(docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ingest.alignment import RUN, Holds, RowReading, Token, cut_run, distinct_readings, shared_out, signature
from ingest.normalize import MISSING

_MAX_READINGS = 64  # readings of one run weighed at most (more: its cells stay missing)


def whole_cuts(run: Token, n: int) -> list[list[Token]]:
    """Every distinct cut of a run of digits into exactly n values (no cell left blank)."""
    return [list(r) for r in _whole_cuts(run.raw, n, run.where)]


@lru_cache(maxsize=1024)
def _whole_cuts(raw: str, n: int, where: str) -> tuple[tuple[Token, ...], ...]:
    kept: dict[tuple, tuple[Token, ...]] = {}
    if len(raw) >= n:  # every value takes a character at least
        for parts in cut_run(Token(None, RUN, raw, where), n):
            if len(parts) == n:
                kept.setdefault(signature(parts), parts)
    return tuple(kept.values())


def whole_row(run: Token, n: int, holds: Holds) -> RowReading | None:
    """The readings of a row of table 3 from one run: printed whole, where its total holds; None
    when no whole cut holds (a row with a printed inconsistency, or cells left blank after all),
    so the readings with blank cells are weighed instead."""
    kept = [r for r in whole_cuts(run, n) if holds(r)]
    if not kept:
        return None
    result = RowReading([run])
    if len(kept) > _MAX_READINGS:
        result.overflow = True
    else:
        result.readings = kept
    return result


def agreed(readings: Sequence[Sequence[Token]], where: str) -> list[Token]:
    """One token a cell: the value every reading gives it, else a missing cell."""
    out = []
    for column in zip(*readings):
        same = len({(t.value, t.state) for t in column}) == 1
        out.append(column[0] if same else Token(None, MISSING, None, where))  # type: ignore[arg-type]
    return out


def read_run_blocks(run: Token, size: int, count: int, holds: Holds) -> RowReading:
    """`count` blocks of `size` cells (table 4's proceedings) from one run of digits: each block
    printed whole, where its identity holds, or blank whole."""
    def options(toks: list[Token]) -> list[list[Token]]:
        return [r for r in whole_cuts(toks[0], size) if holds(r)]

    return distinct_readings(shared_out(run.raw, size, count, run.where, options), RowReading([run]))
