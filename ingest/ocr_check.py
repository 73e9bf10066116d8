"""OCR'd value cells the reader is not sure of, settled by the identities or left `missing`.

A value cell read by OCR carries (text as recognised, confidence). Below `CONFIDENT` the
reading is never stated as read. The identities (row total, column sums, table-3 balance,
table-4 total) are solved for the doubtful cell from the cells that are certain:

- accepted, with the finding `ocr_corrected_by_identity`, when every identity that can be
  solved for it gives the same value and either two or more of them do, with a value whose
  digit count matches what OCR saw, or the one that does equals the digits-only reading;
- otherwise the cell is `missing`, with the finding `ocr_unsure` naming the text seen.

A cell without a reading of the value-cell pass was not seen as a value: a blank the mapper
inferred (a row whose values were not found on the scan), or text read outside that pass
(a table whose value columns were not found, a table read from text lines) whose
confidence nobody checked. It is `missing` too, with `ocr_unsure`.

An identity whose other unknown cells sit on the doubtful cell's side solves it too when the
certain cells already balance it: counts are never negative, so every unknown cell of that
side is 0 (a row of doubtful `0`s whose total is a certain 0).

Accepted cells become certain and may settle others (repeated until nothing changes).
This is the only place that enumerates readings of OCR'd digits; the text-alignment module
(h/textalign) settles merged digit runs by the same identities and may absorb it.
"""

from __future__ import annotations

import re

from ingest import codes
from ingest.identities import cell_equations
from ingest.model import Cell, Issue
from ingest.normalize import BLANK, MISSING, NOT_APPLICABLE, NUMBER_STATE

CONFIDENT = 0.90  # least character confidence of a value read without the identities' help
Key = tuple[str, str, str]


def settle(cells: list[Cell]) -> list[Issue]:
    """Settle the doubtful OCR'd cells in place; the findings. `raw` of every OCR'd cell
    becomes the text as recognised (the mapper saw the digits-only reading)."""
    issues = _unseen(cells)
    doubtful = {(c.table, c.key, c.sub): c for c in cells
                if c.ocr is not None and c.ocr[1] < CONFIDENT and c.state != MISSING}
    read = {k: (c.value, c.state, c.raw) for k, c in doubtful.items()}
    for c in cells:
        if c.ocr is not None:
            c.raw = c.ocr[0]
    if not doubtful:
        return issues
    idx: dict[Key, Cell] = {(c.table, c.key, c.sub): c for c in cells}
    for c in doubtful.values():
        c.value, c.state = None, MISSING
    equations = cell_equations(("applications", codes.OTHER_GROUP, "total") in idx)
    open_keys = set(doubtful)
    changed = True
    while changed and open_keys:
        changed = False
        for key in sorted(open_keys):
            value = _solve(key, idx, equations)
            if value is None:
                continue
            v, ids = value
            state = _accept(v, ids, read[key])
            if state is None:
                continue
            cell = idx[key]
            cell.value, cell.state = (v if state == NUMBER_STATE else None), state
            seen, conf = cell.ocr
            verb = "confirmed" if read[key][0] == v and read[key][1] == state else "corrected"
            issues.append(Issue("warning", "ocr_corrected_by_identity",
                                f"{_name(key)}: OCR read {seen!r} (confidence {conf:.2f}); {verb} to {v if state == NUMBER_STATE else state} "
                                f"as the only value satisfying {', '.join(ids)}", cell.where))
            open_keys.discard(key)
            changed = True
    for key in sorted(open_keys):
        cell = idx[key]
        seen, conf = cell.ocr
        issues.append(Issue("warning", "ocr_unsure",
                            f"{_name(key)}: OCR read {seen!r} with confidence {conf:.2f} (digits-only reading "
                            f"{read[key][2]!r}) and the identities do not settle it; left missing", cell.where))
    return issues


def _unseen(cells: list[Cell]) -> list[Issue]:
    """On a scan every value the mapper placed was seen by the value-cell pass (`Cell.ocr`,
    a blank one too). A blank or not-applicable cell without a reading is the mapper's
    inference for values it did not find (a row whose values were lost); a number without
    one was read outside that pass, its confidence unknown: neither is read, so `missing`."""
    issues = []
    for c in cells:
        if c.ocr is None and c.state != MISSING:
            why = ("its row's values were not found" if c.state in (BLANK, NOT_APPLICABLE)
                   else f"{c.raw!r} was read outside the value cells of a table, its confidence unknown")
            c.value, c.state = None, MISSING
            issues.append(Issue("warning", "ocr_unsure", f"{c.table}/{c.key}/{c.sub}: no reading of this cell on the "
                                f"scan ({why}); left missing", c.where))
    return issues


def _name(key: Key) -> str:
    return "/".join(key)


def _number(c: Cell) -> int | float:
    return c.value if c.state == NUMBER_STATE and c.value is not None else 0


def _solve(key: Key, idx: dict[Key, Cell], equations) -> tuple[int | float, list[str]] | None:
    """The value every solvable identity gives the cell, with their names; None when none
    can be solved or two disagree."""
    found: dict[int | float, list[str]] = {}
    for identity, scope, lhs, rhs in equations:
        if key not in lhs and key not in rhs:
            continue
        others = [k for k in (*lhs, *rhs) if k != key]
        if any(idx.get(k) is None or idx[k].state == MISSING for k in others):
            continue
        left = sum(_number(idx[k]) for k in lhs if k != key)
        right = sum(_number(idx[k]) for k in rhs if k != key)
        v = right - left if key in lhs else left - right
        found.setdefault(v, []).append(f"{identity}({scope})")
    for identity, scope, lhs, rhs in equations:
        if _zero_by_bound(key, lhs, rhs, idx) or _zero_by_bound(key, rhs, lhs, idx):
            found.setdefault(0, []).append(f"{identity}({scope}) with every count ≥ 0")
    if len(found) != 1:
        return None
    v, ids = next(iter(found.items()))
    return v, ids


def _zero_by_bound(key: Key, side: tuple, other: tuple, idx: dict[Key, Cell]) -> bool:
    """Is the cell 0 because its side of the equation holds other unknown cells too, but the
    known cells already balance it? Counts are never negative, so the unknown ones (a row
    of doubtful `0`s read half as `o`, its total a certain 0) are all 0."""
    if key not in side or any(idx.get(k) is None or idx[k].state == MISSING for k in other):
        return False
    unknown = [k for k in side if k != key and (idx.get(k) is None or idx[k].state == MISSING)]
    if not unknown:
        return False  # solved exactly above
    known = sum(_number(idx[k]) for k in side if k != key and k not in unknown)
    return sum(_number(idx[k]) for k in other) == known


def _accept(v: int | float, ids: list[str], reading: tuple) -> str | None:
    """The state to record for the solved value v, or None when the reading does not allow it."""
    value, state, digits_text = reading
    if v < 0 or not float(v).is_integer():
        return None
    v = int(v)
    seen_digits = re.sub(r"\D", "", digits_text or "")
    if len(ids) == 1:
        return NUMBER_STATE if state == NUMBER_STATE and value == v else None
    if v == 0:
        # 0, "—", "/" and a blank all count 0: only a reading of one of them says which
        if state == NOT_APPLICABLE:
            return NOT_APPLICABLE
        return NUMBER_STATE if seen_digits and len(seen_digits) == 1 else None
    if state == BLANK or not seen_digits:
        return NUMBER_STATE  # ink was seen, no digit recognised: the identities give it
    return NUMBER_STATE if len(seen_digits) == len(str(v)) else None
