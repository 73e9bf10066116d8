"""Which printed value goes in which column, when a row's values do not fit its columns.

Every reader's rows reach the mapper as tokens in printed order. Where a row holds exactly as
many values as the table has columns, the printed order is the reading. Where it does not
(blank cells lost by the extraction, padding fields, digits of several cells run together),
the readings consistent with the column order are enumerated and kept only where the
identities hold: first the row's own (the row total of table 3, the per-proceeding totals of
table 4), then, for rows still undecided, table 3's column sums and balance. Exactly one
reading left is used and reported as `inferred_alignment`; none or several leave the cells
`missing` with a finding that lists what was printed. Table 2 has no identity: its rows are
read only when the printed values fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations, combinations_with_replacement, product

from ingest import codes
from ingest.alignment_rules import RULES, TOLERANCE, ColumnRule, RowRule, Rules
from ingest.normalize import BLANK, NOT_APPLICABLE, NUMBER_STATE, nfkc

RUN = "run"  # state of a token whose digits belong to one or more cells run together
_MAX_READINGS = 64  # a row with more readings than this is not weighed further (its cells stay missing)
_MAX_TRIED = 100_000  # placements of a row's values tried before giving up (its cells stay missing)
_MAX_COMBINATIONS = 20_000  # readings of undecided table-3 rows weighed together against the columns
_RUN_DIGITS = re.compile(r"^(?:\d+(?:[.,]\d+)*|[/—–\-无])+$")
_NA_PART = re.compile(r"^(?:/|无|([—–-])\1?)$")  # a not-applicable mark in a run: `/`, `—`, `——`
_PART = re.compile(r"0|[1-9]\d*")  # one cell's integer: no leading zero
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+")  # one with thousands separators: 1,341
# one cell's value as a word of its own: a number (full-width too, units allowed) or a not-applicable mark
VALUE_WORD = re.compile(r"^[-－]?[\d０-９][\d０-９,，]*(?:[.．][\d０-９]+)?(?:件|万元|萬元|元|个|個|条|條)?$"
                        r"|^(?:[/／—–\-]+|无|無)$")

Holds = Callable[[Sequence["Token"]], bool]


@dataclass(slots=True)
class Token:
    value: int | float | None
    state: str
    raw: str
    where: str
    col: int | None = None  # display column in space-aligned text
    ocr: tuple[str, float] | None = None  # OCR'd cell: (text as recognised, confidence)
    char: int | None = None  # character offset in space-aligned text


@dataclass(slots=True)
class RowReading:
    """What alignment made of one row: the readings left after the row's own identity."""

    printed: list[Token]
    readings: list[list[Token]] = field(default_factory=list)
    fits: bool = False  # the printed values fit the columns one to one: no inference made
    overflow: bool = False  # too many readings to weigh

    @property
    def decided(self) -> list[Token] | None:
        return self.readings[0] if len(self.readings) == 1 else None


def blank(where: str) -> Token:
    return Token(None, BLANK, "", where)


def run_token(raw: str, where: str) -> Token | None:
    """A token for a run of digits printed without separators (`15130000154`), or None when
    the text is not one."""
    digits = nfkc(raw).strip()
    return Token(None, RUN, digits, where) if _RUN_DIGITS.match(digits) else None


def split_values(cell: str) -> tuple[str, list[str]]:
    """(label, value words) of a cell whose label is followed by its values, one space apart
    (`一、本年新收… 11 0 0 0 0 0 11`, as lynx and narrow text columns print them)."""
    words = cell.split(" ")
    first = len(words)
    while first > 0 and VALUE_WORD.match(words[first - 1]):
        first -= 1
    if first == len(words) or first == 0:
        return cell, []
    return " ".join(words[:first]), words[first:]


def printed_text(toks: Sequence[Token]) -> str:
    return ", ".join(t.raw or "(blank)" for t in toks) or "no values"


