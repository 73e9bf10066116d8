"""The wide frames the suites validate (one row per report × scope), from the marts as read by
`expectations/marts.py`. Every `frame_<identity>` returns the evaluated wide frame:
`report_id`, `identity`, `scope`, the operand columns, `missing_operands`, `zero_filled`,
`lhs`, `rhs`, `status` (pass / fail / undecidable), `severity`, `detail`.

Cell values are zero-filled for `blank` / `not_applicable` and NULL for `missing` cells and
for cells absent from the marts: the generic check then says `undecidable`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd

from expectations.generic import decide, evaluate_equation, numeric
from expectations.marts import Marts
from expectations.specs import IDENTITY_SPECS
from ingest import codes
from ingest.identities import codes_of, expand
from ingest.identity_table import IDENTITIES, Identity
from ingest.states import NUMBER, ZERO_STATES

# ---- cells ---------------------------------------------------------------------------------

def _cells(frame: pd.DataFrame, key: str, sub: str) -> pd.DataFrame:
    """report_id, key, sub, num (zero-filled value, NULL when missing), zf (zero-filled)."""
    out = frame[["report_id", key, sub, "value", "state"]].drop_duplicates(["report_id", key, sub]).copy()
    state = out["state"].astype("object")
    number = (state == NUMBER).to_numpy()
    zero = state.isin(ZERO_STATES).to_numpy()
    num = pd.Series(pd.NA, index=out.index, dtype="Float64")
    num[number] = out.loc[number, "value"]
    num[zero] = 0.0
    out["num"] = num
    out["zf"] = zero
    return out


def _wide(cells: pd.DataFrame, scaffold: pd.DataFrame, index: list[str], column: str,
          operands: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(values, zero-filled flags): one row per scaffold row, one column per operand."""
    sub = cells[cells[column].isin(operands)]
    keys = scaffold[index].drop_duplicates()
    values = keys.merge(sub.pivot(index=index, columns=column, values="num").reset_index(), on=index, how="left")
    flags = keys.merge(sub.pivot(index=index, columns=column, values="zf").reset_index(), on=index, how="left")
    for op in operands:
        if op not in values:
            values[op] = pd.NA
        if op not in flags:
            flags[op] = False
    values, flags = values[[*index, *operands]], flags[[*index, *operands]]
    values[operands] = values[operands].astype("Float64")
    flags[operands] = flags[operands].astype("boolean").fillna(False).astype(bool)
    return values.reset_index(drop=True), flags.reset_index(drop=True)


def _scaffold(report_ids: list[str], name: str, scopes) -> pd.DataFrame:
    scopes = list(scopes)
    return pd.DataFrame({
        "report_id": np.repeat(np.array(report_ids, dtype=object), len(scopes)),
        name: scopes * len(report_ids),
    })


def _equation(values: pd.DataFrame, flags: pd.DataFrame, identity: str, scope_col: str,
              lhs: list[str], rhs: list[str]) -> pd.DataFrame:
    operands = [*lhs, *rhs]
    frame = values.copy()
    for op in operands:  # counts as Int64 (NULL where missing), decimals as Float64
        frame[op] = numeric(frame[op])
    frame["missing_operands"] = frame[operands].isna().any(axis=1)
    frame["zero_filled"] = flags[operands].any(axis=1) & ~frame["missing_operands"]
    frame = evaluate_equation(frame, lhs, rhs)
    missing_names = frame[operands].isna()
    frame["detail"] = [
        ("missing: " + ", ".join(c for c, m in zip(operands, row) if m)) if any(row) else None
        for row in missing_names.itertuples(index=False)
    ]
    return _finish(frame.rename(columns={scope_col: "scope"}), identity)


def _finish(frame: pd.DataFrame, identity: str) -> pd.DataFrame:
    frame = frame.copy()
    frame.insert(1, "identity", identity)
    frame["severity"] = IDENTITY_SPECS[identity].severity
    frame["scope"] = frame["scope"].astype(str)
    if "zero_filled" not in frame:
        frame["zero_filled"] = False
    if "detail" not in frame:
        frame["detail"] = None
    return frame.reset_index(drop=True)


def _has_other_row(marts: Marts) -> set[str]:
    apps = marts.applications
    rows = apps[(apps["outcome"] == codes.OTHER_GROUP) & (apps["applicant"] == "total")]
    return {str(r) for r in rows["report_id"]}


