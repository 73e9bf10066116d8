"""Table 2 of the 2019 template where a sub-table prints its first column beside its items.

Plain `pdftotext` may print a sub-table as its heading, `信息内容`, its first column's header,
then each item with that column's value beside or under it (`规章 / 0 / 规范性文件 / 19`,
`其他对外管理服务事项 0`), and the sub-table's other columns only after section 三's heading,
each a flow of its header and its values top to bottom (`本年新公开数量 / 0 / 8 / 对外公开总数量
/ 12 / 8 / … / 本年增/减 / 2 / 采购总金额（单位：元） / 0`).

Read only where the structure decides every cell: each such sub-table's header under its
heading is its first column, and the headers printed as an unbroken chain of flows right after
section 三's heading are, in printed order, exactly the other columns of those sub-tables in
their order, each with one value per item. Else nothing is read (the mapper's findings stand).
"""

from __future__ import annotations

from ingest import codes
from ingest.labels import label_table
from ingest.model import Issue, Row
from ingest.normalize import nfkc, norm_label
from ingest.readers import text_blocks_table2_page_foot
from ingest.readers.table2_lines import header_codes, value_line
from ingest.readers.text_blocks import Rebuilt

_HEADER = "t2_header_2019"
_ITEMS = ("t2_item_2019", "t2_item")  # the template's own label first


def read(lines: list[str], headings: list[int], end: int, out: Rebuilt, pages: frozenset[int] = frozenset()) -> None:
    """Adds to `out` the sub-tables (given by their `第二十条` heading lines, up to section 三's
    heading at `end`) printed with their first column beside their items and their other
    columns after section 三's heading (`pages`: the lines opening a page)."""
    measures = codes.T2_MEASURES_BY_TEMPLATE["2019"]
    columns = header_codes(_HEADER)
    bounds = [*headings[1:], end]
    beside = [got for at, stop in zip(headings, bounds)
              if (got := _beside(lines, at, stop, columns, measures, out.lines)) is not None]
    if not beside:
        return
    foot = None  # the first sub-table's columns after its first, its whole header row at a page's foot
    if any(len(heads) > 1 for *_, heads in beside):
        if len(beside) == 1:
            text_blocks_table2_page_foot.read(lines, beside[0], end, out, pages)
        elif all(len(heads) == 1 for *_, heads in beside[1:]):
            foot = text_blocks_table2_page_foot.foot_runs(lines, beside[0], end, pages)
        if foot is None:
            return
    chain = _chain(lines, foot[-1][-1] if foot else end, columns)
    expected = [(k, m) for k, (_, items, _) in enumerate(beside) if not (foot and k == 0)
                for m in measures[items[0][0]][1:]]
    if chain is None or [m for _, m in expected] != [code for code, _, _ in chain] or any(
            len(values) != len(beside[k][1]) for (k, _), (_, _, values) in zip(expected, chain)):
        return
    later: dict[int, list[tuple[int, list[int]]]] = {0: list(zip(beside[0][2][1:], foot))} if foot else {}
    for (k, _), (_, header, values) in zip(expected, chain):
        later.setdefault(k, []).append((header, values))
    for k, (first, items, _) in enumerate(beside):
        heads = [first, *(h for h, _ in later[k])]
        out.rows.extend(Row([nfkc(lines[h]).strip()], h + 1) for h in heads)
        for r, (_, line, label, value, taken) in enumerate(items):
            rest = [nfkc(lines[values[r]]).strip().replace(" ", "") for _, values in later[k]]
            out.rows.extend([Row([], line + 1), Row([label, value, *rest], line + 1), Row([], line + 1)])
            out.lines.update(taken)
        out.lines.update(heads)
        out.lines.update(v for _, values in later[k] for v in values)
        how = (text_blocks_table2_page_foot.FOOT_RUNS if foot and k == 0 else
               "printed after section 三's heading (the only chain of table 2's column headers there, each the "
               "next column of the sub-tables so printed, in order, one value per item)")
        out.issues.append(Issue(
            "warning", "read_by_column",
            f"table 2: {', '.join(label for _, _, label, _, _ in items)} read with the column "
            f"{nfkc(lines[first]).strip()} printed beside them and the columns "
            f"{', '.join(nfkc(lines[h]).strip() for h, _ in later[k])} {how}", f"line {first + 1}"))


