"""Table 4 of plain `pdftotext` in layouts first seen on the eighth set (seed 21, stop 19), read
from whole dumps against their generator's truth (`plain_table4/eighth_*`):

- 000042: a page break cuts the litigation outcome headers; 未经复议直接起诉's whole `总 计` prints
  before the tops of both proceedings (复议后起诉's before 未经复议直接起诉's), table 3's `总计`
  among them, the rests after section 五's heading (`text_blocks_table4._place`, `totals_early`);
- 000054: 行政复议's row in fullwidth digits wrapped in its one-character columns, printed row by
  row (`１ ０ ５ ０ １ / ０ / ５`: 10 0 5 0 15), 未经复议直接起诉 blank (`table4_lone.wrapped_row`);
- 000084: 复议后起诉 prints 3 0 0 0 with total 4 (the generator's injected violation), each value in
  its own header's flow: read as printed (`table4_inconsistent`);
- 000091: 行政复议's five `——` each wrapped a dash a line, a flow each (`table4_lone`);
- 000099: 行政复议 blank, its `其他结果` and `总 计` printed after 未经复议直接起诉's flow of values
  (`table4_blank_left`);
- fifth set (seed 18) 000002: 行政复议's last three values (11 0 26, fullwidth, wrapped) as one flow
  after 未经复议直接起诉's header flow and its values (`table4_lone.late_row`, `wrapped_row`);
- fifth 000035: every header, then the row: `0` ×5, 未经复议直接起诉's five `——` wrapped a dash a
  line (`— / — / — / —`, section 五's heading, `— / —` ×3), `0` ×5 (`table4_lone.row_of_marks`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.table4_blank_left import blank_left
from ingest.readers.table4_columns import headers
from ingest.readers.table4_lone import row_of_marks, wrapped_row
from ingest.states import MISSING, NOT_APPLICABLE, NUMBER
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


@pytest.mark.parametrize("doc, rule", [
    ("000042", "a header printed before the header left of it in its proceeding"),
    ("000054", "printed row by row"),
    ("000084", "each value in its own header's flow"),
    ("000091", "`——` wrapped a dash a line"),
    ("000099", "the proceeding of those and of the headers waiting is blank"),
    ("fifth_000002", "after the next proceeding's header flow and its values"),
    ("fifth_000035", "`——` wrapped a dash a line"),
])
def test_eighth_set_table4_reads_its_truth(doc, rule):
    name = doc if "_" in doc else f"eighth_{doc}"
    got, want, issues = _table4(DATA / f"{name}_pdftotext_plain.txt")
    assert got == want
    assert any(rule in i.message for i in issues)


def test_values_as_the_truth_prints_them():
    assert [v for v, _ in _table4(DATA / "eighth_000042_pdftotext_plain.txt")[0]] == [
        2, 10, 2, 2, 16, 1, 0, 5, 2, 8, 1, 0, 3, 1, 5]
    assert [v for v, _ in _table4(DATA / "eighth_000054_pdftotext_plain.txt")[0]][:5] == [10, 0, 5, 0, 15]
    # 复议后起诉's total 4 is not 3 + 0 + 0 + 0: the report's inconsistency, read as printed
    assert [v for v, _ in _table4(DATA / "eighth_000084_pdftotext_plain.txt")[0]][10:] == [3, 0, 0, 0, 4]
    assert [v for v, _ in _table4(DATA / "fifth_000002_pdftotext_plain.txt")[0]][:5] == [8, 7, 11, 0, 26]


def test_dashes_are_marks_only_where_the_row_then_counts_fifteen():
    dash, zero = Token(None, NOT_APPLICABLE, "—", "line 1"), Token(0, NUMBER, "0", "line 1")
    how: set[str] = set()
    flows = [[zero] * 5, [dash] * 4, [dash] * 2, [dash] * 2, [dash] * 2, [zero] * 5]
    assert [t.raw for t in row_of_marks(flows, 15, how, True)] == ["0"] * 5 + ["——"] * 5 + ["0"] * 5 and how
    # ten `—` as ten marks, fifteen as printed, or five `——` with a whole proceeding blank (seed
    # 52's 000122, `table4_lone.dashes_short`): no reading
    assert row_of_marks(flows[:-1], 15, set(), True) is None
    assert len(row_of_marks([[zero] * 5, [dash] * 3, [dash] * 7, [zero] * 5], 15, set(), True)) == 20  # odd: not paired


def _digits(text: str) -> list[Token]:
    return [Token(int(d), NUMBER, d, f"line {i + 1}") for i, d in enumerate(text.split())]


def test_wrapped_row_reads_the_one_split_whose_total_holds():
    assert [t.raw for t in wrapped_row(_digits("1 0 5 0 1 0 5"))] == ["10", "0", "5", "0", "15"]
    # eighth 000111's 行政复议 `１ ０ ０ １ １ ２ ３`: 12 0 0 1 13 and 1 0 0 12 13 both hold: the
    # cells they agree on, the others unread (`table4_disputed`, tests/test_table4_disputed.py)
    assert [t.raw or t.state for t in wrapped_row(_digits("1 0 0 1 1 2 3"))] == ["missing", "0", "0", "missing", "13"]
    assert wrapped_row(_digits("1 0 0 1 1")) is None  # no digit to spare: not wrapped
    # a proceeding's last three after 8 and 7 read: 11 0 26 (8 + 7 + 11 + 0), not 116 0 2 nor 1 0 216
    read = _digits("8 7")
    assert [t.raw for t in wrapped_row(_digits("1 0 2 1 6"), read)] == ["11", "0", "26"]
    assert wrapped_row(_digits("1 0 2 1 6"), _digits("8 6")) is None


def test_an_inconsistent_proceeding_an_order_of_whose_values_holds_stays_unread(tmp_path):
    lines = (DATA / "eighth_000084_pdftotext_plain.txt").read_text(encoding="utf-8").split("\n")
    start = lines.index("复议后起诉")
    pending = next(i for i in range(start, len(lines)) if lines[i] == "审") + 2
    total = next(i for i in range(pending, len(lines)) if lines[i] == "计") + 2
    assert (lines[pending], lines[total]) == ("0", "4")
    # 3 0 0 | 3 | 0: the total fails as printed, but 3 0 0 0 | 3 would hold: an order could be misread
    lines[pending], lines[total] = "3", "0"
    path = tmp_path / "x_pdftotext_plain.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    cells = [c for c in parse_file(path).cells if c.table == "review_litigation" and c.key == "litigation_after_review"]
    assert cells and all(c.state == MISSING for c in cells if c.sub != "total")


def test_blank_left_needs_whole_proceedings():
    texts = headers()
    own = "结结其尚果果他未维纠结审持正果结"  # 未经复议直接起诉's four outcome headers side by side
    free = [2, 4, *range(5, 15)]
    cells: list = [None] * 15
    got = blank_left(own, 4, free, [0, 1, 3], texts, cells, set(), set(), "line 1")
    assert got is not None and got[:2] == ([2, 4], [5, 6, 7, 8])
    assert [c.state for c in cells[:5]] == ["blank"] * 5 and cells[5] is None
    # 行政复议's 结果维持 read already (not waiting): its other columns cannot be blank alone
    assert blank_left(own, 4, free, [1, 3], texts, [None] * 15, set(), set(), "line 1") is None
