"""Table 3 of plain `pdftotext` where the report prints an inconsistent table: the fewest-violations
reading (ingest/readers/block_fewest.py, ingest/alignment_breaks.py).

The hand-made tables follow tests/test_text_blocks.py; the rendered reports under
tests/data/plain_inconsistent are copies of the real-renderer corpus (a generator report with an
injected t3_balance slip, through LibreOffice and plain pdftotext) with the generator's truth.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest import codes
from ingest.accuracy import cells_of
from ingest.alignment import Token
from ingest.alignment_breaks import broken
from ingest.normalize import NUMBER_STATE
from ingest.parse import parse_file
from ingest.alignment_breaks import MARGIN, MAX_BROKEN, agreed_rows
from tests.test_text_blocks import BANDS, PAGE_BREAK, ZERO, _read, _text

DATA = Path(__file__).parent / "data" / "plain_inconsistent"

# hand-made, every identity holds: results rows sum to 总计; 一 + 二 = 总计 + 四 per column
TABLE = {o: ZERO for o in codes.T3_OUTCOMES} | {
    "new_received": [6, 3, 2, 1, 3, 0, 15], "carried_over": [1, 0, 0, 0, 1, 0, 2],
    "granted": [4, 2, 1, 0, 1, 0, 8], "partially_granted": [1, 0, 0, 1, 0, 0, 2],
    "denied.state_secret": [0, 1, 0, 0, 0, 0, 1], "denied.prohibited_by_law": [0, 0, 1, 0, 0, 0, 1],
    "not_processed.duplicate": [0, 0, 0, 0, 2, 0, 2],
    "results_total": [5, 3, 2, 1, 3, 0, 14], "carried_forward": [2, 0, 0, 0, 1, 0, 3]}
# the body's slip: 上年结转 prints 2 (and 3) under 自然人 where the balance needs 1 — the balance
# fails in that column and in the total column: 2 instances
SLIP = TABLE | {"carried_over": [2, 0, 0, 0, 1, 0, 3]}
LABEL = {"carried_over": "上年结转政府信息公开申请数量", "partially_granted": "部分公开",
         "denied.state_secret": "属于国家秘密", "denied.prohibited_by_law": "其他法律行政法规禁止公开",
         "not_processed.duplicate": "重复申请", "carried_forward": "结转下年度继续办理"}


def _tokens(values: list[int]) -> list[Token]:
    return [Token(v, NUMBER_STATE, str(v), "line 1") for v in values]


def test_broken_counts_each_identity_instance_of_the_table():
    table = {o: _tokens(v) for o, v in TABLE.items()}
    assert broken(table, False, 10) == 0
    assert broken(table | {"carried_over": _tokens(SLIP["carried_over"])}, False, 10) == 2
    assert broken(table | {"carried_over": _tokens(SLIP["carried_over"])}, False, 0) == 1  # stops past the limit
    # 予以公开 printing 2 (and 9) under 法律服务机构: the results sum of that column and of 总计
    assert broken(table | {"granted": _tokens([4, 2, 1, 0, 2, 0, 9])}, False, 10) == 2
    # 予以公开 printing 9 under 总计 where its columns add up to 8: its row total, 总计's results sum
    assert broken(table | {"granted": _tokens([4, 2, 1, 0, 1, 0, 9])}, False, 10) == 2


def _rows(*rows: list[int]) -> list[list[Token]]:
    return [_tokens(r) for r in rows]


OUTCOMES = ["a", "b"]


def test_rule_states_the_rows_every_near_fewest_placement_agrees_on():
    """The printed placement breaks 1 instance, a wrong one breaks 1 + MARGIN + 1: it is too far
    to weigh, both rows are stated as the fewest placement has them."""
    true = _rows([1, 2], [3, 4])
    wrong = _rows([2, 1], [3, 4])
    read = agreed_rows([(MARGIN + 2, wrong, frozenset()), (1, true, frozenset({7}))], OUTCOMES)
    assert read is not None
    assert {o: [t.value for t in r] for o, r in read.rows.items()} == {"a": [1, 2], "b": [3, 4]}
    assert (read.least, read.ties, read.runner_up, read.near, read.taken) == (1, 1, MARGIN + 2, 1, {7})


def test_rule_leaves_missing_a_row_two_near_placements_disagree_on():
    """A wrong placement within the margin (or tied) differs in row a: a is left missing, b read."""
    for other in (1, 1 + MARGIN):
        read = agreed_rows([(1, _rows([1, 2], [3, 4]), frozenset()), (other, _rows([2, 1], [3, 4]), frozenset())],
                           OUTCOMES)
        assert read is not None and list(read.rows) == ["b"]


def test_rule_reads_nothing_past_the_cap_or_where_no_row_agrees():
    far = MAX_BROKEN + 1
    assert agreed_rows([(far, _rows([1, 2], [3, 4]), frozenset())], OUTCOMES) is None
    assert agreed_rows([(0, _rows([1, 2], [3, 4]), frozenset()), (0, _rows([2, 1], [4, 3]), frozenset())],
                       OUTCOMES) is None
    assert agreed_rows([], OUTCOMES) is None


def test_printed_slip_reads_the_rows_the_identities_still_fix():
    rows, issues = _read(_text(SLIP, BANDS))
    assert [i.code for i in issues] == ["fewest_violations"]
    # every band is a page's flows in printed order (no break before a later band: block_bands'
    # out-of-order bands only at a break), so the slip's placement is the only near one
    assert len(rows) == 25
    for outcome, label in LABEL.items():
        assert rows[label] == SLIP[outcome]
    assert rows["本年新收政府信息公开申请数量"] == SLIP["new_received"] and rows["予以公开"] == SLIP["granted"]
    assert all(v == ZERO for k, v in rows.items() if k not in LABEL.values() and k not in (
        "本年新收政府信息公开申请数量", "予以公开", "总计"))
    assert rows["总计"] == SLIP["results_total"]
    assert "25 of 25 rows" in issues[0].message and "breaks 2 identity instance(s)" in issues[0].message


def test_two_rows_that_tie_under_the_slip_stay_missing():
    """(三)1 and (三)2 in one band after a page break: their columns 1 and 2 swapped break as few
    instances as printed."""
    rows, issues = _read(_text(SLIP, [4, 2, 2, *[1] * 14, 3], before={2: PAGE_BREAK}))
    assert "属于国家秘密" not in rows and "其他法律行政法规禁止公开" not in rows
    assert rows["结转下年度继续办理"] == SLIP["carried_forward"] and rows["重复申请"] == SLIP["not_processed.duplicate"]
    missing = next(i for i in issues if i.code == "no_alignment")
    assert "denied.state_secret, denied.prohibited_by_law" in missing.message


def test_two_slips_read_nothing():
    """Four instances broken: more than a printed slip's, the table stays missing as before."""
    rows, issues = _read(_text(SLIP | {"granted": [4, 2, 1, 0, 2, 0, 9]}, BANDS))
    assert rows == {}
    assert [i.code for i in issues] == ["no_alignment"]


