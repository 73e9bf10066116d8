"""Table 3 of plain `pdftotext` with whole rows blank: which printed rows stand in one band
(see `ingest.readers.block_blank_rows`)."""

from __future__ import annotations

from ingest.alignment import Token
from ingest.readers.block_segments import Segment

Rows = list[list[Token]]


def flows_of(segments: list[Segment]) -> dict[int, tuple[int, int]]:
    """Each value's flow (segment, flow), by the value's id."""
    return {id(t): (s, g) for s, x in enumerate(segments) for g, group in enumerate(x.groups) for t in group}


def banded(reading: Rows, flow: dict[int, tuple[int, int]]) -> list[bool] | None:
    """For each two rows in a row of the reading, whether they stand in one band: at least two
    flows of values hold a value of each (columns printed as flows of several rows' values).
    `flow`: `flows_of` the segments read. None where no two rows do."""
    out: list[bool] = []
    prev: set[tuple[int, int]] | None = None
    for row in reading:
        here = {flow[id(t)] for t in row if id(t) in flow}
        if prev is not None:
            out.append(len(prev & here) >= 2)
        prev = here
    return out if any(out) else None


def middle_known(first: list[str], inner: int, last: list[str], head: list[str], tail: list[str],
                 middle: list[str], pairs: list[bool], open_: object) -> dict[str, object] | None:
    """What the result outcomes (`middle`) are known to hold where the printed rows take `first`
    of the first outcomes (`head`), then `inner` result outcomes, then `last` of the last ones
    (`tail`), rows in one band (`pairs`) taking consecutive outcomes: a band running from the
    head into the results starts at the first result outcome, one running from the results into
    the tail ends at the last; where every result row stands in such a band the other result
    outcomes are blank. Each outcome known: the index of its row in the reading, None for blank,
    or `open_`; {} where nothing more is known than the counts tell; None where the bands cannot
    stand so."""
    n_first = len(first)
    start = end = False
    for i, together in enumerate(pairs):
        if not together:
            continue
        a, b = _part(i, n_first, inner), _part(i + 1, n_first, inner)
        if (a, b) == ("head", "inner"):
            if first[-1] != head[-1]:
                return None
            start = True
        elif (a, b) == ("inner", "tail"):
            if last[0] != tail[0]:
                return None
            end = True
        elif (a, b) == ("head", "tail"):
            return None  # a band over the result outcomes with none of its rows among them
    slack = len(middle) - inner
    if slack == 0 or inner == 0:
        return {}  # settled already
    blocks: list[list[int]] = [[n_first]]
    for r in range(n_first + 1, n_first + inner):
        if pairs[r - 1]:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    if start and end and len(blocks) == 1:
        return None  # one band from the head to the tail: it would fill every result outcome
    known: dict[str, object] = dict.fromkeys(middle, open_)
    fixed: dict[str, int] = {}
    if start:
        fixed.update(zip(middle, blocks[0]))
    if end:
        fixed.update(zip(middle[len(middle) - len(blocks[-1]):], blocks[-1]))
    if not fixed:
        return {}  # every band floats among the result outcomes: none is known
    anchored = len(blocks[0]) * start + len(blocks[-1]) * end
    if anchored == inner:
        known.update(dict.fromkeys(middle, None))  # blank: every result row stands in an anchored band
    known.update(fixed)
    return known


def _part(row: int, n_first: int, inner: int) -> str:
    return "head" if row < n_first else "inner" if row < n_first + inner else "tail"
