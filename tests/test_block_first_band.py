"""Table 3's first band under the header printed row by row with columns apart (plain
`pdftotext`, ingest/readers/block_total_apart.py and block_first_columns.py).

tests/data/plain_first_band holds reports 000000, 000041 and 000039 of a rendered set (the corpus
generator's LibreOffice ruled PDF through plain pdftotext, seed 17) with the generator's truth.
- total_apart (000000): each row's first four columns beside its label; on the next page
  法律服务机构, 其他, 总计 of 新收 and 结转 row by row (`54` / `118 217` / `4` / `0` / `0` / `0` /
  `23`), then `59`, `7`, `10` (予以公开's and 部分公开's first two of them), then their totals
  `105` / `5` / `242` (1055: a wrapped number). Table 4's three lone values after section five's
  heading (`总计` / `0`, `尚未审结` / `0`, `总计` / `0`) stand among the last rows' flows.
- total_apart_separators (000041): the same layout with thousands separators (`2,78` / `6`: 2,786;
  `1,54` / `9`: 1,549).
- first_columns (000039): rows 1–4's first four columns row by row, one value a line
  (`195` / `99` / `9` / `15` / `6`: 1,956's tail after its row), then `24` under 法律服务机构,
  `0 5 4`, `0 7 7`, the totals `2149 0 717 248` (2149 wrapped) and 其他's first-row `46`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import codes
from ingest.alignment import Token
from ingest.readers.block_first_columns import first_columns
from ingest.readers.block_total_apart import total_apart
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_first_band"


def _flows(*values: tuple[int, ...]) -> list[list[Token]]:
    line = iter(range(1, 1000))
    return [[Token(v, NUMBER, str(v), f"line {next(line)}") for v in g] for g in values]


def _values(rows: list[list[Token]] | None) -> list[list[int]] | None:
    return None if rows is None else [[t.value for t in row] for row in rows]


def test_rows_row_by_row_with_the_last_rows_total_column_apart():
    groups = _flows((54, 118, 2174, 0, 0, 0, 23), (59,), (7,), (10,), (1055, 242))
    assert _values(total_apart(groups, 4, 3)) == [[54, 118, 2174], [0, 0, 0], [23, 59, 1055], [7, 10, 242]]
    assert total_apart(_flows((1, 2, 3), (4, 5, 6)), 2, 3) is None  # a last flow of k values: a column
    assert total_apart(_flows((1, 2, 3, 4), (5,)), 2, 3) is None  # cells do not fill the rows


def test_first_columns_row_by_row_then_the_next_columns_rows_apart():
    groups = _flows((1, 2, 3, 4, 5, 6), (7,), (8, 9), (10, 11), (20, 26, 32), (12,))
    # three rows of two columns row by row; columns 3-4 rows 2-3; row 1's cells of them alone
    assert _values(first_columns(groups, 3, 5)) == [[1, 2, 7, 12, 20], [3, 4, 8, 10, 26], [5, 6, 9, 11, 32]]
    assert first_columns(_flows((1, 2, 3, 4), (5,), (6,), (10, 12)), 2, 4) is None  # two rows: k - 1 is 1
    assert first_columns(_flows((1, 2, 3, 4, 5, 6), (8, 9), (10, 11), (20, 26, 32), (12,)), 3, 5) is None


@pytest.mark.parametrize("name", ["total_apart", "total_apart_separators", "first_columns"])
def test_rendered_reports_read_every_cell_of_table_3(name: str):
    assert table3(DATA / f"{name}.txt") == truth3(DATA / f"{name}.truth.json")


def test_wrapped_numbers_of_the_first_band_are_joined():
    got = table3(DATA / "first_columns.txt")
    assert [got[("new_received", a)] for a in codes.APPLICANTS] == [1956, 99, 9, 15, 24, 46, 2149]
    got = table3(DATA / "total_apart_separators.txt")
    assert [got[("granted", a)] for a in codes.APPLICANTS] == [1004, 358, 7, 12, 90, 78, 1549]
    assert [got[("results_total", a)] for a in codes.APPLICANTS] == [1817, 664, 10, 23, 138, 134, 2786]
