"""Table 4 of plain `pdftotext` whose first value prints alone in a `尚未审结` header's flow,
before the other fourteen in column order (stop 18, h/t4last18): `plain_table4/sixth_000137`
(sixth set, seed 19); the proceeding it belongs to weighed by the totals (`table4_lone_pending`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ingest.readers import text_blocks_table4
from ingest.readers.table4_lone_pending import lone_pending
from tests.test_table4_surplus import _inputs
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


def test_lone_pending_read_as_truth():
    got, want, issues = _table4(DATA / "sixth_000137_pdftotext_plain.txt")
    assert got == want
    # the generator's truth: 行政复议 7 0 3 3 13, 直接起诉 0 0 3 3 6, 复议后起诉 0 3 3 3 9
    assert [v for v, _ in got] == [7, 0, 3, 3, 13, 0, 0, 3, 3, 6, 0, 3, 3, 3, 9]
    assert any("alone in a 尚未审结 header's flow" in i.message for i in issues)


def _flows():
    """Table 4's flows of the fixture, those of table 3's read lines left out as `rebuild` does."""
    lines, _table3, taken = _inputs((DATA / "sixth_000137_pdftotext_plain.txt").read_text(encoding="utf-8").splitlines())
    return [f for f in text_blocks_table4._table_flows(lines, taken)[0] if not set(f.lines) & taken]


def _set(flow, k, raw):
    flow.values[k] = replace(flow.values[k], value=int(raw), raw=raw)


def test_no_placement_holding_leaves_it_unread():
    flows = _flows()
    assert lone_pending(flows) is not None
    last = next(f for f in reversed(flows) if f.values)
    _set(last, -1, "6")  # 复议后起诉's total 6 instead of 9: no placement holds every total
    assert lone_pending(flows) is None


def test_two_placements_holding_leave_it_unread():
    flows = _flows()
    lone, row, six, _rest, last = [f for f in flows if f.values]
    assert lone.header == "尚未审结"
    # values 0 | 7 0 3 3 13 0 0 0 0 | 0 | 0 3 3 | 6: the lone 0 as 直接起诉's 尚未审结 (0 0 0 0 0 /
    # 0 0 3 3 6) or as 复议后起诉's (0 0 0 0 0 / 0 3 3 0 6), both holding every total: unread
    _set(lone, 0, "0")
    for k in range(5, 9):
        _set(row, k, "0")
    _set(six, 0, "0")
    _set(last, 0, "6")
    assert lone_pending(flows) is None
