"""Stop 20 (branch h/p20e): partial losses of table 4 (and table 3's last row) on documents
where every cell is printed, seeds 50-52 of the pool.

- `block_counts`: table 3's last rows' column flows chosen among table 4's never take a flow
  holding a not-applicable mark (table 3's cells are counts): seed-51 000055 (C(9, 6) choices,
  three of the nine flows `/`) and seed-52 000034 (one of thirteen lone values set aside, one
  `无`) read tables 3 and 4 whole;
- `table4_shared_first`: lone values after a proceeding's first header flows (`结果维持`+`结果纠正`
  in one flow, then one column each), three or four of them: left column first, right column
  last (seed-50 000029 `8 / 0 / 4` is 8 4 0; 000116 `1 / 0 / 9 / 1` is 1 1 0 9); 000029's last
  two, `１ ２ / １ ３` after 未经复议直接起诉's values, are 11 23 (`table4_lone.wrapped_row`);
- a one-line `总计` among table 4's flows is table 3's header (table 4's print a character a
  line): seed-51 000073 (its 未经复议直接起诉 inconsistent, left missing as before);
  so in the second pass (`late_row`) where no cut header awaits its rest (seed-54 000113: 行政复议's
  last three `１ ７ ２ / １ ９` after 未经复议直接起诉's values, 11 7 29), and not counted in a
  run of surplus `总计` headers after a two-line one (seed-56 000083, read before and kept; seed-17
  000025, a one-line `总计` itself the surplus one, kept too);
- `table4_wrapped_row.second_dashes`: 复议后起诉's five `——` with their second dashes as five
  lone flows after the whole table (seed-50 000062);
- `table4_lone.lone_values`: 行政复议's five `——` as one flow of ten `—` after the next
  proceeding's values (seed-55 000004)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest import codes
from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_counts import counts_only
from ingest.readers.table4_shared_first import shared_first_order
from ingest.readers.table4_wrapped_row import second_dashes
from ingest.states import MISSING, NOT_APPLICABLE, NUMBER
from tests.test_text_blocks_table4_docs import _table4

DATA = Path(__file__).parent / "data" / "plain_table4"


@pytest.mark.parametrize("name", ["seed50_000029", "seed50_000116", "seed50_000062", "seed51_000055", "seed52_000034",
                                  "seed54_000113", "seed55_000004", "seed56_000083", "seed17_000025"])
def test_table4_reads_its_truth(name):
    got, want, _ = _table4(DATA / f"{name}_pdftotext_plain.txt")
    assert got == want


def test_one_line_total_is_table3s_and_the_inconsistent_proceeding_stays_missing():
    got, want, _ = _table4(DATA / "seed51_000073_pdftotext_plain.txt")
    assert got[:5] == want[:5] and got[10:] == want[10:]
    assert [s for _, s in got[5:9]] == [MISSING] * 4  # 0 0 0 0 and total 4: no identity confirms the order


@pytest.mark.parametrize("name", ["seed51_000055", "seed52_000034"])
def test_table3_reads_whole_with_marks_left_to_table4(name):
    path = DATA / f"{name}_pdftotext_plain.txt"
    truth = json.loads(path.with_name(path.name.removesuffix(".txt") + ".truth.json").read_text(encoding="utf-8"))
    want = {(c["outcome"], c["applicant"]): (c["value"], c["state"]) for c in truth["applications"]}
    got = {(c.key, c.sub): (c.value, c.state) for c in parse_file(path).cells if c.table == "applications"}
    assert {k: got.get(k) for k in want} == want


def _t(raw: str) -> Token:
    return Token(0 if raw.isdigit() else None, NUMBER if raw.isdigit() else NOT_APPLICABLE, raw, "line 1")


def test_counts_only():
    assert counts_only([_t("0"), _t("3")]) and not counts_only([_t("0"), _t("/")]) and not counts_only([_t("无")])


def test_shared_first_order():
    assert shared_first_order([[0, 1], [2]], [0, 1, 2], True) == [0, 2, 1]
    assert shared_first_order([[0, 1], [2], [3]], [0, 1, 2, 3], True) == [0, 2, 3, 1]
    assert shared_first_order([[0, 1], [2], [3], [4]], list(range(5)), True) == [0, 2, 3, 4, 1]
    assert shared_first_order([[0, 1], [2], [3], [4]], list(range(5)), False) == [0, 2, 3, 4, 1]  # as before
    assert shared_first_order([[0, 1], [2]], [0, 1, 2], False) is None  # wrapped values: no total weighs it
    assert shared_first_order([[0, 1]], [0, 1], True) is None  # two: one flow, order unknown
    assert shared_first_order([[1, 2], [3]], [1, 2, 3], True) is None  # not a proceeding's first columns
    assert shared_first_order([[0], [1], [2]], [0, 1, 2], True) is None


def test_second_dashes_only_as_many_as_the_dashed_cells():
    cells = [_t("0")] * 10 + [_t("—")] * 5
    got = second_dashes([_t("—")] * 5, cells)
    assert [t.raw for t in got] == ["0"] * 10 + ["——"] * 5
    assert second_dashes([_t("—")] * 4, cells) is None
    assert second_dashes([_t("—")] * 4 + [_t("0")], cells) is None
    assert len(codes.T4_CELLS) == len(cells)