def _t2_template(marts: Marts) -> dict[str, list[str]]:
    """Report ids per table-2 template: "2019" where the report has the 2019 table's first cell
    (as ingest/identities.py decides), else "2021"."""
    pro = marts.proactive
    first_item, first_measure = codes.T2_2019_CELLS[0]
    old = {str(r) for r in pro.loc[(pro["item"] == first_item) & (pro["measure"] == first_measure), "report_id"]}
    return {"2021": [r for r in marts.report_ids if r not in old], "2019": [r for r in marts.report_ids if r in old]}


# ---- the equations of the identity table ------------------------------------------------------

# Cell.table (the identity table's `cells`) -> (Marts attribute, row column, column column)
_MART_CELLS = {
    "applications": ("applications", "outcome", "applicant"),
    "review_litigation": ("review", "proceeding", "outcome"),
    "proactive": ("proactive", "item", "measure"),
}


def _identity_cells(marts: Marts, identity: Identity) -> tuple[pd.DataFrame, str, str]:
    """(the cells of the identity's table, the scope column, the operand column)."""
    attr, row, column = _MART_CELLS[identity.cells]
    cells = _cells(getattr(marts, attr), row, column)
    return (cells, row, column) if identity.scope_axis == "row" else (cells, column, row)


def frame_equation(marts: Marts, identity: Identity) -> pd.DataFrame:
    """A within-report identity of the table: one row per report × scope, one column per operand
    (subtracted terms negated); a report printing （六） as one row gets its own scopes and groups."""
    cells, scope_col, operand_col = _identity_cells(marts, identity)
    with_other = _has_other_row(marts)
    parts = []
    for other in (False, True):
        ids = [r for r in marts.report_ids if (r in with_other) == other]
        if not ids:
            continue
        lhs, rhs = expand(identity.lhs, other), expand(identity.rhs, other)
        operands = list(dict.fromkeys(t.code for t in (*lhs, *rhs)))
        scaffold = _scaffold(ids, scope_col, codes_of(identity.scopes, other))
        values, flags = _wide(cells, scaffold, ["report_id", scope_col], operand_col, operands)
        for term in (*lhs, *rhs):
            if term.sign < 0:
                values[term.code] = -values[term.code]
        parts.append(_equation(values, flags, identity.name, scope_col, [t.code for t in lhs], [t.code for t in rhs]))
    return _concat(parts)


def frame_t2_non_negative(marts: Marts) -> pd.DataFrame:
    """One row per report × item.measure: lhs the value (0 when blank), rhs 0.

    fail when the value is negative, or is a count (not an amount in 万元) that is not an integer;
    `fraction` (value − floor(value) for counts, 0 for amounts) is what GX checks for the latter.
    Table 2 of the report's template; the signed 本年增/减 (2019 template) is not checked.
    """
    cells = _cells(marts.proactive, "item", "measure")
    cells["scope"] = cells["item"].astype(str) + "." + cells["measure"].astype(str)
    scaffold = pd.concat([
        _scaffold(ids, "scope", [f"{item}.{measure}" for item, measure in codes.T2_CELLS_BY_TEMPLATE[template]
                                 if measure not in codes.T2_SIGNED_MEASURES])
        for template, ids in _t2_template(marts).items()], ignore_index=True)
    frame = scaffold.merge(cells[["report_id", "scope", "num", "zf", "measure"]], on=["report_id", "scope"], how="left")
    frame["measure"] = frame["scope"].str.split(".").str[-1]
    value = frame["num"].astype("Float64")
    decidable = value.notna()
    decimal = frame["measure"].isin(codes.T2_DECIMAL_MEASURES)
    fraction = (value - np.floor(value.astype("float64"))).where(~decimal, 0.0).where(decidable)
    frame["value"] = value
    frame["fraction"] = fraction.astype("Float64").round(9)
    frame["missing_operands"] = ~decidable
    frame["zero_filled"] = frame["zf"].astype("boolean").fillna(False).astype(bool) & decidable
    negative = (value < 0).fillna(False).astype(bool)
    fractional = (frame["fraction"] != 0).fillna(False).astype(bool)
    frame["lhs"] = numeric(value)
    frame["rhs"] = pd.array([0] * len(frame), dtype="Int64")
    frame.loc[~decidable, "rhs"] = pd.NA  # undecidable rows carry NULL sides, as the mart does for equations
    frame["status"] = np.select([~decidable.to_numpy(), (negative | fractional).to_numpy()],
                                ["undecidable", "fail"], "pass")
    frame["detail"] = np.select([~decidable.to_numpy(), negative.to_numpy(), fractional.to_numpy()],
                                ["missing", "negative", "a count that is not an integer"], None)
    frame = frame.drop(columns=["num", "zf"])
    return _finish(frame, "t2_non_negative")


