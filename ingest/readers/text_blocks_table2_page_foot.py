"""Table 2 of the 2019 template where a two-column sub-table's header row ends a page.

Plain `pdftotext` may print the sub-table's heading, `信息内容` and both its column headers at
the foot of a page with nothing under them; the next page opens with its item and the first
column's value beside it, then section 三's heading, and the second column's value as a flow of
its own before table 3's `申请人情况` (001264 of the 1,500 corpus, in both renderings:
`采购项目数量 / 采购总金额（单位：元）` ‖ `政府集中采购 / 28 / 三、… / 4630347.54 / （本列数据的勾稽关系…）
/ 申请人情况`; the older one prints `0` after the corner's note).

Read only where that is all: one such sub-table, a page opening between its headers and its
items, and exactly one flow of values between section 三's heading and table 3's first header
other than the corner's note, one value per item, on the items' page.
"""

from __future__ import annotations

from ingest.labels import label_table
from ingest.model import Issue, Row
from ingest.normalize import nfkc, norm_label
from ingest.readers.table2_lines import value_line
from ingest.readers.text_blocks_table2_pages import page_of
from ingest.readers.text_blocks import Rebuilt

_T3 = ("t3_header", "t3_row", "t3_group")
_CORNER = "corner"  # the note in table 3's corner (本列数据的勾稽关系为…), printed before its headers


def read(lines: list[str], got: tuple[int, list[tuple[str, int, str, str, list[int]]], list[int]], end: int,
         out: Rebuilt, pages: frozenset[int]) -> None:
    """Adds the sub-table `got` (`text_blocks_table2_beside._beside`'s: first header line,
    items with the first column's value beside them, every header line) to `out` where its
    second column's values are the one flow of values after section 三's heading at `end`."""
    first, items, heads = got
    order = sorted(pages)
    labels = [line for _, line, *_ in items]
    if len(heads) != 2 or page_of(order, heads[-1]) == page_of(order, labels[0]):
        return
    run = _lone_run(lines, end)
    if run is None or len(run) != len(items) or page_of(order, run[-1]) != page_of(order, labels[0]):
        return
    out.rows.extend(Row([nfkc(lines[h]).strip()], h + 1) for h in heads)
    for (_, line, label, value, taken), v in zip(items, run):
        out.rows.extend([Row([], line + 1), Row([label, value, nfkc(lines[v]).strip().replace(" ", "")], line + 1),
                         Row([], line + 1)])
        out.lines.update(taken)
    out.lines.update([*heads, *run])
    out.issues.append(Issue(
        "warning", "read_by_column",
        f"table 2: {', '.join(label for _, _, label, _, _ in items)} read with the column "
        f"{nfkc(lines[first]).strip()} printed beside them and the column {nfkc(lines[heads[1]]).strip()} "
        f"from {', '.join(nfkc(lines[v]).strip() for v in run)} (line {run[0] + 1}): both headers printed at a "
        "page's foot with no value under them, the items on the next page, and that the only flow of values "
        "between section 三's heading and table 3's first header", f"line {first + 1}"))


FOOT_RUNS = ("from the runs of values printed right after section 三's heading, under no header: the sub-table's "
             "whole header row printed at a page's foot with no value under it, its items on the next page, and "
             "those runs on that page, one a column after its first in column order, one value per item, before "
             "the chain of the other sub-tables' column headers")


def foot_runs(lines: list[str], got: tuple[int, list[tuple[str, int, str, str, list[int]]], list[int]], end: int,
              pages: frozenset[int]) -> list[list[int]] | None:
    """The value lines of the columns after the first of the sub-table `got` (its every header
    printed at a page's foot, its items on the next page with the first column's value beside
    them), where the other sub-tables printed beside their items follow it there: right after
    section 三's heading at `end`, nothing but as many runs of values as those columns, each a
    column top to bottom (one value per item, on the items' page); the other sub-tables' columns
    follow as a chain of headers (000138 of a fourth plain set, seed 17: `上一年项目数量 / 本年增/减
    / 处理决定数量 / -1-` ‖ `行政处罚 / 29 / 行政强制 / 1` … `三、… / 1 / 0 / 4 / 2 / 本年增/减 / 1 /
    采购总金额 / 262.19 万元`). None else."""
    _first, items, heads = got
    order = sorted(pages)
    page = page_of(order, items[0][1])
    if not order or page_of(order, heads[-1]) == page:
        return None
    runs: list[list[int]] = []
    i = end + 1
    while i < len(lines) and len(runs) < len(heads) - 1:
        if value_line(lines, i):
            if lines[i - 1].strip():
                return None  # a value under text, or a run longer than the items
            runs.append([i])
            while len(runs[-1]) < len(items) and value_line(lines, i + 1):
                i += 1
                runs[-1].append(i)
        elif lines[i].strip():
            return None
        i += 1
    if len(runs) != len(heads) - 1 or any(len(r) != len(items) or page_of(order, r[-1]) != page for r in runs) \
            or (i < len(lines) and lines[i].strip()):
        return None
    return runs


def _lone_run(lines: list[str], end: int) -> list[int] | None:
    """The one flow of value lines only between section 三's heading at `end` and table 3's
    first header other than the corner's note; None where there is none, more than one, or a
    value printed in a flow with text."""
    table = label_table()
    runs: list[list[int]] = []
    i = end + 1
    while i < len(lines):
        s = nfkc(lines[i]).strip()
        if s and any(lab.scope in _T3 and lab.code != _CORNER for lab in table.lookup(norm_label(s))):
            break
        if value_line(lines, i):
            if lines[i - 1].strip() and not (runs and runs[-1][-1] == i - 1):
                return None  # a value under text
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        elif s and runs and runs[-1][-1] == i - 1:
            return None  # text under values
        i += 1
    return runs[0] if len(runs) == 1 else None
