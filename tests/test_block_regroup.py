"""Table 3's flows regrouped where poppler does not print each column of a band as a flow of
its own (plain `pdftotext`, ingest/readers/block_regroup.py).

The texts under tests/data/plain_bands/ are plain-pdftotext dumps of rendered reports (the
corpus generator's LibreOffice ruled PDFs), each with the generator's truth beside it:
- first_flow: report 000900. Under the header the first band's two rows come row by row and
  the next band's first column runs on in the same flow (`166 138 268` / `8` / `0` / `0` / `0`
  / `43` / `18`, then `54 13`, `798 346`); the last band's first two columns come as `14 166`,
  `6 138`, then the last row's `0`, `0`, then `164 2688 0`; numbers wrapped in narrow cells
  (`190` … `2` for 1902, `268` / `8` for 2688) and a value of table 4 (`9`) among the last
  page's flows.
- split_band: report 000141, the same first flow (`72 172 1,55` / `8` / `0 25 84` / `28` /
  `6`) and a last band of three rows whose five middle columns come as flows of two values,
  then the last row's five values alone; read in printed order (no break around it), every
  row has one placement.
- row_one_apart: report 001320. Under the header the first row's cells but its total come as
  flows of their own (`789 296 10 13`, `21`, … `39`), the next three rows column by column in
  another order (`0 446 42` natural persons, `0 17 0` legal services …), the total column last
  (`1,16` / `8` / `0` / `680` / `74`, 1168 wrapped). The last band's first two rows come as
  columns of two (`65 789` … `2 39`), the last row's first five cells as one-value flows, the
  total column `86 1,16 8 0`, then the last row's label with its sixth cell (`四、结转下年度继续办理
  0`); a value of table 4 (`11`) among the last flows; one band of two rows, in printed order.
"""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.alignment import Token
from ingest.parse import parse_file
from ingest.readers.block_regroup import first_cut, last_row_before, row_one_apart, split_band
from ingest.readers.block_segments import Segment
from ingest.states import NUMBER
from tests._table3_truth import table3, truth3

DATA = Path(__file__).parent / "data" / "plain_bands"


def _table3(path: Path) -> dict[tuple[str, str], object]:
    return table3(path)


def _truth(name: str) -> dict[tuple[str, str], object]:
    return truth3(DATA / f"{name}.truth.json")


def _row(got: dict, outcome: str) -> list[object]:
    return [got.get((outcome, a)) for a in codes.APPLICANTS]


def _flows(*sizes_values: list[int]) -> list[list[Token]]:
    return [[Token(v, NUMBER, str(v), f"line {i + 1}") for v in vals] for i, vals in enumerate(sizes_values)]


def test_first_flow_cut_and_split_last_band_read_every_cell():
    got = _table3(DATA / "first_flow.txt")
    assert got == _truth("first_flow")
    assert _row(got, "new_received") == [1902, 413, 7, 62, 166, 138, 2688]
    assert _row(got, "granted") == [540, 136, 2, 23, 43, 54, 798]  # 43 from the first flow, 54 and 798 beside it
    assert _row(got, "other.other") == [123, 19, 0, 2, 14, 6, 164]  # `14 166` / `6 138` / `0` / `0` / `164 2688 0`
    assert _row(got, "carried_forward") == [0] * 7
    messages = [i.message for i in parse_file(DATA / "first_flow.txt").issues]
    assert any("25 of 25 rows read" in m and "choices of joinings and strays weighed" in m for m in messages)
    assert any("268 (line 165) + 8 (line 166) read 2688" in m for m in messages)


def test_split_band_read_in_printed_order_between_breaks_after_joinings():
    # before stop 17 the choices with wrapped numbers joined lost the text's breaks, so every
    # band could be read out of order and rows 16-17 had two placements that held; the band
    # stands between two bands of one page (no break): only its printed order is weighed
    got = _table3(DATA / "split_band.txt")
    assert got == _truth("split_band")
    assert _row(got, "new_received") == [1083, 166, 20, 45, 72, 172, 1558]
    assert _row(got, "results_total") == [1098, 178, 20, 42, 71, 192, 1601]
    assert _row(got, "carried_forward") == [27, 3, 2, 3, 1, 5, 41]
    assert _row(got, "not_processed.duplicate") == [28, 3, 0, 1, 1, 3, 36]
    assert _row(got, "not_processed.publication") == [8, 0, 1, 0, 0, 0, 9]
    issues = parse_file(DATA / "split_band.txt").issues
    assert not [i for i in issues if i.code == "ambiguous_row" and "table 3" in i.message]
    assert any("25 of 25 rows read" in i.message for i in issues if i.code == "inferred_alignment")


def test_first_cut_takes_the_next_bands_first_column_off_the_first_flow():
    groups = _flows([166, 138, 2688, 0, 0, 0, 43, 18], [54, 13], [798, 346], [0, 0])
    cut = first_cut(groups, 3)
    assert cut is not None
    assert [[t.value for t in g] for g in cut] == [[166, 138, 2688, 0, 0, 0], [43, 18], [54, 13], [798, 346], [0, 0]]


