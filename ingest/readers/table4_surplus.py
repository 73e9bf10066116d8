"""Table 4's zeros that table 3's rebuild took among its candidates (`text_blocks_table4`).

Table 3's rebuild passes over table 4's flows where its last rows print among them and keeps
the lines of every lone value it weighed there. Where those lines hold more values than the
cells it read (its rows' values counted), the surplus are not table 3's: table 4's. Observed on
the sixth set (seed 19) 000146: every value 0, table 3 read (175 cells) holding 178 values, nine
of them lone zeros after table 4's heading (one in 复议后起诉's `尚未审结` flow), table 4's flows
holding twelve others; table 3 takes six, table 4 its fifteen (truth every cell 0). Which of the
lone zeros are the surplus is not fixed, so this is read only where it changes nothing: every
one of them is `0` (table 3 reads the same from any six), a value in a flow headed by table 4's
header is table 4's, and table 4 then holds fifteen zeros, which read every cell 0 in any order
(`table4_all_zeros`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from ingest.readers.block_segments import value_words
from ingest.readers.table4_all_zeros import ALL_ZEROS
from ingest.readers.table4_columns import applicant_label

SURPLUS = ("table 3's rebuild kept {n} more lone zeros after table 4's heading than the cells it read: "
           "table 4's, every choice of them reading the same")


def surplus_zeros(lines: list[str], table3, taken: set[int], heading: re.Pattern,
                  rebuild: Callable, table_flows: Callable):
    """Table 4 rebuilt with table 3's surplus lone zeros after table 4's heading (the first line
    `heading` finds) given back to it; None where the surplus is not zeros only or table 4 is not then read as
    fifteen zeros."""
    read = sum(len(value_words(c)) for r in table3.rows for c in r.cells[1:])
    surplus = sum(len(value_words(lines[i])) for i in taken) - read
    if surplus <= 0:
        return None
    head = next((i for i, line in enumerate(lines) if heading.search(line)), len(lines))
    after = sorted(i for i in taken if i > head)
    if surplus > len(after) or any(value_words(lines[i]) != ["0"] for i in after):
        return None
    found = table_flows(lines, taken)
    if found is None:
        return None
    headed = [i for f in found[0] if f.header and not applicant_label(f.header) for i in f.lines if i in taken]
    if len(headed) > surplus:
        return None
    given = set(headed) | set([i for i in after if i not in headed][:surplus - len(headed)])
    table4 = rebuild(lines, taken - given)
    if table4 is None or ALL_ZEROS not in table4.issues[0].message:
        return None
    table4.issues[0].message += "; " + SURPLUS.format(n=surplus)
    return table4
