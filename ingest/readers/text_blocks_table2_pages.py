"""Table 2 of plain `pdftotext` where a sub-table's items run over a page break.

`pdftotext` ends each page with a form feed, so the next page's first line opens with one.
Plain `pdftotext` prints a page's flows before the next page's: where a sub-table's items run
over a page break, the column header printed on the first page holds only the values of the
items on that page, and the items on the next page (their header not printed again) take
their values from a run of values printed on that page after them, under no header and beside
no label (000504 of the second plain set: `行政处罚` / … / `本年处理决定数量 / 1910`, then the
next page: `行政强制` / … / `36` / `本年收费金额（单位：万元） / 0`).
"""

from __future__ import annotations

from bisect import bisect_right


def page_starts(text: str) -> frozenset[int]:
    """The indices of the lines (text split at line breaks, `\\r` already folded) that open
    a page after the first: those beginning with a form feed."""
    if "\x0c" not in text:
        return frozenset()
    return frozenset(i for i, line in enumerate(text.split("\n")) if line.startswith("\x0c"))


def page_of(pages: list[int], line: int) -> int:
    """The page a line is on, counted from 0 (`pages`: `page_starts`, sorted)."""
    return bisect_right(pages, line)


def split_column(items: list[int], header: int, values: list[int], loose: list[list[int]],
                 pages: frozenset[int]) -> list[int] | None:
    """The value lines of a one-column sub-table's items printed alone (`items`, their label
    lines in order) whose column header at `header` holds fewer values than it has items,
    where the items run over one page break: those on the header's page, printed before it,
    as many as the values under it, take them top to bottom; those on the next page, printed
    after the header, take the one run of values under no header and beside no label
    (`loose`, the only one) printed on that page after them, one value each. None else."""
    if not pages or not values or len(values) >= len(items) or len(loose) != 1:
        return None
    order = sorted(pages)
    before = [i for i in items if i < header]
    after = [i for i in items if i > header]
    run = loose[0]
    here = page_of(order, header)
    if (len(before) != len(values) or len(after) != len(run) or not after
            or any(page_of(order, i) != here for i in (*before, *values))
            or any(page_of(order, i) != here + 1 for i in (*after, *run)) or run[0] < after[-1]):
        return None
    return [*values, *run]


def split_columns(items: list[int], columns: list[tuple[int, list[int]]], loose: list[list[int]],
                  pages: frozenset[int]) -> list[list[int]] | None:
    """`split_column` for a sub-table of several columns (2019 template: `上一年项目数量`, `本年增/减`,
    `处理决定数量`), each `columns` entry a header and the values under it: the items on the
    headers' page take the values under each header, as many in every column; those on the next
    page take the runs of values under no header and beside no label (`loose`, one per column,
    no other), printed on that page after them, one value each, in column order. Each column's
    value lines, top to bottom; None else."""
    if not pages or len(loose) != len(columns) or not columns:
        return None
    order = sorted(pages)
    header = max(h for h, _ in columns)
    before = [i for i in items if i < min(h for h, _ in columns)]
    after = [i for i in items if i > header]
    here = page_of(order, header)
    if (not before or not after or len(before) + len(after) != len(items)
            or any(len(values) != len(before) for _, values in columns)
            or any(page_of(order, i) != here for i in (*before, *(v for h, vs in columns for v in (h, *vs))))
            or any(len(run) != len(after) or run[0] < after[-1] or page_of(order, run[-1]) != here + 1
                   or page_of(order, run[0]) != here + 1 for run in loose)
            or any(page_of(order, i) != here + 1 for i in after)):
        return None
    return [[*values, *run] for (_, values), run in zip(columns, loose)]
