"""Table 4 of plain `pdftotext` whose zeros table 3's rebuild kept among its candidates, more of
them than the cells it read (stop 18, h/t4last18): `plain_table4/sixth_000146` (sixth set, seed
19; every value 0, table 3 read holding 178 values for 175 cells) (`table4_surplus`)."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.readers import block_segments, text_blocks, text_blocks_table4
from ingest.readers.table4_surplus import surplus_zeros
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"
NAME = "sixth_000146_pdftotext_plain"


def test_surplus_zeros_read_as_truth():
    got, want, issues = _table4(DATA / f"{NAME}.txt")
    assert got == want
    assert got == [(0, "number")] * 15  # the generator's truth: every cell 0
    # since stop 19 (h/fresh42) table 3's fewest-violations reading hands table 4 each choice of
    # its last rows' flows, weighed before `surplus_zeros` (tested directly below): 28 choices,
    # each giving table 4 this reading
    assert any("last rows' flows among these chosen 28 ways" in i.message for i in issues)


def _inputs(text: list[str]):
    table3 = text_blocks.rebuild(block_segments.without_page_numbers(text, in_flows_only=True))
    lines = block_segments.without_page_numbers(text)
    taken = {i for i in table3.lines if block_segments.value_words(lines[i])}
    return lines, table3, taken


def _surplus(text: list[str]):
    lines, table3, taken = _inputs(text)
    return surplus_zeros(lines, table3, taken, text_blocks_table4._HEADING, text_blocks_table4.rebuild,
                         text_blocks_table4._table_flows)


def test_a_surplus_value_not_zero_leaves_table4_unread():
    text = (DATA / f"{NAME}.txt").read_text(encoding="utf-8").splitlines()
    assert _surplus(text) is not None
    lines, _table3, taken = _inputs(text)
    head = next(i for i, line in enumerate(lines) if text_blocks_table4._HEADING.search(line))
    last = max(i for i in taken if i > head)
    assert text[last].strip() == "0"
    text[last] = text[last].replace("0", "1")  # which lone value is table 4's would now matter
    assert _surplus(text) is None


def test_no_surplus_without_table3_holding_more_values_than_it_read():
    text = (DATA / f"{NAME}.txt").read_text(encoding="utf-8").splitlines()
    lines, table3, taken = _inputs(text)
    head = next(i for i, line in enumerate(lines) if text_blocks_table4._HEADING.search(line))
    kept = {i for i in taken if i < head} | set(sorted(i for i in taken if i > head)[:6])
    assert surplus_zeros(lines, table3, kept, re.compile(text_blocks_table4._HEADING.pattern),
                         text_blocks_table4.rebuild, text_blocks_table4._table_flows) is None