def read_row(printed: list[Token], n: int, holds: Holds | None) -> RowReading:
    """The readings of a row of n columns from its printed tokens."""
    result = RowReading(printed)
    if len(printed) == n and not any(t.state == RUN for t in printed):
        result.readings, result.fits = [printed], True
        return result  # the usual row: one value a column, as printed
    if printed and all(t.state == BLANK for t in printed):
        result.readings, result.fits = [[*printed[:n], *[blank(printed[0].where)] * (n - len(printed))]], True
        return result  # a row of empty fields is a blank row however many fields it has
    if not any(t.state == RUN for t in printed):
        trimmed = _trailing_fields_dropped(printed, n)
        if len(trimmed) == n and (trimmed is printed or holds is None or holds(trimmed)):
            result.readings, result.fits = [trimmed], True
            return result
    kept: dict[tuple, list[Token]] = {}  # readings where the identity holds
    only: tuple | None = None  # the one reading in column order, while there is one
    several = False
    for reading in readings(printed, n):
        if reading is None:
            result.overflow = True
            return result
        sig = signature(reading)
        if only is None and not several:
            only = (sig, reading)
        elif only is not None and sig != only[0]:
            only, several = None, True
        if holds is not None and not holds(reading):
            continue
        kept.setdefault(sig, reading)
        if len(kept) > _MAX_READINGS:
            result.overflow = True
            return result
    if only is not None:
        # one placement in column order at all: what was printed, whether its total holds or
        # not (padding fields dropped is no inference; cut digits are)
        result.readings = [only[1]]
        result.fits = not any(t.state == RUN for t in printed) and len(printed) > n
        return result
    result.readings = list(kept.values())
    if holds is None and len(result.readings) > 1:
        result.readings = []  # no identity to choose between them
    return result


def read_blocks(printed: list[Token], size: int, count: int, holds: Holds) -> RowReading:
    """The readings of `count` blocks of `size` columns each with its own identity (table 4's
    three proceedings): the printed values are shared out in order between the blocks, and each
    block is read by itself, so the search stays small."""
    fitted = read_row(printed, size * count, None)
    if fitted.fits:
        return fitted  # as printed, whether its totals hold or not
    runs = [t for t in printed if t.state == RUN]
    if runs and (len(runs) > 1 or any(t.state not in (RUN, BLANK) for t in printed)):
        return read_row(printed, size * count, lambda toks: all(holds(toks[i:i + size])
                                                                  for i in range(0, len(toks), size)))
    stream: str | list[Token] = runs[0].raw if runs else [t for t in printed if t.state != BLANK]
    where = printed[0].where if printed else ""

    def options(toks: list[Token]) -> list[list[Token]]:
        block = read_row(toks, size, holds)
        if block.overflow:
            raise _Overflow
        return [r for r in block.readings if holds(r)]

    return distinct_readings(shared_out(stream, size, count, where, options), RowReading(printed))


class _Overflow(Exception):
    """A block with more readings than are weighed: the whole is not read."""


def shared_out(stream: str | list[Token], size: int, count: int, where: str,
               options: Callable[[list[Token]], list[list[Token]]]) -> Iterator[list[Token]]:
    """Every reading of `count` blocks of `size` cells from `stream` (a run of digits or the
    printed tokens) shared out in order: a block given nothing is blank, a block given a part
    takes each of `options(part's tokens)` (none: that sharing is dropped)."""
    for cuts in combinations_with_replacement(range(len(stream) + 1), count - 1):
        bounds = (0, *cuts, len(stream))
        per_block = []
        for b in range(count):
            part = stream[bounds[b]:bounds[b + 1]]
            if not part:
                per_block.append([[blank(where)] * size])
                continue
            found = options([Token(None, RUN, part, where)] if isinstance(part, str) else list(part))
            if not found:
                break
            per_block.append(found)
        else:
            for combo in product(*per_block):
                yield [t for block in combo for t in block]


def distinct_readings(readings: Iterable[list[Token]], result: RowReading) -> RowReading:
    """`result` holding the distinct readings (by values) of `readings`; overflow past
    _MAX_READINGS, or where a block had too many to weigh (`_Overflow`)."""
    kept: dict[tuple, list[Token]] = {}
    try:
        for reading in readings:
            kept.setdefault(signature(reading), reading)
            if len(kept) > _MAX_READINGS:
                result.overflow = True
                return result
    except _Overflow:
        result.overflow = True
        return result
    result.readings = list(kept.values())
    return result


def _trailing_fields_dropped(printed: list[Token], n: int) -> list[Token]:
    """The row without the empty fields past its last column (a line's closing tab or pipe)."""
    end = len(printed)
    while end > n and printed[end - 1].state == BLANK:
        end -= 1
    return printed if end == len(printed) else printed[:end]


def readings(printed: list[Token], n: int) -> Iterator[list[Token] | None]:
    """Every placement of the printed values in n columns keeping their order: runs of digits
    cut into cells, blank fields dropped where there are too many values, blanks put back where
    there are too few. Yields None once when there are too many ways to weigh."""
    where = printed[0].where if printed else ""
    tried = 0
    for values in _expansions(printed, n):
        for reading in _placements(values, n, where):
            tried += 1
            if tried > _MAX_TRIED:
                yield None
                return
            yield reading


