"""Table 4 rebuilt from plain `pdftotext`'s flow order.

Table 4's outcome headers are narrow ruled cells, one character a line. Plain `pdftotext`
prints the table as flows, a blank line after each (learned from `pdftotext -bbox-layout` of
the corpus's ruled PDFs, whose truth is known):

- a flow of header cells standing side by side holds their characters row by row
  (`结 结 / 果 果 / 维 纠 / 持 正` is 结果维持 and 结果纠正; cells starting lower, under a
  proceeding's label, merge in), the values standing under those cells after them, left to
  right (`… 持 正 果 结 / 0 / 3 / 0 / 0`);
- header flows come in column order; a value printed in a flow of its own belongs to the
  header flows printed since the last values: one column (`总计` / `3`), or the first
  proceeding's header as `结果维持`+`结果纠正` sharing a flow, then `其他结果`, `尚未审结`, `总计`
  each a flow, whose five values poppler prints left column, the three others, right column
  (every ruled PDF of the corpus printing so: 37); its five (or last) headers each a flow, their
  values come left to right (ruled PDF 000100 of a seed-77016 corpus by x, 000522; 001404 by x:
  values split from their flows or wrapped a digit a line, `table4_split`);
- header cells cut by a page break print their tops, then their rests in column order (`table4_cut`);
- header flows come in column order but within a proceeding, where a header may come before
  the one left of it (`尚未审结` before `其他结果`);
- a row of values may come in the flow of its last header, left to right under every header
  printed since the last values, even where the headers between are printed after it;
- where every header is printed before any value (the values row on the next page), the
  values come left to right.

A proceeding whose header flows come without any value is blank (its values would stand in
those flows); blank columns are whole proceedings (every truth of the corpus). So one lone value
after the headers of a proceeding read but its last column and of whole proceedings with none is
that column's (the total's value printed after the next proceeding's headers, ruled PDF 001274
by x); and one flow of five values after the headers of whole proceedings is the first one's row,
left to right, the others blank (ruled PDFs 000728, 001386 by x).

Table 3's last rows may print among these flows (after a page break) with its applicant headers:
a flow of those headers' text (`法律 其他`, `服 / 务机 / 构`) over values table 3's rebuild read,
or with no value before some it read, is table 3's; so is a lone `总计` or `其他` where table 3's
rows stand here, no column of table 4 is next to be headed so (or it prints on one line, a wide
cell's: table 4's print a character a line; seed-51 000073) and no value follows it. A run of
`总计` headers one longer than the totals left to head, table 3's rows printed among, holds
table 3's. Where table 3's kept readings take its last rows from different flows, table 4 is
read where every choice taking no value under its headers leaves it the same reading.
Not-applicable marks may print otherwise: `——` wrapped a dash a line, or a run of `-` lines
joined into one (poppler joins a line ending in a hyphen with the next). A text in
traditional script comes converted to simplified, line by line (`ingest/readers/text.py`).

The table is read only where every flow fits these rules, every column's header is printed once,
the blank columns are whole proceedings and every proceeding's total is the sum of its four
outcomes; else nothing is rebuilt and the mapper's reading stands (`missing`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import partial

from ingest import codes
from ingest.alignment import VALUE_WORD, Token, printed_text, t4_total_holds
from ingest.model import Issue
from ingest.normalize import nfkc
from ingest.readers.block_footer import page_footer
from ingest.readers.block_past_heading import unread_past_heading
from ingest.readers.block_segments import value_token, value_words
from ingest.readers.table4_columns import (MARKS, applicant_chars, applicant_label, applicant_words, as_marks, early,
                                            fit, headers, last_of_a_proceeding_read, proceeding_labels, rows_of,
                                            surplus_total, valued_columns, whole_proceedings)
from ingest.readers.table4_columns import unread as unread_cell
from ingest.readers.table4_cut import CUT, CutHeaders, total_before_tops
from ingest.readers.table4_disputed import disputed, disputed_findings
from ingest.readers.table4_over_break import OVER_BREAK, page_of
from ingest.readers.table4_inconsistent import INCONSISTENT, as_printed, left_unread
from ingest.readers.table4_rest_row import ROW_BEFORE_TOTAL, outcomes_before_total
from ingest.readers.table4_blank_left import blank_left
from ingest.readers.table4_lone import DASHES_SHORT, LATE_ROW, late_row, lone_values, row_of_marks
from ingest.readers.table4_wrapped_row import row_of, second_dashes
from ingest.readers.table4_shared_first import SHARED_FIRST, shared_first_order
from ingest.readers.table4_split import LEFT_OF_ONE_LONE, left_of_one_lone, wide_digit
from ingest.readers.table4_all_zeros import all_zeros
from ingest.readers.table4_lone_pending import lone_pending
from ingest.readers.table4_surplus import surplus_zeros
from ingest.readers.table4_zeros import zeros_placed
from ingest.readers.table4_vanished import Unvalued, vanished_marks
from ingest.readers.text_blocks import Rebuilt
from ingest.states import BLANK, MISSING

_HEADING = re.compile(r"四[、.．]政府信息公[开開]行政[复復][议議]")
_NEXT_SECTION = re.compile(r"^五[、.．]")
_SECTION_AFTER = re.compile(r"^六[、.．]")
_OUTCOMES = len(codes.T4_OUTCOMES)
_COLUMNS = len(codes.T4_CELLS)


@dataclass(slots=True)
class _Flow:
    lines: list[int]  # 0-based indices of its lines
    header: str  # its header characters in printed order, spaces left out
    values: list[Token]
    late: bool = False  # printed after section 五's heading
    text: bool = False  # holds other text (section 五's, dropped)
    words: list[str] | None = None  # its words of table 3's applicant headers (`法律`, `服务`, `其他`)
    wide: bool = True  # every value word one fullwidth digit (a number may wrap so)
    sole: bool = False  # its one value went to the one column of the one header flow printed since the last values
    one_line: bool = False  # a header word of several characters (`总计` on one line): a wide cell's, not table 4's
    page: int = field(default=0, compare=False)  # the page its first line is on (`table4_over_break`)


def with_table4(lines: list[str], table3: Rebuilt | None,
                pages: tuple[int, ...] = ()) -> tuple[Rebuilt | None, Rebuilt | None]:
    """Table 3 as rebuilt (`text_blocks.rebuild`) and table 4 rebuilt beside it. Table 3's
    rebuild passes over table 4's header flows where its last rows may stand among them: those
    lines stay table 4's; flows of values it read (table 3's last rows) are left out of table 4.
    `pages`: the lines opening a page after the first, sorted."""
    taken = {i for i in table3.lines if value_words(lines[i])} if table3 is not None and table3.rows else set()
    table4 = rebuild(lines, taken, pages)
    if table4 is None and taken and len(table3.choices) > 1:
        table4 = _over_choices(lines, taken, table3.choices, pages)
    if table4 is None and taken:
        table4 = surplus_zeros(lines, table3, taken, _HEADING, partial(rebuild, pages=pages), _table_flows)
    if (found := _table_flows(lines, taken)) is not None:
        table3 = unread_past_heading(table3, found[1])  # values past table 4's heading left out: no reading
    if table4 is not None and table3 is not None:
        table3.lines -= table4.lines
    return table3, table4


_MAX_CHOICES = 200  # choices of table 3's last rows' flows weighed at most (more: none)


def _over_choices(lines: list[str], taken: set[int], choices: list[set[int]],
                  pages: tuple[int, ...] = ()) -> Rebuilt | None:
    """Table 4 where table 3's kept readings take its last rows' values from different flows
    among table 4's (the union of them all was left out). The choices that take no value under a
    header of table 4 (other than `总计`/`其他`, which head table 3's columns too) are weighed:
    table 4 is read where it reads the same under every one of them, or, where the flows the
    choices differ in each print the same one value (which of them are table 3's changes no
    value of it), under every one it reads at all; else None."""
    every = set().union(*choices)
    varying = every - set.intersection(*choices)
    same = len({lines[i].strip() for i in varying if value_words(lines[i])}) == 1 and all(
        len(value_words(lines[i])) <= 1 for i in varying)
    readings: dict[tuple, Rebuilt] = {}
    kept = failed = 0
    for choice in choices[:_MAX_CHOICES]:
        mine = {i for i in (taken - every) | choice if value_words(lines[i])}
        found = _table_flows(lines, mine)
        if found is None:
            return None
        if any(f.header and set(f.lines) & mine and not applicant_label(f.header) for f in found[0]):
            continue  # a value printed under table 4's header: not table 3's
        kept += 1
        got = rebuild(lines, mine, pages)
        if got is None:
            failed += 1
        else:
            readings.setdefault((tuple(got.rows[2].cells), tuple(got.rows[2].unread or ())), got)
    if len(choices) > _MAX_CHOICES or len(readings) != 1 or (failed and not same):
        return None
    table4 = next(iter(readings.values()))
    table4.issues[0].message += (
        f"; table 3's last rows' flows among these chosen {kept} ways (those taking no value under a header "
        f"of table 4), " + (f"{kept - failed} giving table 4 a reading, each this one (the flows they differ in "
                            f"each print {next(iter(lines[i].strip() for i in varying))})" if failed else
                            "each giving table 4 this reading"))
    return table4


def rebuild(lines: list[str], taken: set[int] = frozenset(), pages: tuple[int, ...] = ()) -> Rebuilt | None:
    """Table 4 of text printed in blocks as a header and one row of its 15 cells in column
    order; None where its flows do not give one certain reading. `taken`: lines of values read
    as table 3's (its last rows printed among table 4's flows); `pages`: the lines opening a page."""
    found = _table_flows(lines, taken)
    if found is None:
        return None
    flows, stray = found
    for f in flows:
        f.page = page_of(pages, f.lines[0])
    among, every = False, flows
    if any(i in taken for f in flows for i in f.lines):
        if any(not set(f.lines) <= taken for f in flows if set(f.lines) & taken):
            return None
        flows = [f for f in flows if not set(f.lines) & taken]
        among = True
    placed = _place(flows, bool(taken), among) or _place(late_row([replace(f, sole=False) for f in flows]), bool(taken), among, True)
    aside: set[int] = set()  # table 3's column flows set aside, left out of the text reader's rows too
    if placed is None and not taken and (placed := _without_table3_columns(flows)) is not None:
        end = max(i for f in placed[2] for i in f.lines)
        aside = {i for f in flows if not f.header and len(f.values) > 1 for i in f.lines if i < end}
    if placed is None and (placed := zeros_placed(flows, lines, f"line {flows[0].lines[0] + 1}")
                           or all_zeros(flows, bool(taken)) or lone_pending(flows)) is None:
        return None
    cells, how, flows, *unvalued = placed  # `_place`'s read of header flows holding no value, where it placed
    where, failing, unread = f"line {flows[0].lines[0] + 1}", [], []
    for b in range(0, _COLUMNS, _OUTCOMES):
        group = cells[b:b + _OUTCOMES]
        if any(t.state == BLANK for t in group) or disputed(group):  # every split of a wrapped row holds it
            continue
        if any(t.state == MISSING for t in group):
            return None
        if not (t4_total_holds(group) or as_printed(group, flows)):
            unread.append(b)  # an injected violation or a reading these rules got wrong
        failing += [codes.PROCEEDINGS[b // _OUTCOMES]] if not t4_total_holds(group) else []
    printed, issues = [t for f in flows for t in f.values], disputed_findings(
        cells, where, *[DASHES_SHORT] * (DASHES_SHORT in how))
    if unread and ROW_BEFORE_TOTAL in how:
        return None  # the total's later value not the outcomes' sum: not that proceeding's
    if unread:
        got = left_unread(cells, unread[0], flows, _OUTCOMES, failing, printed)
        if got is None:
            return None  # say nothing
        cells, issues = got[0], [got[1]]
    cells, issues = vanished_marks(cells, every, taken, where, issues, *unvalued, before=stray)  # a `-` row may have gone unprinted
    issue = Issue("warning", "inferred_alignment",
                  f"table 4 printed in flows (plain pdftotext): values {printed_text(printed)} placed "
                  f"under their headers by poppler's flow order ({how}); every proceeding's total holds"
                  + (f" but {', '.join(failing)}'s" + ("" if unread else f": {INCONSISTENT}") if failing else ""), where)
    # values between table 4's heading and its header are table 3's last rows' (table 4 has its
    # 15): left out, or the mapper would take them for values among table 4's headers
    return Rebuilt({i for f in flows for i in f.lines} | (stray - taken) | aside, rows_of(cells, flows[0].lines[0] + 1),
                   [issue, *issues])


def _without_table3_columns(flows: list[_Flow]) -> tuple[list[Token], str, list[_Flow], Unvalued] | None:
    """Table 4 where table 3 was not read and its last rows' column flows (r values each, r
    2 or 3) stand among table 4's, which prints lone values one a flow (or a row of five or
    more): those flows set aside, table 4 read only where every proceeding holds values (a
    column of its own set aside would leave one short)."""
    sizes = {len(f.values) for f in flows if not f.header and len(f.values) > 1}
    rest = [f for f in flows if f.header or len(f.values) <= 1]
    if len(sizes) != 1 or not sizes <= {2, 3} or len(flows) - len(rest) < 2:
        return None
    placed = _place(rest, True, True)  # table 3's headers may stand among its last rows' flows
    if placed is None or any(t.state == BLANK for t in placed[0]):
        return None
    cells, how, used, unvalued = placed
    return cells, f"{how}; {len(flows) - len(rest)} lone flows of {sizes.pop()} values set aside as table 3's last rows' columns", used, unvalued


def _table_flows(lines: list[str], taken: set[int] = frozenset()) -> tuple[list[_Flow], set[int]] | None:
    """The flows from table 4's first header line (`行政复议` alone on a line) to section 五,
    and the header and value flows among section 五's text (the last columns of a page's
    table may come after the heading of the section below it); and the lines of values alone
    between the heading and that first header line. Table 3's applicant headers printed among
    them (its last rows after a page break) are left out with the values `taken` under them."""
    head = next((i for i, s in enumerate(lines) if _HEADING.search(s)), None)
    if head is None:
        return None
    proceedings = proceeding_labels()
    start = next((i for i in range(head + 1, len(lines)) if nfkc(lines[i]).strip() in proceedings), None)
    if start is None:
        return None
    header_chars = set("".join(headers()))
    t3_chars = applicant_chars()
    flows: list[_Flow] = []
    cur: _Flow | None = None
    late = False  # past section 五's heading
    for i in range(start, len(lines)):
        s = nfkc(lines[i]).strip()
        if _SECTION_AFTER.match(s):
            break
        if _NEXT_SECTION.match(s):
            late, cur = True, None
            continue
        if not s or page_footer(s):  # a page's foot ends a flow as a blank line does
            if cur is not None and cur.text and late:
                flows.remove(cur)  # section 五's text
            cur = None
            continue
        if cur is None:
            cur = _Flow([], "", [], late)
            flows.append(cur)
        if cur.text:
            continue
        cur.lines.append(i)
        words = s.split()
        if all(VALUE_WORD.match(w) for w in words):
            cur.values.extend(value_token(w, i) for w in words)
            cur.wide &= wide_digit(lines[i])
        elif s in proceedings and not cur.values:
            continue
        elif not late and not cur.values and applicant_words(words, header_chars, t3_chars):
            cur.words = (cur.words or []) + words  # table 3's header (`法律 其他`, `服 / 务机 / 构`)
        elif (chars := [w for w in words if w not in proceedings]) and not cur.values and all(
                ch in header_chars for w in chars for ch in w):
            cur.header += "".join(chars)  # a proceeding's label may share the line (`其 尚 总 未经复议直接起诉`)
            cur.one_line |= any(len(w) > 1 for w in chars)
        elif late:
            cur.text = True
        else:
            return None  # other text among table 4's flows, or text after values in a flow
    if cur is not None and cur.text:
        flows.remove(cur)
    last_taken = max(taken, default=-1)
    for f in [f for f in flows if f.words is not None]:
        values = {i for i in f.lines if value_words(lines[i])}
        if not values <= taken or (not values and f.lines[-1] > last_taken):
            return None  # not table 3's header over its last rows' values
        flows.remove(f)
    return flows, {i for i in range(head + 1, start) if value_words(lines[i])}


def _place(flows: list[_Flow], table3_after: bool = False, table3_among: bool = False,
           second: bool = False) -> tuple[list[Token], str, list[_Flow], Unvalued] | None:
    """Each column's token (blank where a whole proceeding printed no value), how the lone
    values were placed, the flows read and the columns headed by flows with no value (and cut
    tops); None where the flows do not follow the rules.
    `table3_after`: table 3 was read, so its headers may stand among these flows; `table3_among`:
    flows of its last rows' values stand among them; `second`: the second pass (`total_before_tops`, `late_row`)."""
    texts = headers()
    where = f"line {flows[0].lines[0] + 1}"
    cells: list[Token | None] = [None] * _COLUMNS
    pending: list[list[int]] = []  # header flows since the last values, each its columns
    lone: list[_Flow] = []  # flows of values alone since then
    how: set[str] = set()
    unvalued = Unvalued()

    def settle() -> bool:
        """The lone values go to the pending header flows; pending flows with none are blank."""
        nonlocal pending, lone
        cols = [c for p in pending for c in p]
        if (read := lone_values([(f.lines, f.values, f.wide) for f in lone], cols, cells)) is not None:
            lone = [_Flow(lone[min(k, len(lone) - 1)].lines, "", vs, page=lone[min(k, len(lone) - 1)].page)
                    for k, vs in enumerate(read[1])]
            how.add(read[0])
        values = [t for f in lone for t in f.values]
        if not values:
            for c in cols:
                cells[c] = Token(None, BLANK, "", where)
        elif all(len(f.values) == 1 for f in lone) and len(values) == len(cols):
            if len(pending) == 1 and len(cols) == 1:
                order = cols
                lone[0].sole = True
            elif [len(p) for p in pending] == [2, 1, 1, 1] and cols == list(range(_OUTCOMES)) and lone[0].page != paged.get(0, lone[0].page):
                order = cols  # the values on the next page: left to right
                how.add(OVER_BREAK)
            elif lone[0].page == paged.get(cols[0], lone[0].page) and \
                    (order := shared_first_order(pending, cols, read is None)) is not None:  # left column, the others, right column
                how.add(SHARED_FIRST)  # on the headers' page only: over a break poppler prints left to right
            elif [len(p) for p in pending] == [1] * len(cols) and cols == list(range(cols[0], cols[0] + len(cols))) \
                    and cols[0] % _OUTCOMES + len(cols) <= _OUTCOMES:  # one proceeding's: its five, or its last (001404)
                order = cols  # each header a flow of its own, then each value: left to right, as seen
                how.add("a proceeding's lone values after its header flows of one column each: left to right")
            else:
                return False
            for c, t in zip(order, values):
                cells[c] = t
        elif len(lone) == 1 and len(values) == _OUTCOMES and (whole_proceedings(cols) > 1 or (
                whole_proceedings(cols[:_OUTCOMES]) and cols == list(range(cols[0], cols[0] + len(cols))))):
            # the page's first proceeding's row printed as one flow after the headers of the
            # next, blank (ruled PDFs 000728, 001386 by x), or of its first columns, its total's
            # header later (ruled PDFs 000002, 000042 of a seed-77016 corpus by x; documents
            # 000228 and three more by truth); a row prints left to right
            first = min(cols)
            for c in cols:
                cells[c] = values[c - first] if c < first + _OUTCOMES else Token(None, BLANK, "", where)
            how.add("one flow of a proceeding's values after the headers of whole proceedings: "
                    "the first's, left to right, the others blank")
        elif len(one := as_marks(values, 1) or values) == 1 and (last := last_of_a_proceeding_read(cols, cells)) is not None:
            cells[last] = one[0]  # `——` wrapped `— / —` too: two marks would leave a proceeding part blank
            for c in cols:
                if c != last:
                    cells[c] = Token(None, BLANK, "", where)
            how.update(["one lone value after the headers of a proceeding read but its last column "
                        "and of whole proceedings with none: that column's, the others blank"] + [MARKS] * (one is not values))
        elif (four := outcomes_before_total(pending, len(values), [len(f.values) for f in lone], rested,
                                            behind)) is not None:
            for c, t in zip(four, values):
                cells[c] = t
            pending, lone = [pending[-1]], []  # the total's value comes later
            how.add(ROW_BEFORE_TOTAL)
            return True
        else:
            return False
        pending, lone = [], []
        return True

    gap: list[int] = []  # columns whose values came before their headers
    headed: set[int] = set()  # columns whose header was printed (or whose values stand before it)
    cut = CutHeaders()  # header cells a page break cut
    rested: set[int] = set()  # columns headed by the rest of a cut cell
    behind: set[int] = set()  # columns whose whole header came before a rest left of it
    paged: dict[int, int] = {}  # column -> the page of the header flow waiting for its value
    for n, f in enumerate(flows):
        free = [c for c in range(_COLUMNS) if c not in headed]
        if f.late and (not free or not f.header) and not pending and not gap and not cut.rests:
            flows = flows[:n]
            break  # the table is whole: what follows is section 五's
        if not f.header:
            lone.append(f)
            how.update([LATE_ROW] if n + 1 < len(flows) and f.lines[0] > flows[n + 1].lines[0] else [])  # `late_row`
            continue
        rest = cut.rest(f.header, free, texts) if not gap and fit(f.header, free, texts) is None else None
        later = [p for p in pending if rest and p[0] > rest[0]]  # headers right of a rest wait on
        rested.update(rest or [])
        behind.update(c for p in later for c in p)
        pending = [p for p in pending if p not in later]
        if lone and not settle():
            return None
        if (table3_after and not f.values and not gap and applicant_label(f.header)
                and (fit(f.header, free, texts) is None or f.one_line) and (n + 1 == len(flows) or flows[n + 1].header)
                and not cut.a_top_next(f.header, free, texts)
                and not (second and (not f.one_line or cut.rests) and total_before_tops(flows, n, free, texts))):
            continue  # table 3's `总计` or `其他` header among its last rows: no column here, no value
        if table3_among and surplus_total(flows, n, gap, free, texts) and not (second and total_before_tops(flows, n, free, texts)):
            how.add("a lone 总计 header more than table 4's columns left so headed: table 3's")
            continue
        if gap:  # the headers of columns whose values were printed further right come now
            own = fit(f.header, gap, texts)
            if own is None or f.values:
                return None
            gap = gap[len(own):]
            continue
        waiting = [c for p in pending for c in p]
        own, skipped = rest or fit(f.header, free, texts), []
        if own is None and f.values:
            # a row of values printed in the flow of headers further right, the headers
            # between printed after it: the values stand under every column up to this flow's
            skip = next((s for s in range(1, len(free))
                         if (own := fit(f.header, free[s:], texts)) is not None
                         and row_of(f.values, len(waiting) + s + len(own), how) is not None), 0)
            if not skip and (left := blank_left(f.header, len(f.values), free, waiting, texts, cells, headed, how, where)) is None:
                return None
            (gap, own, pending, waiting), skipped = left if not skip else (free[:skip], own, pending, waiting), free[:skip]
        elif own is None and not f.values and (own := early(f.header, free, texts)) is not None:
            how.add("a header printed before the header left of it in its proceeding")
        elif own is None and not f.values:  # the tops of header cells a page break cut
            headed.update(top := cut.top(f.header, free, texts) or [])
            unvalued.tops.update(top)
            how.add(CUT)
            continue
        if own is None:
            return None
        cols = skipped + own
        headed.update(cols)
        if f.values:
            # one row of values under this flow's columns, or under the header flows pending
            # too (a row printed left to right in the flow of its last headers)
            if waiting and (row := row_of(f.values, len(waiting) + len(cols), how)) is not None:
                cols, f.values, pending = sorted(waiting + cols), row, []
                how.add("a row of values in the flow of its last headers: left to right under every header before")
            elif len(f.values) < len(cols) + len(waiting) and (
                    valued := valued_columns(waiting + cols, len(f.values), cells)) is not None:
                for c in waiting + cols:
                    cells[c] = Token(None, BLANK, "", where)
                cols, pending = valued, []
                how.add("values fewer than the columns of their flow and those waiting: under the one choice "
                        "of whole proceedings blank, the others' left to right")
            elif len(f.values) + 1 == len(cols) and not pending and left_of_one_lone(flows[n:], len(cols)):
                pending, cols = [cols[-1:]], cols[:-1]
                how.add(LEFT_OF_ONE_LONE)
            elif (len(f.values) != len(cols) and (marks := as_marks(f.values, len(cols))) is None) or (
                    pending and not settle()):
                return None
            elif len(f.values) != len(cols):
                f.values = marks
                how.add(MARKS)
            for c, t in zip(cols, f.values):
                cells[c] = t
        else:
            pending.append(cols)
            unvalued.cols[f.lines[0]] = tuple(cols)
            paged.update({c: f.page for c in cols})
        pending = sorted(pending + later) if later else pending
    if len(headed) != _COLUMNS or gap or not cut.whole():
        return None
    values = row_of_marks([f.values for f in lone], _COLUMNS, how, sum(map(len, pending)) == _COLUMNS)
    if values is None:  # as printed, or fewer with wrapped `——` marks and whole proceedings blank
        cells = [unread_cell(where)] * _COLUMNS
        how.add(DASHES_SHORT)
    elif lone and sum(map(len, pending)) == _COLUMNS and len(values) == _COLUMNS:
        cells = values  # every header before any value: the values row left to right
        how.add("every header printed before the values: values left to right")
    elif not pending and lone and (joined := second_dashes([t for f in lone for t in f.values], cells)) is not None:
        cells = joined  # every column read: the lone `—` are the second dashes of its wrapped `——`
        how.add(MARKS)
    elif not settle():
        return None
    if any(c is None for c in cells):
        return None
    blank = [c for c, t in enumerate(cells) if t.state == BLANK]
    if any(c // _OUTCOMES * _OUTCOMES + o not in blank for c in blank for o in range(_OUTCOMES)):
        return None  # blank columns not whole proceedings
    if blank:
        how.add("a proceeding whose header flows hold no value is blank")
    return cells, "; ".join(sorted(how)) or "values in their header's flow, left to right", flows, unvalued
