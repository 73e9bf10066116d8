"""Table 4 of plain `pdftotext` read from whole dumps of rendered documents, against their
generator's truth (stop 18, h/t4more18):

- `plain_table4/seventh_000132` (seventh set, seed 20): 行政复议's outcome headers cut by a page
  break, its 总计 whole before it; on the next page its four rests, then its four outcome values,
  未经复议直接起诉's rests, 行政复议's total `19` (`table4_rest_row`);
- `plain_table4/fifth_000023`, `fifth_000087` (fifth set, seed 18): 复议后起诉's header flow
  before 未经复议直接起诉's, nine zeros in the latter's flow, the tenth past section 五's heading:
  ten zeros, the one pair of proceedings a flow's values allow (`table4_zeros`);
- `plain_table4/fourth_000037` (fourth set): table 3's blank-row reading weighs its last rows'
  column flows among table 4's (10 ways); table 4 is weighed over the lines each candidate takes,
  those taking a value under 复议后起诉's `尚未审结` set aside (`block_blank_completions`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.parse import parse_file
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


@pytest.mark.parametrize("name", ["seventh_000132", "fifth_000023", "fifth_000087"])
def test_table4_reads_its_truth(name):
    got, want, issues = _table4(DATA / f"{name}_pdftotext_plain.txt")
    if name == "seventh_000132":  # 未经复议直接起诉 truly blank, its header tops cut by the page break:
        # a `-` row would leave the same text (stop 19, `table4_vanished`), so it stays missing
        assert want[5:10] == [(None, "blank")] * 5 and got[5:10] == [(None, "missing")] * 5
        got, want = got[:5] + got[10:], want[:5] + want[10:]
    assert got == want
    assert any(i.code == "inferred_alignment" and "table 4 printed in flows" in i.message for i in issues)


def test_cut_rests_then_outcomes_then_total():
    got, _, issues = _table4(DATA / "seventh_000132_pdftotext_plain.txt")
    assert [v for v, _ in got] == [4, 7, 0, 8, 19, None, None, None, None, None, 1, 3, 0, 1, 5]
    assert any("its total's value later" in i.message for i in issues)


def test_ten_zeros_blank_the_proceeding_right_of_the_flow():
    got, _, issues = _table4(DATA / "fifth_000023_pdftotext_plain.txt")
    assert [s for _, s in got][10:] == ["blank"] * 5 and [v for v, _ in got][:10] == [0] * 10
    assert any("ten values, every one 0" in i.message for i in issues)


def test_table3_candidates_taking_a_value_under_table4_headers_set_aside():
    got, want, issues = _table4(DATA / "fourth_000037_pdftotext_plain.txt")
    # 未经复议直接起诉 truly blank, but its value-less header flow meets table 3's values right after:
    # a `-` row would leave the same text (`table4_vanished`), so it stays missing
    assert want[5:10] == [(None, "blank")] * 5 and got[5:10] == [(None, "missing")] * 5
    assert got[:5] == want[:5] and got[10:] == want[10:] == [(0, "number")] * 5
    assert any("chosen 1 ways" in i.message for i in issues)


def test_table3_beside_those_candidates_reads_its_truth():
    path = DATA / "fourth_000037_pdftotext_plain.txt"
    truth = json.loads(path.with_name(path.stem + ".truth.json").read_text(encoding="utf-8"))
    want = {(c["outcome"], c["applicant"]): (c["value"], c["state"]) for c in truth["applications"]}
    got = {(c.key, c.sub): (c.value, c.state) for c in parse_file(path).cells if c.table == "applications"}
    assert {k: got.get(k) for k in want} == want
