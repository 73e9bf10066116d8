"""Grid → canonical cells. One mapper for every reader, driven by the label table.

Rows are read in order. A recognised row label (`规章`, `1.属于国家秘密`, `（六）其他处理`)
opens an *anchor*; the value cells that follow it (in its row, or on following rows while
they hold only values) are its tokens. Section headings and header labels close anchors and
set context (which table, which group of table 3). When an anchor closes, its tokens are
aligned to the expected columns; where the text alone is ambiguous (merge artefacts, blank
cells that vanished) the table's shape and the identities decide, and every inference is
recorded as an issue. Cells never read stay `missing`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat

from ingest import codes
from ingest.alignment import (RUN, RowReading, Token, blank, printed_text, read_blocks, read_row, resolve_columns,
                              row_total_holds, run_token, signature, split_digits)
from ingest.labels import Label, label_table
from ingest.model import Cell, Issue, Row
from ingest.normalize import BLANK, MISSING, NOT_APPLICABLE, NUMBER_STATE, norm_label, parse_value

_MAX_LABEL_LEN = 60

_SCOPE_ORDER = {
    "proactive": ("section", "t2_item", "t2_item_2019", "t2_block", "t2_header", "t2_header_2019",
                  "t3_row", "t3_group", "t3_context", "t3_header", "t4_header"),
    "applications": ("section", "t3_row", "t3_group", "t3_context", "t3_header",
                     "t2_item", "t2_block", "t2_header", "t4_header"),
    # table 3's column headers are not looked for here: table 4's wrapped headers print their
    # halves (`其他` / `结果`), which would take the reading back to table 3
    "review_litigation": ("section", "t4_header", "t3_row", "t3_group", "t3_context",
                          "t2_item", "t2_block", "t2_header"),
    None: ("section", "t2_item", "t2_block", "t2_header", "t2_item_2019", "t2_header_2019",
           "t3_row", "t3_group", "t3_context", "t3_header", "t4_header"),
}
_SECTION_OF_SCOPE = {
    "t2_item": "proactive", "t2_item_2019": "proactive", "t2_block": "proactive", "t2_header": "proactive",
    "t2_header_2019": "proactive", "t3_row": "applications", "t3_group": "applications",
    "t3_context": "applications", "t3_header": "applications", "t4_header": "review_litigation",
}
_TABLE_SECTIONS = frozenset({"proactive", "applications", "review_litigation"})
_FUZZY_SCOPES = frozenset({"t2_item", "t3_row", "t3_group"})
_RESULT_CODES = frozenset(codes.RESULT_OUTCOMES) | {"results_total"}


@dataclass(slots=True)
class Anchor:
    scope: str  # t2_item | t2_item_2019 | t3_row | t3_group
    code: str
    label: str  # printed label, as read (group prefix included for table 3)
    where: str
    tokens: list[Token] = field(default_factory=list)


@dataclass(slots=True)
class MapResult:
    cells: list[Cell]
    format_version: str
    issues: list[Issue]
    sections_seen: list[str]


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_running_text(text: str) -> bool:
    return len(text) > _MAX_LABEL_LEN or "。" in text


def _where(row: Row) -> str:
    return f"page {row.page} line {row.line}" if row.page else f"line {row.line}"


class _Mapper:
    def __init__(self) -> None:
        self.labels = label_table()
        self.section: str | None = None
        self.sections_seen: list[str] = []
        self.group: str | None = None
        self.group_label = ""
        self.last_t3 = ""
        self.results_seen = False
        self.anchor: Anchor | None = None
        self.closed: list[Anchor] = []
        self.t4_active = False
        self.t4_tokens: list[Token] = []
        self.t4_seen = False  # table 4's header was printed
        # proceeding → where its header starts in spaced text, and where each 结果维持 header
        # stands (start, end): by display column, and by character offset
        self.t4_cols: dict[str, int] = {}
        self.t4_upheld_spans: list[tuple[int, int]] = []
        self.t4_chars: dict[str, int] = {}
        self.t4_header_lines: list[list[tuple[int, int]]] = []  # (character offset, length) of each header cell
        self.t4_upheld_char_spans: list[tuple[int, int]] = []
        self.t2_format_2019 = False
        self.t2_money_unit: str | None = None  # 元 | 万元 from the 2019 header 采购总金额（单位：…）
        self.pending_text: str | None = None
        self.issues: list[Issue] = []
        self.stray_values: set[str] = set()  # sections where values stood under no row label
        self.conflicts: set[tuple[str, str]] = set()
        self.fragment_after: Anchor | None = None  # the row just closed by an unknown label fragment
        self.doubtful: dict[int, int] = {}  # row (id) → values on the next line beside its label's rest  # rows printed twice with different values
        self.t4_interleaved = False  # table 4's headers went on after its values: their order is not the columns'
        self.t3_header_open = False  # table 3's column headers are being printed (again, after a page break)
        self.runs_seen = False  # a token holds several cells' digits run together (see alignment.RUN)
        self.block_break = False  # a break between blocks of text came after the last label or value
        self.in_blocks = False  # the text comes in blocks (plain pdftotext): a column may print as one block

    # -- reading --------------------------------------------------------------------------
    def feed(self, row: Row) -> None:
        cells = row.cells
        if len(cells) == 1:
            self._feed_one(cells[0], row)
            return
        if not cells:
            self.block_break = self.in_blocks = True
            return
        where = _where(row)
        row_has_label = False
        # Blank cells wait for the next cell: left of a label they are the empty positions of a
        # merged cell (rowspan/colspan in the source) and are dropped; otherwise they are values.
        blanks: list[Token] = []
        runs = row.runs
        printed_value = False
        for text, col, ocr, char in zip(cells, row.cols or repeat(None), row.ocr or repeat(None),
                                        row.chars or repeat(None)):
            if text is None:
                continue
            if runs and (run := run_token(text, where)) is not None:
                self.runs_seen = printed_value = True
                self._value(run, row_has_label)
                continue
            parsed = parse_value(text)
            if parsed is not None:
                tok = Token(parsed[0], parsed[1], text.strip(), where, col, ocr, char)
                if parsed[1] == BLANK:
                    blanks.append(tok)
                    continue
                printed_value = True
                if blanks:
                    self._values(blanks, row_has_label)
                    blanks = []
                self._value(tok, row_has_label)
                continue
            blanks = []
            s = text.strip()
            if _is_running_text(s):
                self._running_text()
                continue
            key = norm_label(s)
            if not key:
                continue
            row_has_label = True
            self._label(key, s, where, col, char)
        if blanks:
            self._values(blanks, row_has_label)
        if self.t4_active and row.chars and not printed_value and not any(t.state != BLANK for t in self.t4_tokens):
            self.t4_header_lines.append([(c, len(t)) for t, c in zip(cells, row.chars) if t])

    def _feed_one(self, text: str | None, row: Row) -> None:
        """A row of one cell (most rows): what `feed` does, without its bookkeeping for many cells."""
        if text is None:
            return
        s = text.strip()
        if _is_running_text(s):
            self._running_text()  # the common line of narrative: nothing to read in it
            return
        col = row.cols[0] if row.cols else None
        char = row.chars[0] if row.chars else None
        run = run_token(s, _where(row)) if row.runs else None
        if run is not None:
            self.runs_seen = True
            self._value(run, False)
            return
        parsed = parse_value(text)
        if parsed is not None:
            self._value(Token(parsed[0], parsed[1], s, _where(row), col, row.ocr[0] if row.ocr else None, char),
                        False)
            return
        key = norm_label(s)
        if key:
            self._label(key, s, _where(row), col, char)

    def _running_text(self) -> None:
        """Running text (a sentence, a paragraph) ends whatever row or table 4 was being read."""
        self._close()
        self.pending_text = None
        if self.t4_tokens:
            self.t4_active = False

    def _values(self, toks: list[Token], row_has_label: bool) -> None:
        for tok in toks:
            self._value(tok, row_has_label)

    def _value(self, tok: Token, row_has_label: bool) -> None:
        self.pending_text = None
        if self.block_break and self.anchor is not None:
            self._close()  # values in the next block of text are not beside the label
        if self.anchor is not None:
            self.anchor.tokens.append(tok)
        elif self.t4_active:
            if tok.state == BLANK and row_has_label:
                return  # empty header positions of table 4
            self.t4_tokens.append(tok)
        elif tok.state != BLANK and self.section in _TABLE_SECTIONS:
            self.stray_values.add(self.section)
            if self.fragment_after is not None:
                # values beside the rest of the last row's label: its numbers may wrap too
                key = id(self.fragment_after)
                self.doubtful[key] = self.doubtful.get(key, 0) + 1

    def _label(self, key: str, raw: str, where: str, col: int | None = None, char: int | None = None) -> None:
        label = self._resolve(key)
        if label is None:
            label, raw = self._unresolved(key, raw, where, col)
            if label is None:
                return
        self.pending_text = None
        if label.scope == "t4_header":
            self._t4_header_at(label.code, raw, col, char)
        self._apply(label, raw, where)

    def _t4_header_at(self, code: str, raw: str, col: int | None, char: int | None) -> None:
        """Where a table-4 header stands (spaced text), and whether values came before it."""
        if col is not None:
            if code in codes.PROCEEDINGS:
                self.t4_cols[code] = col
            elif code == "upheld":
                self.t4_upheld_spans.append((col, col + _display_width(raw)))
        if char is not None:
            if code in codes.PROCEEDINGS:
                self.t4_chars[code] = char
            elif code == "upheld":
                self.t4_upheld_char_spans.append((char, char + len(raw)))
        if any(t.state != BLANK for t in self.t4_tokens):
            self.t4_interleaved = True

    def _unresolved(self, key: str, raw: str, where: str, col: int | None) -> tuple[Label | None, str]:
        """(label, printed label) of a cell whose key is not in the table as it stands; no label
        when the cell was taken otherwise (split, the rest of a wrapped label, or pending text)."""
        if self.anchor is not None and self.anchor.scope in _T2_SCOPES and _GLUED.fullmatch(raw):
            # table-2 values run together around a sign ("2648-18538"): one token, split later
            self.anchor.tokens.append(Token(None, _GLUED_STATE, raw, where))
            return None, raw
        if self.pending_text is not None:
            label = self._resolve(norm_label(self.pending_text + raw))
            if label is not None:
                return label, self.pending_text + raw
        parts = _split_numbered(raw)
        if len(parts) > 1 and all(self._resolve(norm_label(p)) or i == 0 for i, p in enumerate(parts)):
            for part in parts:  # "（三）不予公开 1.属于国家秘密" in one cell: group, then row
                self._label(norm_label(part), part, where, col)
            return None, raw
        if self.anchor is not None and not self.anchor.tokens and not _NUMBERED.match(raw):
            # wrapped label: the rest of the anchor's label on the next line
            self.anchor.label += raw
            return None, raw
        if self.section in _TABLE_SECTIONS:
            fuzzy = self.labels.fuzzy(key, _FUZZY_SCOPES)
            if fuzzy is not None and self._allowed(fuzzy[0]):
                label = fuzzy[0]
                self.issues.append(Issue("warning", "fuzzy_label",
                                         f"label {raw!r} read as {label.variant!r} (similarity {fuzzy[1]:.2f})", where))
                return label, raw
        if self.anchor is not None and self.anchor.tokens:
            self.fragment_after = self.anchor  # a label fragment right after a row's values
        self._close()
        self.pending_text = raw
        return None, raw

    def _allowed(self, label: Label) -> bool:
        if label.scope == "t3_row":
            if label.code == "other.other" and self.group != "other" and not self.last_t3.startswith("other."):
                return False  # a bare "其他" is the row 3.其他 only inside （六）其他处理
            if label.code == "results_total" and (not self.results_seen or self.t3_header_open):
                return False  # 总计 of the header row (repeated on a new page) is the applicants' total
        if label.scope == "t4_header" and label.code == "total" and self.section != "review_litigation":
            return False
        return True

    def _resolve(self, key: str) -> Label | None:
        found = self.labels.lookup(key)
        if not found:
            return None
        order = _SCOPE_ORDER.get(self.section, _SCOPE_ORDER[None])
        if len(found) == 1:  # the usual label: one reading, no order to weigh
            label = found[0]
            return label if label.scope in order and self._allowed(label) else None
        for scope in order:
            for label in found:
                if label.scope == scope and self._allowed(label):
                    return label
        return None

    def _apply(self, label: Label, raw: str, where: str) -> None:
        self.fragment_after = None
        self.block_break = False
        self._close()
        scope = label.scope
        if scope == "section":
            self.section = label.code
            self.sections_seen.append(label.code)
            self.group = None
            self.t4_active = label.code == "review_litigation"
            return
        section = _SECTION_OF_SCOPE[scope]
        if scope in ("t3_header", "t3_row", "t3_group"):
            self.t3_header_open = scope == "t3_header"
        if self.section != section:  # a table's label outside its section: follow the label
            self.section = section
            self.t4_active = section == "review_litigation"
        if scope in ("t2_item", "t2_item_2019"):
            self.anchor = Anchor(scope, label.code, raw, where)
        elif scope == "t2_header" and self.in_blocks and label.code in _FIRST_T2_MEASURES:
            # in text printed block by block, the values right under a header of table 2's first
            # part, in its block, are that column's cells for 规章 and 规范性文件
            self.anchor = Anchor("t2_column", label.code, raw, where)
        elif scope == "t2_header_2019":
            self.t2_format_2019 = True
            if label.code == "procurement_amount":
                self.t2_money_unit = _money_unit(raw)
        elif scope == "t3_row":
            self.last_t3 = label.code
            if label.code in _RESULT_CODES:
                self.results_seen = True
            if label.code in ("granted", "partially_granted", "results_total"):
                self.group = None
            prefix = f"{self.group_label} / " if self.group and "." in label.code else ""
            self.anchor = Anchor(scope, label.code, prefix + raw, where)
        elif scope == "t3_group":
            self.group = label.code
            self.group_label = raw
            self.results_seen = True
            self.anchor = Anchor(scope, label.code, raw, where)
        elif scope == "t3_context":
            self.results_seen = True
        elif scope == "t4_header":
            self.t4_active = True
            self.t4_seen = True

    def _close(self) -> None:
        if self.anchor is not None:
            self.closed.append(self.anchor)
            self.anchor = None

    # -- assembling -----------------------------------------------------------------------
    def result(self) -> MapResult:
        self._close()
        self.t2_format_2019 = self.t2_format_2019 or any(a.scope == "t2_item_2019" for a in self.closed)
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
            if self.doubtful and 0 < self.doubtful.get(id(a), 0) < len(_row_shape(a, self.template)[1]):  # a few digits: wrapped numbers
                self.issues.append(Issue("warning", "unplaced_row",
                                         f"row {a.label!r}: values {printed_text(a.tokens)}, and more values on the "
                                         "next line beside the rest of its label (digits wrapped?): cells left missing",
                                         a.where))
                continue
            self._place(cells, a, undecided)
        for a in weak:
            table, subs, _ = _row_shape(a, self.template)
            if any(k[0] == table and k[1] == a.code for k in cells) or (table == "applications" and a.code in undecided):
                continue
            n = len(subs)
            if table in detached:
                self.issues.append(Issue("warning", "unplaced_row",
                                         f"row {a.label!r} has no values beside it, and the table's values stand "
                                         "apart from their labels: its cells are missing", a.where))
                continue
            a.tokens = [blank(a.where)] * n
            self.issues.append(Issue("warning", "inferred_blank_row",
                                     f"row {a.label!r} has no values: read as {n} blank cells", a.where))
            self._place(cells, a, undecided)
        self._decide_by_columns(cells, undecided)
        self._place_t2_columns(cells, columns)
        self._place_t4(cells)
        self._report_absent(cells)
        return MapResult(self._ordered(cells), self.template, self.issues, self.sections_seen)

    @property
    def template(self) -> str:
        """Table 2's template: "2019" when its headers or (seen by `result`) its 2019-only rows were printed."""
        return "2019" if self.t2_format_2019 else "2021"

    def _find_conflicts(self) -> None:
        """Rows printed more than once with different values (a header such as 总计 taken for the
        row, or values that stand apart from their labels): none of the printings is trusted."""
        rows: dict[tuple[str, str], list[Anchor]] = {}
        for a in self.closed:
            if a.tokens and a.scope in _ROW_SCOPES:
                rows.setdefault(("proactive" if a.scope in _T2_SCOPES else "applications", a.code), []).append(a)
        for key, printings in rows.items():
            if len(printings) < 2:
                continue  # the usual row, printed once
            by_raw: dict[tuple[str, ...], tuple[list[Token], str]] = {}
            for a in printings:
                printed = _trailing_blanks_dropped(a.tokens)
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
            if a.scope not in _ROW_SCOPES:
                continue
            table, n = ("proactive", len(measures[a.code])) if a.scope in _T2_SCOPES else ("applications", _N_APPLICANTS)
            if len(toks) > n and sum(1 for t in toks if t.state != BLANK) > n:
                detached.add(table)
        return detached

    def _place(self, cells: dict, a: Anchor, undecided: dict[str, tuple[Anchor, RowReading]]) -> None:
        """The anchor's tokens as the cells of its table-2 or table-3 row; a table-3 row its row
        total leaves with several readings waits for the column identities."""
        table, subs, holds = _row_shape(a, self.template)
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
        reading = read_row(a.tokens, len(subs), holds)
        if a.code in undecided or (table, a.code, subs[0]) in cells:
            self._duplicate(cells, undecided, a, table, subs, reading)
            return
        if reading.decided is not None:
            if not reading.fits:
                self._inferred(a.label, reading.printed, reading.decided,
                               "where the row total holds" if holds else "", a.where)
            self._put(cells, a, table, subs, reading.decided)
        elif table == "applications" and len(reading.readings) > 1:
            undecided[a.code] = (a, reading)
        else:
            self._unaligned(f"row {a.label!r}", reading, len(subs), "the row total" if holds else None, a.where)

    def _duplicate(self, cells: dict, undecided: dict, a: Anchor, table: str, subs: tuple[str, ...],
                   reading: RowReading) -> None:
        """A row printed twice: the same values again are nothing new; other values make both
        readings doubtful (a header such as 总计 taken for the row), so its cells are missing."""
        first = [cells.get((table, a.code, sub)) for sub in subs]
        if not _trailing_blanks_dropped(a.tokens):
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
        for (key, sub, col_label), tok in zip(_row_keys(table, a.code, subs, self.template), toks):
            if key in cells:
                self.issues.append(Issue("warning", "duplicate_row",
                                         f"{a.code} printed twice; the first reading is kept", a.where))
                return
            cells[key] = Cell(table, a.code, sub, tok.value, tok.state, tok.raw, a.label, col_label, tok.where,
                              tok.ocr)

    def _t2_2019_tokens(self, a: Anchor, subs: tuple[str, ...]) -> list[Token] | None:
        """A 2019 table-2 row: values run together split where only one split is possible,
        the procurement amount converted to 万元 from the unit printed."""
        if any(t.state in _RUN_STATES for t in a.tokens) or (
                len(a.tokens) == 1 < len(subs) and _LEADING_ZERO.match(a.tokens[0].raw)):
            toks = _split_glued(a, subs, self.issues)
        else:
            reading = read_row(a.tokens, len(subs), None)
            if reading.decided is None:
                self._unaligned(f"row {a.label!r}", reading, len(subs), None, a.where)
                return None
            if not reading.fits:
                self._inferred(a.label, reading.printed, reading.decided, "", a.where)
            toks = list(reading.decided)
        if toks is None or "procurement_amount_10k_yuan" not in subs:
            return toks
        i = subs.index("procurement_amount_10k_yuan")
        toks[i] = _in_10k_yuan(toks[i], self.t2_money_unit, a.label, self.issues)
        return toks

    def _decide_by_columns(self, cells: dict, undecided: dict[str, tuple[Anchor, RowReading]]) -> None:
        """Table-3 rows with several readings: the one combination the column sums and the
        balance allow, else their cells stay missing."""
        if not undecided:
            return
        known = {(k[1], k[2]): c for k, c in cells.items() if k[0] == "applications" and c.state != MISSING}
        has_other = ("other", "total") in known or codes.OTHER_GROUP in undecided
        chosen, passing = resolve_columns(known, {code: r.readings for code, (_, r) in undecided.items()}, has_other)
        for code, (a, reading) in undecided.items():
            if code in chosen:
                self._inferred(a.label, reading.printed, chosen[code],
                               "where the row total, the column sums and the balance hold", a.where)
                self._put(cells, a, "applications", codes.APPLICANTS, chosen[code])
            else:
                self._unaligned(f"row {a.label!r}", reading, len(codes.APPLICANTS),
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
            if len(printed) != len(_FIRST_T2_ITEMS):
                if printed:
                    self.issues.append(Issue("warning", "ambiguous_row",
                                             f"column {a.label!r}: {len(printed)} values printed under it "
                                             f"({printed_text(printed)}) for {len(_FIRST_T2_ITEMS)} rows; cells left missing",
                                             a.where))
                continue
            for item, tok in zip(_FIRST_T2_ITEMS, printed):
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
                                     f"read as its cells for {', '.join(_FIRST_T2_ITEMS)}", a.where))

    def _inferred(self, what: str, printed: list[Token], toks: list[Token], why: str, where: str | None) -> None:
        self.issues.append(Issue("warning", "inferred_alignment",
                                 f"{what}: printed {printed_text(printed)}; read as {printed_text(toks)}, "
                                 f"the only placement in column order {why}".rstrip(), where))

    def _unaligned(self, what: str, reading: RowReading, n: int, identity: str | None, where: str | None) -> None:
        if reading.overflow:
            why = "too many placements to weigh"
        elif identity is None:
            why = "no identity to choose a placement" if len(reading.readings) != 1 else ""
        elif not reading.readings:
            why = f"no placement in column order satisfies {identity}"
        else:
            why = f"{len(reading.readings)} placements satisfy {identity}"
        code = "no_alignment" if not reading.readings and not reading.overflow and identity else "ambiguous_row"
        self.issues.append(Issue("warning", code,
                                 f"{what}: {len(reading.printed)} values printed ({printed_text(reading.printed)}) "
                                 f"for {n} columns; {why}; cells left missing", where))

    def _place_t4(self, cells: dict) -> None:
        toks = self.t4_tokens
        n = len(codes.T4_CELLS)
        chosen: list[Token] | None = None
        if self.t4_interleaved:
            self.issues.append(Issue("warning", "ambiguous_row",
                                     f"table 4: values printed between its headers ({printed_text(toks)}): "
                                     "their order is not the columns'; cells left missing"))
        elif not toks:
            if self.t4_seen:
                chosen = [blank("")] * n
                self.issues.append(Issue("warning", "inferred_blank_row",
                                         "table 4 is printed without any value: read as 15 blank cells"))
        elif (by_column := self._t4_by_columns(toks)) is not None or (by_column := self._t4_by_grid(toks)) is not None:
            chosen = by_column
            if len(toks) != n:
                self.issues.append(Issue("warning", "inferred_alignment",
                                         f"table 4: printed {printed_text(toks)}; values placed under the "
                                         "headers they stand below"))
        else:
            reading = read_blocks(toks, len(codes.T4_OUTCOMES), len(codes.PROCEEDINGS), row_total_holds)
            chosen = reading.decided
            if chosen is not None and not reading.fits:
                self._inferred("table 4", toks, chosen, "where every proceeding's total holds", None)
            elif chosen is None:
                self._unaligned("table 4", reading, n, "the totals", None)
        if chosen is None:
            return
        for (proceeding, outcome), tok in zip(codes.T4_CELLS, chosen):
            cells[("review_litigation", proceeding, outcome)] = Cell(
                "review_litigation", proceeding, outcome, tok.value, tok.state, tok.raw,
                _COL_LABEL[proceeding], _COL_LABEL[outcome], tok.where, tok.ocr)

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

    def _t4_by_columns(self, toks: list[Token]) -> list[Token] | None:
        """Table 4 by where its values stand, counted by display width (terminals, fixed-width
        text) or by characters (pdftotext -layout, inscriptis); when both units place the
        values, they must agree."""
        by_width = self._t4_by_column(toks, self.t4_cols, self.t4_upheld_spans, lambda t: t.col)
        by_chars = self._t4_by_column(toks, self.t4_chars, self.t4_upheld_char_spans, lambda t: t.char)
        if by_width is None or by_chars is None:
            return by_width or by_chars
        return by_width if signature(by_width) == signature(by_chars) else None

    def _t4_by_grid(self, toks: list[Token]) -> list[Token] | None:
        """Table 4 as a converter prints a table that ignores its spans (inscriptis): the k-th
        cell of every row starts at the same character offset, columns two spaces apart and as
        wide as their widest cell. The header lines give the columns they cover; the values
        line's k-th cell is table 4's k-th column; values past the header columns follow each
        other two spaces apart. Every value must stand exactly at a column's start."""
        toks = [t for t in toks if t.state != BLANK]
        n = len(codes.T4_CELLS)
        lines = [line for line in self.t4_header_lines if len(line) >= 2]
        if not toks or not lines or any(t.char is None or t.where != toks[0].where for t in toks):
            return None
        grid = max(lines, key=len)
        starts = [c for c, _ in grid]
        if len(starts) >= n or any(line[k][0] != starts[k] for line in lines for k in range(len(line))):
            return None  # the headers do not stand on one grid of columns
        widths = [max(line[k][1] for line in lines if k < len(line)) for k in range(len(starts))]
        if any(starts[k + 1] != starts[k] + widths[k] + 2 for k in range(len(starts) - 1)):
            return None  # not columns two spaces apart
        placed: dict[int, Token] = {}
        k, beyond = 0, None
        for t in toks:
            if beyond is None:
                while k < len(starts) and starts[k] < t.char:
                    k += 1  # a blank column
                if k < len(starts):
                    if starts[k] != t.char or len(t.raw) > widths[k]:
                        return None
                    placed[k] = t
                    k += 1
                    continue
                beyond = starts[-1] + widths[-1] + 2
                k = len(starts)
            if t.char != beyond or k >= n:
                return None
            placed[k] = t
            beyond, k = beyond + len(t.raw) + 2, k + 1
        blank = Token(None, BLANK, "", toks[0].where)
        return [placed.get(i, blank) for i in range(n)]

    @staticmethod
    def _t4_by_column(toks: list[Token], header_at: dict[str, int], upheld_spans: list[tuple[int, int]],
                      at: Callable[[Token], int | None]) -> list[Token] | None:
        """Table 4 values grouped under the proceeding headers they stand below, when every
        value has a column and each proceeding gets all five or none."""
        toks = [t for t in toks if t.state != BLANK]
        if len(header_at) < 3 or not toks or any(at(t) is None for t in toks):
            return None
        starts = sorted((col, p) for p, col in header_at.items())
        if [p for _, p in starts] != list(codes.PROCEEDINGS) or len({col for col, _ in starts}) < 3:
            return None  # the headers do not stand side by side: their columns say nothing
        groups: dict[str, list[Token]] = {p: [] for p in codes.PROCEEDINGS}
        for t in toks:
            owner = next((p for col, p in reversed(starts) if col <= at(t)), starts[0][1])
            groups[owner].append(t)
        if any(len(g) not in (0, 5) for g in groups.values()):
            return None
        offsets = [at(g[0]) - header_at[p] for p, g in groups.items() if g]
        if max(offsets) - min(offsets) > 1:
            return None  # the blocks do not stand alike under their headers: their places say nothing
        if len(offsets) == 1 and abs(offsets[0]) > 2:
            first = next(g[0] for g in groups.values() if g)
            if not any(start <= at(first) < end for start, end in upheld_spans):
                return None  # a lone block not under a 结果维持 header: its place says nothing
        blank = [Token(None, BLANK, "", toks[0].where)] * 5
        return [t for p in codes.PROCEEDINGS for t in (groups[p] or blank)]

    def _ordered(self, cells: dict) -> list[Cell]:
        has_other = ("applications", codes.OTHER_GROUP, "total") in cells  # rows are placed whole
        return [cells.get(key) or Cell(*key, None, MISSING) for key in _cell_order(has_other, self.template)]


