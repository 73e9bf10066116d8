"""Table 3's applicant header cells printed side by side over the flow of their values (plain
`pdftotext`, `block_headers`).

Under the group header `法人或其他组织` poppler may print several narrow header cells standing
side by side as one flow, row by row (`商业 科研 社会 / 企业 机构 公益 / 组织`: 商业企业, 科研机构,
社会公益组织 wrapped two characters a line), and the values below them in the same flow, row by
row, each row's values left to right (seed-59 000142: `4 / 1 / 1 / 0 / 0 / 0 / …`, truth
new_received 4 1 1). Such a flow names its columns: a reading of table 3 must put each row's
values of the flow in those columns, left to right in printed order (compared by value: equal
values swapped make the same table). A reading that permutes them (seed-59 000142's second band
placement, 1 4 1) is set aside."""

from __future__ import annotations

from collections.abc import Sequence

from ingest import codes
from ingest.alignment import Token
from ingest.labels import label_table
from ingest.normalize import norm_label

_GROUP = "legal_persons"  # 法人或其他组织 (labels.csv), over four applicant columns


def side_by_side_columns(head: str) -> tuple[int, ...] | None:
    """The applicant columns (two or more, consecutive) whose header cells the text before a
    flow's values prints side by side row by row after the group header, each wrapped at one
    width; None where no one choice of columns and width gives the text."""
    table = label_table()
    group = norm_label(table.canonical[("t3_header", _GROUP)])
    text = norm_label(head).replace(" ", "")
    if not text.startswith(group):
        return None
    text = text[len(group):]
    labels = [norm_label(table.canonical[("t3_header", c)]) for c in codes.APPLICANTS]
    found = []
    for a in range(len(labels)):
        for b in range(a + 2, len(labels) + 1):
            cells = labels[a:b]
            for w in range(1, max(map(len, cells))):
                rows = range(0, max(map(len, cells)), w)
                if "".join(c[r:r + w] for r in rows for c in cells) == text:
                    found.append(tuple(range(a, b)))
    return found[0] if len(set(found)) == 1 else None


def in_column_order(rows: Sequence[Sequence[Token]], flow: Sequence[int], cols: tuple[int, ...],
                    where: dict[int, tuple[int, int]]) -> bool:
    """Whether a reading (`where`: each token's row and column) puts a side-by-side header flow's
    values (`flow`: token ids in printed order) in its columns `cols`, each row's left to right."""
    by_row: dict[int, list[tuple[int, int]]] = {}
    for i in flow:
        if i in where:
            r, c = where[i]
            by_row.setdefault(r, []).append((c, i))
    for r, cells in by_row.items():
        if any(c not in cols for c, _ in cells):
            return False
        printed = [_value(rows[r][c]) for c, _ in cells]
        if [_value(rows[r][c]) for c in sorted(c for c, _ in cells)] != printed:
            return False
    return True


def _value(t: Token) -> tuple[object, str]:
    return t.value, t.state
