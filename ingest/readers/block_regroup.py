"""Table 3's flows (plain `pdftotext`) where poppler does not print each column of a band as
one flow of its own (seen in the rendered documents 000141, 000900, 001320); the regrouped
flows are further candidates of `ingest.readers.block_bands`, read only where every identity
holds.

- In any band, a flow may hold two or more neighbouring columns row by row, a row's cells on
  one line (`0`, `0`, `11 3`, `0`, `0`: two columns of three rows; seen in 001330 of the second
  set): `shared_flow_band`.
- Under the table's header, the first band's rows may come row by row and the next band's
  first column run on in the same flow: `166 138 2688 0 0 0 43 18`, then `54 13`, `798 346`
  (two rows of three columns, then the column `43 18` of a band of two rows): `first_cut`.
- In a band of k rows, c neighbouring columns may print their first k - 1 values as c flows,
  then the last row's c values as c flows of one value: `14 166`, `6 138`, `0`, `0`,
  `164 2688 0` (a band of three rows and three columns): `split_band`.
"""

from __future__ import annotations

from ingest.alignment import Token
from ingest.codes import APPLICANTS
from ingest.readers.block_segments import Segment

Groups = list[list[Token]]


def first_cut(groups: Groups, width: int) -> Groups | None:
    """The flows with the first one cut in two where it holds whole rows of `width` values row
    by row and then the first column of a band whose other width - 1 columns are the next
    flows, each as long as that column (m values: the flow after it gives m); None elsewhere."""
    if len(groups) < max(width, 2) or len(groups[0]) <= len(groups[1]):
        return None
    m = len(groups[1])
    c = len(groups[0]) - m
    if c % width or any(len(g) != m for g in groups[1:width]):
        return None
    return [groups[0][:c], groups[0][c:], *groups[1:]]


def split_band(groups: Groups, b: int, width: int) -> tuple[Groups, int] | None:
    """The band of k rows at flow b where c of its columns come split: p flows of k values,
    c flows of k - 1, the c last-row values as c flows of one value, then width - p - c flows
    of k (at least one flow of k, so k is printed). Returns the band's `width` columns (each
    split column its k - 1 values, then its last-row value) and the flows it takes; None
    where the flows at b do not so cut."""
    for p in range(width):
        k = len(groups[b]) if p else len(groups[b]) + 1
        if k < 2 or b + p >= len(groups):
            continue
        for c in range(1, width - p + 1):
            end = b + width + c
            if end > len(groups) or (p + c == width):
                continue
            full = groups[b:b + p] + groups[b + p + 2 * c:end]
            short, ones = groups[b + p:b + p + c], groups[b + p + c:b + p + 2 * c]
            if (all(len(g) == k for g in full) and all(len(g) == k - 1 for g in short)
                    and all(len(g) == 1 for g in ones)):
                band = [*groups[b:b + p], *(s + o for s, o in zip(short, ones)), *groups[b + p + 2 * c:end]]
                return band, width + c
    return None


def shared_flow_band(groups: Groups, b: int, width: int) -> tuple[Groups, int, int] | None:
    """The band of k rows at flow b where some flows hold c neighbouring columns row by row
    (c * k values; a row's cells of those columns on one line, `0`, `0`, `11 3`, `0`, `0`) and
    the others one column each (k values): the flows from b whose widths come to `width`.
    Returns the band's flows, how many it takes and k; None where no single k so cuts them or
    no flow holds more than one column (a band of one column a flow, `_bands`' own case)."""
    cuts = []
    for k in sorted({len(g) for g in groups[b:b + width]}):
        total = 0
        for j, g in enumerate(groups[b:], start=b):
            if len(g) % k:
                break
            total += len(g) // k
            if total >= width:
                break
        if total == width and any(len(g) > k for g in groups[b:j + 1]):
            cuts.append((groups[b:j + 1], j + 1 - b, k))
    return cuts[0] if len(cuts) == 1 else None