def _applications(name: str) -> tuple[dict, dict, dict]:
    truth = json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / f"{name}.txt").to_dict()
    want = {k: v for k, v in cells_of(truth).items() if k[0] == "applications"}
    got = {k: v for k, v in cells_of(parsed).items() if k[0] == "applications"}
    return truth, parsed, {k: (want[k], got.get(k)) for k in want}


def _t3_failing(report: dict) -> set[tuple[str, str]]:
    return {(i["id"], str(i["scope"])) for i in report["identities"]
            if i["status"] == "fail" and i["id"].startswith("t3")}


def test_rendered_report_with_a_balance_slip_reads_every_cell():
    """001404: the body's balance fails in 自然人 and 总计; the rule reads all 175 cells as the
    generator's truth has them, and the check shows exactly the printed inconsistency."""
    truth, parsed, pairs = _applications("001404_pdftotext_plain")
    assert len(pairs) == 175
    assert all(want == got for want, got in pairs.values())
    assert _t3_failing(parsed) == {("t3_balance", "natural_person"), ("t3_balance", "total")}
    assert _t3_failing(parsed) == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}
    finding = next(i for i in parsed["issues"] if i["code"] == "fewest_violations")
    assert "25 of 25 rows" in finding["message"] and "breaks 2 identity instance(s)" in finding["message"]


def test_rendered_report_once_tied_reads_every_row():
    """000424: a wrong placement (two rows' values swapped in a band printed on one page, no break
    before it) broke as few instances as the printed one; a band is read out of printed order only
    at a break (block_bands), so the printed placement is the only near one: every row read as the
    truth has it, and the identities fail only where the body printed its slip."""
    _truth, parsed, pairs = _applications("000424_pdftotext_plain")
    stated = {k: got for k, (want, got) in pairs.items() if got is not None and got[1] != "missing"}
    assert len(stated) == 25 * 7
    assert all(pairs[k][0] == got for k, got in stated.items())
    assert _t3_failing(parsed) == {("t3_balance", "commercial_enterprise"), ("t3_balance", "total")}


def test_rendered_report_under_the_whole_header_reads_the_first_row():
    """Second set 001400: 一 prints `0 2 0 0` in the flow under the applicants' header printed in
    one piece; the 2 is 商业企业's (the flow fills the leftmost columns), not 科研机构's or
    社会公益组织's as two placements shifting the flow right had it, breaking as few instances.
    Every cell read as the truth has it; the balance fails in 商业企业 and 总计 as printed."""
    truth, parsed, pairs = _applications("001400_second_plain")
    assert len(pairs) == 175
    assert all(want == got for want, got in pairs.values())
    assert [pairs[("applications", "new_received", a)][1][0] for a in codes.APPLICANTS] == [0, 2, 0, 0, 0, 0, 2]
    assert _t3_failing(parsed) == {("t3_balance", "commercial_enterprise"), ("t3_balance", "total")}
    assert _t3_failing(parsed) == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}


def test_rendered_report_with_headed_flows_moved_apart_reads_every_cell():
    """Sixth set 000008: 自然人 beside the labels, the first band's other columns printed
    法律服务机构, 科研机构, 社会公益组织 (headed flows, moved) before 商业企业, 其他, 总计; no
    placement keeps every identity (the body's balance slip in 其他 and 总计), and the printed one
    is among the first band's moving flows in every order (`block_bands.widened`), which the
    rule now weighs too: every cell read as the truth has it, the check showing the slip."""
    truth, parsed, pairs = _applications("000008_sixth_plain")
    assert len(pairs) == 175
    assert all(want == got for want, got in pairs.values())
    cell = {a: pairs[("applications", "new_received", a)][1][0] for a in codes.APPLICANTS}
    assert cell == {"natural_person": 204, "commercial_enterprise": 34, "research_institution": 2,
                    "social_welfare_org": 4, "legal_service_org": 14, "other_org": 7, "total": 265}
    assert _t3_failing(parsed) == {("t3_balance", "other_org"), ("t3_balance", "total")}
    assert _t3_failing(parsed) == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}
