"""Plain `pdftotext`'s table 3: the first rows printed row by row before the header's last
columns (ingest/readers/block_row_major.py).

tests/data/plain_row_major/first_rows_row_by_row.txt is report 000462 of the second plain set
(/tmp/plain15a/second), with the generator's truth beside it. Under the header the four first
rows' four first columns come as one flow, row by row: `２２ １８ １ / ２ / １` (row 一: 221
wrapped, its tail `１` after the row's fourth value 2), `０ / ０ / ０ / ０`, `２７ ６ / ０ / ０`,
`３４ １ / ０ / ０`; then `总计 法律 服务 机构 / ３` (一's 法律服务机构), `其他`, `０ １ ０`
(法律服务机构 of 二 … (二)), `０ １ ３` (其他 of 二 … (二)), `２５ / ２ / ０ / ３５ / ３８` (总计,
252 wrapped) and `７` (一's 其他) last.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_row_major import read_one_way, recast
from ingest.readers.block_segments import Segment
from tests._table3_truth import table3, truth3
from tests.test_block_regroup import _row

DATA = Path(__file__).parent / "data" / "plain_row_major"


def test_first_rows_printed_row_by_row_are_read_as_their_columns():
    got = table3(DATA / "first_rows_row_by_row.txt")
    assert got == truth3(DATA / "first_rows_row_by_row.truth.json")
    assert _row(got, "new_received") == [221, 18, 1, 2, 3, 7, 252]
    assert _row(got, "granted") == [27, 6, 0, 0, 1, 1, 35]
    assert _row(got, "partially_granted") == [34, 1, 0, 0, 0, 3, 38]
    assert _row(got, "results_total") == [188, 18, 0, 2, 3, 7, 218]
    messages = [i.message for i in parse_file(DATA / "first_rows_row_by_row.txt").issues]
    assert any("first rows' four first columns printed row by row" in m for m in messages)


def _tok(v: int, line: int) -> Token:
    return Token(v, "number", str(v), f"line {line}")


def _segment(first: list[Token]) -> Segment:
    rest = [[_tok(3, 30)], [_tok(0, 32), _tok(1, 33)], [_tok(0, 35), _tok(1, 36)],
            [_tok(25, 38), _tok(0, 39), _tok(35, 40)], [_tok(7, 42)]]
    lines = [{t.where for t in g} for g in [first, *rest]]
    return Segment([], [first, *rest], [{int(w.split()[-1]) for w in x} for x in lines],
                   ["申请人情况", "总计法律服务机构", "", "", "", ""])


def test_a_tail_goes_after_each_head_of_its_rows_first_line():
    # 一: `22 18 1 / 2 / 1`, 二: `0 / 0 / 0 / 0`, 三: `27 6 / 0 / 0`
    first = [_tok(22, 10), _tok(18, 10), _tok(1, 10), _tok(2, 11), _tok(1, 12),
             *[_tok(0, n) for n in (13, 14, 15, 16)], _tok(27, 17), _tok(6, 17), _tok(0, 18), _tok(0, 19)]
    ways = recast([_segment(first)])
    assert [[t.value for t in w[0].groups[0]] for w in ways] == [[22, 1, 0, 27], [22, 0, 27]]
    assert [[t.value for t in w[0].groups[1]] for w in ways] == [[18, 0, 6], [18, 1, 0, 6]]
    assert [t.value for t in ways[0][0].groups[4]] == [3, 0, 1]  # 法律服务机构: 一 alone first
    assert [t.value for t in ways[0][0].groups[5]] == [7, 0, 1]  # 其他: 一 printed last


def test_flows_of_other_counts_are_not_recast():
    first = [_tok(22, 10), _tok(18, 10), _tok(1, 10), _tok(2, 11), *[_tok(0, n) for n in (13, 14, 15, 16)]]
    assert recast([_segment(first)]) == []  # two rows row by row, but 法律服务机构 holds three


def test_two_ways_read_leave_the_table_unread():
    nothing = SimpleNamespace(rows=[], issues=[])
    ways = [SimpleNamespace(rows=[1], issues=[]), SimpleNamespace(rows=[2], issues=[])]
    assert read_one_way(lambda w: ways[w] if w < 2 else None, nothing) is nothing
    assert not ways[0].issues
    assert read_one_way(lambda w: ways[w] if w < 1 else None, nothing) is ways[0]
    assert [i.code for i in ways[0].issues] == ["inferred_alignment"]  # read so: said so