@lru_cache(maxsize=4)
def _cell_order(has_other: bool, template: str = "2021") -> tuple[tuple[str, str, str], ...]:
    """Keys of the contract's cells in printed order (table 2 of the report's template); with
    （六）其他处理 printed as one row, its cells come before its sub-rows'."""
    keys = [("proactive", item, measure) for item, measure in codes.T2_CELLS_BY_TEMPLATE[template]]
    for outcome in codes.T3_OUTCOMES:
        if has_other and outcome == codes.OTHER_SUBROWS[0]:
            keys += [("applications", codes.OTHER_GROUP, applicant) for applicant in codes.APPLICANTS]
        keys += [("applications", outcome, applicant) for applicant in codes.APPLICANTS]
    keys += [("review_litigation", proceeding, outcome) for proceeding, outcome in codes.T4_CELLS]
    return tuple(keys)


_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]|[一二三四五六七八九十]+、)")
_INNER_NUMBERING = re.compile(r"(?<=\S)\s*(?=[（(][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.、．](?!\d))")


def _trailing_blanks_dropped(toks: list[Token]) -> list[Token]:
    end = len(toks)
    while end and toks[end - 1].state == BLANK:
        end -= 1
    return toks[:end]


def _split_numbered(raw: str) -> list[str]:
    """Split a cell holding a group label and a numbered row label: "（四）无法提供 1.本机关不掌握…"."""
    return [p.strip() for p in _INNER_NUMBERING.split(raw) if p.strip()]


