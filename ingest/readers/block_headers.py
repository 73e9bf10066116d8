"""A column's header printed in the flow of its values (plain `pdftotext`).

Under table 3's header poppler may print a column's header cell and the values below it as one
flow (`法律 / 服务 / 机构 / 1 / 0 / 1 / 0`): where the text before a flow's values is exactly
one applicant column's label (`t3_header` in `data/labels.csv`) and a reading of the table puts
that flow's values in one column, that column is the one the header names; a flow under the applicants' header printed in one
piece fills the leftmost columns, left to right, on every row it holds (`_under_whole_header`,
`_leftmost`; docs/decisions.md, stop 17). A flow whose values
a reading spreads over several columns (`法律服务机构` above a run of columns printed row by
row) says nothing: its header is only the last cell of a header printed in one piece.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest import codes
from ingest.alignment import Token
from ingest.labels import label_table
from ingest.normalize import norm_label
from ingest.readers.block_header_tails import after_total, head_columns

Named = list[tuple[frozenset[int], int | None]]  # (ids of a flow's tokens, the column its header names;
# None: the applicants' header in one piece, the flow's values fill the leftmost columns)


def header_column(head: str) -> int | None:
    """The applicant column (0-based) a flow's header text names, or None."""
    if not head:
        return None
    cols = {codes.APPLICANTS.index(lab.code) for lab in label_table().lookup(norm_label(head))
            if lab.scope == "t3_header" and lab.code in codes.APPLICANTS}
    if not cols and (rest := after_total(head)):
        return header_column(rest)  # `总计 / 法律 / 服务 / 机构 / 1 / 1 / 1`
    return cols.pop() if len(cols) == 1 else None


def named_flows(groups: Sequence[Sequence[Token]], heads: Sequence[str]) -> Named:
    """The flows whose header text names a column, as token ids with that column."""
    out: Named = []
    cols = head_columns(heads, [header_column(h) for h in heads])
    for g, head, col in zip(groups, heads, cols):
        if col is not None and g:
            out.append((frozenset(map(id, g)), col))
        elif g and _under_whole_header(head):
            out.append((frozenset(map(id, g)), None))
    return out


def _under_whole_header(head: str) -> bool:
    """Whether the text before a flow's values is the applicants' header printed in one piece
    from its corner (`申请人情况 自然 法人或其他组织 人 商业 …`): the values below it begin in
    the header's first column (自然人, the leftmost), so the flow's first value is that column's."""
    key = norm_label(head)
    corner = norm_label(label_table().canonical[("t3_header", "applicants")])
    first = norm_label(label_table().canonical[("t3_header", codes.APPLICANTS[0])])
    return key.startswith(corner) and _in_order(first, key[len(corner):])


def _in_order(chars: str, text: str) -> bool:
    """Whether chars stand in text in this order (a header cell wrapped among its neighbours')."""
    it = iter(text)
    return all(c in it for c in chars)


def agrees(rows: Sequence[Sequence[Token]], named: Named) -> bool:
    """False where the reading puts a named flow's values in one column other than its header's
    and that column, on the same rows, holds other values (where it holds the same ones, the
    reading with the two swapped is the same table), or where a flow under the whole header does
    not fill the leftmost columns of its rows (`_leftmost`)."""
    if not named:
        return True
    where = {id(t): (r, c) for r, row in enumerate(rows) for c, t in enumerate(row)}
    for ids, col in named:
        if col is None:
            if not _leftmost(rows, [where[i] for i in ids if i in where]):
                return False
            continue
        cells = [where[i] for i in ids if i in where]
        if len({c for _, c in cells}) != 1:
            continue
        if any(_value(rows[r][c]) != _value(rows[r][col]) for r, c in cells):
            return False
    return True


def _leftmost(rows: Sequence[Sequence[Token]], cells: list[tuple[int, int]]) -> bool:
    """Whether, on each row a flow under the whole header holds cells of, the row's leftmost
    columns hold the same values as the flow's cells there, left to right: the flow begins in
    the first column and a row's values within one flow come in column order. A reading that
    starts it further right passes only where its values make the same table."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    return all([_value(rows[r][c]) for c in sorted(cs)] == [_value(t) for t in rows[r][:len(cs)]]
               for r, cs in by_row.items())


def _value(t: Token) -> tuple[object, str]:
    return t.value, t.state
