"""Table 4 of plain `pdftotext` whose fifteen printed values are all `0`, out of the flow rules'
order (stop 18, h/sixth18c): `plain_table4/sixth_000071` (sixth set, seed 19), table 3's last
rows' headers among table 4's flows; every placement reads every cell 0 (`table4_all_zeros`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.readers import block_segments, text_blocks, text_blocks_table4
from ingest.readers.table4_all_zeros import all_zeros
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_fifteen_zeros_read_as_truth():
    got, want, issues = _table4(DATA / "sixth_000071_pdftotext_plain.txt")
    assert got == want
    assert got == [(0, "number")] * 15  # the generator's truth: every cell 0
    assert any("fifteen values, every one 0" in i.message for i in issues)


def _flows():
    """Table 4's flows of the fixture, those of table 3's read lines left out as `rebuild` does."""
    text = (DATA / "sixth_000071_pdftotext_plain.txt").read_text(encoding="utf-8").splitlines()
    table3 = text_blocks.rebuild(block_segments.without_page_numbers(text, in_flows_only=True))
    lines = block_segments.without_page_numbers(text)
    taken = {i for i in table3.lines if block_segments.value_words(lines[i])}
    return [f for f in text_blocks_table4._table_flows(lines, taken)[0] if not set(f.lines) & taken]


def test_read_only_fifteen_zeros_with_table3_read():
    flows = _flows()
    assert all_zeros(flows, table3_read=True) is not None
    assert all_zeros(flows, table3_read=False) is None
    one = next(f for f in flows if f.values)
    one.values[0] = replace(one.values[0], value=1, raw="1")  # a placement would now matter
    assert all_zeros(flows, table3_read=True) is None
