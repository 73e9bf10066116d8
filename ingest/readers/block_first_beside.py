"""Plain `pdftotext`'s table 3 with only its first column (自然人) beside the labels, and the six
other columns after table 4's heading in bands: each band's rows as six column flows of equal
length in header order, the first band's flows split over a page break (its first columns before
the others' bands, its last after the page's footer). An observed model of poppler (stop 18,
sixth set 000014, 000023, 000101; docs/decisions.md): every split of the first band that parses
is weighed by the identities, and a table is read only where exactly one reading holds."""

from __future__ import annotations

from collections.abc import Callable

from ingest.alignment import Token
from ingest.model import Issue
from ingest.readers.block_bands import reading_key
from ingest.readers.block_segments import Segment

_OTHERS = 6  # the columns printed apart from the first: five applicant kinds and the total


def read(segments: list[Segment], rows: int, holds: Callable[[list[list[Token]]], bool]) -> list[list[Token]] | None:
    """Each row's seven values where one reading of the flows holds; None elsewhere."""
    if len(segments) != 1 or segments[0].pre or len(segments[0].beside) != rows:
        return None  # the cheap gate: one value beside each row and nothing else before the flows
    groups = segments[0].groups
    if sum(len(g) for g in groups) != rows * _OTHERS:
        return None
    found: dict[tuple, list[list[Token]]] = {}
    for head in range(1, _OTHERS + 1):
        table = _parsed(segments[0].beside, groups, head, rows)
        if table is not None and holds(table):
            found.setdefault(reading_key(table), table)
    return next(iter(found.values())) if len(found) == 1 else None


def _parsed(first: list[Token], groups: list[list[Token]], head: int, rows: int) -> list[list[Token]] | None:
    """The table where the first band prints `head` column flows first and the rest last."""
    tail = _OTHERS - head
    body = groups[head:len(groups) - tail]
    band = [*groups[:head], *groups[len(groups) - tail:]]
    if not band or len(body) % _OTHERS or len({len(g) for g in band}) != 1:
        return None
    bands = [band] + [body[k:k + _OTHERS] for k in range(0, len(body), _OTHERS)]
    if any(len({len(g) for g in b}) != 1 for b in bands) or sum(len(b[0]) for b in bands) != rows:
        return None
    table: list[list[Token]] = []
    for b in bands:
        base = len(table)
        table.extend([first[base + r], *(g[r] for g in b)] for r in range(len(b[0])))
    return table


def finding(label_line: int) -> Issue:
    return Issue("warning", "inferred_alignment",
                 "table 3 printed in blocks (plain pdftotext): its first column beside the labels, the six others "
                 "after table 4's heading as bands of column flows (the first band split over a page break); "
                 "the one split whose placement holds every row total, column sum and the balance", f"line {label_line}")