def _row_shape(a: Anchor, template: str) -> tuple[str, tuple[str, ...], object]:
    """(table, column codes, row identity) of a table-2 item row or a table-3 outcome row."""
    if a.scope in _T2_SCOPES:
        return "proactive", codes.T2_MEASURES_BY_TEMPLATE[template][a.code], None
    return "applications", codes.APPLICANTS, row_total_holds


@lru_cache(maxsize=None)
def _row_keys(table: str, code: str, subs: tuple[str, ...],
              template: str) -> tuple[tuple[tuple[str, str, str], str, str | None], ...]:
    """(cell key, column code, printed column label) of each cell of a row (a few hundred rows exist)."""
    col_label = _COL_LABEL_2019 | _COL_LABEL if template == "2021" or table != "proactive" else _COL_LABEL | _COL_LABEL_2019
    return tuple(((table, code, sub), sub, col_label.get(sub)) for sub in subs)


_T2_SCOPES = frozenset({"t2_item", "t2_item_2019"})
_ROW_SCOPES = _T2_SCOPES | {"t3_row", "t3_group"}
_N_APPLICANTS = len(codes.APPLICANTS)
_FIRST_T2_ITEMS = ("regulation", "normative_document")  # table 2's first part (第二十条第（一）项), in order
_FIRST_T2_MEASURES = frozenset(codes.T2_MEASURES_BY_ITEM["regulation"])
# Values run together around a minus sign, which parse_value does not take for one number.
_GLUED = re.compile(r"-?\d[\d.]*(?:-\d[\d.]*)+(?:万元|元)?")
_GLUED_STATE = "glued"  # a token holding several values; never leaves the mapper
_RUN_STATES = frozenset({_GLUED_STATE, RUN})  # glued around a sign here, or a digit run from the reader
_LEADING_ZERO = re.compile(r"^0\d")
_PIECE = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"0|-?[1-9]\d*"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}