# ---- the narrative identities ----------------------------------------------------------------

def _t3_total(marts: Marts, outcome: str) -> pd.DataFrame:
    cells = _cells(marts.applications, "outcome", "applicant")
    rows = cells[(cells["outcome"] == outcome) & (cells["applicant"] == "total")]
    return rows[["report_id", "num", "zf"]].rename(columns={"num": outcome, "zf": f"{outcome}_zero_filled"})


def frame_narrative_applications(marts: Marts) -> pd.DataFrame:
    """lhs the narrative's count; rhs new_received.total, or new + carried_over when that matches."""
    frame = pd.DataFrame({"report_id": pd.Series(marts.report_ids, dtype=object), "scope": "report"})
    frame["narrative_received"] = pd.array(
        [marts.narrative.get(r, {}).get("applications_received") for r in marts.report_ids], dtype="Float64")
    frame = frame.merge(_t3_total(marts, "new_received"), on="report_id", how="left")
    frame = frame.merge(_t3_total(marts, "carried_over"), on="report_id", how="left")
    new, carried = frame["new_received"].astype("Float64"), frame["carried_over"].astype("Float64").fillna(0.0)
    received = frame["narrative_received"]
    both = new + carried
    ok = (received == new) | (received == both)
    frame["missing_operands"] = received.isna() | new.isna()
    frame["lhs"] = received
    frame["rhs"] = new.where((received == new).fillna(False) | ~ok.fillna(False), both)
    frame["zero_filled"] = frame["new_received_zero_filled"].astype("boolean").fillna(False).astype(bool)
    frame = decide(frame, ~frame["missing_operands"])
    frame["detail"] = np.select(
        [received.isna().to_numpy(), new.isna().to_numpy(), (frame["status"] == "fail").to_numpy()],
        ["the narrative states no number of applications", "new_received.total missing",
         "narrative figure differs from table 3"], None)
    return _finish(frame, "narrative_applications")


def frame_narrative_published_sum(marts: Marts) -> pd.DataFrame:
    totals, sums = [], []
    for rid in marts.report_ids:
        narrative = marts.narrative.get(rid, {})
        parts = narrative.get("published_parts") or []
        decidable = "published_total" in narrative and bool(parts)
        totals.append(narrative.get("published_total") if decidable else None)
        sums.append(sum(parts) if decidable else None)
    frame = pd.DataFrame({"report_id": pd.Series(marts.report_ids, dtype=object), "scope": "report",
                          "published_total": pd.array(totals, dtype="Float64"),
                          "published_parts_sum": pd.array(sums, dtype="Float64")})
    frame = evaluate_equation(frame, ["published_total"], ["published_parts_sum"])
    frame["zero_filled"] = False
    frame["detail"] = np.where(frame["status"] == "undecidable",
                               "the narrative lists no published total with parts", None)
    return _finish(frame, "narrative_published_sum")


# ---- the cross-year identities ---------------------------------------------------------------

def previous_year_pairs(marts: Marts) -> pd.DataFrame:
    """Every current report with the current report of the same body for the year before.

    Same body: same agency, division codes equal or one of them unknown. previous_report_id
    is NULL when there is no such report (then the cross-year identities are undecidable).
    """
    current = marts.reports[marts.reports["is_current"]][["report_id", "agency", "year", "division_code"]]
    prev = current.rename(columns={"report_id": "previous_report_id", "division_code": "previous_division_code",
                                   "year": "previous_year"})
    keyed = current.assign(previous_year=current["year"] - 1)
    pairs = keyed.merge(prev, on=["agency", "previous_year"], how="left")
    # pandas joins NULL keys to NULL keys: a body without agency or year has no predecessor.
    pairs.loc[pairs["agency"].isna() | pairs["year"].isna(), "previous_report_id"] = None
    conflict = (pairs["division_code"].notna() & pairs["previous_division_code"].notna()
                & (pairs["division_code"].astype(object) != pairs["previous_division_code"].astype(object)))
    pairs.loc[conflict, "previous_report_id"] = None
    pairs = pairs.sort_values(["report_id", "previous_report_id"], na_position="last")
    pairs = pairs.drop_duplicates("report_id")  # a conflicting candidate leaves the row, unpaired
    pairs = pairs[["report_id", "agency", "year", "division_code", "previous_report_id"]].reset_index(drop=True)
    previous = pairs["previous_report_id"].astype(object)
    pairs["previous_report_id"] = previous.where(previous.notna(), None)
    return pairs


