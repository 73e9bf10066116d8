"""Table 3 of plain `pdftotext` dumps that printed every cell but whose table was lost whole
(0 of 175 cells) before stop 17, while table 4 read and the report prints no inconsistency.

The texts under tests/data/plain_whole/ are plain-pdftotext dumps of rendered reports (the corpus
generator's LibreOffice ruled PDFs), each with the generator's truth beside it:
- late_value: report 000074 of the tuning set. Under the header the first row's first four
  cells come in the header's flow (`91 12 0` / `0`), its legal-services cell under that header
  (`法律服务机构 / 3`), the header cell `其他` alone; its `其他` value (1) is printed after the
  page's foot (`—2—`) with the page's last header cell (`总计 / 1`). The total column holds
  107 wrapped (`10` / `7`), twice.
- footer_in_flow: report 000098 of the second set. The first row alone on its page, its first
  four values in the header's flow with the page footer right under them (`1 0 0 0 第 1 页`,
  no blank line between); the other 24 rows on the next page.
- shared_flow: report 001330 of the second set. Each first-page row's first four cells beside
  its label; on the second page the last band's first two columns come as one flow, a row's
  two cells on one line (`0` / `0` / `11 3` / `0` / `0`).
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_regroup import shared_flow_band
from ingest.readers.block_segments import Breaks, Segment, late_first_row_value, without_page_numbers
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_whole"


def _row(got: dict, outcome: str) -> list[object]:
    return [got.get((outcome, a)) for a in codes.APPLICANTS]


def _flow(line: int, *values: int) -> list[Token]:
    return [Token(v, NUMBER, str(v), f"line {line + k + 1}") for k, v in enumerate(values)]


def test_first_rows_value_printed_after_the_pages_foot_is_read_in_its_column():
    got = table3(DATA / "late_value.txt")
    assert got == truth3(DATA / "late_value.truth.json")
    assert _row(got, "new_received") == [91, 12, 0, 0, 3, 1, 107]  # the 1 printed after `—2—` / `总计`
    assert _row(got, "granted") == [23, 2, 0, 0, 1, 1, 27]
    assert _row(got, "other.no_correction") == [2, 0, 0, 0, 0, 0, 2]
    assert _row(got, "results_total") == [91, 12, 0, 0, 3, 1, 107]
    messages = [i.message for i in parse_file(DATA / "late_value.txt").issues if i.code == "inferred_alignment"]
    assert any("25 of 25 rows read" in m for m in messages)


def test_page_footer_in_a_flow_of_values_does_not_end_the_table():
    got = table3(DATA / "footer_in_flow.txt")
    assert got == truth3(DATA / "footer_in_flow.truth.json")
    assert _row(got, "new_received") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(got, "granted") == [1, 0, 0, 0, 0, 0, 1]
    assert _row(got, "results_total") == [1, 0, 0, 0, 0, 0, 1]


def test_flow_holding_two_columns_row_by_row_is_read():
    got = table3(DATA / "shared_flow.txt")
    assert got == truth3(DATA / "shared_flow.truth.json")
    assert _row(got, "new_received") == [10, 2, 0, 1, 0, 0, 13]
    assert _row(got, "other.other") == [0, 0, 0, 0, 0, 0, 0]
    assert _row(got, "results_total") == [11, 3, 0, 1, 1, 1, 17]  # `11 3` on one line: two columns


def test_without_page_numbers_blanks_footers_in_flows_or_every_footer():
    lines = ["0", "0", "第 1 页", "", "法律", "", "第2页", "", "0"]
    assert without_page_numbers(lines, in_flows_only=True) == ["0", "0", "", "", "法律", "", "第2页", "", "0"]
    assert without_page_numbers(lines) == ["0", "0", "", "", "法律", "", "", "", "0"]
    # one footer pattern (block_footer.page_footer) for table 3, table 4 and the beside window
    assert without_page_numbers(["第 1 页 共 3 页", "— 2 —", "第 12 页说明", "12"]) == ["", "", "第 12 页说明", "12"]


def test_shared_flow_band_cuts_only_where_one_row_count_fits():
    two_columns = [_flow(0, 0, 0, 11, 3, 0, 0), *(_flow(10 * c, 0, 1, 0) for c in range(1, 6))]
    band, used, k = shared_flow_band(two_columns, 0, 7)
    assert (len(band), used, k) == (6, 6, 3)
    assert shared_flow_band([_flow(10 * c, 0, 0) for c in range(7)], 0, 7) is None  # one column a flow
    assert shared_flow_band([_flow(0, 1, 2, 3, 4), *(_flow(10 * c, 0, 0, 0) for c in range(1, 6))], 0, 7) is None


def test_late_value_moves_only_after_a_page_foot_and_a_header_cell():
    # lines: 0-4 header and `91 12 0` / `0`, 6-7 `法律服务机构` / `3`, 9 `其他` alone, 11-17 two columns,
    # 19-21 the page's foot, 22 `总计`, 24 `1`
    breaks = Breaks(pages=(19, 20, 21), text=(0, 1, 2, 6, 9, 22), headers=(0, 6, 9, 22))
    groups = [_flow(3, 91, 12, 0, 0), _flow(7, 3), _flow(11, 0, 23, 18), _flow(15, 0, 2, 3), _flow(24, 1)]
    lines = [{0, 1, 2, 3, 4}, {6, 7}, {11, 12, 13}, {15, 16, 17}, {24}]
    x = Segment([], groups, lines, ["申请人情况", "法律服务机构", "", "", ""], breaks=breaks)
    [moved] = late_first_row_value([x])
    assert [[t.value for t in g] for g in moved.groups] == [[91, 12, 0, 0], [3], [1], [0, 23, 18], [0, 2, 3]]
    no_foot = Breaks(pages=(), text=breaks.text, headers=breaks.headers)
    assert late_first_row_value([Segment([], groups, lines, x.heads, breaks=no_foot)]) is None