def _piece_value(piece: str, measure: str) -> tuple[int | float | None, str] | None:
    """(value, state) of one value cut out of a run, or None when the piece cannot be one cell."""
    if piece == "-":
        return None, NOT_APPLICABLE
    kind = ("money" if measure in codes.T2_DECIMAL_MEASURES
            else "signed" if measure in codes.T2_SIGNED_MEASURES else "count")
    if not _PIECE[kind].fullmatch(piece):
        return None
    return parse_value(piece)


def _split_glued(a: Anchor, subs: tuple[str, ...], issues: list[Issue]) -> list[Token]:
    """The row's cells from tokens whose values ran together ("2648-18538", "007"): every way of
    cutting them into one value per column (no leading zeros, a minus only where a value may be
    negative or as a not-applicable mark) is tried; a cell is read where all the cuts agree,
    else it is missing. Table 2 has no identity to choose among cuts."""
    n = len(subs)
    runs = [t.raw.replace(",", "") if t.state in _RUN_STATES or _LEADING_ZERO.match(t.raw) else None
            for t in a.tokens]

    def cuts(ti: int, ci: int) -> list[tuple[tuple[str, tuple], ...]]:
        if ti == len(runs):
            return [()] if ci == n else []
        if runs[ti] is None:  # a token that is one value
            tok = a.tokens[ti]
            return [((tok.raw, (tok.value, tok.state)),) + r for r in cuts(ti + 1, ci + 1)] if ci < n else []
        out = []
        for parts in split_digits(runs[ti], n - ci, lambda piece, k: _piece_value(piece, subs[ci + k]) is not None):
            head = tuple((piece, _piece_value(piece, subs[ci + k])) for k, piece in enumerate(parts))
            out += [head + r for r in cuts(ti + 1, ci + len(parts))]
        return out

    readings = cuts(0, 0)
    printed = " ".join(t.raw for t in a.tokens)
    # an OCR'd run: each piece is as sure as the least sure of the cells it was cut from
    ocr_seen = [t.ocr for t in a.tokens if t.ocr is not None]
    ocr = (" ".join(o[0] for o in ocr_seen), min(o[1] for o in ocr_seen)) if ocr_seen else None
    toks = []
    for i in range(n):
        seen = {r[i][1] for r in readings}
        if len(seen) == 1:
            (value, state), piece = seen.pop(), readings[0][i][0]
            toks.append(Token(value, state, piece, a.where, ocr=ocr))
        else:
            toks.append(Token(None, MISSING, None, a.where, ocr=ocr))
    unread = [s for s, t in zip(subs, toks) if t.state == MISSING]
    if unread:
        issues.append(Issue("warning", "ambiguous_row",
                            f"row {a.label!r}: values run together ({printed}); {len(readings)} ways to split "
                            f"them, {', '.join(unread)} left missing", a.where))
    else:
        issues.append(Issue("warning", "inferred_split",
                            f"row {a.label!r}: values run together ({printed}) split the only possible way",
                            a.where))
    return toks


