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
from ingest.readers.block_last_rows import fifth_lines, read_again, runs_on
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


def test_last_row_among_table_4_reads_table_3():
    truth, parsed = parsed_and_truth(DATA, "eighth_000010_pdftotext_plain")
    assert _row(parsed, "new_received") == [0] * 7
    assert _row(parsed, "carried_over") == [0, 1, 0, 0, 1, 0, 2]
    assert _row(parsed, "results_total") == [0, 1, 0, 0, 1, 0, 2]
    assert _row(parsed, "carried_forward") == [0] * 7  # its first 0 beside its label, six among table 4's
    assert _table(parsed, "applications") == _table(truth, "applications")


def _segments(groups: int) -> list[Segment]:
    return [Segment([value_token("0", 0)], [[value_token("1", i + 1)] for i in range(groups)],
                    [{i + 1} for i in range(groups)], [""] * groups)]


def _second_reading(check):
    """What `check()` gives in the first reading and in each second one `read_again` makes of
    a text with a value after a numbered sentence, the first reading calling `runs_on` at a cut
    where it applies (its result noted too) and reading nothing."""
    seen = []

    def first():
        runs_on(_segments(5), 1, 2, True)
        fifth_lines([(9, "1. 原创信息较少，转发信息较多。")])  # the span's end
        seen.append(check())
        return Rebuilt(set(), [])

    got = read_again(["1. 原创信息较少，转发信息较多。", "-3-", "0"], first, lambda got: got)
    assert got.rows == []
    return seen


def test_runs_on_only_in_a_second_reading_past_table_4s_heading_with_flows_after_the_cut():
    assert not runs_on(_segments(5), 1, 2, True)  # the first reading: the cut stands
    assert _second_reading(lambda: runs_on(_segments(5), 1, 2, True)) == [False, True, True]
    assert _second_reading(lambda: runs_on(_segments(5), 1, 2, False)) == [False] * 3  # before table 4's heading
    assert _second_reading(lambda: runs_on(_segments(5), 1, 5, True)) == [False] * 3  # no flow after the cut
    assert _second_reading(lambda: runs_on([*_segments(5), *_segments(3)], 1, 2, True)) == [False] * 3


def test_fifth_lines_are_numbered_sentences_without_section_six_in_the_last_reading():
    sentence = [(0, "1. 原创信息较少，转发信息较多，主动发声能力还需增强。")]
    assert _second_reading(lambda: fifth_lines(sentence)) == [False, False, True]
    two = [(0, "1. 原创信息较少，转发信息较多。"), (1, "2. 政策解读形式较为单一，解读质量有待提升。")]
    assert _second_reading(lambda: fifth_lines(two)) == [False, False, True]
    assert _second_reading(lambda: fifth_lines([(0, "3.其他")])) == [False] * 3  # a row label: no sentence end
    sixth = [(0, "下一步，将加大投入。"), (1, "六、其他需要报告的事项"), (2, "1. 政府信息公开信息处理费收取情况。")]
    assert _second_reading(lambda: fifth_lines(sixth)) == [False] * 3
    assert _second_reading(lambda: fifth_lines([(0, "原创信息较少。")])) == [False] * 3  # nothing numbered


def test_second_readings_only_where_the_first_reads_nothing_and_their_case_is_met():
    calls = []

    def first(rows, ends_at_sentence=False):
        def read():
            calls.append(1)
            if ends_at_sentence:
                fifth_lines([(9, "1. 原创信息较少，转发信息较多。")])
            return Rebuilt(set(), rows)
        return read

    row = [Row(["(一) 予以公开", "0"], 3)]
    assert read_again(["1. 原创信息较少。", "-3-", "0"], first(row, True), lambda got: got).rows == row
    assert len(calls) == 1  # read at the first reading
    assert read_again(["1. 原创信息较少。", "-3-", "0"], first([]), lambda got: got).rows == []
    assert len(calls) == 2  # the span did not end at a sentence, no cut met
    nothing = read_again(["1. 原创信息较少。", "六、其他需要报告的事项", "0"], first([], True), lambda got: got)
    assert nothing.rows == [] and len(calls) == 3  # no value before section six
    assert read_again(["1. 原创信息较少。", "-3-", "0"], first([], True), lambda got: got).rows == []
    assert len(calls) == 5  # once more, with section five's sentences passed
    second = iter([Rebuilt(set(), []), Rebuilt({3}, row)])
    assert read_again(["1. 原创信息较少。", "-3-", "0"], lambda: (fifth_lines([(9, "1. 原创。")]), next(second))[1],
                      lambda got: got).rows == row
