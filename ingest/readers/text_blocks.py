"""Table 3 rebuilt from plain `pdftotext`'s block order.

Plain `pdftotext` (no -layout) prints a ruled table flow by flow, a blank line after each.
Table 3's row labels come as one flow (wrapped, in row order); its values come in bands: rows
whose cells stand close together (each row's label on one line) form a band, and a band prints
as one flow per column, the column's values top to bottom. Under the header, the first band's
columns may come in another order, several columns may share one flow (row by row), and header
fragments stand before the values of a flow. The flows and segments are `block_segments`, the
bands and their placements `block_bands`.

Where the values of the table, counted flow by flow, are exactly rows × 7 (every cell printed:
no blank cell lost), the bands are cut by their sizes: after the first band, seven flows of the
same size k are k rows of the seven columns. Poppler's order of the columns within a band is
not certain (a run of columns may come before the run left of it, most often under the header),
so each band is read in printed order and with two neighbouring runs of its flows swapped, and
a reading of the table is kept only where every identity of table 3 holds (row totals, column
sums of the results, the balance) and no flow printed under one column's header has its values
read in another column (`block_headers`). A row is stated where every reading kept gives it the same
values (finding `inferred_alignment`); the other rows get no values (their cells stay
`missing`) and a finding lists what was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest import codes
from ingest.alignment import (Token, balance_holds, number_or_zero, printed_text, resolve_columns, row_total_holds,
                              signature)
from ingest.labels import label_table
from ingest.model import Issue, Row
from ingest.normalize import norm_label
from ingest.readers.block_bands import distinct_readings, placeable, reading_key, widened
from ingest.readers.block_beside_window import joined_windows, noted
from ingest.readers.block_blank_completions import blank_completions
from ingest.readers.block_blank_rows import BlankRowsRead, findings, read_blank_rows, with_results_context
from ingest.readers.block_fewest import fewest, fewest_choices, fewest_finding, within_reach
from ingest.readers.block_first_pre import first_beside
from ingest.readers.block_head_names import names_only, table4_column
from ingest.readers.block_headers import agrees, named_flows
from ingest.readers.block_holds_memo import by_numbers
from ingest.readers.block_last_rows import (MAX_STRAYS, MORE_STRAYS, completions, fifth_lines, read_again, runs_on,
                                            without_strays)
from ingest.readers.block_pre_label import first_segment
from ingest.readers.block_regroup import last_row_placings
from ingest.readers.block_row_blocks import recast
from ingest.readers.block_row_major import read_one_way, recast_way
from ingest.readers.block_segments import (Flow, Segment, beside_values, breaks, header_first, moved_header,
                                           split_flows, value_count, value_token, value_words)
from ingest.readers.block_wrapped_ends import joined_at_end
from ingest.readers.block_wraps import read_joined

_WIDTH = len(codes.APPLICANTS)
_MAX_READINGS = 64  # placements satisfying every identity weighed at most (more: nothing read)
_MAX_TRIED = 80_000  # placements weighed at most, over every choice of the last rows' flows (more: none read)
_ROW_LABEL = re.compile(r"^(?:[一二三四][、.．]|[（(][一二三四五六七][）)]|\d[.．]\s*\D)")  # a row label's first line
_T3_HEADING = re.compile(r"三[、.．]\s*收到和处理")
_SECTION_END = re.compile(r"四[、.．]政府信息公[开開]行政[复復][议議]|行政[复復][议議]|行政[诉訴][讼訟]|五[、.．]存在")  # table 4 or past it


@dataclass(slots=True)
class Rebuilt:
    """Rows standing for some lines of the text, and what was found doing it."""

    lines: set[int]  # 0-based indices of the lines the table was rebuilt from
    rows: list[Row]
    issues: list[Issue] = field(default_factory=list)
    choices: list[set[int]] = field(default_factory=list)  # the loose lines each kept choice takes (`_read`)
    flows: tuple = ()  # (value flows, outcomes, one_other, loose lines they take, one choice only, segments) of a `_read` (`block_search`, `block_search_pages`)


def rebuild(lines: list[str]) -> Rebuilt | None:
    """Table 3 of text printed in blocks, as rows of label and seven values; None without a table 3 label flow. Where
    nothing is read: the first rows row by row (`block_row_major`, then `block_search`), a span cut too early (`read_again`)."""
    return read_again(lines, lambda: _rebuild(lines),
                      lambda got: read_one_way(lambda way: _rebuild(lines, way), got, (_rows, _holds, lines)))


def _rebuild(lines: list[str], way: int | None = None) -> Rebuilt | None:
    flows = split_flows(lines)
    at = next((i for i, f in enumerate(flows) if "本年新收" in f.text), None)
    if at is None:
        return None
    heading = next((k for k, (_, s) in enumerate(flows[at].lines) if _T3_HEADING.search(s)), 0)
    flows[at] = Flow(flows[at].lines[heading:])  # table 2's last lines may run on into the heading's flow
    pause = breaks(lines)
    segments, used = first_segment(flows, at, pause)  # with the first band's flows before an empty label flow
    if at and segments[0].beside and (pre := header_first(flows[at - 1])):
        segments[0].pre = pre  # the first rows' first columns in the header's flow, before the labels
        used.update(i for i, _ in flows[at - 1].lines)
    ends: list[tuple[int, int, set[int]]] = []  # (segments, groups, lines used) where a text flow follows
    past = False  # table 4's heading seen at the end of a label flow
    for f in flows[at + 1:]:
        # a label flow of the page table 3 ends on may run on into the next section's heading
        stop = next((k for k, (_, s) in enumerate(f.lines) if _SECTION_END.search(s)), None)
        if stop is None and _SECTION_END.search(f.text):
            break  # the heading wrapped over lines, or table 4's headers
        lines = f.lines if stop is None else f.lines[:stop]
        if any(_ROW_LABEL.match(s) for _, s in lines) and not (past and fifth_lines(lines)):
            if past:
                break  # no row of table 3 after table 4's heading: a numbered paragraph
            segments.append(Segment(beside_values(Flow(lines)), breaks=pause))
            used.update(i for i, _ in lines)
        elif stop is None and not _values_flow(f, segments, used, ends, past):
            break  # text after values: labels and values mixed, the blocks end here
        if stop is not None and not segments[-1].beside:
            break  # past the heading only the values beside a label flow's rows may still follow
        past = past or stop is not None
    ends.append((len(segments), len(segments[-1].groups), used))
    if way is not None and (segments := recast_way(segments, way, ends)) is None:
        return None
    # (六)'s three rows or one: its sub-rows' labels may stand past the page the table breaks on
    one_other = not any("逾期未按" in f.text for f in flows[at:])
    outcomes = _outcomes(one_other)
    # table 3 ends at a flow of text (a header fragment, or table 4's headers whose heading
    # comes later) where its values come to rows × 7; else every value up to the stop is table 3's
    n = len(outcomes) * _WIDTH
    label_line = flows[at].lines[0][0] + 1
    for k, g, u in ends:
        last = segments[k - 1]
        cut = [*segments[:k - 1], last.cut(range(g))]
        if sum(value_count(x) for x in cut) == n and not runs_on(segments, k, g, past):
            segments, used = cut, u
            break
    else:
        text = {i: s for f in flows for i, s in f.lines}
        completed, loose = completions(segments, n)
        strays = 0
        if not completed and past:
            completed, loose = without_strays(segments, n)
            strays = sum(value_count(x) for x in segments) - n
        if completed:
            return _read(moved_header(completed), outcomes, one_other, used, label_line, loose, strays)
        if past and (run := joined_windows(segments, n, text, _ROW_LABEL.match))[0] and (
                got := _read(moved_header(run[0]), outcomes, one_other, used, label_line, run[1])).rows:
            return noted(got, run)  # the last rows' other columns after the page's footer, among table 4's
        where = f"line {label_line}"
        holds = by_numbers(lambda table: _holds(table, one_other))  # (numbers only)
        if blanks := read_blank_rows(flows, segments, ends, used, outcomes, holds, where):
            read, lines = blanks
            return Rebuilt(lines, with_results_context(_rows(outcomes, read.rows), read, outcomes),
                           findings(read, outcomes, where))
        joined = read_joined(segments, n, (MAX_STRAYS, MORE_STRAYS) if past else (0,), text,
                             _ROW_LABEL.match, lambda choices: _read_wrapped(choices, n, past, outcomes, one_other,
                                                                             used, label_line))
        if joined := joined or way is not None and joined_at_end(ends, segments, n, text, _ROW_LABEL.match, lambda c, u: (
                _read_wrapped(c, n, past, outcomes, one_other, u, label_line))):  # first rows recast: its cuts' wraps
            return joined
        if done := blank_completions(flows, segments, used, outcomes, holds, where):
            return _blank_completed(*done, outcomes, where)
    if got := first_beside(segments, outcomes, lambda t: _holds(dict(zip(outcomes, t)), one_other), used, label_line):
        return Rebuilt(got.lines, _rows(outcomes, got.rows), [got.finding])
    return _read(moved_header([segments]), outcomes, one_other, used, label_line)


def _blank_completed(read: BlankRowsRead, lines: set[int], ways: int, choices: list[set[int]], outcomes: list[str], where: str) -> Rebuilt:
    """Table 3 of whole blank rows whose last rows' column flows stand among table 4's
    (`block_blank_completions`), with findings that say how those flows were chosen."""
    chosen = (f" (the last rows' column flows chosen in printed order among the flows after their labels, "
              f"table 4's too, in {ways} ways)")
    issues = [Issue(i.severity, i.code, i.message + chosen, i.where) for i in findings(read, outcomes, where)]
    return Rebuilt(lines, with_results_context(_rows(outcomes, read.rows), read, outcomes), issues, choices)


_MAX_WRAPPED = 200  # choices of wrapped numbers joined (and strays set aside) weighed at most (more: none read)


def _read_wrapped(choices: list[list[Segment]], n: int, past: bool, outcomes: list[str], one_other: bool,
                  used: set[int], label_line: int) -> Rebuilt:
    """`_read` over choices of the segments with their wrapped numbers joined (`block_wraps`);
    past table 4's heading, a choice with values left over has table 4's lone values set aside
    (`block_last_rows.without_strays`)."""
    alternatives: list[list[Segment]] = []
    set_aside: list[int] = []  # each alternative's values set aside as table 4's
    loose: set[int] = set()
    strays = 0
    for x in choices:
        extra = sum(value_count(s) for s in x) - n
        if extra and past:
            kept, lines = without_strays(x, n, extra)  # as many as the choice of joinings left
            alternatives += kept
            set_aside += [extra] * len(kept)
            loose |= lines
            strays = max(strays, extra if kept else 0)
        elif not extra:
            alternatives.append(x)
            set_aside.append(0)
    before = [(y, k) for x, k in zip(alternatives, set_aside) for y in last_row_placings(x)]
    alternatives += [y for y, _ in before]
    set_aside += [k for _, k in before]
    if len(alternatives) > _MAX_WRAPPED:
        if (placed := _read_placeable(alternatives, set_aside, outcomes, one_other, used, label_line,
                                      loose if strays else None)) is not None:
            return placed
        alternatives = []  # too many to weigh: nothing read
    return _read(moved_header(alternatives or choices[:1]), outcomes, one_other, used, label_line,
                 loose if strays else None, strays)


_MAX_CHECKED = 8_000  # choices of joinings and strays checked for a placement at most (more: none read)


def _read_placeable(alternatives: list[list[Segment]], set_aside: list[int], outcomes: list[str], one_other: bool,
                    used: set[int], label_line: int, loose: set[int] | None) -> Rebuilt | None:
    """Where the choices of joinings and strays are too many to weigh: `_read` over those only
    whose every segment has some placement with every row total holding (`placeable`: a choice
    with none has no reading `_read` keeps), when they are few enough; its rows only where
    every identity holds in the readings kept (no fewest-violations rule: that weighs
    placements breaking row totals too, among all choices). None where nothing is so read."""
    if len(alternatives) > _MAX_CHECKED:
        return None
    memo: dict[tuple, bool] = {}
    picks = [i for i, x in enumerate(alternatives) if any(placeable(y, memo) for y in recast(moved_header([x])))]
    if not picks or len(picks) > _MAX_WRAPPED:
        return None
    kept = [alternatives[i] for i in picks]
    strays = max(set_aside[i] for i in picks)
    out = _read(moved_header(kept), outcomes, one_other, used, label_line, loose if strays else None, strays)
    if not out.rows or any(i.code == "fewest_violations" for i in out.issues):
        return None
    for i in out.issues:
        if i.code in ("inferred_alignment", "ambiguous_row"):
            i.message += (f"; {len(kept)} of {len(alternatives)} choices of joinings and strays weighed: "
                          f"in the others some segment has no placement whose row totals hold")
    return out


def _values_flow(f: Flow, segments: list[Segment], used: set[int], ends: list[tuple[int, int, set[int]]],
                 past: bool = False) -> bool:
    """Take a flow of values (header fragments before them allowed) into the last segment, or
    a flow of text (a place table 3 may end: kept in `ends`); False when text follows values.
    `past`: table 4's heading seen, a flow under table 4's headers is left to the text reader."""
    first_value = next((k for k, (_, s) in enumerate(f.lines) if value_words(s)), len(f.lines))
    if first_value < len(f.lines) and _names_t2_column(f.lines[:first_value]):
        return True  # a column of table 2 printed on the page table 3 begins on (whatever follows its values)
    if any(not value_words(s) for _, s in f.lines[first_value:]):
        return False
    if past and first_value < len(f.lines) and names_only(f.lines[:first_value], "t4"):
        return True  # table 4's column (复议后起诉 …) among the last rows' flows
    if not past and 0 < first_value < len(f.lines) and table4_column(f.lines[:first_value]):  # table 4's column
        ends.append((len(segments), len(segments[-1].groups), used | {i for i, _ in f.lines}))  # (block_head_names)
    used.update(i for i, _ in f.lines)
    if first_value == len(f.lines):
        ends.append((len(segments), len(segments[-1].groups), set(used)))
    else:
        segments[-1].groups.append([value_token(w, i) for i, s in f.lines[first_value:] for w in value_words(s)])
        segments[-1].flow_lines.append({i for i, _ in f.lines})
        segments[-1].heads.append("".join(s for _, s in f.lines[:first_value]))
    return True


def spliced(rows: list[Row], rebuilt: Rebuilt) -> list[Row]:
    """The reader's rows with those of the rebuilt lines replaced by the rebuilt table (rows
    hold 1-based line numbers)."""
    out: list[Row] = []
    placed = False
    for r in rows:
        if rebuilt.rows and r.line - 1 in rebuilt.lines:
            if not placed:
                out.extend(rebuilt.rows)
                placed = True
            continue
        out.append(r)
    return out


def _read(alternatives: list[list[Segment]], outcomes: list[str], one_other: bool, used: set[int],
          label_line: int, loose: set[int] | None = None, strays: int = 0) -> Rebuilt:
    """Table 3 from its segments; `alternatives`: several choices of the segments (the last
    rows' column flows among table 4's, see `block_last_rows.completions`), whose readings are weighed together.
    `loose`: lines that stay the reader's unless a kept reading takes them; `strays`: how many
    lone values each choice sets aside as table 4's (`block_last_rows.without_strays`)."""
    where = f"line {label_line}"
    alternatives = recast(alternatives)
    segments = alternatives[0]
    groups = [g for x in segments for g in [x.pre, x.beside, *x.groups] if g]
    printed = [t for g in groups for t in g]
    n = len(outcomes) * _WIDTH
    out = Rebuilt(used, [], flows=(groups, outcomes, one_other, set().union(*segments[-1].flow_lines) & (loose or set()), len(alternatives) == 1, segments) if not strays else ())
    if len(printed) != n:
        out.issues.append(Issue("warning", "blocks_unplaced",
                                f"table 3 printed in blocks: {len(printed)} values for {len(outcomes)} rows × "
                                f"{_WIDTH} columns (blank cells lost or values elsewhere); printed "
                                f"{printed_text(printed)}; cells left missing", where))
        return out
    if len(alternatives) > 1:
        alternatives = [alternatives[i] for i in within_reach(alternatives)]
    found: dict[tuple, list[list[Token]]] = {}
    taken: set[int] = set()  # lines of the loose flows some kept reading takes
    tried = 0
    overflow = False
    against: set[tuple] = set()  # placements whose values stand under another column's header
    for choice in widened(alternatives, lambda: bool(found)):
        named = named_flows([g for x in choice for g in x.groups], [h for x in choice for h in x.heads])
        for reading in distinct_readings(choice, len(outcomes), totals=True):
            tried += 1
            if tried > _MAX_TRIED or len(found) > _MAX_READINGS:
                overflow = True
                break
            if _holds(dict(zip(outcomes, reading)), one_other):
                key = reading_key(reading)
                if not agrees(reading, named):
                    against.add(key)
                    continue
                found.setdefault(key, reading)
                if loose is not None:
                    taken.update(*choice[-1].flow_lines)
                    if (mine := set().union(*choice[-1].flow_lines) & loose) not in out.choices:
                        out.choices.append(mine)
        if overflow:
            break
    if loose is not None:
        out.lines = used - (loose - taken)
    against -= found.keys()
    headed = (f"; {len(against)} more set aside: each puts the values of a flow printed under a column's "
              f"header in another column") if against else ""
    chosen = headed + (f"; {strays} lone value(s) past table 4's heading set aside as table 4's, chosen among the "
                       f"one-value flows after the last labels in {len(alternatives)} ways" if strays else
                       f"; the last rows' {len(segments[-1].groups)} column flows chosen in printed order among "
                       f"the flows after their labels (table 4's too) in {len(alternatives)} ways"
                       if loose is not None else "")
    readings = [] if overflow else list(found.values())
    # a row is read where every reading that satisfies the identities gives it the same values
    agreed = {o: readings[0][r] for r, o in enumerate(outcomes)
              if readings and all(signature(x[r]) == signature(readings[0][r]) for x in readings[1:])}
    least = None if found or against or overflow else fewest(alternatives, outcomes, one_other, bool(strays))
    if least is not None:  # the report prints an inconsistent table: its fewest-violations reading
        agreed = least.rows
        out.issues.append(fewest_finding(least, n, len(groups), len(outcomes), where))
        if loose is not None:
            out.lines, out.choices = used - (loose - least.taken), fewest_choices(alternatives, loose, least)
    out.rows = _rows(outcomes, agreed)
    if agreed and least is None:
        out.issues.append(Issue("warning", "inferred_alignment",
                                f"table 3 printed in blocks (plain pdftotext): {n} values in {len(groups)} "
                                f"flows placed by poppler's band order; {len(agreed)} of {len(outcomes)} rows "
                                f"read as every placement gives them for which every row total, column sum "
                                f"and the balance hold ({len(readings)} such placements){chosen}", where))
    if len(agreed) < len(outcomes):
        why = ("too many placements to weigh" if overflow else
               f"{len(readings)} placements satisfy" if readings else "no placement satisfies")
        open_rows = [o for o in outcomes if o not in agreed]
        out.issues.append(Issue("warning", "ambiguous_row" if found or overflow else "no_alignment",
                                f"table 3 printed in blocks: {n} values in {len(groups)} flows "
                                f"({' | '.join(printed_text(g) for g in groups)}); {why} the row totals, "
                                f"column sums and balance{chosen}; rows {', '.join(open_rows)} left missing", where))
    return out


