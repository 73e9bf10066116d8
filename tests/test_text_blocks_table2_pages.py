"""Plain pdftotext's table 2 across a page break (ingest/readers/text_blocks_table2_pages.py,
text_blocks_table2_page_foot.py, text_blocks_table2_beside.py).

The texts under data/plain_pdftotext/ are whole copies of plain-pdftotext dumps of rendered
reports, each beside its generator's truth (`.truth.json`), form feeds kept:
- t2_items_over_page_break: 000504 of the second plain set (行政强制 opens the next page, its
  value `36` printed there under no header);
- t2_2019_header_row_at_page_foot: 001264 of the 1,500 corpus (today's rendering), the
  procurement sub-table's headers at a page's foot, its amount after section 三's heading;
- t2_2019_beside_after_other_columns: 000756 of the second plain set, the procurement
  sub-table's heading before the other sub-tables' column flows, its item on the next page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.parse import parse_bytes
from ingest.readers.text_blocks_table2_pages import page_starts

DATA = Path(__file__).parent / "data" / "plain_pdftotext"
MISSING = (None, "missing")


def _dump(name: str) -> tuple[str, dict]:
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    truth = json.loads((DATA / f"{name}.truth.json").read_text(encoding="utf-8"))
    return text, {(c["item"], c["measure"]): (c["value"], c["state"]) for c in truth["proactive"]}


def _t2(text: str) -> tuple[dict, list]:
    report = parse_bytes(text.encode(), "plain.txt")
    return {(c.key, c.sub): (c.value, c.state) for c in report.cells if c.table == "proactive"}, report.issues


@pytest.mark.parametrize("name", ["t2_items_over_page_break", "t2_2019_header_row_at_page_foot",
                                  "t2_2019_beside_after_other_columns"])
def test_every_cell_of_table_2_reads_as_the_truth(name):
    text, truth = _dump(name)
    cells, _ = _t2(text)
    assert {key: cells.get(key, MISSING) for key in truth} == truth


def test_the_items_on_the_next_page_take_the_run_printed_there():
    text, truth = _dump("t2_items_over_page_break")
    cells, issues = _t2(text)
    assert truth[("administrative_penalty", "decisions")] == (1910, "number")
    assert cells[("administrative_penalty", "decisions")] == (1910, "number")
    assert cells[("administrative_coercion", "decisions")] == (36, "number")
    assert any(i.code == "read_by_column" and "page break" in i.message and "36" in i.message for i in issues)


def test_without_the_page_break_the_column_stays_missing():
    """The form feed is what places 行政强制 on the next page: without it nothing tells which
    item 1910 is, so neither cell is stated."""
    text, _ = _dump("t2_items_over_page_break")
    cells, issues = _t2(text.replace("\f", ""))
    assert cells.get(("administrative_penalty", "decisions"), MISSING) == MISSING
    assert cells.get(("administrative_coercion", "decisions"), MISSING) == MISSING
    assert any(i.code == "ambiguous_row" and "1910" in i.message for i in issues)


@pytest.mark.parametrize(("name", "run", "item", "measures"), [
    ("t2_items_over_page_break", "36", "administrative_coercion", ("decisions",)),
    ("t2_2019_header_row_at_page_foot", "4630347.54", "centralized_procurement",
     ("procurement_items", "procurement_amount_10k_yuan")),
])
def test_a_second_loose_flow_of_values_leaves_the_cells_missing(name, run, item, measures):
    """One more flow of values where the one run was: no run is known to be the column's."""
    text, _ = _dump(name)
    cells, _ = _t2(text.replace(f"\n{run}\n", f"\n{run}\n\n7\n", 1))
    assert [cells.get((item, m), MISSING) for m in measures] == [MISSING] * len(measures)


def test_page_starts_are_the_lines_after_a_form_feed():
    assert page_starts("a\nb\n\fc\nd\n\f") == frozenset({2, 4})
    assert page_starts("a\nb\n") == frozenset()


def test_the_amount_after_section_3_is_the_procurement_sub_tables_second_column():
    text, truth = _dump("t2_2019_header_row_at_page_foot")
    cells, issues = _t2(text)
    assert truth[("centralized_procurement", "procurement_amount_10k_yuan")] == (463.034754, "number")
    assert cells[("centralized_procurement", "procurement_items")] == (28, "number")
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == (463.034754, "number")  # 元 → 万元
    assert any(i.code == "read_by_column" and "page's foot" in i.message for i in issues)


def test_the_procurement_item_on_the_next_page_reads_its_first_column():
    text, truth = _dump("t2_2019_beside_after_other_columns")
    cells, issues = _t2(text)
    assert cells[("centralized_procurement", "procurement_items")] == truth[("centralized_procurement",
                                                                              "procurement_items")] == (0, "number")
    # 采购总金额 printed with no unit: missing, as the truth holds it
    assert cells[("centralized_procurement", "procurement_amount_10k_yuan")] == MISSING
    assert any(i.code == "money_unit_unknown" for i in issues)


def test_a_blank_header_does_not_take_the_run_another_column_lacks():
    """t2_blank_header_beside_split_column: 000011 of a seed-46 plain set. 行政许可's
    `本年处理决定数量` is blank (nothing under its header), 行政处罚/行政强制's column prints `11`
    and 行政强制 opens the next page with its `5` there under no header. The lone run `5` could
    be the blank header's (a header at a page's foot) or the short column's rest: it is never
    read as 行政许可's."""
    text, truth = _dump("t2_blank_header_beside_split_column")
    assert truth[("administrative_license", "decisions")] == (None, "blank")
    cells, issues = _t2(text)
    assert cells.get(("administrative_license", "decisions"), MISSING) in (MISSING, (None, "blank"))
    assert any(i.code == "ambiguous_row" and "行政许可" in i.message for i in issues)
    for key in [("administrative_penalty", "decisions"), ("administrative_coercion", "decisions"),
                ("administrative_fee", "amount_10k_yuan")]:
        assert cells[key] == truth[key]
