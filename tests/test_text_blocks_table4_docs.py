"""Table 4 of plain `pdftotext` read from whole dumps of rendered documents, against their
generator's truth (ingest/readers/table4_split.py, table4_cut.py, text_blocks_table4.py):

- `plain_inconsistent/001404` (tuning set): the flow of 结果维持 and 结果纠正 holds the left
  column's value, the right one's the lone flow after it; 11 and 14 wrapped a fullwidth digit a
  line (`１ / １`, `１ / ４`);
- `plain_table4/second_000770` (second set): every header cell after 总计 of 行政复议 cut by a page
  break, its tops at the page's foot (a `第3页` inside a flow), the rests on the next page in
  column order with the values under them;
- `plain_table4/tuning_001264` (tuning set): the same with the tops of 复议后起诉's cells printed
  before 未经复议直接起诉's, and 其他结果's top `其他` alone (a label of table 3's too);
- `plain_table4/second_000378` (second set): 行政复议's cells cut after their first character, the
  other proceedings' headers whole on the next page, 未经复议直接起诉 not applicable (`无`);
- `plain_table4/tuning_001026` (tuning set): a page's foot `第2页` alone between table 4's flows;
- `plain_table4/tuning_000410` (tuning set): cut header cells, table 3's last rows among them under
  its header `法人或其他组织 / 商业 科研 社会 / 企业 机构 公 益 组织`;
- `plain_table4/fourth_000115` (fourth set, seed 17): cut header cells whose last rests (未经复议直接起诉's
  `他结果` …, all of 复议后起诉's) come after section 五's heading;
- `plain_table4/fourth_000107` (fourth set): 未经复议直接起诉's printed total (6) not its outcomes' sum
  (2, 0, 1, 4: the generator's injected violation), the values in printed order;
- `plain_table4/fourth_000011` (fourth set, blank cells): 复议后起诉's first three headers a flow with
  no value, then one lone `0` (未经复议直接起诉's total), 复议后起诉 blank whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import codes
from ingest.parse import parse_file
from ingest.readers.text_blocks_table4 import rebuild
from tests.test_text_blocks_tables import NEXT, REVIEW_HEAD, T4_HEADING, _flows, _numbers, _t4

DATA = Path(__file__).parent / "data"


def _table4(path: Path) -> tuple[list, list]:
    """Table 4's 15 cells as (value, state) in column order: parsed, and from the truth beside."""
    truth = json.loads(path.with_name(path.name.removesuffix(".txt") + ".truth.json").read_text(encoding="utf-8"))
    want = {(c["proceeding"], c["outcome"]): (c["value"], c["state"]) for c in truth["review_litigation"]}
    report = parse_file(path)
    got = {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "review_litigation"}
    order = [(p, o) for p in codes.PROCEEDINGS for o in codes.T4_OUTCOMES]
    return [got.get(k) for k in order], [want[k] for k in order], report.issues


@pytest.mark.parametrize("name", ["plain_inconsistent/001404_pdftotext_plain.txt",
                                  "plain_table4/second_000770_pdftotext_plain.txt",
                                  "plain_table4/tuning_001264_pdftotext_plain.txt",
                                  "plain_table4/second_000378_pdftotext_plain.txt",
                                  "plain_table4/tuning_001026_pdftotext_plain.txt",
                                  "plain_table4/tuning_000410_pdftotext_plain.txt",
                                  "plain_table4/fourth_000115_pdftotext_plain.txt",
                                  "plain_table4/fourth_000011_pdftotext_plain.txt"])
def test_table4_reads_its_truth(name):
    got, want, _ = _table4(DATA / name)
    assert got == want


def test_table4_split_and_wrapped_values_read_as_the_truth_prints_them():
    got, want, issues = _table4(DATA / "plain_inconsistent" / "001404_pdftotext_plain.txt")
    assert want[:5] == [(1, "number"), (2, "number"), (11, "number"), (0, "number"), (14, "number")]
    assert got[:5] == want[:5]
    message = next(i.message for i in issues if i.message.startswith("table 4 printed in flows"))
    assert "wrapped one a line" in message and "the lone value the last one's" in message


def test_table4_cut_headers_read_with_their_rests():
    for name in ("second_000770_pdftotext_plain.txt", "tuning_001264_pdftotext_plain.txt"):
        got, want, issues = _table4(DATA / "plain_table4" / name)
        assert got == want == [(0, "number")] * 15
        assert any("cut by a page break" in i.message for i in issues)


