"""Grid → canonical cells. One mapper for every reader, driven by the label table.

Rows are read in order. A recognised row label (`规章`, `1.属于国家秘密`, `（六）其他处理`)
opens an *anchor*; the value cells that follow it (in its row, or on following rows while
they hold only values) are its tokens. Section headings and header labels close anchors and
set context (which table, which group of table 3). When an anchor closes, its tokens are
aligned to the expected columns; where the text alone is ambiguous (merge artefacts, blank
cells that vanished) the table's shape and the identities decide, and every inference is
recorded as an issue. Cells never read stay `missing`.

This module reads the rows; the parts it uses live in `ingest/mapping/` (which section a
label opens, the columns, row placement, values run together, table 4).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat

from ingest.alignment import Token, run_token
from ingest.labels import Label, label_table
from ingest.mapping.columns import money_unit
from ingest.mapping.glued import GLUED, GLUED_STATE
from ingest.mapping.rows import FIRST_T2_MEASURES, T2_SCOPES, Anchor, Placement
from ingest.mapping.sections import (FUZZY_SCOPES, MAX_LABEL_LEN, NUMBERED, RESULT_CODES, SECTION_OF_SCOPE,
                                     TABLE_SECTIONS, Context, is_running_text, split_numbered)
from ingest.mapping.table4 import Table4
from ingest.model import Cell, Issue, Row
from ingest.normalize import BLANK, MISSING, norm_label, parse_value


@dataclass(slots=True)
class MapResult:
    cells: list[Cell]
    format_version: str
    issues: list[Issue]
    sections_seen: list[str]


_NONE = repeat(None)  # a row's cols, OCR readings or character offsets when it has none


def _where(row: Row) -> str:
    return f"page {row.page} line {row.line}" if row.page else f"line {row.line}"


class _Mapper:
    def __init__(self) -> None:
        self.labels = label_table()
        self.at = Context()  # the section, table 3's group and what table 3 printed so far
        self.sections_seen: list[str] = []
        self.group_label = ""
        self.anchor: Anchor | None = None
        self.closed: list[Anchor] = []
        self.t4 = Table4()
        self.t2_format_2019 = False
        self.t2_money_unit: str | None = None  # 元 | 万元 from the 2019 header 采购总金额（单位：…）
        self.pending_text: str | None = None
        self.issues: list[Issue] = []
        self.stray_values: set[str] = set()  # sections where values stood under no row label
        self.fragment_after: Anchor | None = None  # the row just closed by an unknown label fragment
        self.doubtful: dict[int, int] = {}  # row (id) → values on the next line beside its label's rest
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
        for text, col, ocr, char, unread in zip(cells, row.cols or _NONE, row.ocr or _NONE, row.chars or _NONE,
                                                row.unread or _NONE):
            if text is None:
                continue
            if runs and (run := run_token(text, where)) is not None:
                self.runs_seen = printed_value = True
                self._value(run, row_has_label)
                continue
            parsed = (None, MISSING) if unread else parse_value(text)
            if parsed is not None:
                value, state = parsed
                tok = Token(value, state, text.strip(), where, col, ocr, char)
                if state == BLANK:
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
            if is_running_text(s):
                self._running_text()
                continue
            key = norm_label(s)
            if not key:
                continue
            row_has_label = True
            self._label(key, s, where, col, char)
        if blanks:
            self._values(blanks, row_has_label)
        if self.t4.active and row.chars and not printed_value and not any(t.state != BLANK for t in self.t4.tokens):
            self.t4.header_lines.append([(c, len(t)) for t, c in zip(cells, row.chars) if t])

    def _feed_one(self, text: str | None, row: Row) -> None:
        """A row of one cell (most rows): what `feed` does, without its bookkeeping for many cells."""
        if text is None:
            return
        s = text.strip()
        if len(s) > MAX_LABEL_LEN or "。" in s:  # is_running_text, inline: the common line of narrative
            self._running_text()  # nothing to read in it
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
        if self.t4.tokens:
            self.t4.active = False

    def _values(self, toks: list[Token], row_has_label: bool) -> None:
        for tok in toks:
            self._value(tok, row_has_label)

    def _value(self, tok: Token, row_has_label: bool) -> None:
        self.pending_text = None
        if self.block_break and self.anchor is not None:
            self._close()  # values in the next block of text are not beside the label
        if self.anchor is not None:
            self.anchor.tokens.append(tok)
        elif self.t4.active:
            if tok.state == BLANK and row_has_label:
                return  # empty header positions of table 4
            self.t4.tokens.append(tok)
        elif tok.state != BLANK and self.at.section in TABLE_SECTIONS:
            self.stray_values.add(self.at.section)
            if self.fragment_after is not None:
                # values beside the rest of the last row's label: its numbers may wrap too
                key = id(self.fragment_after)
                self.doubtful[key] = self.doubtful.get(key, 0) + 1

    def _label(self, key: str, raw: str, where: str, col: int | None = None, char: int | None = None) -> None:
        label = self.at.resolve(self.labels, key)
        if label is None:
            label, raw = self._unresolved(key, raw, where, col)
            if label is None:
                return
        self.pending_text = None
        if label.scope == "t4_header":
            self.t4.header_at(label.code, raw, col, char)
        self._apply(label, raw, where)

    def _unresolved(self, key: str, raw: str, where: str, col: int | None) -> tuple[Label | None, str]:
        """(label, printed label) of a cell whose key is not in the table as it stands; no label
        when the cell was taken otherwise (split, the rest of a wrapped label, or pending text)."""
        if self.anchor is not None and self.anchor.scope in T2_SCOPES and GLUED.fullmatch(raw):
            # table-2 values run together around a sign ("2648-18538"): one token, split later
            self.anchor.tokens.append(Token(None, GLUED_STATE, raw, where))
            return None, raw
        if self.pending_text is not None:
            label = self.at.resolve(self.labels, norm_label(self.pending_text + raw))
            if label is not None:
                return label, self.pending_text + raw
        parts = split_numbered(raw)
        if len(parts) > 1 and all(self.at.resolve(self.labels, norm_label(p)) or i == 0 for i, p in enumerate(parts)):
            for part in parts:  # "（三）不予公开 1.属于国家秘密" in one cell: group, then row
                self._label(norm_label(part), part, where, col)
            return None, raw
        if self.anchor is not None and not self.anchor.tokens and not NUMBERED.match(raw):
            # wrapped label: the rest of the anchor's label on the next line
            self.anchor.label += raw
            return None, raw
        if self.at.section in TABLE_SECTIONS:
            fuzzy = self.labels.fuzzy(key, FUZZY_SCOPES)
            if fuzzy is not None and self.at.allowed(fuzzy[0]):
                label = fuzzy[0]
                self.issues.append(Issue("warning", "fuzzy_label",
                                         f"label {raw!r} read as {label.variant!r} (similarity {fuzzy[1]:.2f})", where))
                return label, raw
        if self.anchor is not None and self.anchor.tokens:
            self.fragment_after = self.anchor  # a label fragment right after a row's values
        self._close()
        self.pending_text = raw
        return None, raw

    def _apply(self, label: Label, raw: str, where: str) -> None:
        self.fragment_after = None
        self.block_break = False
        self._close()
        scope = label.scope
        if scope == "section":
            self.at.section = label.code
            self.sections_seen.append(label.code)
            self.at.group = None
            self.t4.active = label.code == "review_litigation"
            return
        section = SECTION_OF_SCOPE[scope]
        if scope in ("t3_header", "t3_row", "t3_group"):
            self.at.t3_header_open = scope == "t3_header"
        if self.at.section != section:  # a table's label outside its section: follow the label
            self.at.section = section
            self.t4.active = section == "review_litigation"
        if scope in ("t2_item", "t2_item_2019"):
            self.anchor = Anchor(scope, label.code, raw, where)
        elif scope == "t2_header" and self.in_blocks and label.code in FIRST_T2_MEASURES:
            # in text printed block by block, the values right under a header of table 2's first
            # part, in its block, are that column's cells for 规章 and 规范性文件
            self.anchor = Anchor("t2_column", label.code, raw, where)
        elif scope == "t2_header_2019":
            self.t2_format_2019 = True
            if label.code == "procurement_amount":
                self.t2_money_unit = money_unit(raw)
        elif scope == "t3_row":
            self.at.last_t3 = label.code
            if label.code in RESULT_CODES:
                self.at.results_seen = True
            if label.code in ("granted", "partially_granted", "results_total"):
                self.at.group = None
            prefix = f"{self.group_label} / " if self.at.group and "." in label.code else ""
            self.anchor = Anchor(scope, label.code, prefix + raw, where)
        elif scope == "t3_group":
            self.at.group = label.code
            self.group_label = raw
            self.at.results_seen = True
            self.anchor = Anchor(scope, label.code, raw, where)
        elif scope == "t3_context":
            self.at.results_seen = True
        elif scope == "t4_header":
            self.t4.active = True
            self.t4.seen = True

    def _close(self) -> None:
        if self.anchor is not None:
            self.closed.append(self.anchor)
            self.anchor = None

    # -- assembling -----------------------------------------------------------------------
    def result(self, joinable: frozenset[int] = frozenset()) -> MapResult:
        self._close()
        self.t2_format_2019 = self.t2_format_2019 or any(a.scope == "t2_item_2019" for a in self.closed)
        placement = Placement(self.closed, self.template, self.issues, self.stray_values, self.doubtful,
                              self.runs_seen, self.t2_money_unit, joinable)
        return MapResult(placement.cells(self.t4), self.template, self.issues, self.sections_seen)

    @property
    def template(self) -> str:
        """Table 2's template: "2019" when its headers or (seen by `result`) its 2019-only rows were printed."""
        return "2019" if self.t2_format_2019 else "2021"


def map_rows(rows: list[Row], joinable: frozenset[int] = frozenset()) -> MapResult:
    """The cells of a document's rows. `joinable`: the lines after which a lone `-` leaves no
    trace (`SourceDoc.joinable`): a table-2 row with no values there is not read blank."""
    mapper = _Mapper()
    for row in rows:
        mapper.feed(row)
    return mapper.result(joinable)
