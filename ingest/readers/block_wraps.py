"""Numbers wrapped in table 3's narrow cells (plain `pdftotext` of a ruled PDF).

LibreOffice breaks a number wider than its cell after the digits that fit (`1902` as `190`
over `2`, `2,573` as `2,57` over `3`). Plain `pdftotext` prints the cut-short head where the
number starts and the tail on the next printed line of the same flow, after any value of the
head's row printed on a line of its own (a cell set apart from the row's line) and, in a label
flow, after the label's next line: `190 413 7` / `62` / `量` / `2`, or `166 138 268` / `8`.
Each wrap adds one value to the table, so its values come to more than rows × 7.

A head is a value as wide as the widest printed in the table (its digits as many as the most
any value has), or a number cut inside its thousands separator (`2,57`, whose tail completes
the group); a tail is the first value of a later line of values only, with fewer digits than
the head. In a label flow every row holds as many values beside its label, so a row holding e
more than most holds e tails, its last e values (no row label's first line between head and
tail); where the rows' counts tie (a last label flow holding the last rows' first columns
before its one label, `block_last_beside`), its values join as a flow's do. In a flow of
values the tail stands on the line after its head's, or, where the head's line holds more
values of its row, on the one after a line of the row's values set apart, or, for a head cut
inside its separator that starts its line, after two such lines right after the head's
(`1,62 194` / `13` / `4` / `3`: 1,623; fifth set 000098); a head ending its page may have its
tail on the next (`block_page_wraps`). Every
choice of as many joinings as the values are too many is a candidate reading of the table; the
identities decide among them (`ingest.readers.text_blocks`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import combinations, product
from math import comb
from typing import TYPE_CHECKING

from ingest.alignment import Token
from ingest.codes import APPLICANTS
from ingest.model import Issue
from ingest.normalize import nfkc
from ingest.readers.block_page_wraps import completes, page_tails
from ingest.readers.block_segments import Segment, line_index, value_count, value_words
from ingest.readers.block_wrap_order import crossed, run_on
from ingest.states import NUMBER

if TYPE_CHECKING:
    from ingest.readers.text_blocks import Rebuilt

_MAX_SETS = 400  # choices of joinings weighed at most (more: none read)
_MAX_COUNTED = 8_000  # choices of a flow's joinings counted before enumerating them at most (more: none read)
_CUT_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})*,\d{1,2}$")  # `2,57`: cut inside a group
_PLAIN = re.compile(r"^\d+$")
_SEPARATED = re.compile(r"^\d{1,3}(?:,\d{3})*(?:,\d{1,3})$")  # `1,817`, or cut inside a group: `1,81`
_WIDTH = len(APPLICANTS)
_SET_APART = 2  # lines of a head's row's values set apart before its tail at most


@dataclass(frozen=True, slots=True, order=True)
class Join:
    """A head and its tail, as (segment, list, index): list -1 is the label flow's values
    (`beside`), else the index of the flow in the segment's `groups`."""

    segment: int
    flow: int
    head: int
    tail: int
    to: tuple[int, int] = ()  # the tail's (segment, list) where not the head's (`block_page_wraps`)

    @property
    def tail_at(self) -> tuple[int, int]:
        return self.to or (self.segment, self.flow)


def _digits(t: Token) -> str:
    return nfkc(t.raw).replace(",", "")


def _lists(segments: list[Segment]) -> Iterator[tuple[int, int, list[Token]]]:
    for s, x in enumerate(segments):
        yield s, -1, x.beside
        for f, g in enumerate(x.groups):
            yield s, f, g


