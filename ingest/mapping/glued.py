"""Values printed run together ("2648-18538", "007"): every way of cutting them into one value
per column is tried, and a cell is read only where all the cuts agree."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ingest import codes
from ingest.alignment import RUN, Token, split_digits
from ingest.model import Issue
from ingest.normalize import MISSING, NOT_APPLICABLE, parse_value

if TYPE_CHECKING:
    from ingest.mapping.rows import Anchor

# Values run together around a minus sign, which parse_value does not take for one number.
GLUED = re.compile(r"-?\d[\d.]*(?:-\d[\d.]*)+(?:万元|元)?")
GLUED_STATE = "glued"  # a token holding several values; never leaves the mapper
RUN_STATES = frozenset({GLUED_STATE, RUN})  # glued around a sign here, or a digit run from the reader
LEADING_ZERO = re.compile(r"^0\d")
_PIECE = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"0|-?[1-9]\d*"),
    "money": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|元)?"),
}


def piece_value(piece: str, measure: str) -> tuple[int | float | None, str] | None:
    """(value, state) of one value cut out of a run, or None when the piece cannot be one cell."""
    if piece == "-":
        return None, NOT_APPLICABLE
    kind = ("money" if measure in codes.T2_DECIMAL_MEASURES
            else "signed" if measure in codes.T2_SIGNED_MEASURES else "count")
    if not _PIECE[kind].fullmatch(piece):
        return None
    return parse_value(piece)


def split_glued(a: Anchor, subs: tuple[str, ...], issues: list[Issue]) -> list[Token]:
    """The row's cells from tokens whose values ran together ("2648-18538", "007"): every way of
    cutting them into one value per column (no leading zeros, a minus only where a value may be
    negative or as a not-applicable mark) is tried; a cell is read where all the cuts agree,
    else it is missing. Table 2 has no identity to choose among cuts."""
    n = len(subs)
    runs = [t.raw.replace(",", "") if t.state in RUN_STATES or LEADING_ZERO.match(t.raw) else None
            for t in a.tokens]

    def cuts(ti: int, ci: int) -> list[tuple[tuple[str, tuple], ...]]:
        if ti == len(runs):
            return [()] if ci == n else []
        if runs[ti] is None:  # a token that is one value
            tok = a.tokens[ti]
            return [((tok.raw, (tok.value, tok.state)),) + r for r in cuts(ti + 1, ci + 1)] if ci < n else []
        out = []
        for parts in split_digits(runs[ti], n - ci, lambda piece, k: piece_value(piece, subs[ci + k]) is not None):
            head = tuple((piece, piece_value(piece, subs[ci + k])) for k, piece in enumerate(parts))
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