def _pair_cells(pairs: pd.DataFrame, cells: pd.DataFrame, side: str, key_col: str, key: str,
                sub_col: str, scopes, name: str) -> pd.DataFrame:
    rid = "report_id" if side == "current" else "previous_report_id"
    picked = cells[cells[key_col] == key][["report_id", sub_col, "num", "zf"]].rename(
        columns={"report_id": rid, sub_col: "scope", "num": name, "zf": f"{name}__zf"})
    scaffold = _scaffold(list(pairs["report_id"]), "scope", scopes).merge(
        pairs[["report_id", "previous_report_id"]], on="report_id")
    return scaffold.merge(picked, on=[rid, "scope"], how="left")


def frame_cross_year(marts: Marts, identity: Identity) -> pd.DataFrame:
    """A cross-year identity of the table: one row per current report × scope, the operands of
    the report and of its body's report for the year before (`previous_…`) side by side."""
    pairs = previous_year_pairs(marts)
    cells, scope_col, operand_col = _identity_cells(marts, identity)
    scopes = codes_of(identity.scopes)
    lhs, rhs = expand(identity.lhs), expand(identity.rhs)
    frame = None
    for term in (*lhs, *rhs):
        part = _pair_cells(pairs, cells, "previous" if term.previous else "current", operand_col, term.code,
                           scope_col, scopes, term.name)
        if term.sign < 0:
            part[term.name] = -part[term.name].astype("Float64")
        frame = part if frame is None else frame.merge(part.drop(columns=["previous_report_id"]),
                                                       on=["report_id", "scope"])
    return _cross_year(frame, identity.name, [t.name for t in lhs], [t.name for t in rhs])


def _cross_year(frame: pd.DataFrame, identity: str, lhs: list[str], rhs: list[str]) -> pd.DataFrame:
    operands = [*lhs, *rhs]
    unpaired = frame["previous_report_id"].isna()
    frame[operands] = frame[operands].astype("Float64")
    frame["missing_operands"] = frame[operands].isna().any(axis=1) | unpaired
    zf = frame[[f"{op}__zf" for op in operands]].astype("boolean").fillna(False).astype(bool)
    frame["zero_filled"] = zf.any(axis=1) & ~frame["missing_operands"]
    frame = evaluate_equation(frame, lhs, rhs)
    frame["detail"] = [
        "no current report of the same body for the year before" if no_pair
        else ("missing: " + ", ".join(c for c, m in zip(operands, row) if m)) if any(row) else None
        for no_pair, row in zip(unpaired, frame[operands].isna().itertuples(index=False))
    ]
    frame = frame.drop(columns=[c for c in frame if c.endswith("__zf")])
    return _finish(frame, identity)


# ---- coverage -----------------------------------------------------------------------------

