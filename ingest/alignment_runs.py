"""Digits of several cells run together (crawled page text with every separator stripped),
read as rows printed whole.

In such text a blank cell vanishes without a trace, so a row with some cells left blank cannot
be told from one with wider numbers (`101`: 1, 0, 1 or 10, blank, 1). A row of table 2 or 3
and a proceeding of table 4 are therefore read as printed whole (every cell a value or a mark)
or left blank whole (no digits at all), as a table's blank rows are. Among those readings the
identities choose where they can (table 3's row total and column identities, table 4's totals);
where several readings of a table-2 row or of table 4 are left, the cells every reading agrees
on are read and the others are missing, with a finding. A table-3 row no whole cut of which
holds its total is weighed with blank cells as before (ingest/alignment.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import combinations_with_replacement, product

from ingest.alignment import RUN, Holds, RowReading, Token, blank, cut_run, signature
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
    result = RowReading([run])
    kept: dict[tuple, list[Token]] = {}
    for reading in _block_readings(run, size, count, holds, blank_blocks=True):
        kept.setdefault(signature(reading), reading)
        if len(kept) > _MAX_READINGS:
            result.overflow = True
            return result
    result.readings = list(kept.values())
    return result


def only_whole(run: Token, size: int, count: int) -> list[Token] | None:
    """The one reading of a run with every cell of every block printed, whatever the identities
    say, or None when there are none or several."""
    found: dict[tuple, list[Token]] = {}
    for reading in _block_readings(run, size, count, lambda _toks: True, blank_blocks=False):
        found.setdefault(signature(reading), reading)
        if len(found) > 1:
            return None
    return next(iter(found.values()), None)


def _block_readings(run: Token, size: int, count: int, holds: Holds, blank_blocks: bool) -> Iterator[list[Token]]:
    text, where = run.raw, run.where
    for cuts in combinations_with_replacement(range(len(text) + 1), count - 1):
        bounds = (0, *cuts, len(text))
        per_block: list[list[list[Token]]] = []
        for b in range(count):
            part = text[bounds[b]:bounds[b + 1]]
            if not part:
                if not blank_blocks:
                    break
                per_block.append([[blank(where)] * size])
                continue
            options = [r for r in whole_cuts(Token(None, RUN, part, where), size) if holds(r)]
            if not options:
                break
            per_block.append(options)
        else:
            for combo in product(*per_block):
                yield [t for block in combo for t in block]
