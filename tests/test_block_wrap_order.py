"""Two cells of a table-3 row wrapped, their tails in the order of their heads
(ingest/readers/block_wrap_order.py, used by block_wraps.joinings).

tests/data/plain_stop20c/pool_s54_000075 (this stop's tuning pool, with the generator's truth)
prints new_received's first cells as `1,56 1,00 34` / `26` / `6` / `2`: 1,566 and 1,002. Before,
only the crossed choice (1,56 with 2, 1,00 with 6) was allowed and the fewest-violations rule
read 1,562 and 1,006, wrong; now the crossed choice is left out and the one in order holds every
identity."""

from __future__ import annotations

from pathlib import Path

from ingest.alignment import Token
from ingest.normalize import NUMBER_STATE
from ingest.readers.block_wrap_order import crossed, run_on
from tests._table3_truth import parsed_and_truth, row_values, table_cells

DATA = Path(__file__).parent / "data" / "plain_stop20c"


def test_two_tails_read_in_the_order_of_their_heads():
    truth, parsed = parsed_and_truth(DATA, "pool_s54_000075_pdftotext_plain")
    assert row_values(parsed, "new_received") == [1566, 1002, 34, 26, 218, 93, 2939]
    assert table_cells(parsed, "applications") == table_cells(truth, "applications")
    assert not any(i["code"] == "fewest_violations" for i in parsed["issues"])
    [joined] = [i["message"] for i in parsed["issues"] if "wrapped in narrow cells" in i["message"]]
    assert "1,56 (line 113) + 6 (line 115) read 1,566" in joined and "1,00 (line 113) + 2 (line 116) read 1,002" in joined


def _value(raw: str, line: int) -> Token:
    return Token(float(raw.replace(",", "")), NUMBER_STATE, raw, f"line {line}")


def test_crossed_tails_of_heads_on_one_line():
    heads = {0: _value("1,56", 113), 1: _value("1,00", 113)}
    tails = {3: _value("6", 115), 4: _value("2", 116)}
    joins = lambda *pairs: [(h, t) for h, t in pairs]  # noqa: E731
    head_of = lambda j: ((0, 0, j[0]), heads[j[0]])  # noqa: E731
    tail_of = lambda j: ((0, 0, j[1]), tails[j[1]])  # noqa: E731
    assert not crossed(joins((0, 3), (1, 4)), head_of, tail_of)
    assert crossed(joins((0, 4), (1, 3)), head_of, tail_of)


def test_a_later_heads_tail_runs_on_one_line_per_head_ahead():
    assert run_on([113, 114], [113, 114, 115, 116], 1) == [113, 114, 115]
    assert run_on([113, 114], [113, 114, 116], 1) == [113, 114]  # not right after
