"""Table 3 of plain `pdftotext` whose end is a flow of text before which its values, counted
as printed, exceed rows × 7 only by numbers wrapped in narrow cells (a head, its tail on a
later line): the cut at such an end is weighed with its wrapped numbers joined, where the
values up to the stop (table 4's lone values past its heading among them) have no reading.
Called only where the first rows are recast (`block_row_major`: nothing read as printed, the
flows of that shape), so no other document pays for it.

`text_blocks` cuts table 3 at a flow of text where the values come to rows × 7 as printed;
a wrapped number counts twice there, so with wraps in the last rows no cut fits and every
value up to the stop is taken, table 4's lone values with them (second set 000714: `26 / 5`
and `37 / 7` in its last rows, three of table 4's values after them). Only where exactly one
such cut is read is it kept (two cuts read: nothing read), and only a reading where every
identity holds (no fewest-violations rule at such a cut): so only the choices of joinings some
of whose readings (the segments as `text_blocks._read` weighs them) keep every row total are
read, which keeps the cost low where the choices are many."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from ingest.readers.block_bands import placeable
from ingest.readers.block_last_beside import with_last_beside
from ingest.readers.block_row_blocks import with_label_inside
from ingest.readers.block_segments import Segment, moved_header, value_count
from ingest.readers.block_spilled import with_spilled_row
from ingest.readers.block_wraps import read_joined

_MAX_TAILS = 6  # values over rows × 7 at a cut at most (more: not wraps alone)
_NOTHING = SimpleNamespace(rows=[], issues=[])


def joined_at_end(ends: list[tuple[int, int, set[int]]], segments: list[Segment], n: int, text: dict[int, str],
                  row_start: Callable[[str], object], read: Callable[[list[list[Segment]], set[int]], Any]) -> Any:
    """`read(choices, lines)` over the choices of joinings (`block_wraps.read_joined`, nothing
    set aside) at each end of the segments (`ends`: segments, flows of the last, lines used)
    whose values exceed n by at most `_MAX_TAILS` (ends with no value between them are one
    cut); the one reading got, None where none or several are got."""
    got, counts = [], set()
    for k, g, used in ends:
        cut = [*segments[:k - 1], segments[k - 1].cut(range(g))]
        count = sum(value_count(x) for x in cut)
        if 0 < count - n <= _MAX_TAILS and count not in counts and (r := read_joined(
                cut, n, (0,), text, row_start, lambda choices: _placeable_read(choices, used, read))) is not None:
            got.append(r)
        counts.add(count)  # a later end with no value between: the same cut
    return got[0] if len(got) == 1 else None


def _placeable_read(choices: list[list[Segment]], used: set[int],
                    read: Callable[[list[list[Segment]], set[int]], Any]) -> Any:
    memo: dict[tuple, bool] = {}
    kept = [x for x in choices if any(placeable(y, memo) for v in with_label_inside(with_last_beside(
        with_spilled_row([x]))) for y in moved_header([v]))]
    out = read(kept, used) if kept else _NOTHING
    return _NOTHING if any(i.code == "fewest_violations" for i in out.issues) else out
