"""Table 3 of plain `pdftotext` with only its first column (自然人) beside the labels and the six
other columns after table 4's heading, band by band as column flows, the first band split over a
page break (ingest/readers/block_first_beside.py).

tests/data/plain_first_beside holds reports 000014 (first_beside) and 000023 (first_beside_zeros)
of a rendered set (the corpus generator's LibreOffice ruled PDF through plain pdftotext, seed 19)
with the generator's truth. In 000014 the flows after 行政复议's header cells are rows 1–4 of
商业企业 `1 0 1 0`, 科研机构 and 社会公益组织, then bands of 2, 3, 4, 1, 1, 4, 1, 1, 1 and 3 rows
(six column flows each, 总计 last), then after the page's footer rows 1–4 of 法律服务机构, 其他 and
总计 `13 0 9 0`; 000023 is all zeros but for 法律服务机构's `1` in three rows (新收, 重复申请, 总计).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.alignment import Token
from ingest.readers.block_first_beside import read
from ingest.readers.block_segments import Segment
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_first_beside"


def _tokens(values: list[int]) -> list[Token]:
    return [Token(v, NUMBER, str(v), f"line {i + 1}") for i, v in enumerate(values)]


def _segment(first: list[int], *flows: list[int]) -> Segment:
    return Segment(_tokens(first), [_tokens(f) for f in flows])


def _values(rows: list[list[Token]] | None) -> list[list[int]] | None:
    return None if rows is None else [[t.value for t in row] for row in rows]


def test_first_band_split_over_the_page_is_read_where_one_split_holds():
    # three rows: row 1 alone (first band, 2 flows before, 4 after), rows 2-3 as a band of six flows
    seg = _segment([1, 2, 3], [1], [0], [2, 0], [0, 1], [0, 0], [0, 0], [0, 0], [4, 4], [0], [0], [0], [2])
    table = [[1, 1, 0, 0, 0, 0, 2], [2, 2, 0, 0, 0, 0, 4], [3, 0, 1, 0, 0, 0, 4]]

    def holds(rows: list[list[Token]]) -> bool:
        return all(sum(t.value for t in r[:6]) == r[6].value for r in rows)

    assert _values(read([seg], 3, holds)) == table
    assert read([seg], 4, holds) is None  # not one value beside each row
    assert _values(read([seg], 3, lambda rows: True)) == table  # the only split whose bands' flows are even
    ones = _segment([1, 2], *([v] for v in [1, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 3]))  # two rows, twelve lone values
    assert _values(read([ones], 2, holds)) == [[1, 1, 0, 0, 0, 0, 2], [2, 1, 0, 0, 0, 0, 3]]  # split at 6 only
    assert read([ones], 2, lambda rows: True) is None  # splits at 1 .. 6 each parse and hold: none kept


@pytest.mark.parametrize("name", ["first_beside", "first_beside_zeros"])
def test_rendered_reports_read_every_cell_of_table_3(name: str):
    assert table3(DATA / f"{name}.txt") == truth3(DATA / f"{name}.truth.json")
