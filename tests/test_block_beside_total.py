"""Table 3 of plain `pdftotext` whose last rows print their first column under their labels over
two label flows and their other columns on the next page as a run among table 4's flows, headed
by table 3's 总计 header cell alone on a line (ingest/readers/block_beside_window.py:
`_first_column_before`, `_total_cell`).

tests/data/plain_beside_total holds a copy of seventh set 000113 (a generator report through
LibreOffice and plain pdftotext, seed 20) with the generator's truth: page 2 prints `3.其他` /
`0` (fee_unpaid), then `0` / `(七) 总计` / `13` / `四、结转下年度继续办理` / `0`, table 4's first
five values, `总计` alone, row 22's six other columns one a flow and rows 23-25's as six flows
of three. The rows asserted by hand below are copied from that truth."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.readers.block_beside_window import windows
from ingest.readers.block_segments import Segment
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_beside_total"


def test_last_rows_first_column_over_two_label_flows_and_their_columns_under_total():
    truth, parsed = parsed_and_truth(DATA, "seventh_000113_pdftotext_plain")
    assert row_values(parsed, "new_received") == [13, 3, 0, 0, 0, 1, 17]
    assert row_values(parsed, "granted") == [3, 2, 0, 0, 0, 0, 5]
    assert row_values(parsed, "unavailable.not_held") == [3, 0, 0, 0, 0, 1, 4]
    assert row_values(parsed, "other.fee_unpaid") == [0, 0, 0, 0, 0, 0, 0]
    assert row_values(parsed, "results_total") == [13, 3, 0, 0, 0, 1, 17]
    assert row_values(parsed, "carried_forward") == [0, 0, 0, 0, 0, 0, 0]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
    assert "25 of 25 rows" in finding["message"] and "(1 such placements)" in finding["message"]
    assert "1 such run(s) weighed" in finding["message"]


def _flow(values: list[int], line: int) -> list[Token]:
    return [Token(v, NUMBER_STATE, str(v), f"line {line + 1}") for v in values]


def _segment(beside: int, flows: list[tuple[list[int], int]]) -> Segment:
    return Segment(_flow([0] * beside, 0), [_flow(v, i) for v, i in flows], [{i} for _, i in flows],
                   [""] * len(flows))


def test_a_lone_first_column_value_before_the_last_label_flow_joins_its_beside_values():
    first = _segment(7, [])  # row 1 beside its label
    before = _segment(0, [([5], 5)])  # row 2's first column, a flow of its own after its label
    run = [([1, 2], 12 + 2 * k) for k in range(6)]  # rows 2-3's other six columns, a flow each
    last = _segment(1, [([9], 10), *run, ([4], 30)])  # row 3's first column beside; table 4's 9 and 4
    text = {11: "总计"}
    runs, _lines, aside = windows([first, before, last], 21, text)
    assert len(runs) == 1 and aside == 2
    assert [t.value for t in runs[0][-1].beside] == [5, 0]
    assert [[t.value for t in g] for g in runs[0][-1].groups] == [[1, 2]] * 6
    # no 总计 line before the run: the first flow begins none that fits
    assert windows([first, before, last], 21, {})[0] == []
    # a flow of two values before the last label flow is not a first column
    two = _segment(0, [([5, 6], 5)])
    assert windows([first, two, last], 21, text)[0] == []
