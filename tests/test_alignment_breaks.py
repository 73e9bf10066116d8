"""The fewest-violations rule for table-3 rows the column identities decide (ingest/alignment_breaks.py
through the mapper): where a report prints an inconsistent table, no combination of the undecided
rows' readings fits every column identity. Expected values are worked out by hand."""

from __future__ import annotations

from ingest import codes
from ingest.alignment import Token, read_row, resolve_columns, row_total_holds
from ingest.alignment_breaks import fewest_columns
from ingest.identities import evaluate
from ingest.mapper import map_rows
from ingest.model import Row
from ingest.normalize import BLANK, NUMBER_STATE
from ingest.readers.text_blocks import _labels


def _n(v) -> Token:
    return Token(v, NUMBER_STATE, str(v), "line 1")


def _values(reading) -> list:
    return [t.value if t.state == NUMBER_STATE else t.state for t in reading]


def _known(*open_rows: str) -> dict:
    """Every row 0 but 新收 and 总计: 2 under 自然人 (and 总计); `open_rows` unread. The slip:
    部分公开 prints 1 under 总计 where its columns add up to 0 — its row total fails, and the
    total column's results sum, whatever the open rows read (2 instances)."""
    known = {(o, a): _n(0) for o in codes.T3_OUTCOMES for a in codes.APPLICANTS if o not in open_rows}
    known |= {("results_total", "natural_person"): _n(2), ("results_total", "total"): _n(2),
              ("new_received", "natural_person"): _n(2), ("new_received", "total"): _n(2),
              ("partially_granted", "total"): _n(1)}
    return known


def test_the_fewest_combination_is_read_where_the_next_breaks_more():
    # 予以公开 printed 2, 2 (blanks lost): six readings with its row total; under 自然人 its
    # results sum holds there (2 instances broken: the slip's); under an org column it breaks
    # 自然人's and that column's too (4)
    options = read_row([_n(2), _n(2)], 7, row_total_holds).readings
    known = _known("granted")
    assert resolve_columns(known, {"granted": options}, False) == ({}, 0)
    read = fewest_columns(known, {"granted": options}, False)
    assert read is not None
    assert _values(read.rows["granted"]) == [2, BLANK, BLANK, BLANK, BLANK, BLANK, 2]
    assert (read.least, read.ties, read.runner_up) == (2, 1, 4)


def test_two_combinations_that_tie_read_nothing():
    # 予以公开 and 属于国家秘密 printed 1, 1 each, 总计 1 | 1 | … | 2: one under 自然人, the other
    # under 法人或其他组织 — which is which nothing printed decides
    known = _known("granted", "denied.state_secret")
    known |= {("results_total", "natural_person"): _n(1), ("results_total", "commercial_enterprise"): _n(1),
              ("new_received", "natural_person"): _n(1), ("new_received", "commercial_enterprise"): _n(1)}
    one = read_row([_n(1), _n(1)], 7, row_total_holds).readings
    assert resolve_columns(known, {"granted": one, "denied.state_secret": one}, False) == ({}, 0)
    assert fewest_columns(known, {"granted": one, "denied.state_secret": one}, False) is None


def test_nothing_is_weighed_with_a_cell_of_the_identity_unread():
    options = read_row([_n(2), _n(2)], 7, row_total_holds).readings
    known = _known("granted")
    del known[("denied.state_secret", "legal_service_org")]
    assert fewest_columns(known, {"granted": options}, False) is None


def _table3(partially_granted: list[str], granted: list[str]) -> list[Row]:
    """Table 3 as a text reader hands it to the mapper: a label cell then the values."""
    labels = _labels()
    values = {o: ["0"] * 7 for o in codes.T3_OUTCOMES} | {
        "new_received": ["2", "0", "0", "0", "0", "0", "2"], "partially_granted": partially_granted, "granted": granted,
        "results_total": ["2", "0", "0", "0", "0", "0", "2"]}
    rows = [Row(["三、收到和处理政府信息公开申请情况"], 1)]
    group = None
    for n, o in enumerate(codes.T3_OUTCOMES, start=2):
        g = o.split(".")[0] if "." in o else None
        head = [labels[g]] if g is not None and g != group else []
        group = g
        rows.append(Row([*head, labels[o], *values[o]], n))
    return rows


def test_mapper_reads_the_row_by_the_rule_and_the_check_shows_the_slip():
    """予以公开 printed `2 2` (its blanks lost) in a table whose 部分公开 has a slip: the row is read
    by the fewest-violations rule, and the report's check fails exactly where the body erred."""
    result = map_rows(_table3(["0", "0", "0", "0", "0", "0", "1"], ["2", "2"]))
    got = {(c.key, c.sub): (c.value, c.state) for c in result.cells if c.table == "applications"}
    assert got[("granted", "natural_person")] == (2, NUMBER_STATE)
    assert got[("granted", "total")] == (2, NUMBER_STATE)
    assert got[("granted", "commercial_enterprise")] == (None, BLANK)
    finding = next(i for i in result.issues if i.code == "fewest_violations")
    assert "breaks 2 identity instance(s)" in finding.message and "the next combination breaks 4" in finding.message
    failing = {(r.id, r.scope) for r in evaluate(result.cells, {}) if r.status == "fail"}
    assert failing == {("t3_row_total", "partially_granted"), ("t3_results_sum", "total")}


def test_mapper_without_a_slip_reads_by_the_identities_as_before():
    result = map_rows(_table3(["0"] * 7, ["2", "2"]))
    assert not any(i.code == "fewest_violations" for i in result.issues)
    assert any(i.code == "inferred_alignment" for i in result.issues)


def test_rendered_run_together_report_with_row_total_slips():
    """000419 (tests/data/run_together_inconsistent, from the real-renderer corpus with its
    generator truth): the body's 其他法律行政法规禁止公开 prints 2000000 (总计 0 for 2) and
    属于四类过程性信息 a total that its columns do not add up to. 新收, 予以公开 and 总计 have two
    readings each with their row totals and no combination fits every column: the rule reads
    them as printed; 2000000's own readings tie (20 under another column breaks as few), so
    that row stays missing. No cell wrong; the check fails only where the body erred."""
    import json
    from pathlib import Path

    from ingest.accuracy import cells_of
    from ingest.parse import parse_file

    folder = Path(__file__).parent / "data" / "run_together_inconsistent"
    truth = json.loads((folder / "000419_run_together.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(folder / "000419_run_together.txt").to_dict()
    want = {k: v for k, v in cells_of(truth).items() if k[0] == "applications"}
    got = {k: v for k, v in cells_of(parsed).items() if k[0] == "applications"}
    stated = {k for k, v in got.items() if v[1] != "missing"}
    assert all(got[k] == want[k] for k in stated)
    assert {k[1] for k in want if k not in stated} == {"denied.prohibited_by_law"}
    assert {i["message"].split(":")[0] for i in parsed["issues"] if i["code"] == "fewest_violations"} == {
        "一、本年新收政府信息公开申请数量", "（一）予以公开", "（七）总计"}
    expected = {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}
    failing = {(i["id"], str(i["scope"])) for i in parsed["identities"] if i["status"] == "fail"}
    assert failing == {("t3_row_total", "denied.process_information")} and failing <= expected