def _expansions(printed: list[Token], n: int) -> Iterator[list[Token]]:
    """The printed tokens with every run of digits cut into cells (at most n values in all)."""
    runs = [i for i, t in enumerate(printed) if t.state == RUN]
    if not runs:
        yield printed
        return
    room = n - sum(1 for t in printed if t.state not in (RUN, BLANK))
    options = [list(cut_run(printed[i], max(room - (len(runs) - 1), 1))) for i in runs]
    for choice in product(*options):
        out: list[Token] = []
        pick = iter(choice)
        for t in printed:
            out.extend(next(pick) if t.state == RUN else (t,))
        yield out


def cut_run(tok: Token, max_parts: int) -> Iterator[tuple[Token, ...]]:
    """Every cut of a run of digits into 1..max_parts numbers, none with a leading zero; a
    decimal point and a thousands separator stay inside one number."""
    for parts in split_digits(tok.raw, max_parts, lambda part, _k: _valid_part(part)):
        yield tuple(_number(p, tok.where) for p in parts)


def split_digits(text: str, max_parts: int, valid: Callable[[str, int], bool]) -> Iterator[tuple[str, ...]]:
    """Every cut of text (digits of several cells run together) into 1..max_parts pieces,
    each `valid(piece, its index)`. A piece never ends right before a decimal point or a
    thousands separator (they belong to the number they stand in), and a piece that is a
    0 followed by a digit is never valid (no cell prints a leading zero). The one digit-run
    enumeration of the project: alignment's runs and the mapper's 2019 table-2 rows use it."""

    def cuts(start: int, k: int) -> Iterator[tuple[str, ...]]:
        if start == len(text):
            yield ()
            return
        if k == max_parts:
            return
        for end in range(start + 1, len(text) + 1):
            part = text[start:end]
            if not valid(part, k):
                if part.lstrip("-")[:1] == "0" and part.lstrip("-")[1:2].isdigit():
                    break  # "0" followed by digits never becomes valid
                continue
            if end < len(text) and text[end] in ".,":
                continue  # the point or separator belongs to this number: cut after its digits
            for rest in cuts(end, k + 1):
                yield (part, *rest)

    yield from cuts(0, 0)


def _valid_part(part: str) -> bool:
    if _NA_PART.match(part):
        return True
    whole, point, frac = part.partition(".")
    # `-20` may be a negative number (a 2019 table's 本年增/减) as well as a mark and 20
    whole = whole.removeprefix("-")
    return bool(_PART.fullmatch(whole) or _GROUPED.fullmatch(whole)) and (not point or frac.isdigit())


def _number(part: str, where: str) -> Token:
    if _NA_PART.match(part):
        return Token(None, NOT_APPLICABLE, part, where)
    plain = part.replace(",", "")
    value: int | float = float(plain) if "." in plain else int(plain)
    return Token(value, NUMBER_STATE, part, where)


def _placements(values: list[Token], n: int, where: str) -> Iterator[list[Token]]:
    if len(values) == n:
        yield values
    elif len(values) > n:  # padding: drop blank fields, never a printed value
        blanks = [i for i, t in enumerate(values) if t.state == BLANK]
        for dropped in combinations(blanks, len(values) - n):
            gone = set(dropped)
            yield [t for i, t in enumerate(values) if i not in gone]
    else:  # lost blanks: the printed values keep their order, blanks fill the rest
        present = [t for t in values if t.state != BLANK] if any(t.state == BLANK for t in values) else values
        for positions in combinations(range(n), len(present)):
            filled = [blank(where)] * n
            for p, t in zip(positions, present):
                filled[p] = t
            yield filled


def signature(toks: Sequence[Token]) -> tuple:
    return tuple((t.value, t.state) for t in toks)


def number_or_zero(t: Token) -> float:
    return t.value if t.state == NUMBER_STATE and t.value is not None else 0


def row_holds(rule: RowRule) -> Holds:
    """Whether a row of cells (in the rule's column order) satisfies its row identity."""
    lhs, rhs = rule.lhs, rule.rhs

    def holds(toks: Sequence[Token]) -> bool:
        return abs(sum([number_or_zero(toks[i]) for i in rhs])
                   - sum([number_or_zero(toks[i]) for i in lhs])) <= TOLERANCE

    return holds


