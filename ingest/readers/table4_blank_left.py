"""A proceeding left blank whose headers are printed in part after the values of a proceeding to
its right (`text_blocks_table4`).

A header flow holding values whose header is not the next columns' but those after some
columns still unheaded: where its values are as many as its own columns, they are its own (a
flow's values stand under its own header's columns and those left of them, and here no more
than its own), so the header flows waiting before it hold no value. Blank columns are whole
proceedings, so the proceeding of the waiting and unheaded columns is blank, all of its columns
among them; its unheaded columns' headers come later, with no value (the flow rules' `gap`).
Eighth set (seed 21) 000099: 行政复议's `结结/果果/维纠/持正` and `尚未审结` flows, then (table
3's last rows among) `未经复议直接起诉` with its four headers and `0 0 0 0`, `其他结果` and `总 计`
(行政复议's) after section 五's heading, then `总 计 0`, 复议后起诉's flows with their zeros;
truth: 行政复议 blank, the others 0. The fewest unheaded columns that so fit are taken: header
flows come in column order, so the flow is the next proceeding's (复议后起诉's headers, alike,
would fit too, past 未经复议直接起诉's unheaded: a header printed out of the columns' order)."""

from __future__ import annotations

from ingest.alignment import Token
from ingest.readers.table4_columns import OUTCOMES, fit
from ingest.states import BLANK

BLANK_LEFT = ("a header flow whose values are its own columns', after columns still unheaded: the proceeding of "
              "those and of the headers waiting is blank, its other headers later")


def blank_left(header: str, n: int, free: list[int], waiting: list[int], texts: list[str], cells: list,
               headed: set[int], how: set[str], where: str) -> tuple[list[int], list[int], list, list] | None:
    """(the unheaded columns skipped, the flow's own columns, no pending, none waiting) where
    the fewest skipped columns that let the flow's header fit its n values' columns make whole
    proceedings with the waiting columns; those are set blank in `cells`, the skipped counted
    headed. None otherwise."""
    for s in range(1, len(free)):
        own = fit(header, free[s:], texts)
        if own is None or len(own) != n:
            continue
        left = set(free[:s]) | set(waiting)
        whole = {p * OUTCOMES + o for p in {c // OUTCOMES for c in left} for o in range(OUTCOMES)}
        if whole != left or whole & set(own):
            return None
        break
    else:
        return None
    skipped = free[:s]
    for c in whole:
        cells[c] = Token(None, BLANK, "", where)
    headed.update(skipped)
    how.add(BLANK_LEFT)
    return skipped, own, [], []
