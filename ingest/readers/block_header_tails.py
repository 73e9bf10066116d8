"""A wrapped column header's last lines printed in the flow of its values (plain `pdftotext`).

LibreOffice wraps a narrow applicant header cell (`社会公益组织` as `社会` over `公益组织`,
`法律服务机构` as `法律` / `服务机构`); poppler may print the cell's first line with the header
row's other cells and its last lines at the top of the flow of the values below it
(`公益 / 组织 / 0 / 0 / 0 / 0`). Such a head is the end of exactly one applicant column's label
(`t3_header` in `data/labels.csv`) and of no group header's (`法人或其他组织`, whose `组织`
could head the first column's values). A head that ends two columns' labels (`机构`: 科研机构,
法律服务机构) names the one no other flow of the table names.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest import codes
from ingest.labels import label_table
from ingest.normalize import norm_label


def _ends(head: str) -> set[int]:
    """The applicant columns (0-based) whose label the head is the last two or more
    characters of, but not the whole; empty where it also ends a group header's label."""
    key = norm_label(head)
    if len(key) < 2:
        return set()
    out: set[int] = set()
    for (scope, code), text in label_table().canonical.items():
        label = norm_label(text)
        if scope != "t3_header" or label == key or not label.endswith(key):
            continue
        if code not in codes.APPLICANTS:
            return set()
        out.add(codes.APPLICANTS.index(code))
    return out


def after_total(head: str) -> str:
    """The rest of a head that begins with the total column's whole header cell (`总计`, one line
    tall, printed before the wrapped cells beside it: `总计 / 法律 / 服务 / 机构 / 1 / 1 / 1`), else
    "". The values under such a head are the last cell's (docs/decisions.md, stop 18)."""
    key = norm_label(head)
    total = norm_label(label_table().canonical[("t3_header", "total")])
    return key[len(total):] if key.startswith(total) and len(key) > len(total) else ""


def head_columns(heads: Sequence[str], exact: Sequence[int | None]) -> list[int | None]:
    """The applicant column each flow's header text names: `exact`, the column its whole label
    names (`block_headers.header_column`), else the last lines of one wrapped label; None where
    it names none or more than one."""
    ends = [_ends(h) if e is None and h else set() for h, e in zip(heads, exact)]
    named = {e for e in exact if e is not None} | {min(c) for c in ends if len(c) == 1}
    out: list[int | None] = []
    for e, c in zip(exact, ends):
        left = c if len(c) == 1 else c - named
        out.append(e if e is not None else min(left) if len(left) == 1 else None)
    return out
