"""Table 3 of plain `pdftotext` whose rows print their first columns beside their labels and the
other columns after the page's footer, the last page's among table 4's flows
(ingest/readers/block_beside_window.py), and table 4 read with a page's footer among its flows
(ingest/readers/block_footer.py, text_blocks_table4.py).

tests/data/plain_beside_footer holds copies of two rendered documents (a generator report through
LibreOffice and plain pdftotext) with the generator's truth: third_000000 (rows 1-13 print four
columns beside their labels, the other three after `第2页`; rows 14-25 two beside, the other five
after `第3页` between table 4's flows), second_001358 (the same layout) and fifth_000002 (rows
1-16 four beside, the other three after `-2-`; rows 17-25 two beside, the other five after section
five's heading, which stands below table 4 on that page). The rows asserted by hand below are
copied from those truths."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.readers.block_beside_window import windows
from ingest.readers.block_footer import page_footer
from ingest.readers.block_segments import Breaks, Segment
from tests._table3_truth import parsed_and_truth
from tests._table3_truth import row_values as _row
from tests._table3_truth import table_cells as _table

DATA = Path(__file__).parent / "data" / "plain_beside_footer"


def _parsed(name: str) -> tuple[dict, dict]:
    return parsed_and_truth(DATA, name)


def test_columns_after_the_footers_read_every_cell_of_tables_3_and_4():
    truth, parsed = _parsed("third_000000_pdftotext_plain")
    assert _row(parsed, "new_received") == [26, 1, 0, 0, 1, 1, 29]
    assert _row(parsed, "granted") == [9, 0, 0, 0, 1, 1, 11]
    assert _row(parsed, "denied.internal_affairs") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(parsed, "unavailable.not_held") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(parsed, "not_processed.duplicate") == [2, 1, 0, 0, 0, 0, 3]
    assert _row(parsed, "results_total") == [26, 1, 0, 0, 1, 1, 29]
    assert _table(parsed, "applications") == _table(truth, "applications")
    assert [c["value"] for c in parsed["review_litigation"]] == [2, 1, 3, 0, 6, 0, 0, 2, 3, 5, 1, 1, 0, 0, 2]
    assert _table(parsed, "review_litigation") == _table(truth, "review_litigation")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
    assert "25 of 25 rows" in finding["message"] and "after a page's footer" in finding["message"]
    assert not any(i["code"] in ("blocks_unplaced", "ambiguous_row") for i in parsed["issues"])


def test_second_document_of_the_layout_reads_every_cell():
    truth, parsed = _parsed("second_001358_pdftotext_plain")
    assert _row(parsed, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(parsed, "unavailable.not_held") == [2, 0, 0, 0, 0, 0, 2]
    assert _table(parsed, "applications") == _table(truth, "applications")
    assert [c["value"] for c in parsed["review_litigation"]] == [0, 9, 1, 1, 11, 1, 0, 3, 1, 5, 0, 2, 2, 2, 6]
    assert _table(parsed, "review_litigation") == _table(truth, "review_litigation")


def test_run_after_section_fives_heading_reads_table_3():
    truth, parsed = _parsed("fifth_000002_pdftotext_plain")
    assert _row(parsed, "new_received") == [28, 4, 0, 1, 2, 0, 35]
    assert _row(parsed, "unavailable.not_held") == [6, 2, 0, 1, 2, 0, 11]
    assert _row(parsed, "not_processed.petition_or_complaint") == [0, 1, 0, 0, 0, 0, 1]
    assert _row(parsed, "other.other") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(parsed, "results_total") == [28, 4, 0, 1, 2, 0, 35]
    assert _table(parsed, "applications") == _table(truth, "applications")
    # table 4 prints 11 and 26 with their digits on separate lines, one split of them holding its
    # total (`table4_lone.wrapped_row`, stop 19): read as the truth gives it
    assert _table(parsed, "review_litigation") == _table(truth, "review_litigation")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
    assert "25 of 25 rows" in finding["message"]


def _flow(values: list[int], line: int) -> list[Token]:
    return [Token(v, NUMBER_STATE, str(v), f"line {line + 1}") for v in values]


def _segment(beside: int, flows: list[tuple[str, list[int], int]]) -> Segment:
    """A label flow with `beside` values and the value flows after it: (text before, values, line)."""
    return Segment(_flow([0] * beside, 0), [_flow(v, i) for _, v, i in flows], [{i} for _, _, i in flows],
                   [h for h, _, _ in flows])


def test_run_begins_after_the_footer_or_under_table_3s_header():
    first = _segment(7, [])  # one row of seven beside its label
    # two rows of 5 beside, 2 more each: table 4's 6 before the footer, the run, table 4's 4 after
    last = _segment(10, [("", [6], 10), ("", [0, 1], 13), ("", [2, 3], 16), ("总计", [4], 20)])
    text = {12: "第3页"}
    runs, lines, aside = windows([first, last], 21, text)
    assert [[[t.value for t in g] for g in x[-1].groups] for x in runs] == [[[0, 1], [2, 3]]]
    assert aside == 2 and lines == {10, 13, 16, 20}
    # no footer and no header before the run: only the first flow may begin it, and it does not fit
    assert windows([first, last], 21, {})[0] == []
    headed = _segment(10, [("", [6], 10), ("总计法律服务机构", [0, 1], 13), ("", [2, 3], 16), ("", [4], 20)])
    assert len(windows([first, headed], 21, {})[0]) == 1
    # a `—3—` footer the text reader dropped leaves a page break's blank lines: the run begins after them
    last.breaks = Breaks(pages=(11, 12), text=(), headers=())
    assert [[[t.value for t in g] for g in x[-1].groups] for x in windows([first, last], 21, {})[0]] == [[[0, 1], [2, 3]]]
    # section five's heading (below table 4 on its page) may stand before the run too
    fifth = _segment(10, [("", [6], 10), ("", [0, 1], 13), ("", [2, 3], 16), ("", [4], 20)])
    assert len(windows([first, fifth], 21, {12: "五、存在的主要问题及改进情况"})[0]) == 1
    assert windows([first, fifth], 21, {12: "行政诉讼"})[0] == []
    # a lone 总计 heads table 4's columns too: no run begins under it
    totals = _segment(10, [("", [6], 10), ("总计", [0, 1], 13), ("", [2, 3], 16), ("", [4], 20)])
    assert windows([first, totals], 21, {})[0] == []


def test_page_footer_lines():
    assert all(map(page_footer, ["第3页", "第 12 页", "—1—", "- 2 -", "－３－", "第2页 共5页"]))
    assert not any(map(page_footer, ["3", "0 0", "—", "第三页说明", "2.重复申请"]))
