"""Table 4 of plain `pdftotext`: a proceeding with no value whose header cells print cut (their
last lines missing) is not read blank (`table4_vanished.vanished_marks`, `Unvalued.tops`). Fresh seed 44, 000144:
行政复议's `结 结 其 / 果 果 他 / 维 纠 结`, `尚 / 未 / 审`, no `持 正 果`, no `结`, no value; the
generator's truth prints `-` in every one of its five cells (not applicable), which poppler
dropped with the headers' last line. Blank and `-` both fit the text: the cells stay missing."""

from __future__ import annotations

from pathlib import Path

from ingest.states import BLANK, MISSING, NOT_APPLICABLE
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_cut_proceeding_without_values_is_not_read_blank():
    got, want, issues = _table4(DATA / "fresh44_000144_pdftotext_plain.txt")
    assert [s for _, s in want[:5]] == [NOT_APPLICABLE] * 5  # the truth: `-` ×5, none printed
    assert all(g is None or g[1] == MISSING or g == w for g, w in zip(got, want))
    assert not any(g is not None and g[1] == BLANK for g in got[:5])


def test_only_the_cut_proceeding_is_left_missing_the_others_read():
    got, want, issues = _table4(DATA / "fresh44_000144_pdftotext_plain.txt")
    assert [g[1] for g in got[:5]] == [MISSING] * 5
    assert got[5:] == want[5:]
    found = [i for i in issues if i.code == "ambiguous_row" and "header tops cut by a page break" in i.message]
    assert len(found) == 1 and "administrative_review/upheld" in found[0].message