def _beside(lines: list[str], at: int, stop: int, columns: dict[str, str], measures: dict[str, tuple[str, ...]],
            read: set[int]) -> tuple[int, list[tuple[str, int, str, str, list[int]]], list[int]] | None:
    """(first column header line, [(item, label line, label, value, lines taken)], the header
    lines printed under `信息内容`) for the sub-table whose heading is at `at` where it prints
    `信息内容`, its first column's header (or every column's, in order), then only its items
    each with one value beside or under it; None else. Lines in `read` (other sub-tables'
    columns, printed between the heading and the next page's `信息内容`) are not its own."""
    table = label_table()
    body = [i for i in range(at + 1, stop) if lines[i].strip() and i not in read]
    if len(body) < 4 or norm_label(nfkc(lines[body[0]]).strip()) != norm_label("信息内容"):
        return None
    head = {lab.scope: lab.code for lab in table.lookup(norm_label(nfkc(lines[body[1]]).strip()))}
    first = columns.get(head.get(_HEADER))
    items: list[tuple[str, int, str, str, list[int]]] = []
    text: list[int] = []  # label lines waiting for their value
    k = 2
    heads = [body[1]]
    while k < len(body) and _header(table, columns, lines[body[k]]) is not None:
        heads.append(body[k])
        k += 1
    while k < len(body):
        i = body[k]
        words = nfkc(lines[i]).split()
        tail = _value_tail(words)
        if value_line(lines, i):
            value, own = nfkc(lines[i]).strip().replace(" ", ""), [i]
        elif tail:
            text.append(i)
            value, own = "".join(words[-tail:]), []
        else:
            text.append(i)
            k += 1
            continue
        label = "".join(nfkc(lines[j]).strip() for j in text)
        if own == [] and text:
            for word in reversed(words[-tail:]):
                label = label[:len(label) - len(word)].rstrip()
        item = _item(table, label)
        wrapped = body[k + 1] if k + 1 < len(body) else None
        if wrapped is not None and not value_line(lines, wrapped):
            whole = _item(table, label + nfkc(lines[wrapped]).strip())  # `其他对外管理服务事 0 / 项`
            if whole is not None and item in (None, whole):
                item = whole
                label += nfkc(lines[wrapped]).strip()
                own.append(wrapped)
                k += 1
        if item is None:
            return None
        items.append((item, text[0], label, value, [*text, *own]))
        text = []
        k += 1
    if (text or not items or first is None or any(measures[c][0] != first for c, *_ in items)
            or len({measures[c] for c, *_ in items}) != 1):
        return None
    if len(heads) > 1 and [_header(table, columns, lines[h]) for h in heads] != list(measures[items[0][0]]):
        return None  # more headers than the first: only the sub-table's whole header row, in order
    return body[1], items, heads


def _value_tail(words: list[str]) -> int:
    """How many of a label line's last words are its value: 1 (`其他对外管理服务事项 0`), 2 where
    a unit follows after a space (`其他对外管理服务事项 0 件`), 0 where none is."""
    for n in (1, 2):
        if len(words) > n and value_line([" ".join(words[-n:])], 0):
            return n
    return 0


def _header(table, columns: dict[str, str], line: str) -> str | None:
    """The measure of the 2019 template's column whose header the line is, if any."""
    found = {lab.scope: lab.code for lab in table.lookup(norm_label(nfkc(line).strip()))}
    return columns.get(found.get(_HEADER))


def _item(table, label: str) -> str | None:
    """The 2019 template's item the label names, if any."""
    found = {lab.scope: lab.code for lab in table.lookup(norm_label(label))}
    return next((found[s] for s in _ITEMS if found.get(s) in codes.T2_MEASURES_BY_TEMPLATE["2019"]), None)


def _chain(lines: list[str], end: int, columns: dict[str, str]) -> list[tuple[str, int, list[int]]] | None:
    """The column headers of table 2 printed right after section 三's heading at `end`, each with
    the value lines under it, as an unbroken chain (blank lines between); None where a value is
    printed before the first of them."""
    table = label_table()
    i = end + 1
    while i < len(lines) and _header(table, columns, lines[i]) is None:
        if value_line(lines, i):
            return None
        i += 1
    chain: list[tuple[str, int, list[int]]] = []
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        code = _header(table, columns, lines[i])
        if code is None:
            break
        values = []
        while value_line(lines, i + 1 + len(values)):
            values.append(i + 1 + len(values))
        chain.append((code, i, values))
        i += 1 + len(values)
    return chain or None
