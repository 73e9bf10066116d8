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


def test_a_band_among_rows_named_by_their_labels_takes_consecutive_outcomes():
    """seventh143 (seventh set, seed 20): rows 一 … （四）2 print beside their labels; after the last
    label four zero rows print as one-value flows, then （六）3.其他 and （七）总计 as seven flows of
    two (`1 1`, `0 0`, `0 0`, `0 1`, `0 0`, `0 0`, `1 2`). Before, every placement of the rows after
    （四）2 among the outcomes left was weighed; the band now ends at the last result outcome, so
    （六）3.其他 is read. Since stop 19 the zero rows before it are read too (`block_blank_wraps`):
    two of them print as one band (seven flows of two zeros), whose first row's label must be one
    line: of the outcomes left only （五）2.重复申请 is (`3.补正后申请内容` / `仍不明确`, `1.信访举报投诉类` /
    `申请`, `3.要求提供公开出` / `版物` … wrap), so that band is （五）2 and 3, the two one-row bands
    before it （四）3 and （五）1, the outcomes after it blank."""
    truth = json.loads((DATA / "seventh143_pdftotext_plain.truth.json").read_text(encoding="utf-8"))
    parsed = parse_file(DATA / "seventh143_pdftotext_plain.txt").to_dict()
    want, got = cells_of(truth), cells_of(parsed)
    t3 = {k for k in want if k[0] == "applications"}
    assert [got[("applications", "other.other", a)] for a in ("natural_person", "total")] == [(1, "number")] * 2
    assert got[("applications", "results_total", "total")] == (2, "number")
    zeros = ("unavailable.unclear_after_correction", "not_processed.petition_or_complaint",
             "not_processed.duplicate", "not_processed.publication")
    assert all(got[("applications", o, "total")] == (0, "number") for o in zeros)
    assert all(got[("applications", o, "total")] == (None, "blank")
               for o in ("not_processed.excessive_repeated", "not_processed.confirm_or_reissue",
                         "other.no_correction", "other.fee_unpaid"))
    assert all(got[k] == want[k] for k in t3)
