"""Placing rows: a row label's values (an `Anchor`'s tokens) become the cells of its table-2
or table-3 row. Where the text alone is ambiguous (merge artefacts, blank cells that vanished)
the row total and the column identities decide; a row printed twice with other values, or
values that stand apart from their labels, leave cells missing. Every inference is a finding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import compress
from operator import not_

from ingest import codes
from ingest.alignment import RUN, RowReading, Token, blank, printed_text, read_row, resolve_columns, row_total_holds
from ingest.alignment_runs import whole_row
from ingest.mapping.columns import cell_order, in_10k_yuan, row_keys
from ingest.alignment_breaks import fewest_columns, open_readings
from ingest.mapping.findings import fewest_read, inferred, unaligned
from ingest.mapping.glued import LEADING_ZERO, RUN_STATES, split_glued
from ingest.mapping.table4 import Table4
from ingest.model import Cell, Issue
from ingest.normalize import BLANK, MISSING

T2_SCOPES = frozenset({"t2_item", "t2_item_2019"})
ROW_SCOPES = T2_SCOPES | {"t3_row", "t3_group"}
_N_APPLICANTS = len(codes.APPLICANTS)
FIRST_T2_ITEMS = ("regulation", "normative_document")  # table 2's first part (第二十条第（一）项), in order
FIRST_T2_MEASURES = frozenset(codes.T2_MEASURES_BY_ITEM["regulation"])


@dataclass(slots=True)
class Anchor:
    scope: str  # t2_item | t2_item_2019 | t3_row | t3_group | t2_column
    code: str
    label: str  # printed label, as read (group prefix included for table 3)
    where: str
    tokens: list[Token] = field(default_factory=list)


def row_shape(a: Anchor, template: str) -> tuple[str, tuple[str, ...], object]:
    """(table, column codes, row identity) of a table-2 item row or a table-3 outcome row."""
    if a.scope in T2_SCOPES:
        return "proactive", codes.T2_MEASURES_BY_TEMPLATE[template][a.code], None
    return "applications", codes.APPLICANTS, row_total_holds


def trailing_blanks_dropped(toks: list[Token]) -> list[Token]:
    end = len(toks)
    while end and toks[end - 1].state == BLANK:
        end -= 1
    return toks[:end]


class Placement:
    """The cells of a document from the row labels read (`closed` anchors, in printed order)."""

    def __init__(self, closed: list[Anchor], template: str, issues: list[Issue], stray_values: set[str],
                 doubtful: dict[int, int], runs_seen: bool, t2_money_unit: str | None,
                 joinable: frozenset[int] = frozenset()) -> None:
        self.closed = closed
        self.template = template
        self.issues = issues
        self.stray_values = stray_values  # sections where values stood under no row label
        self.doubtful = doubtful  # row (id) → values on the next line beside its label's rest
        self.runs_seen = runs_seen  # a token holds several cells' digits run together (see alignment.RUN)
        self.t2_money_unit = t2_money_unit  # 元 | 万元 from the 2019 header 采购总金额（单位：…）
        self.joinable = joinable  # lines after which a lone `-` leaves no trace (SourceDoc.joinable)
        self.conflicts: set[tuple[str, str]] = set()  # rows printed twice with different values
        # table 2's first-part rows printed with fewer values than columns: decided once the
        # columns printed as blocks of their own are read (see _place_t2_columns)
        self.t2_short: list[tuple[Anchor, RowReading]] = []
        # table-3 rows no reading of which satisfies the row total (a body's slip, or a misread):
        # weighed with the columns by the fewest-violations rule, else missing (_decide_by_columns)
        self.unheld: dict[str, tuple[Anchor, RowReading]] = {}
        # readings of runs cut as rows printed whole (alignment_runs), by id; kept alive here, or a
        # later reading could take a freed one's id and its finding this note
        self.whole: dict[int, RowReading] = {}

    def cells(self, t4: Table4) -> list[Cell]:
        cells: dict[tuple[str, str, str], Cell] = {}
        weak: list[Anchor] = []  # anchors without any token: blank rows, or a label quoted in text
        undecided: dict[str, tuple[Anchor, RowReading]] = {}  # table-3 rows the row total leaves open
        columns: list[Anchor] = []  # table-2 columns printed as a block under their header
        detached = self._values_detached()
        self._find_conflicts()
        for a in self.closed:
            if a.scope == "t2_column":
                columns.append(a)
                continue
            if a.scope == "t3_group":
                if not a.tokens and a.code == codes.OTHER_GROUP and "applications" not in detached and not any(
                        b.scope == "t3_row" and b.code in codes.OTHER_SUBROWS for b in self.closed):
                    # （六）其他处理 printed as one row whose cells are all empty
                    a.tokens = [blank(a.where)] * len(codes.APPLICANTS)
                    self.issues.append(Issue("warning", "inferred_blank_row",
                                             f"row {a.label!r} has no values and no sub-rows: read as one row "
                                             "of 7 blank cells", a.where))
                if a.tokens:
                    if a.code == codes.OTHER_GROUP:
                        self._place(cells, a, undecided)
                    else:
                        self.issues.append(Issue("warning", "unexpected_values",
                                                 f"values after group label {a.label!r} ignored", a.where))
                continue
            if not a.tokens:
                weak.append(a)
                continue
            if self.doubtful and 0 < self.doubtful.get(id(a), 0) < len(row_shape(a, self.template)[1]):  # a few digits: wrapped numbers
                self.issues.append(Issue("warning", "unplaced_row",
                                         f"row {a.label!r}: values {printed_text(a.tokens)}, and more values on the "
                                         "next line beside the rest of its label (digits wrapped?): cells left missing",
                                         a.where))
                continue
            self._place(cells, a, undecided)
        for a in weak:
            table, subs, _ = row_shape(a, self.template)
            if any(k[0] == table and k[1] == a.code for k in cells) or (table == "applications" and a.code in undecided):
                continue
            n = len(subs)
            if table in detached:
                self.issues.append(Issue("warning", "unplaced_row",
                                         f"row {a.label!r} has no values beside it, and the table's values stand "
                                         "apart from their labels: its cells are missing", a.where))
                continue
            if table == "proactive" and a.where.startswith("line ") and int(a.where[5:]) in self.joinable:
                self.issues.append(Issue("warning", "unplaced_row",
                                         f"row {a.label!r} has no values beside it and another line follows it in "
                                         "its flow (plain pdftotext): a lone `-` there leaves no trace (poppler joins "
                                         "a line ending in a hyphen to the next), so blank and `-` alike fit: its "
                                         "cells are missing", a.where))
                continue
            a.tokens = [blank(a.where)] * n
            self.issues.append(Issue("warning", "inferred_blank_row",
                                     f"row {a.label!r} has no values: read as {n} blank cells", a.where))
            self._place(cells, a, undecided)
        self._decide_by_columns(cells, undecided)
        self._place_t2_columns(cells, columns)
        t4.place(cells, self.issues)
        self._report_absent(cells)
        return self._ordered(cells)

    def _find_conflicts(self) -> None:
        """Rows printed more than once with different values (a header such as 总计 taken for the
        row, or values that stand apart from their labels): none of the printings is trusted."""
        rows: dict[tuple[str, str], list[Anchor]] = {}
        for a in self.closed:
            if a.tokens and a.scope in ROW_SCOPES:
                rows.setdefault(("proactive" if a.scope in T2_SCOPES else "applications", a.code), []).append(a)
        for key, printings in rows.items():
            if len(printings) < 2:
                continue  # the usual row, printed once
            by_raw: dict[tuple[str, ...], tuple[list[Token], str]] = {}
            for a in printings:
                printed = trailing_blanks_dropped(a.tokens)
                if printed:  # empty fields add nothing
                    by_raw.setdefault(tuple(t.raw for t in printed), (printed, a.where))
            if len(by_raw) > 1:
                seen = {printed_text(p) for p, _ in by_raw.values()}
                self.conflicts.add(key)
                self.issues.append(Issue("warning", "conflicting_rows",
                                         f"{key[1]} printed more than once with different values "
                                         f"({' / '.join(sorted(seen))}): cells left missing", next(iter(by_raw.values()))[1]))

    def _values_detached(self) -> set[str]:
        """Tables whose values were not printed beside their labels (text extracted column by
        column): values under no label, or a row with more values than columns. A label without
        values there is not a blank row."""
        detached = set(self.stray_values)
        measures = codes.T2_MEASURES_BY_TEMPLATE[self.template]
        for a in self.closed:
            toks = a.tokens
            if not toks:
                continue
            if a.scope == "t2_column":
                detached.add("proactive")  # values printed under their column's header, not beside a label
                continue
            if a.scope not in ROW_SCOPES:
                continue
            table, n = ("proactive", len(measures[a.code])) if a.scope in T2_SCOPES else ("applications", _N_APPLICANTS)
            if len(toks) > n and sum(1 for t in toks if t.state != BLANK) > n:
                detached.add(table)
        return detached

    def _place(self, cells: dict, a: Anchor, undecided: dict[str, tuple[Anchor, RowReading]]) -> None:
        """The anchor's tokens as the cells of its table-2 or table-3 row; a table-3 row its row
        total leaves with several readings waits for the column identities."""
        table, subs, holds = row_shape(a, self.template)
        if (table, a.code) in self.conflicts:
            return
        if table == "proactive" and self.template == "2019":
            toks = self._t2_2019_tokens(a, subs)
            if toks is not None:
                self._put(cells, a, table, subs, toks)
            return
        if len(a.tokens) == len(subs) and not self.runs_seen and a.code not in undecided \
                and (table, a.code, subs[0]) not in cells:
            self._put(cells, a, table, subs, a.tokens)  # the usual row: one value a column, as printed
            return
        whole = whole_row(a.tokens[0], len(subs), holds) if (
            table == "applications" and len(a.tokens) == 1 and a.tokens[0].state == RUN) else None
        reading = whole or read_row(a.tokens, len(subs), holds)
        if whole is not None:
            self.whole[id(whole)] = whole
        if a.code in undecided or (table, a.code, subs[0]) in cells:
            self._duplicate(cells, undecided, a, table, subs, reading)
            return
        if reading.decided is not None:
            if not reading.fits:
                inferred(self.issues, a.label, reading.printed, reading.decided,
                         ("where the row total holds" if holds else "") + self._whole_note(reading), a.where)
            self._put(cells, a, table, subs, reading.decided)
        elif table == "applications" and len(reading.readings) > 1:
            undecided[a.code] = (a, reading)
        elif table == "proactive" and a.code in FIRST_T2_ITEMS and self.template == "2021" \
                and 0 < len(a.tokens) < len(subs) and all(t.state not in (BLANK, RUN) for t in a.tokens):
            self.t2_short.append((a, reading))
        elif table == "applications" and holds is not None and not reading.readings and not reading.overflow:
            self.unheld[a.code] = (a, reading)
        else:
            unaligned(self.issues, f"row {a.label!r}", reading, len(subs), "the row total" if holds else None, a.where)

    def _whole_note(self, reading: RowReading) -> str:
        return ", every cell printed (a row run together is printed whole or left blank whole)" \
            if id(reading) in self.whole else ""

    def _duplicate(self, cells: dict, undecided: dict, a: Anchor, table: str, subs: tuple[str, ...],
                   reading: RowReading) -> None:
        """A row printed twice: the same values again are nothing new; other values make both
        readings doubtful (a header such as 总计 taken for the row), so its cells are missing."""
        first = [cells.get((table, a.code, sub)) for sub in subs]
        if not trailing_blanks_dropped(a.tokens):
            return  # empty fields (the rest of a wrapped label) are not a second printing
        if reading.decided is not None and all(first) and \
                [(c.value, c.state) for c in first] == [(t.value, t.state) for t in reading.decided]:
            self.issues.append(Issue("warning", "duplicate_row", f"{a.code} printed twice with the same values",
                                     a.where))
            return
        self.conflicts.add((table, a.code))
        undecided.pop(a.code, None)
        for sub in subs:
            cells.pop((table, a.code, sub), None)
        self.issues.append(Issue("warning", "conflicting_rows",
                                 f"{a.code} printed twice, the second time {printed_text(a.tokens)}: "
                                 "cells left missing", a.where))

    def _put(self, cells: dict, a: Anchor, table: str, subs: tuple[str, ...], toks: list[Token]) -> None:
        code, label = a.code, a.label
        for (key, sub, col_label), tok in zip(row_keys(table, code, subs, self.template), toks):
            if key in cells:
                self.issues.append(Issue("warning", "duplicate_row",
                                         f"{code} printed twice; the first reading is kept", a.where))
                return
            cells[key] = Cell(table, code, sub, tok.value, tok.state, tok.raw, label, col_label, tok.where, tok.ocr)

    def _t2_2019_tokens(self, a: Anchor, subs: tuple[str, ...]) -> list[Token] | None:
        """A 2019 table-2 row: values run together split where only one split is possible,
        the procurement amount converted to 万元 from the unit printed."""
        if any(t.state in RUN_STATES for t in a.tokens) or (
                len(a.tokens) == 1 < len(subs) and LEADING_ZERO.match(a.tokens[0].raw)):
            toks = split_glued(a, subs, self.issues)
        else:
            reading = read_row(a.tokens, len(subs), None)
            if reading.decided is None:
                unaligned(self.issues, f"row {a.label!r}", reading, len(subs), None, a.where)
                return None
            if not reading.fits:
                inferred(self.issues, a.label, reading.printed, reading.decided, "", a.where)
            toks = list(reading.decided)
        if toks is None or "procurement_amount_10k_yuan" not in subs:
            return toks
        i = subs.index("procurement_amount_10k_yuan")
        toks[i] = in_10k_yuan(toks[i], self.t2_money_unit, a.label, self.issues)
        return toks

    def _decide_by_columns(self, cells: dict, undecided: dict[str, tuple[Anchor, RowReading]]) -> None:
        """Table-3 rows with several readings: the one combination the column sums and the
        balance allow; where none does, the rows the fewest-violations rule states (with the rows
        no reading of which holds its row total, `unheld`); else their cells stay missing."""
        if not undecided and not self.unheld:
            return
        known = {(k[1], k[2]): c for k, c in cells.items() if k[0] == "applications" and c.state != MISSING}
        has_other = ("other", "total") in known or codes.OTHER_GROUP in undecided
        readings = {code: r.readings for code, (_, r) in undecided.items()}
        chosen, passing = resolve_columns(known, readings, has_other)
        least = None if chosen or passing else fewest_columns(known, readings | open_readings(
            {code: a.tokens for code, (a, _) in self.unheld.items()}), has_other)
        for code, (a, reading) in (undecided | self.unheld).items():
            if least is not None and code in least.rows:
                fewest_read(self.issues, a.label, reading.printed, least, code, a.where)
                self._put(cells, a, "applications", codes.APPLICANTS, least.rows[code])
            elif code in chosen:
                inferred(self.issues, a.label, reading.printed, chosen[code],
                         "where the row total, the column sums and the balance hold" + self._whole_note(reading),
                         a.where)
                self._put(cells, a, "applications", codes.APPLICANTS, chosen[code])
            else:
                unaligned(self.issues, f"row {a.label!r}", reading, len(codes.APPLICANTS),
                          "the row total" + (f", and {passing} combinations of the column identities,"
                                             if passing else ""), a.where)

    def _place_t2_columns(self, cells: dict, columns: list[Anchor]) -> None:
        """Table 2's first part printed column by column (plain pdftotext): a header with exactly
        one value per row under it, in its block, gives those cells; a header with fewer (a blank
        cell lost) gives none. A cell its row also gave with another value is missing."""
        if self.template != "2021":
            return
        for a in columns:
            printed = [t for t in a.tokens if t.state != BLANK]
            if len(printed) != len(FIRST_T2_ITEMS):
                if printed:
                    self.issues.append(Issue("warning", "ambiguous_row",
                                             f"column {a.label!r}: {len(printed)} values printed under it "
                                             f"({printed_text(printed)}) for {len(FIRST_T2_ITEMS)} rows; cells left missing",
                                             a.where))
                continue
            for item, tok in zip(FIRST_T2_ITEMS, printed):
                key = ("proactive", item, a.code)
                had = cells.get(key)
                if had is not None and (had.value, had.state) != (tok.value, tok.state):
                    del cells[key]
                    self.issues.append(Issue("warning", "conflicting_rows",
                                             f"{item}/{a.code} read {had.raw!r} in its row and {tok.raw!r} under "
                                             f"its column {a.label!r}: cell left missing", a.where))
                elif had is None:
                    cells[key] = Cell("proactive", item, a.code, tok.value, tok.state, tok.raw, None, a.label,
                                      tok.where, tok.ocr)
            self.issues.append(Issue("warning", "read_by_column",
                                     f"column {a.label!r}: {printed_text(printed)} printed under it in one block, "
                                     f"read as its cells for {', '.join(FIRST_T2_ITEMS)}", a.where))
        # a column printed apart holds its values under its header (no more than one a row)
        self._place_t2_short(cells, {a.code for a in columns
                                     if 0 < sum(t.state != BLANK for t in a.tokens) <= len(FIRST_T2_ITEMS)})

    def _place_t2_short(self, cells: dict, apart: set[str]) -> None:
        """A first-part row of table 2 printed with fewer values than columns: where the columns
        printed apart (blocks of their own with values under their header, read or not) leave
        exactly as many of its cells as it printed values, the values are those cells', in
        column order (each cell is printed once); otherwise its cells are missing."""
        for a, reading in self.t2_short:
            table, subs, _ = row_shape(a, self.template)
            left = [sub for sub in subs if (table, a.code, sub) not in cells and sub not in apart]
            if len(left) != len(a.tokens) or (table, a.code) in self.conflicts:
                unaligned(self.issues, f"row {a.label!r}", reading, len(subs), None, a.where)
                continue
            self._put(cells, a, table, tuple(left), a.tokens)
            self.issues.append(Issue("warning", "inferred_alignment",
                                     f"row {a.label!r}: printed {printed_text(a.tokens)}; read as its cells "
                                     f"{', '.join(left)}, the columns not printed in blocks of their own", a.where))

    def _report_absent(self, cells: dict) -> None:
        """One issue per table naming the rows the document does not have (their cells stay missing)."""
        if not cells:
            return
        # Rows are placed whole: a row is read when its first cell is.
        has_other = ("applications", codes.OTHER_GROUP, "total") in cells
        by_item = codes.T2_MEASURES_BY_TEMPLATE[self.template]
        absent_t2 = [i for i, measures in by_item.items() if ("proactive", i, measures[0]) not in cells]
        absent_t3 = [o for o in codes.T3_OUTCOMES if not (has_other and o in codes.OTHER_SUBROWS)
                     and ("applications", o, codes.APPLICANTS[0]) not in cells]
        for table, absent in (("table 2", absent_t2), ("table 3", absent_t3)):
            if absent:
                self.issues.append(Issue("warning", "missing_rows",
                                         f"{table}: no reading for {', '.join(absent)}; their cells are missing"))
        if ("review_litigation", *codes.T4_CELLS[0]) not in cells and not any(  # table 4 is placed whole
                i.message.startswith("table 4") for i in self.issues):
            self.issues.append(Issue("warning", "missing_rows", "table 4: no values found; its cells are missing"))

    def _ordered(self, cells: dict) -> list[Cell]:
        has_other = ("applications", codes.OTHER_GROUP, "total") in cells  # rows are placed whole
        order = cell_order(has_other, self.template)
        out = list(map(cells.get, order))
        for i in compress(range(len(out)), map(not_, out)):  # the cells not read (a Python loop over those only)
            out[i] = Cell(*order[i], None, MISSING)
        return out
