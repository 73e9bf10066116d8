"""Table 4 of plain `pdftotext`: a proceeding read blank because its header flows hold no value,
one of them followed right away by a flow of table 3's last rows' values, is left missing
(`table4_vanished`). Fresh seed 43, 000016: 行政复议's `结果维持/结果纠正` flow then table 3's
`0 0 0`, its `其他结果`, `尚未审结`, `总计` flows with no value; the generator's truth prints `-`
in its five cells, which poppler dropped joining them to the lines after."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.table4_vanished import vanished_marks
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
    head = _Flow([10, 11], "结结果果维纠持正", [], cols=(0, 1))
    table3 = _Flow([13, 14, 15], "", [Token(0, NUMBER, "0", "line 14")] * 3)
    other = _Flow([17, 18], "总计", [])
    cells, issues = vanished_marks(_cells(range(5)), [head, other, table3], {13, 14, 15}, "line 1", [])
    assert [t.state for t in cells[:5]] == [BLANK] * 5 and issues == []
    cells, issues = vanished_marks(_cells(range(5)), [head, table3, other], {13, 14, 15}, "line 1", [])
    assert [t.state for t in cells] == [MISSING] * 5 + [NUMBER] * 10 and len(issues) == 1
    cells, issues = vanished_marks(_cells(range(10, 15)), [head, table3, other], {13, 14, 15}, "line 1", [])
    assert [t.state for t in cells[10:]] == [BLANK] * 5 and issues == []  # the flow heads another proceeding
