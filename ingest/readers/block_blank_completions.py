"""Table 3 of plain `pdftotext` with whole rows blank whose last rows stand on a page of their
own among table 4's flows: `block_last_rows.completions` and `block_blank_rows` together.

The label flow of the last page holds each printed row's first w columns beside its labels (a
blank row's label alone); the other 7 - w columns come as flows of one value a row, interleaved
with table 4's flows. With rows blank, the values do not come to the table's rows × 7, so the
count of the last rows is the label flow's: r = its values / w, for each w that divides them.
Every choice, in printed order, of 7 - w flows of r values among those after the label flow is
a candidate, read as `block_blank_rows` reads a table of whole blank rows; a row is stated only
where every candidate that keeps a placement gives it the same values. The lines of the flows
no such candidate takes stay the text reader's (table 4's)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from math import comb

from ingest import codes
from ingest.alignment import Token, signature
from ingest.readers.block_counts import counts_only
from ingest.readers.block_blank_rows import BlankRowsRead, read_blank_rows
from ingest.readers.block_segments import Flow, Segment, value_count

_WIDTH = len(codes.APPLICANTS)
# choices of the last rows' column flows weighed at most (more: none); C(9, 6) = 84 is six
# flows among three of table 4's lone values (fourth set 000035, sixth 000003, second 001470)
_MAX_CANDIDATES = 100


def blank_completions(flows: Sequence[Flow], segments: list[Segment], used: set[int], outcomes: list[str],
                      holds: Callable[[dict[str, list[Token]]], bool], where: str
                      ) -> tuple[BlankRowsRead, set[int], int, list[set[int]]] | None:
    """The rows read, the lines read from, the number of candidates weighed and the lines each
    candidate that keeps a placement takes (distinct; table 4 is weighed over them,
    `text_blocks_table4._over_choices`); None where this does not apply, too many candidates or
    placements, or no candidate keeps a placement."""
    while segments and not segments[-1].beside and not segments[-1].groups:
        segments = segments[:-1]  # a numbered paragraph past the table read as a label flow
    if len(segments) < 2 or not segments[-1].beside:
        return None
    last = segments[-1]
    earlier = sum(value_count(x) for x in segments[:-1])
    if earlier % _WIDTH:
        return None
    candidates: list[tuple[int, ...]] = []
    for w in range(1, _WIDTH):
        r, odd = divmod(len(last.beside), w)
        if odd or earlier // _WIDTH + r >= len(outcomes):
            continue
        picks = [i for i, g in enumerate(last.groups) if len(g) == r and counts_only(g)]  # a mark is table 4's
        if len(picks) < _WIDTH - w:
            continue
        if len(candidates) + comb(len(picks), _WIDTH - w) > _MAX_CANDIDATES:
            return None
        candidates.extend(combinations(picks, _WIDTH - w))
    loose = set().union(*last.flow_lines)
    reads: list[BlankRowsRead] = []
    taken: set[int] = set()
    choices: list[set[int]] = []
    for c in candidates:
        if not _totals_may_hold(last, c):
            continue
        got = read_blank_rows(flows, [*segments[:-1], last.cut(c)], [], used, outcomes, holds, where, slips=False)
        if got is None:
            continue
        if got[0].overflow:
            return None
        reads.append(got[0])
        taken.update(*(last.flow_lines[i] for i in c))
        if (mine := set().union(*(last.flow_lines[i] for i in c))) not in choices:
            choices.append(mine)
    if not reads:
        return None
    first = reads[0]
    rows = {o: row for o, row in first.rows.items()
            if all(o in x.rows and signature(x.rows[o]) == signature(row) for x in reads[1:])}
    read = BlankRowsRead(rows, sum(x.kept for x in reads), sum(x.tried for x in reads), False,
                         all(x.by_label for x in reads), " ||| ".join(dict.fromkeys(x.printed for x in reads)))
    return read, used - (loose - taken), len(candidates), choices



def _totals_may_hold(last: Segment, picks: tuple[int, ...]) -> bool:
    """The cheap test before a candidate's reading: each last row (its values beside the label,
    then one from each picked flow) holds a total, the sum of its six other values, whatever
    their order (twice its largest value is their sum). Values not numbers: not tested."""
    w = _WIDTH - len(picks)
    for i in range(len(last.beside) // w):
        row = [*last.beside[i * w:(i + 1) * w], *(last.groups[g][i] for g in picks)]
        if any(not isinstance(t.value, int) for t in row):
            return True
        if 2 * max(t.value for t in row) != sum(t.value for t in row):
            return False
    return True
