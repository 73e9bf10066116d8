"""Table 3 of plain `pdftotext` where whole rows were left blank (see `ingest.readers.text_blocks`).

Poppler prints nothing for a blank cell: a table whose blank cells fill whole rows prints
m × 7 values for its 25 (or 23) rows, in the same flows and bands as a table printed in full,
the blank rows' labels standing alone in the label flow. The values are read as m rows (every
placement of the bands the full table's reading tries) and the rows placed in table order among
the outcomes, the others blank. Which rows those are:

- where each printed row's first values stand beside its label in the label flow (a narrow
  label column; a blank row's label stands alone), the labels say (`_beside_rows`);
- else the identities, only in part: received and carried over (the first two rows), results total and carried forward (the last
  two) each stand in the balance or the results' sum by themselves, so each is either one of the
  printed rows or blank: every choice of the first 0-2 printed rows for the first two outcomes
  and of the last 0-2 for the last two is weighed;
- the result rows between them only count by their sum: where they take all the result outcomes
  (no result row blank) or none, their rows are known; otherwise which result outcomes are blank
  is not, and every result row stays missing;
- where the last label flow holds its rows' first values beside its labels up to 四、结转下年度继续办理
  (the last page's rows), those labels name the last printed rows (`_labelled_tail`).
- rows printed in one band take consecutive outcomes (`block_blank_bands`): a band running from
  the first two outcomes into the results, or from the results into the results total, fixes
  its result rows.

Where the labels name every row and no placement keeps every identity (a printed slip), the
fewest-violations rule reads them (`block_blank_fewest`).

A reading that puts a flow's values in a column other than the one its header names is not
weighed (`block_headers.agrees`).

A row is stated (its printed values, or blank) where every placement and choice for which every
row total, column sum and the balance hold gives it the same; the others stay missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from itertools import takewhile
from dataclasses import dataclass

from ingest import codes
from ingest.alignment import Token, printed_text, row_total_holds, signature
from ingest.alignment_breaks import MARGIN, Fewest
from ingest.labels import label_table
from ingest.model import Issue, Row
from ingest.readers.block_bands import distinct_readings
from ingest.readers.block_blank_bands import banded, flows_of, middle_known
from ingest.readers.block_blank_fewest import labelled_fewest
from ingest.readers.block_headers import agrees, named_flows
from ingest.readers.block_partial_beside import Fixed, edge_placements, partial_beside, partial_placements, placements
from ingest.readers.block_blank_wraps import column_banded, ends_hold, wrap_known, wrapped_outcomes
from ingest.readers.block_segments import (Flow, Segment, line_index, moved_header, rows_by_label, value_count,
                                           value_words)
from ingest.states import BLANK

_WIDTH = len(codes.APPLICANTS)
_MAX_TRIED = 20_000  # placements of the printed rows weighed at most (more: nothing read)
_EDGE = 2  # outcomes at each end of table 3 that stand in the column identities alone
_OPEN = object()  # a result row whose outcome the identities leave open

Rows = list[list[Token]]


@dataclass(slots=True)
class BlankRowsRead:
    rows: dict[str, list[Token]]  # outcome → its seven cells (blank tokens for a row read blank)
    kept: int  # placements and choices for which every identity holds
    tried: int
    overflow: bool
    by_label: bool  # rows placed by the labels their values stand beside
    printed: str = ""  # the values taken, flow by flow
    fewest: Fewest | None = None  # no placement keeps every identity: the labelled rows' fewest-violations rule
    wraps: frozenset[str] = frozenset()  # outcomes whose label wraps, weighed (`block_blank_wraps`)


def read_blank_rows(flows: Sequence[Flow], segments: list[Segment], ends: Sequence[tuple[int, int, set[int]]],
                    used: set[int], outcomes: list[str], holds: Callable[[dict[str, list[Token]]], bool],
                    where: str, slips: bool = True) -> tuple[BlankRowsRead, set[int]] | None:
    """The rows of table 3 read under whole blank rows, with the lines they were read from.
    The places the table may end: `ends` ((segments, flows of the last, lines used) at each flow
    of text after values) and all the values taken; those where the values come to a multiple of
    seven short of the table's cells are weighed together. None where there is no such place or
    no placement keeps every identity. `holds`: every identity of table 3 over a whole table
    (outcome → seven tokens). `slips`: where no placement keeps every identity and the labels
    name the rows, the fewest-violations rule reads them (`block_blank_fewest`)."""
    n = len(outcomes) * _WIDTH
    cuts = [([*segments[:k - 1], segments[k - 1].cut(range(g))], u) for k, g, u in ends]
    cuts.append((segments, used))
    fits = {sum(map(value_count, c)): (c, u) for c, u in reversed(cuts)
            if sum(map(value_count, c)) % _WIDTH == 0 and 0 < sum(map(value_count, c)) < n}
    if not fits:
        return None
    blank = [Token(None, BLANK, "", where) for _ in range(_WIDTH)]
    found: dict[str, set] = {o: set() for o in outcomes}
    chosen: dict[tuple[str, tuple], list[Token]] = {}
    kept = tried = 0
    by_label = True
    wrapped: frozenset[str] = frozenset()
    flows_text = []
    taking: list[set[int]] = []  # the lines of each cut some placement kept reads
    labelled = []  # the cuts whose printed rows the labels name, for the fewest-violations rule
    for printed, (cut, lines) in sorted(fits.items()):
        flows_text.append(" | ".join(printed_text(g) for x in cut for g in ([x.beside] if x.beside else []) + x.groups))
        at = _beside_rows(flows, cut, lines, outcomes, printed // _WIDTH)
        part = _partial(flows, cut, lines, outcomes) if at is None else None
        wide = part is not None and placements(part, outcomes) > _MAX_TRIED  # weighed by their ends only
        tail = _labelled_tail(flows, cut, outcomes) if at is None and part is None else 0
        wraps = _wraps(flows, cut, lines, outcomes) if at is None else None
        wrapped |= wraps or frozenset()
        by_label = by_label and at is not None
        if at is not None:
            labelled.append((cut, at, lines))
        before = kept
        for choice in moved_header([cut]):
            named = named_flows([g for x in choice for g in x.groups], [h for x in choice for h in x.heads])
            flow = flows_of(choice) if at is None and not tail else None  # for the bands' rows
            for reading in distinct_readings(choice, printed // _WIDTH):
                tried += 1
                if tried > _MAX_TRIED:
                    return BlankRowsRead({}, kept, tried, True, by_label, " || ".join(flows_text)), set.intersection(*(u for _, u in fits.values()))
                if not all(row_total_holds(row) for row in reading) or not agrees(reading, named):
                    continue  # (values printed under a column's header placed in another column)
                pairs = banded(reading, flow) if flow else None
                columns = column_banded(reading, flow, choice) if pairs and wraps else ()
                placed = (edge_placements(reading, outcomes, blank, part, _EDGE, _OPEN) if wide else
                          ((t, t) for t in partial_placements(reading, outcomes, blank, part, pairs,
                                                              (wraps or frozenset(), columns)))
                          if part is not None else
                          _placements(reading, outcomes, blank, at, tail, pairs, (wraps, columns) if wraps else None))
                for table, known in placed:
                    if not holds(table):
                        continue
                    kept += 1
                    for o in outcomes:
                        key = signature(known[o]) if known[o] is not _OPEN else _OPEN
                        found[o].add(key)
                        if key is not _OPEN:
                            chosen.setdefault((o, key), known[o])  # type: ignore[arg-type]
        if kept > before:
            taking.append(lines)
    if not kept:
        least = labelled_fewest([(c, a) for c, a, _ in labelled], outcomes, blank) if labelled and slips else None
        if least is None:
            return None  # not a table of whole blank rows (or values lost): the full table's reading says so
        return (BlankRowsRead(least.rows, 0, tried, False, True, " || ".join(flows_text), least),
                set.intersection(*(u for _, _, u in labelled)))
    rows = {o: chosen[(o, next(iter(keys)))] for o, keys in found.items()
            if len(keys) == 1 and _OPEN not in keys}
    lines = set.intersection(*(taking or [u for _, u in fits.values()]))
    return BlankRowsRead(rows, kept, tried, False, by_label, " || ".join(flows_text), wraps=wrapped), lines


def _placements(reading: Rows, outcomes: list[str], blank: list[Token], at: list[tuple[str, set[int]]] | None,
                labelled: int = 0, pairs: list[bool] | None = None,
                wraps: tuple[frozenset[str], tuple[bool, ...]] | None = None
                ) -> Iterator[tuple[dict[str, list[Token]], dict[str, object]]]:
    """Each placement of the m printed rows among the outcomes, in order: (the whole table with
    the result rows in the first result outcomes, what each outcome is known to hold). `at`:
    each printed row's outcome and the ids of the values beside its label, where the label flows
    tell (the only placement, where the reading keeps those values in their rows). `labelled`:
    the last printed rows are the table's last `labelled` outcomes (`_labelled_tail`). `pairs`:
    which two rows in a row stand in one band (`block_blank_bands`), where some do. `wraps`: the
    outcomes whose label wraps, where the labels tell, and which pairs print as column flows
    (`block_blank_wraps`): no such band holds a wrapped row but as its last."""
    if at is not None:
        if all(ids <= set(map(id, row)) for row, (_, ids) in zip(reading, at)):
            table = {o: blank for o in outcomes}
            table.update((o, row) for row, (o, _) in zip(reading, at))
            yield table, dict(table)
        return
    head, tail = outcomes[:_EDGE], outcomes[-_EDGE:]
    middle = outcomes[_EDGE:-_EDGE]
    pinned = max(labelled - _EDGE, 0)  # result rows the labels name: the last ones
    for first in _ends(head):
        for last in _ends(tail):
            inner = len(reading) - len(first) - len(last)
            if not 0 <= inner <= len(middle) or pinned > inner:
                continue
            if labelled and last[len(last) - min(labelled, _EDGE):] != tail[_EDGE - min(labelled, _EDGE):]:
                continue  # the labels name the last outcomes: those are the last printed rows
            table = {o: blank for o in outcomes}
            table.update(zip(first, reading))
            table.update(zip(last, reading[len(reading) - len(last):]))
            table.update(zip(middle, reading[len(first):len(first) + inner]))
            known: dict[str, object] = {o: table[o] for o in (*head, *tail)}
            settled = inner in (0, len(middle))
            known.update({o: table[o] if settled else _OPEN for o in middle})
            if pinned and not settled:
                end = len(first) + inner
                known.update(zip(middle[len(middle) - pinned:], reading[end - pinned:end]))
            elif pairs:
                banded_known = (middle_known(first, inner, last, head, tail, middle, pairs, _OPEN) if wraps is None
                                else _wrap_known(first, inner, last, head, tail, middle, pairs, wraps, len(reading)))
                if banded_known is None:
                    continue  # rows of one band in outcomes not next to each other
                known.update((o, r if r is _OPEN else blank if r is None else reading[r])  # type: ignore[index]
                             for o, r in banded_known.items())
            yield table, known


def _wrap_known(first: list[str], inner: int, last: list[str], head: list[str], tail: list[str],
                middle: list[str], pairs: list[bool], wraps: tuple[frozenset[str], tuple[bool, ...]],
                n_rows: int) -> dict[str, object] | None:
    """`block_blank_wraps.wrap_known` for one choice of the ends, None where their own bands cannot stand."""
    wrapped, columns = wraps
    if not ends_hold(first, last, n_rows, pairs, columns, wrapped):
        return None
    crossing = len(first) - 1  # the pair from the head's last row into the results
    head_last = bool(first) and first[-1] == head[-1] and not (head[-1] in wrapped and columns[crossing])
    tail_first = bool(last) and last[0] == tail[0]
    return wrap_known(len(first), inner, tuple(pairs), columns, head_last, tail_first, tuple(middle), wrapped, _OPEN)


_ROW_START = re.compile(r"^(?:[一二四][、.．]|[（(][一二七][）)]|\d[.．]\s*\D)")  # a row's label begins (not a group's)
_TABLE4_HEADING = re.compile(r"行政[复復][议議]|行政[诉訴][讼訟]")
_ONE_OTHER_START = re.compile(r"^[（(]六[）)]")  # （六）其他处理 printed as one row
_NUMBER_SPACE = re.compile(r"(?<!\S)(\d[.．])\s+(?=[^\s\d])")  # `1. 属于国家秘密`: a space after the item's number


def _words(line: str) -> list[str]:
    """The line's words, an item's number kept with the label it begins (`1. 属于…` → `1.属于…`)."""
    return _NUMBER_SPACE.sub(r"\1", line).split()


def _beside_rows(flows: Sequence[Flow], segments: list[Segment], used: set[int], outcomes: list[str], m: int
                 ) -> list[tuple[str, set[int]]] | None:
    """Each printed row's outcome, where every segment's values begin beside its labels (a
    narrow label column: each printed row's first columns follow its label's first line in the
    label flow, a blank row's label stands alone): the row labels begun in the label flows,
    counted in order over the lines the table was read from (`used`), are the outcomes; None where they are not exactly the table's rows or
    the values beside them do not come w to a row."""
    if any(x.groups and not x.beside or x.pre for x in segments) or len(moved_header([segments])) > 1:
        return None
    beside_lines = {line_index(t) for x in segments for t in x.beside}
    value_lines = {i for x in segments for lines in x.flow_lines for i in lines}
    one_other = "other.no_correction" not in outcomes
    label_flows = [f for f in flows if any(i in beside_lines for i, _ in f.lines)]
    if not label_flows:
        return None
    first, last = label_flows[0].lines[0][0], label_flows[-1].lines[-1][0]
    starts = _row_starts(flows, {i for i in used if first <= i <= last}, value_lines, one_other)
    if len(starts) != len(outcomes):
        return None
    at: list[tuple[str, set[int]]] = []
    for x in segments:
        if (rows := rows_by_label(x.beside, starts)) is None:
            return None
        at.extend((outcomes[r], set(map(id, v))) for r, v in sorted(rows.items()))
    return at if len(at) == m and len({o for o, _ in at}) == m else None


def _row_starts(flows: Sequence[Flow], lines: set[int], value_lines: set[int], one_other: bool) -> list[int]:
    """The line each row label begun on `lines` (not on a line of values) begins on, in table
    order, up to table 4's heading."""
    return [i for i, _ in _row_labels(flows, lines, value_lines, one_other)]


def _row_labels(flows: Sequence[Flow], lines: set[int], value_lines: set[int], one_other: bool
                ) -> list[tuple[int, str]]:
    """`_row_starts` with each row's text on that line (its label's first line: from the word
    it begins with up to a value or the next row's label)."""
    starts: list[tuple[int, str]] = []
    for i, s in sorted((i, s) for f in flows for i, s in f.lines if i in lines):
        if _TABLE4_HEADING.search(s):
            break  # the label flow runs on into table 4's heading
        if i in value_lines:
            continue
        words = _words(s)
        begun = [k for k, w in enumerate(words) if _ROW_START.match(w) or one_other and _ONE_OTHER_START.match(w)]
        for k, b in enumerate(begun):
            upto = begun[k + 1] if k + 1 < len(begun) else len(words)
            text = list(takewhile(lambda w: not value_words(w), words[b:upto]))
            starts.append((i, "".join(text)))
    return starts


def _wraps(flows: Sequence[Flow], segments: list[Segment], used: set[int], outcomes: list[str]
           ) -> frozenset[str] | None:
    """The outcomes whose label wraps (`block_blank_wraps`), from the row labels begun on every
    line the table was read from; None where they do not count the table's rows."""
    value_lines = {i for x in segments for lines in x.flow_lines for i in lines}
    labels = _row_labels(flows, used, value_lines, "other.no_correction" not in outcomes)
    return wrapped_outcomes([t for _, t in labels], outcomes)


def _partial(flows: Sequence[Flow], segments: list[Segment], used: set[int], outcomes: list[str]) -> list[Fixed] | None:
    """`block_partial_beside.partial_beside` over the row labels begun on every line the table was
    read from."""
    value_lines = {i for x in segments for lines in x.flow_lines for i in lines}
    starts = _row_starts(flows, used, value_lines, "other.no_correction" not in outcomes)
    return partial_beside(segments, outcomes, starts)


_CARRIED_FORWARD_START = re.compile(r"^四[、.．]")  # the last row's label (四、结转下年度继续办理)


def _labelled_tail(flows: Sequence[Flow], segments: list[Segment], outcomes: list[str]) -> int:
    """How many of the table's last outcomes the last label flow names, where its values stand
    beside its labels (the last page's label flow, its rows' first columns beside their labels,
    the other columns elsewhere): its row labels begun, counted in order up to 四、结转下年度继续办理,
    each with the same number of values beside it. Those are the last printed rows. 0 where the
    label flow does not say so."""
    last = segments[-1] if segments else None
    if last is None or not last.beside or last.pre:
        return 0
    beside_lines = {line_index(t) for t in last.beside}
    label_flow = next((f for f in flows if beside_lines <= {i for i, _ in f.lines}), None)
    if label_flow is None:
        return 0
    value_lines = {i for lines in last.flow_lines for i in lines}
    starts: list[tuple[int, str]] = []
    for i, line in label_flow.lines:
        if _TABLE4_HEADING.search(line):
            break
        if i not in value_lines:
            starts.extend((i, w) for w in _words(line) if _ROW_START.match(w) or _ONE_OTHER_START.match(w))
    if not starts or not _CARRIED_FORWARD_START.match(starts[-1][1]) or len(starts) >= len(outcomes):
        return 0
    count = [0] * len(starts)
    for line in (line_index(t) for t in last.beside):
        row = sum(1 for i, _ in starts if i <= line) - 1
        if row < 0:
            return 0
        count[row] += 1
    return len(starts) if len(set(count)) == 1 else 0


def _ends(group: list[str]) -> list[list[str]]:
    """The outcomes of one end that printed rows may take, in order: none, each alone, both."""
    return [[], *([o] for o in group), group]


def findings(read: BlankRowsRead, outcomes: list[str], where: str) -> list[Issue]:
    """What was read (`inferred_alignment`) and what was left missing (listing the printed flows)."""
    out: list[Issue] = []
    blank = [o for o, row in read.rows.items() if all(t.state == BLANK for t in row)]
    if read.fewest is not None:
        f = read.fewest
        out.append(Issue("warning", "fewest_violations",
                         f"table 3 printed in blocks (plain pdftotext) with whole rows blank, each printed row's "
                         f"first values beside its label (a blank row's label alone); no reading satisfies every "
                         f"row total, column sum and the balance (the report prints an inconsistent table); "
                         f"{len(read.rows)} of {len(outcomes)} rows read by the fewest-violations rule: the fewest "
                         f"reading breaks {f.least} identity instance(s) ({f.ties} reading(s) that few), "
                         + ("no other reading" if f.runner_up is None else f"the next breaks {f.runner_up}")
                         + f"; every reading breaking at most {f.least + MARGIN} ({f.near}) gives these rows the same"
                         + (f"; read blank (no value printed for them): {', '.join(blank)}" if blank else ""),
                         where))
    elif read.rows:
        out.append(Issue("warning", "inferred_alignment",
                         f"table 3 printed in blocks (plain pdftotext) with whole rows blank: "
                         f"{len(read.rows)} of {len(outcomes)} rows read as every placement of the printed rows "
                         + ("(each row's first values printed beside its label, a blank row's label alone) "
                            if read.by_label else "")
                         + (f"(rows of one band in consecutive outcomes, none but a band's last with a label "
                            f"wrapped over lines: {', '.join(o for o in outcomes if o in read.wraps)}) "
                            if read.wraps else "") +
                         f"gives them for which every row total, column sum and the balance hold "
                         f"({read.kept} such placements of {read.tried} weighed)"
                         + (f"; read blank (no value printed for them): {', '.join(blank)}" if blank else ""),
                         where))
    open_rows = [o for o in outcomes if o not in read.rows]
    if open_rows:
        why = ("too many placements to weigh" if read.overflow else
               "placements satisfying the row totals, column sums and balance differ on them")
        out.append(Issue("warning", "ambiguous_row",
                         f"table 3 printed in blocks with blank cells lost: printed {read.printed}; {why} (the result "
                         f"rows between the first two and the last two are only known where none or all of "
                         f"them are blank); rows {', '.join(open_rows)} left missing", where))
    return out


def with_results_context(rows: list[Row], read: BlankRowsRead, outcomes: list[str]) -> list[Row]:
    """The rows (a row and a break per outcome read, in table order) with a group label of the
    results (（三）不予公开) before the results total where no result row before it is read: a
    bare 总计 is the results total only once the results began (else the applicants' total)."""
    total = outcomes[-_EDGE]
    if total not in read.rows or any(o in read.rows for o in outcomes[_EDGE:-_EDGE]):
        return rows
    at = 2 * sum(1 for o in outcomes[:-_EDGE] if o in read.rows)
    group = next(o.split(".")[0] for o in outcomes if "." in o)
    heading = label_table().canonical[("t3_group", group)]
    return [*rows[:at], Row([heading], rows[at].line), *rows[at:]]
