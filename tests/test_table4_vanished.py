"""Table 4 of plain `pdftotext`: a proceeding read blank because its header flows hold no value,
one of them followed right away by a flow of table 3's last rows' values, is left missing
(`table4_vanished`). Fresh seed 43, 000016: 行政复议's `结果维持/结果纠正` flow then table 3's
`0 0 0`, its `其他结果`, `尚未审结`, `总计` flows with no value; the generator's truth prints `-`
in its five cells, which poppler dropped joining them to the lines after."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.alignment import Token
from ingest.readers.table4_vanished import Unvalued, vanished_marks
from ingest.readers.text_blocks_table4 import _Flow
from ingest.states import BLANK, MISSING, NOT_APPLICABLE, NUMBER
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_proceeding_whose_dash_row_joined_table3s_flow_is_missing():
    got, want, issues = _table4(DATA / "fresh43_000016_pdftotext_plain.txt")
    assert want[:5] == [(None, NOT_APPLICABLE)] * 5  # the truth: `-` ×5, none printed
    assert [s for _, s in got[:5]] == [MISSING] * 5
    assert got[5:] == want[5:] == [(0, NUMBER)] * 10  # the litigation proceedings still read
    assert any(i.code == "ambiguous_row" and "administrative_review/total" in i.message for i in issues)


def _cells(blank: range) -> list[Token]:
    return [Token(None, BLANK, "", "line 1") if c in blank else Token(0, NUMBER, "0", "line 1") for c in range(15)]


def test_blank_stays_blank_unless_its_header_flow_meets_table3s_values():
    head = _Flow([10, 11], "结结果果维纠持正", [])
    table3 = _Flow([13, 14, 15], "", [Token(0, NUMBER, "0", "line 14")] * 3)
    other = _Flow([17, 18], "总计", [])
    placed = Unvalued({10: (0, 1)})  # the placement read: the flow at line 11 heads columns 0 and 1
    cells, issues = vanished_marks(_cells(range(5)), [head, other, table3], {13, 14, 15}, "line 1", [], placed)
    assert [t.state for t in cells[:5]] == [BLANK] * 5 and issues == []
    cells, issues = vanished_marks(_cells(range(5)), [head, table3, other], {13, 14, 15}, "line 1", [], placed)
    assert [t.state for t in cells] == [MISSING] * 5 + [NUMBER] * 10 and len(issues) == 1
    cells, issues = vanished_marks(_cells(range(10, 15)), [head, table3, other], {13, 14, 15}, "line 1", [], placed)
    assert [t.state for t in cells[10:]] == [BLANK] * 5 and issues == []  # the flow heads another proceeding



def test_vanished_marks_sees_the_placement_read_not_a_failed_attempt(monkeypatch):
    """Fifth set (seed 18) 000002: the first placement fails at 未经复议直接起诉's flow (its row
    printed late, `late_row`), having headed only 行政复议's `其他结果`, `尚未审结`, `总计` flows;
    the second reads the table. The columns of every header flow holding no value come from the
    second (未经复议直接起诉's and 复议后起诉's `总计` too), and the flows keep no trace of either."""
    import ingest.readers.text_blocks_table4 as table4
    seen = []
    monkeypatch.setattr(table4, "vanished_marks", lambda cells, flows, taken, where, issues, *unvalued, **_: (
        seen.append((flows, unvalued)) or (cells, issues)))
    _table4(DATA / "fifth_000002_pdftotext_plain.txt")
    (flows, (unvalued,)), = seen
    assert unvalued.cols == {321: (2,), 326: (3,), 331: (4,), 422: (9,), 440: (14,)} and not unvalued.tops
    assert not any(hasattr(f, "cols") or hasattr(f, "tops") for f in flows)


@pytest.mark.parametrize("name", ["held61_000121_pdftotext_plain.txt", "held64_000003_pdftotext_plain.txt"])
def test_proceeding_after_table3s_values_before_its_headers_is_missing(name):
    """Held-out seeds 61 (000121) and 64 (000003), opened by the lead's leave: table 3's last rows'
    values (`2 0 0 1 87 141 8 88`; `0 0`) print between table 4's heading and 行政复议's header
    flows, which hold no value; the truth prints `-` ×5 there, none in the dump. Blank fits the
    text as well as `-`: the five cells stay missing, the litigation proceedings still read."""
    got, want, issues = _table4(DATA / name)
    assert want[:5] == [(None, NOT_APPLICABLE)] * 5
    assert [s for _, s in got[:5]] == [MISSING] * 5
    assert got[5:] == want[5:] == [(0, NUMBER)] * 10
    assert any(i.code == "ambiguous_row" and "administrative_review/total" in i.message for i in issues)


def test_blank_stays_blank_unless_table3s_values_stand_before_table4s_first_header_flow():
    head = _Flow([10, 11], "结结果果维纠持正", [])
    table3 = _Flow([7, 8], "", [Token(0, NUMBER, "0", "line 8")] * 2)
    other = _Flow([17, 18], "总计", [])
    placed = Unvalued({10: (0, 1)})
    cells, issues = vanished_marks(_cells(range(5)), [head, other], set(), "line 1", [], placed)
    assert [t.state for t in cells[:5]] == [BLANK] * 5 and issues == []
    cells, issues = vanished_marks(_cells(range(5)), [head, other], set(), "line 1", [], placed, before={7, 8})
    assert [t.state for t in cells] == [MISSING] * 5 + [NUMBER] * 10 and len(issues) == 1
    cells, issues = vanished_marks(_cells(range(5)), [table3, head, other], {7, 8}, "line 1", [], placed)
    assert [t.state for t in cells[:5]] == [BLANK] * 5 and issues == []  # a flow among: not taken (the mirror)
    cells, issues = vanished_marks(_cells(range(5)), [other, head], set(), "line 1", [], placed, before={7, 8})
    assert [t.state for t in cells[:5]] == [BLANK] * 5 and issues == []  # not the first flow
