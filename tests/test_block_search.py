"""The general fallback for plain `pdftotext`'s table 3 (ingest/readers/block_search.py): its
value flows laid in printed order as rectangles read row by row, each at the first free cell, the
first band's last columns allowed late (between two bands), and a table stated only where exactly
one satisfies every identity.

The synthetic cases build a consistent table by hand (its result rows chosen, the sums computed
from them) and print it in a layout no single model of `text_blocks` describes; the search must
give back exactly that table. tests/data/plain_search holds a copy of seventh-set 000032
(generator report through LibreOffice and plain pdftotext) with the generator's truth: its first
row across (`26 | 6 | 0 | 1, 3, 0`) with the row's total `36` printed after every other row, rows
printed across as one-value flows, bands of column flows and a 2 × 2 block (`23, 6, 3, 0`)."""

from __future__ import annotations

from pathlib import Path

from ingest import codes
from ingest.readers.block_search import search
from ingest.readers.block_segments import value_token
from ingest.readers.text_blocks import _holds
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_search"
OUTCOMES = list(codes.t3_rows(False))


def _table() -> list[list[int]]:
    """A consistent table 3: 21 result rows chosen by hand, results total and the balance's rows
    computed from them, each row's total its six columns' sum."""
    results = [[(3 * r + 5 * c) % 7 if (r + c) % 3 else 0 for c in range(6)] for r in range(21)]
    total = [sum(row[c] for row in results) for c in range(6)]
    carried_over = [1, 0, 2, 0, 0, 1]
    carried_forward = [2, 1, 0, 0, 1, 0]
    new = [t + f - o for t, f, o in zip(total, carried_forward, carried_over)]
    rows = [new, carried_over, *results, total, carried_forward]
    return [row + [sum(row)] for row in rows]


def _flows(table: list[list[int]]) -> list[list]:
    """The table printed as: row 1's six applicant values in one flow, its total last of all;
    rows 2-3 as a band of seven column flows; rows 4-7 as one flow row by row; rows 8-23 as one
    flow per cell; rows 24-25 as a 2 × 2 block of the first two columns, then five column flows."""
    line = iter(range(1000))

    def flow(values: list[int]) -> list:
        return [value_token(str(v), next(line)) for v in values]

    out = [flow(table[0][:6])]
    out += [flow([table[1][c], table[2][c]]) for c in range(7)]
    out.append(flow([v for row in table[3:7] for v in row]))
    out += [flow([v]) for row in table[7:23] for v in row]
    out.append(flow([table[23][0], table[23][1], table[24][0], table[24][1]]))
    out += [flow([table[23][c], table[24][c]]) for c in range(2, 7)]
    out.append(flow([table[0][6]]))
    return out


def _late_columns(table: list[list[int]]) -> list[list]:
    """The table printed as: rows 1-4's first four columns as column flows, rows 5-23 across
    (one flow a row), rows 1-4's last three columns as column flows, then rows 24-25 as a band of
    seven column flows."""
    line = iter(range(1000))

    def flow(values: list[int]) -> list:
        return [value_token(str(v), next(line)) for v in values]

    out = [flow([table[r][c] for r in range(4)]) for c in range(4)]
    out += [flow(row) for row in table[4:23]]
    out += [flow([table[r][c] for r in range(4)]) for c in range(4, 7)]
    out += [flow([table[23][c], table[24][c]]) for c in range(7)]
    return out


def _holds3(grid) -> bool:
    return _holds(dict(zip(OUTCOMES, grid)), False)


def test_the_one_table_every_identity_holds_in_is_the_printed_one():
    table = _table()
    found = search(_flows(table), OUTCOMES, _holds3)
    assert found.tables == 1 and not found.overflow
    assert [[t.value for t in row] for row in found.table] == table


def test_an_inconsistent_table_reads_nothing():
    table = _table()
    table[5][2] += 1  # a slip: row 6's total and column 3's results sum no longer add up
    found = search(_flows(table), OUTCOMES, _holds3)
    assert found.table is None and found.tables == 0


def test_the_search_stops_at_its_bound_and_reads_nothing():
    found = search(_flows(_table()), OUTCOMES, _holds3, max_nodes=50)
    assert found.overflow and found.table is None


def test_without_the_late_value_the_layout_has_no_tiling():
    found = search(_flows(_table()), OUTCOMES, _holds3, late=False)
    assert found.table is None and found.tables == 0


def test_a_report_no_model_reads_is_read_by_the_search():
    truth, parsed = parsed_and_truth(DATA, "seventh_000032_pdftotext_plain")
    assert row_values(parsed, "new_received") == [26, 6, 0, 1, 3, 0, 36]
    assert row_values(parsed, "results_total") == [23, 6, 0, 1, 3, 0, 33]
    assert row_values(parsed, "carried_forward") == [3, 0, 0, 0, 0, 0, 3]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    finding = next(i for i in parsed["issues"] if i["code"] == "inferred_alignment" and "table 3" in i["message"])
    assert "exactly one table satisfies every row total" in finding["message"]


def test_the_first_bands_last_columns_printed_before_the_last_band():
    table = _table()
    found = search(_late_columns(table), OUTCOMES, _holds3)
    assert found.tables == 1 and [[t.value for t in row] for row in found.table] == table
    assert search(_late_columns(table), OUTCOMES, _holds3, late=False).tables == 0


def test_a_table_printed_one_value_a_flow_is_read_row_by_row():
    table = _table()
    flows = [[value_token(str(v), k)] for k, v in enumerate(v for row in table for v in row)]
    found = search(flows, OUTCOMES, _holds3)
    assert found.tables == 1 and [[t.value for t in row] for row in found.table] == table