def _heads(segments: list[Segment]) -> Callable[[Token], bool]:
    """Whether a value may be a cut-short head: as wide as the widest printed, or cut inside
    its thousands separator. Where the table prints a thousands separator (`1,81`, `1,817`),
    only the latter: it prints every number of four digits or more with one (`_separated`)."""
    widest = 0 if _separated(segments) else max(
        (len(_digits(t)) for _, _, g in _lists(segments) for t in g if _PLAIN.match(nfkc(t.raw))), default=0)
    return lambda t: bool(_CUT_THOUSANDS.match(nfkc(t.raw))) or (
        bool(_PLAIN.match(nfkc(t.raw))) and len(nfkc(t.raw)) == widest > 1)


def _separated(segments: list[Segment]) -> bool:
    """Whether some value of the table holds a thousands separator (whole or cut inside it)."""
    return any("," in nfkc(t.raw) and _SEPARATED.match(nfkc(t.raw)) for t in _tokens(segments))


def _may_tail(g: list[Token], i: int, j: int, text: dict[int, str]) -> bool:
    """Whether g[j] may be the tail of g[i]: fewer digits, the first value of a later line that
    holds values only, each value between on the head's line or alone on its own."""
    head, tail = line_index(g[i]), line_index(g[j])
    if tail <= head or line_index(g[j - 1]) == tail or not value_words(text.get(tail, "")):
        return False
    if not _completes(g[i], g[j]):
        return False
    between = [line_index(t) for t in g[i + 1:j] if line_index(t) != head]
    return len(between) == len(set(between))


def _completes(head: Token, tail: Token) -> bool:
    return completes(head, tail, _digits, lambda cut: "," in cut)


def _flow_joins(segments: list[Segment], is_head: Callable[[Token], bool], text: dict[int, str]) -> list[Join]:
    """The joinings a flow of values allows: a tail on the line after its head's, or where the
    head's line holds more of its row's values, after a line of the row's values set apart, or
    (a head cut inside its separator, first on its line: `_starts_cut`) up to `_SET_APART`
    such lines, each right after the one before."""
    return [j for s, f, g in _lists(segments) if f >= 0
            for j in _joins_in(s, f, g, is_head, text, s == f == 0 and "申请人情况" in segments[0].heads[0])]


def _joins_in(s: int, f: int, g: list[Token], is_head: Callable[[Token], bool], text: dict[int, str],
              under_header: bool = False) -> list[Join]:
    # under_header: the first flow, headed by the applicants' header printed in one piece (`_after_lone_cells`)
    out = []
    for i, head in enumerate(g):
        if not is_head(head):
            continue
        alone = all(line_index(t) != line_index(head) for k, t in enumerate(g) if k != i)
        later = sorted({line_index(t) for t in g[i + 1:] if line_index(t) > line_index(head)})
        after = later[:1 if alone else 2]
        if not alone and f >= 0 and _starts_cut(g, i):  # past one line set apart: right after the head's line
            after += [n for k, n in enumerate(later[2:1 + _SET_APART], start=2) if n == line_index(head) + k + 1]
        elif alone and i == 0 and under_header:
            after += _after_lone_cells(g, text)
        if not alone and (ahead := sum(line_index(g[k]) == line_index(head) and is_head(g[k]) for k in range(i))):
            after = run_on(after, later, ahead)  # tails of the heads ahead of it on their own lines first
        out.extend(Join(s, f, i, j) for j in range(i + 1, len(g))
                   if line_index(g[j]) in after and _may_tail(g, i, j, text))
    return out


def _after_lone_cells(g: list[Token], text: dict[int, str]) -> list[int]:
    """The lines a flow's first value, alone on its line, may have its tail on past the line
    right after it: a flow under the header holding its rows' first columns row by row, one value
    a line, prints the tail after the rest of the row (`195` / `99` / `9` / `15` / `6`: 1,956;
    fourth set 000039). Each line between holds one value, the lines running on, up to a row's
    other cells (`_WIDTH` - 2 lines set apart)."""
    out = []
    for k in range(1, min(len(g), _WIDTH - 1)):
        if line_index(g[k]) != line_index(g[0]) + k or len(value_words(text.get(line_index(g[k]), ""))) != 1:
            break
        if k + 1 < len(g) and line_index(g[k + 1]) == line_index(g[0]) + k + 1:
            out.append(line_index(g[k + 1]))
    return out