def column_holds(rule: ColumnRule) -> Callable[[Callable[[str, int], float]], bool]:
    """Whether a column identity of table 3 holds in every column it covers, given
    `cell(outcome, column index)` → the number printed, 0 where none."""
    terms = (*rule.lhs, *((o, -sign) for o, sign in rule.rhs))  # lhs - rhs, added in order
    columns = rule.columns

    def holds(cell: Callable[[str, int], float]) -> bool:
        for i in columns:
            left = 0
            for o, sign in terms:
                left += sign * cell(o, i)
            if abs(left) > TOLERANCE:
                return False
        return True

    return holds


row_total_holds: Holds = row_holds(RULES.t3_row)  # t3_row_total on a row of table 3's columns
t4_total_holds: Holds = row_holds(RULES.t4_block)  # t4_total on one proceeding of table 4
# t3_balance in every applicant column (new_received + carried_over = results_total +
# carried_forward, as the table has it): balance_holds(cell), cell(outcome, column index) → number
balance_holds = column_holds(RULES.balance)
_column_holds = lru_cache(maxsize=16)(column_holds)


def resolve_columns(known: dict[tuple[str, str], Token], undecided: dict[str, list[list[Token]]],
                    has_other_row: bool, rules: Rules = RULES) -> tuple[dict[str, list[Token]], int]:
    """Table 3 rows left with several readings, decided together by the column identities
    (t3_results_sum, t3_balance) over the rows already read (`known`: (outcome, applicant) → token).

    Returns (outcome → reading) when exactly one combination satisfies every column identity
    the undecided rows take part in, else ({}, number of combinations that did, counted up to 2).
    The result rows are summed reading by reading (one state per distinct column sums, so many
    rows with a few readings each stay cheap); the other rows (received, carried over, results
    total, carried forward) are tried in every combination against those sums. The identities
    and their operands are the identity table's (ingest/alignment_rules.py); `rules`: another
    table's (a copy, in tests)."""
    if not undecided:
        return {}, 0
    plan = rules.columns[has_other_row]
    summed = [o for o, _ in plan.big if o in undecided and o in plan.summable]
    outer = [o for o in undecided if o not in summed]
    uses_sum = any(o in undecided for o in plan.summing.outcomes)
    involved = [r for r in plan.checked if any(o in undecided for o in r.outcomes)]
    checked = [_column_holds(r) for r in involved]
    if any((o, codes.APPLICANTS[i]) not in known for r in involved + [plan.summing] * uses_sum
           for o in r.outcomes if o not in undecided for i in r.columns):
        return {}, 0  # an identity with a cell unread: no combination is taken on it
    sizes = 1
    for o in outer:
        sizes *= len(undecided[o])
    if sizes > _MAX_COMBINATIONS:
        return {}, 0
    columns = plan.summing.columns
    # column sums of the result rows → (ways to reach them, counted up to 2; one of those ways)
    base = tuple(sum(sign * number_or_zero(known[(o, codes.APPLICANTS[i])]) for o, sign in plan.big
                     if o not in undecided) if uses_sum else 0 for i in columns)
    states: dict[tuple, tuple[int, tuple[int, ...]]] = {base: (1, ())}
    signs = dict(plan.big)
    for o in summed:
        sign = signs[o]
        nxt: dict[tuple, tuple[int, tuple[int, ...]]] = {}
        for sums, (ways, picks) in states.items():
            for k, reading in enumerate(undecided[o]):
                key = tuple(s + sign * number_or_zero(reading[i]) for s, i in zip(sums, columns))
                had = nxt.get(key)
                nxt[key] = (min(2, ways + had[0]), had[1]) if had else (ways, picks + (k,))
        states = nxt
        if len(states) > _MAX_COMBINATIONS:
            return {}, 0
    # the other side of the sum, less the summed side's rows tried in every combination
    target = (*plan.key, *((o, -sign) for o, sign in plan.big if o in undecided and o not in summed))
    passing, found = 0, None
    for combo in product(*(undecided[o] for o in outer)):
        chosen = dict(zip(outer, combo))

        def cell(o: str, i: int) -> float:
            return number_or_zero(chosen[o][i]) if o in chosen else number_or_zero(known[(o, codes.APPLICANTS[i])])

        if not all(holds(cell) for holds in checked):
            continue
        if uses_sum:
            hit = states.get(tuple(sum(sign * cell(o, i) for o, sign in target) for i in columns))
            if hit is None:
                continue
            ways, picks = hit
        else:
            ways, picks = 1, ()
        passing += ways
        if passing > 1:
            return {}, passing
        found = {**chosen, **{o: undecided[o][k] for o, k in zip(summed, picks)}}
    return (found, 1) if passing == 1 and found is not None else ({}, passing)
