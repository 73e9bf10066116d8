"""Table 4's proceedings read blank where table 3's last rows' value flows stand among table 4's
flows, as plain `pdftotext` prints them (`text_blocks_table4.rebuild`, `among`).

Poppler prints a line ending in a hyphen without the hyphen and without its line break when
another line follows in its flow (docs/decisions.md, stop 17): a row of `-` marks under a
proceeding's headers leaves no trace where table 3's column values print in the flows below
them. Fresh seed 43's 000016 (every cell printed; truth 行政复议 `-` ×5, no `-` in the dump)
prints 行政复议's header flows `结果维持/结果纠正`, `其他结果`, `尚未审结`, `总计` with no value,
table 3's `0 0 0` flows after them: the text fits blank as well as `-`, so those cells stay
`missing`.

Table 3's last rows' values may stand instead between table 4's heading and its first header
flow (values `before`). Held-out seeds 61 (000121) and 64 (000003) (every cell printed; truth
行政复议 `-` ×5, no `-` in the dump) print table 3's `2 0 0 1 87 141 8 88` / `0 0` there, then
行政复议's header flows with no value: the text fits blank as well as `-` (the marks joined into
the flow before), so those cells stay `missing` too. The mirror, a value-less header flow right
after a flow of table 3's values among table 4's, is not taken: on v2, s16–s21, s50–s54 it fired only
on truly blank proceedings (5 to 35 cells a set), never on a `-` row."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest import codes
from ingest.alignment import Token
from ingest.model import Issue
from ingest.readers.table4_columns import unread
from ingest.states import BLANK

_OUTCOMES = len(codes.T4_OUTCOMES)


@dataclass(slots=True)
class Unvalued:
    """What a placement (`text_blocks_table4._place`) read of the header flows holding no value."""
    cols: dict[int, tuple[int, ...]] = field(default_factory=dict)  # a flow's first line -> the columns it heads
    tops: set[int] = field(default_factory=set)  # the columns whose cut header tops printed


def vanished_marks(cells: list[Token], flows: list, taken: set[int], where: str, issues: list[Issue],
                   unvalued: Unvalued | None = None, before: set[int] = frozenset()) -> tuple[list[Token], list[Issue]]:
    """The cells with each blank proceeding left `missing` where a flow of its headers holding no
    value (`unvalued.cols`, of the placement read) is followed right away by a flow of table 3's
    values (`taken`), or where its header tops printed cut by a page break (`unvalued.tops`), the
    finding saying why added to `issues`; else as they are (also where the placement read no
    flow's columns: `unvalued` None, `table4_zeros`). So too where such a flow is table 4's first,
table 3's values `before` it (lines of values between table 4's heading and its first header line)."""
    blank = {c for c, t in enumerate(cells) if t.state == BLANK}
    if not blank or unvalued is None:
        return cells, issues
    joined = {c for f, g in zip(flows, flows[1:]) if taken and not f.values and g.lines and set(g.lines) <= taken
              for c in unvalued.cols.get(f.lines[0], ()) if c in blank}
    if before and flows and not flows[0].values:  # table 3's values right before the first header flow
        joined |= {c for c in unvalued.cols.get(flows[0].lines[0], ()) if c in blank}
    cut = unvalued.tops & blank
    out = list(issues)
    for marks, why in ((joined, "one next to a flow of table 3's last rows' values: blank, or a row of `-` "
                                "marks poppler dropped joining them to the lines after"),
                       (cut - joined, "its header tops cut by a page break: blank, or a row of `-` marks gone "
                                      "unprinted with the headers' last lines (fresh seed 44, 000144)")):
        gone = sorted({c // _OUTCOMES * _OUTCOMES + o for c in marks for o in range(_OUTCOMES)})
        if gone:
            cells = [unread(t.where) if c in gone else t for c, t in enumerate(cells)]
            out.append(Issue("warning", "ambiguous_row", f"table 4: a proceeding whose header flows hold no value, {why}; "
                             f"{', '.join('/'.join(codes.T4_CELLS[c]) for c in gone)} left missing", where))
    return cells, out
