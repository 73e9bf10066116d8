"""The generic identity check and the GX suites, on tiny inline frames (no warehouse)."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.frames import build_frame, previous_year_pairs
from expectations.marts import Marts
from expectations.generic import evaluate_equation
from expectations.specs import IDENTITY_SPECS, SUITE_NAMES
from ingest import codes

# ---- the generic check --------------------------------------------------------------------


def _t3_balance_rows(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["report_id", "scope", "new_received", "carried_over", "results_total", "carried_forward"]
    ).astype({c: "Int64" for c in ("new_received", "carried_over", "results_total", "carried_forward")})


def test_generic_check_passes_fails_and_never_passes_a_null_total():
    frame = _t3_balance_rows(
        ("r1", "total", 10, 1, 9, 2),  # 11 = 11
        ("r2", "total", 10, 1, 9, 1),  # 11 ≠ 10
        ("r3", "total", 10, 1, None, 11),  # NULL total: undecidable even though 10 + 1 = 0 + 11
        ("r4", "total", 0, 0, 0, 0),
    )
    out = evaluate_equation(frame, ["new_received", "carried_over"], ["results_total", "carried_forward"])

    assert list(out["status"]) == ["pass", "fail", "undecidable", "pass"]
    assert list(out["lhs"]) == [11, 11, pd.NA, 0]
    assert out["lhs"].isna().tolist() == [False, False, True, False]
    assert out.loc[1, ["lhs", "rhs"]].tolist() == [11, 10]
    assert str(out["lhs"].dtype) == "Int64"  # counts compare as integers


def test_generic_check_respects_the_missing_operand_flag():
    frame = _t3_balance_rows(("r1", "total", 1, 0, 1, 0)).assign(missing_operands=[True])
    out = evaluate_equation(frame, ["new_received", "carried_over"], ["results_total", "carried_forward"])
    assert out["status"].tolist() == ["undecidable"]


def test_generic_check_compares_decimals_with_a_tolerance():
    frame = pd.DataFrame({"report_id": ["r"], "scope": ["x"], "a": [0.1], "b": [0.2], "c": [0.3]})
    assert evaluate_equation(frame, ["a", "b"], ["c"])["status"].tolist() == ["pass"]


# ---- tiny marts ---------------------------------------------------------------------------


def _report(rid: str, *, agency="示例县教育局", year=2023, division_code=None, t3=None, t4=None, t2=None,
            drop=(), narrative=None):
    """Long cell rows of one consistent report (every value 0 unless given)."""
    t3 = t3 or {}
    t4 = t4 or {}
    t2 = t2 or {}
    cells = {"proactive": [], "applications": [], "review": []}
    for item, measure in codes.T2_CELLS:
        v = t2.get((item, measure), 0)
        cells["proactive"].append((rid, item, measure, v))
    for outcome in codes.T3_OUTCOMES:
        for applicant in codes.APPLICANTS:
            cells["applications"].append((rid, outcome, applicant, t3.get((outcome, applicant), 0)))
    for proceeding, outcome in codes.T4_CELLS:
        cells["review"].append((rid, proceeding, outcome, t4.get((proceeding, outcome), 0)))
    rows = {}
    for table, key_names in (("proactive", ("item", "measure")), ("applications", ("outcome", "applicant")),
                             ("review", ("proceeding", "outcome"))):
        records = []
        for r, k, s, v in cells[table]:
            if (k, s) in drop:
                records.append({"report_id": r, key_names[0]: k, key_names[1]: s, "value": None, "state": "missing"})
            elif v == "":
                records.append({"report_id": r, key_names[0]: k, key_names[1]: s, "value": None, "state": "blank"})
            else:
                records.append({"report_id": r, key_names[0]: k, key_names[1]: s, "value": float(v),
                                "state": "number"})
        rows[table] = records
    meta = {"report_id": rid, "agency": agency, "year": year, "division_code": division_code, "is_current": True}
    return meta, rows, narrative or {}


def _marts(*reports) -> Marts:
    return Marts(
        reports=pd.DataFrame([m for m, _, _ in reports]),
        proactive=pd.DataFrame([r for _, rows, _ in reports for r in rows["proactive"]]),
        applications=pd.DataFrame([r for _, rows, _ in reports for r in rows["applications"]]),
        review=pd.DataFrame([r for _, rows, _ in reports for r in rows["review"]]),
        narrative={m["report_id"]: n for m, _, n in reports},
    )


def _status(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    return {(r, s): st for r, s, st in frame[["report_id", "scope", "status"]].itertuples(index=False)}


def test_t4_total_frame_points_at_one_report_and_proceeding():
    bad = {("administrative_review", "upheld"): 1, ("administrative_review", "pending"): 1,
           ("administrative_review", "total"): 3}
    marts = _marts(_report("ok"), _report("bad", agency="另一局", t4=bad))
    status = _status(build_frame("t4_total", marts))
    assert [k for k, v in status.items() if v == "fail"] == [("bad", "administrative_review")]
    assert len(status) == 2 * 3


def test_missing_total_is_undecidable_in_the_marts_frames():
    marts = _marts(_report("r", drop={("administrative_review", "total"), ("results_total", "natural_person")}))
    t4 = _status(build_frame("t4_total", marts))
    t3 = _status(build_frame("t3_balance", marts))
    assert t4[("r", "administrative_review")] == "undecidable"
    assert t3[("r", "natural_person")] == "undecidable" and t3[("r", "total")] == "pass"


def test_t3_results_sum_uses_the_other_row_when_printed_as_one_row():
    meta, rows, narrative = _report("r", t3={("granted", "total"): 2, ("results_total", "total"): 5,
                                             ("new_received", "total"): 5})
    for applicant in codes.APPLICANTS:
        rows["applications"].append({"report_id": "r", "outcome": "other", "applicant": applicant,
                                     "value": 3.0 if applicant == "total" else 0.0, "state": "number"})
    for r in rows["applications"]:
        if r["outcome"] in codes.OTHER_SUBROWS:
            r.update(value=None, state="missing")
    status = _status(build_frame("t3_results_sum", _marts((meta, rows, narrative))))
    assert status[("r", "total")] == "pass"  # 5 = 2 + other 3, the missing other.* sub-rows not needed


def test_t2_non_negative_fails_negatives_and_fractional_counts_not_amounts():
    marts = _marts(_report("r", t2={("regulation", "issued"): -1, ("administrative_license", "decisions"): 2.5,
                                    ("administrative_fee", "amount_10k_yuan"): 12.5}))
    status = _status(build_frame("t2_non_negative", marts))
    assert {k for k, v in status.items() if v == "fail"} == {
        ("r", "regulation.issued"), ("r", "administrative_license.decisions")}


def test_narrative_applications_accepts_new_or_new_plus_carried():
    t3 = {("new_received", "total"): 13, ("carried_over", "total"): 1}
    marts = _marts(
        _report("a", agency="甲", t3=t3, narrative={"applications_received": 13}),
        _report("b", agency="乙", t3=t3, narrative={"applications_received": 14}),
        _report("c", agency="丙", t3=t3, narrative={"applications_received": 17}),
        _report("d", agency="丁", t3=t3),
    )
    frame = build_frame("narrative_applications", marts)
    assert _status(frame) == {("a", "report"): "pass", ("b", "report"): "pass", ("c", "report"): "fail",
                              ("d", "report"): "undecidable"}
    assert frame.loc[frame["report_id"] == "c", ["lhs", "rhs"]].values.tolist() == [[17, 13]]


def test_cross_year_pairs_same_body_consecutive_current_years():
    marts = _marts(
        _report("y1", year=2022, division_code="360704", t3={("carried_forward", "total"): 2}),
        _report("y2", year=2023, t3={("carried_over", "total"): 3}),  # division unknown: same body
        _report("other", agency="别的局", year=2022),
        _report("y3", year=2024, division_code="110101"),  # y2's region unknown: no conflict
    )
    pairs = previous_year_pairs(marts).set_index("report_id")["previous_report_id"].to_dict()
    assert pairs == {"y1": None, "y2": "y1", "other": None, "y3": "y2"}
    carry = _status(build_frame("cross_year_carry", marts))
    assert carry[("y2", "total")] == "fail" and carry[("y2", "natural_person")] == "pass"
    assert carry[("y1", "total")] == "undecidable"


def test_cross_year_in_force_and_conflicting_division_codes():
    t2_prev = {("regulation", "in_force"): 12}
    t2_cur = {("regulation", "in_force"): 13, ("regulation", "issued"): 2, ("regulation", "repealed"): 1}
    marts = _marts(
        _report("p", year=2022, division_code="360704", t2=t2_prev),
        _report("c", year=2023, division_code="360704", t2=t2_cur),
        _report("q", agency="乙", year=2022, division_code="360704", t2=t2_prev),
        _report("d", agency="乙", year=2023, division_code="110101", t2=t2_cur),
    )
    status = _status(build_frame("cross_year_in_force", marts))
    assert status[("c", "regulation")] == "pass" and status[("c", "normative_document")] == "pass"
    assert status[("d", "regulation")] == "undecidable"  # division codes conflict: not the same body


# ---- the GX adapter -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def suite_results():
    from expectations.suites import run_suites

    bad_t4 = {("litigation_direct", "upheld"): 1, ("litigation_direct", "total"): 2}
    bad_t3 = {("new_received", "natural_person"): 2, ("new_received", "total"): 2,
              ("granted", "natural_person"): 1, ("granted", "total"): 1,
              ("results_total", "natural_person"): 1, ("results_total", "total"): 1}  # 2 + 0 ≠ 1 + 0
    marts = _marts(
        _report("good", agency="甲", narrative={"published_total": 3, "published_parts": [1, 2]}),
        _report("t4", agency="乙", t4=bad_t4, drop={("administrative_review", "total")}),
        _report("t3", agency="丙", t3=bad_t3, narrative={"published_total": 3, "published_parts": [1, 1]}),
    )
    return marts, run_suites(SUITE_NAMES, marts)


def test_gx_suites_flag_exactly_the_broken_rows(suite_results):
    _, results = suite_results
    failing = {name: r.failing for name, r in results.items()}
    assert failing["t4_total"] == {("t4", "litigation_direct")}
    assert failing["t3_balance"] == {("t3", "natural_person"), ("t3", "total")}
    assert failing["narrative_published_sum"] == {("t3", "report")}
    for name in ("t3_results_sum", "t3_row_total", "t2_non_negative", "coverage", "narrative_applications",
                 "cross_year_carry", "cross_year_in_force"):
        assert failing[name] == set(), name
    assert all(not r.disagreements for r in results.values())
    assert results["t4_total"].success is False and results["t3_results_sum"].success is True


def test_gx_failures_carry_both_sides_and_undecidable_rows_are_counted(suite_results):
    _, results = suite_results
    t4 = results["t4_total"]
    assert t4.failures[["agency", "year", "identity", "scope", "lhs", "rhs", "severity"]].values.tolist() == [
        ["乙", 2023, "t4_total", "litigation_direct", 2, 1, "error"]]
    assert t4.counts()["undecidable_rows"] == 1  # the missing administrative_review total
    assert t4.counts()["reports_checked"] == 3


def test_coverage_suite_flags_absent_and_unknown_cells():
    from expectations.suites import run_suite

    meta, rows, narrative = _report("short")
    rows["review"] = rows["review"][:-1]
    rows["proactive"].append({"report_id": "short", "item": "regulation", "measure": "bogus", "value": 1.0,
                              "state": "number"})
    result = run_suite("coverage", _marts((meta, rows, narrative), _report("full", agency="乙")))
    assert result.failing == {("short", "cells")}
    assert result.frame.set_index("report_id").loc["short", "unknown_codes"] == 1


def test_every_identity_of_the_spec_has_a_suite():
    assert set(SUITE_NAMES) == set(codes.IDENTITY_SEVERITY) | {"coverage"}
    assert {n for n, s in IDENTITY_SPECS.items() if s.severity == "error"} == set(codes.HARD_IDENTITIES) | {"coverage"}
