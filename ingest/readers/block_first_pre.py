"""Plain `pdftotext`'s table 3 with its first band's first columns in the header's flow, row by
row, each later row's first column (自然人) beside its label, and every other column after table
4's heading (an observed model of poppler, docs/decisions.md, stop 19).

Poppler prints the header (`申请人情况 … 组织`) and the first k rows' first c columns as one flow
before the labels, row by row (`3 2 0 0 / 0 0 0 0 / 1 1 0 0 / 1 0 0 0`: four rows of 自然人 …
社会公益组织); the k rows' labels stand alone, each later row's label with its 自然人 value beside
it. After table 4's heading, among table 4's own lone values (行政复议's five before, a few of 行政
诉讼's after), come the first band's other 7 - c columns, each a flow of k values in header order
(`法律服务机构 / 1 0 0 0`, `0 0 0 0`, `6 0 2 1`), then the later rows in bands, each band six
column flows of equal length in header order (商业企业 … 总计), as `block_first_beside` reads
them. Seen in third set 000046 (every cell 0) and fresh set (seed 40) 000005 and 000129 (the
2019 table with （六） as one row). Every choice of table 4's values before and after the run
that parses is weighed by every identity of table 3; the table is read only where exactly one
reading holds, and where none holds (the report prints an inconsistent table: 000005's balance)
by the fewest-violations rule over those choices (`ingest.alignment_breaks`). The values set aside
are left to table 4 only where one choice is so read. Weighed only where the flows hold more
values than the table's cells (table 4's among them): with none, `text_blocks._read` weighs every
placement of the bands (corpus 001264 prints this first band with the later bands right after
the labels, `tests/test_text_blocks_pages.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ingest import codes
from ingest.alignment import Token
from ingest.alignment_breaks import MARGIN, MAX_BROKEN, agreed_rows, broken
from ingest.model import Issue
from ingest.readers import block_first_beside
from ingest.readers.block_bands import reading_key
from ingest.readers.block_fewest import fewest_finding
from ingest.readers.block_segments import Segment

_WIDTH = len(codes.APPLICANTS)
_OTHERS = _WIDTH - 1  # the columns of a later row printed apart from its label: all but 自然人


@dataclass(slots=True)
class FirstRead:
    """Table 3's rows read (by outcome), the lines read from, and the finding that says how."""

    rows: dict[str, list[Token]]
    lines: set[int]
    finding: Issue


def first_beside(segments: list[Segment], outcomes: list[str], holds: Callable[[list[list[Token]]], bool],
                 used: set[int], label_line: int) -> FirstRead | None:
    """`block_first_beside`'s reading, else this module's (the first band's first columns in the
    header's flow); None where neither reads the table."""
    where = f"line {label_line}"
    if (got := block_first_beside.read(segments, len(outcomes), holds)) is not None:
        return FirstRead(dict(zip(outcomes, got)), used, block_first_beside.finding(label_line))
    if not (placed := _placements(segments, len(outcomes))):
        return None
    kept = {reading_key(t): (t, lines) for t, lines in placed if holds(t)}
    if len(kept) == 1:
        (table, strays), = kept.values()
        aside = "table 4's values around them set aside" if strays else "no value set aside"
        return FirstRead(dict(zip(outcomes, table)), used - strays, Issue(
            "warning", "inferred_alignment",
            "table 3 printed in blocks (plain pdftotext): its first rows' first columns row by row in the header's "
            "flow, each later row's first column beside its label, the other columns after table 4's heading (the "
            f"first band's, then bands of six column flows; {aside}); the one placement that holds every row "
            "total, column sum and the balance", where))
    if kept:
        return None  # two readings hold: nothing stated
    one_other = "other.no_correction" not in outcomes
    least = agreed_rows([(broken(dict(zip(outcomes, t)), one_other, MAX_BROKEN + MARGIN), t, frozenset(lines))
                         for t, lines in placed], outcomes)
    if least is None:
        return None  # the report prints an inconsistent table the rule does not read
    strays = set(least.taken) if least.near == 1 else set()
    flows = sum(len(x.groups) for x in segments)
    finding = fewest_finding(least, len(outcomes) * _WIDTH, flows, len(outcomes), where)
    return FirstRead(least.rows, used - strays, finding)


def _placements(segments: list[Segment], rows: int) -> list[tuple[list[list[Token]], set[int]]]:
    """Each table the model parses, with the lines of table 4's values it sets aside."""
    x = segments[0] if len(segments) == 1 else None
    if x is None or not x.pre or not x.beside:
        return []
    k = rows - len(x.beside)  # the first band's rows: no value beside their labels
    if k < 1 or len(x.pre) % k or not 1 <= len(x.pre) // k < _WIDTH:
        return []  # the cheap gate: the header's flow holds whole rows of the first band
    c = len(x.pre) // k
    sizes = [len(g) for g in x.groups]
    extra = sum(sizes) - (_WIDTH - c) * k - _OTHERS * (rows - k)
    if extra <= 0:
        return []  # no value of table 4's among them: `text_blocks._read` weighs every band placement
    out = []
    before = 0
    for s1 in range(len(sizes) + 1):
        if s1:
            before += sizes[s1 - 1]
        if before > extra:
            break
        s2, after = 0, 0
        while after < extra - before:
            s2 += 1
            after += sizes[-s2]
        if after == extra - before and (table := _parsed(x, k, c, x.groups[s1:len(sizes) - s2], rows)) is not None:
            out.append((table, set().union(*x.flow_lines[:s1], *x.flow_lines[len(sizes) - s2:])))
    return out


def _parsed(x: Segment, k: int, c: int, groups: list[list[Token]], rows: int) -> list[list[Token]] | None:
    """The table where `groups` are the first band's last 7 - c columns, then bands of six."""
    head, body = groups[:_WIDTH - c], groups[_WIDTH - c:]
    if len(head) != _WIDTH - c or any(len(g) != k for g in head) or len(body) % _OTHERS:
        return None
    bands = [body[i:i + _OTHERS] for i in range(0, len(body), _OTHERS)]
    if any(len({len(g) for g in b}) != 1 for b in bands) or sum(len(b[0]) for b in bands) != rows - k:
        return None
    table = [[*x.pre[r * c:(r + 1) * c], *(g[r] for g in head)] for r in range(k)]
    for b in bands:
        base = len(table) - k
        table.extend([x.beside[base + r], *(g[r] for g in b)] for r in range(len(b[0])))
    return table
