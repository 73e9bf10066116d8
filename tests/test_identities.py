"""The generic identity check on tiny inline rows: pass, fail, coverage guard, zero-filling."""

from __future__ import annotations

from ingest.identities import equation, evaluate
from ingest.model import Cell


def c(value, state="number", key="k", sub="s"):
    return Cell("applications", key, sub, value, state)


def test_pass_and_fail():
    assert equation("t4_total", "x", [c(3)], [c(1), c(2)]).status == "pass"
    r = equation("t4_total", "x", [c(4)], [c(1), c(2)])
    assert (r.status, r.lhs, r.rhs, r.severity) == ("fail", 4, 3, "error")


def test_missing_operand_is_undecidable_never_pass():
    r = equation("t3_balance", "total", [c(None, "missing")], [c(0), c(0)])
    assert r.status == "undecidable" and r.lhs is None
    assert equation("t3_balance", "total", [None], [c(0)]).status == "undecidable"


def test_blank_and_not_applicable_count_as_zero_and_say_so():
    r = equation("t4_total", "x", [c(None, "blank")], [c(None, "not_applicable"), c(0)])
    assert r.status == "pass" and r.zero_filled is True
    assert equation("t4_total", "x", [c(2)], [c(2)]).zero_filled is False


def test_null_total_with_nonzero_parts_fails():
    r = equation("t4_total", "x", [c(None, "blank")], [c(1), c(0)])
    assert r.status == "fail"


def test_soft_identity_severity():
    assert equation("narrative_applications", "report", [c(1)], [c(2)]).severity == "warning"


def test_t2_non_negative_and_integer_counts():
    cells = [Cell("proactive", "regulation", "issued", -1, "number"),
             Cell("proactive", "normative_document", "issued", 2.5, "number"),
             Cell("proactive", "administrative_fee", "amount_10k_yuan", 2.5, "number")]
    results = {r.scope: r.status for r in evaluate(cells, {}) if r.id == "t2_non_negative"}
    assert results["regulation.issued"] == "fail"
    assert results["normative_document.issued"] == "fail"
    assert results["administrative_fee.amount_10k_yuan"] == "pass"
    assert results["regulation.repealed"] == "undecidable"


def test_other_group_replaces_subrows_in_results_sum():
    cells = [Cell("applications", "results_total", "total", 3, "number"),
             Cell("applications", "granted", "total", 1, "number"),
             Cell("applications", "other", "total", 2, "number")]
    from ingest import codes
    for o in codes.RESULT_OUTCOMES:
        if o != "granted" and o not in codes.OTHER_SUBROWS:
            cells.append(Cell("applications", o, "total", 0, "number"))
    for o in codes.OTHER_SUBROWS:
        cells.append(Cell("applications", o, "total", None, "missing"))
    r = next(r for r in evaluate(cells, {}) if r.id == "t3_results_sum" and r.scope == "total")
    assert (r.status, r.lhs, r.rhs) == ("pass", 3, 3)
