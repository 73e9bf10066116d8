"""Table 3 of plain `pdftotext` whose reading left out values printed between table 4's heading
and table 4's first header line (`text_blocks_table4`: such values are table 3's last rows').

A reading of table 3 takes its values up to a place the table may end (`block_blank_rows`: the
values come to a multiple of seven short of its cells, whole rows blank). Where values stand
after table 4's heading and before its first header line, table 3's rows run on past that
heading, so a reading that did not take them chose an end its own values contradict, and the
placements it weighed lack the one with those rows (seed 58's 000101: six rows read, the
seventh row's `0`s past table 4's heading and among its flows; 结转下年度继续办理 read
0 0 0 0 0 1 1, truth blank). Its rows are left missing, with a finding."""

from __future__ import annotations

from ingest.model import Issue, Row
from ingest.readers.text_blocks import Rebuilt


def unread_past_heading(table3: Rebuilt | None, stray: set[int]) -> Rebuilt | None:
    """Table 3 with its rows left missing where value lines `stray` (between table 4's heading
    and its first header line) are not among the lines it was read from; else as it was."""
    if table3 is None or not table3.rows or not (left := sorted(stray - table3.lines)):
        return table3
    where = f"line {left[0] + 1}"
    table3.rows = [Row([], table3.rows[0].line)]  # its lines stand for nothing: no row read
    table3.issues = [Issue("warning", "ambiguous_row",
                           f"table 3 printed in blocks (plain pdftotext): values on line(s) "
                           f"{', '.join(str(i + 1) for i in left)} stand between table 4's heading and its "
                           "first header (table 3's last rows'), yet the reading did not take them: the end "
                           "of table 3 it read is not the only one its values allow; its rows are left missing",
                           where)]
    return table3