def row_one_apart(groups: Groups, k: int, width: int) -> tuple[list[Token], Groups, list[Token]] | None:
    """A band of k rows (k >= 3) under the header where poppler prints the first row's cells
    but its last as flows of their own (fewer or more values than k - 1 each; in the header's
    order), the other rows' cells column by column (width - 1 flows of k - 1 values, in an
    order of their own), and the last column whole as the band's last flow (seen in the
    rendered document 001320): `789 296 10 13`, `21`, `0 446 42`, `0 17 0` … `39`,
    `1,168 0 680 74`. Returns the first row's width - 1 cells, the column flows as printed and
    the last column; None where the flows do not so cut."""
    if k < 3 or len(groups) < 2 or len(groups[-1]) != k or len(groups[0]) == k - 1:
        return None
    body = groups[:-1]
    columns = [g for g in body if len(g) == k - 1]
    first = [t for g in body if len(g) != k - 1 for t in g]
    if len(columns) != width - 1 or len(first) != width - 1:
        return None
    return first, columns, groups[-1]


_WIDTH = len(APPLICANTS)


def last_row_before(segments: list[Segment]) -> list[Segment] | None:
    """The segments with the last label flow's one row (`四、结转下年度继续办理 0`: one value
    beside its label, no flow after it) taken into the band before it: poppler prints that
    row's first cells as one-value flows before its label flow, after the columns of the band's
    other rows and before the band's last column (`65 789` … `2 39`, `0` × 5, `86 1,168 0`, then
    the label and `0`; seen in the rendered document 001320). The value beside the label is
    taken as the last of those one-value flows, right before the previous segment's last flow
    (a band with split columns, `split_band`, reads them). None where the segments do not so
    end."""
    if len(segments) < 2:
        return None
    prev, last = segments[-2], segments[-1]
    if len(last.beside) != 1 or last.groups or last.pre or len(prev.groups) < 2 or len(prev.groups[-2]) != 1:
        return None
    return _beside_at(segments, len(prev.groups) - 1)


def last_row_placings(segments: list[Segment]) -> list[list[Segment]]:
    """`last_row_before`'s segments with the value beside the last label at each place among
    the row's first cells: before any of the one-value flows right before the band's last
    column (at most the row's six first cells). 001320's row printed zeros only, so it told
    no place; in fresh set 43's 000007 (`四、结转下年度继续办理 10` after `0` × 5) the value is the
    row's first cell, the column beside its label. The identities decide among the places."""
    if last_row_before(segments) is None:
        return []
    prev = segments[-2]
    first = len(prev.groups) - 1
    while first > 0 and len(prev.groups[first - 1]) == 1 and len(prev.groups) - first < _WIDTH - 1:
        first -= 1
    return [_beside_at(segments, at) for at in range(len(prev.groups) - 1, first - 1, -1)]


def _beside_at(segments: list[Segment], at: int) -> list[Segment]:
    """The segments with the last label flow's one value taken into the band before it as a
    flow of its own before that band's flow `at`."""
    prev, last = segments[-2], segments[-1]
    groups = [*prev.groups[:at], last.beside, *prev.groups[at:]]
    lines = [*prev.flow_lines[:at], prev.flow_lines[-1], *prev.flow_lines[at:]]
    heads = [*prev.heads[:at], "", *prev.heads[at:]]
    return [*segments[:-2], Segment(prev.beside, groups, lines, heads, prev.pre, prev.breaks)]


def columns_within(groups: Groups, width: int) -> bool:
    """Whether, where whole rows of `width` values end, `width` flows of one size m >= 2 follow
    (a band of m rows printed column by column): such flows are not read row by row across as
    part of a band before them (seen in the rendered document 000942, whose page-3 band `0 0`,
    `0 0`, `4 0` read across would be (五)2 0 0 0 and (五)3 0 4 0)."""
    size = 0
    for i, g in enumerate(groups):
        run = groups[i:i + width]
        if (i and not size % width and len(run) == width and len(g) >= 2
                and all(len(x) == len(g) for x in run)):
            return True
        size += len(g)
    return False