def _names_t2_column(lines: list[tuple[int, str]]) -> bool:
    table = label_table()
    return any(lab.scope.startswith("t2") for _, s in lines for lab in table.lookup(norm_label(s)))


def _holds(table: dict[str, list[Token]], one_other: bool) -> bool:
    if not balance_holds(lambda o, i: number_or_zero(table[o][i])):
        return False  # the cheap test first: most placements fail it
    if not all(row_total_holds(row) for row in table.values()):
        return False
    _found, passing = resolve_columns({}, {o: [row] for o, row in table.items()}, one_other)
    return passing == 1


def _outcomes(one_other: bool) -> list[str]:
    return list(codes.t3_rows(one_other))


def _rows(outcomes: list[str], table: dict[str, list[Token]]) -> list[Row]:
    """A row per outcome read: its label (with its group's for a group's first row) and its
    values; a break (a row of no cells) after each so nothing is carried to the next. A row
    not read is left out: a label with no values would read as a blank row."""
    labels = _labels()
    rows: list[Row] = []
    group = None
    for o in outcomes:
        vals = table.get(o)
        if vals is None:
            continue
        g = o.split(".")[0] if "." in o else None
        cells: list[str | None] = []
        if g is not None and g != group:
            cells.append(labels[g])
        group = g
        cells.append(labels[o])
        cells.extend(t.raw for t in vals)
        where = int(vals[0].where.split()[-1])
        rows.append(Row(cells, where))
        rows.append(Row([], where))
    return rows


def _labels() -> dict[str, str]:
    """The first printed variant of each table-3 row and group label."""
    return {code: variant for (scope, code), variant in label_table().canonical.items()
            if scope in ("t3_row", "t3_group")}
