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
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, repeat

from ingest import codes
from ingest.labels import Label, label_table
from ingest.model import Cell, Issue, Row
from ingest.normalize import BLANK, MISSING, NUMBER_STATE, norm_label, parse_value

_MAX_LABEL_LEN = 60

_SCOPE_ORDER = {
    "proactive": ("section", "t2_item", "t2_item_2019", "t2_block", "t2_header", "t2_header_2019",
                  "t3_row", "t3_group", "t3_context", "t3_header", "t4_header"),
    "applications": ("section", "t3_row", "t3_group", "t3_context", "t3_header",
                     "t2_item", "t2_block", "t2_header", "t4_header"),
    "review_litigation": ("section", "t4_header", "t3_row", "t3_group", "t3_context", "t3_header",
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
class Token:
    value: int | float | None
    state: str
    raw: str
    where: str
    col: int | None = None  # display column in space-aligned text
    ocr: tuple[str, float] | None = None  # OCR'd cell: (text as recognised, confidence)


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
        self.t4_cols: dict[str, int] = {}  # proceeding → display column of its header (spaced text)
        self.t2_format_2019 = False
        self.pending_text: str | None = None
        self.issues: list[Issue] = []

    # -- reading --------------------------------------------------------------------------
    def feed(self, row: Row) -> None:
        cells = row.cells
        if len(cells) == 1:
            self._feed_one(cells[0], row)
            return
        where = _where(row)
        row_has_label = False
        # Blank cells wait for the next cell: left of a label they are the empty positions of a
        # merged cell (rowspan/colspan in the source) and are dropped; otherwise they are values.
        blanks: list[Token] = []
        for text, col, ocr in zip(cells, row.cols or repeat(None), row.ocr or repeat(None)):
            if text is None:
                continue
            parsed = parse_value(text)
            if parsed is not None:
                tok = Token(parsed[0], parsed[1], text.strip(), where, col, ocr)
                if parsed[1] == BLANK:
                    blanks.append(tok)
                    continue
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
            self._label(key, s, where, col)
        if blanks:
            self._values(blanks, row_has_label)

    def _feed_one(self, text: str | None, row: Row) -> None:
        """A row of one cell (most rows): what `feed` does, without its bookkeeping for many cells."""
        if text is None:
            return
        s = text.strip()
        if _is_running_text(s):
            self._running_text()  # the common line of narrative: nothing to read in it
            return
        col = row.cols[0] if row.cols else None
        parsed = parse_value(text)
        if parsed is not None:
            self._value(Token(parsed[0], parsed[1], s, _where(row), col, row.ocr[0] if row.ocr else None), False)
            return
        key = norm_label(s)
        if key:
            self._label(key, s, _where(row), col)

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
        if self.anchor is not None:
            self.anchor.tokens.append(tok)
        elif self.t4_active:
            if tok.state == BLANK and row_has_label:
                return  # empty header positions of table 4
            self.t4_tokens.append(tok)

    def _label(self, key: str, raw: str, where: str, col: int | None = None) -> None:
        label = self._resolve(key)
        if label is None:
            label, raw = self._unresolved(key, raw, where, col)
            if label is None:
                return
        self.pending_text = None
        if label.scope == "t4_header" and label.code in codes.PROCEEDINGS and col is not None:
            self.t4_cols[label.code] = col
        self._apply(label, raw, where)

    def _unresolved(self, key: str, raw: str, where: str, col: int | None) -> tuple[Label | None, str]:
        """(label, printed label) of a cell whose key is not in the table as it stands; no label
        when the cell was taken otherwise (split, the rest of a wrapped label, or pending text)."""
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
        self._close()
        self.pending_text = raw
        return None, raw

    def _allowed(self, label: Label) -> bool:
        if label.scope == "t3_row":
            if label.code == "other.other" and self.group != "other" and not self.last_t3.startswith("other."):
                return False  # a bare "其他" is the row 3.其他 only inside （六）其他处理
            if label.code == "results_total" and not self.results_seen:
                return False
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
        self._close()
        scope = label.scope
        if scope == "section":
            self.section = label.code
            self.sections_seen.append(label.code)
            self.group = None
            self.t4_active = label.code == "review_litigation"
            return
        section = _SECTION_OF_SCOPE[scope]
        if self.section != section:  # a table's label outside its section: follow the label
            self.section = section
            self.t4_active = section == "review_litigation"
        if scope in ("t2_item", "t2_item_2019"):
            self.anchor = Anchor(scope, label.code, raw, where)
        elif scope == "t2_header_2019":
            self.t2_format_2019 = True
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
        cells: dict[tuple[str, str, str], Cell] = {}
        weak: list[Anchor] = []  # anchors without any token: blank rows, or a label quoted in text
        for a in self.closed:
            if a.scope == "t3_group":
                if not a.tokens and a.code == codes.OTHER_GROUP and not any(
                        b.scope == "t3_row" and b.code in codes.OTHER_SUBROWS for b in self.closed):
                    # （六）其他处理 printed as one row whose cells are all empty
                    a.tokens = [Token(None, BLANK, "", a.where)] * len(codes.APPLICANTS)
                    self.issues.append(Issue("warning", "inferred_blank_row",
                                             f"row {a.label!r} has no values and no sub-rows: read as one row "
                                             "of 7 blank cells", a.where))
                if a.tokens:
                    if a.code == codes.OTHER_GROUP:
                        self._place(cells, a)
                    else:
                        self.issues.append(Issue("warning", "unexpected_values",
                                                 f"values after group label {a.label!r} ignored", a.where))
                continue
            if a.scope == "t2_item_2019" or (a.scope == "t2_item" and self.t2_format_2019):
                raw = ", ".join(t.raw or "(blank)" for t in a.tokens)
                self.issues.append(Issue("warning", "format_2019_unmapped",
                                         f"2019-layout table 2 row {a.label!r}: {raw} (not mapped onto 2021 measures)",
                                         a.where))
                continue
            if not a.tokens:
                weak.append(a)
                continue
            self._place(cells, a)
        for a in weak:
            if a.scope == "t2_item" and self.t2_format_2019:
                continue
            table, subs, _ = _row_shape(a)
            if any(k[0] == table and k[1] == a.code for k in cells):
                continue
            n = len(subs)
            a.tokens = [Token(None, BLANK, "", a.where)] * n
            self.issues.append(Issue("warning", "inferred_blank_row",
                                     f"row {a.label!r} has no values: read as {n} blank cells", a.where))
            self._place(cells, a)
        self._place_t4(cells)
        self._report_absent(cells)
        return MapResult(self._ordered(cells), "2019" if self.t2_format_2019 else "2021", self.issues,
                         self.sections_seen)

    def _place(self, cells: dict, a: Anchor) -> None:
        """The anchor's tokens as the cells of its table-2 or table-3 row."""
        table, subs, identity = _row_shape(a)
        toks = self._align(a, len(subs), identity)
        if toks is None:
            return
        code, label = a.code, a.label
        for (key, sub, col_label), tok in zip(_row_keys(table, code, subs), toks):
            if key in cells:
                self.issues.append(Issue("warning", "duplicate_row",
                                         f"{code} printed twice; the first reading is kept", a.where))
                continue
            cells[key] = Cell(table, code, sub, tok.value, tok.state, tok.raw, label, col_label, tok.where,
                               tok.ocr)

    def _align(self, a: Anchor, n: int, identity) -> list[Token] | None:
        """The n tokens of the anchor's row, or None (cells stay missing) when no reading fits."""
        toks = a.tokens
        if len(toks) == n:
            return toks
        if len(toks) > n:
            windows = _windows(toks, n)
            if not windows:
                self.issues.append(Issue("warning", "extra_values",
                                         f"row {a.label!r}: {len(toks)} values where {n} were expected; "
                                         f"the first {n} are kept", a.where))
                return toks[:n]
            chosen = windows[0]
            if identity is not None and not identity(chosen):
                passing = [w for w in windows if identity(w)]
                if len(passing) >= 1 and len({_sig(w) for w in passing}) == 1:
                    chosen = passing[0]
                    self.issues.append(Issue("warning", "inferred_alignment",
                                             f"row {a.label!r}: empty fields placed so that the row total holds",
                                             a.where))
            return chosen
        # fewer values than columns: blank cells vanished from the text
        if identity is None:
            self.issues.append(Issue("warning", "missing_values",
                                     f"row {a.label!r}: {len(toks)} of {n} values; cells left missing", a.where))
            return None
        readings = {}
        for positions in combinations(range(n), len(toks)):
            filled = [Token(None, BLANK, "", a.where)] * n
            for p, t in zip(positions, toks):
                filled[p] = t
            if identity(filled):
                readings.setdefault(_sig(filled), filled)
        if len(readings) == 1:
            self.issues.append(Issue("warning", "inferred_blanks",
                                     f"row {a.label!r}: {n - len(toks)} blank cells vanished; "
                                     f"placed where the row total holds", a.where))
            return next(iter(readings.values()))
        why = "no placement" if not readings else f"{len(readings)} placements"
        self.issues.append(Issue("warning", "ambiguous_row",
                                 f"row {a.label!r}: {len(toks)} of {n} values and {why} of the blanks "
                                 f"satisfy the row total; cells left missing", a.where))
        return None

    def _place_t4(self, cells: dict) -> None:
        toks = self.t4_tokens
        n = len(codes.T4_CELLS)
        chosen: list[Token] | None = None
        if len(toks) == n:
            chosen = toks
        elif len(toks) > n:
            windows = _windows(toks, n)
            chosen = windows[0] if windows else None
            if chosen is None:
                self.issues.append(Issue("warning", "extra_values",
                                         f"table 4: {len(toks)} values where {n} were expected; left missing"))
        elif (by_column := self._t4_by_column(_strip_blanks(toks))) is not None:
            chosen = by_column
            self.issues.append(Issue("warning", "inferred_blanks",
                                     "table 4: blank cells vanished; values placed under their headers by column"))
        elif toks and len(core := _strip_blanks(toks)) % 5 == 0 and core:
            toks = core
            readings = {}
            for present in combinations(range(3), len(toks) // 5):
                filled = [Token(None, BLANK, "", toks[0].where)] * n
                for block, p in enumerate(present):
                    filled[p * 5:(p + 1) * 5] = toks[block * 5:(block + 1) * 5]
                if all(_t4_holds(filled[i * 5:(i + 1) * 5]) for i in range(3)):
                    readings.setdefault(_sig(filled), filled)
            if len(readings) == 1:
                chosen = next(iter(readings.values()))
                self.issues.append(Issue("warning", "inferred_blanks",
                                         f"table 4: {n - len(toks)} blank cells vanished; placed where totals hold"))
            else:
                self.issues.append(Issue("warning", "ambiguous_row",
                                         f"table 4: {len(toks)} of {n} values, {len(readings)} consistent readings; "
                                         "left missing"))
        elif toks:
            self.issues.append(Issue("warning", "missing_values",
                                     f"table 4: {len(toks)} of {n} values; cells left missing"))
        elif self.t4_seen:
            chosen = [Token(None, BLANK, "", "")] * n
            self.issues.append(Issue("warning", "inferred_blank_row",
                                     "table 4 is printed without any value: read as 15 blank cells"))
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
        absent_t2 = [i for i in codes.T2_ITEMS if not self.t2_format_2019
                     and ("proactive", i, codes.T2_MEASURES_BY_ITEM[i][0]) not in cells]
        absent_t3 = [o for o in codes.T3_OUTCOMES if not (has_other and o in codes.OTHER_SUBROWS)
                     and ("applications", o, codes.APPLICANTS[0]) not in cells]
        for table, absent in (("table 2", absent_t2), ("table 3", absent_t3)):
            if absent:
                self.issues.append(Issue("warning", "missing_rows",
                                         f"{table}: no reading for {', '.join(absent)}; their cells are missing"))
        if ("review_litigation", *codes.T4_CELLS[0]) not in cells and not any(  # table 4 is placed whole
                i.message.startswith("table 4") for i in self.issues):
            self.issues.append(Issue("warning", "missing_rows", "table 4: no values found; its cells are missing"))

    def _t4_by_column(self, toks: list[Token]) -> list[Token] | None:
        """Table 4 values grouped under the proceeding headers they stand below, when every
        value has a column and each proceeding gets all five or none."""
        if len(self.t4_cols) < 3 or not toks or any(t.col is None for t in toks):
            return None
        starts = sorted((col, p) for p, col in self.t4_cols.items())
        groups: dict[str, list[Token]] = {p: [] for p in codes.PROCEEDINGS}
        for t in toks:
            owner = next((p for col, p in reversed(starts) if col <= t.col), starts[0][1])
            groups[owner].append(t)
        if any(len(g) not in (0, 5) for g in groups.values()):
            return None
        blank = [Token(None, BLANK, "", toks[0].where)] * 5
        return [t for p in codes.PROCEEDINGS for t in (groups[p] or blank)]

    def _ordered(self, cells: dict) -> list[Cell]:
        has_other = ("applications", codes.OTHER_GROUP, "total") in cells  # rows are placed whole
        return [cells.get(key) or Cell(*key, None, MISSING) for key in _cell_order(has_other)]


@lru_cache(maxsize=2)
def _cell_order(has_other: bool) -> tuple[tuple[str, str, str], ...]:
    """Keys of the contract's cells in printed order; with （六）其他处理 printed as one row, its
    cells come before its sub-rows'."""
    keys = [("proactive", item, measure) for item, measure in codes.T2_CELLS]
    for outcome in codes.T3_OUTCOMES:
        if has_other and outcome == codes.OTHER_SUBROWS[0]:
            keys += [("applications", codes.OTHER_GROUP, applicant) for applicant in codes.APPLICANTS]
        keys += [("applications", outcome, applicant) for applicant in codes.APPLICANTS]
    keys += [("review_litigation", proceeding, outcome) for proceeding, outcome in codes.T4_CELLS]
    return tuple(keys)


_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]|[一二三四五六七八九十]+、)")
_INNER_NUMBERING = re.compile(r"(?<=\S)\s*(?=[（(][一二三四五六七八九十]+[)）]|(?<![\d.])\d{1,2}[.、．](?!\d))")


def _split_numbered(raw: str) -> list[str]:
    """Split a cell holding a group label and a numbered row label: "（四）无法提供 1.本机关不掌握…"."""
    return [p.strip() for p in _INNER_NUMBERING.split(raw) if p.strip()]


def _row_shape(a: Anchor) -> tuple[str, tuple[str, ...], object]:
    """(table, column codes, row identity) of a table-2 item row or a table-3 outcome row."""
    if a.scope == "t2_item":
        return "proactive", codes.T2_MEASURES_BY_ITEM[a.code], None
    return "applications", codes.APPLICANTS, _row_total_holds


@lru_cache(maxsize=None)
def _row_keys(table: str, code: str, subs: tuple[str, ...]) -> tuple[tuple[tuple[str, str, str], str, str | None], ...]:
    """(cell key, column code, printed column label) of each cell of a row (a few hundred rows exist)."""
    return tuple(((table, code, sub), sub, _COL_LABEL.get(sub)) for sub in subs)


def _windows(toks: list[Token], n: int) -> list[list[Token]]:
    """Contiguous runs of n tokens whose dropped neighbours are all blank, trailing blanks dropped first."""
    out = []
    extra = len(toks) - n
    # order: drop trailing blanks first (trailing tabs are the commonest artefact), then leading
    for trail in range(extra, -1, -1):
        lead = extra - trail
        dropped = toks[:lead] + toks[len(toks) - trail:]
        if all(t.state == BLANK for t in dropped):
            out.append(toks[lead:len(toks) - trail])
    return out


def _strip_blanks(toks: list[Token]) -> list[Token]:
    start, end = 0, len(toks)
    while start < end and toks[start].state == BLANK:
        start += 1
    while end > start and toks[end - 1].state == BLANK:
        end -= 1
    return toks[start:end]


def _sig(toks: list[Token]) -> tuple:
    return tuple((t.value, t.state) for t in toks)


def _num(t: Token) -> float:
    return t.value if t.state == NUMBER_STATE and t.value is not None else 0


def _row_total_holds(toks: list[Token]) -> bool:
    return abs(sum(_num(t) for t in toks[:-1]) - _num(toks[-1])) < 1e-9


def _t4_holds(toks: list[Token]) -> bool:
    return abs(sum(_num(t) for t in toks[:4]) - _num(toks[4])) < 1e-9


_COL_LABEL = {
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
    "decisions": "本年处理决定数量", "amount_10k_yuan": "本年收费金额（单位：万元）",
    "natural_person": "自然人", "commercial_enterprise": "商业企业", "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织", "legal_service_org": "法律服务机构", "other_org": "其他",
    "total": "总计", "administrative_review": "行政复议", "litigation_direct": "行政诉讼 未经复议直接起诉",
    "litigation_after_review": "行政诉讼 复议后起诉", "upheld": "结果维持", "corrected": "结果纠正",
    "other": "其他结果", "pending": "尚未审结",
}


def map_rows(rows: list[Row]) -> MapResult:
    mapper = _Mapper()
    for row in rows:
        mapper.feed(row)
    return mapper.result()
