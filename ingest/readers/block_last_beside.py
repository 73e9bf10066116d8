"""Table 3 of plain `pdftotext` whose last label flow holds the first columns of more rows than
its own labels: the last rows' first w columns printed row by row beside the last label
(`45` / `3` / `2,57 142` / `5` / `四、结转下年度继续办理` / `0` / `0`: (六)3, 总计 and 四's
自然人 and 商业企业), their other columns the previous segment's last flows (a band of those rows
with split columns, `block_regroup.split_band`; seen in the rendered document 000564).

Where the last segment holds values beside its labels only, r rows of w (r > 1) whose other
7 - w columns the previous segment's last flows hold exactly, that choice of the segments is
weighed too: the previous segment with the w columns (each the beside values of its column,
top to bottom) as flows before those last flows. The identities decide among the choices
(`ingest.readers.text_blocks._read`).
"""

from __future__ import annotations

from ingest import codes
from ingest.readers.block_segments import Segment, line_index, with_variants

_WIDTH = len(codes.APPLICANTS)


def with_last_beside(alternatives: list[list[Segment]]) -> list[list[Segment]]:
    """Each choice of the segments, then that choice with its last label flow's values taken
    into the previous segment's last band, for each width w that fits."""
    return with_variants(alternatives, _with_merged)


def _with_merged(segments: list[Segment]) -> list[list[Segment]]:
    if len(segments) < 2:
        return []
    return [[*segments[:-2], merged] for merged in _merged(segments[-2], segments[-1])]


def _merged(prev: Segment, last: Segment) -> list[Segment]:
    if last.pre or not prev.groups or last.groups and not _label_among(last):
        return []
    flows = [*prev.groups, *last.groups]
    flow_lines = [*prev.flow_lines, *last.flow_lines]
    heads = [*prev.heads, *last.heads]
    out = []
    for w in range(1, _WIDTH):
        r, rest = divmod(len(last.beside), w)
        if rest or r < 2:
            continue
        need, j = (_WIDTH - w) * r, len(flows)
        while j > 0 and need > 0:
            j -= 1
            need -= len(flows[j])
        if need:
            continue
        columns = [last.beside[c::w] for c in range(w)]
        lines = [set(map(line_index, col)) for col in columns]
        out.append(Segment(prev.beside, [*flows[:j], *columns, *flows[j:]],
                           [*flow_lines[:j], *lines, *flow_lines[j:]],
                           [*heads[:j], *[""] * w, *heads[j:]], prev.pre, prev.breaks))
    return out


def _label_among(last: Segment) -> bool:
    """Whether the last label stands among its flow's values, the flow beginning with a line of
    values (`34` / `26` / `5` / `四、结转下年度继续办理` / `8`), not with a label."""
    if last.breaks is None or len(last.beside) < 2:
        return False
    lines = [line_index(t) for t in last.beside]
    first, text = min(lines), last.breaks.text
    return not last.breaks.among(first - 1, first, text) and last.breaks.among(first + 1, max(lines) - 1, text)