def test_first_cut_needs_whole_rows_and_the_bands_other_columns():
    assert first_cut(_flows([1, 2, 3, 4, 5, 6, 7], [8, 9], [10, 11]), 3) is None  # 5 values: no whole rows of 3
    assert first_cut(_flows([1, 2, 3, 4, 5, 6, 7, 8], [9, 10], [11]), 3) is None  # the band's third column too short
    assert first_cut(_flows([1, 2], [3, 4, 5]), 3) is None


def test_split_band_joins_each_short_column_with_its_last_row_value():
    groups = _flows([14, 166], [6, 138], [0], [0], [164, 2688, 0])
    split = split_band(groups, 0, 3)
    assert split is not None
    band, used = split
    assert used == 5
    assert [[t.value for t in g] for g in band] == [[14, 166, 0], [6, 138, 0], [164, 2688, 0]]
    lead = _flows([66, 1098, 27], [10, 178], [0, 20], [3], [2], [89, 1601, 41])
    band, used = split_band(lead, 0, 4) or ([], 0)
    assert used == 6 and [[t.value for t in g] for g in band] == [[66, 1098, 27], [10, 178, 3], [0, 20, 2],
                                                                  [89, 1601, 41]]


def test_split_band_needs_a_full_column_and_as_many_last_row_values():
    assert split_band(_flows([14, 166], [6, 138], [0], [0]), 0, 2) is None  # no column of three: k unknown
    assert split_band(_flows([14, 166], [6, 138], [0], [0, 1], [164, 2688, 0]), 0, 3) is None


def test_first_row_apart_reads_the_rows_under_the_header():
    got = _table3(DATA / "row_one_apart.txt")
    # every row: the band of two rows placed two ways before stop 17 stands between two bands of one
    # page, read in printed order only now that the choices with wrapped numbers joined keep the breaks
    assert got == _truth("row_one_apart")
    assert _row(got, "not_processed.duplicate") == [16, 3, 0, 1, 0, 0, 20]
    assert _row(got, "not_processed.publication") == [7, 1, 0, 0, 0, 1, 9]
    assert _row(got, "new_received") == [789, 296, 10, 13, 21, 39, 1168]
    assert _row(got, "granted") == [446, 182, 6, 6, 17, 23, 680]
    assert _row(got, "partially_granted") == [42, 29, 0, 1, 0, 2, 74]
    assert _row(got, "other.other") == [65, 17, 0, 2, 0, 2, 86]
    assert _row(got, "results_total") == [789, 296, 10, 13, 21, 39, 1168]
    assert _row(got, "carried_forward") == [0] * 7


def test_row_one_apart_splits_the_first_row_from_the_columns_below():
    groups = _flows([789, 296, 10, 13], [21], [0, 446, 42], [0, 17, 0], [0, 23, 2], [0, 182, 29], [0, 6, 0],
                    [0, 6, 1], [39], [1168, 0, 680, 74])
    apart = row_one_apart(groups, 4, 7)
    assert apart is not None
    first, columns, last = apart
    assert [t.value for t in first] == [789, 296, 10, 13, 21, 39]
    assert [[t.value for t in c] for c in columns][:2] == [[0, 446, 42], [0, 17, 0]] and len(columns) == 6
    assert [t.value for t in last] == [1168, 0, 680, 74]


def test_row_one_apart_needs_every_column_below_and_the_last_column_whole():
    cols = [[0, 1, 2]] * 6
    assert row_one_apart(_flows([1, 2, 3, 4, 5, 6], *cols[:5], [7, 8, 9, 10]), 4, 7) is None  # a column short
    assert row_one_apart(_flows([1, 2, 3, 4, 5, 6], *cols, [7, 8, 9]), 4, 7) is None  # the last column cut
    assert row_one_apart(_flows([1, 2, 3, 4, 5], *cols, [7, 8, 9, 10]), 4, 7) is None  # the first row short
    assert row_one_apart(_flows([0, 1, 2], [1, 2, 3, 4, 5, 6], *cols[1:], [7, 8, 9, 10]), 4, 7) is None
    assert row_one_apart(_flows([1, 2, 3], [4, 5, 6], [7, 8, 9, 10]), 2, 2) is None  # two rows: no columns below


def _segment(beside: list[int], *flows: list[int]) -> Segment:
    groups = _flows(*flows)
    return Segment(_flows(beside)[0] if beside else [], groups, [{i} for i in range(len(groups))],
                   [""] * len(groups))


def test_last_row_before_takes_the_value_beside_the_last_label_into_the_band_before():
    prev = _segment([], [65, 789], [17, 296], [0], [0], [86, 1168, 0])
    moved = last_row_before([prev, _segment([5])])
    assert moved is not None and len(moved) == 1
    assert [[t.value for t in g] for g in moved[0].groups] == [[65, 789], [17, 296], [0], [0], [5], [86, 1168, 0]]


def test_last_row_before_needs_one_value_beside_and_a_one_value_flow_before_the_last():
    prev = _segment([], [65, 789], [0], [86, 1168, 0])
    assert last_row_before([prev, _segment([5, 6])]) is None  # two values beside: not one row's sixth cell
    assert last_row_before([prev, _segment([5], [7])]) is None  # a flow after the label
    assert last_row_before([_segment([], [65, 789], [86, 1168, 0]), _segment([5])]) is None
    assert last_row_before([_segment([5])]) is None
