"""Plain `pdftotext`'s table 3: the first rows printed row by row before the header's last
columns (ingest/readers/block_row_major.py).

tests/data/plain_row_major/first_rows_row_by_row.txt is report 000462 of the second plain set
(/tmp/plain15a/second), with the generator's truth beside it. Under the header the four first
rows' four first columns come as one flow, row by row: `２２ １８ １ / ２ / １` (row 一: 221
wrapped, its tail `１` after the row's fourth value 2), `０ / ０ / ０ / ０`, `２７ ６ / ０ / ０`,
`３４ １ / ０ / ０`; then `总计 法律 服务 机构 / ３` (一's 法律服务机构), `其他`, `０ １ ０`
(法律服务机构 of 二 … (二)), `０ １ ３` (其他 of 二 … (二)), `２５ / ２ / ０ / ３５ / ３８` (总计,
252 wrapped) and `７` (一's 其他) last.

more_rows_after_first.txt is 000196 of the second set: the same layout over four rows and one
row more (1.属于国家秘密): its first value `2` ends the first flow, its columns 2-4 the lone
flows `1`, `0`, `0` (the page footer `-1-` among them) before `法律服务机构 / 17`, its last three
`0`, `0`, `3` after the total column `1,97 / 0 / 0 / 471 / 98` (1,970 wrapped), before `150`.

last_label_among_values.txt is 000714 of the second set: its first rows as in 000462, its last
label flow `３４ / ２６ / ５ / 四、结转下年度继续办理 / ８` (自然人 of (六)3, 总计 (265 wrapped) and
四), their other columns after table 4's heading, the total column `４４ / ３７ / ７ / ２１` (377
wrapped) last, then table 4's own values.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

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
    # since stop 18 (h/t3lost18) read as printed too: the first flow under the header holds the
    # first rows' first columns row by row, 221's tail `1` after its row's lone values
    # (`block_first_columns`, `block_wraps._after_lone_cells`); else by `block_row_major`
    assert any("first rows' four first columns printed row by row" in m or "read 221" in m for m in messages)


@pytest.mark.parametrize("name, rows", [
    ("more_rows_after_first", {"new_received": [1291, 461, 10, 41, 17, 150, 1970],  # 1,291 and 1,970 wrapped
                               "partially_granted": [69, 18, 0, 3, 2, 6, 98],
                               "denied.state_secret": [2, 1, 0, 0, 0, 0, 3]}),  # the one more row
    ("last_label_among_values", {"new_received": [248, 78, 0, 4, 20, 15, 365],
                                 "other.fee_unpaid": [0, 0, 0, 0, 1, 0, 1],
                                 "results_total": [265, 71, 0, 4, 20, 17, 377],
                                 "carried_forward": [8, 13, 0, 0, 0, 0, 21]}),
])
def test_more_rows_and_a_last_label_among_its_values_are_read(name, rows):
    got = table3(DATA / f"{name}.txt")
    assert got == truth3(DATA / f"{name}.truth.json")
    for outcome, values in rows.items():
        assert _row(got, outcome) == values


def test_more_rows_need_their_six_flows_of_one_size():
    # three rows row by row (22 18 1 2 / 0 0 0 0 / 27 6 0 0), then one more row's first value 5
    first = [_tok(22, 10), _tok(18, 10), _tok(1, 10), _tok(2, 10), *[_tok(0, 13) for _ in range(4)],
             _tok(27, 17), _tok(6, 17), _tok(0, 17), _tok(0, 17), _tok(5, 20)]
    x = _segment(first)
    more = [[_tok(1, 22)], [_tok(0, 24)], [_tok(0, 26)]]  # its columns 2-4
    after = [[_tok(0, 44)], [_tok(0, 46)], [_tok(3, 48)]]  # its 法律服务机构, 其他, 总计
    groups = [x.groups[0], *more, *x.groups[1:5], *after, x.groups[5]]
    lines = [{int(t.where.split()[-1]) for t in g} for g in groups]
    heads = ["申请人情况", "", "", "", "总计法律服务机构", *[""] * 7]
    (way,) = recast([Segment([], groups, lines, heads)])
    assert [[t.value for t in g] for g in way[0].groups] == [
        [22, 0, 27, 5], [18, 0, 6, 1], [1, 0, 0, 0], [2, 0, 0, 0], [3, 0, 1, 0], [7, 0, 1, 0], [25, 0, 35, 3]]
    groups[9] = [_tok(0, 46), _tok(1, 47)]
    assert recast([Segment([], groups, lines, heads)]) == []  # the more rows' flows differ in size
    groups[9] = [_tok(0, 46)]
    groups[0] = [*first[:-1], _tok(5, 17)]
    assert recast([Segment([], groups, lines, heads)]) == []  # the more row's first value not on a line of its own


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