def _starts_cut(g: list[Token], i: int) -> bool:
    """Whether g[i] is cut inside its thousands separator (its tail's digits known) and starts
    its line: the row's values after it on its line, then set apart, then its tail."""
    return bool(_CUT_THOUSANDS.match(nfkc(g[i].raw))) and (i == 0 or line_index(g[i - 1]) != line_index(g[i]))


def _label_joins(segment: Segment, s: int, is_head: Callable[[Token], bool], text: dict[int, str],
                 row_start: Callable[[str], object]) -> list[tuple[Join, ...]] | None:
    """The choices of joinings in a label flow's values: every row holds as many values beside
    its label, so a row holding e more than most rows holds e tails, its last e values, each
    joined to a head before it (heads and tails in the same order). None where most rows do not
    hold one count."""
    rows: dict[int, list[int]] = {}
    for i, t in enumerate(segment.beside):
        start = next((k for k in range(line_index(t), -1, -1) if row_start(text.get(k, ""))), -1)
        rows.setdefault(start, []).append(i)
    counts = Counter(map(len, rows.values())).most_common(2)
    if not counts:
        return [()]
    if len(counts) > 1 and counts[0][1] == counts[1][1]:
        return None
    width = counts[0][0]
    per_row: list[list[tuple[Join, ...]]] = []
    for idx in rows.values():
        extra = len(idx) - width
        if extra <= 0:
            continue
        tails, before = idx[-extra:], [i for i in idx[:-extra] if is_head(segment.beside[i])]
        options = [tuple(Join(s, -1, h, t) for h, t in zip(heads, tails))
                   for heads in combinations(before, extra)]
        per_row.append([o for o in options if all(_may_tail(segment.beside, j.head, j.tail, text) for j in o)])
    return [sum(c, ()) for c in product(*per_row)]


def joined_token(head: Token, tail: Token) -> Token:
    raw = head.raw + tail.raw
    return Token(int(_digits(head) + _digits(tail)), NUMBER, raw, head.where)


def apply(segments: list[Segment], joins: tuple[Join, ...]) -> tuple[list[Segment], dict[Join, Token]]:
    """The segments with each join's head read as head and tail, its tail taken out; and the
    joined value of each join."""
    out = []
    made = {j: joined_token(_list(segments, j.segment, j.flow)[j.head], _list(segments, *j.tail_at)[j.tail])
            for j in joins}
    heads: dict[tuple[int, int], dict[int, Join]] = {}
    tails: dict[tuple[int, int], set[int]] = {}
    for j in joins:
        heads.setdefault((j.segment, j.flow), {})[j.head] = j
        tails.setdefault(j.tail_at, set()).add(j.tail)
    for s, x in enumerate(segments):
        def fixed(f: int, g: list[Token]) -> list[Token]:
            mine, gone = heads.get((s, f), {}), tails.get((s, f), ())
            if not mine and not gone:
                return g
            return [made[mine[i]] if i in mine else t for i, t in enumerate(g) if i not in gone]
        out.append(Segment(fixed(-1, x.beside), [fixed(f, g) for f, g in enumerate(x.groups)],
                           x.flow_lines, x.heads, x.pre, x.breaks))
    return out, made


def _list(segments: list[Segment], s: int, f: int) -> list[Token]:
    return segments[s].beside if f < 0 else segments[s].groups[f]


