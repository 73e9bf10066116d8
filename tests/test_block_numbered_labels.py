"""Table 3 of plain `pdftotext` with whole rows blank, each printed row's first values beside its
label, the items' labels printed with a space after their number (`1. 属于国家秘密`, not
`1.属于国家秘密`): `block_blank_rows._beside_rows` counts the rows' labels, and the number alone
(`1.`) had not counted as a label's start, so the labels did not come to the table's 25 rows and
every result row was left missing.

tests/data/plain_numbered_labels/000004 is a copy of the fifth tuning set's report 000004 (seed
18, LibreOffice PDF through plain pdftotext) with the generator's truth: page 1 prints each
printed row's first four values beside its label and the other three columns after the page's
footer, page 2 its rows' first two beside their labels and the other five after section five's
heading."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file
from ingest.readers.block_blank_rows import _words

DATA = Path(__file__).parent / "data" / "plain_numbered_labels"


def test_a_number_keeps_the_label_it_begins():
    assert _words("1. 属于国家秘密") == ["1.属于国家秘密"]
    assert _words("4. 保护第三方合法 1") == ["4.保护第三方合法", "1"]
    assert _words("3. 1") == ["3.", "1"]  # a value after the number is no label


def test_rows_placed_by_labels_numbered_with_a_space():
    truth = json.loads((DATA / "000004_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "000004_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    table3 = {k: v for k, v in want.items() if k[0] == "applications"}
    assert len(table3) == 175
    assert {k: got.get(k) for k in table3} == table3
    # read from the dump by hand: 一 26 3 0 0 beside its label, 0 1 30 after the footer; 二 blank
    assert got[("applications", "new_received", "natural_person")] == (26, "number")
    assert got[("applications", "new_received", "total")] == (30, "number")
    assert got[("applications", "carried_over", "total")] == (None, "blank")
    assert any(i["code"] == "inferred_alignment" and "beside its label" in i["message"] for i in parsed["issues"])
