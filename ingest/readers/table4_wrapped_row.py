"""A row of table 4's values in one flow where some cells print `——` wrapped a dash a line
among cells printing numbers (plain `pdftotext`).

Poppler prints a flow's cells standing side by side row by row: every cell's first line left to
right, then the second line of each cell that has one. A narrow cell holding `——` wraps it a
dash a line, so a row of n cells, w of them `——`, prints its n first lines (a `—` for each
wrapped cell, a number for each other) and then w more `—` (seed 42's 000023: `0` ×5 then `—`
×8 under 行政复议's five and 未经复议直接起诉's four headers, truth 0 ×5 and four not-applicable
cells). Read so only where it is the one way to make n cells of the flow: the flow holds more
than n values, the values past the first n are all `—`, and they are as many as the `—` among
the first n (each wrapped cell one dash a line, no lone `—` left over).

The second dashes may also come after the whole table as lone flows of their own, once every
column is read (seed-50 000062: 复议后起诉's five cells `——`, their first dashes in its header
flows, then `—` ×5 a flow each; truth: five not-applicable cells): read so only where every lone
value is `—` and they are as many as the cells read `—` (`second_dashes`)."""

from __future__ import annotations

from dataclasses import replace

from ingest.alignment import Token
from ingest.readers.table4_columns import MARKS

_DASH = "—"


def dashes_joined(values: list[Token], n: int) -> list[Token] | None:
    """The n cells of a flow of values printed row by row with its `——` cells wrapped; None
    where the flow is not so printed (or holds exactly n values: read as printed)."""
    head, tail = values[:n], values[n:]
    if not tail or any(t.raw != _DASH for t in tail) or sum(t.raw == _DASH for t in head) != len(tail):
        return None
    return [replace(t, raw=_DASH * 2) if t.raw == _DASH else t for t in head]


def row_of(values: list[Token], n: int, how: set[str]) -> list[Token] | None:
    """A flow's values as a row of n cells: as printed where they are n, else with its wrapped
    `——` cells joined (MARKS added to `how`); None otherwise."""
    if len(values) == n:
        return values
    if (row := dashes_joined(values, n)) is not None:
        how.add(MARKS)
    return row


def second_dashes(lone: list[Token], cells: list[Token | None]) -> list[Token] | None:
    """The cells, every column read, with each cell read `—` taken as `——` whose second dash is
    one of the `lone` values left after the table; None unless every lone value is `—` and they
    are as many as the cells read `—`."""
    dashed = [c for c, t in enumerate(cells) if t is not None and t.raw == _DASH]
    if not lone or any(t is None for t in cells) or any(t.raw != _DASH for t in lone) or len(lone) != len(dashed):
        return None
    return [replace(t, raw=_DASH * 2) if c in dashed else t for c, t in enumerate(cells)]
