"""What the header fragments before a flow's values name (plain `pdftotext`'s table 3).

Plain `pdftotext` prints a header cell's text as the first lines of the flow of the column
under it. Table 3's reader takes such a flow's values into the table; where the fragments
name a column of table 4 only (`尚 / 未 / 审 / 结 / 1`: table 4's 尚未审结 with one value under
it, printed before table 4's heading on the page table 3 ends on), table 3 may end before it:
the reader records the place before it as one where the values may come to rows × 7
(`text_blocks`), that flow's lines among table 3's so its value is not read as a row's wrapped
rest (stop-20 pool s52 000146, s53 000101: 176 values, table 3 lost; now read whole). Table 4's
reader starts at its heading and does not see that value (its cells stay missing there). Only
before table 4's heading: past it such a flow is among table 4's, where the choices of table 3's
last rows' flows (`block_last_rows.completions`) weigh it (fourth 000037, v2 000886).
"""

from __future__ import annotations

from ingest.labels import label_table
from ingest.normalize import norm_label


def names_only(lines: list[tuple[int, str]], scope: str) -> bool:
    """Some line is a label of `scope`'s tables and of no other."""
    table = label_table()
    return any((labs := table.lookup(norm_label(s))) and all(lab.scope.startswith(scope) for lab in labs)
               for _, s in lines)


def table4_column(lines: list[tuple[int, str]]) -> bool:
    """Whether the header fragments before a flow's values (`lines`), one cell's text printed
    a character or a few a line, name a column of table 4 and of no other table."""
    labs = label_table().lookup(norm_label("".join(s.strip() for _, s in lines))) if lines else []
    return bool(labs) and all(lab.scope.startswith("t4") for lab in labs)

