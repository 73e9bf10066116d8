"""Plain `pdftotext`'s tables 3 and 4 whose printed values are all zeros, one value a cell, where
the block rules place none of them (`text_blocks`, `text_blocks_table4`).

No model of poppler's order: from table 3's heading to section 六's (table 4's and table 3's
last columns may print past section 五's heading), the lines holding only values, less those
table 2's rebuild read (its last column may print inside table 3's stretch), with the values
ending table 3's row label lines before table 4's heading (a narrow label column prints the
rows' first column beside their labels: seed-55 000047, stop 20), hold exactly as
many values as the two tables (the one not read) have cells, and every one is `0`. As many
values as cells leave no cell blank, so every placement of them reads every cell `0` (every
identity holds); their order is not weighed. Any other mark, one value more or less: nothing
is stated. Observed on the seed-41 set 000041 (docs/decisions.md)."""

from __future__ import annotations

import re

from ingest import codes
from ingest.alignment import Token, split_values
from ingest.model import Issue
from ingest.normalize import nfkc
from ingest.readers.block_segments import split_flows, value_words
from ingest.readers.table4_columns import rows_of
from ingest.readers.text_blocks import _ROW_LABEL, Rebuilt, _names_t2_column, _rows  # table 3's rebuild's own helpers
from ingest.states import NUMBER

_T3_HEADING = re.compile(r"^三[、.．]\s*收到和处理")
_T4_HEADING = re.compile(r"^四[、.．]\s*政府信息公[开開]行政[复復][议議]")
_SECTION_SIX = re.compile(r"^六[、.．]")


def all_zeros(lines: list[str], table3: Rebuilt | None, table4: Rebuilt | None,
              table2: Rebuilt | None) -> tuple[Rebuilt | None, Rebuilt | None]:
    """Tables 3 and 4 (table 4 only where it was not read) read as every cell `0` where the rule
    above holds; else the two as given."""
    if table3 is None or table3.rows:
        return table3, table4  # the cheap gate: only a table 3 the block rules left unread
    stretch = _stretch(lines)
    if stretch is None:
        return table3, table4
    start, t4, end = stretch
    read4 = table4 is not None and bool(table4.rows)
    skip = ((table2.lines if table2 is not None else set()) | (table4.lines if read4 else set())
            | _under_t2(lines, start, end))
    held = [(i, words) for i in range(start, end) if i not in skip and (words := value_words(lines[i]) or (
        _beside(lines[i]) if i < t4 else []))]
    outcomes = list(codes.t3_rows(not any("逾期未按" in lines[i] for i in range(start, end))))
    cells = len(outcomes) * len(codes.APPLICANTS) + (0 if read4 else len(codes.T4_CELLS))
    if sum(len(w) for _, w in held) != cells or any(nfkc(w) != "0" for _, words in held for w in words):
        return table3, table4
    where = f"line {start + 1}"
    issue = Issue("warning", "inferred_alignment",
                  f"tables 3{'' if read4 else ' and 4'} printed in blocks (plain pdftotext): {cells} values, every "
                  f"one 0, from table 3's heading to section 六's, for {cells} cells: no cell blank, every placement "
                  f"reads every cell 0", where)
    zero = Token(0, NUMBER, "0", where)
    rows3 = _rows(outcomes, {o: [zero] * len(codes.APPLICANTS) for o in outcomes})
    mine3 = table3.lines | {i for i, _ in held if i < t4}
    new3 = Rebuilt(mine3, rows3, [issue])
    if read4:
        return new3, table4
    mine4 = {i for i, _ in held if i >= t4} | (table4.lines if table4 is not None else set())
    return new3, Rebuilt(mine4 - mine3, rows_of([zero] * len(codes.T4_CELLS), t4 + 1), [])


def _beside(line: str) -> list[str]:
    """The values ending a table-3 row label's line (`4. 保护第三方合法权 0`: a narrow label column
    prints the row's first value beside its label), else []."""
    label, words = split_values(nfkc(line).strip())
    return words if words and _ROW_LABEL.match(label) else []


def _under_t2(lines: list[str], start: int, end: int) -> set[int]:
    """The value lines of the stretch's flows headed by a column header of table 2 (`现行有效件数 /
    0 / 40`): table 2's, left to the reader's rows."""
    out: set[int] = set()
    for f in split_flows(lines[start:end]):
        head = next((k for k, (_, s) in enumerate(f.lines) if value_words(s)), len(f.lines))
        if head and head < len(f.lines) and _names_t2_column(f.lines[:head]):
            out.update(start + i for i, s in f.lines[head:] if value_words(s))
    return out


def _stretch(lines: list[str]) -> tuple[int, int, int] | None:
    """Table 3's heading line, table 4's, and section 六's (or the text's end)."""
    start = next((i for i, s in enumerate(lines) if _T3_HEADING.match(nfkc(s).strip())), None)
    if start is None:
        return None
    t4 = next((i for i in range(start + 1, len(lines)) if _T4_HEADING.match(nfkc(lines[i]).strip())), None)
    if t4 is None:
        return None
    end = next((i for i in range(t4 + 1, len(lines)) if _SECTION_SIX.match(nfkc(lines[i]).strip())), len(lines))
    return start, t4, end
