"""Table 3 of plain `pdftotext` whose first band under the header holds its rows' first columns
row by row in one flow (seen in 000039 of the fourth rendered set, seed 17).

Under the table's header poppler may print the first c columns of the band's k rows row by row
as one flow (`1956` (wrapped: `195` … `6`) / `99` / `9` / `15` / `0` … `2`: four rows of four
columns), then the other columns but the last as flows of their rows 2..k (`0 5 4`, `0 7 7`),
each column's first-row value a flow of one value of its own (`24` under `法律服务机构`, `46`
after the total column), in printed order among themselves, and the total column whole
(`2149 0 717 248`). One more candidate placement of such a band; a reading is kept only where
every identity holds (`ingest.readers.text_blocks._read`), and a row two candidates read
differently stays missing.
"""

from __future__ import annotations

from ingest.alignment import Token

Rows = list[list[Token]]


def first_columns(groups: list[list[Token]], k: int, width: int) -> Rows | None:
    """The band's k rows (k >= 3) with its first flow as their first c columns row by row, the
    flows of k - 1 values as the next columns' rows 2..k and the one-value flows as their first
    row's cells (both in printed order), and its one flow of k values as the last column. None
    where the flows do not so cut."""
    if k < 3 or len(groups) < 4 or len(groups[0]) % k:
        return None
    c = len(groups[0]) // k
    rest = groups[1:]
    columns = [g for g in rest if len(g) == k - 1]
    firsts = [g[0] for g in rest if len(g) == 1]
    last = [g for g in rest if len(g) == k]
    if not 0 < c < width - 1 or len(columns) != width - 1 - c or len(firsts) != len(columns) or len(last) != 1:
        return None
    if len(columns) + len(firsts) + 1 != len(rest):
        return None
    head = groups[0]
    return [[*head[r * c:(r + 1) * c], *(firsts if r == 0 else [col[r - 1] for col in columns]), last[0][r]]
            for r in range(k)]
