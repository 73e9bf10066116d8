"""Table 3 rebuilt from plain `pdftotext`'s block order.

Plain `pdftotext` (no -layout) prints a ruled table flow by flow, a blank line after each.
Table 3's row labels come as one flow (wrapped, in row order); its values come in bands: rows
whose cells stand close together (each row's label on one line) form a band, and a band prints
as one flow per column, the column's values top to bottom. Under the header, the first band's
columns may come in another order, several columns may share one flow (row by row), and header
fragments stand before the values of a flow.

Where the values of the table, counted flow by flow, are exactly rows × 7 (every cell printed:
no blank cell lost), the bands are cut by their sizes: after the first band, seven flows of the
same size k are k rows of the seven columns. The first band is tried in every placement of its
flows over the columns. A reading is kept only where every identity of table 3 holds (row
totals, column sums of the results, the balance): poppler's order of the columns within a band
is not certain, the identities are what confirms it. Exactly one reading left: its rows are
stated with an `inferred_alignment` finding. Otherwise the rows are given no values (their
cells stay `missing`) and a finding lists what was printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import permutations

from ingest import codes
from ingest.alignment import VALUE_WORD, Token, printed_text, resolve_columns, row_total_holds
from ingest.labels import label_table
from ingest.model import Issue, Row
from ingest.normalize import nfkc, norm_label, parse_value
from ingest.states import MISSING

_WIDTH = len(codes.APPLICANTS)
_MAX_FIRST_BAND = 5040  # placements of the first band's flows over the columns (7! at most)
_SECTION_END = re.compile(r"四[、.．]政府信息公开行政复议|行政复议|行政诉讼|五[、.．]存在")


@dataclass(slots=True)
class Flow:
    lines: list[tuple[int, str]]  # (0-based line index, stripped text)

    @property
    def text(self) -> str:
        return "".join(s for _, s in self.lines)


@dataclass(slots=True)
class Rebuilt:
    """Rows standing for some lines of the text, and what was found doing it."""

    lines: set[int]  # 0-based indices of the lines the table was rebuilt from
    rows: list[Row]
    issues: list[Issue] = field(default_factory=list)


def rebuild(lines: list[str]) -> Rebuilt | None:
    """Table 3 of text printed in blocks, as rows of label and seven values; None when the text
    holds no table 3 whose label flow stands apart from its values."""
    flows = _flows(lines)
    at = next((i for i, f in enumerate(flows) if "本年新收" in f.text), None)
    if at is None or any(_values(s) for _, s in flows[at].lines):
        return None  # no label flow, or values printed among the labels (not read this way)
    groups: list[list[Token]] = []
    used = {i for i, _ in flows[at].lines}
    for f in flows[at + 1:]:
        if _SECTION_END.search(f.text):
            break
        first_value = next((k for k, (_, s) in enumerate(f.lines) if _values(s)), len(f.lines))
        if any(not _values(s) for _, s in f.lines[first_value:]):
            break  # text after values: labels and values mixed, the blocks end here
        if first_value < len(f.lines) and _names_t2_column(f.lines[:first_value]):
            continue  # a column of table 2 printed on the page table 3 begins on
        used.update(i for i, _ in f.lines)
        if first_value < len(f.lines):
            groups.append([_token(w, i) for i, s in f.lines[first_value:] for w in _values(s)])
    # (六)'s three rows or one: its sub-rows' labels may stand past the page the table breaks on
    one_other = not any("逾期未按" in f.text for f in flows[at:])
    return _read(groups, _outcomes(one_other), one_other, used, flows[at].lines[0][0] + 1)


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


def _read(groups: list[list[Token]], outcomes: list[str], one_other: bool, used: set[int],
          label_line: int) -> Rebuilt:
    where = f"line {label_line}"
    printed = [t for g in groups for t in g]
    n = len(outcomes) * _WIDTH
    out = Rebuilt(used, [])
    if len(printed) != n:
        out.issues.append(Issue("warning", "blocks_unplaced",
                                f"table 3 printed in blocks: {len(printed)} values for {len(outcomes)} rows × "
                                f"{_WIDTH} columns (blank cells lost or values elsewhere); printed "
                                f"{printed_text(printed)}; cells left missing", where))
        return out
    found: dict[tuple, dict[str, list[Token]]] = {}
    for reading in _readings(groups, len(outcomes)):
        table = dict(zip(outcomes, reading))
        if _holds(table, one_other):
            found.setdefault(tuple((t.value, t.state) for row in reading for t in row), table)
            if len(found) > 1:
                break
    if len(found) == 1:
        out.rows = _rows(outcomes, next(iter(found.values())))
        out.issues.append(Issue("warning", "inferred_alignment",
                                f"table 3 printed in blocks (plain pdftotext): {n} values in "
                                f"{len(groups)} flows, placed by poppler's band order; the only placement "
                                f"for which every row total, column sum and the balance hold", where))
        return out
    why = "several placements satisfy" if found else "no placement satisfies"
    out.issues.append(Issue("warning", "ambiguous_row" if found else "no_alignment",
                            f"table 3 printed in blocks: {n} values in {len(groups)} flows "
                            f"({' | '.join(printed_text(g) for g in groups)}); {why} the row totals, "
                            f"column sums and balance; cells left missing", where))
    return out


def _names_t2_column(lines: list[tuple[int, str]]) -> bool:
    table = label_table()
    return any(lab.scope.startswith("t2") for _, s in lines for lab in table.lookup(norm_label(s)))


def _readings(groups: list[list[Token]], nrows: int) -> Iterator[list[list[Token]]]:
    """Every reading of the flows as bands: a first band of any placement of its flows over the
    columns, then bands of seven flows of one size k (k rows, the columns left to right)."""
    for first in range(1, len(groups) + 1):
        size = sum(len(g) for g in groups[:first])
        if size % _WIDTH:
            continue
        k = size // _WIDTH
        if k > nrows or any(len(g) % k for g in groups[:first]):
            continue
        rest = _regular(groups[first:])
        if rest is None or k + len(rest) != nrows:
            continue
        for head in _first_band(groups[:first], k):
            yield head + rest


def _regular(groups: list[list[Token]]) -> list[list[Token]] | None:
    """Rows of bands of seven flows of one size each, columns left to right; None when the flows
    do not cut so."""
    rows: list[list[Token]] = []
    for b in range(0, len(groups), _WIDTH):
        band = groups[b:b + _WIDTH]
        if len(band) != _WIDTH or len({len(g) for g in band}) != 1:
            return None
        rows.extend([g[r] for g in band] for r in range(len(band[0])))
    return rows


def _first_band(groups: list[list[Token]], k: int) -> Iterator[list[list[Token]]]:
    """Every placement of the first band's flows over the seven columns: each flow holds
    len/k neighbouring columns, row by row."""
    widths = [len(g) // k for g in groups]
    if sum(widths) != _WIDTH:
        return
    seen: set[tuple[int, ...]] = set()
    for tried, order in enumerate(permutations(range(len(groups)))):
        if tried >= _MAX_FIRST_BAND:
            return
        if order in seen:
            continue
        seen.add(order)
        rows: list[list[Token]] = [[] for _ in range(k)]
        for gi in order:
            w = widths[gi]
            for r in range(k):
                rows[r].extend(groups[gi][r * w:(r + 1) * w])
        yield rows


def _holds(table: dict[str, list[Token]], one_other: bool) -> bool:
    if not all(row_total_holds(row) for row in table.values()):
        return False
    _found, passing = resolve_columns({}, {o: [row] for o, row in table.items()}, one_other)
    return passing == 1


def _outcomes(one_other: bool) -> list[str]:
    if not one_other:
        return list(codes.T3_OUTCOMES)
    out = [o for o in codes.T3_OUTCOMES if o not in codes.OTHER_SUBROWS]
    out.insert(out.index("results_total"), codes.OTHER_GROUP)
    return out


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


def _flows(lines: Sequence[str]) -> list[Flow]:
    flows: list[Flow] = []
    cur: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        s = line.strip()
        if s:
            cur.append((i, s))
        elif cur:
            flows.append(Flow(cur))
            cur = []
    if cur:
        flows.append(Flow(cur))
    return flows


def _token(word: str, i: int) -> Token:
    value, state = parse_value(word) or (None, MISSING)
    return Token(value, state, word, f"line {i + 1}")


def _values(line: str) -> list[str]:
    """The values a line holds when it holds nothing else (`0`, `1 0`), else []."""
    words = nfkc(line).split()
    return words if words and all(VALUE_WORD.match(w) for w in words) else []
