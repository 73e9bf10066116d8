"""Table 3 of plain `pdftotext` whose first band under the header comes row by row, its last
rows' total column apart (seen in 000000 and 000041 of the fourth rendered set, seed 17).

Under the table's header, where the label flow holds each row's first columns, poppler may print
the band's other columns row by row (`54` / `118 217` / `4` / `0` / `0` / `0` / `23`, then `59`,
`7`, `10`: 法律服务机构, 其他, 总计 of 新收 and 结转, then 法律服务机构, 其他 of 予以公开 and
部分公开) and the total column of its last m rows as the band's last flow (`105` / `5` / `242`:
1055 and 242, a wrapped number joined). One more candidate placement of such a band; a reading
is kept only where every identity holds (`ingest.readers.text_blocks._read`), and a row two
candidates read differently stays missing.
"""

from __future__ import annotations

from ingest.alignment import Token

Rows = list[list[Token]]


def total_apart(groups: list[list[Token]], k: int, width: int) -> Rows | None:
    """The band's k rows read row by row across its flows but the last, which holds the last
    column of its last m rows (0 < m < k): the first k - m rows whole, then the last m rows'
    width - 1 cells each, their last cell from the last flow. None where the flows do not so
    cut (a last flow of k or more values, or one flow only)."""
    if len(groups) < 2 or width < 2 or not 0 < (m := len(groups[-1])) < k:
        return None
    cells = [t for g in groups[:-1] for t in g]
    whole = (k - m) * width
    if len(cells) != whole + m * (width - 1):
        return None
    return ([cells[r * width:(r + 1) * width] for r in range(k - m)]
            + [[*cells[whole + j * (width - 1):whole + (j + 1) * (width - 1)], groups[-1][j]] for j in range(m)])
