"""Plain `pdftotext`'s last row of table 3 whose one value stands beside its label past a page
(`四、结转下年度继续办理 10`), its other cells one-value flows of the band before
(`block_regroup.last_row_placings`).

tests/data/plain_last_row/beside_first.txt is the plain-pdftotext dump of a generated report
(seed-43 set, report 000007; its generator's truth beside it): fullwidth digits with wrapped
totals (`１１`/`４`: 114, `１０`/`４`: 104), and the last row printed `０` × 5 (商业企业 … 其他组织),
the total column's flow `６ １０ ４ １０`, then the label and `１０`, its 自然人 cell. Placing that
value only right before the total column put its 10 under 其他组织 and left no placement where
every identity holds, so the fewest-violations rule stated two wrong cells."""

from __future__ import annotations

from pathlib import Path

from ingest.accuracy import cells_of
from ingest.readers.block_regroup import last_row_placings
from tests._table3_truth import parsed_and_truth, row_values
from tests.test_block_regroup import _segment

DATA = Path(__file__).parent / "data" / "plain_last_row"


def test_no_cell_differs_from_the_truth_and_the_last_row_reads_its_first_cell():
    truth, parsed = parsed_and_truth(DATA, "beside_first")
    want, got = cells_of(truth), cells_of(parsed)
    read = {k: v for k, v in got.items() if v[1] != "missing"}
    assert {k: v for k, v in read.items() if want.get(k) != v} == {}
    assert row_values(parsed, "carried_forward") == [10, 0, 0, 0, 0, 0, 10]
    assert row_values(parsed, "results_total") == [82, 10, 0, 1, 7, 4, 104]
    assert not any(i["code"] == "fewest_violations" for i in parsed["issues"])
    assert sum(1 for k in read if k[0] == "applications") >= 154  # 22 of 25 rows


def test_last_row_placings_put_the_value_beside_the_label_at_each_of_the_rows_first_cells():
    prev = _segment([], [6, 82], [0, 4], [0], [0], [0], [0], [0], [6, 104, 10])
    placed = last_row_placings([prev, _segment([10])])
    assert [[len(g) for g in x[0].groups].index(1) for x in placed] == [2] * 6
    firsts = [[t.value for g in x[0].groups[2:8] for t in g] for x in placed]
    assert firsts == [[0, 0, 0, 0, 0, 10], [0, 0, 0, 0, 10, 0], [0, 0, 0, 10, 0, 0],
                      [0, 0, 10, 0, 0, 0], [0, 10, 0, 0, 0, 0], [10, 0, 0, 0, 0, 0]]
    assert all(x[0].groups[-1][1].value == 104 for x in placed)
    # a run of one-value flows longer than the row's first cells: six places at most
    longer = _segment([], [6, 82], *[[0]] * 8, [6, 104, 10])
    assert len(last_row_placings([longer, _segment([10])])) == 6
    assert last_row_placings([_segment([], [65, 789], [86, 1168, 0]), _segment([5])]) == []
