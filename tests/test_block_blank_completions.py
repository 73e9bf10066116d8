"""Table 3 of plain `pdftotext` with whole rows blank whose last rows stand on a page of their
own among table 4's flows (ingest/readers/block_blank_completions.py, with block_blank_rows'
`_labelled_tail` and its header check).

001166 and 000592 under tests/data/plain_blank_rows are copies of the real-renderer corpus
(generator reports with whole rows blank, through LibreOffice and plain pdftotext) with the
generator's truth. Their last page's label flow names 3.其他, （七）总计 and 四、结转 with each
row's first value beside its label; the other six columns are flows of three values among table
4's. Before, the values did not come to 25 × 7 and table 3 and table 4 were both left missing."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file

DATA = Path(__file__).parent / "data" / "plain_blank_rows"


def _read(name: str) -> tuple[dict, dict, list]:
    truth = json.loads((DATA / f"{name}_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / f"{name}_pdftotext_plain.txt").to_dict()
    return cells_of(truth), cells_of(parsed), parsed["issues"]


def _stated(want: dict, got: dict, table: str) -> dict:
    return {k: v for k, v in got.items() if k[0] == table and k in want and v[1] != "missing"}


def test_last_rows_named_by_their_labels_read_with_table_4():
    want, got, issues = _read("001166")
    t3 = _stated(want, got, "applications")
    assert {k[1] for k in t3} == {"other.other", "results_total", "carried_forward"}
    assert all(want[k] == v for k, v in t3.items())
    assert [want[("applications", "results_total", a)][0] for a in ("natural_person", "total")] == [27, 33]
    t4 = {k: v for k, v in want.items() if k[0] == "review_litigation"}
    assert len(t4) == 15 and all(got.get(k) == v for k, v in t4.items())  # table 4's flows handed back
    finding = next(i for i in issues if i["code"] == "inferred_alignment" and "whole rows blank" in i["message"])
    assert "chosen in printed order" in finding["message"]
    missing = next(i for i in issues if i["code"] == "ambiguous_row")
    assert "new_received, carried_over" in missing["message"]  # either may be the blank one


def test_every_stated_cell_is_the_truth_and_table_4_is_read():
    want, got, _ = _read("000592")
    t3 = _stated(want, got, "applications")
    assert {k[1] for k in t3} >= {"results_total", "carried_forward"}
    assert all(want[k] == v for k, v in t3.items())
    t4 = {k: v for k, v in want.items() if k[0] == "review_litigation"}
    assert all(got.get(k) == v for k, v in t4.items())
