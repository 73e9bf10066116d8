"""A memo of one band's placements (`block_bands._band`): the choices of joined wraps
(`block_wraps.read_joined`) and a segment's cuts (`block_bands._shapes`, each first band with
the bands after it) weigh the same flows again and again (second set 000196: 36 499 bands
placed, most of them the same flows).

The memo is keyed by the flows' token objects (their ids, the memo keeping them alive so no id
is reused; tokens change only in `ingest.ocr_check`, after a reading) and the band's other
arguments; each call gets fresh row lists (with the same sharing of rows as computed), as
callers tell readings apart by their rows' ids."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

_CAP = 4096  # entries kept at most (then the memo starts afresh)


def memoised(extra: Callable[[], Any]) -> Callable[[Callable[..., list]], Callable[..., list]]:
    """`band(groups, k, width, head=False, fixed=None)` memoised; `extra()`: the context the
    placements also depend on (read at each call)."""
    memo: dict[tuple, tuple[tuple, list]] = {}

    def wrap(band: Callable[..., list]) -> Callable[..., list]:
        @wraps(band)
        def cached(groups: list[list], k: int, width: int, head: bool = False, fixed: list[bool] | None = None) -> list:
            kept = tuple(map(tuple, groups))
            key = (tuple(tuple(map(id, g)) for g in kept), k, width, head, tuple(fixed) if fixed else None, extra())
            hit = memo.get(key)
            if hit is None:
                if len(memo) >= _CAP:
                    memo.clear()
                hit = memo[key] = (kept, band(groups, k, width, head, fixed))
            fresh: dict[int, list] = {}
            return [[fresh.setdefault(id(row), row[:]) for row in rows] for rows in hit[1]]
        return cached
    return wrap
