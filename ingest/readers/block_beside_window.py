"""Table 3's last label flow past table 4's heading in plain `pdftotext`, where each row's first
w columns stand beside its label and the other 7 - w come later as a run of flows among table
4's (poppler prints the page's right-hand columns after its footer, the next page's table 4
flows around them).

Observed (docs/decisions.md, "Columns beside the labels, the rest after the page's footer"):
the rows' other columns are one run of consecutive flows, beginning either at the first flow
of a page (after its footer's page break), after section five's heading (below table 4 on its
page), right after table 4's 行政诉讼 header flow where it ends in table 4's values, or at a
flow headed by table 3's own header cells
(`总计 / 法律 其他 / 服务机构`, repeated on the new page); table 4's values stand before or
after that run, never inside it. Each such run holding exactly the values the rows lack is a
candidate (`windows`; where numbers wrapped in narrow cells stand in the rows before, over
every choice of their joinings, `joined_windows`); each still has to satisfy every identity of
table 3 to be read (`text_blocks._read`), and where candidates read differently the rows stay
missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from ingest import codes
from ingest.readers.block_footer import page_footer
from ingest.readers.block_headers import header_column
from ingest.readers.block_segments import Segment, value_count, value_words
from ingest.readers.block_wraps import joinings

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


class Run(NamedTuple):
    """`windows`' choices, lines and values set aside, with the numbers wrapped in narrow cells
    joined in the segments before the last (`joined_windows`), as printed."""

    choices: list[list[Segment]]
    lines: set[int]
    aside: int
    joined: str = ""


def joined_windows(segments: list[Segment], n: int, text: Mapping[int, str],
                   row_start: Callable[[str], object]) -> tuple[list[list[Segment]], set[int], int] | Run:
    """`windows`; where it finds no run, its runs over every choice of joinings of the numbers
    wrapped in narrow cells (`block_wraps`) that brings the segments before the last to the
    cells of the rows they label: 7 × (rows) less the last segment's r rows, for each r its
    values beside the labels allow. The identities decide among every choice together."""
    run = windows(segments, n, text)
    last = segments[-1]
    if run[0] or len(segments) < 2 or not last.beside:
        return run
    out: list[list[Segment]] = []
    lines: set[int] = set()
    aside = 0
    joined: set[str] = set()
    for r in range(1, len(last.beside) + 1):
        if len(last.beside) % r or not 0 < len(last.beside) // r < _WIDTH:
            continue
        for head, made in joinings(segments[:-1], n - r * _WIDTH, 0, dict(text), row_start):
            got = windows([*head, last], n, text)
            if got[0]:
                out += got[0]
                lines, aside = got[1], max(aside, got[2])
                joined.update(f"{t.raw} ({t.where})" for t in made.values())
    return Run(out, lines, aside, ", ".join(sorted(joined)))


def noted(rebuilt: Rebuilt, run: tuple[list[list[Segment]], set[int], int] | Run) -> Rebuilt:
    """The rebuilt table 3 with its findings saying how the last rows' other columns were found."""
    choices, _lines, aside = run[:3]
    joined = getattr(run, "joined", "")
    for i in rebuilt.issues:
        if i.code in ("inferred_alignment", "ambiguous_row", "no_alignment"):
            i.message += (f"; the last rows' columns not beside their labels read from one run of flows beginning "
                          f"after a page's footer (or table 4's 行政诉讼 header) or under table 3's header cells "
                          f"({len(choices)} such run(s) weighed), "
                          f"the {aside} value(s) outside it left to table 4")
            if joined:
                i.message += (f"; numbers wrapped in narrow cells before them (a cut-short head, its tail on a later "
                              f"line or page): every choice of joinings the layout allows weighed together, "
                              f"joined values tried {joined}")
    return rebuilt


def _starts(segment: Segment, text: Mapping[int, str]) -> list[int]:
    """The flows a run of the rows' remaining columns may begin at: the segment's first, the
    first after a page's footer (`第3页`; `—3—`, which the text reader drops, leaves a page break's
    blank lines), after section five's heading (`五、存在…`) or after table 4's 行政诉讼 header, and
    one headed by table 3's header cells. `text`: the lines of the text by index."""
    out = [0]
    for i in range(1, len(segment.groups)):
        before = max(segment.flow_lines[i - 1])
        first = min(segment.flow_lines[i])
        footer = any(_left_block_end(text.get(k, "")) for k in range(before + 1, first)) or (
            segment.breaks is not None and segment.breaks.among(before + 1, first - 1, segment.breaks.pages))
        if footer or _t3_header(segment.heads[i]) or _after_litigation(text, before, first):
            out.append(i)
    return out


def _after_litigation(text: Mapping[int, str], before: int, first: int) -> bool:
    """Whether table 4's 行政诉讼 header flow, ending in values poppler prints with its cells
    (`行政诉讼 / 未经复议直接起诉 / 结 结 其 尚 … / 0 / 0 / 2 / 4`), stands between two flows: the
    rows' remaining columns may follow it (fourth set 000140)."""
    at = next((k for k in range(before + 1, first) if text.get(k, "").startswith("行政诉讼")), None)
    return at is not None and any(value_words(text.get(k, "")) for k in range(at + 1, first))


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
