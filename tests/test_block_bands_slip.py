"""Table 3 of plain `pdftotext` with a printed slip in a row total: the band whose rows hold it
keeps the placements breaking fewest row totals (ingest/readers/block_bands.py `_by_row_totals`),
so the fewest-violations rule (ingest/readers/block_fewest.py) weighs the printed placement.

The hand-made table follows tests/test_text_blocks_fewest.py; 001110 under
tests/data/plain_inconsistent is a copy of the real-renderer corpus (a generator report with
two injected t3_row_total slips, through LibreOffice and plain pdftotext) with the generator's truth."""

from __future__ import annotations

from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.readers.block_bands import _band, weighing_slips
from tests.test_text_blocks import BANDS, _read, _text
from tests.test_text_blocks_fewest import TABLE, _applications, _t3_failing

# 予以公开 printed with 总计 9 where its columns add up to 8: its row total and 总计's results
# sum fail, 2 instances
ROW_SLIP = TABLE | {"granted": [4, 2, 1, 0, 1, 0, 9]}


def _flow(values: list[int], line: int) -> list[Token]:
    return [Token(v, NUMBER_STATE, str(v), f"line {line + i}") for i, v in enumerate(values)]


def test_band_keeps_placements_breaking_fewest_row_totals_only_for_the_rule_where_none_holds():
    # one row, seven one-value flows: printed order 1..6 then the total
    holds = [_flow([v], i) for i, v in enumerate([1, 2, 0, 0, 0, 0, 3])]
    assert [[t.value for t in r] for r in _band(holds, 1, 7)[0]] == [[1, 2, 0, 0, 0, 0, 3]]
    assert all(sum(t.value for t in r[0][:6]) == r[0][6].value for r in _band(holds, 1, 7))
    slip = [_flow([v], i) for i, v in enumerate([1, 2, 0, 0, 0, 0, 4])]  # no order makes 4 the sum
    assert _band(slip, 1, 7) == []  # reading placements where every identity holds: none
    with weighing_slips():
        kept = _band(slip, 1, 7)
    assert [[t.value for t in r] for r in kept[0]] == [[1, 2, 0, 0, 0, 0, 4]]
    assert len(kept) > 1  # the other orders break as few row totals: the rule weighs them all
    assert _band(slip, 1, 7) == []


def test_row_total_slip_in_the_first_band_reads_every_row():
    rows, issues = _read(_text(ROW_SLIP, BANDS))
    assert [i.code for i in issues] == ["fewest_violations"]
    assert len(rows) == 25
    assert rows["予以公开"] == [4, 2, 1, 0, 1, 0, 9]
    assert rows["本年新收政府信息公开申请数量"] == TABLE["new_received"]
    assert rows["总计"] == TABLE["results_total"]
    assert "breaks 2 identity instance(s)" in issues[0].message


def test_rendered_report_with_two_row_total_slips_reads_every_cell():
    """001110: 予以公开 prints 总计 0 where its columns add up to 3, (五)5 prints 3 where they add
    up to 0 (the total column still sums); both bands' placements all broke a row total, so none
    was weighed. Now all 175 cells read as the generator's truth has them, and the check shows
    exactly the printed slips."""
    truth, parsed, pairs = _applications("001110_pdftotext_plain")
    assert len(pairs) == 175
    assert all(want == got for want, got in pairs.values())
    assert _t3_failing(parsed) == {(f["id"], f["scope"]) for f in truth["expected_identity_failures"]}
    assert any(i["code"] == "fewest_violations" for i in parsed["issues"])
