"""Table 3 of plain `pdftotext` whose first band's rows come row by row in blocks of columns,
and whose last label stands among its band's flows (seen in 000098 of the fifth set).

- Under the table's header, a band of k rows may print its first k - 1 rows' first w - 1
  columns as blocks of neighbouring columns, each block row by row (`1,62 194` / `13` / `4` /
  `3` / `8` … `2`: three rows of four columns, then `13`, `56`, `0 5`, `5 32`: the same rows'
  next two columns), then the last row's w - 1 cells as one-value flows (`87`, `8`, `1`, `1`,
  `1`, `2`), then the last column whole (`1,90 3`, `15`, `1,02 2`, `100`): `last_row_apart`.
- The last label (`四、结转下年度继续办理`) may stand among the flows of its band: the band's first
  column (`64`, `1,62 6`, `5`) printed before the label, its other columns after it. Where the
  segment before the last label flow and the last one each hold values that do not fill whole
  rows and together they do, the two are also weighed as one segment: `with_label_inside`.

Both are further candidates: a reading is kept only where every identity holds
(`ingest.readers.text_blocks._read`), and a row two candidates read differently stays missing.
"""

from __future__ import annotations

from ingest import codes
from ingest.alignment import Token
from ingest.readers.block_last_beside import with_last_beside
from ingest.readers.block_regroup import split_band
from ingest.readers.block_segments import Segment, value_count, with_variants
from ingest.readers.block_spilled import with_spilled_row

_WIDTH = len(codes.APPLICANTS)

Rows = list[list[Token]]


def last_row_apart(groups: list[list[Token]], k: int, width: int) -> list[Rows]:
    """The band's placements where its last row's first width - 1 cells are the one-value flows
    before its last flow (the last column, k values) and the first k - 1 rows' cells before
    them come in blocks of neighbouring columns, row by row, each block ending where a flow
    ends: one placement per such cut into blocks. [] where the flows do not so end."""
    if k < 2 or len(groups) < width + 1 or len(groups[-1]) != k or any(len(g) != 1 for g in groups[-width:-1]):
        return []
    body = groups[:-width]
    cells = [t for g in body for t in g]
    if len(cells) != (k - 1) * (width - 1):
        return []
    ends = set()
    at = 0
    for g in body:
        at += len(g)
        ends.add(at)
    last = [t for g in groups[-width:-1] for t in g]
    return [_placed(cells, blocks, k - 1, last, groups[-1]) for blocks in _cuts(width - 1, k - 1, ends)]


def split_whole(groups: list[list[Token]], k: int, width: int) -> list[Rows]:
    """The band's placement where all its flows are one band with split columns
    (`block_regroup.split_band`), its columns in printed order: a segment's first band, which
    `_shapes` reads from any flows filling whole rows, so read too. [] where they do not so cut."""
    split = split_band(groups, 0, width)
    if split is None or split[1] != len(groups) or len(split[0][0]) != k:
        return []
    return [[column[r] for column in split[0]] for r in range(k)]


def _cuts(columns: int, rows: int, ends: set[int], start: int = 0) -> list[list[int]]:
    """Every cut of `columns` columns into blocks (their widths) whose values, `rows` rows each,
    end where a flow ends (`ends`: the cumulative value counts at flow ends)."""
    if columns == 0:
        return [[]]
    out = []
    for w in range(1, columns + 1):
        if start + w * rows in ends:
            out.extend([w, *rest] for rest in _cuts(columns - w, rows, ends, start + w * rows))
    return out


def _placed(cells: list[Token], blocks: list[int], rows: int, last: list[Token], column: list[Token]) -> Rows:
    out: Rows = [[] for _ in range(rows + 1)]
    at = 0
    for w in blocks:
        for r in range(rows):
            out[r].extend(cells[at + r * w:at + (r + 1) * w])
        at += w * rows
    out[rows].extend(last)
    return [row + [column[r]] for r, row in enumerate(out)]


def with_label_inside(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """Each choice of the segments, then where its last two segments each hold values short of
    whole rows and together whole rows (the last label flow with no values beside it), that
    choice with the two as one segment: the flows of both, in printed order."""
    return with_variants(alternatives, _label_inside)


def _label_inside(segments: list[Segment]) -> list[list[Segment]]:
    if len(segments) < 2:
        return []
    prev, last = segments[-2], segments[-1]
    if last.beside or last.pre or not last.groups or not prev.groups:
        return []
    if value_count(prev) % _WIDTH == 0 or (value_count(prev) + value_count(last)) % _WIDTH:
        return []
    return [[*segments[:-2], Segment(prev.beside, [*prev.groups, *last.groups],
                                     [*prev.flow_lines, *last.flow_lines], [*prev.heads, *last.heads],
                                     prev.pre, prev.breaks)]]


def recast(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """The choices of the segments `text_blocks._read` weighs: each as given, and as the last
    rows' models recast it (`block_spilled`, `block_last_beside`, `with_label_inside`)."""
    return with_label_inside(with_last_beside(with_spilled_row(alternatives)))
