"""The order of wrapped numbers' tails where two cells of a row wrap (plain `pdftotext`).

A number wider than its narrow cell prints its cut-short head on the row's line and its tail on
a later line (`block_wraps`). Where two cells of one row wrap, their tails stand at one height,
and poppler prints them left to right, in the order of their heads: on one line, or on lines of
their own, the left cell's tail first (`1,56 1,00 34` / `26` / `6` / `2`: 1,566 and 1,002 with
34, 26 beside them; stop-20 pool s54 000075, which read 1,562 and 1,006 where only the crossed
choice was allowed). So a choice of joinings is weighed only where no two heads on one line have
their tails in the other order (`crossed`), and a head after another head on its line may have its
tail as many lines further as heads stand before it (`run_on`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ingest.alignment import Token
from ingest.readers.block_segments import line_index


def run_on(after: list[int], later: list[int], before: int) -> list[int]:
    """The lines a head's tail may stand on (`after`, of a head alone ahead of it on its line),
    with up to `before` more of the `later` lines, each right after the last (the tails of the
    `before` heads ahead of it on its line on lines of their own)."""
    out = list(after)
    for n in later[len(after):len(after) + before]:
        if not out or n != out[-1] + 1:
            break
        out.append(n)
    return out


def crossed(joins: Sequence, head_of: Callable[[object], tuple[tuple, Token]],
            tail_of: Callable[[object], tuple[tuple, Token]]) -> bool:
    """Whether two joinings whose heads stand on one line of one flow have their tails in the
    other order. `head_of`/`tail_of`: a join's (place, value), the place ordered as printed
    ((segment, flow, index))."""
    heads = [(head_of(j), tail_of(j)) for j in joins]
    for a, ((pa, ha), (qa, _)) in enumerate(heads):
        for (pb, hb), (qb, _) in heads[a + 1:]:
            if pa[:2] == pb[:2] and line_index(ha) == line_index(hb) and (pa < pb) != (qa < qb):
                return True
    return False
