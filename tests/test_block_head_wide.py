"""Plain `pdftotext`'s table 3: the first band's headed flows weighed in every order where no
reading holds otherwise (ingest/readers/block_bands.py `widened`, block_head_order.py `wider_orders`).

The texts under tests/data/plain_head_wide/ are plain-pdftotext dumps of generated reports (the
seventh plain set, seed 20), each with the generator's truth beside it:
- headed_apart: report 000115. Under the header the first band's flows are `法律服务机构 /
  2 1 1 0`, `其他` then `0 0 0 0`, `社会公益组织 / 0 0 0 0`, then `46 0 21 5`, `10 1 3 1`,
  `0 0 0 0` and 总计 `58 2 25 6`: the three headed flows go to columns 5, 6 and 4 (legal,
  other, social), the unheaded ones keep their printed order (natural, commercial, research).
  No swap of two neighbouring runs of flows gives that order, so no reading held.
- headed_apart_beside: report 000146. 自然人 is printed beside the labels; the first band's
  other flows are `法律服务机构 / 0 0 0 0`, `其他` then `1 0 0 0`, `社会公益组织 / 0 0 0 0`,
  then `4 0 1 0`, `2 0 0 0` and 总计 `39 0 5 2`: `1 0 0 0` under `其他` is 科研机构's
  (poppler sets the header word apart from its column), `2 0 0 0` is 其他's.
- headed_apart_against: report 000098 of the sixth plain set (seed 19), fullwidth digits. The
  first band prints `法律服务机构 / 1 0 1 0`, `其他` then `0 0 0 0`, `社会公益组织 / 0 0 0 0`,
  then `4 0 1 0`, `0 0 0 0`, `0 0 0 0` and 总计 `5 0 2 0`. The first pass's placements that keep
  every identity each put `1 0 1 0` (under 法律服务机构) in another column: set aside, no reading,
  so the wider orders are weighed (before, such set-aside placements kept them from it).
"""

from __future__ import annotations

from pathlib import Path

from ingest.parse import parse_file
from ingest.readers.block_head_order import WIDE, keeps_order, wider_orders
from tests._table3_truth import table3, truth3
from tests.test_block_regroup import _row

DATA = Path(__file__).parent / "data" / "plain_head_wide"


def _finding(path: Path) -> str:
    [finding] = [i.message for i in parse_file(path).issues
                 if i.code == "inferred_alignment" and "table 3" in i.message]
    return finding


def test_headed_flows_placed_apart_read_every_cell():
    got = table3(DATA / "headed_apart.txt")
    assert got == truth3(DATA / "headed_apart.truth.json")
    assert _row(got, "new_received") == [46, 10, 0, 0, 2, 0, 58]
    assert _row(got, "carried_over") == [0, 1, 0, 0, 1, 0, 2]
    assert _row(got, "partially_granted") == [5, 1, 0, 0, 0, 0, 6]
    assert "25 of 25 rows" in _finding(DATA / "headed_apart.txt")


def test_headed_flows_apart_beside_the_labels_read_every_cell():
    got = table3(DATA / "headed_apart_beside.txt")
    assert got == truth3(DATA / "headed_apart_beside.truth.json")
    assert _row(got, "new_received") == [32, 4, 1, 0, 0, 2, 39]
    assert _row(got, "granted") == [4, 1, 0, 0, 0, 0, 5]
    assert "(1 such placements)" in _finding(DATA / "headed_apart_beside.txt")


def test_headed_flows_apart_read_where_the_first_pass_only_set_placements_aside():
    got = table3(DATA / "headed_apart_against.txt")
    assert got == truth3(DATA / "headed_apart_against.truth.json")
    assert _row(got, "new_received") == [4, 0, 0, 0, 1, 0, 5]
    assert _row(got, "granted") == [1, 0, 0, 0, 1, 0, 2]
    [finding] = [i.message for i in parse_file(DATA / "headed_apart_against.txt").issues
                 if i.code == "inferred_alignment" and i.message.startswith("table 3")]
    assert "25 of 25 rows" in finding and "(1 such placements)" in finding


def test_wider_orders_only_in_the_second_pass_and_keep_the_fixed_flows_in_order():
    fixed = [False, False, True, True]
    assert list(wider_orders(fixed)) == []  # outside `widened`'s second pass: nothing more
    token = WIDE.set(True)
    try:
        orders = list(wider_orders(fixed))
        assert list(wider_orders(None)) == []
    finally:
        WIDE.reset(token)
    assert len(orders) == len(set(orders)) == 12  # 4 x 3 places for the two moving flows
    assert all(keeps_order(o, fixed) and sorted(o) == [0, 1, 2, 3] for o in orders)
    assert (2, 0, 3, 1) in orders  # the moving flows apart, around the fixed ones
