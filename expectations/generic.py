"""The one generic identity check, on wide pandas frames.

A wide frame has one row per report × scope and one column per operand. Operand values are
already zero-filled for `blank` / `not_applicable` cells and NULL (pd.NA) for `missing` or
absent cells; the optional boolean columns `missing_operands` and `zero_filled` say so.

Coverage guard: a row with any NULL operand, or flagged `missing_operands`, is
`undecidable` with NULL lhs and rhs — never `pass`, whatever the other cells say.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

TOLERANCE = 1e-6
DECIMALS = 6  # floats are rounded so that exact comparison (GX) agrees with the tolerance
STATUS = ("pass", "fail", "undecidable")


def numeric(series: pd.Series) -> pd.Series:
    """Int64 when every value is integral (counts), else Float64 rounded to DECIMALS."""
    values = pd.to_numeric(series, errors="coerce").astype("Float64")
    present = values.dropna()
    if bool((present == present.round(0)).all()):
        return values.round(0).astype("Int64")
    return values.round(DECIMALS)


def decide(frame: pd.DataFrame, decidable: pd.Series | None = None) -> pd.DataFrame:
    """Set `status` from `lhs` / `rhs`: undecidable when not decidable or a side is NULL."""
    out = frame.copy()
    left = pd.to_numeric(out["lhs"], errors="coerce").astype("Float64")
    right = pd.to_numeric(out["rhs"], errors="coerce").astype("Float64")
    ok = left.notna() & right.notna()
    if decidable is not None:
        ok &= decidable.fillna(False).astype(bool)
    equal = ((left - right).abs() <= TOLERANCE).fillna(False).astype(bool)
    out["status"] = np.select([~ok.to_numpy(), equal.to_numpy()], ["undecidable", "pass"], "fail")
    out["lhs"] = numeric(out["lhs"].where(ok))
    out["rhs"] = numeric(out["rhs"].where(ok))
    return out


def evaluate_equation(frame: pd.DataFrame, lhs: Sequence[str], rhs: Sequence[str]) -> pd.DataFrame:
    """sum(lhs columns) == sum(rhs columns) per row, with the coverage guard.

    Adds `lhs`, `rhs` (Int64 for counts) and `status`; keeps every input column.
    """
    if not lhs or not rhs:
        raise ValueError("an identity needs operands on both sides")
    out = frame.copy()
    operands = [*lhs, *rhs]
    values = out[operands].apply(lambda col: pd.to_numeric(col, errors="coerce")).astype("Float64")
    decidable = values.notna().all(axis=1)
    if "missing_operands" in out:
        decidable &= ~out["missing_operands"].astype("boolean").fillna(True).astype(bool)
    out["lhs"] = values[list(lhs)].sum(axis=1).where(decidable)
    out["rhs"] = values[list(rhs)].sum(axis=1).where(decidable)
    return decide(out, decidable)


def failing_keys(frame: pd.DataFrame) -> set[tuple[str, str]]:
    """(report_id, scope) of the rows whose status is fail."""
    rows = frame.loc[frame["status"] == "fail", ["report_id", "scope"]]
    return {(str(r), str(s)) for r, s in rows.itertuples(index=False)}
