"""Table 3 of plain `pdftotext` with whole rows blank, every label in one flow and the values in
column flows after it: rows printed in one band take consecutive outcomes
(ingest/readers/block_blank_bands.py).

fourth129 under tests/data/plain_blank_rows is a rendered report (generator, LibreOffice, plain
pdftotext; fourth set, seed 17) with the generator's truth. The first band prints four rows as
seven flows of four values (`21 0 1 2` under 自然人: 一, 二, （一）, （二）); nine result rows follow,
each as seven one-value flows; the last band prints two rows as seven flows of two (`1 21`:
（六）3.其他 and （七）总计), 四、结转 blank. The identities fix received, carried over, the results
total and carried forward; the first band then runs into the results, so its other two rows are
the first two result outcomes, and the last band's first row the last result outcome. The nine
rows between float among the 18 outcomes left and stay missing."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.accuracy import cells_of
from ingest.parse import parse_file

DATA = Path(__file__).parent / "data" / "plain_blank_rows"
READ = {"new_received", "carried_over", "granted", "partially_granted", "other.other", "results_total",
        "carried_forward"}


def test_rows_of_one_band_take_consecutive_outcomes():
    truth = json.loads((DATA / "fourth129_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "fourth129_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    t3 = {k for k in want if k[0] == "applications"}
    assert all(got[k] == want[k] for k in t3 if k[1] in READ)
    assert got[("applications", "granted", "natural_person")] == (1, "number")
    assert got[("applications", "partially_granted", "social_welfare_org")] == (1, "number")
    assert got[("applications", "partially_granted", "total")] == (3, "number")
    assert got[("applications", "other.other", "total")] == (1, "number")
    assert got[("applications", "carried_forward", "total")] == (None, "blank")
    assert all(got[k][1] == "missing" for k in t3 if k[1] not in READ)
