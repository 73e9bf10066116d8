"""Table 4 of plain `pdftotext` (stop 19, h/fresh42; seed-42 set): a row of values in the flow
of its last headers with `——` cells wrapped a dash a line (`table4_wrapped_row`), and table 4
beside a table 3 read by the fewest-violations rule whose last rows' flows stand among table
4's (`block_fewest.fewest_choices`). Cells asserted against the generator's truth."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.readers.table4_columns import MARKS
from ingest.readers.table4_wrapped_row import dashes_joined, row_of
from ingest.states import NOT_APPLICABLE
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"

_NA = (None, NOT_APPLICABLE)


def _toks(*raws: str) -> list[Token]:
    return [Token(None if r == "—" else int(r), NOT_APPLICABLE if r == "—" else "number", r, "line 1") for r in raws]


def test_mixed_row_with_wrapped_marks_reads_its_truth():
    # 行政复议's five 0 and 未经复议直接起诉's four `——` in one flow: `0` ×5 then `—` ×8
    got, want, issues = _table4(DATA / "fresh42_000023_pdftotext_plain.txt")
    assert got == want
    assert got == [(0, "number")] * 5 + [_NA] * 5 + [(0, "number")] * 5
    assert any(MARKS in i.message for i in issues if i.code == "inferred_alignment")


def test_table4_beside_a_fewest_violations_table3_reads_its_truth():
    # table 3 (an inconsistent report) read by the fewest-violations rule, its last row's five
    # lone values chosen among table 4's one-value flows in many ways, each the same `0`
    got, want, issues = _table4(DATA / "fresh42_000012_pdftotext_plain.txt")
    assert got == want == [(0, "number")] * 15
    assert any(i.code == "fewest_violations" for i in issues)
    assert not any(i.code == "ambiguous_row" and "table 4" in i.message for i in issues)


def test_dashes_joined_is_the_one_split_or_none():
    row = dashes_joined(_toks("0", "—", "3", "—", "—", "—"), 4)
    assert [t.raw for t in row] == ["0", "——", "3", "——"]
    assert dashes_joined(_toks("0", "—", "3", "—", "—"), 4) is None  # one dash left over
    assert dashes_joined(_toks("0", "—", "—", "3", "—"), 3) is None  # a number among the second lines
    assert dashes_joined(_toks("0", "0", "—", "—"), 2) is None  # `—` past n, none among the first lines
    assert [t.raw for t in dashes_joined(_toks("0", "0", "—", "—"), 3)] == ["0", "0", "——"]
    how: set[str] = set()
    assert [t.raw for t in row_of(_toks("0", "1"), 2, how)] == ["0", "1"] and not how
    assert row_of(_toks("0", "—", "—"), 2, how) is not None and MARKS in how


def test_lone_wrapped_mark_is_the_last_column_of_a_proceeding_read():
    # 未经复议直接起诉's four `——` wrapped in its header flow, its `总 计` header with no value,
    # 复议后起诉's headers, then `— / —`: one mark, its total's (two marks would leave 复议后起诉
    # part blank); 复议后起诉 blank, as the truth
    got, want, issues = _table4(DATA / "fresh42_000134_pdftotext_plain.txt")
    assert got == want
    assert got == [(0, "number")] * 5 + [_NA] * 5 + [(None, "blank")] * 5
