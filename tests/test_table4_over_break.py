"""Table 4 of plain `pdftotext`: 行政复议's five lone values printed on the page after its header
flows (a form feed between) read left to right (`table4_over_break`), and a row of values every
header printed before it, whose `—` flows could as well be `——` wrapped with a whole proceeding
blank, left missing (`table4_lone.row_of_marks`, `dashes_short`).

- `plain_table4/pool52_000082` (pool set, seed 52): `０ ０ ０ ５ ５` after the page break that cut the
  litigation proceedings' header cells; truth 0 0 0 5 5 (the one-page order read 0 5 0 0 5, both
  totals holding);
- `plain_table4/pool52_000088`: the same page, `0 11 4 2 17`; the one-page order fails its total,
  so the rebuild read nothing and the mapper read the flow as printed; now the rebuild reads it;
- `plain_table4/pool52_000122`: every header, then `— / —` ×5 and `0` ×5; truth 行政复议 blank,
  未经复议直接起诉's five `——`, 复议后起诉 0 (read as ten `—` marks and five zeros before)."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.table4_lone import dashes_short, row_of_marks
from ingest.readers.table4_over_break import OVER_BREAK, page_of
from ingest.states import MISSING, NOT_APPLICABLE, NUMBER
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_five_lone_values_after_a_page_break_read_left_to_right():
    for name in ("pool52_000082", "pool52_000088"):
        got, want, issues = _table4(DATA / f"{name}_pdftotext_plain.txt")
        assert got == want
        assert any(i.code == "inferred_alignment" and OVER_BREAK in i.message for i in issues)
    got, _, _ = _table4(DATA / "pool52_000082_pdftotext_plain.txt")
    assert got[:5] == [(0, NUMBER), (0, NUMBER), (0, NUMBER), (5, NUMBER), (5, NUMBER)]


def test_page_of_counts_the_pages_opened_before_a_line():
    assert page_of((), 40) == 0
    assert [page_of((10, 20), n) for n in (9, 10, 19, 20, 99)] == [0, 1, 1, 2, 2]


def test_dash_flows_that_could_be_wrapped_marks_with_a_proceeding_blank_leave_table4_missing():
    got, want, issues = _table4(DATA / "pool52_000122_pdftotext_plain.txt")
    assert want[5:10] == [(None, NOT_APPLICABLE)] * 5 and want[10:] == [(0, NUMBER)] * 5
    assert [s for _, s in got] == [MISSING] * 15
    assert any(i.code == "ambiguous_row" and "administrative_review/upheld" in i.message for i in issues)


def _dashes(n: int) -> list[Token]:
    return [Token(None, NOT_APPLICABLE, "—", "line 1")] * n


def test_row_of_marks_weighs_every_count_the_dash_flows_allow():
    zero = [Token(0, NUMBER, "0", "line 1")]
    flows = [_dashes(2)] * 5 + [zero] * 5  # 15 as printed, or 10 with a proceeding blank
    assert dashes_short(flows, 15) and row_of_marks(flows, 15, set(), True) is None
    # fifth set 000035: 0 ×5, `—` ×4, `—` ×2 ×3, 0 ×5: 20 printed, 15 only with every pair a mark
    fifth = [zero] * 5 + [_dashes(4)] + [_dashes(2)] * 3 + [zero] * 5
    assert not dashes_short(fifth, 15) and [t.raw for t in row_of_marks(fifth, 15, set(), True)] == (
        ["0"] * 5 + ["——"] * 5 + ["0"] * 5)
    singles = [_dashes(1)] * 10 + [zero] * 5  # lone `—` a flow each: no pair to take
    assert not dashes_short(singles, 15) and len(row_of_marks(singles, 15, set(), True)) == 15