def frame_coverage(marts: Marts) -> pd.DataFrame:
    """One row per report: lhs the expected cells present, rhs 200 (212 with the 2019 table 2),
    and counts of anomalies."""
    old_t2 = set(_t2_template(marts)["2019"])
    expected = {("applications", o, a) for o in codes.T3_OUTCOMES for a in codes.APPLICANTS}
    expected |= {("review", p, o) for p, o in codes.T4_CELLS}
    other_group = {("applications", codes.OTHER_GROUP, a) for a in codes.APPLICANTS}
    long = pd.concat(
        [frame[["report_id", k, s, "value", "state"]].set_axis(["report_id", "key", "sub", "value", "state"], axis=1)
         .assign(table=name)
         for name, frame, k, s in (("proactive", marts.proactive, "item", "measure"),
                                   ("applications", marts.applications, "outcome", "applicant"),
                                   ("review", marts.review, "proceeding", "outcome"))],
        ignore_index=True,
    )
    # (table, key, sub) as one string, so membership is one vectorised isin (NULL codes never match)
    sep = "\x1f"
    joined = (long["table"].astype(object) + sep + long["key"].astype(object).fillna("\x00") + sep
              + long["sub"].astype(object).fillna("\x00"))
    long["expected"] = joined.isin({sep.join(k) for k in expected}).to_numpy(dtype=bool)
    in_2019 = long["report_id"].astype(str).isin(old_t2).to_numpy(dtype=bool)
    for template, rows in (("2021", ~in_2019), ("2019", in_2019)):
        t2 = {sep.join(("proactive", i, m)) for i, m in codes.T2_CELLS_BY_TEMPLATE[template]}
        long.loc[rows, "expected"] |= joined[rows].isin(t2).to_numpy(dtype=bool)
    long["other_group"] = joined.isin({sep.join(k) for k in other_group}).to_numpy(dtype=bool)
    long["bad_state"] = ~long["state"].isin(codes.STATES)
    has_value = long["value"].notna()
    long["value_state_mismatch"] = (long["state"] == NUMBER) != has_value
    long["duplicate"] = long.duplicated(["report_id", "table", "key", "sub"])
    long["counted"] = long["expected"] & ~long["duplicate"]
    long["unknown"] = ~long["expected"] & ~long["other_group"]
    grouped = long.groupby("report_id")
    per_report = pd.DataFrame({
        "lhs": grouped["counted"].sum(),
        "other_group_cells": grouped["other_group"].sum(),
        "unknown_codes": grouped["unknown"].sum(),
        "bad_states": grouped["bad_state"].sum(),
        "value_state_mismatches": grouped["value_state_mismatch"].sum(),
        "duplicates": grouped["duplicate"].sum(),
    })
    frame = pd.DataFrame({"report_id": pd.Series(marts.report_ids, dtype=object), "scope": "cells"})
    frame = frame.merge(per_report.reset_index(), on="report_id", how="left")
    counts = ["lhs", "other_group_cells", "unknown_codes", "bad_states", "value_state_mismatches", "duplicates"]
    frame[counts] = frame[counts].fillna(0).astype("Int64")
    frame["rhs"] = pd.array([codes.CELL_COUNT_2019 if r in old_t2 else codes.CELL_COUNT for r in frame["report_id"]],
                            dtype="Int64")
    frame["other_group_ok"] = frame["other_group_cells"].isin([0, len(codes.APPLICANTS)])
    bad = ((frame["lhs"] != frame["rhs"]) | ~frame["other_group_ok"] | (frame["unknown_codes"] > 0)
           | (frame["bad_states"] > 0) | (frame["value_state_mismatches"] > 0) | (frame["duplicates"] > 0))
    frame["status"] = np.where(bad.to_numpy(dtype=bool), "fail", "pass")
    frame["missing_operands"] = False
    frame["zero_filled"] = False
    frame["detail"] = np.where(bad.to_numpy(dtype=bool), "cells absent, duplicated or with unknown codes/states", None)
    frame.insert(1, "identity", "coverage")
    frame["severity"] = IDENTITY_SPECS["coverage"].severity
    return frame.reset_index(drop=True)


_BUILDERS_BY_KIND = {"equation": frame_equation, "cross_year": frame_cross_year}
_SPECIAL_BUILDERS = {
    "t2_non_negative": frame_t2_non_negative,
    "narrative_applications": frame_narrative_applications,
    "narrative_published_sum": frame_narrative_published_sum,
    "coverage": frame_coverage,
}


def frame_builder(name: str, table: dict[str, Identity] | None = None) -> Callable[[Marts], pd.DataFrame]:
    """The function that evaluates suite `name` over marts; `table`: another identity table than
    ingest/data/identities.csv (a copy, in tests)."""
    identity = (table or IDENTITIES).get(name)
    if identity is not None and identity.kind in _BUILDERS_BY_KIND:
        return partial(_BUILDERS_BY_KIND[identity.kind], identity=identity)
    return _SPECIAL_BUILDERS[name]


FRAME_BUILDERS = {name: frame_builder(name) for name in IDENTITY_SPECS}
assert set(FRAME_BUILDERS) == set(IDENTITY_SPECS)


def build_frame(name: str, marts: Marts) -> pd.DataFrame:
    """The evaluated wide frame of one suite, with the body's agency and year beside each row."""
    frame = FRAME_BUILDERS[name](marts)
    meta = marts.reports[["report_id", "agency", "year"]]
    return frame.merge(meta, on="report_id", how="left")


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame(columns=["report_id", "identity", "scope", "lhs", "rhs", "status", "severity",
                                     "zero_filled", "detail", "missing_operands"])
    return pd.concat(parts, ignore_index=True)
