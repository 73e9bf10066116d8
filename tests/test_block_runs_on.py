"""Table 3 of plain `pdftotext` running on past a text flow among table 4's at which its values
happen to come to rows × 7 (ingest/readers/block_last_rows.py `runs_on`, text_blocks._rebuild).

tests/data/plain_runs_on holds copies of two rendered documents of the eighth plain set (seed 21;
a generator report through LibreOffice and plain pdftotext) with the generator's truth:
eighth_000094 (the last three rows on table 4's page, their first column beside the labels, the
next five columns' values among table 4's headers, their 总计 column `118 / 2,26 / 4 / 0` after
section five's heading; numbers wrapped in narrow cells, `1,64` + `1`, make the values up to an
earlier text flow come to 175 by chance) and eighth_000010 (the last row's first value beside its
label past a page break, its other six among table 4's; table 4's first six values make the count
175 at its first text flow); and eighth_000135 (whole rows blank, the results total's `3 0` beside
its label, its five other columns `0 / 0 / 3` after section five's first sentence
`1. 原创信息较少…。` and the page's footer: `fifth_lines`). The rows asserted by hand below are
copied from those truths."""

from __future__ import annotations

from pathlib import Path

from ingest.model import Row
from ingest.readers.block_last_rows import fifth_lines, past_fifth, runs_on
from ingest.readers.block_segments import Segment, value_token
from ingest.readers.text_blocks import Rebuilt
from tests._table3_truth import parsed_and_truth
from tests._table3_truth import row_values as _row
from tests._table3_truth import table_cells as _table

DATA = Path(__file__).parent / "data" / "plain_runs_on"


def test_total_column_after_section_five_reads_tables_3_and_4():
    truth, parsed = parsed_and_truth(DATA, "eighth_000094_pdftotext_plain")
    assert _row(parsed, "new_received") == [1641, 442, 9, 29, 88, 55, 2264]
    assert _row(parsed, "other.other") == [85, 28, 0, 0, 4, 1, 118]
    assert _row(parsed, "results_total") == [1641, 442, 9, 29, 88, 55, 2264]
    assert _row(parsed, "carried_forward") == [0, 0, 0, 0, 0, 0, 0]
    assert _table(parsed, "applications") == _table(truth, "applications")
    assert [c["value"] for c in parsed["review_litigation"]] == [0] * 15
    assert _table(parsed, "review_litigation") == _table(truth, "review_litigation")


def test_last_row_among_table_4_reads_the_rows_the_identities_fix():
    truth, parsed = parsed_and_truth(DATA, "eighth_000010_pdftotext_plain")
    assert _row(parsed, "new_received") == [0] * 7
    assert _row(parsed, "carried_forward") == [0] * 7
    want, got = _table(truth, "applications"), _table(parsed, "applications")
    read = {k: v for k, v in got.items() if v[1] == "number"}
    assert len(read) == 22 * 7 and all(want[k] == v for k, v in read.items())
    # 法律服务机构's `0 1 0 1` is headed; the unheaded `0 1 0 1` fits 商业企业 or 科研机构 alike
    for outcome in ("carried_over", "partially_granted", "results_total"):
        assert all(parsed_cell["state"] == "missing" for parsed_cell in parsed["applications"]
                   if parsed_cell["outcome"] == outcome)


def _segments(groups: int, value: str = "1") -> list[Segment]:
    """One label flow of one row, `0` beside it, and `groups` flows of one value `1`: no
    placement keeps its row total (0 + 1 + … ≠ 1 for any cut of two flows or more)."""
    return [Segment([value_token("0", 0)], [[value_token(value, i + 1)] for i in range(groups)],
                    [{i + 1} for i in range(groups)], [""] * groups)]


def test_runs_on_only_past_table_4s_heading_with_flows_after_the_cut_and_the_cut_reading_nothing():
    calls: list[int] = []

    def reads(result: bool):
        def cut_reads() -> bool:
            calls.append(1)
            return result
        return cut_reads

    assert runs_on(_segments(5), 1, 2, True, reads(False))
    assert not runs_on(_segments(5), 1, 2, True, reads(True))
    assert len(calls) == 2
    assert not runs_on(_segments(5), 1, 2, False, reads(False))  # before table 4's heading
    assert not runs_on(_segments(5), 1, 5, True, reads(False))  # no flow after the cut
    assert not runs_on([*_segments(5), *_segments(3)], 1, 2, True, reads(False))  # not the last segment
    assert not runs_on(_segments(8, "0"), 1, 6, True, reads(False))  # the cut's row `0` × 7 holds its total
    assert len(calls) == 2  # the cut is read only where the cheap tests pass


def test_columns_after_section_fives_first_sentence_read_a_table_of_blank_rows():
    truth, parsed = parsed_and_truth(DATA, "eighth_000135_pdftotext_plain")
    assert _row(parsed, "new_received") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(parsed, "granted") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(parsed, "results_total") == [3, 0, 0, 0, 0, 0, 3]
    assert _row(parsed, "carried_over") == [None] * 7  # blank in the truth: its label alone
    assert _table(parsed, "applications") == _table(truth, "applications")


def _in_second_reading(check):
    """`check()` as `past_fifth`'s second reading runs it, and `past_fifth`'s result."""
    seen = []
    first = Rebuilt(set(), [])
    out = past_fifth(first, ["1. 原创信息较少，转发信息较多。", "-3-", "0"], lambda: seen.append(check()))
    assert out is first  # the second reading read nothing (None): the first one stands
    return seen


def test_fifth_lines_are_numbered_sentences_without_section_six():
    sentence = [(0, "1. 原创信息较少，转发信息较多，主动发声能力还需增强。")]
    assert not fifth_lines(sentence)  # the first reading: the sentence ends table 3, as before
    assert _in_second_reading(lambda: fifth_lines(sentence)) == [True]
    two = [(0, "1. 原创信息较少，转发信息较多。"), (1, "2. 政策解读形式较为单一，解读质量有待提升。")]
    assert _in_second_reading(lambda: fifth_lines(two)) == [True]
    assert _in_second_reading(lambda: fifth_lines([(0, "3.其他")])) == [False]  # a row label: no sentence end
    sixth = [(0, "下一步，将加大投入。"), (1, "六、其他需要报告的事项"), (2, "1. 政府信息公开信息处理费收取情况。")]
    assert _in_second_reading(lambda: fifth_lines(sixth)) == [False]
    assert _in_second_reading(lambda: fifth_lines([(0, "原创信息较少。")])) == [False]  # nothing numbered


def test_second_reading_only_where_values_follow_a_sentence_before_section_six():
    calls = []
    first = Rebuilt(set(), [])
    assert past_fifth(first, ["1. 原创信息较少。", "六、其他需要报告的事项", "0"], lambda: calls.append(1)) is first
    assert past_fifth(first, ["1. 原创信息较少。", "下一步，将加大投入。"], lambda: calls.append(1)) is first
    assert calls == []
    second = Rebuilt({3}, [Row(["(一) 予以公开", "0"], 3)])
    assert past_fifth(first, ["1. 原创信息较少。", "-3-", "0"], lambda: second) is second
