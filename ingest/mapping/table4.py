"""Table 4 (review and litigation): where its headers stand, and its 15 values placed under them.

Table 4 prints its values in one block after wrapped two-level headers, so its values are
read as one list. Where the reader gave positions (display columns of spaced text, character
offsets), the values go under the proceeding headers they stand below; else the row totals
decide among the placements in column order.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ingest import codes
from ingest.alignment import RUN, Token, blank, printed_text, read_blocks, signature, t4_total_holds
from ingest.alignment_runs import agreed, read_run_blocks
from ingest.mapping.columns import column_labels
from ingest.mapping.findings import inferred, unaligned
from ingest.model import Cell, Issue
from ingest.normalize import BLANK, MISSING


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(slots=True)
class Table4:
    active: bool = False
    tokens: list[Token] = field(default_factory=list)
    seen: bool = False  # table 4's header was printed
    # proceeding → where its header starts in spaced text, and where each 结果维持 header
    # stands (start, end): by display column, and by character offset
    cols: dict[str, int] = field(default_factory=dict)
    upheld_spans: list[tuple[int, int]] = field(default_factory=list)
    chars: dict[str, int] = field(default_factory=dict)
    header_lines: list[list[tuple[int, int]]] = field(default_factory=list)  # (character offset, length) of each header cell
    upheld_char_spans: list[tuple[int, int]] = field(default_factory=list)
    interleaved: bool = False  # table 4's headers went on after its values: their order is not the columns'

    def header_at(self, code: str, raw: str, col: int | None, char: int | None) -> None:
        """Where a table-4 header stands (spaced text), and whether values came before it."""
        if col is not None:
            if code in codes.PROCEEDINGS:
                self.cols[code] = col
            elif code == "upheld":
                self.upheld_spans.append((col, col + display_width(raw)))
        if char is not None:
            if code in codes.PROCEEDINGS:
                self.chars[code] = char
            elif code == "upheld":
                self.upheld_char_spans.append((char, char + len(raw)))
        if any(t.state != BLANK for t in self.tokens):
            self.interleaved = True

    def place(self, cells: dict, issues: list[Issue]) -> None:
        toks = self.tokens
        n = len(codes.T4_CELLS)
        chosen: list[Token] | None = None
        printed = [t for t in toks if t.state != BLANK]
        if self.interleaved and len(printed) == n and len(set(signature(printed))) == 1:
            chosen = printed  # every cell printed, all alike: every order of them reads the same
            issues.append(Issue("warning", "inferred_alignment",
                                f"table 4: values printed between its headers ({printed_text(toks)}): "
                                f"{n} values, all alike, one for each cell whatever their order"))
        elif self.interleaved:
            issues.append(Issue("warning", "ambiguous_row",
                                f"table 4: values printed between its headers ({printed_text(toks)}): "
                                "their order is not the columns'; cells left missing"))
        elif not toks:
            if self.seen:
                chosen = [blank("")] * n
                issues.append(Issue("warning", "inferred_blank_row",
                                    "table 4 is printed without any value: read as 15 blank cells"))
        elif (placed := self._by_columns(toks)) is not None or (placed := by_grid(toks, self.header_lines)) is not None:
            chosen = placed
            if len(toks) != n:
                issues.append(Issue("warning", "inferred_alignment",
                                    f"table 4: printed {printed_text(toks)}; values placed under the "
                                    "headers they stand below"))
        elif len(printed) == 1 and printed[0].state == RUN:
            chosen = _from_run(printed[0], issues)
        else:
            reading = read_blocks(toks, len(codes.T4_OUTCOMES), len(codes.PROCEEDINGS), t4_total_holds)
            chosen = reading.decided
            if chosen is not None and not reading.fits:
                inferred(issues, "table 4", toks, chosen, "where every proceeding's total holds", None)
            elif chosen is None:
                unaligned(issues, "table 4", reading, n, "the totals", None)
        if chosen is None:
            return
        col_label = column_labels()["2021"]
        for (proceeding, outcome), tok in zip(codes.T4_CELLS, chosen):
            cells[("review_litigation", proceeding, outcome)] = Cell(
                "review_litigation", proceeding, outcome, tok.value, tok.state,
                None if tok.state == MISSING else tok.raw,  # a rebuilt cell left unread (`Row.unread`)
                col_label[proceeding], col_label[outcome], tok.where, tok.ocr)

    def _by_columns(self, toks: list[Token]) -> list[Token] | None:
        """Table 4 by where its values stand, counted by display width (terminals, fixed-width
        text) or by characters (pdftotext -layout, inscriptis); when both units place the
        values, they must agree."""
        by_width = by_column(toks, self.cols, self.upheld_spans, lambda t: t.col)
        by_chars = by_column(toks, self.chars, self.upheld_char_spans, lambda t: t.char)
        if by_width is None or by_chars is None:
            return by_width or by_chars
        return by_width if signature(by_width) == signature(by_chars) else None


def _from_run(run: Token, issues: list[Issue]) -> list[Token] | None:
    """Table 4's 15 values from one run of digits (crawled text, every separator stripped),
    each proceeding printed whole or left blank whole (ingest/alignment_runs.py): the one
    reading where every proceeding's total holds; several: the cells they all agree on; none:
    nothing (a cut whose totals fail is not preferred to another: docs/decisions.md)."""
    size, count, n = len(codes.T4_OUTCOMES), len(codes.PROCEEDINGS), len(codes.T4_CELLS)
    reading = read_run_blocks(run, size, count, t4_total_holds)
    if reading.decided is not None:
        inferred(issues, "table 4", [run], reading.decided,
                 "where every proceeding's total holds, each printed whole or left blank whole", None)
        return reading.decided
    if len(reading.readings) > 1:
        toks = agreed(reading.readings, run.where)
        read = [f"{p}/{o}" for (p, o), t in zip(codes.T4_CELLS, toks) if t.state != MISSING]
        if read:
            issues.append(Issue("warning", "ambiguous_row",
                                f"table 4: printed {run.raw}; {len(reading.readings)} placements satisfy the "
                                "totals, each proceeding printed whole or left blank whole; the cells they agree "
                                f"on are read ({', '.join(read)}), the others left missing"))
            return toks
    unaligned(issues, "table 4", reading, n, "the totals", None)
    return None


def by_grid(toks: list[Token], header_lines: list[list[tuple[int, int]]]) -> list[Token] | None:
    """Table 4 as a converter prints a table that ignores its spans (inscriptis): the k-th
    cell of every row starts at the same character offset, columns two spaces apart and as
    wide as their widest cell. The header lines give the columns they cover; the values
    line's k-th cell is table 4's k-th column; values past the header columns follow each
    other two spaces apart. Every value must stand exactly at a column's start."""
    toks = [t for t in toks if t.state != BLANK]
    n = len(codes.T4_CELLS)
    lines = [line for line in header_lines if len(line) >= 2]
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
    blank_tok = Token(None, BLANK, "", toks[0].where)
    return [placed.get(i, blank_tok) for i in range(n)]


def by_column(toks: list[Token], header_at: dict[str, int], upheld_spans: list[tuple[int, int]],
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
    blank_tok = [Token(None, BLANK, "", toks[0].where)] * 5
    return [t for p in codes.PROCEEDINGS for t in (groups[p] or blank_tok)]
