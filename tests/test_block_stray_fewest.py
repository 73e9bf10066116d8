"""Plain `pdftotext`'s table 3 whose last rows' column flows stand past table 4's heading, among
table 4's lone values (`block_last_rows.without_strays`), read by the fewest-violations rule.

tests/data/plain_stray_fewest/fresh45_000139_pdftotext_plain.txt is the plain-pdftotext dump
of a generated report (fresh set 45, report 000139; its generator's truth beside it, a
consistent table). The last three columns of (五)1–3 print as `0 0 0 0 0` | `0 0` | `2 0`: a
column runs across the flows, a placement the choices of strays do not weigh, so no placement
weighed holds every identity and the fewest placement put 重复申请's total 2 under 要求提供公开
出版物's (two wrong cells). With strays set aside, two neighbouring rows breaking their totals
that hold with one column's cells swapped (`block_fewest.without_one_row_off`) stay missing."""

from __future__ import annotations

from pathlib import Path

from ingest.accuracy import cells_of
from ingest.alignment import Token
from ingest.alignment_breaks import Fewest
from ingest.readers.block_fewest import without_one_row_off
from tests._table3_truth import parsed_and_truth, row_values

DATA = Path(__file__).parent / "data" / "plain_stray_fewest"


def test_no_read_cell_differs_from_the_truth_and_the_rows_breaking_their_totals_stay_missing():
    truth, parsed = parsed_and_truth(DATA, "fresh45_000139_pdftotext_plain")
    assert not truth["expected_identity_failures"]
    want, got = cells_of(truth), cells_of(parsed)
    read = {k: v for k, v in got.items() if v[1] != "missing"}
    assert {k: v for k, v in read.items() if want.get(k) != v} == {}
    for outcome in ("not_processed.duplicate", "not_processed.publication"):
        assert row_values(parsed, outcome) == [None] * 7
    assert row_values(parsed, "not_processed.confirm_or_reissue") == [1, 0, 0, 0, 0, 0, 1]
    assert row_values(parsed, "results_total") == [24, 4, 0, 0, 0, 1, 29]
    assert sum(1 for k in read if k[0] == "applications") == 23 * 7
    finding = next(i for i in parsed["issues"] if i["code"] == "fewest_violations")
    assert "23 of 25 rows" in finding["message"]
    assert "rows not_processed.duplicate, not_processed.publication left missing" in finding["message"]


def _row(*values: int) -> list[Token]:
    return [Token(v, "number", str(v), "line 1") for v in values]


def _one_row_off(rows: dict[str, list[Token]], outcomes: list[str]) -> set[str]:
    return set(without_one_row_off(Fewest(rows, 2, 1, None, 1), outcomes).off)


def test_one_row_off_names_neighbouring_rows_a_swap_in_one_column_mends_not_a_slip_apart():
    rows = {"a": _row(1, 0, 0, 0, 0, 0, 1), "b": _row(0, 0, 0, 0, 0, 0, 2), "c": _row(0, 0, 0, 0, 0, 0, 0),
            "d": _row(0, 0, 0, 0, 0, 0, 0)}
    assert _one_row_off(rows, ["a", "b", "c", "d"]) == set()  # b breaks alone
    rows["c"] = _row(0, 0, 0, 0, 0, 0, 2)
    rows["b"] = _row(0, 2, 0, 0, 0, 0, 0)
    assert _one_row_off(rows, ["a", "b", "c", "d"]) == {"b", "c"}  # 000139: the 2 one row down
    # a slip moving 3 between two row totals apart (000564): no swap mends it
    slip = {"a": _row(54, 4, 1, 0, 2, 2, 66), "b": _row(1, 0, 0, 0, 0, 0, 1), "c": _row(14, 0, 0, 0, 0, 0, 11)}
    assert _one_row_off(slip, ["a", "b", "c"]) == set()
    assert _one_row_off({"a": slip["a"], "c": slip["c"]}, ["a", "c"]) == set()
