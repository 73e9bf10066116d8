"""Table 3 of plain `pdftotext` with whole rows blank, each printed row's first values beside its
label, where the report prints an inconsistent table (ingest/readers/block_blank_fewest.py).

fourth102 under tests/data/plain_blank_rows is a rendered report (generator, LibreOffice, plain
pdftotext; fourth set, seed 17) with the generator's truth. Both pages print each of the 13
printed rows' first four values beside its label (12 rows blank, their labels alone); the other
three columns come as flows after the labels. The generator printed a slip: the results' sum
breaks in 自然人 and 总计 (results total 19 and 24 against the rows' 24 and 29). No reading kept
every identity, so the whole table was left missing; the labels fix every row, and the one
reading breaking only those two instances (the next breaks 4) is read, the slip as printed."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file

DATA = Path(__file__).parent / "data" / "plain_blank_rows"


def test_labelled_blank_rows_of_an_inconsistent_table_read_by_the_fewest_violations():
    truth = json.loads((DATA / "fourth102_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "fourth102_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    assert {i["id"] for i in truth["expected_identity_failures"]} == {"t3_results_sum"}
    t3 = {k for k in want if k[0] == "applications"}
    assert len(t3) == 25 * 7
    assert all(got[k] == want[k] for k in t3)
    # values the generator's truth gives, the slip read as printed
    assert got[("applications", "results_total", "natural_person")] == (19, "number")
    assert got[("applications", "granted", "natural_person")] == (12, "number")
    assert got[("applications", "unavailable.needs_creation", "total")] == (5, "number")
    assert got[("applications", "carried_over", "total")] == (None, "blank")
    rule = next(i for i in parsed["issues"] if i["code"] == "fewest_violations")
    assert "whole rows blank" in rule["message"] and "breaks 2 identity instance(s)" in rule["message"]
    assert not any(i["code"] == "ambiguous_row" and i["message"].startswith("table 3") for i in parsed["issues"])