def _money_unit(text: str) -> str | None:
    return "万元" if "万元" in text else "元" if "元" in text else None


def _in_10k_yuan(tok: Token, header_unit: str | None, label: str, issues: list[Issue]) -> Token:
    """A money cell in 万元, from the unit printed in the cell or else in its header."""
    if tok.state != NUMBER_STATE:
        return tok
    unit = _money_unit(tok.raw or "") or header_unit
    if unit is None:
        issues.append(Issue("warning", "money_unit_unknown",
                            f"row {label!r}: amount {tok.raw!r} printed without 元 or 万元; left missing", tok.where))
        return Token(None, MISSING, tok.raw, tok.where, ocr=tok.ocr)
    if unit == "万元":
        return tok
    value = round(tok.value / 10000, 6)
    return Token(int(value) if float(value).is_integer() else value, tok.state, tok.raw, tok.where, tok.col, tok.ocr)


_COL_LABEL = {
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "decisions": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）",
    "natural_person": "自然人", "commercial_enterprise": "商业企业", "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织", "legal_service_org": "法律服务机构", "other_org": "其他",
    "total": "总计", "administrative_review": "行政复议", "litigation_direct": "行政诉讼 未经复议直接起诉",
    "litigation_after_review": "行政诉讼 复议后起诉", "upheld": "结果维持", "corrected": "结果纠正",
    "other": "其他结果", "pending": "尚未审结",
}


_COL_LABEL_2019 = {
    "new_made": "本年新制作数量", "new_published": "本年新公开数量", "total_published": "对外公开总数量",
    "previous_year_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
    "procurement_items": "采购项目数量", "procurement_amount_10k_yuan": "采购总金额",
}


def map_rows(rows: list[Row]) -> MapResult:
    mapper = _Mapper()
    for row in rows:
        mapper.feed(row)
    return mapper.result()
