"""Table 3 of whole blank rows where only some pages print their rows' first values beside
their labels (see `ingest.readers.block_blank_rows`).

A page whose label flow holds values (a narrow label column) names its printed rows: each
row's first values follow its label, a blank row's label stands alone. Another page's label
flow may hold none (its values all in column flows after it): its printed rows are only known
to lie, in order, between the rows the labelled pages name. Every such placement is weighed;
a row is stated only where every placement keeping every identity gives it the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations, product
from math import comb, prod

from ingest import codes
from ingest.alignment import Token
from ingest.readers.block_segments import Segment, line_index, moved_header, rows_by_label, value_count

_WIDTH = len(codes.APPLICANTS)
# a printed row's outcome (None: not named) and the ids beside its label; for a row not named,
# the outcomes whose labels begin between the values before its page's and its own (none: any)
Fixed = tuple[str | None, set]


def partial_beside(segments: list[Segment], outcomes: list[str], row_starts: list[int]) -> list[Fixed] | None:
    """Each printed row's outcome where its segment's values stand beside its labels, None for
    the rows of a segment whose label flow holds no value. `row_starts`: the line each of the
    table's row labels begins on (all pages, in order). None where no segment or every segment
    holds values beside its labels, or a labelled segment's values are not whole rows beside
    one label each."""
    if len(row_starts) != len(outcomes) or any(x.pre for x in segments) or len(moved_header([segments])) > 1:
        return None
    labelled = [bool(x.beside) for x in segments if value_count(x)]
    if not any(labelled) or all(labelled):
        return None
    at: list[Fixed] = []
    before = -1  # the last line of the values read so far
    for x in segments:
        count = value_count(x)
        if not count:
            continue
        if count % _WIDTH:
            return None
        lines = [line_index(t) for g in [x.pre, x.beside, *x.groups] for t in g]
        if not x.beside:
            room = {o for o, i in zip(outcomes, row_starts) if before < i < min(lines)}
            at.extend((None, room) for _ in range(count // _WIDTH))
            before = max(before, *lines)
            continue
        before = max(before, *lines)
        rows = rows_by_label(x.beside, row_starts)
        if rows is None or len(rows) * _WIDTH != count:
            return None
        at.extend((outcomes[r], set(map(id, v))) for r, v in sorted(rows.items()))
    named = [o for o, _ in at if o is not None]
    if len(set(named)) != len(named) or named != sorted(named, key=outcomes.index):
        return None
    return at


def placements(at: list[Fixed], outcomes: list[str]) -> int:
    """How many tables `partial_placements` weighs for each reading."""
    return prod(comb(len(room), len(run)) for run, room in _runs(at, outcomes))


def partial_placements(reading: list[list[Token]], outcomes: list[str], blank: list[Token], at: list[Fixed],
                       pairs: list[bool] | None = None,
                       wraps: tuple[frozenset[str], tuple[bool, ...]] = (frozenset(), ())
                       ) -> Iterator[dict[str, list[Token]]]:
    """Each table the reading gives under `at`: the named rows in their outcomes (where the
    reading keeps the values beside each label in its row), each run of rows not named in any
    outcomes, in order, between the named rows around it. `pairs`: which two rows in a row stand
    in one band (`block_blank_bands.banded`): those take consecutive outcomes, the first, where
    the two print as column flows, not an outcome whose label wraps (`wraps`: those outcomes and
    which pairs so print, `block_blank_wraps`)."""
    if len(reading) != len(at) or not all(o is None or ids <= set(map(id, row)) for row, (o, ids) in zip(reading, at)):
        return
    runs = _runs(at, outcomes)
    base = {o: blank for o in outcomes}
    base.update((o, row) for row, (o, _) in zip(reading, at) if o is not None)
    for choice in product(*(combinations(room, len(run)) for run, room in runs)):
        if pairs and not _bands_together(runs, choice, at, outcomes, pairs, wraps):
            continue
        table = dict(base)
        for (run, _), picks in zip(runs, choice):
            table.update((o, reading[r]) for r, o in zip(run, picks))
        yield table


def _bands_together(runs: list[tuple[list[int], list[str]]], choice: tuple, at: list[Fixed], outcomes: list[str],
                    pairs: list[bool], wraps: tuple[frozenset[str], tuple[bool, ...]]) -> bool:
    """Whether every two rows in a row standing in one band, one of them not named by its label,
    take outcomes next to each other, the first of them not wrapped."""
    where = {r: outcomes.index(o) for r, (o, _) in enumerate(at) if o is not None}
    named = set(where)
    for (run, _), picks in zip(runs, choice):
        where.update((r, outcomes.index(o)) for r, o in zip(run, picks))
    wrapped, columns = wraps
    return all(where[r + 1] - where[r] == 1 and not (outcomes[where[r]] in wrapped and columns[r])
               for r, together in enumerate(pairs) if together and not {r, r + 1} <= named)


def _runs(at: list[Fixed], outcomes: list[str]) -> list[tuple[list[int], list[str]]]:
    """Each run of rows not named, with the outcomes it may take (those between the named rows around it)."""
    runs: list[tuple[list[int], list[str]]] = []
    last = -1
    k = 0
    while k < len(at):
        if at[k][0] is not None:
            last = outcomes.index(at[k][0])  # type: ignore[arg-type]
            k += 1
            continue
        run = [k]
        while k + 1 < len(at) and at[k + 1][0] is None:
            k += 1
            run.append(k)
        k += 1
        nxt = next((outcomes.index(o) for o, _ in at[k:] if o is not None), len(outcomes))
        page = set().union(*(at[r][1] for r in run))  # the outcomes its page's labels begin
        runs.append((run, [o for o in outcomes[last + 1:nxt] if not page or o in page]))
    return runs



def edge_placements(reading: list[list[Token]], outcomes: list[str], blank: list[Token], at: list[Fixed],
                    edge: int, open_: object) -> Iterator[tuple[dict[str, list[Token]], dict[str, object]]]:
    """`partial_placements` where they are too many to weigh one by one, each with what every
    outcome is known to hold. The identities weigh the first `edge` and last `edge` outcomes one
    by one and the result rows between them only by their sum, so the placements of a run differ
    for them only in which of its rows take those end outcomes: one table is weighed for each
    such choice (the run's other rows in the first result outcomes of its room). A run's result
    rows are known where they fill its result outcomes or none (blank); else each such outcome
    is blank in one placement and a row in another (`open_`)."""
    if len(reading) != len(at) or not all(o is None or ids <= set(map(id, row)) for row, (o, ids) in zip(reading, at)):
        return
    first, last = outcomes[:edge], outcomes[-edge:]
    base: dict[str, list[Token]] = {o: blank for o in outcomes}
    base.update((o, row) for row, (o, _) in zip(reading, at) if o is not None)
    per_run = []
    for run, room in _runs(at, outcomes):
        rows = [reading[r] for r in run]
        head, tail = [o for o in room if o in first], [o for o in room if o in last]
        middle = [o for o in room if o not in first and o not in last]
        ways = []
        for a, b in product(range(len(head) + 1), range(len(tail) + 1)):
            inner = len(rows) - a - b
            if not 0 <= inner <= len(middle):
                continue
            for h, t in product(combinations(head, a), combinations(tail, b)):
                placed = {**dict.fromkeys(head, blank), **dict.fromkeys(tail, blank),
                          **dict(zip(h, rows)), **dict(zip(t, rows[len(rows) - b:]))}
                filled = dict(zip(middle, rows[a:a + inner]))
                known = {o: filled.get(o, blank) if inner in (0, len(middle)) else open_ for o in middle}
                ways.append(({**placed, **filled}, {**placed, **known}))
        per_run.append(ways)
    for choice in product(*per_run):
        table, known = dict(base), dict(base)
        for t, k in choice:
            table.update(t)
            known.update(k)
        yield table, known