def joinings(segments: list[Segment], n: int, spare: int, text: dict[int, str],
             row_start: Callable[[str], object]) -> list[tuple[list[Segment], dict[Join, Token]]]:
    """Every choice of joinings that brings the table's values to between n and n + spare
    (`spare`: values the caller may still set aside), no value in two joinings: the segments
    so joined and the joined values (see `apply`); [] where the values are not too many, no choice fits or the choices are
    more than `_MAX_SETS`. `text`: the text's lines by 0-based index; `row_start`: whether a
    line starts a row's label."""
    extra = sum(value_count(x) for x in segments) - n
    if extra <= 0:
        return []
    is_head = _heads(segments)
    labels = [_label_joins(x, s, is_head, text, row_start) for s, x in enumerate(segments)]
    flows = _flow_joins(segments, is_head, text)
    flows += [Join(s, f, h, t, (ts, tf)) for s, f, h, ts, tf, t in page_tails(segments, is_head, _completes)]
    for s, o in enumerate(labels):
        if o is None:  # its rows' counts tie: its values joined as a flow's, each joining optional
            labels[s] = [()]
            flows += _joins_in(s, -1, segments[s].beside, is_head, text)
    sets: list[tuple[Join, ...]] = []
    for forced in product(*labels):
        fixed = sum(forced, ())
        for k in range(max(0, extra - spare - len(fixed)), extra - len(fixed) + 1):
            if comb(len(flows), k) > _MAX_COUNTED:
                return []
            for c in combinations(flows, k):
                used = [w for j in c for w in ((j.segment, j.flow, j.head), (*j.tail_at, j.tail))]
                if len(set(used)) == len(used) and fixed + c and not _crossed(segments, fixed + c):
                    sets.append(fixed + c)
                if len(sets) > _MAX_SETS:
                    return []
    return [apply(segments, c) for c in sets]


def read_joined(segments: list[Segment], n: int, spares: tuple[int, ...], text: dict[int, str],
                row_start: Callable[[str], object], read: Callable[[list[list[Segment]]], Rebuilt]) -> Rebuilt | None:
    """Table 3 read with its wrapped numbers joined: every choice of joinings (`joinings`) is a
    candidate, and `read` weighs them together (the readings under which every identity holds,
    of every choice), so a row is stated only where every such reading gives it the same
    values. `spares`: the values the caller may set aside, each tried where the one before
    read nothing. None where no choice of joinings applies or no row is read."""
    for spare in spares:
        sets = joinings(segments, n, spare, text, row_start)
        if sets and (out := read([joined for joined, _ in sets])).rows:
            break
    else:
        return None
    # the joined numbers the stated rows hold: a row's cells are its values' own text objects
    stated = {id(c) for row in out.rows for c in row.cells}
    used = sorted({j for _, made in sets for j, t in made.items() if id(t.raw) in stated})
    out.issues.append(Issue("warning", "inferred_alignment",
                            f"table 3 printed in blocks: {sum(value_count(x) for x in segments)} values for {n} "
                            f"cells, numbers wrapped in narrow cells (a cut-short head, its tail on a later line); "
                            f"{len(sets)} choices of joinings the layout allows weighed together, the rows stated "
                            f"hold {_described(segments, tuple(used)) or 'no joined number'}",
                            f"line {line_index(next(_tokens(segments))) + 1}"))
    return out


def _crossed(segments: list[Segment], joins: tuple[Join, ...]) -> bool:
    return crossed(joins, lambda j: ((j.segment, j.flow, j.head), _list(segments, j.segment, j.flow)[j.head]),
                   lambda j: ((*j.tail_at, j.tail), _list(segments, *j.tail_at)[j.tail]))


def _tokens(segments: list[Segment]) -> Iterator[Token]:
    return (t for _, _, g in _lists(segments) for t in g)


def _described(segments: list[Segment], joins: tuple[Join, ...]) -> str:
    def said(j: Join) -> str:
        head, tail = _list(segments, j.segment, j.flow)[j.head], _list(segments, *j.tail_at)[j.tail]
        return f"{head.raw} ({head.where}) + {tail.raw} ({tail.where}) read {head.raw}{tail.raw}"
    return ", ".join(map(said, joins))
