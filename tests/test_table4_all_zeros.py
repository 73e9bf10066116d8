"""Table 4 of plain `pdftotext` whose fifteen printed values are all `0`, out of the flow rules'
order (stop 18, h/sixth18c): `plain_table4/sixth_000071` (sixth set, seed 19), table 3's last
rows' headers among table 4's flows; every placement reads every cell 0 (`table4_all_zeros`)."""

from __future__ import annotations

from pathlib import Path

from ingest.readers.table4_all_zeros import all_zeros
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_fifteen_zeros_read_as_truth():
    got, want, issues = _table4(DATA / "sixth_000071_pdftotext_plain.txt")
    assert got == want
    assert got == [(0, "number")] * 15  # the generator's truth: every cell 0
    assert any("fifteen values, every one 0" in i.message for i in issues)


def test_not_read_without_table3():
    assert all_zeros([], table3_read=False) is None
