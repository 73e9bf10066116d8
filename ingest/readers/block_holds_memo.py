"""A memo of table 3's identities over a whole table (`text_blocks._holds`): the blank rows'
placements (`block_blank_rows.read_blank_rows`) weigh the same tables again and again (fifth set
000112: 76 076 tables weighed, 825 of distinct numbers; fourth 000145: 150 332, 1 189).

The identities read each cell only as its number (`number_or_zero`), so the memo is keyed by
the table's outcomes and its rows' numbers. A row's numbers are taken once per row (the memo
keeping the row alive, so no id is reused; rows are not changed once read, as the placements
already keep them to state the cells)."""

from __future__ import annotations

from collections.abc import Callable

from ingest.alignment import Token, number_or_zero

Holds = Callable[[dict[str, list[Token]]], bool]


def by_numbers(holds: Holds) -> Holds:
    """`holds` (reading each cell only as `number_or_zero`) memoised by the table's numbers."""
    numbers: dict[int, tuple[list[Token], tuple[float, ...]]] = {}
    memo: dict[tuple, bool] = {}

    def row_numbers(row: list[Token]) -> tuple[float, ...]:
        hit = numbers.get(id(row))
        if hit is None or hit[0] is not row:
            hit = numbers[id(row)] = (row, tuple(map(number_or_zero, row)))
        return hit[1]

    def cached(table: dict[str, list[Token]]) -> bool:
        key = (*table, *map(row_numbers, table.values()))
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = holds(table)
        return hit
    return cached
