"""Table 3's cells are counts (`block_last_rows`, `block_blank_completions`).

Table 3 of the 2021 format counts applications: every cell it prints is a number (a blank cell
prints nothing); no report of the corpus prints a not-applicable mark (`/`, `—`, `-`, `无`) in it
(no truth holds one: 0 of 168,070 cells of sixteen sets), while table 4 prints such marks for a
proceeding the body does not have. So where table 3's last rows' column flows are chosen among
table 4's flows (poppler orders a page's flows by place, not by table), a flow holding a mark is
table 4's: a choice taking it as table 3's is not weighed. Seed-51 000055 and 000108 (C(9, 6) = 84
choices of six of nine lone flows, three of them `/`), seed-52 000034 (one of thirteen lone values
set aside, one of them `无`): only the choices taking numbers are table 3's, and table 4 is then
read over those alone (`text_blocks_table4._over_choices`)."""

from __future__ import annotations

from collections.abc import Iterable

from ingest.alignment import Token
from ingest.states import NOT_APPLICABLE


def counts_only(values: Iterable[Token]) -> bool:
    """Whether a flow's values may be table 3's cells: none is a not-applicable mark."""
    return not any(t.state == NOT_APPLICABLE for t in values)
