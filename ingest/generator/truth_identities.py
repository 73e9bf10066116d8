"""The identities of report-format.md over a generated `Truth`: an implementation independent
of `ingest/identities.py` (which reads the identity table), so the generator's recorded
failures check the parser's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ingest import codes as C
from ingest.states import MISSING
from ingest.states import NUMBER as NUM

if TYPE_CHECKING:
    from .truth import Truth


def _v(cell: tuple[Any, str]) -> tuple[float, bool, bool]:
    """(value, zero_filled, missing)"""
    v, s = cell
    if s == NUM:
        return float(v), False, False
    if s == MISSING:
        return 0.0, False, True
    return 0.0, True, False


def check_identities(t: Truth) -> list[dict[str, Any]]:
    """Every hard identity and the per-report soft ones, with status pass|fail|undecidable."""
    out: list[dict[str, Any]] = []

    def add(ident: str, scope: str, lhs_cells: list, rhs_cells: list) -> None:
        lhs = rhs = 0.0
        missing = False
        for c in lhs_cells:
            v, _, m = _v(c)
            lhs += v
            missing |= m
        for c in rhs_cells:
            v, _, m = _v(c)
            rhs += v
            missing |= m
        status = "undecidable" if missing else ("pass" if abs(lhs - rhs) < 1e-9 else "fail")
        out.append({"id": ident, "scope": scope, "lhs": lhs, "rhs": rhs, "status": status})

    t3 = t.t3
    result_rows = list(C.RESULT_OUTCOMES)
    if t.other_as_one_row:
        result_rows = [r for r in result_rows if r not in C.OTHER_SUBROWS] + [C.OTHER_GROUP]
    for a in C.APPLICANTS:
        add("t3_balance", a, [t3["new_received"][a], t3["carried_over"][a]],
            [t3["results_total"][a], t3["carried_forward"][a]])
    for a in C.APPLICANTS:
        add("t3_results_sum", a, [t3["results_total"][a]], [t3[r][a] for r in result_rows])
    for o in t.t3_outcomes():
        row = t3[o]
        if all(s == MISSING for _, s in row.values()) and o in C.OTHER_SUBROWS and t.other_as_one_row:
            add("t3_row_total", o, [row["total"]], [row[a] for a in C.APPLICANT_COLUMNS])  # undecidable
            continue
        add("t3_row_total", o, [row["total"]], [row[a] for a in C.APPLICANT_COLUMNS])
    for p in C.PROCEEDINGS:
        add("t4_total", p, [t.t4[(p, "total")]], [t.t4[(p, o)] for o in C.T4_OUTCOMES[:-1]])
    for item, m in C.T2_CELLS_BY_TEMPLATE[t.format_version]:
        if m in C.T2_SIGNED_MEASURES:
            continue
        v, s = t.t2[(item, m)]
        scope = f"{item}.{m}"
        if s == MISSING:
            st = "undecidable"
        elif s != NUM:
            st = "pass"
        else:
            ok = v >= 0 and (m in C.T2_DECIMAL_MEASURES or float(v) == int(v))
            st = "pass" if ok else "fail"
        out.append({"id": "t2_non_negative", "scope": scope, "lhs": None if v is None else float(v),
                    "rhs": 0.0, "status": st})
    n = t.narrative
    new_total = _v(t3["new_received"]["total"])[0]
    carried = _v(t3["carried_over"]["total"])[0]
    k = n.get("applications_received")
    if k is None:
        st = "undecidable"
    else:
        st = "pass" if k in (new_total, new_total + carried) else "fail"
    out.append({"id": "narrative_applications", "scope": "report", "lhs": k, "rhs": new_total, "status": st})
    parts = n.get("published_parts") or []
    if n.get("published_total") is None or not parts:
        st, s = "undecidable", None
    else:
        s = sum(parts)
        st = "pass" if s == n["published_total"] else "fail"
    out.append({"id": "narrative_published_sum", "scope": "report", "lhs": n.get("published_total"),
                "rhs": s, "status": st})
    return out


def failures_of(t: Truth) -> list[dict[str, str]]:
    return [{"id": r["id"], "scope": r["scope"]} for r in check_identities(t) if r["status"] == "fail"]


def check_cross_year(prev: Truth, cur: Truth) -> list[dict[str, Any]]:
    out = []
    for a in C.APPLICANTS:
        p, c = prev.t3["carried_forward"][a], cur.t3["carried_over"][a]
        if MISSING in (p[1], c[1]):
            st = "undecidable"
        else:
            st = "pass" if _v(p)[0] == _v(c)[0] else "fail"
        out.append({"id": "cross_year_carry", "scope": a, "status": st})
    for item in ("regulation", "normative_document"):
        if "2019" in (prev.format_version, cur.format_version):  # no in_force in the 2019 template
            out.append({"id": "cross_year_in_force", "scope": item, "status": "undecidable"})
            continue
        cells = [prev.t2[(item, "in_force")], cur.t2[(item, "in_force")], cur.t2[(item, "issued")],
                 cur.t2[(item, "repealed")]]
        if any(s == MISSING for _, s in cells):
            st = "undecidable"
        else:
            pf, f, i, r = (_v(x)[0] for x in cells)
            st = "pass" if f == pf + i - r else "fail"
        out.append({"id": "cross_year_in_force", "scope": item, "status": st})
    return out
