"""Table 3's last label flow past table 4's heading in plain `pdftotext`, where each row's first
w columns stand beside its label and the other 7 - w come later as a run of flows among table
4's (poppler prints the page's right-hand columns after its footer, the next page's table 4
flows around them).

Observed (docs/decisions.md, "Columns beside the labels, the rest after the page's footer"):
the rows' other columns are one run of consecutive flows, beginning either at the first flow
of a page (after its footer's page break), after section five's heading (below table 4 on its
page) or at a flow headed by table 3's own header cells
(`总计 / 法律 其他 / 服务机构`, repeated on the new page); table 4's values stand before or
after that run, never inside it. Each such run holding exactly the values the rows lack is a
candidate (`windows`); each still has to satisfy every identity of table 3 to be read
(`text_blocks._read`), and where candidates read differently the rows stay missing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ingest import codes
from ingest.readers.block_footer import page_footer
from ingest.readers.block_headers import header_column
from ingest.readers.block_segments import Segment, value_count

if TYPE_CHECKING:
    from ingest.readers.text_blocks import Rebuilt

_WIDTH = len(codes.APPLICANTS)
_FIFTH = re.compile(r"\s*五[、.．]\s*存在")  # section five's heading, below table 4 on its page
_RIGHT = ("legal_service_org", "research_institution", "social_welfare_org", "commercial_enterprise")


def windows(segments: list[Segment], n: int, text: Mapping[int, str]) -> tuple[list[list[Segment]], set[int], int]:
    """The choices of the last segment's run of flows holding its rows' remaining columns, the
    lines of every flow of that segment (those no kept reading takes stay the text reader's),
    and how many values each choice sets aside. ([], set(), 0) where this does not apply."""
    if len(segments) < 2 or not segments[-1].beside:
        return [], set(), 0
    last = segments[-1]
    left = n - sum(value_count(x) for x in segments[:-1])
    if left % _WIDTH or left <= len(last.beside):
        return [], set(), 0
    r = left // _WIDTH
    if len(last.beside) % r or not 0 < len(last.beside) // r < _WIDTH:
        return [], set(), 0
    need = left - len(last.beside)
    sizes = [len(g) for g in last.groups]
    if sum(sizes) <= need:
        return [], set(), 0
    out = []
    for start in _starts(last, text):
        total, end = 0, start
        while end < len(sizes) and total < need:
            total += sizes[end]
            end += 1
        if total == need:
            out.append([*segments[:-1], last.cut(range(start, end))])
    return out, set().union(*last.flow_lines), sum(sizes) - need


def noted(rebuilt: Rebuilt, run: tuple[list[list[Segment]], set[int], int]) -> Rebuilt:
    """The rebuilt table 3 with its findings saying how the last rows' other columns were found."""
    choices, _lines, aside = run
    for i in rebuilt.issues:
        if i.code in ("inferred_alignment", "ambiguous_row", "no_alignment"):
            i.message += (f"; the last rows' columns not beside their labels read from one run of flows beginning "
                          f"after a page's footer or under table 3's header cells ({len(choices)} such run(s) weighed), "
                          f"the {aside} value(s) outside it left to table 4")
    return rebuilt


def _starts(segment: Segment, text: Mapping[int, str]) -> list[int]:
    """The flows a run of the rows' remaining columns may begin at: the segment's first, the
    first after a page's footer (`第3页`; `—3—`, which the text reader drops, leaves a page break's
    blank lines) or after section five's heading (`五、存在…`), and one headed by table 3's header
    cells. `text`: the lines of the text by index."""
    out = [0]
    for i in range(1, len(segment.groups)):
        before = max(segment.flow_lines[i - 1])
        first = min(segment.flow_lines[i])
        footer = any(_left_block_end(text.get(k, "")) for k in range(before + 1, first)) or (
            segment.breaks is not None and segment.breaks.among(before + 1, first - 1, segment.breaks.pages))
        if footer or _t3_header(segment.heads[i]):
            out.append(i)
    return out


def _left_block_end(line: str) -> bool:
    """Whether a line ends the block poppler prints before a page's right-hand columns: the
    page's footer, or section five's heading standing below table 4."""
    return page_footer(line) or _FIFTH.match(line) is not None


def _t3_header(head: str) -> bool:
    """Whether a flow's text before its values holds table 3's header cells (`总计法律 其他服务机构`):
    a column's own (`header_column`) or the run of the right-hand columns printed in one piece."""
    if not head:
        return False
    col = header_column(head)
    if col is not None:
        return codes.APPLICANTS[col] in _RIGHT  # not 总计 or 其他: table 4's headers hold them too
    key = "".join(head.split())
    return "法律" in key and "服务" in key and "机构" in key
