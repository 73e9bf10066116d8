"""Table 3 of plain `pdftotext` with whole rows blank: a band's rows and the rows whose labels
wrap (see `ingest.readers.block_blank_rows`).

Observed model of poppler (stop 19): a table's cells print their text at the top of the cell,
so the values of a row stand one line below the row before only where that row is one line
high; below a row whose label wraps over two lines or more they stand further down, and poppler
starts a new block. So in a band (the rows printed together, `block_blank_bands`) every row but
the last has a label printed on one line. A label wraps where the text its row begins with on
its first line of the label flow is a part, cut short, of one of the row's label variants
(`2.其他法律行政法规禁` / `止公开`); a label whose first line is not (a variant the label table
lacks) is taken as possibly one line (not weighed against). Placements putting a wrapped row
inside a band are not weighed. Only bands printed as column flows after the header (a flow per
column, one value of each row) are weighed so (`column_banded`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ingest.alignment import Token
from ingest.labels import label_table
from ingest.normalize import norm_label
from ingest.readers.block_segments import Segment


def wrapped_outcomes(labels: Sequence[str], outcomes: Sequence[str]) -> frozenset[str] | None:
    """The outcomes whose label wraps, from each row's text on its label's first line (`labels`,
    one per outcome, in table order); None where they are not one per outcome."""
    if len(labels) != len(outcomes):
        return None
    return frozenset(o for o, text in zip(outcomes, labels) if _cut_short(norm_label(text), o))


def _cut_short(key: str, outcome: str) -> bool:
    """The text is a part of the outcome's label, cut short: a strict beginning of one of its
    variants in the label table and none of them."""
    whole = _whole_variants().get(outcome, ())
    return bool(key) and key not in whole and any(v.startswith(key) for v in whole)


@lru_cache(maxsize=1)
def _whole_variants() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for key, labels in label_table().exact.items():
        for lab in labels:
            if lab.scope == "t3_row":
                out.setdefault(lab.code, []).append(key)
    return {code: tuple(keys) for code, keys in out.items()}


@lru_cache(maxsize=4096)  # the same ends and bands come again for every reading of the flows
def wrap_known(n_first: int, inner: int, pairs: tuple[bool, ...], columns: tuple[bool, ...], head_last: bool,
               tail_first: bool, middle: tuple[str, ...], wrapped: frozenset[str], open_: object
               ) -> dict[str, object] | None:
    """What each result outcome (`middle`) is known to hold where the printed rows take `n_first`
    of the first outcomes (the last of them the outcome just before `middle` where `head_last`),
    then `inner` result outcomes, then the last ones (the first of them the outcome just after
    `middle` where `tail_first`), rows standing in one band (`pairs`, for each two rows in a row)
    taking consecutive outcomes, no band holding a wrapped row but as its last (`head_last`: that
    outcome is not wrapped either); `columns`: the pairs printed as column flows (`column_banded`),
    the only ones the wrapped labels are weighed against. Each outcome: the
    index of its row in the reading, None for blank, or `open_` where the placements left differ;
    None where no placement stands so. The head's and tail's own bands are the caller's."""
    blocks: list[list[int]] = []
    for r in range(n_first, n_first + inner):
        if blocks and pairs[r - 1]:
            blocks[-1].append(r)
        else:
            blocks.append([r])
    start = inner > 0 and n_first > 0 and pairs[n_first - 1]  # a band from the head into the results
    last = n_first + inner - 1
    end = inner > 0 and last < len(pairs) and pairs[last]  # and into the tail
    if (start and not head_last) or (end and not tail_first):
        return None
    if inner == 0:
        crossing = 0 < n_first < len(pairs) + 1 and pairs[n_first - 1]
        return None if crossing else dict.fromkeys(middle)
    m, k = len(middle), len(blocks)
    flat = [o in wrapped for o in middle]

    def fits(i: int, p: int) -> bool:
        block = blocks[i]
        if p + len(block) > m or any(flat[p + j] and columns[r] for j, r in enumerate(block[:-1])):
            return False
        if i == 0 and start and p != 0:
            return False
        return not (i == k - 1 and end and (p + len(block) != m or flat[m - 1] and columns[last]))

    # pre[i][p]: blocks before i fit within outcomes [0, p); suf[i][p]: blocks i.. fit within [p, m)
    pre = [[True] * (m + 1)] + [[False] * (m + 1) for _ in range(k)]
    for i in range(k):
        for p in range(m):
            if pre[i][p] and fits(i, p):
                for q in range(p + len(blocks[i]), m + 1):
                    pre[i + 1][q] = True
    suf = [[False] * (m + 2) for _ in range(k)] + [[True] * (m + 2)]
    for i in range(k - 1, -1, -1):
        for p in range(m - 1, -1, -1):
            suf[i][p] = suf[i][p + 1] or (fits(i, p) and suf[i + 1][p + len(blocks[i])])
    if not suf[0][0]:
        return None
    seen: list[set] = [set() for _ in range(m)]
    for i, block in enumerate(blocks):
        for p in range(m):
            if pre[i][p] and fits(i, p) and suf[i + 1][p + len(block)]:
                for off, r in enumerate(block):
                    seen[p + off].add(r)
    for o in range(m):
        if any(pre[i][o] and suf[i][o + 1] for i in range(k + 1)):
            seen[o].add(None)
    return {o: next(iter(s)) if len(s) == 1 else open_ for o, s in zip(middle, seen)}


def ends_hold(first: Sequence[str], last: Sequence[str], n_rows: int, pairs: Sequence[bool],
              columns: Sequence[bool], wrapped: frozenset[str]) -> bool:
    """The bands within the first and within the last outcomes: two rows of one band there take
    consecutive outcomes, the first not wrapped where they print as column flows."""
    for r, together in enumerate(pairs):
        if not together:
            continue
        if r + 1 < len(first) and (len(first) != 2 or first[0] in wrapped and columns[r]):
            return False
        if r >= n_rows - len(last) and (len(last) != 2 or last[0] in wrapped and columns[r]):
            return False
    return True


def column_banded(reading: Sequence[Sequence[Token]], flow: dict[int, tuple[int, int]],
                  segments: Sequence[Segment]) -> tuple[bool, ...]:
    """For each two rows in a row, whether they stand in one band printed as column flows after
    the header: two flows or more hold a value of each, one value of each, and none begins with
    header text. Under the header poppler may print a band's rows one after the other in a flow,
    and such a band may run on past a wrapped label (second set 000196: `（二）` and `（三）1.` in
    the header's band, numbers wrapped in their cells)."""
    out = []
    for a, b in zip(reading, reading[1:]):
        fa = Counter(flow[id(t)] for t in a if id(t) in flow)
        fb = Counter(flow[id(t)] for t in b if id(t) in flow)
        shared = fa.keys() & fb.keys()
        out.append(len(shared) >= 2 and all(fa[f] == 1 and fb[f] == 1 and not segments[f[0]].heads[f[1]].strip()
                                            for f in shared))
    return tuple(out)
