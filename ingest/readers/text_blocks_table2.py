"""Table 2 rebuilt from plain `pdftotext`'s flow order.

Plain `pdftotext` prints table 2 as a flow of its labels (each `第二十条第（X）项` heading,
`信息内容`, the items under it), then its value columns as flows: a column's header, then its
values top to bottom (`本年处理决定数量 / 0 / 本年处理决定数量 / 0 / 0 / 本年收费金额（单位：万元） /
0`). A sub-table prints each of its columns' headers once, so the k-th header of a column
belongs to the k-th sub-table having that column (where as many of each are printed), and its
values are the items' printed alone, top to bottom. A column with exactly one value per such
item gives them; fewer (a blank cell leaves no trace) gives none, and the items stay the
mapper's (`missing`). Items printed with a value beside them (a sub-table on the next page) are
rows of their own and are not touched.

2021 template: the one-column sub-tables （五） （六） （八） this way; the first part's columns
where their headers come as flows of their own followed by as many flows of values (flow j
under header j), or a header wrapped over lines with its values. 2019 template: a sub-table is
read where every one of its columns is (its items row by row, in column order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import codes
from ingest.labels import label_table
from ingest.mapping.columns import column_labels
from ingest.model import Issue, Row
from ingest.normalize import nfkc, norm_label
from ingest.readers import text_blocks_table2_beside, text_blocks_table2_blank, text_blocks_table2_pages
from ingest.readers.block_segments import split_flows
from ingest.readers.table2_lines import header_codes, value_line
from ingest.readers.text_blocks import Rebuilt

_SECTION = re.compile(r"^二[、.．]\s*主动公[开開]政府信息情况")
_SECTION_END = re.compile(r"^三[、.．]")
_BLOCK = "t2_block"  # a 第二十条第（X）项 heading
_SPLIT = ("its items run over a page break: {head} printed under it for the items on its page, {rest} the only run "
          "of values under no header and beside no label, printed on the next page after its items there; ")


@dataclass(slots=True)
class _SubTable:
    at: int  # its 第二十条 heading's line index
    items: list[tuple[str, int, str, bool]] = field(default_factory=list)  # (item code, line index, label, printed alone)


def rebuild(lines: list[str], pages: frozenset[int] = frozenset()) -> Rebuilt | None:
    """Table 2's items read from their column flows, as rows of label and values; None where
    none is read. `pages`: the lines opening a page (`text_blocks_table2_pages.page_starts`)."""
    start = next((i for i, s in enumerate(lines) if _SECTION.match(nfkc(s).strip())), None)
    if start is None:
        return None
    end = next((i for i in range(start + 1, len(lines)) if _SECTION_END.match(nfkc(lines[i]).strip())), len(lines))
    table = label_table()
    if any(lab.scope == "t2_header_2019" for s in lines[start + 1:end] for lab in table.lookup(norm_label(s))):
        return _rebuild_2019(lines, start, end, pages)
    measures = {item: m for item, m in codes.T2_MEASURES_BY_TEMPLATE["2021"].items() if len(m) == 1}
    subtables, headers, loose = _walk(lines, start, end, measures, "t2_header")
    out = Rebuilt(set(), [])
    short = _first_part_columns(lines, start + 1, end, out)
    matched = _matched(subtables, headers, measures)
    free = [run for run in loose if not (out.lines | short).intersection(run)]
    later = _values_later(subtables, matched, free, pages)
    for k, got in matched.items():
        (header, values), = got.values()
        alone = [line for _, line, _, printed_alone in subtables[k].items if printed_alone]
        split = None if later else text_blocks_table2_pages.split_column(alone, header, values, free, pages)
        if split is not None:
            _read(subtables[k], lines, header, split, out, how=_SPLIT)
        elif not values and k not in later and not free and text_blocks_table2_blank.read(
                subtables[k].items, lines, header, start, end, pages, out):
            continue
        else:
            _read(subtables[k], lines, header, later.get(k, values), out, k in later)
    return out if out.rows or out.issues else None


def _rebuild_2019(lines: list[str], start: int, end: int, pages: frozenset[int]) -> Rebuilt | None:
    """Table 2 of the 2019 template: each sub-table prints its own column headers, each a flow
    with its values top to bottom. A sub-table whose every column comes with one value per item
    printed alone is read, item by item, in column order."""
    measures = codes.T2_MEASURES_BY_TEMPLATE["2019"]
    subtables, headers, loose = _walk(lines, start, end, measures, "t2_header_2019")
    out = Rebuilt(set(), [])
    # a sub-table whose items have values beside them (on the next page) prints its own headers
    # after its heading, with no value under them: neither they nor it take part in the match
    beside = [x for x in subtables if not all(alone for *_, alone in x.items)]
    headers = [h for h in headers if h[2] or not any(x.at < h[1] for x in beside)]
    owners = [x if x not in beside else _SubTable(x.at) for x in subtables]
    matched = _matched(owners, headers, measures)
    later = _columns_later(subtables, matched, measures, loose)
    split = {} if later else _split_2019(subtables, matched, measures, loose, pages)
    for k, got in matched.items():
        items = subtables[k].items
        subs = measures[items[0][0]]
        if k in later or k in split:
            got = {m: (got[m][0], (later or split)[k][i]) for i, m in enumerate(subs)}
        if (not all(alone for *_, alone in items) or len({measures[c] for c, *_ in items}) != 1
                or any(m not in got or len(got[m][1]) != len(items) for m in subs)):
            continue
        # the headers first: the mapper reads the amount's unit from 采购总金额（单位：万元）
        out.rows.extend(Row([nfkc(lines[got[m][0]]).strip()], got[m][0] + 1) for m in subs)
        for r, (_, line, label, _) in enumerate(items):
            out.rows.extend([Row([], line + 1), Row([label, *(nfkc(lines[got[m][1][r]]).strip().replace(" ", "")
                                                              for m in subs)], line + 1), Row([], line + 1)])
        out.lines.update(line for _, line, _, _ in items)
        out.lines.update(i for m in subs for i in (got[m][0], *got[m][1]))
        how = ("printed with no value under them; the only runs of values of table 2 under no header and "
               "beside no label, one per column, after them and the items, read in the headers' order"
               if k in later else _SPLIT_2019 if k in split else "printed as flows of their own (the k-th header "
               "of a column the k-th sub-table's), top to bottom")
        out.issues.append(Issue("warning", "read_by_column",
                                f"table 2: {', '.join(label for _, _, label, _ in items)} read from the columns "
                                f"{', '.join(nfkc(lines[got[m][0]]).strip() for m in subs)} {how}",
                                f"line {got[subs[0]][0] + 1}"))
    text_blocks_table2_beside.read(lines, [x.at for x in subtables], end, out, pages)
    return out if out.rows else None


_SPLIT_2019 = ("printed as flows of their own, its items running over a page break: the values under each header "
               "the items' on its page, top to bottom; the next page's items took the only runs of values of table 2 "
               "under no header and beside no label, one per column, printed there after them, in the headers' order")


def _split_2019(subtables: list[_SubTable], matched: dict[int, dict[str, tuple[int, list[int]]]],
                measures: dict[str, tuple[str, ...]], loose: list[list[int]],
                pages: frozenset[int]) -> dict[int, list[list[int]]]:
    """Sub-table index → its columns' value lines, in column order, for the one sub-table whose
    columns hold values for fewer items than it has, its items printed alone and running over a
    page break (`text_blocks_table2_pages.split_columns`). ({} else.)"""
    short = [k for k, got in matched.items()
             if any(len(values) < len(subtables[k].items) for _, values in got.values())]
    if len(short) != 1 or not pages:
        return {}
    k, = short
    items = subtables[k].items
    subs = measures[items[0][0]]
    if any(m not in matched[k] for m in subs) or not all(alone for *_, alone in items):
        return {}
    columns = text_blocks_table2_pages.split_columns([line for _, line, _, _ in items], [matched[k][m] for m in subs],
                                                     loose, pages)
    return {} if columns is None else {k: columns}


def _columns_later(subtables: list[_SubTable], matched: dict[int, dict[str, tuple[int, list[int]]]],
                   measures: dict[str, tuple[str, ...]], loose: list[list[int]]) -> dict[int, list[list[int]]]:
    """Sub-table index → its columns' value lines, in column order, for the one sub-table whose
    every column header is printed with no value under it (headers at the foot of a page, the
    values after the next page's labels: `上一年项目数量 / 本年增/减` … `19 / 0`), where table 2
    holds exactly as many runs of values under no header and beside no label as it has columns,
    each one value per item, all printed after its headers and items. ({} else.)"""
    empty = [k for k, got in matched.items()
             if len(got) == len(measures[subtables[k].items[0][0]]) and not any(v for _, v in got.values())]
    if len(empty) != 1:
        return {}
    k = empty[0]
    sub = subtables[k]
    items = [line for _, line, _, alone in sub.items if alone]
    after = max([*items, *(h for h, _ in matched[k].values())])
    if (len(items) != len(sub.items) or len(loose) != len(matched[k])
            or any(len(run) != len(items) or run[0] < after for run in loose)):
        return {}
    return {k: loose}


Header = tuple[str, int, list[int]]  # (column code, line index, its value lines)


def _walk(lines: list[str], start: int, end: int, measures: dict[str, tuple[str, ...]],
          header_scope: str) -> tuple[list[_SubTable], list[Header], list[list[int]]]:
    """The sub-tables (each 第二十条 heading and the items of `measures` after it), the column
    headers of those items, each with the value lines right under it, in printed order, and the
    runs of value lines that start a flow under no header and beside no label."""
    table = label_table()
    columns = header_codes(header_scope)
    measured = {m for ms in measures.values() for m in ms}
    subtables: list[_SubTable] = []
    headers: list[Header] = []
    loose: list[list[int]] = []
    i = start + 1
    while i < end:
        s = nfkc(lines[i]).strip()
        found = {lab.scope: lab.code for lab in table.lookup(norm_label(s))} if s else {}
        if not lines[i - 1].strip() and value_line(lines, i):
            run = [i]
            while value_line(lines, run[-1] + 1) and run[-1] + 1 < end:
                run.append(run[-1] + 1)
            loose.append(run)
            i = run[-1]
        elif _BLOCK in found:
            subtables.append(_SubTable(i))
        elif (item := found.get("t2_item") or found.get("t2_item_2019")) in measures and subtables:
            subtables[-1].items.append((item, i, s, not value_line(lines, i + 1)))
        elif columns.get(found.get(header_scope)) in measured:
            values: list[int] = []
            while value_line(lines, i + 1 + len(values)):
                values.append(i + 1 + len(values))
            headers.append((columns[found[header_scope]], i, values))
            i += len(values)
        i += 1
    return subtables, headers, loose


def _matched(subtables: list[_SubTable], headers: list[Header],
             measures: dict[str, tuple[str, ...]]) -> dict[int, dict[str, tuple[int, list[int]]]]:
    """Sub-table index → column → (header line, value lines): the k-th header of a column is the
    k-th sub-table's having that column, where as many of each are printed."""
    out: dict[int, dict[str, tuple[int, list[int]]]] = {}
    for measure in dict.fromkeys(m for ms in measures.values() for m in ms):
        owners = [k for k, x in enumerate(subtables) if x.items and all(measure in measures[c] for c, *_ in x.items)]
        printed = [(h, v) for code, h, v in headers if code == measure]
        if len(owners) == len(printed):
            for k, column in zip(owners, printed):
                out.setdefault(k, {})[measure] = column
    return out


def _values_later(subtables: list[_SubTable], matched: dict[int, dict[str, tuple[int, list[int]]]],
                  loose: list[list[int]], pages: frozenset[int]) -> dict[int, list[int]]:
    """Sub-table index → value lines, for the one column header printed with no value under it
    (a header at the foot of a page: `本年处理决定数量 /` … `25 / 0` after the next page's labels)
    where the table holds exactly one run of values under no header and beside no label (other
    than the first part's, see `_short_columns`), printed after that header and the sub-table's
    items, one value per item printed alone. ({} else, and where the run could as well end
    another sub-table's column whose items run over a page break (`_contested`).)"""
    empty = [(k, header) for k, got in matched.items() for header, values in got.values() if not values]
    if len(empty) != 1 or len(loose) != 1 or _contested(subtables, matched, empty[0][0], loose, pages):
        return {}
    (k, header), = empty
    run = loose[0]
    items = [line for _, line, _, alone in subtables[k].items if alone]
    if not items or len(run) != len(items) or run[0] < max(header, *items):
        return {}
    return {k: run}


def _contested(subtables: list[_SubTable], matched: dict[int, dict[str, tuple[int, list[int]]]],
               k: int, loose: list[list[int]], pages: frozenset[int]) -> bool:
    """Whether the loose run is also the rest of another sub-table's column whose items run over a
    page break (`split_column` reads it): the header with no value under it is then not taken as
    one at a page's foot, its cells stay missing (seed-46 000011: 行政许可 blank, `5` 行政强制's)."""
    return any(text_blocks_table2_pages.split_column(
        [line for _, line, _, alone in subtables[j].items if alone], header, values, loose, pages) is not None
        for j, got in matched.items() if j != k for header, values in got.values())


def _read(sub: _SubTable, lines: list[str], header: int, values: list[int], out: Rebuilt, later: bool = False,
          how: str | None = None) -> None:
    """A sub-table's column: its values top to bottom are those of its items printed alone (an
    item printed with a value beside it, on the page after, is a row of its own). `later`: the
    values are the run `_values_later` found, not the lines under the header; `how`: `_SPLIT`,
    the values `text_blocks_table2_pages.split_column` found."""
    where = f"line {header + 1}"
    printed = [nfkc(lines[v]).strip() for v in values]
    items = [x for x in sub.items if x[3]]
    labels = [label for _, _, label, _ in items]
    if not items:
        return
    if len(values) != len(items):
        out.issues.append(Issue("warning", "ambiguous_row",
                                f"table 2: column {nfkc(lines[header]).strip()!r} printed with {len(values)} "
                                f"values ({', '.join(printed) or 'none'}) for the items {', '.join(labels)}; "
                                "cells left missing", where))
        return
    out.lines.update([header, *values, *(line for _, line, _, _ in items)])
    for label, value, v in zip(labels, printed, values):
        out.rows.extend([Row([], v + 1), Row([label, value.replace(' ', '')], v + 1), Row([], v + 1)])
    span = f"line {values[0] + 1}" + (f"-{values[-1] + 1}" if len(values) > 1 else "")
    split = how is not None
    if split:
        under = sum(1 for j, v in enumerate(values) if v == header + 1 + j)  # the lines right under it
        how = how.format(head=", ".join(printed[:under]), rest=", ".join(printed[under:]))
    elif later:
        how = (f"printed with no value under it; {', '.join(printed)} ({span}), the only "
               "values of table 2 printed under no header and beside no label, one per item, after it and the items, ")
    else:
        how = f"{', '.join(printed)} printed under it in one block, "
    out.issues.append(Issue("warning", "read_by_column",
                            f"table 2: column {nfkc(lines[header]).strip()!r}: {how}read top to bottom as "
                            f"{', '.join(labels)} (its sub-table's items, printed alone"
                            f"{'' if split else ' before the columns'})", where))


def _first_part_columns(lines: list[str], start: int, end: int, out: Rebuilt) -> set[int]:
    """The first part's column headers each printed as a flow of its own (`本年制发件数` /
    `本年废止件数`), then as many flows of values: the j-th flow of values is the j-th header's
    column, top to bottom (规章, 规范性文件), where each holds exactly one value per row.
    Returns the lines of such flows holding fewer values (the columns' all the same)."""
    measures = codes.T2_MEASURES_BY_TEMPLATE["2021"]
    first_items = [item for item, m in measures.items() if len(m) > 1]
    columns = set(measures[first_items[0]])
    table = label_table()
    flows = _flows(lines, start, end)
    short: set[int] = set()
    k = 0
    while k < len(flows):
        heads: list[tuple[str, list[int]]] = []
        while k < len(flows) and not any(value_line(lines, i) for i in flows[k]):
            code = next((lab.code for lab in table.lookup(norm_label(nfkc(lines[flows[k][0]]).strip()))
                         if lab.scope == "t2_header" and lab.code in columns), None)
            if code is None or any(table.lookup(norm_label(nfkc(lines[i]).strip())) for i in flows[k][1:]):
                break  # not one header alone in its flow
            heads.append((code, flows[k]))
            k += 1
        values = flows[k:k + len(heads)]
        if heads and len(values) == len(heads) and all(
                len(f) == len(first_items) and all(value_line(lines, i) for i in f) for f in values):
            label = column_labels()["2021"]
            for (code, head), f in zip(heads, values):
                out.lines.update([*head, *f])
                out.rows.extend([Row([], head[0] + 1), Row([label[code]], head[0] + 1)])
                out.rows.extend(Row([nfkc(lines[i]).strip().replace(' ', '')], i + 1) for i in f)
                out.rows.append(Row([], f[-1] + 1))
            out.issues.append(Issue("warning", "read_by_column",
                                    f"table 2: the columns {', '.join(label[c] for c, _ in heads)} printed as flows "
                                    f"of their own, then as many flows of {len(first_items)} values: each flow "
                                    "read as its header's column, in printed order", f"line {heads[0][1][0] + 1}"))
            k += len(heads)
        elif heads and len(values) == len(heads) and all(
                len(f) < len(first_items) and all(value_line(lines, i) for i in f) for f in values):
            _short_columns(lines, heads, values, first_items, out)
            short.update(i for f in values for i in f)
            k += len(heads)
        elif not heads:
            _wrapped_header(lines, flows[k], columns, len(first_items), out)
            k += 1
    return short


def _short_columns(lines: list[str], heads: list[tuple[str, list[int]]], values: list[list[int]],
                   first_items: list[str], out: Rebuilt) -> None:
    """Headers printed as flows of their own followed by as many flows of fewer values than rows:
    a blank cell leaves no trace, nor does a lone `-` (plain pdftotext joins a line ending in a
    hyphen to the next), so no value's row is known; the finding lists what was printed."""
    label = column_labels()["2021"]
    printed = "; ".join(f"{label[code]}: {', '.join(nfkc(lines[i]).strip() for i in f)}"
                        for (code, _), f in zip(heads, values))
    out.issues.append(Issue("warning", "ambiguous_row",
                            f"table 2: the columns printed as flows of their own, then flows of fewer values than "
                            f"the {len(first_items)} rows ({printed}): a blank cell or a dropped `-` leaves each "
                            "value's row unknown; cells left missing", f"line {heads[0][1][0] + 1}"))


def _wrapped_header(lines: list[str], flow: list[int], columns: set[str], rows: int, out: Rebuilt) -> None:
    """A first-part column header wrapped over lines (`现行有效件数 (历` / `史累计)`) with its
    values under it in its flow: the header and one value a row, as a column block."""
    table = label_table()
    code = next((lab.code for lab in table.lookup(norm_label(nfkc(lines[flow[0]]).strip()))
                 if lab.scope == "t2_header" and lab.code in columns), None)
    values = [i for i in flow if value_line(lines, i)]
    wrapped = flow[1:len(flow) - len(values)]
    if (code is None or not wrapped or len(values) != rows or flow[-len(values):] != values
            or any(table.lookup(norm_label(nfkc(lines[i]).strip())) for i in wrapped)):
        return
    out.lines.update(flow)
    out.rows.extend([Row([], flow[0] + 1), Row([column_labels()["2021"][code]], flow[0] + 1)])
    out.rows.extend(Row([nfkc(lines[i]).strip().replace(" ", "")], i + 1) for i in values)
    out.rows.append(Row([], flow[-1] + 1))


def _flows(lines: list[str], start: int, end: int) -> list[list[int]]:
    """The line indices of each flow (lines between blank lines) in [start, end)."""
    return [[start + i for i, _ in f.lines] for f in split_flows(lines[start:end])]

