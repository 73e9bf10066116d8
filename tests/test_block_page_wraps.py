"""Table 3 of plain `pdftotext` with a number wrapped in a row a page break cuts
(ingest/readers/block_page_wraps.py), its last rows' remaining columns among table 4's flows after
numbers so joined (block_beside_window.joined_windows), and a run of those columns right after
table 4's 行政诉讼 header (block_beside_window._starts).

tests/data/plain_page_wraps holds copies of two documents of the fourth rendered set (generator
reports through LibreOffice and plain pdftotext) with the generator's truth: fourth_000131
(new_received's 1,141 prints `1,14` as page 1's last value and `1` on page 2, first in the 总计
flow of the band that opens the page; 1,185 prints `1,18` / `5`; carried_forward's other five
columns among table 4's zeros) and fourth_000140 (rows 14-25 print two columns beside their
labels, the other five right after table 4's 行政诉讼 header; the report's results sum does not
add up in 自然人 and 总计). The rows asserted by hand below are copied from those truths."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.readers.block_beside_window import windows
from ingest.readers.block_page_wraps import page_tails
from ingest.readers.block_segments import Breaks, Segment
from ingest.readers.block_wraps import _completes, _heads
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_page_wraps"


def _parsed(name: str) -> tuple[dict, dict]:
    return parsed_and_truth(DATA, name)


def test_a_number_cut_by_the_page_break_joins_its_tail_on_the_next_page():
    truth, parsed = _parsed("fourth_000131_pdftotext_plain")
    assert row_values(parsed, "new_received") == [887, 122, 4, 33, 12, 83, 1141]
    assert row_values(parsed, "carried_over") == [29, 0, 1, 0, 1, 13, 44]
    assert row_values(parsed, "granted") == [404, 66, 4, 13, 8, 53, 548]
    assert row_values(parsed, "results_total") == [916, 122, 5, 33, 13, 96, 1185]
    assert row_values(parsed, "carried_forward") == [0, 0, 0, 0, 0, 0, 0]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert table_cells(parsed, "review_litigation") == table_cells(truth, "review_litigation")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
    assert "25 of 25 rows" in finding["message"] and "1,141 (line 70)" in finding["message"]


def test_the_last_rows_columns_after_table_4s_litigation_header_in_an_inconsistent_table():
    truth, parsed = _parsed("fourth_000140_pdftotext_plain")
    assert row_values(parsed, "new_received") == [5, 0, 0, 0, 0, 0, 5]
    assert row_values(parsed, "unavailable.unclear_after_correction") == [1, 0, 0, 0, 0, 0, 1]
    assert row_values(parsed, "not_processed.petition_or_complaint") == [1, 0, 0, 0, 0, 0, 1]
    assert row_values(parsed, "results_total") == [5, 0, 0, 0, 0, 0, 5]
    want, got = table_cells(truth, "applications"), table_cells(parsed, "applications")
    missing = {k for k, v in got.items() if v[1] == "missing"}
    # unavailable.not_held: a placement breaking one instance more than the fewest reads it otherwise
    assert {k[1] for k in missing} == {"unavailable.not_held"} and len(missing) == 7
    assert {k: v for k, v in got.items() if k not in missing} == {k: v for k, v in want.items() if k not in missing}
    assert any(i["code"] == "fewest_violations" for i in parsed["issues"])


def _value(raw: str, line: int) -> Token:
    return Token(int(raw.replace(",", "")), NUMBER_STATE, raw, f"line {line}")


def test_a_page_tail_is_offered_only_across_a_page_break_and_completing_the_cut_group():
    def segments(pages: tuple[int, ...]) -> list[Segment]:
        breaks = Breaks(pages, (), ())
        first = Segment([], [[_value("12", 10), _value("83", 11), _value("1,14", 12)]], [{10, 11, 12}], [""],
                        breaks=breaks)
        second = Segment([], [[_value("29", 20)], [_value("1", 22), _value("44", 23)],
                              [_value("35", 25), _value("2", 26)]], [{20}, {22, 23}, {25, 26}], ["", "", ""],
                         breaks=breaks)
        return [first, second]

    split = segments((13, 14))
    assert page_tails(split, _heads(split), _completes) == [(0, 0, 2, 1, 1, 0)]  # `2` (35's band) is not one more
    same_page = segments(())
    assert page_tails(same_page, _heads(same_page), _completes) == []


def test_a_run_may_begin_right_after_table_4s_litigation_header():
    def flow(values: list[int], line: int) -> list[Token]:
        return [Token(v, NUMBER_STATE, str(v), f"line {line + 1}") for v in values]

    first = Segment(flow([0] * 7, 0))  # one row of seven beside its label
    # two rows of 5 beside, 2 more each: table 4's 6 before its 行政诉讼 header, the run, table 4's 4 after
    flows = [([6], 10), ([0, 1], 13), ([2, 3], 16), ([4], 20)]
    last = Segment(flow([0] * 10, 0), [flow(v, i) for v, i in flows], [{i} for _, i in flows], [""] * 4)
    # 行政诉讼's header flow ends in table 4's values (lines 11-12), then the run
    runs, _, aside = windows([first, last], 21, {11: "行政诉讼", 12: "0"})
    assert [[[t.value for t in g] for g in x[-1].groups] for x in runs] == [[[0, 1], [2, 3]]] and aside == 2
    # its cells with no value after them, or the section's heading: no run begins there
    assert windows([first, last], 21, {11: "行政诉讼", 12: "结 结 其 尚"})[0] == []
    assert windows([first, last], 21, {11: "四、政府信息公开行政复议、行政诉讼情况", 12: "0"})[0] == []