def test_table4_cut_headers_of_the_first_proceeding_then_whole_ones():
    got, want, _ = _table4(DATA / "plain_table4" / "second_000378_pdftotext_plain.txt")
    assert want == [(0, "number")] * 5 + [(None, "not_applicable")] * 5 + [(0, "number")] * 5
    assert got == want


def test_table4_cut_headers_with_values_not_alike_read_in_column_order():
    """As poppler printed the third set's 000079 (by `pdftotext -bbox-layout` of its PDF), values
    set by hand: 行政复议's headers whole, the other proceedings' cells cut after three
    characters (总计 whole); on the next page `持 正` (未经复议直接起诉's first two rests) over the
    row of every value to their left, 5, 10, 1, 2, 18 | 1, 2, then each rest with its value,
    each total's value alone after it."""
    text = _flows(REVIEW_HEAD, "行政诉讼\n未经复议直接起诉\n结\n结\n其\n尚\n果\n果\n他\n未\n维\n纠\n结\n审", "总\n计",
                  "复议后起诉\n结\n结\n其\n果\n果\n他\n维\n纠\n结", "尚\n未\n审", "总\n计",
                  "持\n正\n5\n10\n1\n2\n18\n1\n2", "果\n3", "结\n0", "6", "持\n0", "正\n1", "果\n0", "结\n2", "3")
    got, issues = _t4(text)
    assert got == _numbers(5, 10, 1, 2, 18, 1, 2, 3, 0, 6, 0, 1, 0, 2, 3)
    assert any("cut by a page break" in i.message for i in issues)


def test_table4_cut_headers_whose_rests_do_not_come_stay_missing():
    """The same with 复议后起诉's last rest (`结` of 尚未审结) never printed: the rebuild reads
    nothing (what the mapper makes of the text is its own)."""
    text = _flows(REVIEW_HEAD, "行政诉讼\n未经复议直接起诉\n结\n结\n其\n尚\n果\n果\n他\n未\n维\n纠\n结\n审", "总\n计",
                  "复议后起诉\n结\n结\n其\n果\n果\n他\n维\n纠\n结", "尚\n未\n审", "总\n计",
                  "持\n正\n5\n10\n1\n2\n18\n1\n2", "果\n3", "结\n0", "6", "持\n0", "正\n1", "果\n0", "2", "3")
    lines = (T4_HEADING + text + NEXT).split("\n")
    assert rebuild(lines) is None


INCONSISTENT_DIRECT = DATA / "plain_table4" / "fourth_000107_pdftotext_plain.txt"


def test_table4_a_proceeding_whose_total_fails_leaves_its_outcomes_missing():
    """The other proceedings read as the truth prints them; 未经复议直接起诉's outcomes, which
    another order of its values would read otherwise, missing; its total, the one value after
    its own `总 计` flow, read as printed (the truth's 6, not 2 + 0 + 1 + 4)."""
    got, want, issues = _table4(INCONSISTENT_DIRECT)
    assert want[5:10] == [(2, "number"), (0, "number"), (1, "number"), (4, "number"), (6, "number")]
    assert got[:5] == want[:5] and got[10:] == want[10:]
    assert got[5:9] == [(None, "missing")] * 4
    report = parse_file(INCONSISTENT_DIRECT)
    assert [c.raw for c in report.cells if c.table == "review_litigation" and c.key == "litigation_direct"] == [
        None, None, None, None, "6"]  # nothing printed is claimed for the cells left missing
    assert got[9] == want[9] == (6, "number")
    assert any(i.code == "ambiguous_row" and "litigation_direct printed 2, 0, 1, 4, 6" in i.message for i in issues)


def test_table4_two_proceedings_failing_read_nothing():
    """The same text with 复议后起诉's 尚未审结 printed 3 (its total 2 failing too): nothing is read."""
    lines = INCONSISTENT_DIRECT.read_text(encoding="utf-8").split("\n")
    at = next(i for i in range(len(lines) - 1) if lines[i:i + 6] == ["尚", "未", "审", "结", "1", ""])
    lines[at + 4] = "3"
    assert rebuild(lines) is None


def test_table4_one_lone_value_after_three_headers_of_a_blank_proceeding():
    """One value for 未经复议直接起诉's total and 复议后起诉's first three columns, pending: were it
    one of the three, the two others would be blank in a proceeding holding a value."""
    got, want, issues = _table4(DATA / "plain_table4" / "fourth_000011_pdftotext_plain.txt")
    assert want[9] == (0, "number") and want[10:] == [(None, "blank")] * 5
    assert got == want
    assert any("one lone value after the headers of a proceeding read" in i.message for i in issues)
